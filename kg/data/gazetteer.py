"""The gazetteer: ``kg/data/gazetteer.jsonl`` -> :class:`Gazetteer` (lookup by surface form).

In: the gazetteer file (format in ``kg/data/gazetteer_README.md``): known bodies, countries,
places, media with names in both languages, aliases, parents and heads' titles. Out:
:class:`Gazetteer`; :func:`check_file` validates a file, :func:`add_entry` appends one entry.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.data.files import DataFileError, data_path, read_jsonl, str_lists
from kg.model import ENTITY_TYPES


@dataclass
class GazEntry:
    id: str
    type: str
    canonical: str
    canonical_lang: str | None
    labels: dict[str, str]
    aliases: dict[str, list[str]]
    country: str | None = None
    parent: str | None = None
    head_titles: dict[str, list[str]] = field(default_factory=dict)
    demonyms: dict[str, list[str]] = field(default_factory=dict)
    seat_of: str | None = None
    wikidata: str | None = None
    ambiguous: set[str] = field(default_factory=set)

    def surface_forms(self) -> dict[str, str | None]:
        """Every name of the entry -> its language (None when language-neutral)."""
        out: dict[str, str | None] = {self.canonical: self.canonical_lang}
        for lang, label in self.labels.items():
            out.setdefault(label, lang)
        for lang, names in self.aliases.items():
            for n in names:
                out.setdefault(n, None if lang == "any" else lang)
        return out



def parse_entry(obj: dict, where: str) -> GazEntry:
    for key in ("id", "type", "canonical", "label"):
        if key not in obj:
            raise DataFileError(f"{where}: missing required field '{key}'")
    if not isinstance(obj["id"], str) or not re.fullmatch(r"[a-z0-9][a-z0-9\-]*", obj["id"]):
        raise DataFileError(f"{where}: id {obj['id']!r} must be a lowercase ascii slug")
    if obj["type"] not in ENTITY_TYPES:
        raise DataFileError(f"{where}: type {obj['type']!r} is not one of {', '.join(ENTITY_TYPES)}")
    labels = obj["label"]
    if not isinstance(labels, dict) or not all(isinstance(v, str) for v in labels.values()):
        raise DataFileError(f"{where}: 'label' must map a language code to a name")
    canonical = obj["canonical"]
    if not isinstance(canonical, str) or not canonical.strip():
        raise DataFileError(f"{where}: 'canonical' must be a non-empty string")
    lang = next((lg for lg, v in labels.items() if v == canonical), None)
    wikidata = obj.get("wikidata")
    if wikidata is not None and not re.fullmatch(r"Q[1-9][0-9]*", str(wikidata)):
        raise DataFileError(f"{where}: wikidata {wikidata!r} is not a Q-id")
    ambiguous = obj.get("ambiguous_aliases") or []
    if not isinstance(ambiguous, list):
        raise DataFileError(f"{where}: 'ambiguous_aliases' must be a list")
    return GazEntry(
        id=obj["id"], type=obj["type"], canonical=canonical, canonical_lang=lang, labels=labels,
        aliases=str_lists(obj.get("aliases"), where, "aliases"),
        country=obj.get("country"), parent=obj.get("parent"),
        head_titles=str_lists(obj.get("head_titles"), where, "head_titles"),
        demonyms=str_lists(obj.get("demonyms"), where, "demonyms"),
        seat_of=obj.get("seat_of"), wikidata=wikidata, ambiguous=set(ambiguous),
    )


class Gazetteer:
    def __init__(self, entries: list[GazEntry]):
        self.entries = {e.id: e for e in entries}
        # surface form -> entry ids
        self.forms: dict[str, list[str]] = {}
        self.demonyms: dict[str, str] = {}  # lowercased demonym -> country id
        self.head_titles: dict[str, list[str]] = {}  # lowercased title -> entry ids
        for e in entries:
            for form in e.surface_forms():
                self.forms.setdefault(form, [])
                if e.id not in self.forms[form]:
                    self.forms[form].append(e.id)
            for form in e.ambiguous:
                self.forms.setdefault(form, [])
                if e.id not in self.forms[form]:
                    self.forms[form].append(e.id)
            for names in e.demonyms.values():
                for d in names:
                    self.demonyms.setdefault(d.lower(), e.id)
            for titles in e.head_titles.values():
                for t in titles:
                    self.head_titles.setdefault(t.lower(), []).append(e.id)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, gid: str | None) -> GazEntry | None:
        return self.entries.get(gid) if gid else None



def check_entries(rows: list[tuple[int, dict]], path: Path) -> list[GazEntry]:
    entries: list[GazEntry] = []
    seen: dict[str, int] = {}
    for n, obj in rows:
        where = f"{path}:{n}"
        e = parse_entry(obj, where)
        if e.id in seen:
            raise DataFileError(f"{where}: duplicate id '{e.id}' (first on line {seen[e.id]})")
        seen[e.id] = n
        entries.append(e)
    ids = set(seen)
    for n, obj in rows:
        for key in ("country", "parent", "seat_of"):
            ref = obj.get(key)
            if ref is not None and ref not in ids:
                raise DataFileError(f"{path}:{n}: {key} '{ref}' is not an id in the gazetteer")
    return entries


def check_file(path: Path) -> list[GazEntry]:
    """Validate a gazetteer file; raises :class:`DataFileError` naming the file and line."""
    entries = check_entries(read_jsonl(path), path)
    seen: dict[str, str] = {}
    for e in entries:
        if e.canonical not in e.labels.values():
            raise DataFileError(f"{path}: entry '{e.id}': canonical {e.canonical!r} must be one of its labels")
        for form, lang in e.surface_forms().items():
            key = form.casefold()
            if key in seen and seen[key] != e.id and form not in e.ambiguous:
                raise DataFileError(f"{path}: entry '{e.id}': name {form!r} also names '{seen[key]}'; "
                                    "list it in 'ambiguous_aliases' of both entries")
            seen.setdefault(key, e.id)
    return entries


def add_entry(path: Path, entry: dict) -> int:
    """Append one entry (validated with the whole file first); returns the number of entries."""
    from kg.fileio import atomic_write

    text = path.read_text(encoding="utf-8") if path.exists() else ""
    line = json.dumps({k: v for k, v in entry.items() if v not in (None, {}, [])}, ensure_ascii=False)
    new = text.rstrip("\n") + ("\n" if text.strip() else "") + line + "\n"
    tmp_rows = []
    for n, raw in enumerate(new.splitlines(), start=1):
        if raw.strip():
            try:
                tmp_rows.append((n, json.loads(raw)))
            except json.JSONDecodeError as exc:
                raise DataFileError(f"{path}:{n}: not valid JSON ({exc.msg})") from exc
    entries = check_entries(tmp_rows, path)
    atomic_write(path, lambda f: f.write(new.encode("utf-8")))
    return len(entries)


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    path = path or data_path("gazetteer.jsonl")
    return Gazetteer(check_entries(read_jsonl(path), path))
