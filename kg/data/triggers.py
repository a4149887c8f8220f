"""Event triggers: ``kg/data/triggers.jsonl`` -> :class:`Trigger` records.

In: one trigger per line (id, language, pattern, event type, mode, status, guards). Out: a list
of :class:`Trigger` with compiled patterns; a bad line raises :class:`DataFileError`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.data.files import DataFileError, data_path, read_jsonl
from kg.data.frames import Frame, Lexeme, lexeme, load_frames, load_morphology
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
    frame: Frame | None = None  # a lexicon frame's trigger (kg/data/frames.jsonl); None for a pattern
    lexeme: Lexeme | None = None  # the frame's lemmas and forms in this trigger's language
    cue: re.Pattern | None = None  # must occur near the trigger
    generic_heads: frozenset[str] = field(default_factory=frozenset)  # "extradition treaty"
    not_after: re.Pattern | None = None  # a frame's words that must not come right before it
    not_followed_by: re.Pattern | None = None  # what must not follow it
    mode_cues: tuple[tuple[str, re.Pattern], ...] = ()  # a frame's other modes, by a cue near it ("video")
    restyles: frozenset[str] = field(default_factory=frozenset)  # pattern types this frame's cue re-types
    #: (effect, lemmas, their forms' pattern): what a governing word does ("drop", or an event type)
    governed_by: tuple[tuple[str, frozenset[str], re.Pattern], ...] = ()
    #: (modal words, speech words): a hypothetical measure its actor speaks of is also a Threat
    announced_threat: tuple[frozenset[str], frozenset[str]] | None = None


def _words(forms) -> str:
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(forms, key=len, reverse=True))


def frame_triggers(path: Path | None = None) -> list[Trigger]:
    """One trigger per frame and language of ``frames.jsonl``: its generated forms as a pattern."""
    out = []
    morph = load_morphology()
    for frame, lexemes, obj in load_frames(path, morph):
        for lang, lex in lexemes.items():
            not_after = (obj.get("not_after") or {}).get(lang, [])
            tail = (obj.get("not_followed_by") or {}).get(lang)
            cue = (obj.get("cue") or {}).get(lang)
            pat = _compile(_words(lex.verb_forms | lex.noun_forms), not_after, tail, f"frame {frame.id}")
            out.append(Trigger(f"frame.{lang}.{frame.id}", lang, pat, frame.type, frame.mode, None, False,
                               float(obj.get("confidence", 0.7)), frame, lex,
                               re.compile(cue, re.IGNORECASE) if cue else None,
                               frozenset((obj.get("generic_heads") or {}).get(lang, [])),
                               _guard(not_after), re.compile(tail, re.IGNORECASE) if tail else None,
                               _mode_cues(obj, lang, frame.id), frozenset(obj.get("restyles", [])),
                               _governors(obj, lang, frame.id, morph), _announced(obj, lang)))
    return out


def _announced(obj: dict, lang: str) -> tuple[frozenset[str], frozenset[str]] | None:
    words = (obj.get("announced_threat") or {}).get(lang)
    if not words:
        return None
    return frozenset(w.lower() for w in words.get("modal", [])), frozenset(w.lower() for w in words.get("speech", []))


def _governors(obj: dict, lang: str, where: str, morph: dict) -> tuple[tuple[str, frozenset[str], re.Pattern], ...]:
    out = []
    for effect, words in (obj.get("governed_by") or {}).items():
        if effect != "drop" and effect not in EVENT_TYPES:
            raise DataFileError(f"frame {where}: 'governed_by' effect must be 'drop' or an event type, not {effect!r}")
        lemmas = words.get(lang, [])
        if lemmas:
            # a Spanish noun ("ruptura") has no conjugation; English lemmas inflect either way
            verbs = [w for w in lemmas if lang != "es" or re.search(r"(?:ar|er|ir)(?:se)?$", w)]
            lex = lexeme(lang, {"verbs": verbs, "nouns": [w for w in lemmas if " " not in w]}, morph)
            out.append((effect, frozenset(lemmas), re.compile(
                r"(?<![\w])(?:" + _words(lex.verb_forms | lex.noun_forms) + r")(?![\w])", re.IGNORECASE)))
    return tuple(out)


def _mode_cues(obj: dict, lang: str, where: str) -> tuple[tuple[str, re.Pattern], ...]:
    out = []
    for mode, cues in (obj.get("mode_cues") or {}).items():
        if mode not in MODES:
            raise DataFileError(f"frame {where}: unknown mode {mode!r} in 'mode_cues'")
        if cues.get(lang):
            out.append((mode, re.compile(cues[lang], re.IGNORECASE)))
    return tuple(out)


def _guard(words: list[str]) -> re.Pattern | None:
    if not words:
        return None
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(w) for w in words) + r")\s+$", re.IGNORECASE)


def _compile(pattern: str, not_after: list[str], tail: str | None, where: str) -> re.Pattern:
    guard = "".join(f"(?<!{re.escape(w)} )" for w in not_after)
    tail = f"(?!{tail})" if tail else ""
    try:
        return re.compile(r"(?<![\w])" + guard + "(?:" + pattern + r")(?![\w])" + tail, re.IGNORECASE)
    except re.error as exc:
        raise DataFileError(f"{where}: bad pattern ({exc})") from exc


def load_triggers(path: Path | None = None) -> list[Trigger]:
    """The lexicon frames' triggers first (they win a tie with a pattern), then the patterns."""
    out = frame_triggers() if path is None else []
    path = path or data_path("triggers.jsonl")
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
        pat = _compile(obj["pattern"], not_after, obj.get("not_followed_by"), where)
        out.append(Trigger(obj["id"], obj["lang"], pat, obj["type"], obj.get("mode"),
                           obj.get("status"), bool(obj.get("anaphoric", False)),
                           float(obj.get("confidence", 0.7))))
    return out
