"""Reliability figures (issues 8 and 20): hostile inputs, SIGKILL-interrupted builds, endpoint
faults, and loads into a real Oxigraph server behind a fault-injecting proxy.

Prints: hostile inputs tried / rejected with a reason / crashed (must be 0) / valid ones stored;
kill-tests run and stores verified intact (whole articles only, and a re-run gives the reference
store); endpoint faults injected (500s, hangs, auth errors) and loads recovered; and, through the
proxy in front of an Oxigraph server: lost replies (dropped or late) to the step that puts a
chunked graph in place and to random requests, with the graphs deleted (must be 0) and loads
whose report is true; two loads at once and the half graphs left (must be 0); the seconds a
closed port, a hanging endpoint and one that stops answering mid-load cost before the load stops.

    .venv/bin/python bench/reliability.py [--kills 10] [--faults 20] [--seed N]

It reuses the test helpers in ``tests/`` (the hostile corpus, the kill harness, the fake SPARQL
server, the fault proxy), so what it measures is what the tests check, repeated more often.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# bench/ holds html.py, which would shadow the standard library's html package
sys.path = [str(ROOT), str(ROOT / "tests")] + [p for p in sys.path
                                               if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from hostile_corpus import make_hostile_corpus  # noqa: E402
from test_interrupt import KG, by_graph, kg_build, make_corpus  # noqa: E402


def hostile(tmp: Path) -> None:
    cases = make_hostile_corpus(tmp / "hostile")
    proc = subprocess.run([str(KG), "build", str(tmp / "hostile"), "--manifest",
                           str(tmp / "hostile" / "manifest.csv"), "--store", str(tmp / "h-store"),
                           "--out", str(tmp / "h-out")], capture_output=True, text=True)
    text = proc.stdout + proc.stderr
    rejected = [ln for ln in text.splitlines() if ln.startswith("rejected:")]
    with_reason = [ln for ln in rejected if re.search(r"\.txt: \S", ln)]
    crashed = int(proc.returncode not in (0, 1) or "Traceback" in text)
    expected_bad = sum(not c.ok for c in cases)
    print(f"hostile inputs: {len(cases)} tried, {len(with_reason)} rejected with a reason "
          f"(expected {expected_bad}), crashed {crashed}, exit code {proc.returncode}")


def kills(tmp: Path, runs: int, rng: random.Random) -> None:
    corpus = tmp / "corpus.jsonl"
    make_corpus(corpus)
    t0 = time.monotonic()
    ref = kg_build(corpus, tmp / "ref", tmp / "ref-out", "--no-exports")
    ref.wait()
    full = time.monotonic() - t0
    reference = by_graph(tmp / "ref")
    killed = intact = 0
    for i in range(runs):
        store, out = tmp / f"k-store{i}", tmp / f"k-out{i}"
        proc = kg_build(corpus, store, out)
        try:
            proc.wait(timeout=rng.uniform(0.1, 0.95) * full)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            killed += 1
        ok = not store.exists() or all(qs == reference[g] for g, qs in by_graph(store).items()
                                       if "/graph/article/" in g)
        again = kg_build(corpus, store, out)
        again.wait()
        intact += ok and by_graph(store) == reference
    print(f"kill tests: {runs} runs, {killed} killed with SIGKILL, {intact} stores verified intact "
          f"and completed by the next build (full build {full:.1f} s)")


def faults(n: int, rng: random.Random, local) -> None:
    from test_remote import FakeSparql

    from kg.store.remote import Endpoint

    injected = recovered = at_check = 0
    for _ in range(n):
        fake = FakeSparql()
        try:
            kind = rng.choice([500, 503, 502, "hang"])
            k = rng.randrange(1, 8)
            seen = {"n": 0}

            def nth(method, kind_, body, k=k, seen=seen):
                seen["n"] += 1
                return seen["n"] == k
            fake.faults.append((nth, kind))
            injected += 1
            ep = Endpoint(fake.url + "/query", graph_store_url=fake.url + "/store", backoff=0.01,
                          timeout=1.0)
            report = ep.load_store(local, chunk_size=200)
            recovered += report.ok and ep.counts() == local.counts()
            at_check += not report.ok and not report.loaded and "cannot reach" in report.stopped
        finally:
            fake.close()
    print(f"endpoint faults: {injected} injected (500/502/503/hang at a random request), "
          f"{recovered} loads recovered with the local counts per graph, {at_check} stopped at "
          "the first check (a hang there stops the load before anything is sent)")


def _seed_store():
    from kg.build.extraction import run
    from kg.graph.writer import corpus_to_dataset
    from kg.store.embedded import Store

    local = Store.memory()
    local.replace_dataset(corpus_to_dataset(run([ROOT / "seeds"],
                                                ROOT / "seeds" / "manifest.csv").corpus))
    return local


def load_faults(n: int, rng: random.Random, local) -> None:
    """Loads into a real Oxigraph server through the fault proxy (tests/fault_proxy.py)."""

    from fault_proxy import FaultProxy, clear, free_port, oxigraph_server

    from kg.store.remote import Endpoint

    tmp = "urn:x-kg-load:"
    want = local.counts()
    big = max(want, key=want.get)
    chunk = max(50, want[big] // 5)

    def ep(url, **kw):
        return Endpoint(url + "/query", graph_store_url=url + "/store", backoff=0.01, **kw)

    with oxigraph_server() as oxi:
        # lost replies to the final step of a chunked graph, and to any request
        lost = {"final": [0, 0, 0], "any": [0, 0, 0]}  # runs, graphs deleted, reports true
        for i in range(n):
            which = "final" if i % 2 == 0 else "any"
            clear(oxi)
            assert ep(oxi).load_store(local).ok
            proxy = FaultProxy(oxi, late_seconds=1.5)
            try:
                action = rng.choice(["drop", "late"])
                if which == "final":
                    proxy.add(lambda r: tmp in r.sparql and f"<{big}>" in r.sparql, action)
                else:
                    k = rng.randrange(1, 25)
                    proxy.add(lambda r, k=k: len(proxy.seen) == k, action)
                report = ep(proxy.url, timeout=1.0).load_store(local, chunk_size=chunk,
                                                               force=True)
            finally:
                proxy.close()
            held = ep(oxi).counts()
            lost[which][0] += 1
            lost[which][1] += sum(1 for g in want if held.get(g, 0) == 0)
            # true: every graph the report calls loaded holds the local count, and what it says
            # a failed graph holds is what the server holds
            lost[which][2] += all(held.get(g.graph, 0) == g.triples if g.status == "loaded"
                                  else g.remote in (None, held.get(g.graph, 0))
                                  for g in report.graphs)
        for which, label in (("final", "the final step of a chunked graph"),
                             ("any", "a random request")):
            runs, deleted, true = lost[which]
            print(f"lost replies to {label} (dropped or after the time-out): {runs} loads, "
                  f"{deleted} graphs deleted, {true} reports true to the server")

        # two loads at once: B runs whole between two chunks of A
        half = whole = 0
        for _ in range(max(1, n // 4)):
            clear(oxi)
            ran = []

            def during(msg, ran=ran):
                if not ran and msg.startswith(f"{big}: chunk 2"):
                    ran.append(ep(oxi).load_store(local, chunk_size=chunk, force=True))

            a = ep(oxi, log=during).load_store(local, chunk_size=chunk, force=True)
            held = ep(oxi).counts()
            half += sum(1 for g, c in want.items() if held.get(g) != c)
            whole += a.ok and bool(ran) and ran[0].ok and held == want
        print(f"two loads at once: {max(1, n // 4)} pairs, {whole} with both reports ok and "
              f"every graph whole, {half} half graphs left")

        # how long before a load stops, and what it prints
        def timed(url, label, **kw):
            t0 = time.monotonic()
            report = ep(url, **kw).load_store(local)
            first = report.stopped.split(". ")[0]
            print(f"{label}: stopped after {time.monotonic() - t0:.1f} s ({first})")

        timed(f"http://127.0.0.1:{free_port()}", "closed port (defaults)")
        proxy = FaultProxy(oxi)
        try:
            proxy.add(lambda r: True, "hang", times=10**6)
            timed(proxy.url, "hanging endpoint (timeout 60 s)", timeout=60.0)
        finally:
            proxy.close()
        clear(oxi)
        proxy = FaultProxy(oxi)
        try:
            first = sorted(want)[0]

            def arm(msg):
                if msg.startswith(f"loaded {first}"):
                    proxy.add(lambda r: True, "hang", times=10**6)

            timed(proxy.url, "endpoint hanging after the first graph (timeout 5 s)",
                  timeout=5.0, log=arm)
        finally:
            proxy.close()

        # articles the store no longer has
        clear(oxi)
        ep(oxi).load_store(local)
        gone = next(g for g in want if "/graph/article/" in g)
        from kg.store.embedded import Store

        smaller = Store.memory()
        smaller._store.extend(q for q in local.quads() if q.graph_name.value != gone)
        report = ep(oxi).load_store(smaller)
        print(f"article removed from the store: {len(report.removed)} graph removed from the "
              f"server, server graphs match the store: {sorted(ep(oxi).graphs()) == smaller.graphs()}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kills", type=int, default=5)
    ap.add_argument("--faults", type=int, default=10)
    ap.add_argument("--seed", type=int, default=None)
    a = ap.parse_args(argv)
    seed = a.seed if a.seed is not None else random.randrange(10**6)
    rng = random.Random(seed)
    print(f"seed {seed}")
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        hostile(tmp)
        local = _seed_store()
        faults(a.faults, rng, local)
        load_faults(a.faults, rng, local)
        kills(tmp, a.kills, rng)
    return 0


if __name__ == "__main__":
    sys.exit(main())
