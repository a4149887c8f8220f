"""Reliability figures (issue 8): hostile inputs, SIGKILL-interrupted builds, endpoint faults.

Prints: hostile inputs tried / rejected with a reason / crashed (must be 0) / valid ones stored;
kill-tests run and stores verified intact (whole articles only, and a re-run gives the reference
store); endpoint faults injected (500s, hangs, auth errors) and loads recovered.

    .venv/bin/python bench/reliability.py [--kills 10] [--faults 20] [--seed N]

It reuses the test helpers in ``tests/`` (the hostile corpus, the kill harness, the fake SPARQL
server), so what it measures is what the tests check, repeated more often.
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


def faults(n: int, rng: random.Random) -> None:
    from test_remote import FakeSparql

    from kg.store.remote import Endpoint
    from kg.graph.writer import corpus_to_dataset
    from kg.build.extraction import run
    from kg.store.embedded import Store

    local = Store.memory()
    local.replace_dataset(corpus_to_dataset(run([ROOT / "seeds"], ROOT / "seeds" / "manifest.csv").corpus))
    injected = recovered = 0
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
        finally:
            fake.close()
    print(f"endpoint faults: {injected} injected (500/502/503/hang at a random request), "
          f"{recovered} loads recovered with the local counts per graph")


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
        faults(a.faults, rng)
        kills(tmp, a.kills, rng)
    return 0


if __name__ == "__main__":
    sys.exit(main())
