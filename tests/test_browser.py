"""The relationship and timeline pages in a real browser (headless Debian chromium via Playwright).

One browser per module. Every page is opened from disk with the network blocked: any request
that is not a file: URL is aborted and recorded, and each test asserts there was none. Expected
counts come from the NetworkX graph the page was written from. Screenshots go to
$KG_TEST_ARTIFACTS (default tests/artifacts/).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from local_servers import browser_missing, chromium

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(browser_missing() is not None, reason=browser_missing() or "")


def artifacts() -> Path:
    path = Path(os.environ.get("KG_TEST_ARTIFACTS") or ROOT / "tests" / "artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


class Opened:
    """A page opened from disk with the network blocked; records requests, errors, dialogs."""

    def __init__(self, browser, path: Path, viewport=(1400, 900)):
        self.requested, self.errors, self.dialogs = [], [], []
        self.page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        self.page.route("**/*", self._route)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready=true]", state="attached", timeout=60_000)

    def _route(self, route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.requested.append(route.request.url)
            route.abort()

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def visible_nodes(self) -> int:
        return self.js("() => window.kgNodes.get({filter: n => !n.hidden}).length")

    def click_node(self, node_id: int) -> None:
        """A real mouse click at the node's place on the canvas."""
        self.js("id => window.kgNetwork.focus(id, {scale: 1.6})", node_id)
        x, y = self.js("""id => {
            const p = window.kgNetwork.canvasToDOM(window.kgNetwork.getPositions([id])[id]);
            const r = document.getElementById('network').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""", node_id)
        self.page.mouse.click(x, y)

    def close_clean(self) -> None:
        self.page.close()
        assert (self.requested, self.errors, self.dialogs) == ([], [], [])


# ---------------------------------------------------------------------------- the seed page


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    from kg.cli.main import main
    from kg.store.embedded import Store
    from kg.views.network import build_network

    out = tmp_path_factory.mktemp("seed")
    res = CliRunner().invoke(main, ["build", str(ROOT / "seeds"), "--store", str(out / "store"),
                                    "--out", str(out), "--no-exports", "-q"])
    assert res.exit_code == 0, res.output
    G = build_network(Store(out / "store", read_only=True), "full")
    return out / "graph.html", G


def test_seed_page_offline_counts_search_click_filter(browser, seed):
    path, G = seed
    order = sorted(G.nodes)
    page = Opened(browser, path)
    try:
        assert page.js("() => window.kgNodes.length") == G.number_of_nodes()
        assert page.js("() => window.kgEdges.length") == G.number_of_edges()
        drawn = page.js("() => Object.keys(window.kgNetwork.getPositions()).length")
        assert drawn == G.number_of_nodes()
        assert page.page.locator("#network canvas").count() == 1

        page.page.fill("#search", "Rubio")
        page.page.press("#search", "Enter")
        assert "Rubio" in page.page.text_content("#details h2")
        assert page.page.text_content("#search-status").startswith("1 of")

        # a click on a person with evidence shows that evidence in the panel
        person = max((n for n in G if G.nodes[n]["type"] == "Person"),
                     key=lambda n: (G.nodes[n]["evidence_total"], n))
        page.js("() => { window.kgNetwork.unselectAll(); }")
        page.click_node(order.index(person))
        assert page.page.text_content("#details h2") == G.nodes[person]["label"]
        panel = page.page.text_content("#details")
        assert "Evidence" in panel
        assert G.nodes[person]["evidence"][0] in panel
        page.page.screenshot(path=str(artifacts() / "seed_graph.png"))

        # the legend filter hides a type, and only that type
        persons = sum(1 for n in G if G.nodes[n]["type"] == "Person")
        assert page.visible_nodes() == G.number_of_nodes()
        page.page.uncheck('input[data-type="Person"]')
        assert page.visible_nodes() == G.number_of_nodes() - persons
        hidden = page.js("() => window.kgNodes.get({filter: n => n.hidden}).map(n => n.group)")
        assert set(hidden) == {"Person"}
        page.page.check('input[data-type="Person"]')
        assert page.visible_nodes() == G.number_of_nodes()
    finally:
        page.close_clean()


# ---------------------------------------------------------------- legible at a laptop's size

