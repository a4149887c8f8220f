"""Names of a special form: suspects named by given names and an initial, nicknames, functions.

Initials — reads: ``text``. Adds: ``candidates`` (extractor "pattern:initial"): given names and a
quoted initial, the way the Mexican press names a suspect ('Juan "N"', "Ana 'M'"), are a person
whose name includes the initial.
Nicknames — reads: ``text``, ``candidates``. Adds: ``candidates``: a name after a nickname cue
('alias "El Tigre"', "known as 'The Wolf'", "alias Toro"; the lexicon's "nickname_cues") is
another name of the person named right before the cue (extractor "pattern:alias"; there only:
linking its other uses too makes the events part count one person's events twice); of nobody
named, it claims its words (extractor "pattern:nickname", no entity), so that no other source
makes a place or a body of them; so does the name of a function, not of one body (the lexicon's
"generic_body_names": "Ministerio Público").
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.patterns import CAP_TOK, Patterns, alt
from kg.extract.records import Candidate

#: given names, then a capital letter in quotes: 'Juan Carlos "N"'
INITIAL = re.compile(rf"(?P<name>{CAP_TOK}(?:\s+{CAP_TOK}){{0,3}})\s+(?P<q>[\"'])[A-ZÑ]\.?(?P=q)")


class InitialCandidates:
    reads = ("text",)
    adds = ("candidates",)

    def __init__(self, pat: Patterns):
        self.pat = pat

    def run(self, ctx: Context) -> None:
        for m in INITIAL.finditer(ctx.text):
            s = m.start("name")
            words = m.group("name").split()
            while words and (words[0] in self.pat.title_words or words[0] in self.pat.org_heads
                             or words[0] in self.pat.form_index):
                s = ctx.text.index(words[1], s + len(words[0])) if len(words) > 1 else m.end("name")
                words = words[1:]
            if words and not ctx.is_headline(s):
                ctx.candidates.append(Candidate(s, m.end(), "Person", "pattern:initial", 0.8))


class NicknameCandidates:
    reads = ("text", "candidates")
    adds = ("candidates",)

    def __init__(self, pat: Patterns):
        cues = alt(pat.lex["nickname_cues"], ignore_case=True)
        self.nickname = re.compile(rf"(?<![\w])(?:{cues}),?\s+(?:(?P<q>[\"'])(?P<quoted>[^\"'\n]{{1,40}}?)(?P=q)|"
                                   rf"(?P<bare>{CAP_TOK}(?:\s+{CAP_TOK}){{0,2}}))", re.IGNORECASE)
        self.generic = re.compile(rf"(?<![\w])(?:{alt(pat.lex['generic_body_names'])})(?![\w])")

    def run(self, ctx: Context) -> None:
        for m in self.nickname.finditer(ctx.text):
            grp = "quoted" if m.group("quoted") else "bare"
            if grp == "bare" and not m.group("bare")[:1].isupper():
                continue
            owner = self._owner(ctx, m.start())
            if owner is None:  # a nickname of nobody named: it claims its words, no entity
                ctx.candidates.append(Candidate(m.start(grp), m.end(grp), "Person", "pattern:nickname", 0.9))
                continue
            ctx.candidates.append(Candidate(m.start(grp), m.end(grp), "Person", "pattern:alias", 0.85, name=owner))
        for m in self.generic.finditer(ctx.text):
            ctx.candidates.append(Candidate(m.start(), m.end(), "Ministry", "pattern:nickname", 0.9))

    @staticmethod
    def _owner(ctx: Context, cue: int) -> str | None:
        """The full name of the person named right before a nickname's cue ("Ana Ruiz, alias")."""
        near = [c for c in ctx.candidates if c.type == "Person" and c.end <= cue
                and not ctx.text[c.end:cue].strip(" ,(")]
        if not near:
            return None
        c = max(near, key=lambda c: (c.end - c.start, c.trust))
        return c.name or ctx.text[c.start:c.end]
