"""kg.html: the self-contained relationship page, written from the fixture corpus."""
from __future__ import annotations

import importlib.util
import json
import math
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import kg.html
from kg.html import count_line, embed_json, graph_to_vis, write_html
from kg.network import build_network
from kg.rdf import corpus_to_dataset

from fixture_corpus import fixture_corpus

PAGE_JS = Path(kg.html.__file__).parent / "data" / "graph_page.js"
CHROMIUM = Path("/usr/bin/chromium")




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


def _browser_missing() -> str | None:
    if not CHROMIUM.exists():
        return f"Debian chromium is not installed at {CHROMIUM}"
    if importlib.util.find_spec("playwright") is None:
        return "the Python package playwright is not importable"
    return None


@pytest.mark.skipif(_browser_missing() is not None, reason=_browser_missing() or "")
def test_browser_draws_every_node_offline(full, tmp_path):
    from playwright.sync_api import sync_playwright

    path = write_html(full, tmp_path / "graph.html")
    requested, errors, dialogs = [], [], []

    def block(route):
        requested.append(route.request.url)
        route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        try:
            page = browser.new_page()
            page.route(re.compile(r"^(?!file:)"), block)  # every request but the page itself
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(path.as_uri())
            page.wait_for_function("document.getElementById('layout-status').textContent"
                                   ".startsWith('Layout done')", timeout=30_000)
            drawn = page.evaluate("Object.keys(window.kgNetwork.getPositions()).length")
            assert drawn == full.number_of_nodes()
            assert page.locator("#network canvas").count() == 1
            page.fill("#search", "red hand")
            page.press("#search", "Enter")
            assert "Red Hand <script>Gang" in page.text_content("#details h2")
        finally:
            browser.close()
    assert (requested, errors, dialogs) == ([], [], [])
