"""Interrupted builds: a real ``kg build`` killed with SIGKILL at random moments leaves a store that
opens, holds only whole articles (each article graph present is exactly the graph a complete
build writes), and whose exports, if any, are whole files; the next run completes the work."""
from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from fixture_corpus import TEXT_A, TEXT_B

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
KG = Path(sys.executable).parent / "kg"


def make_corpus(path: Path, copies: int = 2) -> int:
    rows = {r["file"]: r for r in csv.DictReader((SEEDS / "manifest.csv").open(encoding="utf-8"))}
    recs = []
    for k in range(copies):
        for f in sorted(SEEDS.glob("*.txt")):
            r = rows.get(f.name, {})
            recs.append({"id": f"{f.stem}-c{k}", "text": f.read_text(encoding="utf-8"),
                         "lang": r.get("lang") or None, "published": r.get("published") or None,
                         "outlet": r.get("outlet") or None})
    recs += [{"id": "fixture-a", "text": TEXT_A, "lang": "en", "published": "2026-03-05"},
             {"id": "fixture-b", "text": TEXT_B, "lang": "es", "published": "2026-03-05"}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return len(recs)


def kg_build(corpus: Path, store: Path, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([str(KG), "build", str(corpus), "--store", str(store), "--out", str(out),
                             "--batch-size", "2", "--workers", "1", "--no-html", "--no-validate",
                             "-q", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=corpus.parent)


def by_graph(store: Path) -> dict[str, set[str]]:
    st = ox.Store(str(store))  # read-write: fails if the store is corrupt or still locked
    out: dict[str, set[str]] = {}
    for q in st:
        out.setdefault(q.graph_name.value, set()).add(str(q))
    del st
    return out


@pytest.mark.skipif(not KG.exists(), reason=f"the kg script is not installed beside {sys.executable}")
def test_sigkill_at_random_moments_leaves_whole_articles_and_resumes(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    n = make_corpus(corpus)
    t0 = time.monotonic()
    ref = kg_build(corpus, tmp_path / "ref", tmp_path / "ref-out", "--no-exports")
    assert ref.wait(timeout=300) == 0, ref.stdout.read().decode()
    full_time = time.monotonic() - t0
    reference = by_graph(tmp_path / "ref")
    assert sum("/graph/article/" in g for g in reference) == n

    seed = random.randrange(10**6)
    rng = random.Random(seed)
    store, out = tmp_path / "store", tmp_path / "out"
    kills = 0
    for attempt in range(3):
        proc = kg_build(corpus, store, out, *(["--no-exports"] if attempt < 2 else []))
        try:
            proc.wait(timeout=rng.uniform(0.3, 0.9) * full_time)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            kills += 1
        if not store.exists():
            continue
        got = by_graph(store)
        for g, qs in got.items():
            if "/graph/article/" in g:
                assert qs == reference[g], f"half-written or stale graph {g} (seed {seed})"
        for name in ("graph.nq", "graph.ttl"):  # exports are whole files or absent
            if (out / name).exists():
                fmt = ox.RdfFormat.N_QUADS if name.endswith("nq") else ox.RdfFormat.TURTLE
                assert list(ox.parse(path=str(out / name), format=fmt)), (name, seed)
        assert not list(out.glob(".*.tmp")) or kills, seed
    assert kills >= 1, "the build always finished before the kill; the corpus is too small"

    final = kg_build(corpus, store, out)
    assert final.wait(timeout=300) == 0, final.stdout.read().decode()
    assert by_graph(store) == reference, f"seed {seed}"
    assert {str(q) for q in ox.parse(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS)} \
        == set().union(*reference.values())
