"""The NER layer (kg/ner.py) and the CoNLL benchmark's reading and scoring (bench/ner_conll.py).

All sentences and the CoNLL snippets below were written for these tests; none comes from a
benchmark file.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from kg.eval.ner import recognize, rule_candidates

ROOT = Path(__file__).resolve().parents[1]


def rules(text: str, lang: str) -> dict[str, str]:
    return {c.text: c.label for c in rule_candidates(text, [], lang)}


# ---------------------------------------------------------------- rule_candidates, Spanish
def test_person_with_particles_and_title_es():
    got = rules("El ministro de Economía, Juan Carlos de la Fuente, habló ayer con la "
                "señora Pilar Urquijo del Río.", "es")
    assert got["Juan Carlos de la Fuente"] == "PER"
    assert got["Pilar Urquijo del Río"] == "PER"
    assert got.get("Economía") == "MISC"  # a minister's portfolio, not an organisation


def test_acronyms_are_organisations_es():
    got = rules("La portavoz del FMI y un enviado de la ONU visitaron la sede del PRD.", "es")
    assert got == {"FMI": "ORG", "ONU": "ORG", "PRD": "ORG"}


def test_location_after_preposition_es():
    got = rules("Los delegados se reunieron en Bogotá y luego viajaron hasta Quillacollo.", "es")
    assert got["Bogotá"] == "LOC"
    assert got["Quillacollo"] == "LOC"  # unknown place, typed by the preposition


def test_demonyms_are_not_persons():
    es = rules("Los negociadores mexicanos y la delegación peruana firmaron el acuerdo.", "es")
    assert es == {}
    en = rules("Mexican officials and a Peruvian envoy met Canadian diplomats.", "en")
    assert en == {"Mexican": "MISC", "Peruvian": "MISC", "Canadian": "MISC"}


def test_sentence_initial_function_words_trimmed_es():
    text = ("Durante la cumbre, el Banco Central de Reserva subió los tipos. "
            "Además, la Comisión Nacional de Valores abrió una investigación.")
    got = rules(text, "es")
    assert got == {"Banco Central de Reserva": "ORG", "Comisión Nacional de Valores": "ORG"}


def test_months_and_weekdays_are_not_entities():
    es = rules("El 3 de Mayo la Fiscalía General presentó cargos; el Lunes no hubo sesión.", "es")
    assert es == {"Fiscalía General": "ORG"}
    en = rules("In March, the Senate voted. On Friday, Senator Ruth Calloway objected.", "en")
    assert "March" not in en and "Friday" not in en
    assert en["Senate"] == "ORG" and en["Ruth Calloway"] == "PER"


def test_lists_are_split_es():
    got = rules("Participaron delegaciones de Uruguay, Paraguay y Bolivia.", "es")
    assert got == {"Uruguay": "LOC", "Paraguay": "LOC", "Bolivia": "LOC"}


def test_dateline_and_surname_es():
    text = ("Tarija (Bolivia), 4 feb (Agencia).\n"
            "El alcalde Ramiro Quispe Mamani inauguró el puente. Quispe dijo que la obra costó poco.")
    got = [(c.text, c.label) for c in rule_candidates(text, [], "es")]
    assert ("Tarija", "LOC") in got and ("Bolivia", "LOC") in got
    assert ("Ramiro Quispe Mamani", "PER") in got
    assert ("Quispe", "PER") in got  # the surname alone, later in the article


# ---------------------------------------------------------------- rule_candidates, English
def test_english_rules():
    got = rules("Senator Maria Lopez of the University of Vermont said the FBI had agents in Burlington.",
                "en")
    assert got["Maria Lopez"] == "PER"
    assert got["University of Vermont"] == "ORG"
    assert got["FBI"] == "ORG"
    assert got["Burlington"] == "LOC"


def test_offsets_and_sentences_are_respected():
    text = "Hoy llegó Ana Robles.\nEn Lima la esperaba el Grupo Andino."
    spans = rule_candidates(text, [(0, 21), (22, len(text))], "es")
    assert [(text[c.start:c.end], c.label) for c in spans] == [
        ("Ana Robles", "PER"), ("Lima", "LOC"), ("Grupo Andino", "ORG")]
    assert all(c.text == text[c.start:c.end] for c in spans)


# ---------------------------------------------------------------- recognize
def test_recognize_english():
    text = ("Secretary of State Marco Rubio met Mexican officials in Mexico City on Monday. "
            "The Federal Bureau of Investigation opened an office in Monterrey.")
    got = recognize(text, "en")
    found = {(text[s:e], lab) for s, e, lab in got}
    assert ("Marco Rubio", "PER") in found
    assert ("Mexico City", "LOC") in found
    assert ("Federal Bureau of Investigation", "ORG") in found
    assert got == sorted(got)
    assert all(a[1] <= b[0] for a, b in zip(got, got[1:]))  # no overlaps
    assert {lab for _, _, lab in got} <= {"PER", "ORG", "LOC", "MISC"}


def test_recognize_spanish():
    text = ("La canciller de Colombia, Marta Lucía Ortega, llegó a Quito. "
            "Ortega se reunió con el Consejo Andino de Integración.")
    found = {(text[s:e], lab) for s, e, lab in recognize(text, "es")}
    assert ("Marta Lucía Ortega", "PER") in found
    assert ("Colombia", "LOC") in found and ("Quito", "LOC") in found
    assert ("Ortega", "PER") in found


# ---------------------------------------------------------------- benchmark reading and scoring
@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("ner_conll", ROOT / "bench" / "ner_conll.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["ner_conll"] = mod  # dataclasses look their module up
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


# ---------------------------------------------------------------- recognize: cleaning and consistency
def _labels(text: str, lang: str = "en") -> dict[str, str]:
    return {text[s:e]: lbl for s, e, lbl in recognize(text, lang)}


def test_one_label_per_name_per_document_and_caps_headline():
    from kg.eval.ner import _propagate

    text = "TALKS WITH KORVANIA STALL\nDelegates from Korvania met on Monday. Korvania said no."
    spans = [(text.index("Korvania met") , text.index("Korvania met") + 8, "LOC")]
    got = {text[s:e]: lbl for s, e, lbl in _propagate(text, spans)}
    # the other occurrence and the capitalised headline form take the label found once
    assert got == {"Korvania": "LOC", "KORVANIA": "LOC"}


def test_surname_alone_follows_the_full_name():
    from kg.eval.ner import _propagate

    text = "Talia Brennholt arrived late. Brennholt then spoke."
    got = {text[s:e]: lbl for s, e, lbl in _propagate(text, [(0, 15, "PER")])}
    assert got == {"Brennholt": "PER"}


def test_model_spans_are_cut_the_way_names_are_written():
    from kg.eval.ner import _lex, _model_pieces

    lex = _lex()
    text = "Orvale 2 Tamsin 0 in the Korvania Cup and Thursday's meeting of the Brennholt Group's board"
    pieces = lambda a, b, lbl="ORG": [text[s:e] for s, e, _ in _model_pieces(text, (a, b, lbl), lex, "en")]
    assert pieces(0, text.index(" in")) == ["Orvale", "Tamsin"]  # a score splits two teams
    i = text.index("Thursday's")
    assert pieces(i, i + len("Thursday's")) == []  # a weekday is not a name
    i = text.index("Brennholt Group's")
    assert pieces(i, i + len("Brennholt Group's")) == ["Brennholt Group"]  # no possessive
    gov = "the government of Korvania"
    assert [gov[s:e] for s, e, _ in _model_pieces(gov, (0, len(gov), "LOC"), lex, "en")] == ["Korvania"]


def test_two_word_span_starting_with_a_given_name_is_a_person():
    from kg.eval.ner import _lex, _person_by_name

    text = "Maria Quendlow and Orvale Holdings"
    assert _person_by_name(text, (0, 14, "ORG"), _lex())[2] == "PER"
    assert _person_by_name(text, (19, 34, "ORG"), _lex())[2] == "ORG"
