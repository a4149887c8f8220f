"""kg.store.exports streams one graph at a time (issue #20) and writes what the whole-corpus
writer wrote: the same bytes for nq, trig and jsonld, the same triples and prefixes for ttl and
nt, for the fixture store and the golden (seeds + corpus) store."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from fixture_corpus import fixture_corpus
from rdflib import Dataset, Graph

from kg.graph.writer import corpus_to_dataset
from kg.store import exports
from kg.store.embedded import Store
from kg.store.exports import EXPORT_FORMATS, _stable, jsonld_context
from kg.store.terms import prefixes

sys.path.insert(0, str(Path(__file__).resolve().parent / "golden"))

RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}


def _whole_corpus_export(store: Store, fmt: str) -> bytes:
    """The writer before issue #20: every quad (and, for JSON-LD, an rdflib Dataset) at once."""
    key = lambda q: tuple(str(t) for t in q)  # noqa: E731
    pfx = ({p: ns for p, ns in prefixes(store.base).items() if p != "kgd"}
           if fmt in ("ttl", "trig") else None)
    if fmt == "jsonld":
        data = store.to_dataset().serialize(format="json-ld",
                                            context=jsonld_context(store.base))
        return json.dumps(_stable(json.loads(data)), indent=2, ensure_ascii=False,
                          sort_keys=True).encode("utf-8")
    if fmt in ("ttl", "nt"):
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads()}
        return ox.serialize(sorted(triples, key=key), None, exports._OX_FORMATS[fmt],
                            prefixes=pfx)
    return ox.serialize(sorted(store.quads(), key=lambda q: (str(q.graph_name), *key(q))), None,
                        exports._OX_FORMATS[fmt], prefixes=pfx)


@pytest.fixture(scope="module")
def fixture_store():
    s = Store.memory()
    s.replace_dataset(corpus_to_dataset(fixture_corpus()))
    return s


@pytest.fixture(scope="module")
def golden_store(tmp_path_factory):
    import golden

    path = golden.build(tmp_path_factory.mktemp("golden"))
    with Store(path) as s:
        yield s


@pytest.fixture(params=["fixture", "golden"])
def store(request):
    return request.getfixturevalue(f"{request.param}_store")


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_streamed_export_is_what_the_whole_corpus_writer_wrote(tmp_path, store, fmt):
    got = store.export(fmt, tmp_path / f"kg.{fmt}").read_bytes()
    want = _whole_corpus_export(store, fmt)
    if fmt in ("nq", "trig", "jsonld"):  # sorted by graph, then statement: the same bytes
        assert got == want
        return
    # ttl, nt: each triple once, graph by graph: the same triples, in another order
    back, before = (Graph().parse(data=b, format=RDFLIB_FORMAT[fmt]) for b in (got, want))
    assert set(back) == set(before) and len(back) > 0
    if fmt == "nt":
        assert len(got.splitlines()) == len(want.splitlines())  # no triple written twice


@pytest.mark.parametrize("fmt", ["ttl", "trig"])
def test_turtle_and_trig_keep_the_project_prefixes(tmp_path, store, fmt):
    text = store.export(fmt, tmp_path / f"kg.{fmt}").read_text("utf-8")
    declared = {line.split()[1].rstrip(":"): line.split()[2].strip("<>")
                for line in text.splitlines() if line.startswith("@prefix")}
    assert declared == {p: ns for p, ns in prefixes(store.base).items() if p != "kgd"}
    assert text.count("@prefix") == len(declared)  # declared once, not once per graph


def test_jsonld_keeps_the_context_and_one_item_per_graph(tmp_path, store):
    data = json.loads(store.export("jsonld", tmp_path / "kg.jsonld").read_text("utf-8"))
    assert data["@context"] == jsonld_context(store.base)
    assert [g["@id"] for g in data["@graph"]] == sorted(store.graphs())
    back = Dataset().parse(tmp_path / "kg.jsonld", format="json-ld")
    for g in data["@graph"]:
        assert len(back.graph(g["@id"])) == store.count(g["@id"]), g["@id"]


def test_exports_never_make_a_whole_corpus_dataset(tmp_path, fixture_store, monkeypatch):
    def refuse(*_a, **_k):
        raise AssertionError("an export built a whole-corpus rdflib Dataset")

    monkeypatch.setattr(Store, "to_dataset", refuse)
    monkeypatch.setattr(exports, "quads_to_dataset", refuse)
    monkeypatch.setattr(Dataset, "serialize", refuse)
    for fmt in EXPORT_FORMATS:
        assert store_size(fixture_store.export(fmt, tmp_path / f"kg.{fmt}")) > 0


def test_exports_read_one_graph_at_a_time(tmp_path, fixture_store, monkeypatch):
    """Every read of the store's statements names one graph (or looks one triple up)."""
    real = ox.Store.quads_for_pattern
    calls = []

    class Spy:
        def __init__(self, inner):
            self.inner = inner

        def named_graphs(self):
            return self.inner.named_graphs()

        def quads_for_pattern(self, s, p, o, g=None):
            calls.append((s is None, g is None))
            return real(self.inner, s, p, o, g)

        def __iter__(self):
            raise AssertionError("an export iterated over the whole store")

    for fmt in EXPORT_FORMATS:
        exports.write_export(fmt, tmp_path / f"kg.{fmt}", Spy(fixture_store._store),
                             fixture_store.base)
    assert calls and all(not whole or not any_graph for whole, any_graph in calls)


def _tiny(graphs: list) -> Store:
    s = Store.memory()
    ex = "http://example.org/"
    for i, g in enumerate(graphs):
        name = ox.DefaultGraph() if g is None else ox.NamedNode(ex + g)
        for j in range(2):
            s._store.add(ox.Quad(ox.NamedNode(f"{ex}s{j}"), ox.NamedNode(ex + "p"),
                                 ox.Literal(f"v{i}"), name))
    return s


@pytest.mark.parametrize("graphs", [[], ["g"], ["g", "h"], [None, "g"], [None]])
@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_small_stores_give_the_same_files(tmp_path, graphs, fmt):
    """No graph, one graph (JSON-LD puts it at the top level), a default graph."""
    s = _tiny(graphs)
    got = s.export(fmt, tmp_path / f"kg.{fmt}").read_bytes()
    want = _whole_corpus_export(s, fmt)
    if fmt == "nt":
        assert sorted(got.splitlines()) == sorted(want.splitlines())
    elif fmt == "ttl":
        assert set(Graph().parse(data=got, format="turtle")) == set(
            Graph().parse(data=want, format="turtle"))
    else:
        assert got == want


def store_size(path: Path) -> int:
    return path.stat().st_size
