"""Data safety: no user error replaces or deletes what was built.

A build adds and updates articles; removing the articles no longer given is asked for
(``--prune``, ``kg remove``) and refused when no input article was read; a build whose inputs are
all unreadable changes nothing and exits 2.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli.main import main
from kg.store.embedded import Store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
ARTICLES = sorted(p.name for p in SEEDS.glob("*.txt"))


def kg(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def quads(store: Path) -> dict[str, set[str]]:
    st = Store(store, read_only=True)
    out: dict[str, set[str]] = {}
    for q in st.quads():
        out.setdefault(q.graph_name.value, set()).add(str(q))
    st.close()
    return out


def article_graphs(store: Path) -> set[str]:
    return {g.rsplit("/", 1)[1] for g in quads(store) if "/graph/article/" in g}


def outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The seeds built once (store, exports, page); each test works on a copy."""
    d = tmp_path_factory.mktemp("built")
    shutil.copytree(SEEDS, d / "seeds")
    res = kg("build", d / "seeds", "--store", d / "out" / "store", "--out", d / "out", "-j", "1",
             "--no-validate")
    assert res.exit_code == 0, res.output
    return d


@pytest.fixture
def site(built, tmp_path):
    shutil.copytree(built, tmp_path, dirs_exist_ok=True)
    return tmp_path


def test_a_mistyped_folder_changes_nothing_and_exits_2(site):
    store, out = site / "out" / "store", site / "out"
    before, files = quads(store), outputs(out)
    res = kg("build", site / "seed", "--store", store, "--out", out, "-j", "1")
    assert res.exit_code == 2, res.output
    assert "no such file or folder" in res.output and "nothing was changed" in res.output
    assert quads(store) == before
    assert outputs(out) == files


def test_a_build_of_only_unreadable_articles_changes_nothing_and_exits_2(site):
    store, out = site / "out" / "store", site / "out"
    (site / "bad").mkdir()
    (site / "bad" / "empty.txt").write_text("")
    before, files = quads(store), outputs(out)
    res = kg("build", site / "bad", "--store", store, "--out", out, "-j", "1")
    assert res.exit_code == 2, res.output
    assert "file is empty" in res.output
    assert quads(store) == before and outputs(out) == files


def test_building_a_few_articles_adds_them_to_the_store(site, tmp_path_factory):
    """A newsroom builds each day's folder into the same store: the store ends up as a build of
    all days at once, and facts.json lists every article."""
    store, out = site / "day" / "store", site / "day"
    for day, names in (("d1", ARTICLES[:3]), ("d2", ARTICLES[3:])):
        (site / day).mkdir()
        for n in names:
            shutil.copy(SEEDS / n, site / day / n)
        res = kg("build", site / day, "--store", store, "--out", out, "-j", "1", "--no-validate",
                 "--no-html")
        assert res.exit_code == 0, res.output
    assert article_graphs(store) == {n[:-4] for n in ARTICLES}
    # the same as one build of every article (the seeds have no manifest here either)
    (site / "all").mkdir()
    for n in ARTICLES:
        shutil.copy(SEEDS / n, site / "all" / n)
    res = kg("build", site / "all", "--store", site / "one" / "store", "--out", site / "one",
             "-j", "1", "--no-validate", "--no-html")
    assert res.exit_code == 0, res.output
    def same_folder(qs):  # each article records the path it was read from (prov:atLocation)
        return {g: {q.replace(str(site), "").replace("/d1/", "/").replace("/d2/", "/")
                    .replace("/all/", "/") for q in v} for g, v in qs.items()}

    assert same_folder(quads(store)) == same_folder(quads(site / "one" / "store"))
    assert (out / "facts.json").read_bytes() == (site / "one" / "facts.json").read_bytes()


