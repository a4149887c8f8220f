"""kg.query / kg.sparql: the Python entry point (rows of plain values, DataFrames, any store),
and the CLI as a thin layer over it."""
from __future__ import annotations

import builtins
import datetime as dt
import json
from decimal import Decimal

import pytest
from click.testing import CliRunner
from fixture_corpus import fixture_corpus
from rdflib import Dataset, Graph, Literal, URIRef

import kg
from kg.api import Rows, engine_for, plain_value
from kg.cli.main import main
from kg.graph.namespaces import XSD
from kg.graph.writer import corpus_to_dataset
from kg.store.embedded import QueryError, RdflibEngine, Store

ANA = "https://w3id.org/secdip/id/entity/person/ana-lopez"
CALL = "https://w3id.org/secdip/id/event/communication/call-1"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return corpus_to_dataset(fixture_corpus())


@pytest.fixture(scope="module")
def store_dir(ds, tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "store"
    Store(path).replace_dataset(ds)
    return path


def test_query_returns_dicts_of_plain_values(store_dir):
    rows = kg.query("actor_events", store_dir, actor="Ana Lopez")
    assert isinstance(rows, Rows) and isinstance(rows, list)
    assert rows.columns == ["event", "type", "role", "status", "earliest", "latest", "reports",
                            "label"]
    first = rows[0]
    assert list(first) == rows.columns
    assert first["event"] == CALL  # IRIs as strings
    assert first["earliest"] == dt.date(2026, 3, 3)  # xsd:date as a date
    assert first["reports"] == 2 and isinstance(first["reports"], int)
    # the rdflib terms stay available
    assert rows.result.rows[0][0] == URIRef(CALL)


def test_params_that_are_python_keywords_and_typed_values(store_dir):
    rows = kg.query("timeline", store_dir, params={"from": "2026-03-04", "to": "2026-03-31"})
    assert [r["article"] for r in rows] == ["fixture-b"]
    assert kg.query("confirmed_facts", store_dir, min=2)[0]["event"] == CALL
    # gYearMonth stays text; decimals are Decimal
    assert kg.query("timeline", store_dir, params={"from": "2026-04-01"})[0]["date"] == "2026-04"
    evidence = kg.query("evidence", store_dir, about=CALL)
    assert evidence[0]["confidence"] == Decimal("0.8")


def test_every_kind_of_store_gives_the_same_rows(ds, store_dir, monkeypatch):
    expected = kg.query("communications", store_dir)
    assert expected
    mem = Store.memory()
    mem.replace_dataset(ds)
    assert kg.query("communications", mem) == expected
    assert kg.query("communications", str(store_dir)) == expected
    assert kg.query("communications", ds) == expected
    assert kg.query("communications", RdflibEngine(ds)) == expected
    monkeypatch.setenv("KG_STORE", str(store_dir))
    assert kg.query("communications") == expected
    assert kg.query(3) == expected  # by number


def test_a_plain_graph_is_queried_too(ds):
    g = Graph()
    for graph in ds.graphs():
        for t in graph:
            g.add(t)
    assert [r["label"] for r in kg.query("actors_by_type", g, type="Person")] == [
        "Ana Lopez", "Rui Costa"]


def test_sparql(store_dir):
    rows = kg.sparql("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a "
                     "<https://w3id.org/secdip/ontology#Event> }", store_dir)
    assert rows == [{"n": 4}]
    ask = kg.sparql("ASK { ?s ?p ?o }", store_dir)
    assert ask.boolean is True and ask.format("json").strip().endswith("}")
    with pytest.raises(QueryError, match="syntax"):
        kg.sparql("SELECT WHERE {", store_dir)


def test_bad_names_params_and_values_are_clear_errors(store_dir):
    with pytest.raises(QueryError, match="did you mean communications"):
        kg.query("comunications", store_dir)
    with pytest.raises(QueryError, match="has no parameter colour; its parameters: actor"):
        kg.query("actor_events", store_dir, actor="Ana Lopez", colour="red")
    with pytest.raises(QueryError, match="needs --param actor="):
        kg.query("actor_events", store_dir)
    with pytest.raises(QueryError, match=r"parameter 'from' \(date\).*not a date like 2026"):
        kg.query("timeline", store_dir, params={"from": "March 3"})
    with pytest.raises(QueryError, match=r"parameter 'min' \(integer\).*not an integer"):
        kg.query("confirmed_facts", store_dir, min="two")
    with pytest.raises(QueryError, match=r"parameter 'actor' \(iri\).*not a valid IRI"):
        kg.query("actor_events", store_dir, actor="http://x.org/a> } DROP ALL #")


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(QueryError, match=r"no store at .*nowhere.*kg build"):
        kg.query("communications", tmp_path / "nowhere")
    with pytest.raises(QueryError, match="cannot query 42"):
        engine_for(42)


def test_dataframe(store_dir):
    pd = pytest.importorskip("pandas")
    rows = kg.query("communications", store_dir)
    df = rows.to_dataframe()
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == rows.columns and len(df) == len(rows)
    assert df.loc[0, "from"] == "Ana Lopez" and df.loc[1, "date"] == dt.date(2026, 3, 4)
    assert rows.df.equals(df)
    empty = kg.query("quotes", store_dir, speaker="Ana Lopez").df
    assert list(empty.columns) == ["speaker", "speakerName", "quote", "channel", "type", "date",
                                   "article", "outlet", "event"] and empty.empty


def test_without_pandas_the_error_says_what_to_install(store_dir, monkeypatch):
    real_import = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    rows = kg.query("communications", store_dir)
    with pytest.raises(ImportError, match="needs pandas.*pip install pandas"):
        rows.to_dataframe()
    assert rows[0]["from"] == "Ana Lopez"  # the rows themselves still work


def test_plain_values():
    assert plain_value(None) is None
    assert plain_value(URIRef("http://x.org/a")) == "http://x.org/a"
    assert plain_value(Literal("2026-04", datatype=XSD.gYearMonth)) == "2026-04"
    assert plain_value(Literal("canciller", lang="es")) == "canciller"
    assert plain_value(Literal("true", datatype=XSD.boolean)) is True
    assert plain_value(Literal("7", datatype=XSD.nonNegativeInteger)) == 7
    assert plain_value(Literal("x", datatype=URIRef("http://x.org/dt"))) == "x"


def test_repr_is_a_table(store_dir):
    text = repr(kg.query("communications", store_dir))
    assert text.splitlines()[0].split()[:3] == ["event", "date", "mode"]
    assert "(2 rows)" in text


def test_cli_query_prints_what_the_api_returns(store_dir):
    res = CliRunner().invoke(main, ["query", "communications", "--format", "json", "--store",
                                    str(store_dir)])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output) == json.loads(kg.query("communications", store_dir)
                                                .format("json"))
    bad = CliRunner().invoke(main, ["query", "timeline", "-p", "from=yesterday", "--store",
                                    str(store_dir)])
    assert bad.exit_code == 2 and "parameter 'from' (date)" in bad.output
    out = CliRunner().invoke(main, ["sparql", "-", "--format", "csv", "--store", str(store_dir)],
                             input="SELECT ?n WHERE { VALUES ?n { 1 2 } } ORDER BY ?n")
    assert out.exit_code == 0 and out.output.split() == ["n", "1", "2"]


