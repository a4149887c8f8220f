"""Document + parse -> mentions (entities, posts, affiliations, events, times).

In: a :class:`kg.model.Document` and its :class:`kg.nlp.parsed.Parsed`. Out:
:class:`kg.model.ArticleMentions`.

:class:`Extractor` runs small parts in order over a :class:`kg.extract.context.Context` made fresh
for each call; each part names the context fields it reads and adds (``reads``, ``adds``) and
keeps nothing of a call, so one extractor serves interleaved calls and threads. The parts:

1. time anchors (:mod:`kg.extract.time.anchors`) and boilerplate (:mod:`kg.extract.boilerplate`);
2. entity candidates, in order of trust: the gazetteer (``kg/data/gazetteer.jsonl``), lists of
   criminal groups, title patterns ("Secretary of State Ana Lopez", "la presidenta Lucía Ferrer",
   :mod:`kg.extract.posts`), capitalised runs typed by headwords ("Secretaría de …", "Bureau of
   …", "… Cartel") and given names, the statistical NER where a model is present, appositions
   ("X, Mexico's Foreign Secretary"), surnames and handles (:mod:`kg.extract.entities`);
   overlaps settled by trust, then length;
3. posts (:mod:`kg.extract.posts`), part-of relations (:mod:`kg.extract.affiliations`);
4. events from trigger patterns (``kg/data/triggers.jsonl``), with scope and participants from
   the dependency parse where there is one and from the sentence otherwise, time resolved by
   :mod:`kg.extract.time.timex`, status from cue words (``kg/data/lexicon.json``)
   (:mod:`kg.extract.events`); then who attended a call or meeting
   (:mod:`kg.extract.events.attendance`), who made an arrest or seizure in an operation
   (:mod:`kg.extract.events.operations`) and the day of the occasion a news lead reports
   (:mod:`kg.extract.events.occasion`).

All knowledge of particular actors lives in the data files, not here.
"""
from __future__ import annotations

import datetime as dt
from typing import ClassVar, Protocol

from kg.data import Gazetteer, Title, Trigger, default_resources
from kg.extract.affiliations import Affiliations
from kg.extract.boilerplate import Boilerplate
from kg.extract.context import Context
from kg.extract.entities.aliases import CoordinatedPersons, HandleCandidates, SurnameCandidates
from kg.extract.entities.chunks import ChunkCandidates
from kg.extract.entities.datelines import DatelineCandidates
from kg.extract.entities.gazetteer import GazetteerCandidates
from kg.extract.entities.headwords import HeadwordTyper
from kg.extract.entities.leaders import LeaderMentions
from kg.extract.entities.lists import ListCandidates
from kg.extract.entities.ner import NerCandidates
from kg.extract.entities.nicknames import InitialCandidates, NicknameCandidates
from kg.extract.entities.places import PlaceCandidates
from kg.extract.entities.settle import Settle
from kg.extract.events.attendance import Attendance
from kg.extract.events.builder import Events
from kg.extract.events.occasion import LeadOccasion
from kg.extract.events.operations import OperationActors
from kg.extract.patterns import Patterns
from kg.extract.posts import AppositionCandidates, Posts, TitleCandidates, TitlePatterns
from kg.extract.time.anchors import Anchors
from kg.model import ArticleMentions, Document
from kg.nlp.parsed import Parsed


class Part(Protocol):
    """One step of extraction: reads some fields of the context and adds others."""
    reads: ClassVar[tuple[str, ...]]
    adds: ClassVar[tuple[str, ...]]

    def run(self, ctx: Context) -> None: ...


class Extractor:
    """The parts, built once from the data; :meth:`extract` runs them on one article."""

    def __init__(self, gaz: Gazetteer, titles: list[Title], triggers: list[Trigger], lex: dict,
                 today: dt.date | None = None):
        self.gaz, self.titles, self.triggers, self.lex = gaz, titles, triggers, lex
        self.today = today or dt.date.today()
        self.patterns = Patterns(gaz, titles, lex)
        typer = HeadwordTyper(self.patterns)
        title_patterns = TitlePatterns(self.patterns)
        self.parts: tuple[Part, ...] = (
            Anchors(self.today),
            Boilerplate(lex),
            GazetteerCandidates(self.patterns),
            ListCandidates(self.patterns),
            DatelineCandidates(self.patterns),
            InitialCandidates(self.patterns),
            TitleCandidates(title_patterns),
            ChunkCandidates(self.patterns, typer),
            NerCandidates(self.patterns, typer),
            AppositionCandidates(title_patterns),
            NicknameCandidates(self.patterns),
            CoordinatedPersons(self.patterns),
            SurnameCandidates(self.patterns),
            HandleCandidates(),
            PlaceCandidates(self.patterns),
            Settle(self.patterns),
            LeaderMentions(self.patterns),
            Posts(title_patterns),
            Affiliations(lex, gaz),
            Events(self.patterns, triggers, lex),
            Attendance(lex),
            OperationActors(lex),
            LeadOccasion(lex),
        )

    def extract(self, doc: Document, parsed: Parsed) -> ArticleMentions:
        ctx = Context.start(doc, parsed)
        for part in self.parts:
            part.run(ctx)
        return ctx.result()


_DEFAULT: Extractor | None = None


def default_extractor() -> Extractor:
    """The extractor over the package's data files, built once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Extractor(*default_resources())
    return _DEFAULT
