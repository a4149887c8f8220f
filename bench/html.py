"""Time to write the relationship page and time until it is interactive in headless Chromium.

Synthetic graphs (generated, no article text) shaped like the ``"full"`` view: 40 % events, each
with 2-3 participants picked with preferential attachment, a post for a third of the people, a
parent for some bodies, and node attributes of realistic size (evidence sentences, sources, event
lists). For each size it prints:

- ``write``: seconds in :func:`kg.views.pages.write_html` (measures, layout, JSON, file);
- ``interactive``: seconds from navigation start until the page sets ``window.kgReady`` (laid
  out, drawn once, handlers attached), as ``performance.now()`` in the page, median of the runs;
- the page size.

Usage: .venv/bin/python bench/html.py [--sizes 1000,5000,20000] [--runs 3] [--no-browser]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

# This file is named html.py: its folder must not shadow the standard library's html package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import networkx as nx  # noqa: E402

from kg.views.pages import LAYOUT_THRESHOLD, write_html  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ACTOR_TYPES = ["Person", "Ministry", "Agency", "Country", "CriminalOrganization", "Place", "Media"]
EVENT_TYPES = ["Communication", "Meeting", "Statement", "Demand", "Threat", "Agreement",
               "SecurityOperation", "Seizure"]
STATUSES = ["occurred"] * 8 + ["planned", "negated"]


def synthetic_graph(n: int, seed: int = 1) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    G = nx.MultiDiGraph(view="full", filters="", articles={
        f"art-{i:05d}": {"outlet": f"Outlet {i % 17}", "published": "2026-01-15", "url": ""}
        for i in range(max(1, n // 20))})
    arts = sorted(G.graph["articles"])
    n_events = int(n * 0.4)
    actors = [f"urn:x:actor/{i}" for i in range(n - n_events)]
    weights = []
    for i, a in enumerate(actors):
        t = ACTOR_TYPES[min(int(rng.paretovariate(1.2)) - 1, len(ACTOR_TYPES) - 1)]
        G.add_node(a, kind="actor", type=t, label=f"Actor {i} {t}", country="Country 1",
                   posts=[], events=[], sources=rng.sample(arts, min(2, len(arts))),
                   evidence=[f"Synthetic sentence number {i} about actor {i}. — {arts[0]}"],
                   evidence_total=1)
        weights.append(1)
    for j in range(n_events):
        e = f"urn:x:event/{j}"
        t = rng.choice(EVENT_TYPES)
        day = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        G.add_node(e, kind="event", type=t, label=f"{t} {day}", mode="", status=rng.choice(STATUSES),
                   date=day, dates=[f"{day} — {arts[0]}"], quote="", place="", participants=[],
                   evidence=[f"Synthetic sentence reporting event {j}. — {arts[0]}"],
                   evidence_total=1, sources=[rng.choice(arts)])
        for k, a in enumerate(set(rng.choices(actors, weights, k=rng.randint(2, 3)))):
            role = "initiator" if k == 0 else "participant"
            G.add_edge(e, a, key=role, relation=role, label=role, weight=1,
                       sources=G.nodes[e]["sources"])
            G.nodes[e]["participants"].append(f"{G.nodes[a]['label']} ({role})")
            G.nodes[a]["events"].append(f"{day} {t} — {role}")
            weights[int(a.rsplit('/', 1)[1])] += 1
    for i, a in enumerate(actors):
        if G.nodes[a]["type"] == "Person" and i % 3 == 0:
            org = rng.choice(actors)
            if org != a:
                G.add_edge(a, org, key="holds post", relation="holds post", label="minister",
                           weight=1, sources=[arts[0]])
    return G


def time_to_interactive(path: Path, runs: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            for _ in range(runs):
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.route("**/*", lambda route: route.continue_()
                           if route.request.url.startswith("file:") else route.abort())
                page.goto(path.as_uri(), timeout=300_000)
                page.wait_for_selector("body[data-ready=true]", state="attached", timeout=300_000)
                times.append(page.evaluate("() => window.kgReadyAt") / 1000)
                page.close()
        finally:
            browser.close()
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,5000,20000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    print(f"layout threshold {LAYOUT_THRESHOLD} nodes (physics in the browser at or below it)")
    print(f"{'nodes':>7} {'edges':>7} {'write s':>8} {'MB':>6} {'interactive s':>14}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.sizes.split(",")):
            G = synthetic_graph(n)
            path = Path(tmp) / f"g{n}.html"
            t0 = time.perf_counter()
            write_html(G, path)
            write = time.perf_counter() - t0
            mb = path.stat().st_size / 1e6
            tti = "" if args.no_browser else f"{statistics.median(time_to_interactive(path, args.runs)):.2f}"
            print(f"{n:>7} {G.number_of_edges():>7} {write:>8.2f} {mb:>6.1f} {tti:>14}", flush=True)


if __name__ == "__main__":
    main()
