"""Titles of posts: ``kg/data/titles.jsonl`` -> :class:`Title` records.

In: one title per line with its forms in each language and its kind. Out: a list of
:class:`Title` (used to find posts in text and to compare role names in evaluation).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.data.files import DataFileError, data_path, read_jsonl, str_lists


@dataclass
class Title:
    id: str
    label: str
    forms: dict[str, list[str]]
    kind: str  # head_of_state | minister | official | other


def load_titles(path: Path | None = None) -> list[Title]:
    path = path or data_path("titles.jsonl")
    out = []
    for n, obj in read_jsonl(path):
        where = f"{path}:{n}"
        if "id" not in obj or "forms" not in obj:
            raise DataFileError(f"{where}: a title needs 'id' and 'forms'")
        forms = str_lists(obj["forms"], where, "forms")
        out.append(Title(obj["id"], obj.get("label", obj["id"]), forms, obj.get("kind", "other")))
    return out
