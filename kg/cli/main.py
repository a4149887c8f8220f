"""The ``kg`` command: each command parses its options, makes one call into the library
(mostly :class:`kg.api.KnowledgeGraph`) and formats the result. The commands live in modules by
group: :mod:`kg.cli.build`, :mod:`kg.cli.query` (query, sparql, explain, timeline),
:mod:`kg.cli.views` (export, html, stats), :mod:`kg.cli.store` (validate, serve, load),
:mod:`kg.cli.data` (gazetteer), :mod:`kg.cli.eval` (facts, eval).

In: the command line. Out: the command's output, and its exit code. Library errors
(:class:`kg.errors.KgError`) become their message, a hint where there is one, and their exit
code in one place, :class:`KgGroup`. Exit codes (:class:`kg.errors.ExitCode`): 0 success; 1 the
build finished but some articles were rejected (each is listed with the reason), or some graphs
failed to load; 2 usage error or fatal error (bad data file, unreadable store); 3 the graph was
written but does not conform to the SHACL shapes (violations are listed); 130 interrupted
(Ctrl-C).
"""
from __future__ import annotations

import click

from kg import __version__
from kg.cli.build import build, remove
from kg.cli.data import gazetteer
from kg.cli.eval import eval_cmd, facts
from kg.cli.query import explain, query, sparql, timeline_cmd
from kg.cli.store import load, serve, validate
from kg.cli.views import export, html, stats
from kg.errors import ExitCode, KgError


class CommandError(click.ClickException):
    """A :class:`KgError` as click shows it: ``Error: <message>``, ``Hint: <hint>``, its exit code."""

    def __init__(self, error: KgError):
        super().__init__(error.message + (f"\nHint: {error.hint}" if error.hint else ""))
        self.exit_code = int(error.exit_code)


class KgGroup(click.Group):
    """The ``kg`` group: the one place where a library error becomes what the user sees."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KgError as exc:
            raise CommandError(exc) from exc
        except KeyboardInterrupt:
            click.echo("\ninterrupted", err=True)
            ctx.exit(int(ExitCode.INTERRUPTED))


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main():
    """Knowledge graph of actors, posts and events in security-diplomacy news.

    \b
    Typical session:
      kg build seeds/                 # extract, resolve, write out/store, exports, HTML
      kg query --list                 # the query library
      kg query communications         # who spoke with whom, when, per which source
      kg html --out out/graph.html    # interactive relationship graph
    """


for command in (build, facts, eval_cmd, query, sparql, export, html, stats, validate,
                timeline_cmd, explain, gazetteer, serve, load, remove):
    main.add_command(command)
