#!/usr/bin/env python
"""Entity scores on the development set: the product against the product with the rule baseline
as its recogniser.

Run on demand, not in CI::

    .venv/bin/python bench/ner_devset.py [--lang es|en|all] [--gold ../shared/devset] [--docs DIR]

In: the development set's articles and gold files (``../shared/devset``; evaluation data, never
copied here). Out: entity precision, recall and F1 per article and over the articles of the chosen
language, for two paths, scored exactly as ``kg eval GOLD --docs DOCS`` scores them
(:func:`kg.eval.score.evaluate` on :func:`kg.eval.facts.article_facts`):

* ``product``: what ``kg eval`` measures (:func:`kg.build.extraction.run`);
* ``product+rules``: the same run, but where the pipeline has no statistical NER (the default
  Spanish pipeline) each parse carries ``bench/rule_ner.py``'s names in its entity slot
  (:func:`rule_ner.as_ner`) before the extractor reads it; where the pipeline has NER the parse
  is left as it is.

Only figures are printed (document ids and counts), never article text.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]  # kg, and the rule baseline next to this script

from rule_ner import as_ner  # noqa: E402  (bench/rule_ner.py)

from kg.build.executors import Serial  # noqa: E402

DEVSET = ROOT.parent / "shared" / "devset"
PATHS = ("product", "product+rules")


def rule_ner_batch(docs: list) -> list[tuple[bytes | None, str | None]]:
    """A batch parsed and extracted like :func:`kg.build.extraction.extract_batch`, with the rule
    baseline's names as the entities of every parse whose pipeline has no NER."""
    from kg.extract import default_extractor
    from kg.nlp import pipeline as nlp
    from kg.store.cache import dumps

    ex = default_extractor()
    out: list[tuple[bytes | None, str | None]] = []
    for d, p in zip(docs, nlp.parse_many([(d.text, d.lang) for d in docs])):
        if "ner" not in nlp.pipeline(d.lang).pipe_names:
            p = as_ner(p)
        try:
            out.append((dumps(ex.extract(d, p)), None))
        except Exception as exc:  # as kg build: the article is rejected
            out.append((None, f"extraction failed: {type(exc).__name__}: {exc}"))
    return out


class RuleNer(Serial):
    """An executor that extracts each batch with :func:`rule_ner_batch` instead, here."""

    def map_ordered(self, fn, tasks, **kwargs):
        return super().map_ordered(rule_ner_batch, tasks, **kwargs)


def entity_scores(path: str, gold_dir: Path, docs_dir: Path):
    """``kg eval``'s scores of one path (:class:`kg.eval.score.Scores`) and the rejected articles."""
    from kg.build.extraction import run
    from kg.eval.facts import article_facts
    from kg.eval.score import evaluate, load_gold

    result = run([str(docs_dir)], executor=RuleNer() if path == "product+rules" else None)
    return evaluate(load_gold(gold_dir), article_facts(result.corpus)), result.rejected


def main(argv: list[str] | None = None) -> int:
    from kg.eval.score import PRF, load_gold

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lang", choices=("es", "en", "all"), default="es")
    ap.add_argument("--gold", type=Path, default=DEVSET, help="folder of *.gold.json files")
    ap.add_argument("--docs", type=Path, default=None, help="the articles (default: the gold folder)")
    args = ap.parse_args(argv)
    docs_dir = args.docs or args.gold
    gold = load_gold(args.gold)
    chosen = sorted(doc for doc, g in gold.items() if args.lang == "all" or g.get("lang") == args.lang)
    print(f"$ python bench/ner_devset.py {' '.join(argv if argv is not None else sys.argv[1:])}".rstrip())
    print(f"{len(chosen)} articles ({args.lang}); entities scored as kg eval scores them\n")
    per_path = {}
    for path in PATHS:
        scores, rejected = entity_scores(path, args.gold, docs_dir)
        if rejected:
            print(f"note: {path}: {len(rejected)} article(s) rejected")
        per_path[path] = {doc: scores.per_doc[doc]["entities"] for doc in chosen}
    print("| article | " + " | ".join(f"{p} P / R / F1 (tp, fp, fn)" for p in PATHS) + " |")
    print("|---|" + "---|" * len(PATHS))
    totals = {p: PRF() for p in PATHS}
    for doc in chosen:
        cells = []
        for p in PATHS:
            e = per_path[p][doc]
            totals[p].add(e)
            cells.append(f"{e.p:.3f} / {e.r:.3f} / {e.f1:.3f} ({e.tp}, {e.fp}, {e.fn})")
        print(f"| {doc} | " + " | ".join(cells) + " |")
    cells = [f"**{t.p:.3f} / {t.r:.3f} / {t.f1:.3f}** ({t.tp}, {t.fp}, {t.fn})" for t in totals.values()]
    print("| all | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
