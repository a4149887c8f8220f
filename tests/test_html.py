"""kg.views.pages: the self-contained relationship page, written from the fixture corpus."""
from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from fixture_corpus import fixture_corpus
from local_servers import CHROMIUM

import kg.views.pages
from kg.graph.writer import corpus_to_dataset
from kg.views.network import build_network
from kg.views.page_common import embed_json
from kg.views.pages import count_line, graph_to_vis, write_html

PAGE_JS = Path(kg.views.pages.__file__).parent / "assets" / "graph_page.js"




@pytest.fixture(scope="module")
def page(full, tmp_path_factory) -> str:
    path = write_html(full, tmp_path_factory.mktemp("html") / "graph.html")
    return path.read_text(encoding="utf-8")


def graph_json(text: str) -> dict:
    m = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', text, re.S)
    assert m, "no embedded graph data"
    return json.loads(m.group(1))


def test_page_references_no_other_file_or_host(page):
    assert re.findall(r"\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", page, re.I) == []
    assert "<link" not in page.lower()
    assert re.search(r"<script[^>]*\bsrc\s*=", page, re.I) is None
    assert re.search(r"@import|url\(\s*[\"']?\s*(?:https?:)?//", page, re.I) is None
    assert "default-src 'none'" in page  # the CSP forbids fetching anything at all
    assert "vis.Network" in page and "vis-network" in page  # the library is inlined


def test_article_text_cannot_become_markup(page):
    assert "<script>Gang" not in page
    assert "<script>alert(1)" not in page
    data = graph_json(page)
    labels = {n["info"]["label"] for n in data["nodes"]}
    assert "Red Hand <script>Gang" in labels  # the text survives, as text
    evidence = [e for n in data["nodes"] for e in n["info"].get("evidence", [])]
    assert any("<script>alert(1)</script>" in e for e in evidence)


def test_page_script_writes_text_only():
    js = PAGE_JS.read_text(encoding="utf-8")
    assert re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", js) is None


def test_title_is_escaped(full, tmp_path):
    text = write_html(full, tmp_path / "t.html", title="Cartels <b>&</b> ministers").read_text()
    assert "<title>Cartels &lt;b&gt;&amp;&lt;/b&gt; ministers</title>" in text
    assert "<b>&</b>" not in text


def test_embed_json_is_script_safe_and_round_trips():
    value = {"s": "</script><!-- & \u2028\u2029 '\"", "n": [1, 2]}
    text = embed_json(value)
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == value


@pytest.mark.parametrize("view, nodes, edges", [("full", 14, 11), ("actors", 10, 5)])
def test_embedded_graph_has_every_node_and_edge(ds, tmp_path, view, nodes, edges):
    G = build_network(ds, view)
    data = graph_json(write_html(G, tmp_path / "g.html").read_text(encoding="utf-8"))
    assert (len(data["nodes"]), len(data["edges"])) == (nodes, edges)
    assert data["physics"] is True
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])


def test_header_counts_nodes_by_type(full, page):
    line = count_line(full)
    assert line == ("14 nodes · 10 actors: 2 Person, 2 Country, 2 Ministry, 1 Agency, "
                    "1 CriminalOrganization, 1 Place, 1 Media · 4 events: 1 Communication, "
                    "1 Meeting, 1 Statement, 1 Threat · 11 links")
    assert f'<p class="counts">{line}</p>' in page
    assert "how" in page.lower() and 'class="howto"' in page


def test_types_have_distinct_shapes_and_colours_and_edges_are_labelled(page):
    data = graph_json(page)
    shape = {g["name"]: g["options"]["shape"] for g in data["groups"]}
    assert shape == {
        "Person": "dot", "Country": "hexagon", "Ministry": "box", "Agency": "diamond",
        "CriminalOrganization": "triangle", "Place": "triangleDown", "Media": "ellipse",
        "Communication": "star", "Meeting": "star", "Statement": "star", "Threat": "star",
    }
    colours = [g["colour"] for g in data["groups"]]
    assert len(set(colours)) == len(colours)
    labels = {(e["relation"], e["label"]) for e in data["edges"]}
    assert {("holds post", "Foreign Minister"), ("holds post", "canciller"),
            ("part of", "part of"), ("initiator", "initiator"), ("at", "at")} <= labels
    ana = next(n for n in data["nodes"] if n["info"]["label"] == "Ana Lopez")
    assert ana["info"]["posts"] == ["Foreign Minister (Global Affairs Canada) — fixture-a",
                                    "canciller (Canada) — fixture-b"]


