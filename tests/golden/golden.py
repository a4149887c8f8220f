"""Golden outputs: what the product makes of the seeds and a small mixed corpus, recorded once.

In: ``seeds/`` and ``tests/golden/corpus/`` (invented articles in English and Spanish, a folder
with a manifest and a JSON Lines file). Out: a dict ``{name: text}`` with the sorted N-Quads of
the store, ``facts.json``, the GraphML of the full network view and every library query's
answer (rows sorted, as JSON), each as the product writes it.

``tests/test_golden.py`` compares a fresh build with the recorded files in
``tests/golden/expected/``; a change that is meant to change the output re-records them with

    .venv/bin/python tests/golden/golden.py --record

and says why in its commit message.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
EXPECTED = HERE / "expected"

#: values for the library's parameters that have no default; names that are in the golden graph
PARAM_VALUES = {
    "actor": "Marco Rubio",
    "about": "Marco Rubio",
    "name": "rubio",
    "org": "United States Department of State",
    "from": "Marco Rubio",
    "to": "Juan Ramón de la Fuente",
}


def build(workdir: Path) -> Path:
    """Build seeds + the golden corpus into ``workdir``; the store's folder."""
    store, out = workdir / "store", workdir / "out"
    cmd = [sys.executable, "-m", "kg", "build", str(ROOT / "seeds"), str(CORPUS),
           "--store", str(store), "--out", str(out), "-q",
           "--workers", "1", "--no-html"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(cmd, cwd=workdir, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"kg build failed ({proc.returncode}):\n{proc.stderr}")
    graphml = out / "graph.graphml"
    proc = subprocess.run([sys.executable, "-m", "kg", "export", "--format", "graphml",
                           "--view", "full", "--out", str(graphml), "--store", str(store)],
                          cwd=workdir, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"kg export failed ({proc.returncode}):\n{proc.stderr}")
    return store


def _query_answers(store: Path) -> dict[str, str]:
    sys.path.insert(0, str(ROOT))
    import kg
    import kg.api

    answers = {}
    lib_specs = kg.api.library().list()
    for spec in lib_specs:
        params = {p.name: PARAM_VALUES[p.name] for p in spec.params
                  if p.required and p.name in PARAM_VALUES}
        if spec.name == "interaction_chain":
            params = {"from": PARAM_VALUES["from"], "to": PARAM_VALUES["to"]}
        rows = kg.query(spec.name, store=str(store), params=params)
        lines = sorted(json.dumps(r, ensure_ascii=False, sort_keys=True, default=str)
                       for r in rows)
        answers[f"query-{spec.stem}.jsonl"] = "".join(line + "\n" for line in lines)
    return answers


def outputs(workdir: Path) -> dict[str, str]:
    """Every golden output of a fresh build in ``workdir``."""
    store = build(workdir)
    out = workdir / "out"
    nq = (out / "graph.nq").read_text(encoding="utf-8").splitlines()
    result = {
        "graph.nq": "".join(line + "\n" for line in sorted(set(nq)) if line.strip()),
        "facts.json": (out / "facts.json").read_text(encoding="utf-8"),
        "graph.graphml": (out / "graph.graphml").read_text(encoding="utf-8"),
    }
    result.update(_query_answers(store))
    # the store records where each article was read from: the checkout's place is not output
    return {name: text.replace(str(ROOT), "<ROOT>") for name, text in result.items()}


def read_expected() -> dict[str, str]:
    return {p.name[:-3]: gzip.decompress(p.read_bytes()).decode("utf-8")
            for p in sorted(EXPECTED.glob("*.gz"))}


def record(workdir: Path) -> None:
    EXPECTED.mkdir(exist_ok=True)
    for old in EXPECTED.glob("*.gz"):
        old.unlink()
    for name, text in outputs(workdir).items():
        (EXPECTED / f"{name}.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    print(f"recorded {len(list(EXPECTED.glob('*.gz')))} files in {EXPECTED}")


def main() -> None:
    import tempfile

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--record", action="store_true", help="record the expected outputs")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.record:
            record(Path(tmp))
        else:
            got, want = outputs(Path(tmp)), read_expected()
            bad = sorted(n for n in set(got) | set(want) if got.get(n) != want.get(n))
            print("identical" if not bad else "differ: " + ", ".join(bad))
            sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