def test_a_store_built_before_the_corpus_was_recorded_keeps_its_articles(site):
    """An older cache does not record the store's articles: they are found from its mentions,
    so that a build of one article into it adds that article to the others."""
    import sqlite3

    store, out = site / "out" / "store", site / "out"
    before = quads(store)
    db = sqlite3.connect(store / "kg-build" / "cache.sqlite")
    db.execute("DROP TABLE articles")
    db.commit()
    db.close()
    one = site / "one"
    one.mkdir()
    shutil.copy(SEEDS / ARTICLES[2], one / ARTICLES[2])
    res = kg("build", one, "--store", store, "--out", out, "-j", "1", "--no-validate")
    assert res.exit_code == 0, res.output
    after = quads(store)
    assert after.keys() == before.keys()
    entities = "https://w3id.org/secdip/id/graph/entities"
    assert after[entities] == before[entities]


def test_prune_removes_the_articles_not_given(site):
    store, out = site / "out" / "store", site / "out"
    keep = site / "keep"
    keep.mkdir()
    for n in ARTICLES[:2]:
        shutil.copy(SEEDS / n, keep / n)
    res = kg("build", keep, "--store", store, "--out", out, "-j", "1", "--no-validate")
    assert res.exit_code == 0, res.output
    assert len(article_graphs(store)) == 5  # without --prune nothing goes
    res = kg("build", keep, "--store", store, "--out", out, "-j", "1", "--no-validate", "--prune")
    assert res.exit_code == 0, res.output
    assert article_graphs(store) == {n[:-4] for n in ARTICLES[:2]}
    assert "3 removed" in res.output


def test_prune_refuses_when_no_article_was_read(site):
    store, out = site / "out" / "store", site / "out"
    before, files = quads(store), outputs(out)
    res = kg("build", site / "seed", "--store", store, "--out", out, "--prune")
    assert res.exit_code == 2 and "nothing was changed" in res.output, res.output
    assert quads(store) == before and outputs(out) == files


def test_kg_remove_drops_named_articles_and_refuses_unknown_ones(site):
    store, out = site / "out" / "store", site / "out"
    gone = ARTICLES[1][:-4]
    before, files = quads(store), outputs(out)
    res = kg("remove", gone, "nosuch", "--store", store, "--out", out)
    assert res.exit_code == 2 and "nosuch" in res.output, res.output
    assert quads(store) == before and outputs(out) == files
    res = kg("remove", gone, "--store", store, "--out", out, "-j", "1", "--no-validate")
    assert res.exit_code == 0, res.output
    assert article_graphs(store) == {n[:-4] for n in ARTICLES} - {gone}
    assert gone not in (out / "facts.json").read_text()
    assert gone not in (out / "graph.nq").read_text()


# ----------------------------------------------------------------------------- exit codes
def entities_graph(store: Path) -> set[str]:
    return quads(store)["https://w3id.org/secdip/id/graph/entities"]


@pytest.fixture
def half(built, tmp_path):
    """A store and outputs built from three seeds; the folder ``all`` holds all five."""
    (tmp_path / "three").mkdir()
    for n in ARTICLES[:3]:
        shutil.copy(SEEDS / n, tmp_path / "three" / n)
    res = kg("build", tmp_path / "three", "--store", tmp_path / "out" / "store", "--out",
             tmp_path / "out", "-j", "1", "--no-validate")
    assert res.exit_code == 0, res.output
    return tmp_path


def no_space(*_a, **_k):
    import errno

    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_under_the_store_leaves_the_corpus_graphs_as_they_were(half, monkeypatch):
    store, out = half / "out" / "store", half / "out"
    before, files = entities_graph(store), outputs(out)
    monkeypatch.setattr(Store, "replace_graphs_nquads", no_space)
    res = kg("build", SEEDS, "--store", store, "--out", out, "-j", "1", "--no-validate")
    assert res.exit_code == 2, res.output
    assert "no space left" in res.output.lower() and "another kg process" not in res.output
    assert str(store) in res.output
    monkeypatch.undo()
    assert entities_graph(store) == before  # not the entities of five articles
    assert outputs(out) == files