#: The smallest label a reader reads on screen, in CSS px.
READABLE_PX = 11
#: Node ids drawn inside the #network box, from the canvas positions.
ON_SCREEN = """() => {
    const r = document.getElementById('network').getBoundingClientRect();
    const pos = window.kgNetwork.getPositions();
    return Object.keys(pos).filter(id => {
        const p = window.kgNetwork.canvasToDOM(pos[id]);
        return p.x >= 0 && p.y >= 0 && p.x <= r.width && p.y <= r.height;
    }).length;
}"""


def test_seed_page_labels_are_legible_at_the_initial_zoom(browser, seed):
    """At 1280x800 the smallest label font, times the scale the page opens at, is at least
    READABLE_PX screen px (the fit alone gave ~0.24 x 11 = 2.6 px); the view still shows part of
    the graph, and "Show whole graph" fits every node in the box."""
    path, G = seed
    page = Opened(browser, path, viewport=(1280, 800))
    try:
        fonts = page.js("() => JSON.parse(document.getElementById('graph-data').textContent)"
                        ".groups.map(g => g.options.font.size)")
        scale = page.js("() => window.kgNetwork.getScale()")
        page.page.screenshot(path=str(artifacts() / "seed_graph_initial.png"))
        assert scale * min(fonts) >= READABLE_PX, (scale, fonts)
        assert page.js(ON_SCREEN) >= 15  # zoomed into the graph, not into empty space
        assert page.page.is_visible("#fit-all")
        page.page.click("#fit-all")
        page.page.wait_for_timeout(700)  # the fit's animation
        assert page.js(ON_SCREEN) == G.number_of_nodes()
    finally:
        page.close_clean()


def test_seed_page_every_event_node_has_a_short_label(browser, seed):
    """Every event node carries a label on the canvas: its type, and its date when it has one."""
    from kg.views.pages import LABEL_MAX

    path, G = seed
    order = sorted(G.nodes)
    page = Opened(browser, path, viewport=(1280, 800))
    try:
        labels = dict(page.js("() => window.kgNodes.get().map(n => [n.id, n.label])"))
        events = [(i, G.nodes[n]) for i, n in enumerate(order) if G.nodes[n]["kind"] == "event"]
        assert events
        for i, d in events:
            label = labels[i]
            assert label and label.strip(), d
            assert len(label) <= LABEL_MAX
            assert label.startswith(d["type"].split(" / ")[0][:LABEL_MAX - 1]), (label, d)
            if d["date"] and len(d["type"]) + len(d["date"]) < LABEL_MAX - 4:
                assert d["date"].split(" / ")[0] in label, (label, d)
    finally:
        page.close_clean()


@pytest.mark.parametrize("viewport", [(1280, 800), (1024, 600)])
def test_seed_page_side_panel_stays_inside_the_viewport_and_scrolls(browser, seed, viewport):
    """The details of the best-connected node are longer than the panel: the panel lies inside
    the viewport, scrolls on its own, and the page itself does not scroll."""
    path, G = seed
    hub = max(G.nodes, key=lambda n: (G.degree(n), n))
    page = Opened(browser, path, viewport=viewport)
    try:
        page.page.fill("#search", G.nodes[hub]["label"])
        for _ in range(10):  # the name may match other nodes' aliases first: Enter goes on
            page.page.press("#search", "Enter")
            if page.page.text_content("#details h2") == G.nodes[hub]["label"]:
                break
        assert page.page.text_content("#details h2") == G.nodes[hub]["label"]
        box = page.page.locator("#details").bounding_box()
        width, height = viewport
        assert box["x"] >= 0 and box["y"] >= 0
        assert box["x"] + box["width"] <= width + 0.5 and box["y"] + box["height"] <= height + 0.5
        assert page.js("() => document.documentElement.scrollHeight") <= height
        sh, ch = page.js("() => { const e = document.getElementById('details');"
                         " return [e.scrollHeight, e.clientHeight]; }")
        assert sh > ch
        page.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.page.mouse.wheel(0, 400)
        page.page.wait_for_timeout(200)
        assert page.js("() => document.getElementById('details').scrollTop") > 0
        assert page.js("() => window.scrollY") == 0
        page.page.screenshot(path=str(artifacts() / f"seed_panel_{width}x{height}.png"))
    finally:
        page.close_clean()

@pytest.mark.parametrize("typed, wanted", [("lopez", "López Obrador"), ("SRE", "Relaciones Exteriores"),
                                           ("nicolas maduro", "Nicolás Maduro")])
