"""Entity candidates from news datelines: the city a story is filed from and the agency filing it.

Reads: ``text``. Adds: ``candidates`` (extractor "pattern:dateline"). A paragraph that opens with
"CITY, Region, date (AGENCY) --" ("LIMA, March 9 (Reuters) -", "MADRID 30 Ago. (EUROPA PRESS) -",
"Quito, 5 de enero (EFE).-", "OTTAWA —", "(AFP) -") names a place, the city (written in capitals
or not; in capitals it needs no date or agency beside it), and a medium, the agency in parentheses.
A city the gazetteer knows keeps its entry and type ("GUATEMALA —" is the country's entry); a
city in capitals is named in title case ("SAN JOSÉ" -> "San José").
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.patterns import Patterns
from kg.extract.records import Candidate
from kg.extract.time.timex import MONTHS_EN, MONTHS_ES

UP = "A-ZÁÉÍÓÚÑÜ"
_CAPS_CITY = rf"[{UP}][{UP}.'\-]+(?:[ \t]+(?:DE|DEL|LA|LAS|LOS|EL|[{UP}][{UP}.'\-]+)){{0,4}}"
_TITLE_CITY = rf"[{UP}][\w.'\-]*(?:[ \t]+(?:de|del|la|las|los|el|[{UP}][\w.'\-]*)){{0,4}}"
_DATE = (rf"(?:(?:{MONTHS_EN})\s+\d{{1,2}}(?:,\s*\d{{4}})?|"
         rf"\d{{1,2}}\s+(?:de\s+)?(?i:{MONTHS_ES}|ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic)\.?"
         rf"(?:\s+(?:de\s+)?\d{{4}})?)")
_AGENCY = r"\((?P<agency>[^()\n\d]{2,40})\)"
_DASH = r"[ \t]*(?:--|—|–|-|\.-|►)"
#: "CITY, Region, date (AGENCY) --", the city in capitals or not
DATELINE = re.compile(
    rf"^[ \t]*(?:(?P<caps>{_CAPS_CITY})|(?P<city>{_TITLE_CITY}))(?:,[ \t]*(?P<region>{_TITLE_CITY}))??"
    rf"(?:,?[ \t]+(?P<date>{_DATE}))?\.?[ \t]*(?:{_AGENCY})?{_DASH}", re.MULTILINE)
#: "(AFP) -", "(Reuters) Toppled …": a paragraph that opens with the agency
AGENCY_FIRST = re.compile(rf"^[ \t]*{_AGENCY}(?:{_DASH}|\s)", re.MULTILINE)


def title_case(name: str) -> str:
    """'SAN JOSÉ DE LA MONTAÑA' -> 'San José de la Montaña'."""
    small = {"de", "del", "la", "las", "los", "el"}
    words = name.lower().split()
    return " ".join(w if k and w in small else w[:1].upper() + w[1:] for k, w in enumerate(words))


class DatelineCandidates:
    reads = ("text",)
    adds = ("candidates",)

    def __init__(self, pat: Patterns):
        self.pat = pat

    def run(self, ctx: Context) -> None:
        for m in DATELINE.finditer(ctx.text):
            bare = not (m.group("date") or m.group("agency") or m.group("region"))
            if m.group("caps") is None and not (m.group("date") or m.group("agency")):
                continue  # "Honduras.- …": a topic label, not a dateline
            if bare and not self._entry(title_case(m.group("caps"))) and (
                    len(m.group("caps")) < 3 or _caps_after(ctx.text, m.end())
                    or m.group("caps").lower() in ctx.lower_words):
                continue  # "SOCCER - JAPAN GET LUCKY WIN", "WEATHER - …": a label, no dateline
            key = "caps" if m.group("caps") is not None else "city"
            ctx.candidates.append(self._place(ctx.text, *m.span(key)))
            if m.group("region"):
                ctx.candidates.append(self._place(ctx.text, *m.span("region")))
            if m.group("agency"):
                ctx.candidates.append(self._medium(ctx.text, *m.span("agency")))
        for m in AGENCY_FIRST.finditer(ctx.text):
            ctx.candidates.append(self._medium(ctx.text, *m.span("agency")))

    def _entry(self, form: str) -> list[str]:
        return self.pat.form_index.get(form) or self.pat.form_index.get(form.lower()) or []

    def _place(self, text: str, s: int, e: int) -> Candidate:
        form = text[s:e]
        name = title_case(form) if form.isupper() else form
        ids = self._entry(name)
        if ids:
            etype = self.pat.gaz.entries[ids[0]].type
            return Candidate(s, e, etype, "pattern:dateline", 0.8, ids[0])
        return Candidate(s, e, "Place", "pattern:dateline", 0.75, name=name if name != form else None)

    def _medium(self, text: str, s: int, e: int) -> Candidate:
        form = text[s:e].strip()
        s = s + text[s:e].index(form)
        ids = [i for i in self._entry(form) if self.pat.gaz.entries[i].type == "Media"]
        return Candidate(s, s + len(form), "Media", "pattern:dateline", 0.8, ids[0] if ids else None)


def _caps_after(text: str, pos: int) -> bool:
    """Does the text after a dateline's dash go on in capitals (a headline, "SOCCER - JAPAN GET
    LUCKY", not a story nor a list of places, "ETIOPIA - ERITREA - Addis Abeba -")?"""
    words = [w for w in re.findall(r"[^\W\d_]+", text[pos:pos + 80]) if len(w) > 1][:2]
    return len(words) == 2 and all(w.isupper() for w in words)