def test_a_full_output_folder_leaves_every_output_as_it_was(half, monkeypatch):
    store, out = half / "out" / "store", half / "out"
    files = outputs(out)
    export = Store.export

    def export_until_nq(self, fmt, path):
        if fmt == "nq":
            no_space()
        return export(self, fmt, path)

    monkeypatch.setattr(Store, "export", export_until_nq)
    res = kg("build", SEEDS, "--store", store, "--out", out, "-j", "1", "--no-validate")
    assert res.exit_code == 2, res.output
    assert "no space left" in res.output.lower() and str(out) in res.output
    assert "cannot open or write the store" not in res.output
    assert outputs(out) == files  # not half new, half old
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_ctrl_c_exits_130_without_tracebacks(tmp_path):
    import json
    import os
    import signal
    import subprocess
    import sys
    import time

    # enough articles that the build is still running when Ctrl-C comes, on any machine
    corpus = tmp_path / "corpus.jsonl"
    texts = [t.read_text(encoding="utf-8") for t in sorted(Path(SEEDS).glob("*.txt"))]
    with corpus.open("w", encoding="utf-8") as f:
        for i in range(120):
            f.write(json.dumps({"id": f"a{i:03d}", "text": texts[i % len(texts)] + f"\n\n({i})",
                                "lang": "es" if i % len(texts) == 2 else "en"}) + "\n")
    kg_bin = Path(sys.executable).parent / "kg"
    proc = subprocess.Popen([str(kg_bin), "build", str(corpus), "--store", str(tmp_path / "s"),
                             "--out", str(tmp_path / "out"), "-j", "2"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(3)
    assert proc.poll() is None, "the build ended before Ctrl-C could be sent"
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends to the foreground group
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (out, err)
    assert "Traceback" not in err and "interrupted" in err.lower(), err


def test_a_store_inside_the_corpus_or_at_a_file_is_refused(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    res = kg("build", tmp_path / "seeds", "--store", tmp_path / "seeds" / "store")
    assert res.exit_code == 2 and "inside the corpus folder" in res.output, res.output
    assert not (tmp_path / "seeds" / "store").exists()
    (tmp_path / "afile").write_text("x")
    res = kg("build", tmp_path / "seeds", "--store", tmp_path / "afile")
    assert res.exit_code == 2 and "is a file" in res.output, res.output
    assert (tmp_path / "afile").read_text() == "x"


def test_stale_temporaries_are_cleaned_and_live_ones_kept(tmp_path):
    import fcntl

    from kg.fileio import atomic_write

    stale = tmp_path / ".graph.jsonld.k1ll3d.tmp"
    stale.write_text("half")
    live = tmp_path / ".graph.jsonld.wr1t1ng.tmp"
    live.write_text("being written")
    with open(live, "rb") as f:
        fcntl.flock(f, fcntl.LOCK_EX)  # another process still writing it
        atomic_write(tmp_path / "graph.jsonld", lambda out: out.write(b"{}"))
        assert not stale.exists() and live.exists()
    assert (tmp_path / "graph.jsonld").read_bytes() == b"{}"


def test_workers_of_a_killed_build_exit_quietly(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(40):  # enough for the workers to be busy when the build is killed
        for n in ARTICLES:
            shutil.copy(SEEDS / n, corpus / f"{i:02d}_{n}")
    kg_bin = Path(sys.executable).parent / "kg"
    proc = subprocess.Popen([str(kg_bin), "build", str(corpus), "--store", str(tmp_path / "s"),
                             "--out", str(tmp_path), "-j", "2", "--batch-size", "4"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    time.sleep(8)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.5)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("worker processes outlived the killed build")
    err = proc.stderr.read()
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_a_build_warns_when_a_read_only_server_has_the_store_open(site):
    import subprocess
    import time

    from kg.errors import ServeError
    from kg.store.serve import oxigraph_binary

    store, out = site / "out" / "store", site / "out"
    try:
        exe = oxigraph_binary()
    except ServeError:
        pytest.skip("no oxigraph binary")
    server = subprocess.Popen([str(exe), "serve-read-only", "--location", str(store), "--bind",
                               "127.0.0.1:0"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1)
        extra = site / "extra"
        extra.mkdir()
        (extra / "new.txt").write_text((SEEDS / ARTICLES[0]).read_text().replace("the", "a"))
        res = kg("build", extra, "--store", store, "--out", out, "-j", "1", "--no-validate")
        assert res.exit_code == 0, res.output
        assert f"pid {server.pid}" in res.output and "restart" in res.output, res.output
    finally:
        server.kill()
        server.wait()


# ----------------------------------------------------------------------------- input
def test_a_symlink_to_a_file_outside_the_corpus_is_refused(tmp_path):
    corpus, outside = tmp_path / "corpus", tmp_path / "private"
    corpus.mkdir()
    outside.mkdir()
    shutil.copy(SEEDS / ARTICLES[0], corpus / ARTICLES[0])
    secret = outside / "secret.txt"
    secret.write_text("The Secretary of State said the password is hunter2 in Washington.")
    (corpus / "link.txt").symlink_to(secret)
    res = kg("build", corpus, "--store", tmp_path / "s", "--out", tmp_path / "out", "-j", "1",
             "--no-validate", "--no-html")
    assert res.exit_code == 1, res.output
    assert "rejected:" in res.output and "outside the corpus folder" in res.output
    assert "hunter2" not in (tmp_path / "out" / "graph.nq").read_text()
    assert "hunter2" not in (tmp_path / "out" / "facts.json").read_text()


def test_file_names_with_control_characters_are_printed_escaped(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / ARTICLES[0], corpus / ARTICLES[0])
    (corpus / "a\x1b[2J\x1b]52;c;aGk=\x07b.txt").write_text("")
    (corpus / "two\nlines.txt").write_text("")
    res = kg("build", corpus, "--store", tmp_path / "s", "--out", tmp_path / "out", "-j", "1",
             "--no-validate", "--no-html", "--no-exports", "-q")
    assert res.exit_code == 1, res.output
    assert "\x1b" not in res.output and "\x07" not in res.output
    assert "\\x1b[2J" in res.output
    rejected = [line for line in res.output.splitlines() if line.startswith("rejected:")]
    assert any("two\\nlines.txt" in line for line in rejected), res.output
    assert all(line.startswith(("rejected:", "warning:")) for line in res.output.splitlines())


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_spreadsheet_formulas_are_neutralised_in_csv_and_tsv(fmt):
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    from kg.queries.formats import format_result
    from kg.store.results import Result

    rows = [(Literal("=cmd|' /C calc'!A0"), URIRef("https://example.org/x")),
            (Literal("+1+1"), Literal("-2", datatype=XSD.integer)),
            (Literal("@SUM(A1)"), Literal("-x")), (Literal("plain"), None)]
    text = format_result(Result(["outlet", "n"], rows), fmt)
    cells = [c.strip('"') for line in text.splitlines()[1:] for c in
             (line.split("\t") if fmt == "tsv" else line.split(","))]
    assert not [c for c in cells if c[:1] in ("=", "+", "@")], text
    assert "-x" not in cells and "'-x" in cells, text
    assert "-2" in cells or '-2"^^<http://www.w3.org/2001/XMLSchema#integer>' in text, text


def test_non_http_urls_from_a_manifest_are_dropped_with_a_warning(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in ARTICLES[:2]:
        shutil.copy(SEEDS / n, corpus / n)
    (corpus / "manifest.csv").write_text(
        "file,lang,published,outlet,url\n"
        f"{ARTICLES[0]},en,2026-01-10,Wire,javascript:alert(1)\n"
        f"{ARTICLES[1]},en,2026-01-10,Wire,https://example.org/a\n")
    res = kg("build", corpus, "--store", tmp_path / "s", "--out", tmp_path / "out", "-j", "1",
             "--no-validate", "--no-html")
    assert res.exit_code == 0, res.output
    assert "javascript:alert(1)" in res.output and "warning:" in res.output
    nq = (tmp_path / "out" / "graph.nq").read_text()
    assert "javascript:" not in nq and "https://example.org/a" in nq
