"""Incremental builds: an unchanged corpus re-extracts and rewrites nothing; an edited article is
re-extracted alone and only graphs whose triples change are rewritten; a deleted article's graph
and the facts only it supported disappear; every incremental result equals a build from scratch."""
from __future__ import annotations

import itertools
import os
import random
import re
import shutil
from pathlib import Path

import pytest

from kg.build import build_all
from kg.model import Event, Span, TimeValue
from kg.resolve import Resolver
from kg.store import Store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
EDITED = "003_e6c93fca0d7e41a7.txt"


def build(src, store, **kw):
    store = Path(store)
    kw.setdefault("check", False)  # SHACL is tested elsewhere; keep these tests fast
    return build_all([src], store_dir=store, out_dir=store.parent / "out", html=False,
                     exports=False, **kw)


def graph_quads(store_dir) -> dict[str, set[str]]:
    st = Store(store_dir, read_only=True)
    out: dict[str, set[str]] = {}
    for q in st.quads():
        out.setdefault(q.graph_name.value, set()).add(str(q))
    return out


def same_as_fresh(rep, store_dir, fresh_dir) -> None:
    """The incremental build's figures are the store's, and its facts.json (made from cached
    lines where an article's inputs did not change) is the fresh build's."""
    st = Store(store_dir, read_only=True)
    assert (rep.triples, rep.graphs) == (st.count(), len(st.graphs()))
    facts = (Path(store_dir).parent / "out" / "facts.json").read_bytes()
    assert facts == (Path(fresh_dir).parent / "out" / "facts.json").read_bytes()


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    d = tmp_path_factory.mktemp("base")
    shutil.copytree(SEEDS, d / "seeds")
    cwd = os.getcwd()
    os.chdir(d)  # relative paths, so that copies of this folder are the same corpus
    try:
        rep = build(Path("seeds"), Path("store"))
    finally:
        os.chdir(cwd)
    assert rep.extracted == 5 and rep.written == 7  # 5 articles + gazetteer + entities
    return d


@pytest.fixture()
def corpus(tmp_path, built_once, monkeypatch):
    """A copy of the seeds and of a store already built from them (with its cache); the tests
    run in that folder and name the corpus by the same relative path."""
    shutil.copytree(built_once / "seeds", tmp_path / "seeds")
    shutil.copytree(built_once / "store", tmp_path / "store")
    monkeypatch.chdir(tmp_path)
    return Path("seeds")


def test_unchanged_corpus_does_nothing(corpus, tmp_path):
    store = tmp_path / "store"
    before = graph_quads(store)
    again = build(corpus, store)
    assert (again.extracted, again.reused, again.written, again.removed) == (0, 5, 0, 0)
    assert graph_quads(store) == before


def test_edited_article_is_the_only_one_extracted_and_matches_a_fresh_build(corpus, tmp_path):
    store = tmp_path / "store"
    before = graph_quads(store)
    art = corpus / EDITED
    art.write_text(art.read_text(encoding="utf-8") + "\nThe ministry said on Friday it would "
                   "publish a report next week.\n", encoding="utf-8")
    rep = build(corpus, store)
    assert rep.extracted == 1 and rep.reused == 4
    after = graph_quads(store)
    changed = {g for g in after if after[g] != before.get(g)}
    edited_graph = next(g for g in after if g.endswith("/graph/article/" + EDITED[:-4]))
    assert edited_graph in changed
    # only the graphs whose triples changed were written (the digest saw no other change)
    assert rep.written == len(changed)
    fresh = tmp_path / "fresh" / "store"
    build(corpus, fresh)
    assert graph_quads(fresh) == after
    same_as_fresh(rep, store, fresh)


