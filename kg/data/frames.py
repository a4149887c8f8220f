"""Event frames: ``kg/data/frames.jsonl`` (+ ``morphology.json``) -> :class:`Frame` and :class:`Trigger` records.

In: one frame per line (id, event type, mode, role scheme, per language verb and noun lemmas,
irregular forms, guards) and the role-scheme lines; the inflection rules of ``morphology.json``.
Out: one :class:`Trigger` per frame and language, carrying its :class:`Frame`, the lemmas (for
matching on a parse) and a compiled pattern of every generated surface form (for text without a
parse). A bad line raises :class:`DataFileError`.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from kg.data.files import DataFileError, data_path, read_jsonl
from kg.model import EVENT_TYPES, MODES, PARTICIPANT_ROLES

VOICES = ("active", "passive", "impersonal", "nominal")
LANGS = ("en", "es")


@dataclass(frozen=True)
class Frame:
    """What a trigger means: its event type and mode, and which syntactic slot holds which
    participant role in each voice (``roles["passive"]["by"] == "initiator"``)."""
    id: str
    type: str
    mode: str | None
    roles: dict[str, dict[str, str]] = field(default_factory=dict, hash=False, compare=False)

    def role_of(self, voice: str | None, slot: str) -> str | None:
        """The participant role of a slot (subject, object, by, of, possessor, credit) in a voice."""
        return self.roles.get(voice or "active", {}).get(slot)


@dataclass(frozen=True)
class Lexeme:
    """One frame's words in one language: verb and noun lemmas and all their surface forms."""
    verbs: frozenset[str]
    nouns: frozenset[str]
    verb_forms: frozenset[str]
    noun_forms: frozenset[str]




def load_morphology(path: Path | None = None) -> dict:
    path = path or data_path("morphology.json")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataFileError(f"{path}: cannot read ({exc})") from exc


def strip_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


def es_verb_forms(lemma: str, morph: dict) -> set[str]:
    """The regular forms of a Spanish verb from its conjugation class (irregular ones are listed
    in the frame); a pronominal lemma ("negarse") gives its finite forms with "se"."""
    pron = lemma.endswith("se") and lemma[-4:-2] in ("ar", "er", "ir")
    base = lemma[:-2] if pron else lemma
    stem, cls = base[:-2], base[-2:]
    ends = morph["es"]["verb_endings"].get(cls)
    if ends is None:
        raise DataFileError(f"morphology: no conjugation for {lemma!r}")
    out = set()
    for e in ends:
        st = stem
        if cls == "ar" and e[:1] in ("e", "é") and stem[-1:] in morph["es"]["before_e"]:
            st = stem[:-1] + morph["es"]["before_e"][stem[-1]]
        form = st + e
        out.add(f"se {form}" if pron and not e.endswith(("ar", "er", "ir")) else form)
    if pron:
        out.add(lemma)
    return out


def es_noun_forms(lemma: str, morph: dict) -> set[str]:
    for sing, plur in morph["es"]["noun_plural"]:
        if lemma.endswith(sing):
            stem = lemma[: len(lemma) - len(sing)] if sing else lemma
            plural = stem + plur if sing else lemma + plur
            return {lemma, strip_accents(plural) if sing == "ión" else plural}
    return {lemma}


def en_forms(lemma: str, rules: list) -> set[str]:
    """English regular forms; a phrasal lemma ("rule out") inflects its first word."""
    head, _, rest = lemma.partition(" ")
    for pat, ends in rules:
        m = re.search(f"{pat}$", head)
        if m:
            drop = len(ends[0])
            stem = head[: len(head) - drop] if drop else head
            return {(stem + e + (" " + rest if rest else "")).strip() for e in ends}
    return {lemma}


def lexeme(lang: str, words: dict, morph: dict) -> Lexeme:
    verbs, nouns = words.get("verbs", []), words.get("nouns", [])
    if lang == "es":
        vf = set().union(*(es_verb_forms(v, morph) for v in verbs)) if verbs else set()
        nf = set().union(*(es_noun_forms(n, morph) for n in nouns)) if nouns else set()
    else:
        vf = set().union(*(en_forms(v, morph["en"]["verb_rules"]) for v in verbs)) if verbs else set()
        nf = set().union(*(en_forms(n, morph["en"]["noun_rules"]) for n in nouns)) if nouns else set()
    vf |= set(words.get("forms", []))
    vf |= {strip_accents(f) for f in vf}
    nf |= {strip_accents(f) for f in nf}
    drop = set(words.get("not_forms", []))  # generated forms that are mostly other words ("firme")
    vf, nf = vf - drop, nf - drop
    return Lexeme(frozenset(verbs), frozenset(nouns), frozenset(vf - nf), frozenset(nf))


def _check(obj: dict, where: str, schemes: dict) -> None:
    for key in ("id", "type", "roles"):
        if key not in obj:
            raise DataFileError(f"{where}: a frame needs '{key}'")
    if obj["type"] not in EVENT_TYPES:
        raise DataFileError(f"{where}: unknown event type {obj['type']!r}")
    if obj.get("mode") is not None and obj["mode"] not in MODES:
        raise DataFileError(f"{where}: unknown mode {obj['mode']!r}")
    if obj["roles"] not in schemes:
        raise DataFileError(f"{where}: unknown role scheme {obj['roles']!r}")


def _scheme(obj: dict, where: str) -> dict[str, dict[str, str]]:
    out = {}
    for voice in VOICES:
        slots = obj.get(voice, {})
        if not isinstance(slots, dict) or any(r not in PARTICIPANT_ROLES for r in slots.values()):
            raise DataFileError(f"{where}: '{voice}' must map slots to participant roles")
        out[voice] = dict(slots)
    return out


def load_frames(path: Path | None = None, morph: dict | None = None) -> list[tuple[Frame, dict, dict]]:
    """(frame, {lang: Lexeme}, the raw line) for each frame of the file."""
    path = path or data_path("frames.jsonl")
    morph = morph or load_morphology()
    schemes: dict[str, dict] = {}
    out = []
    for n, obj in read_jsonl(path):
        where = f"{path}:{n}"
        if "scheme" in obj:
            schemes[obj["scheme"]] = _scheme(obj, where)
            continue
        _check(obj, where, schemes)
        frame = Frame(obj["id"], obj["type"], obj.get("mode"), schemes[obj["roles"]])
        lex = {lang: lexeme(lang, obj[lang], morph) for lang in LANGS if obj.get(lang)}
        out.append((frame, lex, obj))
    return out
