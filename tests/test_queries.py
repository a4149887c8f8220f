"""kg.queries.library and queries/*.rq: every query on the fixture corpus, on Oxigraph and on rdflib."""
from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from fixture_corpus import TEXT_A, TEXT_B, fixture_corpus
from rdflib import Dataset, Literal, URIRef

from kg.graph.iris import IRIs
from kg.graph.namespaces import KGO, ORG, PREFIXES, RDF, RDFS, SEM
from kg.graph.writer import corpus_to_dataset
from kg.queries.formats import FORMATS, compact, format_result
from kg.queries.library import (
    ParamSpec,
    QueryError,
    QueryLibrary,
    internal_library,
    internal_query,
    queries_dir,
    to_term,
)
from kg.queries.readme import render_readme
from kg.store.binding import bind_values
from kg.store.embedded import RdflibEngine, Store
from kg.store.results import Result

IRI = IRIs()
ANA, RUI = "kgd:entity/person/ana-lopez", "kgd:entity/person/rui-costa"
CALL, MEET = "kgd:event/communication/call-1", "kgd:event/meeting/meet-1"
STMT, THREAT = "kgd:event/statement/stmt-1", "kgd:event/threat/threat-1"
ITAMARATY = "kgd:entity/ministry/br-itamaraty"
ITAMARATY_NAME = "Ministério das Relações Exteriores"
#: values for the required parameters, to run every query
REQUIRED = {"actor_events": {"actor": "Ana Lopez"}, "evidence": {"about": CALL},
            "find_entity": {"name": "a"}, "organisation_members": {"org": "Global Affairs Canada"},
            "sub_units": {"org": "Global Affairs Canada"},
            "ancestors": {"org": "Consular Affairs Bureau"},
            "interaction_chain": {"from": "Ana Lopez", "to": "Rui Costa"},
            "fact_evidence": {"actor": "Ana Lopez"}}

LIB = QueryLibrary()


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return corpus_to_dataset(fixture_corpus())


@pytest.fixture(scope="module")
def oxigraph(ds) -> Store:
    store = Store.memory()
    store.replace_dataset(ds)
    return store


@pytest.fixture(scope="module")
def rdflib_engine(ds) -> RdflibEngine:
    return RdflibEngine(ds)


@pytest.fixture(params=["oxigraph", "rdflib"])
def engine(request, oxigraph, rdflib_engine):
    return oxigraph if request.param == "oxigraph" else rdflib_engine


