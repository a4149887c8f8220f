"""The command line: documented, thin, with clear errors and documented exit codes."""
from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kg.api import KnowledgeGraph
from kg.cli.main import main
from kg.errors import ExitCode, KgError

ROOT = Path(__file__).resolve().parents[1]


def commands(group=main, path=()):
    """The path of every kg command and subcommand, e.g. ("gazetteer", "check")."""
    for name, cmd in group.commands.items():
        yield (*path, name)
        if isinstance(cmd, click.Group):
            yield from commands(cmd, (*path, name))


def reference_rows() -> list[str]:
    """The rows of the README's CLI reference table."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## CLI reference\n", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| `kg ")]


@pytest.mark.parametrize("path", sorted(commands()), ids=" ".join)
def test_every_command_has_help_with_an_example_and_a_row_in_the_readme(path):
    res = CliRunner().invoke(main, [*path, "--help"])
    assert res.exit_code == 0, res.output
    assert any(line.lstrip().startswith("Example") for line in res.output.splitlines()), \
        f"kg {' '.join(path)} --help has no line starting 'Example'"
    name = re.compile(rf"`kg {re.escape(' '.join(path))}[ `]")
    assert any(name.search(row) for row in reference_rows()), \
        f"README's CLI reference has no row for kg {' '.join(path)}"


def test_the_command_list_is_complete():
    assert {" ".join(p) for p in commands()} >= {
        "build", "facts", "eval", "query", "sparql", "explain", "timeline", "export", "html",
        "stats", "validate", "serve", "load", "gazetteer", "gazetteer check", "gazetteer add"}


def test_a_library_error_shows_its_message_hint_and_exit_code(tmp_path, monkeypatch):
    missing = str(tmp_path / "none")
    res = CliRunner().invoke(main, ["validate", "--store", missing])
    assert (res.exit_code, res.output) == (
        2, f"Error: no store at {missing}\nHint: build one first: kg build seeds/ --store {missing}\n")

    from kg.store.embedded import Store

    Store(tmp_path / "s")
    res = CliRunner().invoke(main, ["stats", "--since", "soon", "--store", str(tmp_path / "s")])
    assert res.exit_code == 2 and "Hint: see kg html --help for the views and filters" in res.output

    class Strange(KgError):
        exit_code = ExitCode.INVALID

    def fail(self):
        raise Strange("what broke", "what to do")

    monkeypatch.setattr(KnowledgeGraph, "validate", fail)
    res = CliRunner().invoke(main, ["validate", "--store", str(tmp_path / "s")])
    assert (res.exit_code, res.output) == (3, "Error: what broke\nHint: what to do\n")


def test_missing_store_is_a_clear_error_with_exit_code_2(tmp_path):
    res = CliRunner().invoke(main, ["query", "communications", "--store", str(tmp_path / "none")])
    assert res.exit_code == 2
    assert "no store at" in res.output and "kg build" in res.output


def test_unknown_query_is_a_clear_error(tmp_path):
    from kg.store.embedded import Store

    Store(tmp_path / "s")  # an empty store
    res = CliRunner().invoke(main, ["query", "no_such_query", "--store", str(tmp_path / "s")])
    assert res.exit_code == 2 and "no_such_query" in res.output


def test_bad_param_syntax(tmp_path):
    from kg.store.embedded import Store

    Store(tmp_path / "s")
    res = CliRunner().invoke(main, ["query", "posts", "--param", "person", "--store", str(tmp_path / "s")])
    assert res.exit_code == 2 and "KEY=VALUE" in res.output


def test_query_list():
    res = CliRunner().invoke(main, ["query", "--list"])
    assert res.exit_code == 0 and "communications" in res.output and "date_disagreements" in res.output


def test_broken_gazetteer_stops_the_build_before_it_starts(tmp_path, monkeypatch):
    import kg.data
    import kg.data.files
    import kg.extract.extractor

    bad = tmp_path / "gazetteer.jsonl"
    bad.write_text('{"id": "x", "type": "Country", "canonical": "X", "label": {"en": "X"}}\n{oops\n',
                   encoding="utf-8")
    monkeypatch.setattr(kg.extract.extractor, "_DEFAULT", None)
    kg.data.default_resources.cache_clear()
    monkeypatch.setattr(kg.data.files, "DATA_DIR", tmp_path)
    (tmp_path / "titles.jsonl").write_text((ROOT / "kg/data/titles.jsonl").read_text(encoding="utf-8"))
    (tmp_path / "triggers.jsonl").write_text((ROOT / "kg/data/triggers.jsonl").read_text(encoding="utf-8"))
    (tmp_path / "lexicon.json").write_text((ROOT / "kg/data/lexicon.json").read_text(encoding="utf-8"))
    store = tmp_path / "store"
    try:
        res = CliRunner().invoke(main, ["build", str(ROOT / "seeds"), "--store", str(store), "--out",
                                        str(tmp_path / "out")])
    finally:
        kg.data.default_resources.cache_clear()
    assert res.exit_code == 2
    assert "gazetteer.jsonl:2" in res.output and "not valid JSON" in res.output
    assert not store.exists()
