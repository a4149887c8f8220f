"""The fast matchers give what the plain ones they replace give (issue 7, throughput).

- :func:`kg.extract.patterns.alt` writes a word list as a trie; the reference is the alternation of the
  words sorted longest first, which it must equal match for match, also when the rest of the
  pattern makes the regex engine backtrack into shorter words, and without case.
- :class:`kg.nlp.ruler.IndexedRules` finds the attribute ruler's matches through an index; the
  reference is the ruler's own spaCy ``Matcher``.
- ``Parsed.tokens_in`` and ``Parsed.children`` against a scan of all the tokens; the tokens read
  from spaCy's arrays, and the line breaks found among them, against a token-by-token reading.
"""
from __future__ import annotations

import re

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is not installed (pip install .[test])")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kg.extract.patterns import alt  # noqa: E402
from kg.nlp import pipeline as nlp  # noqa: E402
from kg.nlp.parsed import Token  # noqa: E402
from kg.nlp.ruler import IndexedRules  # noqa: E402


def sorted_alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# few letters, so that words share prefixes and are prefixes of one another; "." and "(" are
# regex syntax; "ı", "İ", "ſ", "K" (Kelvin) have case folds that differ from their lower()
LETTERS = "aAbB.(ıİſsSkKK é"
words = st.lists(st.text(alphabet=LETTERS, min_size=1, max_size=5), min_size=1, max_size=30)
# a text: words of the list, some in another case, between bits of other text
pieces = st.lists(st.tuples(st.integers(0, 29), st.sampled_from([str, str.upper, str.lower, str.swapcase]),
                            st.text(alphabet=LETTERS + "xX\n", max_size=3)), max_size=12)


def text_of(ws: list[str], parts) -> str:
    return "".join(case(ws[i % len(ws)]) + gap for i, case, gap in parts)


def matches(pattern: re.Pattern, text: str):
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(words, pieces)
def test_the_trie_matches_what_the_sorted_alternation_matches(ws, parts):
    text = text_of(ws, parts)
    for tail in ("", r"(?![\w])", r"\s*b", r"(?P<rest>a+)"):  # the tails force backtracking
        old = re.compile(f"(?:{sorted_alternation(ws)}){tail}")
        new = re.compile(f"(?:{alt(ws)}){tail}")
        assert matches(new, text) == matches(old, text), (ws, tail)


@settings(max_examples=300, deadline=None)
@given(words, pieces)
def test_the_case_blind_trie_matches_what_the_sorted_alternation_matches(ws, parts):
    text = text_of(ws, parts)
    for tail in ("", r"(?![\w])", r"\s*b"):
        old = re.compile(f"(?:{sorted_alternation(ws)}){tail}", re.IGNORECASE)
        new = re.compile(f"(?:{alt(ws, ignore_case=True)}){tail}", re.IGNORECASE)
        assert matches(new, text) == matches(old, text), (ws, tail)
        # and inside a case-sensitive pattern, as (?i:...)
        old = re.compile(f"x(?i:{sorted_alternation(ws)}){tail}")
        new = re.compile(f"x(?i:{alt(ws, ignore_case=True)}){tail}")
        assert matches(new, text) == matches(old, text), (ws, tail)


def test_the_trie_is_a_trie():
    assert alt(["Secretary", "Secretaría", "Sec"]) == "Sec(?:retar(?:y|ía))?"
    assert alt(["US", "us"], ignore_case=True) in ("US", "us")
    assert re.fullmatch(alt([]) or "", "")  # no words: matches only the empty string


SAMPLES = [
    "He ain't got nothin' to say, and she gets it. Isn't it? I'm not. We've been there.",
    "'Cause I said so, the minister said on Tuesday. They'd have gone; you're right, ain't you?",
    "The U.S. Secretary of State spoke with Mexico's Foreign Secretary by phone.\n\nNext line",
    "Whether or not the talks resume, officials said that the cartel's leaders were arrested.",
    "",
]


def english():
    try:
        return nlp.pipeline("en")
    except ImportError as exc:  # pragma: no cover - the model is a dependency of the package
        pytest.skip(f"the English model is not installed: {exc}")


