"""``kg facts`` and ``kg eval``: the extracted facts per article, and their scores against gold.

In: article paths (and gold folders). Out: facts as JSON / JSON Lines (:mod:`kg.eval.facts`),
scores as a table or JSON (:mod:`kg.eval.score`); exit 1 if articles were rejected (kg facts).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg.errors import ExitCode, KgError


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--manifest", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json",
              show_default=True)
def facts(paths, manifest, fmt):
    """Print the extracted entities, roles, affiliations and events per article, in the gold
    annotation format (docs/FACTS_FORMAT.md).

    Example: kg facts seeds/ --format json > facts.json
    """
    from kg.build.extraction import run
    from kg.eval.facts import article_facts

    result = run(paths, manifest)
    for r in result.rejected:
        click.echo(f"rejected: {r}", err=True)
    data = article_facts(result.corpus)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        for rec in data:
            click.echo(json.dumps(rec, ensure_ascii=False))
    if result.rejected:
        sys.exit(ExitCode.INCOMPLETE)


def load_gold_dirs(gold_dirs) -> dict:
    """The gold annotations of all the folders; a KgError naming a missing or malformed file."""
    from kg.eval.score import load_gold

    gold: dict = {}
    try:
        for gold_dir in gold_dirs:
            gold.update(load_gold(Path(gold_dir)))
    except (FileNotFoundError, ValueError) as exc:
        raise KgError(str(exc)) from exc
    return gold


@click.command("eval")
@click.argument("gold_dirs", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
@click.option("--docs", "docs", required=True, multiple=True, type=click.Path(exists=True),
              help="Folder (or files) of the articles the gold files describe; repeatable.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.option("--errors", is_flag=True, help="Also list false positives and negatives.")
@click.option("--summary", is_flag=True, help="Only the overall lines, not one per article.")
def eval_cmd(gold_dirs, docs, fmt, errors, summary):
    """Score extraction against gold annotations: precision, recall and F1 for entities, roles,
    affiliations and events, per article, overall and per language; events per type, the
    participants of matched events and the date accuracy.

    Several gold folders score together, e.g. the seeds and the development set:

    Example: kg eval ../shared/gold ../shared/devset --docs seeds/ --docs ../shared/devset
    """
    from kg.build.extraction import run
    from kg.eval.facts import article_facts
    from kg.eval.score import evaluate

    gold = load_gold_dirs(gold_dirs)
    result = run(list(docs))
    scores = evaluate(gold, article_facts(result.corpus))
    if fmt == "json":
        out = scores.to_dict()
        if errors:
            out["errors"] = scores.errors
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        click.echo(scores.table(per_article=not summary))
        if errors:
            for doc, kinds in scores.errors.items():
                for kind, lists in kinds.items():
                    for which, items in lists.items():
                        for item in items:
                            click.echo(f"{doc}\t{kind}\t{which}\t{item}")
    if scores.missing:
        click.echo(f"warning: no prediction for {', '.join(scores.missing)}", err=True)
