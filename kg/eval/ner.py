"""The product's named entities as CoNLL spans: what ``bench/ner_conll.py`` measures.

In: an article's text and language (``en`` | ``es``), and optionally its parse
(:class:`kg.nlp.pipeline.Parsed`). Out: sorted :class:`ConllSpan` records (character offsets and a
CoNLL label, ``PER`` / ``ORG`` / ``LOC``).

The spans are the entity mentions that ``kg build`` extracts for the text, by the same calls
(:func:`kg.nlp.pipeline.parse`, then :meth:`kg.extract.extractor.Extractor.extract`), each mapped
to a CoNLL label by :data:`PRODUCT_LABEL`. Nothing is added, cut or relabelled: the figures describe
the code the product runs. Only mentions that are not names are left out (title references such
as "the president", which CoNLL does not annotate). The product has no MISC type.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kg.model import Document, EntityMention
from kg.nlp.parsed import Parsed

#: product entity type -> CoNLL label (the one place this mapping is written)
PRODUCT_LABEL = {"Person": "PER", "Country": "LOC", "Place": "LOC", "Ministry": "ORG", "Agency": "ORG",
                 "CriminalOrganization": "ORG", "InternationalOrganization": "ORG", "Media": "ORG"}

#: extractors whose mentions are not names: a title standing for a person ("the president")
NOT_NAMES = frozenset({"pattern:title-reference"})


@dataclass(frozen=True, order=True)
class ConllSpan:
    """A named entity as CoNLL scores it: characters ``[start, end)`` of the text and a label."""
    start: int
    end: int
    label: str


def conll_label(mention: EntityMention) -> str | None:
    """The CoNLL label of a product entity mention, or None if it is not a name or has no label."""
    if mention.extractor in NOT_NAMES:
        return None
    return PRODUCT_LABEL.get(mention.type)


def conll_spans(mentions: Iterable[EntityMention]) -> list[ConllSpan]:
    """Product entity mentions -> their CoNLL spans, sorted, one per distinct span and label."""
    spans = {ConllSpan(m.span.start, m.span.end, label)
             for m in mentions if (label := conll_label(m)) is not None}
    return sorted(spans)


def product_entities(text: str, lang: str, parsed: Parsed | None = None) -> list[ConllSpan]:
    """The product's named entities of ``text`` (see the module docstring). ``parsed`` may be given
    when the text was already parsed (``kg.nlp.pipeline.parse_many``, as ``kg build`` does).
    An error of the extractor propagates: ``kg build`` would reject the article."""
    from kg.extract import default_extractor
    from kg.nlp import pipeline as nlp

    if parsed is None:
        parsed = nlp.parse(text, lang)
    doc = Document(id="ner", text=text, lang=lang)
    return conll_spans(default_extractor().extract(doc, parsed).entities)
