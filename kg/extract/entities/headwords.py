"""Typing capitalised runs by their headwords, and splitting runs that name two bodies.

In: the text and a character range (a capitalised run, or a statistical ORG span). Out:
:class:`kg.extract.records.OrgSplit`: "Secretaría de Marina" is a Ministry, "Bureau of …" an
Agency, "… Cartel" a criminal organisation; "Oficina del Portavoz del Departamento de Estado" is
two organisations, the first part of the second; "Bureau of X and Bureau of Y" is two. Used by
the chunk and the statistical-NER candidates.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from kg.extract.patterns import Patterns
from kg.extract.records import Candidate, OrgPiece, OrgSplit, PartOf, Range

CONNECTORS = ("de", "del", "la", "of", "the", "el")
ARTICLES = ("the", "la", "el", "los", "las")


class Word(NamedTuple):
    start: int
    end: int
    text: str


class Head(NamedTuple):
    index: int  # of the word in the run
    type: str  # the entity type the headword gives


class HeadwordTyper:
    def __init__(self, pat: Patterns):
        self.pat = pat

    def split(self, text: str, s: int, e: int) -> OrgSplit:
        toks = [Word(m.start() + s, m.end() + s, m.group(0)) for m in re.finditer(r"\S+", text[s:e])]
        if self._facility([t.text.rstrip(".,") for t in toks]):  # "Cárcel Regional de …", "… Airport"
            return OrgSplit((OrgPiece(toks[0].start, toks[-1].end, "Place", facility=True),))
        heads = self._heads(toks)
        if not heads:
            return OrgSplit()
        at = self._and_between_bodies(toks)
        if at is not None:  # "Bureau of X and Bureau of Y", "Office of X and the Coastal Response Unit"
            i, j = at
            return self.split(text, s, toks[i - 1].end) + self.split(text, toks[j].start, e)
        pieces = []
        starts = self._segment_starts(toks, heads)
        for k, i0 in enumerate(starts):
            i1 = (starts[k + 1] if k + 1 < len(starts) else len(toks))
            seg = toks[i0:i1]
            while seg and seg[-1].text.lower() in CONNECTORS + ("y", "and"):
                seg = seg[:-1]
            if len(seg) > 1 and self._is_name(seg):  # a bare headword ("Department") is not a name
                etype = next(h.type for h in heads if i0 <= h.index < i1)
                pieces.append(OrgPiece(seg[0].start, seg[-1].end, etype))
        part_of = ()
        if len(pieces) >= 2:
            part_of = (PartOf(Range(pieces[0].start, pieces[0].end), Range(pieces[1].start, pieces[1].end)),)
        return OrgSplit(tuple(pieces), part_of)

    def candidate(self, text: str, piece: OrgPiece, extractor: str, confidence: float) -> Candidate:
        """The candidate of a typed piece; a facility's name not in the gazetteer outranks the
        known names inside it ("Aeropuerto Internacional de la Ciudad de México")."""
        if piece.facility and text[piece.start:piece.end] not in self.pat.form_index:
            return Candidate(piece.start, piece.end, "Place", "pattern:facility", 0.75)
        return Candidate(piece.start, piece.end, piece.type, extractor, confidence)

    def _facility(self, words: list[str]) -> bool:
        """Is it a facility's name: a facility headword first ("Aeropuerto Internacional …") or
        last ("… Detention Center"), with a name beside it?"""
        return any(tuple(words[:len(h)]) == h and len(words) > len(h) for h in self.pat.facility_first) or \
            any(tuple(words[-len(h):]) == h and len(words) > len(h) for h in self.pat.facility_last)

    def _heads(self, toks: list[Word]) -> list[Head]:
        heads = []
        for i, w in enumerate(toks):
            w2 = w.text.rstrip(".,")
            if w2 in self.pat.ministry_heads:
                heads.append(Head(i, "Ministry"))
            elif w2 in self.pat.agency_heads:
                heads.append(Head(i, "Agency"))
            elif w2 in self.pat.criminal_heads:
                heads.append(Head(i, "CriminalOrganization"))
            elif w2 in self.pat.place_heads and i == 0:  # a place is named head-first
                heads.append(Head(i, "Place"))
        return heads

    def _and_between_bodies(self, toks: list[Word]) -> tuple[int, int] | None:
        """The index of an 'and' with a headword on both sides, and of the first word after it
        (past an article), or None."""
        heads_all = self.pat.org_heads
        for i, w in enumerate(toks[:-1]):
            if w.text not in ("and", "y") or i == 0:
                continue
            j = i + 1 + (toks[i + 1].text in ARTICLES and i + 2 < len(toks))
            rest = {t.text.rstrip(".,") for t in toks[j:]}
            left_has = {t.text.rstrip(".,") for t in toks[:i]} & heads_all
            if left_has and rest & heads_all and (toks[j].text.rstrip(".,") in heads_all or toks[j].text[:1].isupper()):
                return i, j
        return None

    @staticmethod
    def _segment_starts(toks: list[Word], heads: list[Head]) -> list[int]:
        """Split before a connector that precedes a second headword."""
        starts = [0]
        for i in (h.index for h in heads[1:]):
            j = i - 1
            while j > 0 and toks[j].text.lower() in CONNECTORS:
                j -= 1
            if j + 1 < i and j >= starts[-1]:
                starts.append(i)
        return starts

    def _is_name(self, seg: list[Word]) -> bool:
        first = seg[0].text.rstrip(".,")
        if first in self.pat.government_heads and seg[1].text not in (
                "of", "for", "on", "de", "del", "para") and first[0].isupper() and first[-1] != "a":
            # English head-first names need 'of': "Department of …", not "Department and the …";
            # one modifier may come between ("Departamento Administrativo de …")
            modified = len(seg) > 2 and seg[1].text[:1].isupper() and seg[2].text in ("of", "for", "de", "del", "para")
            if not modified and not all(w.text[:1].isupper() for w in seg):
                return False
        words = {w.text for w in seg}
        return not (words & {"and", "y"} and not words & {"of", "de", "del", "for"})
