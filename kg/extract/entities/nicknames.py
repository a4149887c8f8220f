"""Names of a special form: suspects named by given names and an initial, nicknames, functions.

Initials — reads: ``text``. Adds: ``candidates`` (extractor "pattern:initial"): given names and a
quoted initial, the way the Mexican press names a suspect ('Juan "N"', "Ana 'M'"), are a person
whose name includes the initial.
Nicknames — reads: ``text``. Adds: ``candidates`` (extractor "pattern:nickname", no entity): a
quoted name after a nickname cue ('alias "El Tigre"', "known as 'The Wolf'"; the lexicon's
"nickname_cues") claims its words, so that no other source makes a place or a body of them; so
does the name of a function, not of one body (the lexicon's "generic_body_names": "Ministerio
Público").
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
    reads = ("text",)
    adds = ("candidates",)

    def __init__(self, pat: Patterns):
        self.nickname = re.compile(rf"(?<![\w])(?:{alt(pat.lex['nickname_cues'], ignore_case=True)}),?\s+"
                                   rf"(?P<q>[\"'])(?P<nick>[^\"'\n]{{1,40}}?)(?P=q)", re.IGNORECASE)

        self.generic = re.compile(rf"(?<![\w])(?:{alt(pat.lex['generic_body_names'])})(?![\w])")

    def run(self, ctx: Context) -> None:
        for m in self.nickname.finditer(ctx.text):
            ctx.candidates.append(Candidate(m.start("q"), m.end(), "Person", "pattern:nickname", 0.9))
        for m in self.generic.finditer(ctx.text):
            ctx.candidates.append(Candidate(m.start(), m.end(), "Ministry", "pattern:nickname", 0.9))
