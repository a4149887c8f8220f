"""The parse of one text as plain data: what the NLP stage hands to extraction.

In: nothing (these are records). Out: :class:`Token`, :class:`NerSpan` and :class:`Parsed`
(tokens with lemma, part of speech and dependency head; sentences as character spans; statistical
entity spans), with the lookups extraction needs (sentence of a character, tokens in a span,
dependants of a token). This module does not import spaCy: :mod:`kg.nlp.pipeline` makes these
records from spaCy's documents, and everything downstream reads only them.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple


class Token(NamedTuple):
    """One token (a tuple: an article has thousands, made in one go by the pipeline)."""
    i: int
    start: int
    end: int
    text: str
    lemma: str
    pos: str
    dep: str
    head: int
    is_sent_start: bool


@dataclass(frozen=True)
class NerSpan:
    """A statistical entity span: characters, label, text and token range."""
    start: int
    end: int
    label: str
    text: str
    tok_start: int
    tok_end: int


@dataclass
class Parsed:
    """One text's tokens, sentences (character spans) and entity spans."""
    text: str
    lang: str
    tokens: list[Token] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)  # char spans
    ents: list[NerSpan] = field(default_factory=list)
    has_parse: bool = False
    has_ner: bool = False
    model: str = ""

    def sentence_of(self, char: int) -> tuple[int, int]:
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s, e = self.sentences[mid]
            if char < s:
                hi = mid - 1
            elif char >= e:
                lo = mid + 1
            else:
                return s, e
        return (0, len(self.text))

    def token_at(self, char: int) -> Token | None:
        lo, hi = 0, len(self.tokens) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            t = self.tokens[mid]
            if char < t.start:
                hi = mid - 1
            elif char >= t.end:
                lo = mid + 1
            else:
                return t
        return None

    def tokens_in(self, start: int, end: int) -> list[Token]:
        """The tokens that lie within [start, end): a run of the tokens, which follow one another
        without overlapping."""
        tokens = self.tokens
        i = j = bisect_left(self._starts, start)
        while j < len(tokens) and tokens[j].end <= end:
            j += 1
        return tokens[i:j]

    @cached_property
    def _starts(self) -> list[int]:
        return [t.start for t in self.tokens]

    @cached_property
    def children(self) -> dict[int, list[int]]:
        """Token index -> the indices of its dependants, in text order."""
        out: dict[int, list[int]] = {}
        for t in self.tokens:
            if t.head != t.i:
                out.setdefault(t.head, []).append(t.i)
        return out
