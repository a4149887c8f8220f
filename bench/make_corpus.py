"""Make a JSON Lines corpus of real newswire for the build benchmark (bench/build.py).

In: ``../shared/benchmarks/conll2003_en/eng.{train,testa,testb}`` (Reuters 1996-97, ``-DOCSTART-``
separates articles) and ``../shared/benchmarks/conll2002_es/esp.{train,testa,testb}`` (EFE 2000; an
article starts at a dateline sentence ending ``( EFE ) .`` followed by a ``-`` sentence).
Out: ``bench/out/corpus-N.jsonl`` (git-ignored: this text must never be committed), one article
per line (``{"id","text","lang","published","outlet","url"}``), the real articles first, then
copies of them with new ids until there are N; and ``corpus-N.meta.json`` with the number of
tokens (CoNLL tokens, i.e. what a tokenizer finds) and of distinct texts.

    .venv/bin/python bench/make_corpus.py 1000 10000 50000
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from ner_conll import ConllDoc, detokenize, read_conll  # noqa: E402

SHARED = HERE.parent.parent / "shared" / "benchmarks"
MIN_TOKENS = 40  # skip sports result tables and one-line items


def spanish_docs(lines: list[str]) -> list[ConllDoc]:
    """EFE articles: a new one starts at a dateline sentence ending '( X ) .' followed by '-'."""
    sents = read_conll(lines, "es", sentences_per_doc=10**9)[0]
    bounds = [(s, e) for s, e in sents.sentences]
    docs, cur = [], None
    for i, (s, e) in enumerate(bounds):
        toks = sents.tokens[s:e]
        nxt = sents.tokens[bounds[i + 1][0]:bounds[i + 1][1]] if i + 1 < len(bounds) else []
        is_dateline = len(toks) >= 4 and toks[-1] == "." and toks[-2] == ")" and nxt == ["-"]
        if cur is None or is_dateline:
            cur = ConllDoc()
            docs.append(cur)
        start = len(cur.tokens)
        cur.tokens.extend(toks)
        cur.tags.extend(sents.tags[s:e])
        cur.sentences.append((start, len(cur.tokens)))
    return docs


def real_articles() -> list[dict]:
    out = []
    for lang, folder, prefix, outlet in (("en", "conll2003_en", "eng", "Reuters"),
                                         ("es", "conll2002_es", "esp", "EFE")):
        for split in ("train", "testa", "testb"):
            path = SHARED / folder / f"{prefix}.{split}"
            lines = path.read_text(encoding="utf-8").splitlines()
            docs = read_conll(lines, "en") if lang == "en" else spanish_docs(lines)
            for i, doc in enumerate(docs):
                if len(doc.tokens) < MIN_TOKENS:
                    continue
                text, _ = detokenize(doc)
                out.append({"id": f"{prefix}-{split}-{i:04d}", "text": text, "lang": lang,
                            "published": "1996-08-30" if lang == "en" else "2000-05-23",
                            "outlet": outlet, "url": None, "_tokens": len(doc.tokens)})
    # interleave the languages so that any prefix of the corpus holds both
    en = [a for a in out if a["lang"] == "en"]
    es = [a for a in out if a["lang"] == "es"]
    mixed = []
    for i in range(max(len(en), len(es))):
        mixed += [x[i] for x in (en, es) if i < len(x)]
    return mixed


def write_corpus(n: int, arts: list[dict], out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"corpus-{n}.jsonl"
    tokens = 0
    with open(path, "w", encoding="utf-8") as f:
        for k in range(n):
            a = arts[k % len(arts)]
            rep = k // len(arts)
            rec = {key: v for key, v in a.items() if not key.startswith("_")}
            if rep:
                rec["id"] = f"{a['id']}-r{rep}"
            tokens += a["_tokens"]
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    (out_dir / f"corpus-{n}.meta.json").write_text(json.dumps(
        {"articles": n, "tokens": tokens, "distinct_texts": min(n, len(arts))}, indent=1))
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    ap.add_argument("--out", type=Path, default=HERE / "out")
    args = ap.parse_args()
    if not SHARED.exists():
        sys.exit(f"{SHARED} not found: the CoNLL files are needed to make the corpus")
    arts = real_articles()
    en = sum(a["lang"] == "en" for a in arts)
    print(f"{len(arts)} real articles ({en} English, {len(arts) - en} Spanish), "
          f"{sum(a['_tokens'] for a in arts):,} tokens")
    for n in args.sizes:
        print("wrote", write_corpus(n, arts, args.out))


if __name__ == "__main__":
    main()
