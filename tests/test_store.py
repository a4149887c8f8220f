"""kg.store.embedded: replacing graphs in Oxigraph, queries on both engines, atomic exports."""
from __future__ import annotations

import gc

import pyoxigraph
import pytest
from fixture_corpus import fixture_corpus
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.errors import QueryError
from kg.graph.iris import IRIs
from kg.graph.namespaces import KGO, RDF, RDFS, XSD
from kg.graph.writer import corpus_to_dataset
from kg.store.binding import bind_values
from kg.store.embedded import RdflibEngine, Store
from kg.store.exports import EXPORT_FORMATS, export_dataset

IRI = IRIs()
GRAPH_A = str(IRI.article_graph("fixture-a"))
GRAPH_B = str(IRI.article_graph("fixture-b"))
GAZ = str(IRI.gazetteer_graph())
ENTITIES = str(IRI.entities_graph())
RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}


@pytest.fixture
def ds() -> Dataset:
    return corpus_to_dataset(fixture_corpus())


@pytest.fixture
def store(ds) -> Store:
    s = Store.memory()
    s.replace_dataset(ds)
    return s


def _sizes(ds: Dataset) -> dict[str, int]:
    return {str(g.identifier): len(g) for g in ds.graphs() if len(g)}


def _union(ds: Dataset) -> Graph:
    union = Graph()
    for g in ds.graphs():
        for t in g:
            union.add(t)
    return union


# ----------------------------------------------------------------------------- replacing graphs


def test_replace_dataset_twice_gives_the_same_counts(ds, store):
    first = store.counts()
    assert first == _sizes(ds)
    assert store.graphs() == sorted([GRAPH_A, GRAPH_B, GAZ, ENTITIES])
    store.replace_dataset(ds)
    assert store.counts() == first
    assert store.count() == sum(first.values())


def test_replacing_one_article_graph_leaves_the_others_intact(ds, store):
    before = store.counts()
    smaller = [t for t in ds.graph(URIRef(GRAPH_A)) if t[1] != KGO.quote]
    assert store.replace_graph(GRAPH_A, smaller) == len(smaller) == before[GRAPH_A] - 1
    after = store.counts()
    assert after[GRAPH_A] == before[GRAPH_A] - 1
    assert {g: n for g, n in after.items() if g != GRAPH_A} == \
        {g: n for g, n in before.items() if g != GRAPH_A}
    assert not store.query("ASK { ?e <%s> ?q }" % KGO.quote).boolean


def test_a_failing_replace_leaves_the_old_graph(store):
    before = store.counts()
    with pytest.raises(ValueError):
        store.replace_graph(GRAPH_A, [(URIRef("http://example.org/a b"), RDFS.label, Literal("x"))])
    assert store.counts() == before


def test_replace_with_nothing_and_remove_graph(store):
    store.replace_graph(GRAPH_B, [])
    store.remove_graphs([GAZ, ENTITIES])
    assert store.graphs() == [GRAPH_A]
    store.remove_graph(GAZ)  # removing a missing graph is not an error


def test_awkward_literals_survive_the_store():
    awkward = [Literal('quote " triple """ apostrophes \'\'\' backslash \\ \\u0041 \\n'),
               Literal("line\nbreak\ttab\rcr \x01 ctl"), Literal("é ü 中文 🙂", lang="es"),
               Literal("2026-03", datatype=XSD.gYearMonth)]
    s, p = URIRef("http://example.org/s"), URIRef("http://example.org/p")
    store = Store.memory()
    store.replace_graph("http://example.org/g", [(s, p, o) for o in awkward] + [(s, p, BNode())])
    got = set(store.to_dataset().graph(URIRef("http://example.org/g")).objects(s, p))
    assert set(awkward) <= got and len(got) == len(awkward) + 1


def test_on_disk_store_keeps_its_content(tmp_path, ds):
    path = tmp_path / "store"
    s = Store(path)
    s.replace_dataset(ds)
    counts = s.counts()
    del s
    gc.collect()
    assert Store(path).counts() == counts