def test_output_is_deterministic(full, ds, tmp_path):
    a = write_html(full, tmp_path / "a.html").read_bytes()
    b = write_html(full, tmp_path / "b.html").read_bytes()
    c = write_html(build_network(corpus_to_dataset(fixture_corpus()), "full"),
                   tmp_path / "c.html").read_bytes()
    assert a == b == c


def test_failed_write_keeps_the_previous_file(full, tmp_path):
    path = write_html(full, tmp_path / "graph.html")
    before = path.read_bytes()
    broken = full.copy()
    u, v, k = next(iter(broken.edges(keys=True)))
    broken.edges[u, v, k]["weight"] = math.nan  # not JSON: fails after the <head> was written
    with pytest.raises(ValueError):
        write_html(broken, path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["graph.html"]  # no temporary file left behind


def test_large_graph_gets_a_fixed_layout_and_no_physics(full):
    data = graph_to_vis(full, layout_threshold=5)
    assert data["physics"] is False
    positions = [(n["x"], n["y"]) for n in data["nodes"]]
    assert all(isinstance(x, int) and isinstance(y, int) for x, y in positions)
    assert len(set(positions)) == len(positions)
    assert graph_to_vis(full, layout_threshold=5) == data


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_page_script_is_valid_javascript():
    subprocess.run(["node", "--check", str(PAGE_JS)], check=True, capture_output=True)


@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Debian chromium is not installed at {CHROMIUM}")
def test_headless_chromium_draws_every_node_offline(full, tmp_path):
    path = write_html(full, tmp_path / "graph.html")
    run = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
         "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",  # no network
         f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0",
         "--virtual-time-budget=15000", "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=120)
    dom = run.stdout
    assert f"Layout done: {full.number_of_nodes()} nodes" in dom, run.stderr[-2000:]
    assert dom.count("<canvas") == 1
    assert dom.count('data-type="') == 11  # one filter per type present
    # the page logs nothing: no script error, no request refused by the CSP
    assert [line for line in run.stderr.splitlines() if ":CONSOLE" in line] == []


# The Playwright tests (search, click, filters, timeline, <script> names) are in test_browser.py.


def test_page_carries_measures_articles_and_filters(ds):
    from kg.views.analytics import measures
    from kg.views.filters import Filters

    G = build_network(ds, "actors", Filters(since="2026-03"))
    data = graph_to_vis(G)
    assert data["measures"] == ["degree", "strength", "betweenness"]
    found = measures(G)
    for node in data["nodes"]:
        m = found[node["info"]["iri"]]
        assert (node["info"]["degree"], node["info"]["betweenness"], node["info"]["community"]) == (
            m.degree, m.betweenness, m.community)
    assert data["dates"] == ["2026-03-03", "2026-04"]
    assert set(data["articles"]) == {"fixture-a", "fixture-b"}
    co = next(e for e in data["edges"] if e["relation"] == "co-participates")
    assert co["dates"] == ["2026-03-03", "2026-03-04", "2026-04"] and co["undated"] == 0


def test_page_states_view_and_filters(ds, tmp_path):
    from kg.views.filters import Filters

    G = build_network(ds, "ego", Filters(actor_types=("Person",)), focus="ana", depth=1)
    text = write_html(G, tmp_path / "ego.html").read_text(encoding="utf-8")
    assert '<p class="scope">view: ego of Ana Lopez · filters: actor types Person</p>' in text
    assert graph_json(text)["focus"] == sorted(G.nodes).index(G.graph["focus"])


def test_radial_layout_is_linear_and_separates_components():
    import networkx as nx

    from kg.views.layout import radial_layout

    U = nx.disjoint_union(nx.balanced_tree(3, 4), nx.path_graph(30))
    U = nx.relabel_nodes(U, {n: f"n{n:04d}" for n in U})
    pos = radial_layout(U)
    assert len(set(pos.values())) == U.number_of_nodes()
    assert radial_layout(U) == pos
    root = min(U, key=lambda n: (-U.degree(n), n))
    # neighbours of the hub are closer to it than the far leaves
    dist = lambda a, b: math.dist(pos[a], pos[b])  # noqa: E731
    leaves = [n for n in U if U.degree(n) == 1 and nx.has_path(U, root, n)]
    assert max(dist(root, n) for n in U[root]) < min(dist(root, n) for n in leaves)


def test_timeline_data_bounds_and_rows(full):
    from kg.views.timeline_page import timeline_data

    data = timeline_data(full)
    by_label = {e["label"]: e for e in data["events"]}
    call = by_label["Communication (phone) 2026-03-03 / 2026-03-04"]
    assert (call["start"], call["end"]) == ("2026-03-03", "2026-03-04")
    meet = by_label["Meeting (in person) 2026-04"]
    assert (meet["start"], meet["end"], meet["status"]) == ("2026-04-01", "2026-04-30", "planned")
    assert by_label["Statement"]["start"] == ""
    rows = {r["label"]: len(r["events"]) for r in data["rows"]}
    assert rows == {"Ana Lopez": 2, "Rui Costa": 2, "Ministério das Relações Exteriores": 1,
                    "Red Hand <script>Gang": 1}
    assert data["statuses"] == ["occurred", "planned"]


# ---------------------------------------------------------------------------- kg html / export


@pytest.fixture(scope="module")
def store_dir(ds, tmp_path_factory):
    from kg.store.embedded import Store

    path = tmp_path_factory.mktemp("cli") / "store"
    Store(path).replace_dataset(ds)
    return path


@pytest.mark.parametrize("view", ["full", "actors", "events", "org"])
def test_kg_html_views_match_the_network(ds, store_dir, tmp_path, view):
    from click.testing import CliRunner

    from kg.cli.main import main

    out = tmp_path / f"{view}.html"
    res = CliRunner().invoke(main, ["html", "--store", str(store_dir), "--view", view,
                                    "--out", str(out)])
    assert res.exit_code == 0, res.output
    G = build_network(ds, view)
    assert f"({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)" in res.output
    data = graph_json(out.read_text(encoding="utf-8"))
    assert (len(data["nodes"]), len(data["edges"])) == (G.number_of_nodes(), G.number_of_edges())
    assert data["view"] == view


def test_kg_html_ego_and_timeline_with_filters(store_dir, tmp_path):
    from click.testing import CliRunner

    from kg.cli.main import main

    res = CliRunner().invoke(main, ["html", "--store", str(store_dir), "--view", "ego",
                                    "--focus", "Rui", "--depth", "1", "--out",
                                    str(tmp_path / "ego.html")])
    assert res.exit_code == 0 and "(3 nodes," in res.output
    res = CliRunner().invoke(main, ["html", "--store", str(store_dir), "--view", "timeline",
                                    "--status", "planned", "--out", str(tmp_path / "t.html")])
    assert res.exit_code == 0 and "(1 events)" in res.output
    text = (tmp_path / "t.html").read_text(encoding="utf-8")
    assert 'id="timeline-data"' in text and "default-src 'none'" in text
    res = CliRunner().invoke(main, ["html", "--store", str(store_dir), "--view", "ego",
                                    "--out", str(tmp_path / "x.html")])
    assert res.exit_code == 2 and "needs a focus" in res.output
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_kg_export_network_formats(ds, store_dir, tmp_path, fmt):
    import networkx as nx
    from click.testing import CliRunner

    from kg.cli.main import main

    out = tmp_path / f"g.{fmt}"
    res = CliRunner().invoke(main, ["export", "--store", str(store_dir), "--format", fmt,
                                    "--view", "actors", "--country", "Canada", "--out", str(out)])
    assert res.exit_code == 0, res.output
    back = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)
    from kg.views.filters import Filters

    G = build_network(ds, "actors", Filters(countries=("Canada",)))
    assert (back.number_of_nodes(), back.number_of_edges()) == (G.number_of_nodes(),
                                                                G.number_of_edges())


def test_unknown_size_measure_is_refused_and_nothing_written(full, tmp_path):
    with pytest.raises(ValueError, match="unknown size measure 'pagerank'"):
        write_html(full, tmp_path / "g.html", size_by="pagerank")
    assert list(tmp_path.iterdir()) == []
