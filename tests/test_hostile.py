"""Hostile input (issue 8): a build over a corpus of junk finishes, rejects each bad article with a
reason, exits 1, and keeps everything valid; exports parse back; the page runs nothing from the text.

The corpus is made by :mod:`tests.hostile_corpus` under ``tests/data/hostile/`` (git-ignored).
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_corpus import make_hostile_corpus
from rdflib import Dataset, Graph

from kg.cli.main import main
from kg.graph.iris import IRIs
from kg.ingest.documents import safe_doc_id
from kg.store.embedded import Store

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "data" / "hostile"


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    cases = make_hostile_corpus(CORPUS)
    out = tmp_path_factory.mktemp("hostile")
    result = CliRunner().invoke(main, ["build", str(CORPUS), "--manifest", str(CORPUS / "manifest.csv"),
                                       "--store", str(out / "store"), "--out", str(out / "out")])
    return cases, result, out


def test_build_finishes_and_exits_1(hostile_build):
    cases, result, _ = hostile_build
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    assert result.exit_code == 1, result.output


def test_every_bad_article_is_rejected_with_a_reason(hostile_build):
    cases, result, _ = hostile_build
    text = result.output
    for case in cases:
        if case.ok:
            continue
        lines = [ln for ln in text.splitlines() if Path(case.file).name in ln and "reject" in ln.lower()
                 or Path(case.file).name in ln and ":" in ln]
        assert lines, f"{case.file} ({case.what}) is not reported:\n{text}"


def test_every_valid_article_is_in_the_store(hostile_build):
    cases, result, out = hostile_build
    store = Store(out / "store")
    graphs = set(store.graphs())
    iris = IRIs()
    for case in cases:
        gid = str(iris.article_graph(safe_doc_id(Path(case.file).stem)))
        if case.ok:
            assert gid in graphs, f"{case.file} ({case.what}) missing from the store\n{result.output}"
            assert store.count(gid) > 0
    # nothing outside the corpus folder was read, and the row that points there is reported
    assert not any("passwd" in g or "hostname" in g for g in graphs)
    assert "row for '../../etc/passwd' points outside the corpus folder; ignored" in result.output


def test_hostile_names_survive_every_export(hostile_build):
    _, _, out = hostile_build
    formats = {"nt": "nt", "nq": "nquads", "trig": "trig", "ttl": "turtle", "jsonld": "json-ld"}
    sizes = {}
    for ext, fmt in formats.items():
        path = out / "out" / f"graph.{ext}"
        assert path.is_file(), path
        g = Dataset() if fmt in ("nquads", "trig", "json-ld") else Graph()
        g.parse(path, format=fmt)
        sizes[ext] = len(g) if isinstance(g, Graph) and not isinstance(g, Dataset) else \
            sum(1 for _ in g.quads((None, None, None, None)))
    assert sizes["nq"] == sizes["trig"] == sizes["jsonld"], sizes
    nt = (out / "out" / "graph.nt").read_text(encoding="utf-8")
    assert "Brennholt" in nt
    # the hostile names are kept as data (escaped), not dropped
    assert "The Hammer" in nt


def test_page_runs_nothing_from_the_text(hostile_build):
    _, _, out = hostile_build
    page = (out / "out" / "graph.html").read_text(encoding="utf-8")
    # no markup from an article reaches the page unescaped
    assert "<script>window.__pwned" not in page
    assert "onerror=alert" not in page
    assert not re.search(r"<b>threats</b>", page)
    assert "javascript:alert" not in page


def test_no_iri_in_the_store_is_invalid(hostile_build):
    _, _, out = hostile_build
    store = Store(out / "store")
    bad = re.compile(r'[\s<>"{}|\\^`\x00-\x1f\x7f]')
    for q in store.quads():
        for term in (q.subject, q.predicate, q.object, q.graph_name):
            value = getattr(term, "value", None)
            if type(term).__name__ == "NamedNode":
                assert not bad.search(value), value
                assert re.match(r"[a-z][a-z0-9+.-]*:", value), value