def test_load_ontology_and_drop_others(tmp_path, ds, store):
    ttl = tmp_path / "kg.ttl"
    ttl.write_text("@prefix kgo: <%s> .\n@prefix rdfs: <%s> .\n"
                   "kgo:Person rdfs:label \"Person\"@en .\nkgo:Event rdfs:label \"Event\"@en .\n"
                   % (KGO._NS, RDFS._NS), encoding="utf-8")
    onto = str(IRI.ontology_graph())
    assert store.load_ontology(ttl) == 2
    assert store.load_ontology(ttl) == 2  # replaced, not doubled
    assert store.count(onto) == 2
    only_a = Dataset()
    for t in ds.graph(URIRef(GRAPH_A)):
        only_a.graph(URIRef(GRAPH_A)).add(t)
    store.replace_dataset(only_a, drop_others=True)
    assert store.graphs() == sorted([GRAPH_A, onto])


def test_replace_dataset_refuses_default_graph_triples(store):
    ds = Dataset()
    ds.add((URIRef("http://example.org/s"), RDF.type, KGO.Person))
    with pytest.raises(ValueError, match="default graph"):
        store.replace_dataset(ds)


# ----------------------------------------------------------------------------- queries


def test_query_sees_the_union_and_both_engines_agree(ds, store):
    q = f"SELECT DISTINCT ?e WHERE {{ ?e a <{KGO.Event}> }} ORDER BY ?e"
    rows = store.query(q).rows
    assert len(rows) == 4
    assert RdflibEngine(ds).query(q).rows == rows


def test_ask_construct_and_errors(ds, store):
    for engine in (store, RdflibEngine(ds)):
        assert engine.query("ASK { ?s ?p ?o }").boolean is True
        res = engine.query(f"CONSTRUCT {{ ?e a <{KGO.Event}> }} WHERE {{ ?e a <{KGO.Event}> }}")
        assert res.columns == ["subject", "predicate", "object"] and len(res.rows) == 4
        for bad in ("SELECT * WHERE { ?s ?p }", "DROP ALL", "SELECT * WHERE { ?s nope:p ?o }"):
            with pytest.raises(QueryError, match="syntax"):
                engine.query(bad)
    assert store.count() == sum(_sizes(ds).values())


def test_bound_values_are_terms_not_text(store):
    evil = 'x" } ; DROP ALL # \\" <http://a>'
    res = store.query("SELECT ?v WHERE { BIND(STR(?_v) AS ?v) }", {"_v": Literal(evil)})
    assert res.rows == [(Literal(evil),)]
    with pytest.raises(QueryError, match="not a valid IRI"):
        store.query("SELECT * WHERE { ?s ?p ?_o }", {"_o": URIRef("http://a> } DROP ALL #")})


