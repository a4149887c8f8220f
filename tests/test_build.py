"""End to end on the seed articles: kg build into a store, exports, facts, page; idempotent
rebuilds; a bad article does not sink the build; expected results of every library query."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset
from rdflib.compare import isomorphic

from kg.cli import main
from kg.queries import QueryLibrary
from kg.store import Store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
LIB = QueryLibrary()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    res = CliRunner().invoke(main, ["build", str(SEEDS), "--store", str(out / "store"),
                                    "--out", str(out)])
    assert res.exit_code == 0, res.output
    return out, res.output


@pytest.fixture(scope="module")
def store(built):
    return Store(built[0] / "store", read_only=True)


def rows(store, query_name, **params):
    res = LIB.run(query_name, store, params)
    return [{c: (str(v) if v is not None else None) for c, v in zip(res.columns, row)} for row in res.rows]


def test_build_summary_and_outputs(built):
    out, text = built
    assert "articles: 5 built, 0 rejected" in text and "SHACL: conforms" in text
    for name in ("graph.ttl", "graph.nt", "graph.nq", "graph.trig", "graph.jsonld", "facts.json",
                 "graph.html"):
        assert (out / name).stat().st_size > 0, name
    facts = json.loads((out / "facts.json").read_text(encoding="utf-8"))
    assert [f["doc"] for f in facts] == sorted(p.name for p in SEEDS.glob("*.txt"))


def test_one_named_graph_per_article(store):
    graphs = store.graphs()
    articles = [g for g in graphs if "/graph/article/" in g]
    assert len(articles) == 5
    assert any(g.endswith("/graph/gazetteer") for g in graphs)
    assert any(g.endswith("/graph/ontology") for g in graphs)


def test_rebuild_is_idempotent(built, tmp_path):
    out, _ = built
    target = tmp_path / "store"
    for _ in range(2):
        res = CliRunner().invoke(main, ["build", str(SEEDS), "--store", str(target), "--out",
                                        str(tmp_path), "--no-html", "-q"])
        assert res.exit_code == 0, res.output
    first = Store(out / "store", read_only=True)
    again = Store(target, read_only=True)
    assert first.counts() == again.counts()
    assert (out / "graph.nq").read_bytes() == (tmp_path / "graph.nq").read_bytes()


def test_exports_parse_back_to_the_store_content(built, store):
    out, _ = built
    for fmt, parser in (("trig", "trig"), ("nq", "nquads")):
        ds = Dataset()
        ds.parse(out / f"graph.{fmt}", format=parser)
        theirs = {str(g.identifier): g for g in ds.graphs() if len(g)}
        mine = {str(g.identifier): g for g in store.to_dataset().graphs() if len(g)}
        assert set(theirs) == set(mine)
        for iri in mine:
            assert isomorphic(theirs[iri], mine[iri]), (fmt, iri)


def test_a_bad_article_is_reported_and_the_rest_builds(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in list(SEEDS.glob("00[0-1]*.txt")):
        shutil.copy(p, corpus / p.name)
    (corpus / "broken.txt").write_bytes(b"\xff\xfe\x00b\x00a\x00d")
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    res = CliRunner().invoke(main, ["build", str(corpus), "--store", str(tmp_path / "s"), "--out",
                                    str(tmp_path), "--no-html"])
    assert res.exit_code == 1
    assert "broken.txt" in res.output and "empty.txt" in res.output
    assert "articles: 2 built, 2 rejected" in res.output
    assert len([g for g in Store(tmp_path / "s", read_only=True).graphs() if "/article/" in g]) == 2


# ---- expected results of the query library on the seeds ------------------------------------

def test_q001_actors_by_type(store):
    r = rows(store, "actors_by_type", type="Person")
    names = {x["label"] for x in r}
    assert {"Marco Rubio", "Juan Ramón de la Fuente", "Claudia Sheinbaum", "Donald Trump"} <= names
    assert all("Person" in (x.get("type") or "Person") for x in r)


def test_q002_posts(store):
    r = rows(store, "posts", person="Marco Rubio")
    assert any("Secretary of State" in (x.get("role") or "") for x in r)
    assert any("secretario de Estado" in (x.get("role") or "") for x in r)


def test_q003_communications(store):
    r = rows(store, "communications", actor="Juan Ramón de la Fuente")
    dates = {x["date"] for x in r}
    assert {"2026-01-11", "2026-01-12", "2026-01-15"} <= dates
    assert any("Marco Rubio" in json.dumps(x, ensure_ascii=False) for x in r)


def test_q004_actor_events(store):
    r = rows(store, "actor_events", actor="Claudia Sheinbaum")
    assert len(r) >= 3


def test_q005_planned_meetings(store):
    r = rows(store, "planned_meetings")
    text = json.dumps(r, ensure_ascii=False)
    assert "2026-02" in text and "Washington D.C." in text
    assert "2026-01-23" in text and "Security Implementation Group" in text


def test_q006_org_hierarchy(store):
    r = rows(store, "org_hierarchy", org="Bureau of Western Hemisphere Affairs")
    assert any("United States Department of State" in json.dumps(x) for x in r)


def test_q007_actors_by_country(store):
    r = rows(store, "actors_by_country", country="Mexico")
    text = json.dumps(r, ensure_ascii=False)
    assert "Secretaría de Relaciones Exteriores" in text and "Guardia Nacional" in text


def test_q008_event_reports(store):
    r = rows(store, "event_reports")
    best = max(int(x["reports"]) for x in r)
    assert best >= 3  # the Rubio-de la Fuente call is reported by three articles


def test_q009_evidence(store):
    call = rows(store, "communications", actor="Marco Rubio")[0]["event"]
    r = rows(store, "evidence", about=call)
    assert r and all(int(x["begin"]) < int(x["end"]) for x in r if x.get("begin"))


def test_q010_co_participation(store):
    r = rows(store, "co_participation", actor="Marco Rubio")
    assert any("Juan Ramón de la Fuente" in json.dumps(x, ensure_ascii=False) for x in r)


def test_q011_timeline(store):
    r = rows(store, "timeline", **{"from": "2026-01-01", "to": "2026-12-31"})
    dates = [x["date"] for x in r]
    assert dates and dates == sorted(dates, key=lambda d: d[:10])


def test_q012_date_disagreements(store):
    r = rows(store, "date_disagreements")
    pairs = {(x["date1"], x["date2"]) for x in r} | {(x["date2"], x["date1"]) for x in r}
    assert ("2026-01-11", "2026-01-12") in pairs


def test_q013_events_by_type_status(store):
    r = rows(store, "events_by_type_status")
    assert any("Meeting" in json.dumps(x) and "Planned" in json.dumps(x) for x in r)


def test_q014_quotes(store):
    r = rows(store, "quotes")
    text = json.dumps(r, ensure_ascii=False)
    assert "tangible" in text or "concrete and verifiable" in text
    assert any(x["channel"] in ("joint statement", "communiqué", "post on X") for x in r)


def test_q015_graph_statistics(store):
    r = rows(store, "graph_statistics")
    assert r


def test_q016_articles(store):
    r = rows(store, "articles")
    assert len(r) == 5 and any(x.get("outlet") == "Gateway Hispanic" for x in r)


def test_q017_find_entity(store):
    r = rows(store, "find_entity", name="SRE")
    assert any("Secretaría de Relaciones Exteriores" in json.dumps(x, ensure_ascii=False) for x in r)


def test_every_query_has_a_seed_test():
    names = {spec.name for spec in LIB.list()}
    tested = {n.split("_", 2)[2] for n in globals() if n.startswith("test_q0")}
    assert names <= tested, names - tested


def test_q018_event_timeline(store):
    r = rows(store, "event_timeline", actor="Juan Ramón de la Fuente")
    assert r and all(x["participant"] for x in r)
    begins = [x["begin"] or "9999" for x in r]
    assert begins == sorted(begins)


def test_kg_timeline_groups_reports_and_shows_disagreeing_dates(built):
    out, _ = built
    res = CliRunner().invoke(main, ["timeline", "--actor", "Marco Rubio", "--dated-only",
                                    "--store", str(out / "store")])
    assert res.exit_code == 0, res.output
    call = next(line for line in res.output.splitlines() if line.startswith("2026-01-11 / 2026-01-12")
                and "Communication (phone)" in line)
    assert "Juan Ramón de la Fuente" in call
    lines = res.output.splitlines()
    sources = lines[lines.index(call) + 1]
    assert "says 2026-01-12" in sources and "says 2026-01-11" in sources
    firsts = [line[:10] for line in lines if line[:1].isdigit()]
    assert firsts == sorted(firsts)
