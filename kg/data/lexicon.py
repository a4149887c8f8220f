"""The lexicon: ``kg/data/lexicon.json`` -> a dict of word lists (headwords, cue words, names);
``kg/data/given_names.txt`` -> the set of given names (one per line, ``#`` comments).
"""
from __future__ import annotations

import json
from pathlib import Path

from kg.data.files import DataFileError, data_path


def load_lexicon(path: Path | None = None) -> dict:
    path = path or data_path("lexicon.json")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataFileError(f"{path}: {exc}") from exc


def load_given_names(path: Path | None = None) -> set[str]:
    path = path or data_path("given_names.txt")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataFileError(f"{path}: {exc}") from exc
    names = {ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")}
    bad = sorted(n for n in names if " " in n or not n[:1].isupper())
    if bad:
        raise DataFileError(f"{path}: a given name is one capitalised word, not {bad[0]!r}")
    return names
