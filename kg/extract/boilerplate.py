"""Boilerplate: the parts of an article that are not the story.

Reads: ``text``. Adds: ``ignore``, the ranges of author bios, comment sections and related-article
lists (from their heading to the end), bylines, photo credits and filing lines. No entity or event
is taken from them.
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.records import Range

FROM_HEADING = re.compile(r"^\s*(?:About the Author|About The Author|Sobre (?:el|la) autora?|Comments|"
                          r"Comentarios|Related(?: articles)?|Notas relacionadas)\s*$", re.MULTILINE)
LINE = re.compile(r"^\s*(?:By\s+[A-Z][^\n]{0,80}|Por\s+[A-Z][^\n]{0,60}|(?:©|Photo:|Foto:)[^\n]*|"
                  r"Filed under:[^\n]*|Interesting:[^\n]*)$", re.MULTILINE)


class Boilerplate:
    reads = ("text",)
    adds = ("ignore",)

    def run(self, ctx: Context) -> None:
        m = FROM_HEADING.search(ctx.text)
        if m:
            ctx.ignore.append(Range(m.start(), len(ctx.text)))
        for m in LINE.finditer(ctx.text):
            ctx.ignore.append(Range(m.start(), m.end()))