def test_deleted_article_takes_its_graph_and_its_facts(corpus, tmp_path):
    store = tmp_path / "store"
    before = graph_quads(store)
    gone = "001_ab5dd525461d0cd0"
    only_there = set.union(*[{q.split(" ", 1)[0] for q in qs} for g, qs in before.items()
                             if g.endswith(gone)])
    elsewhere = set.union(*[{q.split(" ", 1)[0] for q in qs} for g, qs in before.items()
                            if not g.endswith(gone)])
    solo = only_there - elsewhere  # subjects (mentions, events, people) only that article states
    assert solo
    (corpus / f"{gone}.txt").unlink()
    rep = build(corpus, store)
    assert rep.removed == 1 and rep.extracted == 0
    after = graph_quads(store)
    assert not any(g.endswith(gone) for g in after)
    subjects = {q.split(" ", 1)[0] for qs in after.values() for q in qs}
    assert not solo & subjects
    fresh = tmp_path / "fresh" / "store"
    build(corpus, fresh)
    assert graph_quads(fresh) == after
    same_as_fresh(rep, store, fresh)


def test_full_rewrites_everything_with_the_same_result(corpus, tmp_path):
    store = tmp_path / "store"
    before = graph_quads(store)
    rep = build(corpus, store, force=True)
    assert rep.written == 7 and rep.extracted == 0
    assert graph_quads(store) == before


def test_changed_extraction_code_invalidates_the_cache(corpus, tmp_path, monkeypatch):
    import kg.cache

    store = tmp_path / "store"
    monkeypatch.setattr(kg.cache, "extraction_version", lambda: "another-version")
    rep = build(corpus, store)
    assert rep.extracted == 5 and rep.written == 0  # same code really: same triples


# ----------------------------------------------------------------------------- resolver speed-up
def _naive_coref(resolver, corpus):
    """The original quadratic clustering, to check the indexed one against."""
    items = [(ai, ev) for ai, art in enumerate(corpus.articles) for ev in art.events]
    clusters = []
    for ai, ev in items:
        for cl in clusters:
            if any(aj == ai for aj, _ in cl):
                continue
            if all(resolver._corefer(ev, other) for _, other in cl):
                cl.append((ai, ev))
                break
        else:
            clusters.append([(ai, ev)])
    return [[id(ev) for _, ev in cl] for cl in clusters if len(cl) > 1]


def test_indexed_event_coreference_equals_the_quadratic_scan():
    from kg.model import ArticleFacts, Corpus, Document

    rng = random.Random(7)
    people = [f"person/p{i}" for i in range(6)] + ["country/c1", "country/c2"]
    sp = Span(0, 1, "x")
    corpus = Corpus()
    for a in range(40):
        evs = []
        for _ in range(rng.randint(0, 4)):
            parts = [(k, "participant") for k in rng.sample(people, rng.randint(0, 3))]
            day = rng.choice([None, "2026-03-01", "2026-03-02", "2026-03-04", "2026-03"])
            tv = TimeValue(day or "", day, None if day is None else
                           ("month" if len(day) == 7 else "day"))
            evs.append(Event("k", rng.choice(["Communication", "Meeting"]), rng.choice([None, "phone"]),
                             parts, tv, None, rng.choice(["occurred", "planned"]), sp, sp, None, "t", 0.7))
        corpus.articles.append(ArticleFacts(doc=Document(f"d{a}", "x", "en"), events=evs))
    r = Resolver.__new__(Resolver)
    expected = _naive_coref(r, corpus)
    r._coref_events(corpus)
    keys = {}
    for art in corpus.articles:
        for ev in art.events:
            keys.setdefault(ev.key, []).append(id(ev))
    got = sorted(sorted(v) for k, v in keys.items() if k != "k" and len(v) > 1)
    assert got == sorted(sorted(c) for c in expected)
    assert expected  # the random corpus does have coreferent events


def test_form_scanner_finds_what_the_alternation_regex_finds():
    from kg.resolve import FormScanner, _has_word

    rng = random.Random(3)
    forms = sorted({"Ruiz", "De la Vega", "Vega", "Ng", "Ortiz Ruiz", "Müller", "O'Neil", "Al-Sayed",
                    "Al", "Sayed", "Ruiz Vega", "'Ali", "(Ruiz", "-Vega"}, key=len, reverse=True)
    words = forms + ["ruiz", "@Ruiz", "Ruizes", "la", "de", "the", "x", "-", "'", ".", "\n", "é",
                     "O'Neils", "Vega2", "_Vega", "Ana", "(", "'Alis", "@"]
    scan = FormScanner(forms)
    regex = re.compile(r"(?<![\w@])(" + "|".join(re.escape(f) for f in forms) + r")(?![\w])")
    for _ in range(300):
        text = "".join(rng.choice(words) + rng.choice(["", " ", " ", ",", "\n"]) for _ in range(30))
        got = [(m.start(), m.end(), m.group(1)) for m in scan.finditer(text)]
        want = [(m.start(), m.end(), m.group(1)) for m in regex.finditer(text)]
        assert got == want, text
        for form, t in itertools.product(forms, (text, text.lower())):
            low = form.lower()
            whole = re.search(r"(?<![\w])" + re.escape(low) + r"(?![\w])", t) is not None
            assert _has_word(t, low) == whole, (low, t)


