"""Entity candidates from capitalised runs ("chunks"), typed by their words.

Reads: ``text``. Adds: ``candidates`` and ``part_of``. A run is trimmed of leading articles,
trailing connectors and calendar words; then it is an organisation typed by its headwords
(extractor "headword", see :mod:`kg.extract.entities.headwords`), a person when it starts with a
known given name ("given-name": the Spanish path has no statistical NER), and a medium when it
ends in a media headword ("Times") or follows a media cue ("according to"; "pattern:media").
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.entities.headwords import HeadwordTyper
from kg.extract.patterns import CAP_RUN, Patterns
from kg.extract.records import Candidate
from kg.extract.time.timex import CALENDAR_WORDS

LEADING = ("The", "La", "El", "Los", "Las", "A", "An", "In", "En")
LEADING_LOWER = ("of", "for", "and", "the", "de", "del", "y")
TRAILING = ("of", "for", "and", "the", "de", "del", "y", "la", "el", "en", "to", "&", "on")


class ChunkCandidates:
    reads = ("text", "parsed")
    adds = ("candidates", "part_of")

    def __init__(self, pat: Patterns, typer: HeadwordTyper):
        self.pat, self.typer = pat, typer
        self.person_name = re.compile(pat.person_name)

    def run(self, ctx: Context) -> None:
        for m in CAP_RUN.finditer(ctx.text):
            s, words = self._trim(ctx.text, m)
            if not words:
                continue
            e = s
            for w in words:
                e = ctx.text.index(w, e) + len(w)
            if ctx.is_headline(s):
                continue
            typed = self.typer.split(ctx.text, s, e)
            ctx.part_of.extend(typed.part_of)
            # a run that starts with a title ("Secretary of Finance Karen Whitfield") is no body's name
            titled = words[0] in self.pat.title_words and words[0] not in self.pat.org_heads
            ctx.candidates.extend(self.typer.candidate(ctx.text, p, "headword", 0.75) for p in typed.pieces
                                  if not (titled and p.start == s))
            if len(words) >= 2 and not any(w in self.pat.org_heads for w in words):
                self._given_names(ctx, s, e, words)
            ms = self._media(ctx.text, s, e, words)
            if ms is not None and not any(w in self.pat.government_heads for w in words):
                ctx.candidates.append(Candidate(ms, e, "Media", "pattern:media", 0.6))

    def _given_names(self, ctx: Context, s: int, e: int, words: list[str]) -> None:
        """Names that start with a known given name: people (the Spanish path has no NER), also
        each one of a run joined by "y"/"and" ("Ana Ruiz y Pedro Paz")."""
        pos = s
        for k, w in enumerate(words):
            pos = ctx.text.index(w, pos)
            if w in self.pat.given and (k == 0 or words[k - 1] in ("y", "e", "and")):
                nm = self.person_name.match(ctx.text[pos:e])
                if nm and len(nm.group(0).split()) >= 2:
                    ctx.candidates.append(Candidate(pos, pos + len(nm.group(0)), "Person",
                                                    "given-name", 0.7))
            pos += len(w)

    @staticmethod
    def _trim(text: str, m: re.Match) -> tuple[int, list[str]]:
        """The run's start and words without leading articles and function words, and without
        calendar words ("the Red Viper Cartel on Monday") and connectors at the end."""
        s, e, run = m.start(), m.end(), m.group(0)
        words = run.split()
        while words and (words[0] in LEADING or words[0].lower() in LEADING_LOWER):
            s += len(words[0]) + (len(run[len(words[0]):]) - len(run[len(words[0]):].lstrip()))
            s = text.index(words[1], s) if len(words) > 1 else e
            words = words[1:]
        for k, w in enumerate(words):
            if k and w.lower().rstrip(".,") in CALENDAR_WORDS:
                words = words[:k]
                break
        while words and words[-1].lower() in TRAILING:
            words = words[:-1]
        return s, words

    def _media(self, text: str, s: int, e: int, words: list[str]) -> int | None:
        """Where a medium's name starts in the run: it ends in a media headword ("… Times"),
        follows a media cue ("according to …"), or is the subject of a report frame ("As …
        reported", the frame's first word in the run or before it); else None."""
        if (len(words) <= 5 and words[-1] in self.pat.media_heads) or \
                self.pat.media_before.search(text[max(0, s - 25):s]):
            return s
        if not self.pat.media_frame_after.match(text, e) or len(words) > 5:
            return None
        if len(words) > 1 and self.pat.media_frame_before.search(words[0] + " "):
            s, words = text.index(words[1], s + len(words[0])), words[1:]
        elif not self.pat.media_frame_before.search(text[max(0, s - 10):s]):
            return None
        return None if words[0] in self.pat.given else s  # "As Ana Ruiz reported": a person
