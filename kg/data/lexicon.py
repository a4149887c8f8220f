"""The lexicon: ``kg/data/lexicon.json`` -> a dict of word lists (headwords, cue words, names).
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
