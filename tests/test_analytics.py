"""kg.views.analytics and kg stats: degree, strength, betweenness, communities, the ranked table."""
from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from click.testing import CliRunner

import kg.views.analytics
from kg.cli.main import main
from kg.views.analytics import communities, format_rows, measures, ranked, simple_graph


def _star_and_triangle() -> nx.MultiDiGraph:
    """hub - a, hub - b, hub - c (two parallel edges to c), a - b; and a separate triangle."""
    G = nx.MultiDiGraph()
    for n, label in [("hub", "Hub"), ("a", "A"), ("b", "B"), ("c", "C"),
                     ("x", "X"), ("y", "Y"), ("z", "Z")]:
        G.add_node(n, label=label, kind="actor", type="Person")
    G.add_edge("hub", "a", key="k", weight=1)
    G.add_edge("b", "hub", key="k", weight=2)
    G.add_edge("hub", "c", key="k1", weight=1)
    G.add_edge("c", "hub", key="k2", weight=3)
    G.add_edge("a", "b", key="k", weight=1)
    G.add_edge("a", "a", key="self", weight=5)
    for u, v in [("x", "y"), ("y", "z"), ("z", "x")]:
        G.add_edge(u, v, key="k", weight=1)
    return G


def test_simple_graph_merges_parallel_edges_and_drops_loops():
    U = simple_graph(_star_and_triangle())
    assert U["hub"]["c"]["weight"] == 4 and not U.has_edge("a", "a")
    assert U.number_of_edges() == 7


def test_measures_on_a_hand_made_graph():
    m = measures(_star_and_triangle())
    assert (m["hub"].degree, m["hub"].strength) == (3, 7.0)
    assert m["a"].strength == 2.0  # the self-loop does not count
    # hub lies on the a-c and b-c shortest paths: 2 of the 6 pairs of its component
    # (normalised by (n-1)(n-2)/2 = 15 for n = 7)
    assert m["hub"].betweenness == pytest.approx(round(2 / 15, 6))
    assert m["c"].betweenness == 0 and m["x"].betweenness == 0
    assert m["x"].community == m["y"].community == m["z"].community
    assert m["hub"].community == m["c"].community != m["x"].community
    assert m["hub"].community == 0  # the largest community is number 0


def test_sampled_betweenness_above_the_limit_is_seeded(monkeypatch):
    G = nx.barabasi_albert_graph(60, 2, seed=3)
    G = nx.relabel_nodes(G, {n: f"n{n:02d}" for n in G})
    exact = measures(G)
    monkeypatch.setattr(kg.views.analytics, "BETWEENNESS_EXACT_LIMIT", 10)
    monkeypatch.setattr(kg.views.analytics, "BETWEENNESS_SAMPLES", 30)
    first, second = measures(G), measures(G)
    assert first == second
    assert any(first[n].betweenness != exact[n].betweenness for n in G)
    top = lambda found: max(found, key=lambda n: found[n].betweenness)  # noqa: E731
    assert top(first) == top(exact)  # the estimate finds the same most central node


def test_communities_are_numbered_by_size_and_stable():
    U = simple_graph(_star_and_triangle())
    c = communities(U)
    assert communities(U) == c
    sizes = [sum(1 for v in c.values() if v == i) for i in range(max(c.values()) + 1)]
    assert sizes == sorted(sizes, reverse=True)
    assert communities(nx.empty_graph(["p", "q"])) == {"p": 0, "q": 1}


def test_ranked_rows_and_formats():
    rows = ranked(_star_and_triangle(), "betweenness", top=2)
    assert [r["label"] for r in rows] == ["Hub", "B"]  # A, B tie on degree; B has more strength
    assert [r["rank"] for r in rows] == [1, 2]
    table = format_rows(rows, "table").splitlines()
    assert table[0].split() == ["rank", "label", "type", "degree", "strength", "betweenness",
                                "community"]
    assert table[2].split()[:4] == ["1", "Hub", "Person", "3"]
    parsed = list(csv.DictReader(io.StringIO(format_rows(rows, "csv"))))
    assert parsed[0]["iri"] == "hub" and parsed[1]["label"] == "B"
    assert json.loads(format_rows(rows, "json")) == rows
    with pytest.raises(ValueError, match="unknown measure 'pagerank'"):
        ranked(_star_and_triangle(), "pagerank")


def test_ranked_on_the_fixture_actors_view(actors):
    rows = ranked(actors, "degree", top=None)
    assert len(rows) == actors.number_of_nodes()
    assert rows[0]["label"] == "Ana Lopez"  # Rui Costa, Global Affairs Canada, Canada
    assert rows[0]["degree"] == 3 and rows[0]["strength"] == 4.0  # 2 shared events + 2 posts


# ---------------------------------------------------------------------------- kg stats


@pytest.fixture(scope="module")
def store_dir(ds, tmp_path_factory):
    from kg.store.embedded import Store

    path = tmp_path_factory.mktemp("stats") / "store"
    Store(path).replace_dataset(ds)
    return path


def test_kg_stats_table_csv_json(store_dir):
    res = CliRunner().invoke(main, ["stats", "--store", str(store_dir), "--top", "3"])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0].startswith("rank") and len(lines) == 5 and "Ana Lopez" in lines[2]
    res = CliRunner().invoke(main, ["stats", "--store", str(store_dir), "--view", "full",
                                    "--kind", "event", "--format", "json", "--top", "10"])
    rows = json.loads(res.output)
    assert len(rows) == 4 and {r["kind"] for r in rows} == {"event"}
    res = CliRunner().invoke(main, ["stats", "--store", str(store_dir), "--format", "csv",
                                    "--actor-type", "Person", "--measure", "strength"])
    assert [r["label"] for r in csv.DictReader(io.StringIO(res.output))] == ["Ana Lopez",
                                                                             "Rui Costa"]


def test_kg_stats_bad_values_exit_2_with_the_value(store_dir):
    res = CliRunner().invoke(main, ["stats", "--store", str(store_dir), "--since", "March"])
    assert res.exit_code == 2 and "--since 'March' is not a date" in res.output
    res = CliRunner().invoke(main, ["stats", "--store", str(store_dir), "--view", "ego",
                                    "--focus", "Nobody"])
    assert res.exit_code == 2 and "no actor named 'Nobody'" in res.output
