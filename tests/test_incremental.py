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

from kg.build.run import build_all
from kg.model import Span, TimeValue
from kg.resolve import Resolver
from kg.store.embedded import Store

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
    rep = build(corpus, store, prune=True)
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
    import kg.store.cache

    store = tmp_path / "store"
    monkeypatch.setattr(kg.store.cache, "extraction_version", lambda: "another-version")
    rep = build(corpus, store)
    assert rep.extracted == 5 and rep.written == 0  # same code really: same triples


# ----------------------------------------------------------------------------- resolver speed-up
def _naive_coref(dated):
    """The original quadratic clustering, to check the indexed one against."""
    from kg.resolve import corefer

    clusters = []
    for ev in dated:
        for cl in clusters:
            if any(o.ai == ev.ai for o in cl):
                continue
            if all(corefer(ev, o) for o in cl):
                cl.append(ev)
                break
        else:
            clusters.append([ev])
    return [sorted((ev.ai, ev.ei) for ev in cl) for cl in clusters if len(cl) > 1]


def test_indexed_event_coreference_equals_the_quadratic_scan():
    from kg.resolve import DatedEvent, Reduction

    rng = random.Random(7)
    people = [f"person/p{i}" for i in range(6)] + ["country/c1", "country/c2"]
    red = Reduction(Resolver.__new__(Resolver))
    for a in range(40):
        for ei in range(rng.randint(0, 4)):
            parts = tuple(rng.sample(people, rng.randint(1, 3)))
            day = rng.choice(["2026-03-01", "2026-03-02", "2026-03-04", "2026-03"])
            tv = TimeValue(day, day, "month" if len(day) == 7 else "day")
            red._dated.append(DatedEvent(a, ei, hash((a, ei)), rng.choice(["Communication", "Meeting"]),
                                         rng.choice(["occurred", "planned"]),
                                         rng.choice([None, "phone"]), parts, tv))
    expected = _naive_coref(red._dated)
    red._coref()
    keys: dict = {}
    for ai, pairs in red.event_keys.items():
        for ei, key in pairs:
            keys.setdefault(key, []).append((ai, ei))
    assert sorted(sorted(v) for v in keys.values()) == sorted(expected)
    assert expected  # the random corpus does have coreferent events


def test_form_scanner_finds_what_the_alternation_regex_finds():
    from kg.resolve import FormScanner, has_word

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
            assert has_word(t, low) == whole, (low, t)


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


def _resolve_each(articles, found=None):
    """Resolution the way the build streams it: names, then one article at a time."""
    from kg.extract import default_extractor
    from kg.resolve import NameIndex, Reduction, person_names

    r = Resolver(default_extractor().gaz)
    names = NameIndex()
    for a in articles:
        names.add(person_names(a))
    names.close()
    red, facts, scanned = Reduction(r), [], []
    for ai, a in enumerate(articles):
        f, c = r.article(a, names, None if found is None else found[ai])
        red.add(ai, c)
        facts.append(f)
        scanned.append(c.found)
    corpus = red.finish()
    corpus.articles = [red.finish_article(ai, f) for ai, f in enumerate(facts)]
    return corpus, scanned, names


def test_known_corpus_surname_matches_give_the_same_result_without_a_scan(monkeypatch):
    from kg.eval.facts import article_facts

    plain = article_facts(Resolver(_gaz()).resolve(_surname_corpus()))
    assert any(e["name"] == "Carmen Villalobos" for e in plain[1]["entities"])
    corpus, scanned, names = _resolve_each(_surname_corpus())
    assert article_facts(corpus) == plain and scanned[1]

    monkeypatch.setattr(Resolver, "_surnames_in", lambda *a: pytest.fail("scanned again"))
    corpus, again, _ = _resolve_each(_surname_corpus(), found=scanned)
    assert article_facts(corpus) == plain and again == [None] * 3
    monkeypatch.undo()

    # a second Villalobos makes the surname ambiguous: the forms (and their digest) change
    more = _surname_corpus(("Luis Villalobos arrived.", ["Luis Villalobos"]))
    corpus, _, other = _resolve_each(more)
    assert other.digest != names.digest and not other.forms
    assert not any(e["name"] == "Carmen Villalobos" for e in article_facts(corpus)[1]["entities"])


def _gaz():
    from kg.extract import default_extractor

    return default_extractor().gaz


def test_the_build_keeps_surname_matches_while_the_forms_stay_the_same(corpus, tmp_path,
                                                                       monkeypatch):
    from kg.store.cache import BuildCache

    store = tmp_path / "store"
    build(corpus, store)
    cache = BuildCache(store)
    keys = [k for (k,) in cache.db.execute("SELECT key FROM mentions")]
    forms = cache.db.execute("SELECT value FROM meta WHERE name = 'surname_forms'").fetchone()[0]
    assert len(cache.surnames(forms, keys)) == 5  # the seeds' scan, recorded by the first build
    cache.close()
    monkeypatch.setattr(Resolver, "_surnames_in", lambda *a: pytest.fail("scanned again"))
    again = build(corpus, store)
    assert again.extracted == 0 and again.written == 0
    cache = BuildCache(store)
    assert cache.surnames("other forms", keys) == {}  # other forms void every recorded match
    assert cache.surnames(forms, keys) == {}
    cache.close()


def test_resolution_by_worker_processes_is_the_serial_one(corpus, tmp_path, monkeypatch):
    """The second pass in worker processes (from RESOLVE_IN_PARALLEL articles) and the third
    (from 3 shards) give the same store and facts.json as one process."""
    import kg.build.resolution
    import kg.build.writing

    serial = build(corpus, tmp_path / "a" / "store", workers=1)
    monkeypatch.setattr(kg.build.resolution, "RESOLVE_IN_PARALLEL", 1)
    monkeypatch.setattr(kg.build.resolution, "RESOLVE_CHUNK", 2)
    monkeypatch.setattr(kg.build.writing, "WRITE_BATCH", 1)
    parallel = build(corpus, tmp_path / "b" / "store", workers=2)
    assert graph_quads(tmp_path / "a" / "store") == graph_quads(tmp_path / "b" / "store")
    assert (parallel.triples, parallel.events, parallel.entities) == \
        (serial.triples, serial.events, serial.entities)
    same_as_fresh(parallel, tmp_path / "b" / "store", tmp_path / "a" / "store")


def test_a_post_without_a_country_takes_the_one_the_corpus_gives_it():
    """'President Ana Ruiz' in one article, 'Mexican President Ana Ruiz' in a later one: the
    first article's post takes Mexico, in memory and as the build streams it."""
    from kg.model import ArticleMentions, Document, EntityMention, RoleMention

    def article(i, text, country):
        j = text.index("Ana Ruiz")
        sent = (0, len(text), text)
        person = EntityMention(Span(j, j + 8, "Ana Ruiz", *sent), "Person", "ner", 0.8)
        role = RoleMention(Span(0, j + 8, text[:j + 8], *sent), person, "President", "president",
                           country=country)
        return ArticleMentions(Document(f"d{i}", text, "en"), [person], [role])

    def arts():
        return [article(0, "President Ana Ruiz spoke.", None),
                article(1, "Mexican President Ana Ruiz spoke.", "mexico")]

    for corpus in (Resolver(_gaz()).resolve(arts()), _resolve_each(arts())[0]):
        assert [r.country for a in corpus.articles for r in a.roles] == ["country/mexico"] * 2
