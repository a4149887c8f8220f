"""A small hand-made resolved corpus (invented text, not the seeds) for RDF/store/query/HTML tests.

Two articles report the same phone call between two foreign ministers and disagree on its date;
one also reports a planned meeting, a statement with a quote and a threat. Expected query results
in the tests are derived from this file, so keep the two in step.
"""
from __future__ import annotations

import datetime as dt

from kg.model import (
    Affiliation,
    ArticleFacts,
    Corpus,
    Document,
    Entity,
    EntityMention,
    EntityOccurrence,
    Event,
    Role,
    Span,
    TimeValue,
)

TEXT_A = (
    "Canadian Foreign Minister Ana Lopez spoke by phone with Brazilian Foreign Minister Rui Costa "
    "on March 3. The two ministers will meet in Ottawa in April. "
    "Itamaraty said the talks were \"frank and useful\". "
    "The Red Hand Gang threatened <script>alert(1)</script> attacks."
)
TEXT_B = (
    "La canciller de Canadá, Ana Lopez, habló por teléfono con el canciller Rui Costa el 4 de marzo."
)


def _span(text: str, needle: str, sentence: str | None = None) -> Span:
    start = text.index(needle)
    sent = sentence or text
    s0 = text.index(sent)
    return Span(start, start + len(needle), needle, s0, s0 + len(sent), sent)


def _mention(text: str, needle: str, etype: str, key: str) -> EntityMention:
    return EntityMention(_span(text, needle), etype, "ner", 0.9, key=key)


