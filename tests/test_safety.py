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
    assert res.exit_code == 2, res.output
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
