"""Entity candidates from lists of criminal groups: "cartels such as X, Y and Z".

Reads: ``text``. Adds: ``candidates`` (extractor "pattern:list"): each capitalised name of the
list is a criminal organisation, tied to its gazetteer entry where one has that name (also as
"X Cartel", "Cártel de X"). The nouns, cues and the words that end a list are the lexicon's
"criminal_lists".
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.patterns import CAP_TOK, Patterns, alt
from kg.extract.records import Candidate

NAME = re.compile(rf"{CAP_TOK}(?:\s+{CAP_TOK})*")


class ListCandidates:
    reads = ("text",)
    adds = ("candidates",)

    def __init__(self, pat: Patterns):
        self.pat = pat
        cue = pat.lex["criminal_lists"]
        self.criminal_list = re.compile(
            rf"\b(?:{alt(cue['nouns'])})\s+(?:{alt(cue['cues'])})\s+(?P<list>[^.;:()]{{3,120}}?)"
            rf"(?=[.;:()]|,? (?:{alt(cue['end_words'])})\b|$)")
        art = r"(?:(?:el|del|de|la|los|the)\s+)?"
        coord = rf"{NAME.pattern}(?:,\s+{art}{NAME.pattern})*,?\s+(?:and|y)\s+{art}{NAME.pattern}"
        #: "the Red Viper and Blue Sun cartels", "los cárteles del Valle y del Istmo"
        self.coordinated = (re.compile(rf"(?P<list>{coord})\s+(?:{alt(cue['plural_after'])})\b"),
                            re.compile(rf"\b(?i:{alt(cue['plural_before'], ignore_case=True)})\s+{art}(?P<list>{coord})"))

    def run(self, ctx: Context) -> None:
        for m in [*self.criminal_list.finditer(ctx.text), *self.coordinated[0].finditer(ctx.text),
                  *self.coordinated[1].finditer(ctx.text)]:
            for nm in NAME.finditer(m.group("list")):
                s = m.start("list") + nm.start()
                ctx.candidates.append(Candidate(s, s + len(nm.group(0)), "CriminalOrganization",
                                                "pattern:list", 0.75, self._entry(nm.group(0))))

    def _entry(self, name: str) -> str | None:
        for form in (name, name + " Cartel", "Cártel de " + name, "Cartel de " + name,
                     "Cártel del " + name, "Cartel del " + name):
            ids = [i for i in self.pat.form_index.get(form, [])
                   if self.pat.gaz.entries[i].type == "CriminalOrganization"]
            if ids:
                return ids[0]
        return None