def test_the_indexed_attribute_ruler_finds_what_the_matcher_finds():
    pipe = english()
    ruler = pipe.get_pipe("attribute_ruler")
    assert isinstance(getattr(ruler.match, "__self__", None), IndexedRules), \
        "the English pipeline's attribute ruler is not indexed"
    reference = type(ruler).match.__get__(ruler)  # the ruler's own method: spaCy's Matcher
    before = [n for n in pipe.pipe_names if n not in ("attribute_ruler", "lemmatizer", "ner")]
    with pipe.select_pipes(enable=before):
        docs = list(pipe.pipe(SAMPLES))
    total = 0
    for doc in docs:
        expected = reference(doc)
        assert ruler.match(doc) == expected, doc.text
        total += len(expected)
    assert total > 50  # the samples do exercise the rules


def test_a_ruler_with_an_operator_it_does_not_know_keeps_the_matcher():
    import spacy

    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"LEMMA": "a"})
    nlp.index_attribute_ruler(blank)
    assert not isinstance(getattr(ruler.match, "__self__", None), IndexedRules)
    other = spacy.blank("en")
    ruler2 = other.add_pipe("attribute_ruler")
    ruler2.add([[{"LOWER": {"IN": ["it", "is"]}}, {"IS_SPACE": False, "LOWER": {"REGEX": "^n"}}]],
               {"LEMMA": "x"}, index=1)
    ruler2.add([[{"TAG": {"NOT_IN": ["NN"]}}]], {"POS": "X"})
    indexed = IndexedRules(ruler2, nlp.attr_ids())
    doc = other.make_doc("it now is nothing, it")
    assert indexed.match(doc) == type(ruler2).match(ruler2, doc)
    assert len(indexed.match(doc)) == 2 + len(doc)  # "it now", "is nothing"; NOT_IN on every tag


def test_tokens_in_and_children_agree_with_a_scan():
    parsed = nlp.parse(SAMPLES[2] + " " + SAMPLES[0], "en")
    tokens = parsed.tokens
    for start in range(0, len(parsed.text) + 2, 3):
        for end in range(start, len(parsed.text) + 3, 7):
            assert parsed.tokens_in(start, end) == \
                [t for t in tokens if t.start >= start and t.end <= end]
    for t in tokens:
        assert parsed.children.get(t.i, []) == [c.i for c in tokens if c.head == t.i and c.i != t.i]


LINES = ["", "a", "\n", "Headline\nBy A. Writer\n\nFirst line.  Second\tline\r\nthird \n fourth\n",
         "Otra línea\n\n—María López (@mlopez) 3 de mayo de 2025\nfin"]


def test_tokens_read_from_arrays_are_the_tokens_spacy_gives():
    for lang in ("en", "es"):
        pipe = english() if lang == "en" else nlp.pipeline("es")
        for text in SAMPLES + LINES:
            doc = pipe(text)
            expected = [Token(t.i, t.idx, t.idx + len(t.text), t.text, t.lemma_ or t.text.lower(),
                                  t.pos_, t.dep_, t.head.i, bool(t.is_sent_start)) for t in doc]
            assert nlp.tokens_of(doc, text) == expected, text
            assert nlp.to_parsed(doc, lang, "m", text) == nlp.to_parsed(doc, lang, "m")


def test_a_line_break_starts_a_sentence_as_a_scan_of_the_tokens_says():
    def scan(doc):  # the plain way: look at each token's predecessor
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            if "\n" in prev.text_with_ws:
                tok.is_sent_start = True
        return doc

    tokenizer = nlp.pipeline("es").tokenizer
    for text in SAMPLES + LINES + ["x\n", "\n\nx", "a\u2028b \n\n c"]:
        expected = [t.is_sent_start for t in scan(tokenizer(text))]
        assert [t.is_sent_start for t in nlp.newline_boundaries(tokenizer(text))] == expected, text
        assert "\n" not in text.strip() or any(expected[1:]), text  # the texts do have breaks