def plain(term):
    """A result term as a test-friendly value: IRIs compacted, numbers and booleans as Python."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return compact(str(term))
    value = term.toPython() if isinstance(term, Literal) else term
    if isinstance(value, (bool, int, Decimal, float)):
        return value
    return str(term)


def rows(engine, query: str, /, **params) -> list[tuple]:
    return [tuple(plain(t) for t in row) for row in LIB.run(query, engine, params).rows]


def column(engine, query: str, col: str, /, **params) -> list:
    res = LIB.run(query, engine, params)
    i = res.columns.index(col)
    return [plain(row[i]) for row in res.rows]


# ----------------------------------------------------------------------------- the library


def test_library_has_the_queries_with_headers():
    specs = LIB.list()
    assert len(specs) >= 30
    assert [s.number for s in specs] == list(range(1, len(specs) + 1))
    for s in specs:
        assert s.summary and s.tags and s.example.startswith("kg query " + s.name), s.stem
        assert "ORDER BY" in s.sparql, f"{s.stem}: results must be ordered"
        assert "#+" not in s.sparql


def test_get_by_slug_number_or_stem():
    assert LIB.get("communications") == LIB.get(3) == LIB.get("003") == \
        LIB.get("003_communications") == LIB.get("003_communications.rq")
    with pytest.raises(QueryError, match="did you mean communications"):
        LIB.get("comunications")


@pytest.mark.parametrize("spec", LIB.list(), ids=lambda s: s.stem)
def test_every_query_gives_the_same_result_on_both_engines(spec, oxigraph, rdflib_engine):
    params = REQUIRED.get(spec.name, {})
    a = LIB.run(spec.name, oxigraph, params)
    b = LIB.run(spec.name, rdflib_engine, params)
    assert a.columns == b.columns
    # plain(): Oxigraph returns typed literals in canonical form ("0.9", xsd:integer)
    assert [tuple(map(plain, r)) for r in a.rows] == [tuple(map(plain, r)) for r in b.rows]
    assert a.rows, f"{spec.stem} finds nothing in the fixture corpus"


@pytest.mark.parametrize("spec", LIB.list(), ids=lambda s: s.stem)
def test_every_query_finds_nothing_in_an_empty_store(spec):
    params = {k: "http://example.org/x" if k != "name" else "x"
              for k in REQUIRED.get(spec.name, {})}
    for engine in (Store.memory(), RdflibEngine(Dataset())):
        assert LIB.run(spec.name, engine, params).rows == []


# ----------------------------------------------------------------------------- expected results


def test_001_actors_by_type(engine):
    assert rows(engine, "actors_by_type") == [
        ("kgd:entity/agency/ca-consular", "Consular Affairs Bureau", "Agency", "Canada"),
        ("kgd:entity/country/brazil", "Brazil", "Country", None),
        ("kgd:entity/country/canada", "Canada", "Country", None),
        ("kgd:entity/criminalorganization/red-hand-gang", "Red Hand <script>Gang",
         "CriminalOrganization", None),
        ("kgd:entity/ministry/ca-global-affairs", "Global Affairs Canada", "Ministry", "Canada"),
        (ITAMARATY, ITAMARATY_NAME, "Ministry", "Brazil"),
        (ANA, "Ana Lopez", "Person", "Canada"),
        (RUI, "Rui Costa", "Person", "Brazil"),
    ]
    assert column(engine, "actors_by_type", "actor", type="person") == [ANA, RUI]


def test_002_posts(engine):
    assert rows(engine, "posts") == [
        (ANA, "Ana Lopez", "Foreign Minister", "Global Affairs Canada", "Canada", False,
         "2026-03-05", "fixture-a"),
        (ANA, "Ana Lopez", "canciller", None, "Canada", False, "2026-03-06", "fixture-b"),
        (RUI, "Rui Costa", "Foreign Minister", ITAMARATY_NAME, "Brazil", False, "2026-03-05",
         "fixture-a"),
    ]
    assert column(engine, "posts", "role", person="rui costa") == ["Foreign Minister"]


def test_003_communications_keep_both_reports(engine):
    got = rows(engine, "communications")
    assert [r[:6] for r in got] == [
        (CALL, "2026-03-03", "kgo:Phone", "Ana Lopez", "Rui Costa", "fixture-a"),
        (CALL, "2026-03-04", "kgo:Phone", "Ana Lopez", "Rui Costa", "fixture-b"),
    ]
    assert "spoke by phone" in got[0][6] and "habló por teléfono" in got[1][6]
    assert rows(engine, "communications", actor="Rui Costa") == got
    assert rows(engine, "communications", actor="kgd:entity/place/ottawa") == []


def test_004_actor_events(engine):
    got = rows(engine, "actor_events", actor=ANA)
    assert [r[:7] for r in got] == [
        (CALL, "kgo:Communication", "initiator", "kgo:Occurred", "2026-03-03", "2026-03-04", 2),
        (MEET, "kgo:Meeting", "participant", "kgo:Planned", "2026-04-01", "2026-04-30", 1),
    ]
    assert got[0][7].startswith("Communication (phone): Ana Lopez, Rui Costa")
    assert column(engine, "actor_events", "role", actor="Rui Costa") == ["recipient", "participant"]
    assert column(engine, "actor_events", "event", actor="Red Hand Gang") == [THREAT]


def test_005_planned_meetings_in_ottawa_in_april(engine):
    got = rows(engine, "planned_meetings")
    assert [r[:6] for r in got] == [
        (MEET, "2026-04", "Ottawa", "Ana Lopez, Rui Costa", "kgo:Planned", "fixture-a")]
    assert "will meet in Ottawa" in got[0][6]


def test_006_org_hierarchy(engine):
    expected = [("kgd:entity/agency/ca-consular", "Consular Affairs Bureau", 1,
                 "kgd:entity/ministry/ca-global-affairs", "Global Affairs Canada")]
    assert rows(engine, "org_hierarchy") == expected
    assert rows(engine, "org_hierarchy", org="Global Affairs Canada") == expected
    assert rows(engine, "org_hierarchy", org="Itamaraty") == []


def test_006_org_hierarchy_follows_the_path_transitively():
    ds = corpus_to_dataset(fixture_corpus())
    top = URIRef("http://example.org/government")
    g = ds.graph(URIRef("http://example.org/graph/extra"))
    g.add((IRI.entity("ministry/ca-global-affairs"), ORG.subOrganizationOf, top))
    g.add((top, RDFS.label, Literal("Government")))
    for engine in (RdflibEngine(ds), Store.memory()):
        if isinstance(engine, Store):
            engine.replace_dataset(ds)
        got = rows(engine, "org_hierarchy", org="Consular Affairs Bureau")
        assert [(r[0], r[2], r[4]) for r in got] == [
            ("kgd:entity/agency/ca-consular", 1, "Global Affairs Canada"),
            ("kgd:entity/agency/ca-consular", 2, "Government"),
        ]


def test_007_actors_by_country(engine):
    assert [(r[1], r[3], r[4], r[5]) for r in rows(engine, "actors_by_country")] == [
        ("Brazil", ITAMARATY_NAME, "Ministry", "stated"),
        ("Brazil", "Rui Costa", "Person", "post"),
        ("Canada", "Consular Affairs Bureau", "Agency", "stated"),
        ("Canada", "Global Affairs Canada", "Ministry", "stated"),
        ("Canada", "Ana Lopez", "Person", "post"),
    ]
    # Canadá is an alias (skos:altLabel) of Canada
    assert column(engine, "actors_by_country", "name", country="Canadá") == [
        "Consular Affairs Bureau", "Global Affairs Canada", "Ana Lopez"]


def test_008_event_reports(engine):
    assert rows(engine, "event_reports") == [
        (CALL, "kgo:Communication", 2, "fixture-a, fixture-b"),
        (MEET, "kgo:Meeting", 1, "fixture-a"),
        (STMT, "kgo:Statement", 1, "fixture-a"),
        (THREAT, "kgo:Threat", 1, "fixture-a"),
    ]


def test_009_evidence(engine):
    a, b = TEXT_A.index("spoke by phone"), TEXT_B.index("habló por teléfono")
    got = rows(engine, "evidence", about=CALL)
    assert [r[:4] + r[5:7] for r in got] == [
        ("fixture-a", a, a + 14, "spoke by phone", "trigger", Decimal("0.8")),
        ("fixture-b", b, b + 18, "habló por teléfono", "trigger", Decimal("0.8")),
    ]
    assert "spoke by phone" in got[0][4]
    assert got[0][7] == f"kgd:mention/fixture-a/event/{a}-{a + 14}"
    assert column(engine, "evidence", "anchor", about="Ana Lopez") == ["Ana Lopez", "Ana Lopez"]


def test_010_co_participation(engine):
    assert rows(engine, "co_participation") == [(ANA, "Ana Lopez", RUI, "Rui Costa", 2, 2)]
    assert rows(engine, "co_participation", actor="Itamaraty") == []


def test_011_timeline(engine):
    got = rows(engine, "timeline")
    assert [(r[0], r[1], r[4], r[6], r[7]) for r in got] == [
        ("2026-03-03", "kgo:DayPrecision", CALL, "fixture-a", "Example Wire"),
        ("2026-03-04", "kgo:DayPrecision", CALL, "fixture-b", None),
        ("2026-04", "kgo:MonthPrecision", MEET, "fixture-a", "Example Wire"),
    ]
    assert column(engine, "timeline", "article", **{"from": "2026-03-04", "to": "2026-03-31"}) \
        == ["fixture-b"]
    assert column(engine, "timeline", "date", **{"from": "2026-04-30"}) == ["2026-04"]


def test_012_reports_disagree_on_the_date(engine):
    assert rows(engine, "date_disagreements") == [
        (CALL, "2026-03-03", "fixture-a", "2026-03-04", "fixture-b", "conflict")]


def test_013_events_by_type_status(engine):
    assert rows(engine, "events_by_type_status") == [
        ("kgo:Communication", "kgo:Occurred", 1, 2),
        ("kgo:Meeting", "kgo:Planned", 1, 1),
        ("kgo:Statement", "kgo:Occurred", 1, 1),
        ("kgo:Threat", "kgo:Occurred", 1, 1),
    ]


def test_014_quotes(engine):
    assert rows(engine, "quotes") == [
        (ITAMARATY, ITAMARATY_NAME, "frank and useful", None, "kgo:Statement", None, "fixture-a",
         "Example Wire", STMT)]
    assert rows(engine, "quotes", speaker="Ana Lopez") == []


def test_015_graph_statistics(engine, oxigraph):
    got = rows(engine, "graph_statistics")
    assert {r[1]: r[2] for r in got if r[0] == "1 triples per graph"} == \
        {compact(g): n for g, n in oxigraph.counts().items()}
    # only entities an article mentions (gaf:denotedBy): the fixture's outlet, agency, second
    # country and second ministry have no mention there
    assert [r[1:] for r in got if r[0] == "2 entities by type"] == [
        ("kgo:Country", 1), ("kgo:CriminalOrganization", 1), ("kgo:Ministry", 1),
        ("kgo:Person", 2), ("kgo:Place", 1)]
    assert {r[1]: r[2] for r in got if r[0] == "0 totals"} == {
        "entities": 6, "events": 4, "named graphs": len(oxigraph.counts()),
        "triples": sum(oxigraph.counts().values())}
    assert [r[1:] for r in got if r[0] == "3 events by type"] == [
        ("kgo:Communication", 1), ("kgo:Meeting", 1), ("kgo:Statement", 1), ("kgo:Threat", 1)]


def test_016_articles(engine):
    assert [r[:6] for r in rows(engine, "articles")] == [
        ("fixture-a", "2026-03-05", "en", "Example Wire", "https://news.example/a", 4),
        ("fixture-b", "2026-03-06", "es", None, None, 1),
    ]


def test_017_find_entity(engine):
    assert rows(engine, "find_entity", name="LOPEZ") == [(ANA, "Ana Lopez", "Person", "Ana Lopez")]
    assert {r[0] for r in rows(engine, "find_entity", name="itamar")} == {ITAMARATY}


def test_018_event_timeline(engine):
    got = rows(engine, "event_timeline")
    events = []
    for r in got:
        if r[0] not in events:
            events.append(r[0])
    assert events[:2] == [CALL, MEET]  # dated, in order; undated ones after
    assert {r[0] for r in got} == {CALL, MEET, STMT, THREAT}
    call_rows = [r for r in got if r[0] == CALL]
    assert {(r[4], r[6]) for r in call_rows} == {("2026-03-03", "fixture-a"), ("2026-03-04", "fixture-b")}
    assert {r[0] for r in rows(engine, "event_timeline", actor="Itamaraty")} == {STMT}


GLOBAL_AFFAIRS, CONSULAR = "kgd:entity/ministry/ca-global-affairs", "kgd:entity/agency/ca-consular"


def test_019_actors_by_post(engine):
    got = rows(engine, "actors_by_post")
    assert [(r[0], r[2], r[4], r[5], r[6], r[7]) for r in got] == [
        ("kgd:role/foreign-minister", ANA, None, "Canada", "current", 1),
        ("kgd:role/foreign-minister", ANA, "Global Affairs Canada", "Canada", "current", 1),
        ("kgd:role/foreign-minister", RUI, ITAMARATY_NAME, "Brazil", "current", 1),
    ]
    # the Spanish title as worded finds the post
    assert column(engine, "actors_by_post", "person", post="CANCILLER") == [ANA]
    assert rows(engine, "actors_by_post", post="ambassador") == []


def test_020_organisation_members_include_sub_units(engine):
    assert rows(engine, "organisation_members", org="Global Affairs Canada") == [
        (ANA, "Ana Lopez", "Foreign Minister", GLOBAL_AFFAIRS, "Global Affairs Canada", "current", 1)]
    assert rows(engine, "organisation_members", org="Consular Affairs Bureau") == []


def test_020_organisation_members_follow_sub_units_transitively():
    ds = corpus_to_dataset(fixture_corpus())
    top = URIRef("http://example.org/government")
    ds.graph(URIRef("http://example.org/graph/extra")).add(
        (IRI.entity("ministry/ca-global-affairs"), ORG.subOrganizationOf, top))
    for engine in (RdflibEngine(ds), Store.memory()):
        if isinstance(engine, Store):
            engine.replace_dataset(ds)
        assert column(engine, "organisation_members", "person",
                      org="http://example.org/government") == [ANA]


def test_021_aliases_by_language(engine):
    got = rows(engine, "aliases")
    assert ("kgd:entity/country/canada", "Canada", "Country", "es", 1, "Canadá") in got
    assert {r[3] for r in got if r[0] == ITAMARATY} == {"-", "en"}
    assert rows(engine, "aliases", entity="Canadá") == [
        ("kgd:entity/country/canada", "Canada", "Country", "es", 1, "Canadá")]


def test_022_post_history(engine):
    assert rows(engine, "post_history", person="Ana Lopez") == [
        (ANA, "Ana Lopez", "Foreign Minister", "Canada", "current", "2026-03-06", "2026-03-06", 1,
         "canciller"),
        (ANA, "Ana Lopez", "Foreign Minister", "Global Affairs Canada", "current", "2026-03-05",
         "2026-03-05", 1, "Foreign Minister"),
    ]
    assert column(engine, "post_history", "person", post="minister") == [ANA, ANA, RUI]
    assert rows(engine, "post_history", post="rector") == []


def _deeper(ds):
    """The fixture plus a unit under the consular bureau and a government above the ministry."""
    g = ds.graph(URIRef("http://example.org/graph/extra"))
    desk = URIRef("http://example.org/passport-desk")
    g.add((desk, ORG.subOrganizationOf, IRI.entity("agency/ca-consular")))
    g.add((desk, RDFS.label, Literal("Passport Desk")))
    g.add((IRI.entity("ministry/ca-global-affairs"), ORG.subOrganizationOf,
           URIRef("http://example.org/government")))
    return ds


def test_023_sub_units(engine):
    assert rows(engine, "sub_units", org="Global Affairs Canada") == [
        (CONSULAR, "Consular Affairs Bureau", GLOBAL_AFFAIRS, "Global Affairs Canada", 1)]
    assert rows(engine, "sub_units", org="Consular Affairs Bureau") == []


def test_023_sub_units_and_024_ancestors_at_any_depth():
    ds = _deeper(corpus_to_dataset(fixture_corpus()))
    for engine in (RdflibEngine(ds), Store.memory()):
        if isinstance(engine, Store):
            engine.replace_dataset(ds)
        got = rows(engine, "sub_units", org="Global Affairs Canada")
        assert [(r[1], r[3], r[4]) for r in got] == [
            ("Consular Affairs Bureau", "Global Affairs Canada", 1),
            ("Passport Desk", "Consular Affairs Bureau", 2)]
        got = rows(engine, "ancestors", org="http://example.org/passport-desk")
        assert [(r[0], r[3], r[4]) for r in got] == [
            (CONSULAR, "", 1), (GLOBAL_AFFAIRS, "", 2), ("http://example.org/government", "top", 3)]


def test_024_ancestors(engine):
    assert rows(engine, "ancestors", org="Consular Affairs Bureau") == [
        (GLOBAL_AFFAIRS, "Global Affairs Canada", "Canada", "top", 1)]
    assert rows(engine, "ancestors", org="Global Affairs Canada") == []


def test_025_interaction_counts(engine):
    # the call counts once (two reports), with the earliest and latest date the reports give;
    # the planned meeting is not an interaction that took place
    assert rows(engine, "interaction_counts") == [
        (ANA, "Ana Lopez", RUI, "Rui Costa", 1, 0, 2, "2026-03-03", "2026-03-04")]
    assert rows(engine, "interaction_counts", actor="Itamaraty") == []


def test_026_interaction_chain_direct(engine):
    assert rows(engine, "interaction_chain", **{"from": "Ana Lopez", "to": "Rui Costa"}) == [
        (1, "Ana Lopez -> Rui Costa", CALL, None, None)]
    assert rows(engine, "interaction_chain", **{"from": "Ana Lopez", "to": "Itamaraty"}) == []
    assert rows(engine, "interaction_chain", **{"from": "Ana Lopez", "to": "Ana Lopez"}) == []


def test_026_interaction_chain_keeps_only_the_shortest():
    """Ana - Rui (call), Rui - Itamaraty (e2), Itamaraty - Gang (e3), Ana - Gang (e4, negated)."""
    ds = corpus_to_dataset(fixture_corpus())
    g = ds.graph(URIRef("http://example.org/graph/extra"))
    ex = "http://example.org/event/"
    gang = IRI.entity("criminalorganization/red-hand-gang")
    for name, actors, status in (("e2", [IRI.entity("person/rui-costa"),
                                         IRI.entity("ministry/br-itamaraty")], KGO.Occurred),
                                 ("e3", [IRI.entity("ministry/br-itamaraty"), gang], KGO.Occurred),
                                 ("e4", [IRI.entity("person/ana-lopez"), gang], KGO.Negated)):
        g.add((URIRef(ex + name), KGO.status, status))
        for a in actors:
            g.add((URIRef(ex + name), SEM.hasActor, a))
    for engine in (RdflibEngine(ds), Store.memory()):
        if isinstance(engine, Store):
            engine.replace_dataset(ds)
        assert rows(engine, "interaction_chain", **{"from": "Ana Lopez", "to": "Itamaraty"}) == [
            (2, f"Ana Lopez -> Rui Costa -> {ITAMARATY_NAME}", CALL, ex + "e2", None)]
        # the negated event does not link Ana to the gang: three steps
        got = rows(engine, "interaction_chain", **{"from": ANA, "to": "Red Hand Gang"})
        assert got == [(3, f"Ana Lopez -> Rui Costa -> {ITAMARATY_NAME} -> Red Hand <script>Gang",
                        CALL, ex + "e2", ex + "e3")]


def test_027_events_by_month(engine):
    assert rows(engine, "events_by_month") == [
        ("2026-03", "Communication", "Occurred", 1, 2), ("2026-04", "Meeting", "Planned", 1, 1)]
    assert rows(engine, "events_by_month", type="MEETING") == [
        ("2026-04", "Meeting", "Planned", 1, 1)]


def test_028_meetings_planned_vs_held(engine):
    got = rows(engine, "meetings_planned_vs_held")
    assert [r[:6] for r in got] == [(MEET, "2026-04-01", 1, 0, 0, "planned, not reported held")]
    assert rows(engine, "meetings_planned_vs_held", actor="Itamaraty") == []


def test_029_outlet_reports(engine):
    assert rows(engine, "outlet_reports") == [
        ("Example Wire", "fixture-a", "kgo:Communication", 1, 0),
        ("Example Wire", "fixture-a", "kgo:Meeting", 1, 1),
        ("Example Wire", "fixture-a", "kgo:Statement", 1, 1),
        ("Example Wire", "fixture-a", "kgo:Threat", 1, 1),
        (None, "fixture-b", "kgo:Communication", 1, 0),
    ]
    assert column(engine, "outlet_reports", "article", outlet="Example Wire") == ["fixture-a"] * 4


def test_030_single_source_facts(engine):
    got = rows(engine, "single_source_facts")
    assert [r[:4] for r in got] == [
        ("Meeting", MEET, "fixture-a", "Example Wire"),
        ("Statement", STMT, "fixture-a", "Example Wire"),
        ("Threat", THREAT, "fixture-a", "Example Wire"),
    ]
    assert column(engine, "single_source_facts", "event", type="threat") == [THREAT]


def test_031_confirmed_facts(engine):
    assert rows(engine, "confirmed_facts") == [
        ("Communication", CALL, 2, "fixture-a, fixture-b")]
    assert rows(engine, "confirmed_facts", min="3") == []
    assert len(rows(engine, "confirmed_facts", min="1")) == 4


def test_032_report_disagreements(engine):
    assert rows(engine, "report_disagreements") == [
        (CALL, "date", "fixture-a", "2026-03-03", "fixture-b", "2026-03-04")]
    assert rows(engine, "report_disagreements", event=MEET) == []


def test_032_report_disagreements_status_and_participants():
    ds = corpus_to_dataset(fixture_corpus())
    b = next(x for x in ds.graphs() if str(x.identifier).endswith("/fixture-b"))
    call = IRI.event("communication/call-1")
    b.remove((call, KGO.status, KGO.Occurred))
    b.add((call, KGO.status, KGO.Planned))
    b.add((call, SEM.hasActor, IRI.entity("ministry/br-itamaraty")))
    for engine in (RdflibEngine(ds), Store.memory()):
        if isinstance(engine, Store):
            engine.replace_dataset(ds)
        got = [r[1:] for r in rows(engine, "report_disagreements")]
        assert ("date", "fixture-a", "2026-03-03", "fixture-b", "2026-03-04") in got
        assert ("status", "fixture-b", str(KGO.Planned), "fixture-a", str(KGO.Occurred)) in got \
            or ("status", "fixture-a", str(KGO.Occurred), "fixture-b", str(KGO.Planned)) in got
        assert ("participant", "fixture-b", ITAMARATY_NAME, "fixture-a", None) in got


def test_033_fact_evidence(engine):
    a = TEXT_A.index("spoke by phone")
    got = rows(engine, "fact_evidence", actor="Ana Lopez")
    assert [r[:6] for r in got] == [
        ("Communication", CALL, "fixture-a", a, a + 14, "spoke by phone"),
        ("Communication", CALL, "fixture-b", TEXT_B.index("habló"), TEXT_B.index("habló") + 18,
         "habló por teléfono"),
        ("Meeting", MEET, "fixture-a", TEXT_A.index("will meet"), TEXT_A.index("will meet") + 9,
         "will meet"),
        ("Post", got[3][1], "fixture-a", 0, 35, "Canadian Foreign Minister Ana Lopez"),
        ("Post", got[4][1], "fixture-b", 0, 33, "La canciller de Canadá, Ana Lopez"),
    ]
    assert all(TEXT_A[r[3]:r[4]] == r[5] for r in got if r[2] == "fixture-a")
    assert [r[7] for r in got] == ["trigger", "trigger", "trigger", "pattern:title",
                                   "pattern:title"]
    assert column(engine, "fact_evidence", "kind", actor=ANA, type="post") == ["Post", "Post"]


def test_034_find_events(engine):
    assert [r[:5] for r in rows(engine, "find_events")] == [
        ("2026-03-03", "Communication", "Occurred", CALL, "fixture-a"),
        ("2026-03-04", "Communication", "Occurred", CALL, "fixture-b"),
        ("2026-04", "Meeting", "Planned", MEET, "fixture-a"),
        (None, "Statement", "Occurred", STMT, "fixture-a"),
        (None, "Threat", "Occurred", THREAT, "fixture-a"),
    ]
    assert column(engine, "find_events", "event", status="planned", month="2026-04") == [MEET]
    assert column(engine, "find_events", "article", type="communication", month="2026-03") == [
        "fixture-a", "fixture-b"]
    assert rows(engine, "find_events", month="2025") == []


def test_035_most_active_actors(engine):
    got = rows(engine, "most_active_actors")
    assert [(r[0], r[3], r[4], r[5], r[6]) for r in got] == [
        (ANA, 2, 1, 1, 2), (RUI, 2, 0, 1, 2), (ITAMARATY, 1, 1, 0, 1),
        ("kgd:entity/criminalorganization/red-hand-gang", 1, 1, 0, 1)]
    assert column(engine, "most_active_actors", "actor", type="ministry") == [ITAMARATY]


# ----------------------------------------------------------------------------- parameters


def test_iri_params_take_iris_prefixed_names_and_labels(engine):
    full = str(IRI.entity("person/ana-lopez"))
    for value in (full, f"<{full}>", ANA, "Ana Lopez", "  ana LOPEZ "):
        assert column(engine, "actor_events", "event", actor=value) == [CALL, MEET], value


def test_unknown_and_ambiguous_labels_list_candidates(engine, ds):
    with pytest.raises(QueryError, match=r"'actor'.*'Rui'.*rui-costa \(Rui Costa\)"):
        LIB.run("actor_events", engine, {"actor": "Rui"})
    twin = Dataset()
    for g in ds.graphs():
        for t in g:
            twin.graph(g.identifier).add(t)
    other = URIRef("http://example.org/another-ana")
    twin.graph(URIRef("http://example.org/g")).add((other, RDF.type, KGO.Person))
    twin.graph(URIRef("http://example.org/g")).add((other, RDFS.label, Literal("ANA LOPEZ")))
    with pytest.raises(QueryError, match=r"names 2 entities: http://example.org/another-ana"):
        LIB.run("actor_events", RdflibEngine(twin), {"actor": "Ana Lopez"})


@pytest.mark.parametrize("evil", ["x> } ; DROP ALL #", "http://x.org/a> } ; DROP ALL #",
                                  "<http://x.org/a> } DROP ALL", 'O"Brien \'x\' \\" }'])
def test_injection_in_an_iri_param_is_an_error(engine, oxigraph, evil):
    before = oxigraph.count()
    with pytest.raises(QueryError, match="parameter 'actor'"):
        LIB.run("actor_events", engine, {"actor": evil})
    assert oxigraph.count() == before


@pytest.mark.parametrize("evil", ['x" } ; DROP ALL #', "O'Brien \"the\" quote", "\\u0022 }"])
def test_injection_in_a_string_param_is_a_harmless_literal(engine, oxigraph, evil):
    before = oxigraph.count()
    assert LIB.run("find_entity", engine, {"name": evil}).rows == []
    assert LIB.run("actors_by_type", engine, {"type": evil}).rows == []
    assert oxigraph.count() == before


@pytest.mark.parametrize("ptype,value,message", [
    ("date", "2026-3-4", "not a date like 2026, 2026-03"), ("date", "2026-02-30", "not a valid date"),
    ("integer", "12a", "not an integer"), ("decimal", "1e5", "not a decimal"),
    ("iri", "http://a b", "not a valid IRI"),
])
def test_bad_values_name_the_parameter(ptype, value, message):
    with pytest.raises(QueryError, match=f"parameter 'p' \\({ptype}\\).*{message}"):
        to_term(ParamSpec("p", ptype), value)


def test_typed_values():
    assert to_term(ParamSpec("p", "date"), "2026-03-04").datatype.endswith("#date")
    assert to_term(ParamSpec("p", "integer"), " 42 ").toPython() == 42
    assert to_term(ParamSpec("p", "decimal"), "0.75").toPython() == Decimal("0.75")
    assert to_term(ParamSpec("p", "string"), "a b") == Literal("a b")


def test_missing_and_unknown_params(engine):
    with pytest.raises(QueryError, match="needs --param actor="):
        LIB.run("actor_events", engine, {})
    with pytest.raises(QueryError, match="has no parameter colour; its parameters: actor"):
        LIB.run("actor_events", engine, {"actor": ANA, "colour": "red"})


def test_a_header_must_match_the_query(tmp_path):
    (tmp_path / "001_bad.rq").write_text(
        "#+ summary: bad\n#+ params:\n#+   - name: who\n#+     type: iri\n"
        "SELECT * WHERE { ?s ?p ?_whom } ORDER BY ?s\n")
    with pytest.raises(QueryError, match=r"001_bad.rq: params declared.*\['who'\].*\['whom'\]"):
        QueryLibrary(tmp_path)
    (tmp_path / "001_bad.rq").write_text("#+ summary: x\n#+ params:\n#+   - name: a\n"
                                         "#+     type: url\nSELECT ?_a WHERE {}\n")
    with pytest.raises(QueryError, match="type 'url'"):
        QueryLibrary(tmp_path)
    (tmp_path / "001_bad.rq").write_text("#+ summary: x\n#+ values:\n#+   cls: classes\n"
                                         "SELECT ?e WHERE { ?e a ?class }\n")
    with pytest.raises(QueryError, match=r"'values:' names \['cls'\], which the query does not"):
        QueryLibrary(tmp_path)


# ----------------------------------------------------------------------------- internal queries


def test_internal_queries_are_out_of_the_catalogue():
    internal = internal_library().list()
    assert internal and all("internal" in s.tags for s in internal)
    assert not {s.name for s in internal} & {s.name for s in LIB.list()}
    readme = (queries_dir() / "README.md").read_text("utf-8")
    assert not [s.name for s in internal if f"`{s.name}`" in readme]


def test_every_query_file_declares_the_project_prefixes():
    known = {p: str(ns) for p, ns in PREFIXES.items()} | {"rdf": str(RDF)}
    for spec in LIB.list() + internal_library().list():
        for prefix, ns in re.findall(r"PREFIX\s+(\w+):\s*<([^>]*)>", spec.sparql):
            assert known.get(prefix) == ns, f"{spec.path.name}: PREFIX {prefix}: <{ns}>"


def test_a_list_binds_one_values_row_per_term(engine):
    spec = internal_query("network_entity_types")
    assert spec.values == ("cls",)
    rows = engine.query(spec.sparql, {"cls": [KGO.Country, KGO.Ministry]}).rows
    assert rows and {r[1] for r in rows} == {KGO.Country, KGO.Ministry}
    assert "VALUES ?cls { %s %s }" % (KGO.Country.n3(), KGO.Ministry.n3()) in \
        bind_values(spec.sparql, {"cls": (KGO.Country, KGO.Ministry)})


# ----------------------------------------------------------------------------- formatting


@pytest.fixture(scope="module")
def comms(oxigraph) -> Result:
    return LIB.run("communications", oxigraph, {})


def test_table_is_aligned_and_compact(comms):
    text = format_result(comms, "table")
    lines = text.splitlines()
    assert lines[0].split() == comms.columns
    assert lines[2].startswith(CALL + "  2026-03-03  phone  Ana Lopez")
    assert lines[-1] == "(2 rows)"
    # aligned: every column starts at the same offset in the header and in each row
    for col, value in (("date", "2026-03-0"), ("from", "Ana Lopez"), ("article", "fixture-")):
        assert lines[2].index(value) == lines[3].index(value) == lines[0].index(col)
    assert "…" in text and max(map(len, lines)) < 250  # the long evidence sentence is cut


def test_csv_tsv_json_markdown(comms):
    parsed = list(csv.reader(io.StringIO(format_result(comms, "csv"))))
    assert parsed[0] == comms.columns and parsed[1][0] == str(IRI.event("communication/call-1"))
    tsv = format_result(comms, "tsv").splitlines()
    assert tsv[0].split("\t") == comms.columns  # plain cells a spreadsheet opens
    assert tsv[1].split("\t")[1] == "2026-03-03"
    data = json.loads(format_result(comms, "json"))
    assert data["head"]["vars"] == comms.columns
    first = data["results"]["bindings"][0]
    assert first["event"] == {"type": "uri", "value": str(IRI.event("communication/call-1"))}
    assert first["date"]["datatype"].endswith("#date")
    md = format_result(Result(["a"], [(Literal("x | y"),)]), "markdown")
    assert md.splitlines() == ["| a |", "|---|", "| x \\| y |"]
    assert json.loads(format_result(Result([], [], True), "json")) == {"head": {}, "boolean": True}
    with pytest.raises(QueryError, match="table, csv"):
        format_result(comms, "xml")
    assert set(FORMATS) == {"table", "csv", "tsv", "json", "markdown"}


def test_readme_is_in_sync():
    assert (queries_dir() / "README.md").read_text("utf-8") == render_readme(LIB), \
        "queries/README.md is stale: run `python -m kg.queries`"


def test_the_project_readme_lists_every_query():
    readme = (queries_dir().parent / "README.md").read_text("utf-8")
    section = readme[readme.index("## Query catalogue"):]
    section = section[:section.index("\n## ", 5)]
    missing = [s.name for s in LIB.list() if f"`{s.name}`" not in section]
    assert not missing, f"README.md's query catalogue does not list {missing}"


def test_queries_readme_finds_every_question_by_topic():
    text = (queries_dir() / "README.md").read_text("utf-8")
    index = text[text.index("## Find your question"):text.index("## Catalogue")]
    for s in LIB.list():
        assert f"- {s.summary.rstrip('.')}: [`{s.name}`](#{s.number:03d}-{s.name})" in index
        assert f"### {s.number:03d} {s.name}\n" in text  # the anchor target


PARAMETRISED = [s for s in LIB.list() if s.params]


@pytest.mark.parametrize("spec", PARAMETRISED, ids=lambda s: s.stem)
def test_every_parameter_is_bound_as_a_term_not_pasted(spec, oxigraph, rdflib_engine):
    """A hostile value in each parameter is either a harmless literal or a clear error, on both
    engines, and the store is unchanged; the VALUES block lands in the outermost group."""
    before = oxigraph.count()
    evil = {"string": 'x" } ; DROP ALL ; SELECT * { "', "iri": "http://x.org/a> } DROP ALL #",
            "date": "2026-01-01\" } DROP ALL #", "integer": "2 } DROP ALL #",
            "decimal": "0.5 } DROP ALL #"}
    for p in spec.params:
        params = dict(REQUIRED.get(spec.name, {}))
        params[p.name] = evil[p.type]
        for engine in (oxigraph, rdflib_engine):
            if p.type == "string":
                LIB.run(spec.name, engine, params)  # runs: the value is one literal
            else:
                with pytest.raises(QueryError, match=f"parameter '{p.name}' \\({p.type}\\)"):
                    LIB.run(spec.name, engine, params)
    assert oxigraph.count() == before
    # with every parameter given, the bound text still parses on both engines
    good = {"iri": ANA, "string": "a", "date": "2026-03-01", "integer": "1", "decimal": "0.5"}
    params = {p.name: good[p.type] for p in spec.params}
    params.update(REQUIRED.get(spec.name, {}))
    text = bind_values(spec.sparql, LIB.bindings(spec, oxigraph, params))
    where = text.index("WHERE")
    assert "SELECT" not in text[where:text.index("VALUES ?_", where)]  # before any sub-select
    for engine in (oxigraph, rdflib_engine):
        LIB.run(spec.name, engine, params)


#: a fixture value for every optional parameter, by name: each selects something
OPTIONAL_VALUES = {"actor": ANA, "person": ANA, "speaker": ANA, "entity": ANA,
                   "org": "Global Affairs Canada", "country": "Canadá", "post": "minister",
                   "from": "2026-03-01", "to": "2026-03-31", "outlet": "Example Wire",
                   "event": CALL, "status": "occurred", "month": "2026-03", "min": "2"}
#: where the value above selects nothing in that query
OPTIONAL_OVERRIDES = {("quotes", "speaker"): ITAMARATY, ("aliases", "entity"): "Canadá"}
FILTERED = [(s, p) for s in LIB.list() for p in s.params if not p.required]


@pytest.mark.parametrize("spec,param", FILTERED, ids=lambda x: getattr(x, "stem", None) or x.name)
def test_every_optional_parameter_filters_the_same_on_both_engines(spec, param, oxigraph,
                                                                     rdflib_engine):
    """A filtered call gives the same rows on both engines, and (one filter at a time) only rows
    that the unfiltered call gives too: a parameter narrows, it never adds."""
    params = dict(REQUIRED.get(spec.name, {}))
    if param.type == "string" and param.name == "type":
        params["type"] = "Person" if "actor" in spec.name else "Meeting"
    else:
        params[param.name] = OPTIONAL_OVERRIDES.get((spec.name, param.name),
                                                    OPTIONAL_VALUES[param.name])
    a = LIB.run(spec.name, oxigraph, params)
    b = LIB.run(spec.name, rdflib_engine, params)
    assert [tuple(map(plain, r)) for r in a.rows] == [tuple(map(plain, r)) for r in b.rows]
    assert a.rows, f"{spec.stem}: {param.name}={params[param.name]!r} selects nothing"
    if param.default is None:
        everything = LIB.run(spec.name, oxigraph, REQUIRED.get(spec.name, {})).rows
        # counts over fewer rows may differ; the keys of the filtered rows are in the full answer
        assert {plain(r[0]) for r in a.rows} <= {plain(r[0]) for r in everything}
