"""Boilerplate: the parts of an article that are not the story.

Reads: ``text``. Adds: ``ignore``, the ranges of author bios, comment sections and related-article
lists (from their heading to the end), bylines, photo credits and filing lines (the lexicon's
"boilerplate"). No entity or event is taken from them.
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.patterns import alt
from kg.extract.records import Range


class Boilerplate:
    reads = ("text",)
    adds = ("ignore",)

    def __init__(self, lex: dict):
        cue = lex["boilerplate"]
        self.from_heading = re.compile(rf"^\s*(?:{alt(cue['headings'])})\s*$", re.MULTILINE)
        bylines = "|".join(rf"{re.escape(w)}\s+[A-Z][^\n]{{0,{int(n)}}}" for w, n in cue["bylines"].items())
        self.line = re.compile(rf"^\s*(?:{bylines}|(?:{alt(cue['line_starts'])})[^\n]*)$", re.MULTILINE)

    def run(self, ctx: Context) -> None:
        m = self.from_heading.search(ctx.text)
        if m:
            ctx.ignore.append(Range(m.start(), len(ctx.text)))
        for m in self.line.finditer(ctx.text):
            ctx.ignore.append(Range(m.start(), m.end()))
