"""``kg gazetteer check`` and ``kg gazetteer add``: the gazetteer file checked or extended.

In: gazetteer files, or one entry's options (``--label LANG=NAME``, ``--alias [LANG=]NAME``, ...).
Out: one ``ok`` line per file checked, or the entry appended by :func:`kg.data.add_entry` after
the whole file was validated with it (nothing is written if it is invalid).
"""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import hint
from kg.errors import DataFileError
from kg.model import ENTITY_TYPES


def by_language(items, default_lang: str) -> dict[str, list[str]]:
    """``LANG=NAME`` (or bare ``NAME``, in ``default_lang``) options -> ``{lang: [names]}``."""
    out: dict[str, list[str]] = {}
    for item in items:
        lang, _, name = item.partition("=") if "=" in item else (default_lang, "", item)
        out.setdefault(lang.strip() or default_lang, []).append(name.strip())
    return out


@click.group()
def gazetteer():
    """Check or extend the gazetteer (kg/data/gazetteer.jsonl, format in kg/data/gazetteer_README.md).

    Example: kg gazetteer check
    """


@gazetteer.command("check")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
def gazetteer_check(files):
    """Validate gazetteer files (default: the built-in one); errors name the file and line.

    Example: kg gazetteer check my_entries.jsonl
    """
    from kg.data import DATA_DIR, check_file

    paths = [Path(f) for f in files] or [DATA_DIR / "gazetteer.jsonl"]
    for p in paths:
        click.echo(f"{p}: {len(check_file(p))} entries, ok")


@gazetteer.command("add")
@click.option("--id", "gid", required=True, help="Lowercase slug, unique.")
@click.option("--type", "etype", required=True, type=click.Choice(list(ENTITY_TYPES)))
@click.option("--label", "labels", multiple=True, required=True, metavar="LANG=NAME",
              help="Official name per language, e.g. --label es='Secretaría de Marina'.")
@click.option("--canonical", default=None, help="Canonical name (default: the first label).")
@click.option("--alias", "aliases", multiple=True, metavar="[LANG=]NAME", help="Other names.")
@click.option("--country", default=None, help="Id of the Country entry.")
@click.option("--parent", default=None, help="Id of the parent organisation.")
@click.option("--wikidata", default=None, help="A verified Wikidata Q-id (never a guess).")
@click.option("--file", "path", default=None, type=click.Path(dir_okay=False),
              help="Gazetteer file to extend (default: the built-in one).")
def gazetteer_add(gid, etype, labels, canonical, aliases, country, parent, wikidata, path):
    """Add one entry; it is validated together with the whole file before anything is written.

    Example: kg gazetteer add --id mx-cni --type Agency --label es="Centro Nacional de Inteligencia" --alias CNI --country mexico
    """
    from kg.data import DATA_DIR, add_entry

    label_map = {k: v[0] for k, v in by_language(labels, "en").items()}
    entry = {"id": gid, "type": etype, "canonical": canonical or next(iter(label_map.values())),
             "label": label_map, "aliases": by_language(aliases, "any"), "country": country,
             "parent": parent}
    if wikidata:
        entry["wikidata"] = wikidata
    target = Path(path) if path else DATA_DIR / "gazetteer.jsonl"
    with hint(DataFileError, "nothing was written"):
        n = add_entry(target, entry)
    click.echo(f"added {gid} to {target} ({n} entries)")