def fixture_corpus() -> Corpus:
    ents = {
        "country/canada": Entity("country/canada", "Country", "Canada", "en",
                                 {"Canadá": "es"}, gazetteer_id="canada", wikidata="Q16"),
        "country/brazil": Entity("country/brazil", "Country", "Brazil", "en", {},
                                 gazetteer_id="brazil", wikidata="Q155"),
        "ministry/ca-global-affairs": Entity(
            "ministry/ca-global-affairs", "Ministry", "Global Affairs Canada", "en", {},
            country="country/canada", gazetteer_id="ca-global-affairs"),
        "ministry/br-itamaraty": Entity(
            "ministry/br-itamaraty", "Ministry", "Ministério das Relações Exteriores", "pt",
            {"Itamaraty": None}, country="country/brazil", gazetteer_id="br-itamaraty"),
        "agency/ca-consular": Entity(
            "agency/ca-consular", "Agency", "Consular Affairs Bureau", "en", {},
            country="country/canada", parent="ministry/ca-global-affairs",
            gazetteer_id="ca-consular"),
        "media/example-wire": Entity("media/example-wire", "Media", "Example Wire", None, {}),
        "person/ana-lopez": Entity("person/ana-lopez", "Person", "Ana Lopez", None, {}),
        "person/rui-costa": Entity("person/rui-costa", "Person", "Rui Costa", None, {}),
        "place/ottawa": Entity("place/ottawa", "Place", "Ottawa", "en", {}, gazetteer_id="ottawa"),
        "criminalorganization/red-hand-gang": Entity(
            "criminalorganization/red-hand-gang", "CriminalOrganization", "Red Hand <script>Gang",
            None, {}),
    }
    s1 = TEXT_A.split(". ")[0] + "."
    a_ents = {
        "person/ana-lopez": EntityOccurrence("person/ana-lopez",
                                             [_mention(TEXT_A, "Ana Lopez", "Person", "person/ana-lopez")]),
        "person/rui-costa": EntityOccurrence("person/rui-costa",
                                             [_mention(TEXT_A, "Rui Costa", "Person", "person/rui-costa")]),
        "country/canada": EntityOccurrence("country/canada", []),
        "country/brazil": EntityOccurrence("country/brazil", []),
        "ministry/br-itamaraty": EntityOccurrence(
            "ministry/br-itamaraty", [_mention(TEXT_A, "Itamaraty", "Ministry", "ministry/br-itamaraty")]),
        "place/ottawa": EntityOccurrence("place/ottawa", [_mention(TEXT_A, "Ottawa", "Place", "place/ottawa")]),
        "criminalorganization/red-hand-gang": EntityOccurrence(
            "criminalorganization/red-hand-gang",
            [_mention(TEXT_A, "Red Hand Gang", "CriminalOrganization",
                      "criminalorganization/red-hand-gang")]),
        "agency/ca-consular": EntityOccurrence("agency/ca-consular", []),
    }
    call_a = Event(
        key="communication/call-1", type="Communication", mode="phone",
        participants=[("person/ana-lopez", "initiator"), ("person/rui-costa", "recipient")],
        time=TimeValue("on March 3", "2026-03-03", "day", "published"), place=None,
        status="occurred", trigger=_span(TEXT_A, "spoke by phone"),
        evidence=_span(TEXT_A, s1), quote=None, extractor="trigger", confidence=0.8)
    meet_a = Event(
        key="meeting/meet-1", type="Meeting", mode="in_person",
        participants=[("person/ana-lopez", "participant"), ("person/rui-costa", "participant")],
        time=TimeValue("in April", "2026-04", "month", "published"), place="place/ottawa",
        status="planned", trigger=_span(TEXT_A, "will meet"),
        evidence=_span(TEXT_A, "The two ministers will meet in Ottawa in April."), quote=None,
        extractor="trigger", confidence=0.7)
    stmt_a = Event(
        key="statement/stmt-1", type="Statement", mode=None,
        participants=[("ministry/br-itamaraty", "initiator")], time=None, place=None,
        status="occurred", trigger=_span(TEXT_A, "said"),
        evidence=_span(TEXT_A, "Itamaraty said the talks were \"frank and useful\"."),
        quote="frank and useful", extractor="trigger", confidence=0.7)
    threat_a = Event(
        key="threat/threat-1", type="Threat", mode=None,
        participants=[("criminalorganization/red-hand-gang", "initiator")], time=None, place=None,
        status="occurred", trigger=_span(TEXT_A, "threatened"),
        evidence=_span(TEXT_A, "The Red Hand Gang threatened <script>alert(1)</script> attacks."),
        quote=None, extractor="trigger", confidence=0.6)
    art_a = ArticleFacts(
        doc=Document("fixture-a", TEXT_A, "en", dt.date(2026, 3, 5), "Example Wire",
                     "https://news.example/a", "fixture-a.txt", "a" * 64),
        entities=a_ents,
        roles=[
            Role("person/ana-lopez", "Foreign Minister", "foreign-minister",
                 "ministry/ca-global-affairs", "country/canada", False,
                 _span(TEXT_A, "Canadian Foreign Minister Ana Lopez"), "pattern:title", 0.9, "en"),
            Role("person/rui-costa", "Foreign Minister", "foreign-minister",
                 "ministry/br-itamaraty", "country/brazil", False,
                 _span(TEXT_A, "Brazilian Foreign Minister Rui Costa"), "pattern:title", 0.9, "en"),
        ],
        affiliations=[],
        events=[call_a, meet_a, stmt_a, threat_a],
        publisher="media/example-wire",
    )
    b_ents = {
        "person/ana-lopez": EntityOccurrence("person/ana-lopez",
                                             [_mention(TEXT_B, "Ana Lopez", "Person", "person/ana-lopez")]),
        "person/rui-costa": EntityOccurrence("person/rui-costa",
                                             [_mention(TEXT_B, "Rui Costa", "Person", "person/rui-costa")]),
        "country/canada": EntityOccurrence("country/canada",
                                           [_mention(TEXT_B, "Canadá", "Country", "country/canada")]),
    }
    call_b = Event(
        key="communication/call-1", type="Communication", mode="phone",
        participants=[("person/ana-lopez", "initiator"), ("person/rui-costa", "recipient")],
        time=TimeValue("el 4 de marzo", "2026-03-04", "day", "published"), place=None,
        status="occurred", trigger=_span(TEXT_B, "habló por teléfono"), evidence=_span(TEXT_B, TEXT_B),
        quote=None, extractor="trigger", confidence=0.8)
    art_b = ArticleFacts(
        doc=Document("fixture-b", TEXT_B, "es", dt.date(2026, 3, 6), None, None, "fixture-b.txt",
                     "b" * 64),
        entities=b_ents,
        roles=[Role("person/ana-lopez", "canciller", "foreign-minister", None, "country/canada",
                    False, _span(TEXT_B, "La canciller de Canadá, Ana Lopez"), "pattern:title",
                    0.85, "es")],
        events=[call_b],
    )
    return Corpus(
        entities=ents,
        articles=[art_a, art_b],
        gazetteer_affiliations=[Affiliation("agency/ca-consular", "ministry/ca-global-affairs",
                                            None, "gazetteer", 1.0)],
    )
