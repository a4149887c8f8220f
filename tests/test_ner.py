"""The product's named entities as CoNLL spans (kg/eval/ner.py), the view bench/ner_conll.py scores.

All sentences below were written for these tests; none comes from a benchmark file.
"""
from __future__ import annotations

import pytest

from kg.build.extraction import extract_documents
from kg.eval.ner import PRODUCT_LABEL, ConllSpan, conll_label, conll_spans, product_entities
from kg.model import ENTITY_TYPES, Document, EntityMention, Span

EN = ("Mexican President Claudia Sheinbaum spoke with Canada and the Federal Bureau of Investigation. "
      "The Mexican president said the talks went well in Monterrey.")
ES = ("El canciller de Korvania, Tomás Brennholt, llegó a Quito y visitó la Secretaría de Relaciones "
      "Exteriores. El canciller dijo que no.")


def _found(text: str, spans: list[ConllSpan]) -> set[tuple[str, str]]:
    return {(text[s.start:s.end], s.label) for s in spans}


def test_every_product_type_has_a_conll_label():
    assert set(PRODUCT_LABEL) == set(ENTITY_TYPES)
    assert set(PRODUCT_LABEL.values()) == {"PER", "ORG", "LOC"}  # the product has no MISC


def test_mapping_of_one_mention():
    def mention(type_: str, extractor: str = "gazetteer") -> EntityMention:
        return EntityMention(Span(0, 6, "Korvan"), type_, extractor, 0.9)

    assert conll_label(mention("Ministry")) == "ORG"
    assert conll_label(mention("Place")) == "LOC"
    assert conll_label(mention("Person", "pattern:surname")) == "PER"
    assert conll_label(mention("Person", "pattern:title-reference")) is None  # "the president": no name
    assert conll_spans([mention("Country"), mention("Country", "ner")]) == [ConllSpan(0, 6, "LOC")]


@pytest.mark.parametrize("text,lang,expected,absent", [
    (EN, "en", {("Claudia Sheinbaum", "PER"), ("Canada", "LOC"), ("Monterrey", "LOC"),
                ("Federal Bureau of Investigation", "ORG")}, "Mexican president"),
    (ES, "es", {("Tomás Brennholt", "PER"), ("Quito", "LOC"),
                ("Secretaría de Relaciones Exteriores", "ORG")}, "canciller"),
])
def test_product_entities(text, lang, expected, absent):
    got = product_entities(text, lang)
    assert expected <= _found(text, got)
    assert absent not in {text[s.start:s.end] for s in got}  # the title reference is left out
    assert got == sorted(got)


@pytest.mark.parametrize("text,lang", [(EN, "en"), (ES, "es")])
def test_what_is_measured_is_what_the_build_extracts(text, lang):
    """Exactly the entity mentions kg build's extraction keeps for the article, mapped; nothing added."""
    rejected: list = []
    built = extract_documents([Document(id="a1", text=text, lang=lang)], rejected)
    assert not rejected
    names = [m for m in built[0].entities if m.extractor != "pattern:title-reference"]
    assert product_entities(text, lang) == sorted(
        {ConllSpan(m.span.start, m.span.end, PRODUCT_LABEL[m.type]) for m in names})