def test_the_knowledge_graph_answers_what_the_commands_print(store_dir, tmp_path):
    g = kg.KnowledgeGraph(store_dir)
    assert g.query("communications") == kg.query("communications", store_dir)
    assert g.query("timeline", {"from": "2026-03-04"}, to="2026-03-31")[0]["article"] == "fixture-b"
    assert g.sparql("ASK { ?s ?p ?o }").boolean is True
    explained = g.explain("Ana Lopez")
    assert explained.iri == ANA and "Ana Lopez" in explained.labels
    assert g.timeline(actor="Ana Lopez")[0].event == CALL
    dated = g.timeline(since="2026-04-01", include_undated=False)
    assert [e.type for e in dated] == ["Meeting"] and len(g.timeline()) == 4
    actors = g.network("actors", actor_types=["Person"])
    assert {d["label"] for _, d in actors.nodes(data=True)} == {"Ana Lopez", "Rui Costa"}
    assert g.stats(top=1)[0]["label"] == "Ana Lopez"
    assert g.validate().conforms
    nq = g.export("nq", tmp_path / "g.nq")
    assert nq.path.read_text(encoding="utf-8").count("\n") == nq.quads > 0
    assert nq.summary() == f"wrote {nq.path} ({nq.quads:,} quads)"
    page = g.write_html(tmp_path / "actors.html", view="actors")
    assert page.path.is_file() and (page.nodes, page.edges) == (
        g.network("actors").number_of_nodes(), g.network("actors").number_of_edges())
    timeline = g.write_html(tmp_path / "timeline.html", view="timeline")
    assert timeline.summary() == f"wrote {timeline.path} (4 events)"


def test_a_dataset_is_a_knowledge_graph_too(ds, store_dir, tmp_path):
    from_store, from_ds = kg.KnowledgeGraph(store_dir), kg.KnowledgeGraph(ds)
    assert from_ds.query("communications") == from_store.query("communications")
    assert sorted(from_ds.network("full").nodes) == sorted(from_store.network("full").nodes)
    assert from_ds.validate().conforms
    a = from_store.export("nq", tmp_path / "store.nq")
    b = from_ds.export("nq", tmp_path / "ds.nq")
    assert a.quads == b.quads == b.path.read_text(encoding="utf-8").count("\n") > 0


def test_knowledge_graph_errors_say_what_and_what_to_do(store_dir, tmp_path):
    from kg.errors import KgError, StoreError, ViewError

    with pytest.raises(StoreError) as missing:
        kg.KnowledgeGraph(tmp_path / "nowhere")
    assert str(missing.value) == f"no store at {tmp_path / 'nowhere'}"
    assert missing.value.hint == f"build one first: kg build seeds/ --store {tmp_path / 'nowhere'}"
    assert isinstance(missing.value, QueryError)  # as kg.query documents for a missing store
    g = kg.KnowledgeGraph(store_dir)
    with pytest.raises(ViewError, match="unknown network view 'nope'"):
        g.network("nope")
    with pytest.raises(ValueError, match="the ego view needs a focus"):
        g.write_html(tmp_path / "ego.html", view="ego")
    with pytest.raises(KgError, match="need a local store or an rdflib Dataset"):
        kg.KnowledgeGraph(_QueryOnly()).validate()


class _QueryOnly:
    """An engine that can only answer queries (like a remote endpoint)."""

    def query(self, sparql, bindings=None):
        raise AssertionError("not called")
