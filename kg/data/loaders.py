"""Gazetteer and lexicon data files -> in-memory lookup tables.

In: ``kg/data/gazetteer.jsonl`` (known bodies, countries, places, media; format in
``kg/data/gazetteer_README.md``), ``kg/data/titles.jsonl`` (titles of posts), ``kg/data/triggers.jsonl``
(event triggers), ``kg/data/lexicon.json`` (headwords, cue words). Out: :class:`Gazetteer`,
:class:`Lexicon`. A malformed line is reported with file and line number and the load fails: a
build never starts with a broken data file.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.model import ENTITY_TYPES

DATA_DIR = Path(__file__).resolve().parent


class DataFileError(ValueError):
    """A data file is malformed; the message names the file and line."""


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


def _read_jsonl(path: Path) -> list[tuple[int, dict]]:
    rows = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot read ({exc})") from exc
    for n, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataFileError(f"{path}:{n}: not valid JSON ({exc.msg} at column {exc.colno})") from exc
        if not isinstance(obj, dict):
            raise DataFileError(f"{path}:{n}: each line must be a JSON object")
        rows.append((n, obj))
    return rows


def _str_lists(value, where: str, key: str) -> dict[str, list[str]]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(v, list) and all(isinstance(s, str) and s.strip() for s in v) for v in value.values()
    ):
        raise DataFileError(f"{where}: '{key}' must map a language code to a list of non-empty strings")
    return {k: list(v) for k, v in value.items()}


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
        aliases=_str_lists(obj.get("aliases"), where, "aliases"),
        country=obj.get("country"), parent=obj.get("parent"),
        head_titles=_str_lists(obj.get("head_titles"), where, "head_titles"),
        demonyms=_str_lists(obj.get("demonyms"), where, "demonyms"),
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
    entries = check_entries(_read_jsonl(path), path)
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
    path = path or DATA_DIR / "gazetteer.jsonl"
    return Gazetteer(check_entries(_read_jsonl(path), path))


@dataclass
class Title:
    id: str
    label: str
    forms: dict[str, list[str]]
    kind: str  # head_of_state | minister | official | other


def load_titles(path: Path | None = None) -> list[Title]:
    path = path or DATA_DIR / "titles.jsonl"
    out = []
    for n, obj in _read_jsonl(path):
        where = f"{path}:{n}"
        if "id" not in obj or "forms" not in obj:
            raise DataFileError(f"{where}: a title needs 'id' and 'forms'")
        forms = _str_lists(obj["forms"], where, "forms")
        out.append(Title(obj["id"], obj.get("label", obj["id"]), forms, obj.get("kind", "other")))
    return out


@dataclass
class Trigger:
    id: str
    lang: str  # en | es | any
    pattern: re.Pattern
    type: str
    mode: str | None
    status: str | None
    anaphoric: bool
    confidence: float


def load_triggers(path: Path | None = None) -> list[Trigger]:
    from kg.model import EVENT_TYPES, MODES, STATUSES

    path = path or DATA_DIR / "triggers.jsonl"
    out = []
    for n, obj in _read_jsonl(path):
        where = f"{path}:{n}"
        for key in ("id", "lang", "pattern", "type"):
            if key not in obj:
                raise DataFileError(f"{where}: a trigger needs '{key}'")
        if obj["type"] not in EVENT_TYPES:
            raise DataFileError(f"{where}: unknown event type {obj['type']!r}")
        if obj.get("mode") is not None and obj["mode"] not in MODES:
            raise DataFileError(f"{where}: unknown mode {obj['mode']!r}")
        if obj.get("status") is not None and obj["status"] not in STATUSES:
            raise DataFileError(f"{where}: unknown status {obj['status']!r}")
        not_after = obj.get("not_after") or []
        if not isinstance(not_after, list):
            raise DataFileError(f"{where}: 'not_after' must be a list of words")
        guard = "".join(f"(?<!{re.escape(w)} )" for w in not_after)
        tail = f"(?!{obj['not_followed_by']})" if obj.get("not_followed_by") else ""
        try:
            pat = re.compile(r"(?<![\w])" + guard + "(?:" + obj["pattern"] + r")(?![\w])" + tail,
                             re.IGNORECASE)
        except re.error as exc:
            raise DataFileError(f"{where}: bad pattern ({exc})") from exc
        out.append(Trigger(obj["id"], obj["lang"], pat, obj["type"], obj.get("mode"),
                           obj.get("status"), bool(obj.get("anaphoric", False)),
                           float(obj.get("confidence", 0.7))))
    return out


def load_lexicon(path: Path | None = None) -> dict:
    path = path or DATA_DIR / "lexicon.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataFileError(f"{path}: {exc}") from exc


@lru_cache(maxsize=1)
def default_resources():
    return load_gazetteer(), load_titles(), load_triggers(), load_lexicon()
