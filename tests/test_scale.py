"""Scale: JSON Lines input (file, stdin, bad lines), @lists, streaming batches, parallel workers
and the Dask backend give the same store as the serial build."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from fixture_corpus import TEXT_A, TEXT_B

from kg.build.run import build_all
from kg.cli.main import main
from kg.ingest.documents import Document, Rejected, iter_documents
from kg.store.embedded import Store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def quads(store_dir) -> set[str]:
    """All quads as N-Quads lines (the data has no blank nodes, so this is canonical)."""
    st = Store(store_dir, read_only=True)
    assert not any(isinstance(t, ox.BlankNode) for q in st.quads() for t in (q.subject, q.object))
    return {str(q) for q in st.quads()}


def fixture_jsonl(path: Path) -> Path:
    recs = [{"id": "fixture/a", "text": TEXT_A, "lang": "en", "published": "2026-03-05",
             "outlet": "Example Wire", "url": "https://example.org/a"},
            {"id": "fixture-b", "text": TEXT_B, "lang": "es", "published": "2026-03-05"}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- input
def test_jsonl_records_and_clear_errors_per_line(tmp_path):
    f = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "ok 1/é", "text": TEXT_A, "lang": "en", "published": "2026-03-05"}),
        "",  # blank lines are skipped
        "{not json",
        json.dumps({"text": TEXT_A}),
        json.dumps({"id": "x", "text": TEXT_A, "lang": "fr"}),
        json.dumps({"id": "y", "text": TEXT_A, "published": "05/03/2026"}),
        json.dumps({"id": "z", "text": 3}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "e", "text": "   "}),
        json.dumps({"id": "ok 1/é", "text": TEXT_B}),
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_documents([f]))
    docs = [d for d in items if isinstance(d, Document)]
    rej = {r.path: r.reason for r in items if isinstance(r, Rejected)}
    assert len(docs) == 1 and docs[0].lang == "en" and docs[0].published.isoformat() == "2026-03-05"
    assert docs[0].id.startswith("ok-1") and "/" not in docs[0].id and " " not in docs[0].id
    assert "not valid JSON" in rej[f"{f}:3"]
    assert "without an 'id'" in rej[f"{f}:4"]
    assert "'fr' is not supported" in rej[f"{f}:5"]
    assert "not an ISO date" in rej[f"{f}:6"]
    assert "'text' must be a string" in rej[f"{f}:7"]
    assert "JSON object" in rej[f"{f}:8"]
    assert "empty" in rej[f"{f}:9"]
    assert any("duplicate article id" in r for r in rej.values())


def test_list_file_and_folder_with_jsonl(tmp_path):
    (tmp_path / "docs").mkdir()
    fixture_jsonl(tmp_path / "docs" / "more.jsonl")
    lst = tmp_path / "list.txt"
    lst.write_text(f"# seed files\n{SEEDS / '000_9bec10dd816e3518.txt'}\ndocs\n", encoding="utf-8")
    items = list(iter_documents([f"@{lst}"]))
    ids = [d.id for d in items if isinstance(d, Document)]
    assert ids == ["000_9bec10dd816e3518", "fixture-a-" + ids[1].rsplit("-", 1)[1], "fixture-b"]
    bad = list(iter_documents([f"@{tmp_path / 'missing.txt'}"]))
    assert isinstance(bad[0], Rejected) and "cannot read the list" in bad[0].reason


def test_stdin_jsonl_and_quiet(tmp_path):
    data = fixture_jsonl(tmp_path / "in.jsonl").read_text(encoding="utf-8") + "{oops\n"
    res = CliRunner().invoke(main, ["build", "-", "--store", str(tmp_path / "store"), "--out",
                                    str(tmp_path / "out"), "--no-html", "--no-exports", "-q"],
                             input=data)
    assert res.exit_code == 1, res.output  # one bad line: built, with a rejection
    assert "<stdin>:3" in res.output and "not valid JSON" in res.output
    assert "articles:" not in res.output  # --quiet: problems only
    g = Store(tmp_path / "store", read_only=True).graphs()
    assert sum("/graph/article/" in x for x in g) == 2


def test_summary_reports_rate_and_incremental_counts(tmp_path):
    f = fixture_jsonl(tmp_path / "in.jsonl")
    args = ["build", str(f), "--store", str(tmp_path / "store"), "--out", str(tmp_path / "out"),
            "--no-html", "--no-exports"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "articles/s" in first.output and "tokens/s" in first.output
    assert "2 articles extracted, 0 reused" in first.output
    again = CliRunner().invoke(main, args)
    assert "0 articles extracted, 2 reused from the cache; 0 named graphs written" in again.output


# ----------------------------------------------------------------------------- streaming
def test_extraction_streams_in_bounded_batches(tmp_path):
    from kg.build.executors import Serial
    from kg.build.extraction import run

    f = tmp_path / "many.jsonl"
    f.write_text("".join(json.dumps({"id": f"a{i}", "text": TEXT_B, "lang": "es"}) + "\n"
                         for i in range(7)), encoding="utf-8")
    seen = []

    class Recording(Serial):
        def map_ordered(self, fn, tasks, **kw):
            for b in tasks:
                seen.append(len(b))
                yield fn(b)

    progress = []
    res = run([f], executor=Recording(), batch_size=3, progress=lambda n, t: progress.append(n))
    assert seen == [3, 3, 1] and progress == [3, 6, 7]
    assert len(res.corpus.articles) == 7 and res.extracted == 7


# ----------------------------------------------------------------------------- parallel / Dask
@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    shutil.copytree(SEEDS, d / "seeds")
    fixture_jsonl(d / "fixture.jsonl")
    return d


@pytest.fixture(scope="module")
def serial_quads(corpus_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("serial")
    rep = build_all([corpus_dir / "seeds", corpus_dir / "fixture.jsonl"], store_dir=out / "store",
                    out_dir=out, html=False, exports=False, workers=1)
    assert rep.validation.conforms and rep.articles == 7
    return quads(out / "store")


def test_two_workers_give_the_serial_store(corpus_dir, serial_quads, tmp_path):
    rep = build_all([corpus_dir / "seeds", corpus_dir / "fixture.jsonl"],
                    store_dir=tmp_path / "store", out_dir=tmp_path, html=False, exports=False,
                    workers=2, batch_size=2, check=False)
    assert rep.extracted == 7
    assert quads(tmp_path / "store") == serial_quads


def test_dask_local_cluster_gives_the_serial_store(corpus_dir, serial_quads, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    from kg.build.writing import WRITE_BATCH

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        import kg.build.writing

        old = kg.build.writing.WRITE_BATCH
        kg.build.writing.WRITE_BATCH = 3  # several shards from 7 articles
        try:
            # a Client stands for the scheduler's address here; the backend does not close it
            rep = build_all([corpus_dir / "seeds", corpus_dir / "fixture.jsonl"],
                            store_dir=tmp_path / "store", out_dir=tmp_path, html=False,
                            exports=False, scheduler=client, shards_dir=tmp_path / "shards",
                            batch_size=2)
        finally:
            kg.build.writing.WRITE_BATCH = old
        assert WRITE_BATCH == old
        assert rep.validation.conforms and rep.written == 9  # 7 articles + gazetteer + entities
        assert len(list((tmp_path / "shards").glob("shard-*.nq"))) == 3
    assert quads(tmp_path / "store") == serial_quads
    # the shards of a full build bulk-load into a server's store folder as the whole dataset
    from kg.store.serve import oxigraph_binary

    files = sorted(str(p) for p in (tmp_path / "shards").glob("*.nq"))
    assert any(f.endswith("corpus.nq") for f in files)
    subprocess.run([str(oxigraph_binary()), "load", "--location", str(tmp_path / "server"),
                    "--file", *files], check=True, capture_output=True, timeout=300)
    assert quads(tmp_path / "server") == serial_quads


def test_scheduler_option_is_checked(tmp_path):
    res = CliRunner().invoke(main, ["build", str(SEEDS), "--store", str(tmp_path / "s"),
                                    "--scheduler", "nowhere:1", "-q"])
    assert res.exit_code == 2 and "tcp://HOST:PORT" in res.output