def test_values_go_into_the_outer_where_group():
    q = ('PREFIX ex: <http://ex.org/#where>  # a comment with { and WHERE\n'
         'SELECT ("WHERE {" AS ?w) ?s WHERE { ?s ?p ?o { SELECT * WHERE { ?a ?b ?c } } }')
    values = "VALUES ?_v { %s }" % Literal("v").n3()
    bound = bind_values(q, {"_v": Literal("v")})
    assert bound.index(values) > bound.index("?s WHERE {") > 0
    assert bind_values("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"_v": Literal("v")}) \
        .startswith("CONSTRUCT { ?s ?p ?o } WHERE {\n  " + values)
    assert Store.memory().query(bound).columns == ["w", "s"]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_parameter_binds_inside_the_sub_selects_that_mention_it(engine):
    data = "<http://a> <http://p> <http://x> .\n<http://b> <http://p> <http://y> .\n"
    q = ('SELECT ?s ?n WHERE { { SELECT ?s WHERE { ?s <http://p> ?_o } }\n'
         '  { SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c } } }')
    bound = bind_values(q, {"_o": URIRef("http://y")})
    # once in the outer group and once in the sub-SELECT that uses it, not in the other one
    assert bound.count("VALUES ?_o { <http://y> }") == 2
    assert bound.index("VALUES") < bound.index("{ SELECT ?s") < bound.rindex("VALUES") \
        < bound.index("?s <http://p>") < bound.index("COUNT")
    if engine == "oxigraph":
        eng = Store.memory()
        eng._store.load(data.encode(), pyoxigraph.RdfFormat.N_TRIPLES,
                        to_graph=pyoxigraph.NamedNode("http://g"))
    else:
        ds = Dataset()
        ds.graph(URIRef("http://g")).parse(data=data, format="nt")
        eng = RdflibEngine(ds)
    assert [str(r[0]) for r in eng.query(q, {"_o": URIRef("http://y")}).rows] == ["http://b"]
    # left unbound, the parameter means "any"
    assert sorted(str(r[0]) for r in eng.query(q, {"_o": None}).rows) == ["http://a", "http://b"]


# ----------------------------------------------------------------------------- exports


@pytest.mark.parametrize("source", ["store", "dataset"])
@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_parses_back_to_the_same_graphs(tmp_path, ds, store, fmt, source):
    if source == "store":
        path, expected = store.export(fmt, tmp_path / f"kg.{fmt}"), store.to_dataset()
    else:
        path, expected = export_dataset(ds, fmt, tmp_path / f"kg.{fmt}"), ds
    if fmt in ("ttl", "nt"):  # graph names are dropped: the file is the union
        assert isomorphic(Graph().parse(path, format=RDFLIB_FORMAT[fmt]), _union(expected))
        return
    back = Dataset().parse(path, format=RDFLIB_FORMAT[fmt])
    assert _sizes(back) == _sizes(expected)
    for name in _sizes(expected):
        assert isomorphic(back.graph(URIRef(name)), expected.graph(URIRef(name))), name


@pytest.mark.parametrize("fmt", ["nq", "trig", "jsonld"])
def test_export_is_deterministic(tmp_path, ds, fmt):
    a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    export_dataset(ds, fmt, a)
    export_dataset(corpus_to_dataset(fixture_corpus()), fmt, b)
    assert a.read_bytes() == b.read_bytes()


def test_jsonld_export_has_the_project_context(tmp_path, store):
    import json

    data = json.loads(store.export("jsonld", tmp_path / "kg.jsonld").read_text("utf-8"))
    assert data["@context"]["kgo"] == str(KGO._NS)
    assert data["@context"]["kgd"] == str(IRI.ns)
    assert sorted(g["@id"] for g in data["@graph"]) == sorted([GRAPH_A, GRAPH_B, GAZ, ENTITIES])


def test_failed_export_leaves_the_old_file(tmp_path, store, monkeypatch):
    target = tmp_path / "kg.nt"
    target.write_text("old content\n")

    def broken(quads, out, *args, **kwargs):
        out.write(b"<half")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(pyoxigraph, "serialize", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.export("nt", target)
    assert target.read_text() == "old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kg.nt"]  # no temp file left behind


def test_unknown_export_format(tmp_path, store):
    with pytest.raises(ValueError, match="ttl, nt, nq, trig, jsonld"):
        store.export("xml", tmp_path / "kg.xml")


def test_sync_graph_writes_only_the_difference(ds, store):
    g = ds.graph(URIRef(ENTITIES))
    triples = list(g)
    assert triples, "the fixture's entity graph is empty"
    assert store.sync_graph(ENTITIES, triples) == (0, 0)
    fewer = triples[1:]
    extra = (URIRef("http://example.org/x"), RDFS.label, Literal("x"))
    assert store.sync_graph(ENTITIES, fewer + [extra]) == (1, 1)
    assert store.count(ENTITIES) == len(triples)
    assert store.query(f"ASK {{ GRAPH <{ENTITIES}> {{ <http://example.org/x> ?p ?o }} }}").boolean
    assert store.sync_graph(ENTITIES, []) == (len(triples), 0)
    assert ENTITIES not in store.graphs()


def test_every_entity_description_is_stated_in_one_graph_only(ds):
    """Types, labels and countries of entities, post concepts and extractors are not repeated per
    article: Oxigraph's union default graph is a multiset, and repeats multiply joins."""
    described = (RDF.type, RDFS.label, KGO.country)
    seen: dict = {}
    for g in ds.graphs():
        for s, p, o in g:
            if p in described and any(k in s for k in ("/entity/", "/role/", "/extractor/")):
                seen.setdefault((s, p, o), set()).add(g.identifier)
    repeated = {t: gs for t, gs in seen.items() if len(gs) > 1}
    assert seen and not repeated