# ----------------------------------------------------------------------------- corpus-surname memo
def _surname_corpus(*extra):
    """Article 0 names Carmen Villalobos in full; article 1 says only 'Villalobos' (which
    extraction missed); article 2 says nothing of her."""
    from kg.model import ArticleMentions, Document, EntityMention

    def person(text, name):
        i = text.index(name)
        return EntityMention(Span(i, i + len(name), name, 0, len(text), text), "Person", "ner", 0.8)

    texts = [("Carmen Villalobos spoke on Monday.", ["Carmen Villalobos"]),
             ("The talks ended. Villalobos left early.", []),
             ("Nothing about her here.", []), *extra]
    return [ArticleMentions(Document(f"d{i}", t, "en"), [person(t, n) for n in names])
            for i, (t, names) in enumerate(texts)]


def test_the_corpus_surname_memo_gives_the_same_result_and_skips_known_articles(monkeypatch):
    from kg.extract import default_extractor
    from kg.facts import article_facts
    from kg.resolve import ScanMemo

    gaz = default_extractor().gaz
    plain = article_facts(Resolver(gaz).resolve(_surname_corpus()))
    assert any(e["name"] == "Carmen Villalobos" for e in plain[1]["entities"])

    keys = ["k0", "k1", "k2"]
    memo = ScanMemo()
    assert article_facts(Resolver(gaz).resolve(_surname_corpus(), memo, keys)) == plain
    assert memo.reset and set(memo.added) == set(keys) and memo.found["k1"]

    # the same forms: nothing is scanned again, and the result is the same
    memo = ScanMemo(memo.forms, dict(memo.found))
    monkeypatch.setattr(Resolver, "_surnames_in", lambda *a: pytest.fail("scanned again"))
    assert article_facts(Resolver(gaz).resolve(_surname_corpus(), memo, keys)) == plain
    assert not memo.added and not memo.reset
    monkeypatch.undo()

    # a second Villalobos makes the surname ambiguous: the forms change and the memo is void
    more = _surname_corpus(("Luis Villalobos arrived.", ["Luis Villalobos"]))
    got = article_facts(Resolver(gaz).resolve(more, memo, keys + ["k3"]))
    assert memo.reset and not memo.found  # no surname is unambiguous now: nothing to scan
    assert got == article_facts(Resolver(gaz).resolve(
        _surname_corpus(("Luis Villalobos arrived.", ["Luis Villalobos"]))))
    assert not any(e["name"] == "Carmen Villalobos" for e in got[1]["entities"])


def test_the_memo_survives_in_the_build_cache(corpus, tmp_path):
    from kg.cache import BuildCache

    store = tmp_path / "store"
    cache = BuildCache(store)
    memo = cache.scan_memo()
    cache.close()
    assert memo.forms and len(memo.found) == 5  # the seeds' scan, recorded by the first build
    again = build(corpus, store)
    assert again.extracted == 0


def test_digests_made_by_worker_processes_are_the_serial_ones(corpus, monkeypatch):
    import kg.build
    from kg.extract import default_extractor
    from kg.pipeline import extract_documents
    from kg.documents import iter_documents
    from kg.model import Document

    docs = [d for d in iter_documents([corpus], None, []) if isinstance(d, Document)]
    res = Resolver(default_extractor().gaz).resolve(extract_documents(docs, []))
    serial = kg.build._digests(res, None, 1)
    monkeypatch.setattr(kg.build, "DIGESTS_IN_PARALLEL", 1)
    assert kg.build._digests(res, None, 2) == serial and len(serial) == 5
