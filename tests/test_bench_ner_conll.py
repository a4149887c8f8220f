"""bench/ner_conll.py: CoNLL reading, detokenising and scoring on hand-made snippets, and its
paths (product, rule baseline, product with the rules as NER) on a text written for the test.
No benchmark file is read; the snippets below were written for these tests."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

PATH = Path(__file__).resolve().parents[1] / "bench" / "ner_conll.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_ner_conll", PATH)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


EN_SNIPPET = """\
Lena NNP I-NP I-PER
Voss NNP I-NP I-PER
visited VBD I-VP O
Oslo NNP I-NP I-LOC
. . O O

Ajax NNP I-NP I-ORG
Feyenoord NNP I-NP B-ORG
drew VBD I-VP O
in IN I-PP O
Dutch JJ I-NP I-MISC
league NN I-NP O
. . O O

-DOCSTART- -X- -X- O

Tomas NNP I-NP I-PER
( ( O O
Norway NNP I-NP I-LOC
) ) O O
won VBD I-VP O
. . O O

-DOCSTART- -X- -X- O
"""

ES_SNIPPET = """\
Rosa B-PER
Lima I-PER
habló O
en O
Lima B-LOC
. O

El O
BID B-ORG
y O
la O
OEA B-ORG
firmaron O
. O
"""


def test_read_conll_english_iob1(bench):
    docs = bench.read_conll(EN_SNIPPET.splitlines(), "en")
    assert len(docs) == 2  # -DOCSTART- separates documents
    assert docs[0].sentences == [(0, 5), (5, 12)]
    # IOB1: B-ORG starts a second organisation right after the first
    assert sorted(bench.gold_spans(docs[0])) == [
        (0, 2, "PER"), (3, 4, "LOC"), (5, 6, "ORG"), (6, 7, "ORG"), (9, 10, "MISC")]
    text, offsets = bench.detokenize(docs[1])
    assert text == "Tomas (Norway) won."
    assert [text[s:e] for s, e in offsets] == docs[1].tokens


def test_read_conll_spanish_iob2_and_chunking(bench):
    docs = bench.read_conll(ES_SNIPPET.splitlines(), "es", sentences_per_doc=1)
    assert len(docs) == 2  # no DOCSTART: groups of sentences
    assert bench.gold_spans(docs[0]) == {(0, 2, "PER"), (4, 5, "LOC")}
    text, _ = bench.detokenize(docs[0])
    assert text == "Rosa Lima habló en Lima."
    assert len(bench.read_conll(ES_SNIPPET.splitlines(), "es")) == 1


def test_scoring_known_figures(bench):
    docs = bench.read_conll(ES_SNIPPET.splitlines(), "es")
    text, _ = bench.detokenize(docs[0])
    assert text == "Rosa Lima habló en Lima.\nEl BID y la OEA firmaron."

    def at(s: str, nth: int = 0) -> int:
        i = -1
        for _ in range(nth + 1):
            i = text.index(s, i + 1)
        return i

    pred = [
        (at("Rosa"), at("Rosa") + 4, "PER"),               # wrong span (gold: Rosa Lima)
        (at("Lima", 1), at("Lima", 1) + 4, "LOC"),          # correct
        (at("BID") + 1, at("BID") + 2, "ORG"),              # inside one token: covers BID, correct
        (at("OEA"), at("OEA") + 3, "LOC"),                  # wrong type
        (at("firmaron"), at("firmaron") + 3, "MISC"),       # spurious MISC (outside the overall)
    ]
    counts = bench.score_docs(docs, [pred])
    p, r, f, gold, npred = counts.prf(bench.OVERALL)
    assert (gold, npred) == (4, 4)
    assert (p, r) == (0.5, 0.5) and f == pytest.approx(0.5)
    assert counts.prf(["PER"])[:3] == (0.0, 0.0, 0.0)
    assert counts.prf(["ORG"])[:3] == pytest.approx((1.0, 0.5, 2 / 3))
    assert counts.prf(["LOC"])[:3] == pytest.approx((0.5, 1.0, 2 / 3))
    assert counts.prf(["MISC"])[:2] == (0.0, 0.0)
    table = "\n".join(bench.table(counts))
    assert "| overall (PER+ORG+LOC) | 4 | 4 | 0.500 | 0.500 | 0.500 |" in table


def test_char_to_token_spans_overlap(bench):
    offsets = [(0, 4), (5, 9), (10, 15)]
    assert bench.char_to_token_spans([(2, 7, "PER")], offsets) == {(0, 2, "PER")}
    assert bench.char_to_token_spans([(9, 10, "LOC")], offsets) == set()  # only the space




# ---------------------------------------------------------------- the paths
def _names(text: str, spans) -> dict[str, str]:
    return {text[s:e]: label for s, e, label in spans}


def test_product_path_is_the_extractor_and_the_rules_fill_the_ner_slot(bench):
    from kg.eval.ner import product_entities
    from kg.nlp.pipeline import parse

    text = "Los delegados se reunieron en Quillacollo con la ministra Ana Robles."
    parsed = parse(text, "es")
    product = bench.predict("product", text, "es", parsed)
    assert product == [(s.start, s.end, s.label) for s in product_entities(text, "es")]
    # no statistical NER, but a place after a location preposition is found by the rules
    assert _names(text, product) == {"Ana Robles": "PER", "Quillacollo": "LOC"}
    assert _names(text, bench.predict("rules", text, "es", parsed))["Quillacollo"] == "LOC"
    with_rules = _names(text, bench.predict("product+rules", text, "es", parsed))
    assert with_rules == {"Quillacollo": "LOC", "Ana Robles": "PER"}  # the extractor took the rules' place


def test_a_document_the_extractor_fails_on_counts_with_no_entities(bench, monkeypatch):
    from kg.nlp.pipeline import parse

    docs = bench.read_conll(ES_SNIPPET.splitlines(), "es")
    text, _ = bench.detokenize(docs[0])

    def broken(*args):
        raise ValueError("extractor failure")

    monkeypatch.setattr(bench, "product_entities", broken)
    result = bench.score_path("product", docs, [text], [parse(text, "es")], "es")
    assert result.failed == 1
    assert result.counts.prf(bench.OVERALL)[3:] == (4, 0)  # 4 gold names, none predicted
    assert bench.score_path("rules", docs, [text], [parse(text, "es")], "es").failed == 0
