"""Event triggers: ``kg/data/triggers.jsonl`` -> :class:`Trigger` records.

In: one trigger per line (id, language, pattern, event type, mode, status, guards). Out: a list
of :class:`Trigger` with compiled patterns; a bad line raises :class:`DataFileError`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.data.files import data_path, DataFileError, read_jsonl
from kg.model import EVENT_TYPES, MODES, STATUSES


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
    path = path or data_path("triggers.jsonl")
    out = []
    for n, obj in read_jsonl(path):
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