def test_seed_page_find_by_name_ignores_accents_and_searches_aliases(browser, seed, typed, wanted):
    path, _ = seed
    page = Opened(browser, path)
    try:
        page.page.fill("#search", typed)
        page.page.press("#search", "Enter")
        assert wanted in page.page.text_content("#details h2")
    finally:
        page.close_clean()


def test_seed_page_time_window_matches_the_cli_filter(browser, seed):
    from kg.views.filters import Filters

    path, G = seed
    dated = sorted({x for _, d in G.nodes(data=True) if d["kind"] == "event"
                    for x in d["date"].split(" / ") if len(x) == 10})
    since = dated[len(dated) // 2]
    keep = Filters(since=since)
    events = [d for _, d in G.nodes(data=True) if d["kind"] == "event"]
    expected = G.number_of_nodes() - len(events) + sum(keep.keeps_event(d) for d in events)
    assert 0 < sum(keep.keeps_event(d) for d in events) < len(events)
    page = Opened(browser, path)
    try:
        page.page.fill("#date-from", since)
        page.page.dispatch_event("#date-from", "change")
        page.page.uncheck("#show-undated")
        assert page.visible_nodes() == expected
        page.page.check("#show-undated")
        undated = sum(1 for d in events if not d["date"])
        assert page.visible_nodes() == expected + undated
    finally:
        page.close_clean()


def test_size_by_measure_changes_node_sizes(browser, seed):
    path, G = seed
    page = Opened(browser, path)
    try:
        options = page.js("() => [...document.querySelectorAll('#size-by option')].map(o => o.value)")
        assert options == ["degree", "strength", "betweenness", "none"]
        before = page.js("() => window.kgNodes.get().map(n => n.size)")
        page.page.select_option("#size-by", "betweenness")
        after = page.js("() => window.kgNodes.get().map(n => n.size)")
        assert before != after
        page.page.select_option("#size-by", "none")
        assert set(page.js("() => window.kgNodes.get().map(n => n.size)")) <= {8, 10}
    finally:
        page.close_clean()


def test_page_opens_sized_by_the_measure_asked_for(browser, full, tmp_path):
    from kg.views.pages import write_html

    page = Opened(browser, write_html(full, tmp_path / "g.html", size_by="betweenness"))
    try:
        assert page.page.input_value("#size-by") == "betweenness"
        sizes = page.js("() => Object.fromEntries(window.kgNodes.get().map(n => [n.id, n.size]))")
        between = {n["id"]: n["info"]["betweenness"] for n in page.js(
            "() => JSON.parse(document.getElementById('graph-data').textContent).nodes")}
        top = max(between, key=between.get)
        assert sizes[str(top)] == max(sizes.values())  # the most between node is the largest
    finally:
        page.close_clean()


# ---------------------------------------------------------------------------- hostile text


def test_a_script_tag_in_a_name_shows_as_text_and_runs_nothing(browser, full, tmp_path):
    from kg.views.pages import write_html

    path = write_html(full, tmp_path / "graph.html")
    page = Opened(browser, path)
    try:
        page.page.fill("#search", "red hand")
        page.page.press("#search", "Enter")
        assert page.page.text_content("#details h2") == "Red Hand <script>Gang"
        assert "<script>alert(1)</script>" in page.page.text_content("#details")
        assert page.js("() => document.querySelectorAll('#details script, #details img').length") == 0
        assert page.js("() => document.scripts.length") == 3  # data, vis-network, page script
        page.page.screenshot(path=str(artifacts() / "script_name.png"))
    finally:
        page.close_clean()  # no dialog: alert() never ran


# ---------------------------------------------------------------------------- timeline


def test_timeline_page_draws_every_event_with_status_and_sources(browser, full, tmp_path):
    from kg.views.timeline_page import timeline_data, write_timeline

    path = write_timeline(full, tmp_path / "timeline.html")
    data = timeline_data(full)
    page = Opened(browser, path)
    try:
        marks = sum(len(r["events"]) for r in data["rows"])
        assert page.js("() => document.querySelectorAll('#timeline .mark').length") == marks
        planned = [e for e in data["events"] if e["status"] == "planned"]
        assert planned and page.js(
            "() => document.querySelectorAll('#timeline .mark.tentative').length") == sum(
            len([r for r in data["rows"] if e["id"] in r["events"]]) for e in planned)
        call = next(e for e in data["events"] if e["type"] == "Communication")
        page.page.click(f'#timeline .mark[data-event="{call["id"]}"] >> nth=0')
        panel = page.page.text_content("#details")
        assert all(src in panel for src in call["sources"])
        assert "2026-03-03 — fixture-a" in panel  # the date each source gives
        page.page.uncheck('input[data-status="planned"]')
        assert page.js("() => document.querySelectorAll('#timeline .mark.tentative').length") == 0
        page.page.screenshot(path=str(artifacts() / "timeline.png"))
    finally:
        page.close_clean()


def test_timeline_undated_events_sit_in_a_band_the_reader_sees(browser, seed, tmp_path):
    """The seeds have undated events: their band is inside the first screen (not a column past
    the last date, off to the right), and every undated mark is drawn inside it."""
    from kg.views.timeline_page import write_timeline

    _, G = seed
    path = write_timeline(G, tmp_path / "timeline.html")
    page = Opened(browser, path)
    try:
        width = page.js("() => window.innerWidth")
        band = page.js("() => { const r = document.querySelector('#timeline .undated-band')"
                       ".getBoundingClientRect(); return [r.left, r.right]; }")
        assert 0 <= band[0] and band[1] <= width, (band, width)
        label = page.js("() => document.querySelector('#timeline .undated-label')"
                        ".getBoundingClientRect().right")
        assert label <= width
        page.page.screenshot(path=str(artifacts() / "timeline_undated.png"))
    finally:
        page.close_clean()


def test_source_links_only_for_web_addresses(browser, full, tmp_path):
    from kg.views.pages import write_html

    G = full.copy()
    G.graph["articles"] = {
        "fixture-a": {"outlet": "Example Wire", "published": "2026-03-04",
                      "url": "https://news.example.org/a"},
        "fixture-b": {"outlet": "", "published": "", "url": "javascript:alert(1)"},
    }
    page = Opened(browser, write_html(G, tmp_path / "graph.html"))
    try:
        page.page.fill("#search", "Ana Lopez")
        page.page.press("#search", "Enter")
        links = page.js("() => [...document.querySelectorAll('#details ul.sources a')]"
                        ".map(a => [a.textContent, a.getAttribute('href'), a.rel])")
        assert links == [["fixture-a", "https://news.example.org/a", "noopener noreferrer"]]
        assert "fixture-a — Example Wire, 2026-03-04" in page.page.text_content("#details")
        assert "fixture-b" in page.page.text_content("#details ul.sources")
        assert "javascript:alert" not in (tmp_path / "graph.html").read_text(encoding="utf-8")
    finally:
        page.close_clean()


def test_large_page_uses_the_precomputed_layout_and_stays_usable(browser, tmp_path):
    import networkx as nx

    from kg.views.pages import LAYOUT_THRESHOLD, graph_to_vis, write_html

    n = LAYOUT_THRESHOLD + 100
    B = nx.barabasi_albert_graph(n, 2, seed=5)
    G = nx.MultiDiGraph()
    for i in B:
        G.add_node(f"urn:x:{i:04d}", kind="actor", type="Person" if i % 3 else "Agency",
                   label=f"Node {i:04d}", evidence=[f"Sentence {i}."], evidence_total=1,
                   sources=[], posts=[], events=[], country="")
    for u, v in B.edges():
        G.add_edge(f"urn:x:{u:04d}", f"urn:x:{v:04d}", key="co-participates",
                   relation="co-participates", label="Meeting", weight=1, sources=[])
    path = write_html(G, tmp_path / "big.html")
    expected = {n["id"]: (n["x"], n["y"]) for n in graph_to_vis(G)["nodes"]}
    page = Opened(browser, path)
    try:
        assert page.js("() => window.kgNetwork.physics.options.enabled") is False
        positions = page.js("() => window.kgNetwork.getPositions()")
        assert {int(k): (round(p["x"]), round(p["y"])) for k, p in positions.items()} == expected
        page.page.fill("#search", "Node 0421")
        page.page.press("#search", "Enter")
        assert page.page.text_content("#details h2") == "Node 0421"
        agencies = sum(1 for _, d in G.nodes(data=True) if d["type"] == "Agency")
        page.page.uncheck('input[data-type="Agency"]')
        assert page.visible_nodes() == n - agencies
    finally:
        page.close_clean()
