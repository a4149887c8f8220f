"""One extraction call's working record: the article and what each part has added so far.

In: a :class:`kg.model.Document` and its :class:`kg.nlp.parsed.Parsed`. Out: :class:`Context`,
made fresh by every call of :meth:`kg.extract.extractor.Extractor.extract` and filled by the parts
in order (each part names the fields it reads and adds). Nothing of a call is kept on the
extractor or its parts, so calls can interleave or run in threads.

The context also answers questions about the text that several parts ask (is this position in a
headline, in boilerplate, in a sentence of another language …), each worked out once per call.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from kg.extract.patterns import QUOTES
from kg.extract.records import Anchor, Candidate, CountryHit, EmbeddedPost, LocalAnchor, PartOf, Range, TitleMatch
from kg.extract.time.timex import TimeMention
from kg.ingest.documents import detect_language
from kg.model import (
    AffiliationMention,
    ArticleMentions,
    Document,
    EntityMention,
    EventMention,
    RoleMention,
    Span,
)
from kg.nlp.parsed import Parsed

#: the fields every call starts with
INPUTS = ("doc", "parsed", "text")


@dataclass(eq=False)
class Context:
    doc: Document
    parsed: Parsed
    text: str  # the document's text with plain quotes (same length, same offsets)
    # time anchors (kg.extract.time.anchors)
    anchor: Anchor = field(default_factory=Anchor)
    local_anchors: list[LocalAnchor] = field(default_factory=list)
    embeds: list[EmbeddedPost] = field(default_factory=list)
    # boilerplate (bylines, author bios, comments): not part of the story
    ignore: list[Range] = field(default_factory=list)
    # entities (kg.extract.entities)
    candidates: list[Candidate] = field(default_factory=list)
    part_of: list[PartOf] = field(default_factory=list)
    country_hits: list[CountryHit] | None = None  # found when first needed
    mentions: list[EntityMention] = field(default_factory=list)
    # posts (kg.extract.posts)
    title_matches: list[TitleMatch] = field(default_factory=list)
    roles: list[RoleMention] = field(default_factory=list)
    modifier_spans: set[Range] = field(default_factory=set)  # mentions that only qualify a title
    # affiliations, events
    affiliations: list[AffiliationMention] = field(default_factory=list)
    times: list[TimeMention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    # ------------------------------------------------------------------ where a position is
    def ignored(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.ignore)

    def foreign(self, pos: int) -> bool:
        """Is the sentence at ``pos`` in another language than the article (an embedded quote or
        post)? The statistical model of the article's language is not trusted there."""
        return any(s <= pos < e for s, e in self._foreign)

    @cached_property
    def _foreign(self) -> list[Range]:
        out = []
        for s, e in self.parsed.sentences:
            lang, share = detect_language(self.text[s:e])
            if lang and lang != self.doc.lang and share > 0.75 and len(self.text[s:e].split()) >= 6:
                out.append(Range(s, e))
        return out

    def is_headline(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self._headlines)

    @cached_property
    def _headlines(self) -> list[Range]:
        out = []
        for s, e in self.parsed.sentences:
            words = [w for w in re.findall(r"[^\W\d_]+", self.text[s:e]) if len(w) > 3]
            line = self.text[s:e].strip()
            if len(words) >= 2 and not line.endswith((".", ":", "?", '"')) and \
                    sum(w[0].isupper() for w in words) / len(words) >= 0.7:
                out.append(Range(s, e))
        return out

    def sentence_initial(self, pos: int) -> bool:
        ss, _ = self.parsed.sentence_of(pos)
        return not self.text[ss:pos].strip()

    @cached_property
    def lower_words(self) -> set[str]:
        """The words written in lower case in the text (not after a full stop)."""
        return set(re.findall(r"(?<![\w.] )(?<=\s)([a-záéíóúñ]+)", self.text))

    # ------------------------------------------------------------------ records
    def span(self, s: int, e: int) -> Span:
        ss, se = self.parsed.sentence_of(s)
        return Span(s, e, self.doc.text[s:e], ss, se, self.doc.text[ss:se].strip())

    def update_mentions(self, added, dropped=()) -> None:
        """Add mentions found after settling and drop those they replace, keeping text order."""
        if added or dropped:
            gone = {id(m) for m in dropped}
            self.mentions = sorted([m for m in self.mentions if id(m) not in gone] + list(added),
                                   key=lambda m: m.span.start)

    def mention_spans(self) -> list[Range]:
        return [Range(m.span.start, m.span.end) for m in self.mentions]

    # ------------------------------------------------------------------ in and out
    @classmethod
    def start(cls, doc: Document, parsed: Parsed) -> Context:
        """A new context for one article (its text with plain quotes: same length, same offsets)."""
        return cls(doc, parsed, doc.text.translate(QUOTES))

    def result(self) -> ArticleMentions:
        """What the parts found, as the stage's output."""
        return ArticleMentions(doc=self.doc, entities=self.mentions, roles=self.roles,
                               affiliations=self.affiliations, events=self.events, warnings=self.warnings)
