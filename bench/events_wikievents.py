#!/usr/bin/env python
"""Score the product's event extraction (:mod:`kg.extract`) on WikiEvents (KAIROS ontology).

Run on demand, not in CI::

    .venv/bin/python bench/events_wikievents.py [--split dev|test] [--limit N] [--errors N]

In: ``{split}.jsonl`` and ``coref/{split}.jsonlines`` of WikiEvents from
``../shared/benchmarks/wikievents`` (next to the repository; evaluation only, never copied here).
Out, on stdout only: trigger precision / recall / F1 per product event type and overall, a coarse
score (Communication, Meeting and Statement as one class CONTACT), type-agnostic trigger
identification, participant (argument) identification and role classification for matched
triggers, the event place, speed, and with ``--errors N`` sample misses and false alarms.

Each document is detokenised from its gold tokens (one gold sentence per line; the rules are in
:func:`detokenize`) with a character offset per token; the product sees only that text, through
``kg.nlp.pipeline.parse_many`` and ``kg.extract.extractor.default_extractor().extract``. A predicted character span
covers every token it overlaps. KAIROS event types are mapped to the product's types by
:data:`TYPE_MAP`; gold events of unmapped types and predicted events of product types that no
KAIROS type maps to (Agreement, Rejection, Seizure, Sanction) are left out of the scores.
"""
from __future__ import annotations

import argparse
import bisect
import json
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT.parent / "shared" / "benchmarks" / "wikievents"
sys.path.insert(0, str(ROOT))

from kg.eval import score as evaluate  # noqa: E402  (the repo's own scoring counts)

# ------------------------------------------------------------------------------- type mapping
#: KAIROS type prefix -> product event type; the longest matching prefix wins. Unlisted: unscored.
TYPE_MAP = {
    "Contact.Contact.Broadcast": "Statement",  # one-way, to an audience: "said", "announced"
    "Contact.Contact.Correspondence": "Communication",  # calls, letters, "been in touch"
    "Contact.Contact.Unspecified": "Communication",  # two-way contact, medium unknown
    "Contact.Contact.Meet": "Meeting",
    "Contact.RequestCommand": "Demand",  # request, command, order (any medium)
    "Contact.ThreatenCoerce": "Threat",
    "Conflict.Attack": "SecurityOperation",  # DetonateExplode and Unspecified
    "Justice.ArrestJailDetain": "Arrest",
}
SCORED_TYPES = ("Communication", "Meeting", "Statement", "Demand", "Threat", "SecurityOperation", "Arrest")
CORE_TYPES = ("Communication", "Meeting", "Statement", "SecurityOperation", "Arrest")
COARSE = {"Communication": "CONTACT", "Meeting": "CONTACT", "Statement": "CONTACT"}
COARSE_TYPES = ("CONTACT", "Demand", "Threat", "SecurityOperation", "Arrest")

#: KAIROS argument role -> the product participant roles accepted for it. Roles not listed
#: (Place, Instrument, ExplosiveDevice, Topic, Crime …) are not participants.
ROLE_MAP = {
    "Attacker": {"initiator"},
    "Communicator": {"initiator"},
    "Jailer": {"initiator"},
    "Target": {"recipient", "participant"},
    "Victim": {"recipient", "participant"},
    "Recipient": {"recipient", "participant"},
    "Detainee": {"recipient", "participant"},
    "Participant": {"initiator", "recipient", "participant"},  # symmetric contact
}
#: Gold arguments that can be product participants: persons, organisations, geopolitical entities.
ACTOR_ETYPES = {"PER", "ORG", "GPE"}


def map_type(kairos: str) -> str | None:
    best = None
    for prefix, typ in TYPE_MAP.items():
        if (kairos == prefix or kairos.startswith(prefix + ".")) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, typ)
    return best[1] if best else None


def coarse(typ: str | None) -> str | None:
    return COARSE.get(typ, typ) if typ else None


# ------------------------------------------------------------------------------- detokenisation
CLOSING = {",", ".", ";", ":", "?", "!", ")", "]", "}", "%", "”", "’’", "...", "…"}
OPENING = {"(", "[", "{", "“", "‘", "$", "#", "@"}
GLUE = {"-", "/"}  # no space on either side: "Al - Monitor" -> "Al-Monitor", "1 / 2" -> "1/2"
APOSTROPHES = {"'", "’"}
SUFFIXES = {"s", "t", "re", "ve", "d", "ll", "m"}  # after a split-off apostrophe: Russia ’ s, we ’ re
CLITICS = {"n't", "'s", "'re", "'ve", "'d", "'ll", "'m", "’s", "’re", "’ve", "’d", "’ll", "’m"}


def detokenize(tokens: list[str], sentences: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Gold tokens -> text with one sentence per line, and the character span of every token.

    Rules, within a sentence (one space between tokens unless a rule says none; on WikiEvents dev
    and test they reproduce the original spacing at 99.4 % and 99.7 % of token boundaries):
    - none before closing punctuation ``, . ; : ? ! ) ] } % ” …`` and clitics (``n't``, ``'s``);
    - none after opening ``( [ { “ ‘ $ # @``;
    - none around ``-`` and ``/`` (the data splits "Al-Monitor", "well-placed", "1-5");
    - none after ``.`` between single letters ("U.S", "a.m") or between digits ("2.5", "10:30" with
      ``:``), nor after ``,`` before three digits ("1,000");
    - an apostrophe token ``'``/``’`` followed by ``s t re ve d ll m`` joins both neighbours
      ("Russia ’ s" -> "Russia’s"), as it does after ``O``/``D`` ("O’Brien"); after a word ending
      in s it closes it ("patients ’" -> "patients’"); otherwise it is a single quote, like ``"``;
    - a straight double quote ``"`` alternates: opening (no space after), closing (none before).
    """
    parts: list[str] = []
    offsets: list[tuple[int, int]] = [(0, 0)] * len(tokens)
    pos = 0
    for si, (s, e) in enumerate(sentences):
        if si:
            parts.append("\n")
            pos += 1
        open_quote = {'"': False, "'": False}
        glue_next = False  # the previous token forbids a space after it
        for i in range(s, e):
            tok = tokens[i]
            nxt = tokens[i + 1] if i + 1 < e else None
            space = i > s and not glue_next
            glue_next = False
            if tok in CLOSING or tok in CLITICS or tok in GLUE:
                space = False
            if tok in OPENING or tok in GLUE:
                glue_next = True
            prev = tokens[i - 1] if i > s else ""
            if nxt is not None and _inner(prev, tok, nxt):
                glue_next = True
            if tok in APOSTROPHES:
                if nxt is not None and (nxt.lower() in SUFFIXES and prev[-1:].isalnum() or prev in ("O", "D")):
                    space, glue_next = False, True
                elif prev[-1:] in ("s", "S") and not open_quote["'"]:
                    space = False
                else:
                    if open_quote["'"]:
                        space = False
                    else:
                        glue_next = True
                    open_quote["'"] = not open_quote["'"]
            elif tok == '"':
                if open_quote['"']:
                    space = False
                else:
                    glue_next = True
                open_quote['"'] = not open_quote['"']
            if space:
                parts.append(" ")
                pos += 1
            offsets[i] = (pos, pos + len(tok))
            parts.append(tok)
            pos += len(tok)
    return "".join(parts), offsets


def _inner(prev: str, tok: str, nxt: str) -> bool:
    """Punctuation inside a word or number: "U . S" -> "U.S", "1 , 000" -> "1,000", "10 : 30"."""
    if tok == "." and len(prev) == 1 and len(nxt) == 1 and prev.isalpha() and nxt.isalpha():
        return True
    if tok in (".", ":") and prev.isdigit() and nxt.isdigit():
        return True
    return tok == "," and prev.isdigit() and len(nxt) == 3 and nxt.isdigit()


def char_to_tokens(start: int, end: int, offsets: list[tuple[int, int]], starts: list[int] | None = None
                   ) -> tuple[int, int] | None:
    """A character span -> the token span (start, end-exclusive) of every token it overlaps."""
    starts = starts if starts is not None else [s for s, _ in offsets]
    i = max(0, bisect.bisect_right(starts, start) - 1)
    first = last = None
    while i < len(offsets) and offsets[i][0] < end:
        if offsets[i][1] > start and offsets[i][1] > offsets[i][0]:
            first = i if first is None else first
            last = i
        i += 1
    return (first, last + 1) if first is not None else None


# ------------------------------------------------------------------------------- data
@dataclass(frozen=True)
class Arg:
    role: str
    start: int  # token span, end-exclusive
    end: int
    etype: str = "PER"
    cluster: frozenset = frozenset()  # token spans of the coreferent gold mentions (itself included)
    text: str = ""


@dataclass
class GoldEvent:
    kairos: str
    start: int
    end: int
    args: list[Arg] = field(default_factory=list)
    text: str = ""

    @property
    def type(self) -> str | None:
        return map_type(self.kairos)


@dataclass
class PredEvent:
    type: str
    start: int
    end: int
    participants: list[tuple[int, int, str]] = field(default_factory=list)  # token span, role
    place: tuple[int, int] | None = None
    text: str = ""
    trigger_id: str = ""


@dataclass
class BenchDoc:
    id: str
    tokens: list[str]
    sentences: list[tuple[int, int]]  # token ranges
    events: list[GoldEvent]

    def sentence_of(self, tok: int) -> int:
        return max(0, bisect.bisect_right([s for s, _ in self.sentences], tok) - 1)


def load_docs(split: str, data_dir: Path = DATA_DIR) -> list[BenchDoc]:
    path = data_dir / f"{split}.jsonl"
    if not path.is_file():
        sys.exit(f"error: benchmark file not found: {path}\n"
                 f"(expected WikiEvents under {data_dir}, next to the repository; see its README.md)")
    clusters: dict[str, dict[str, list[str]]] = {}
    cpath = data_dir / "coref" / f"{split}.jsonlines"
    if cpath.is_file():
        for line in cpath.read_text(encoding="utf-8").splitlines():
            if line.strip():
                obj = json.loads(line)
                clusters[obj["doc_key"]] = {m: c for c in obj["clusters"] for m in c}
    else:
        print(f"warning: {cpath} not found: arguments are matched without coreference", file=sys.stderr)
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        sents, n = [], 0
        for toks, _ in d["sentences"]:
            sents.append((n, n + len(toks)))
            n += len(toks)
        ents = {m["id"]: m for m in d["entity_mentions"]}
        coref = clusters.get(d["doc_id"], {})
        events = []
        for ev in d["event_mentions"]:
            args = []
            for a in ev["arguments"]:
                m = ents.get(a["entity_id"])
                if m is None:
                    continue
                members = [ents[x] for x in coref.get(m["id"], [m["id"]]) if x in ents]
                args.append(Arg(a["role"], m["start"], m["end"], m["entity_type"],
                                frozenset((x["start"], x["end"]) for x in members), m["text"]))
            tr = ev["trigger"]
            events.append(GoldEvent(ev["event_type"], tr["start"], tr["end"], args, tr["text"]))
        docs.append(BenchDoc(d["doc_id"], d["tokens"], sents, events))
    return docs


# ------------------------------------------------------------------------------- scoring
class PRF(evaluate.PRF):
    """kg.eval.score's counts, with the totals and the += this report needs."""

    @property
    def gold(self) -> int:
        return self.tp + self.fn

    @property
    def pred(self) -> int:
        return self.tp + self.fp

    def prf(self) -> tuple[float, float, float]:
        return self.p, self.r, self.f1

    def __iadd__(self, other: "PRF") -> "PRF":
        self.add(other)
        return self


def overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def match(golds: list, preds: list, key: Callable | None = None) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs whose token spans overlap and whose ``key``
    (type) is equal; exact spans first, then the largest overlap, then document order."""
    cands = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            o = overlap(g.start, g.end, p.start, p.end)
            if o and (key is None or key(g) == key(p)):
                cands.append((not (g.start == p.start and g.end == p.end), -o, gi, pi))
    cands.sort()
    used_g, used_p, out = set(), set(), []
    for _, _, gi, pi in cands:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def actor_args(g: GoldEvent) -> list[Arg]:
    return [a for a in g.args if a.role in ROLE_MAP and a.etype in ACTOR_ETYPES]


def match_args(args: list[Arg], parts: list[tuple[int, int, str]], use_coref: bool) -> list[tuple[int, int]]:
    """One-to-one (arg index, participant index): the participant overlaps the argument's
    mention, or (``use_coref``) any gold mention coreferent with it; direct overlaps first."""
    cands = []
    for ai, a in enumerate(args):
        for qi, (s, e, _) in enumerate(parts):
            if overlap(a.start, a.end, s, e):
                cands.append((0, ai, qi))
            elif use_coref and any(overlap(x, y, s, e) for x, y in a.cluster):
                cands.append((1, ai, qi))
    cands.sort()
    used_a, used_q, out = set(), set(), []
    for _, ai, qi in cands:
        if ai not in used_a and qi not in used_q:
            used_a.add(ai)
            used_q.add(qi)
            out.append((ai, qi))
    return out


def unique_parts(p: PredEvent) -> list[tuple[int, int, str]]:
    seen, out = set(), []
    for s, e, role in p.participants:
        if (s, e) not in seen:
            seen.add((s, e))
            out.append((s, e, role))
    return out


@dataclass
class Scores:
    trig: dict = field(default_factory=lambda: {t: PRF() for t in SCORED_TYPES})
    coarse: dict = field(default_factory=lambda: {t: PRF() for t in COARSE_TYPES})
    ident: PRF = field(default_factory=PRF)
    args_span: PRF = field(default_factory=PRF)  # matched triggers, argument mention overlap
    args_coref: PRF = field(default_factory=PRF)  # matched triggers, or a coreferent mention
    args_e2e: PRF = field(default_factory=PRF)  # all events (unmatched ones count), with coref
    roles: PRF = field(default_factory=PRF)  # matched triggers, coref, role accepted
    place: PRF = field(default_factory=PRF)  # matched triggers, event place vs Place arguments

    def total(self, types: Iterable[str], table: str = "trig") -> PRF:
        out = PRF()
        for t in types:
            out += getattr(self, table)[t]
        return out


def in_scope(golds: list[GoldEvent], preds: list[PredEvent]) -> tuple[list[GoldEvent], list[PredEvent]]:
    return [g for g in golds if g.type], [p for p in preds if p.type in SCORED_TYPES]


def score_doc(golds: list[GoldEvent], preds: list[PredEvent], sc: Scores) -> list[tuple[int, int]]:
    """Add one document's counts to ``sc``; returns the fine-type trigger matches (indexes into
    the in-scope lists returned by :func:`in_scope`)."""
    golds, preds = in_scope(golds, preds)
    pairs = match(golds, preds, key=lambda x: x.type)
    mg, mp = {g for g, _ in pairs}, {p for _, p in pairs}
    for gi, pi in pairs:
        sc.trig[golds[gi].type].tp += 1
    for gi, g in enumerate(golds):
        if gi not in mg:
            sc.trig[g.type].fn += 1
    for pi, p in enumerate(preds):
        if pi not in mp:
            sc.trig[p.type].fp += 1
    cpairs = match(golds, preds, key=lambda x: coarse(x.type))
    cg, cp = {g for g, _ in cpairs}, {p for _, p in cpairs}
    for gi, g in enumerate(golds):
        sc.coarse[coarse(g.type)].tp += gi in cg
        sc.coarse[coarse(g.type)].fn += gi not in cg
    for pi, p in enumerate(preds):
        sc.coarse[coarse(p.type)].fp += pi not in cp
    ipairs = match(golds, preds)
    sc.ident.tp += len(ipairs)
    sc.ident.fn += len(golds) - len(ipairs)
    sc.ident.fp += len(preds) - len(ipairs)
    # arguments
    for gi, pi in pairs:
        g, p = golds[gi], preds[pi]
        args, parts = actor_args(g), unique_parts(p)
        for use_coref, prf in ((False, sc.args_span), (True, sc.args_coref)):
            m = match_args(args, parts, use_coref)
            prf.tp += len(m)
            prf.fn += len(args) - len(m)
            prf.fp += len(parts) - len(m)
        m = match_args(args, parts, True)
        ok = sum(parts[qi][2] in ROLE_MAP[args[ai].role] for ai, qi in m)
        sc.roles.tp += ok
        sc.roles.fn += len(args) - ok
        sc.roles.fp += len(parts) - ok
        sc.args_e2e.tp += len(m)
        sc.args_e2e.fn += len(args) - len(m)
        sc.args_e2e.fp += len(parts) - len(m)
        places = [a for a in g.args if a.role == "Place"]
        hit = p.place is not None and any(
            overlap(a.start, a.end, *p.place) or any(overlap(x, y, *p.place) for x, y in a.cluster)
            for a in places)
        sc.place.tp += hit
        sc.place.fp += p.place is not None and not hit
        sc.place.fn += len(places) - hit
    for gi, g in enumerate(golds):
        if gi not in mg:
            sc.args_e2e.fn += len(actor_args(g))
    for pi, p in enumerate(preds):
        if pi not in mp:
            sc.args_e2e.fp += len(unique_parts(p))
    return pairs


# ------------------------------------------------------------------------------- running the product
def to_pred_events(events, offsets: list[tuple[int, int]]) -> list[PredEvent]:
    """The product's EventMentions -> PredEvents on gold token spans."""
    starts = [s for s, _ in offsets]
    out = []
    for ev in events:
        span = char_to_tokens(ev.trigger.start, ev.trigger.end, offsets, starts)
        if span is None:
            continue
        parts = []
        for p in ev.participants:
            ps = char_to_tokens(p.mention.span.start, p.mention.span.end, offsets, starts)
            if ps is not None:
                parts.append((ps[0], ps[1], p.role))
        place = None
        if ev.place is not None:
            place = char_to_tokens(ev.place.span.start, ev.place.span.end, offsets, starts)
        out.append(PredEvent(ev.type, span[0], span[1], parts, place, ev.trigger.text, ev.trigger_id or ""))
    return out


def run(docs: list[BenchDoc]) -> tuple[list[list[PredEvent]], float]:
    sys.path.insert(0, str(ROOT))
    from kg.extract import default_extractor
    from kg.model import Document
    from kg.nlp import pipeline as nlp

    texts = [detokenize(d.tokens, d.sentences) for d in docs]
    ex = default_extractor()
    warm = "The minister said on Monday that the police arrested two men."
    ex.extract(Document("warm-up", warm, "en", None), nlp.parse(warm, "en"))  # load outside the clock
    t0 = time.perf_counter()
    parsed = nlp.parse_many([(t, "en") for t, _ in texts])
    mentions = [ex.extract(Document(d.id, t, "en", None), p) for d, (t, _), p in zip(docs, texts, parsed)]
    secs = time.perf_counter() - t0
    preds = [to_pred_events(m.events, offs) for m, (_, offs) in zip(mentions, texts)]
    return preds, secs


# ------------------------------------------------------------------------------- report
def _row(name: str, prf: PRF) -> str:
    p, r, f = prf.prf()
    return f"| {name} | {prf.gold} | {prf.pred} | {prf.tp} | {p:.3f} | {r:.3f} | {f:.3f} |"


def table(sc: Scores) -> list[str]:
    rows = ["| trigger classification | gold | pred | match | precision | recall | F1 |",
            "|---|---|---|---|---|---|---|"]
    rows += [_row(t, sc.trig[t]) for t in SCORED_TYPES]
    rows.append(_row("**overall (all mapped types)**", sc.total(SCORED_TYPES)))
    rows.append(_row("overall without Demand, Threat", sc.total(CORE_TYPES)))
    rows.append(_row("coarse overall (CONTACT = Communication+Meeting+Statement)",
                     sc.total(COARSE_TYPES, "coarse")))
    rows.append(_row("coarse CONTACT", sc.coarse["CONTACT"]))
    rows.append(_row("trigger identification (type-agnostic)", sc.ident))
    rows += ["", "| arguments (of matched triggers) | gold | pred | match | precision | recall | F1 |",
             "|---|---|---|---|---|---|---|"]
    rows.append(_row("argument identification, mention overlap", sc.args_span))
    rows.append(_row("argument identification, overlap or coreferent", sc.args_coref))
    rows.append(_row("role classification (coreferent, role accepted)", sc.roles))
    rows.append(_row("argument identification end-to-end (all events)", sc.args_e2e))
    rows.append(_row("place (Place arguments vs event place)", sc.place))
    return rows


def _sentence(doc: BenchDoc, text: str, offsets, start: int, end: int) -> str:
    si = doc.sentence_of(start)
    s, e = doc.sentences[si]
    a, b = offsets[s][0], offsets[e - 1][1]
    ts, te = offsets[start][0], offsets[end - 1][1]
    return (text[a:ts] + "[[" + text[ts:te] + "]]" + text[te:b]).replace("\n", " ")


def print_errors(docs: list[BenchDoc], preds: list[list[PredEvent]], n: int, seed: int = 0) -> None:
    sys.path.insert(0, str(ROOT))
    from kg.data import load_triggers

    triggers = [t for t in load_triggers() if t.lang in ("en", "any")]
    fns, fps = [], []
    for doc, pr in zip(docs, preds):
        golds, ps = in_scope(doc.events, pr)
        pairs = match(golds, ps, key=lambda x: x.type)
        mg, mp = {g for g, _ in pairs}, {p for _, p in pairs}
        for gi, g in enumerate(golds):
            if gi in mg:
                continue
            here = [p for p in pr if overlap(g.start, g.end, p.start, p.end)]
            if here:
                why = "predicted " + ", ".join(sorted({p.type for p in here})) + " here"
            else:
                same = [t.id for t in triggers if t.type == g.type and t.pattern.search(g.text)]
                other = [f"{t.id} ({t.type})" for t in triggers if t.type != g.type and t.pattern.search(g.text)]
                why = (f"pattern {same[0]} matches the word, no event: sentence skipped or event dropped"
                       if same else "no trigger pattern of this type matches the word"
                       + (f"; {other[0]} does, no event" if other else ""))
            fns.append((doc, g, why))
        for pi, p in enumerate(ps):
            if pi in mp:
                continue
            here = [g for g in doc.events if overlap(g.start, g.end, p.start, p.end)]
            why = ("gold here: " + ", ".join(sorted({g.kairos for g in here}))) if here else "no gold event here"
            fps.append((doc, p, why))
    rnd = random.Random(seed)
    texts = {d.id: detokenize(d.tokens, d.sentences) for d in docs}
    print(f"\nMost frequent missed gold triggers (mapped type, word), of {len(fns)} misses:")
    for (typ, w), c in Counter((g.type, g.text.lower()) for _, g, _ in fns).most_common(25):
        print(f"  {c:3d}  {typ:17s} {w}")
    print("Why missed:", ", ".join(f"{c} {k}" for k, c in Counter(
        "another type predicted on the trigger" if w.startswith("predicted") else
        ("no pattern of the type matches the word" if w.startswith("no trigger") else
         "a pattern matches but no event") for _, _, w in fns).most_common()))
    print(f"\nMost frequent false-alarm triggers (type, word), of {len(fps)}:")
    for (typ, w), c in Counter((p.type, p.text.lower()) for _, p, _ in fps).most_common(20):
        print(f"  {c:3d}  {typ:17s} {w}")
    print(f"\nSample false negatives ({min(n, len(fns))} of {len(fns)}):")
    for doc, g, why in sorted(rnd.sample(fns, min(n, len(fns))), key=lambda x: (x[0].id, x[1].start)):
        text, offs = texts[doc.id]
        print(f"- [{doc.id}] {g.kairos} -> {g.type} \"{g.text}\" ({why})\n    {_sentence(doc, text, offs, g.start, g.end)}")
    print(f"\nSample false positives ({min(n, len(fps))} of {len(fps)}):")
    for doc, p, why in sorted(rnd.sample(fps, min(n, len(fps))), key=lambda x: (x[0].id, x[1].start)):
        text, offs = texts[doc.id]
        print(f"- [{doc.id}] {p.type} \"{p.text}\" ({p.trigger_id}; {why})\n    "
              f"{_sentence(doc, text, offs, p.start, p.end)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("dev", "test"), default="test")
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents")
    ap.add_argument("--errors", type=int, default=0, metavar="N",
                    help="print N sample false negatives and N false positives, with their sentence")
    args = ap.parse_args(argv)
    cmd = "python bench/events_wikievents.py " + " ".join(argv if argv is not None else sys.argv[1:])
    print(f"$ {cmd.strip()}")
    docs = load_docs(args.split)
    if args.limit:
        docs = docs[:args.limit]
    preds, secs = run(docs)
    sc = Scores()
    for doc, pr in zip(docs, preds):
        score_doc(doc.events, pr, sc)
    from kg.nlp import pipeline as nlp
    ntok = sum(len(d.tokens) for d in docs)
    ngold = sum(len(d.events) for d in docs)
    nmapped = sum(1 for d in docs for g in d.events if g.type)
    npred = sum(len(p) for p in preds)
    nscored = sum(1 for p in preds for e in p if e.type in SCORED_TYPES)
    print(f"\nWikiEvents {args.split}: {len(docs)} documents, {ntok} tokens, {ngold} gold events "
          f"({nmapped} of mapped types); {npred} predicted events ({nscored} of scored types); "
          f"pipeline {nlp.model_name('en')}")
    print("\n".join(table(sc)))
    print(f"\ntime: {secs:.1f} s (parse + extract), {ntok / secs:.0f} tokens/s, {len(docs) / secs:.2f} documents/s")
    print("\nA predicted trigger matches a gold trigger of the same mapped type if their token spans overlap\n"
          "(one-to-one). Predicted Agreement, Rejection, Seizure and Sanction events are not scored (no KAIROS\n"
          "type maps to them). Arguments: gold PER/ORG/GPE arguments with a participant role, against the\n"
          "product's participants, role-agnostic; role classification accepts initiator for Attacker/\n"
          "Communicator/Jailer, recipient or participant for Target/Victim/Recipient/Detainee, any for Participant.")
    if args.errors:
        print_errors(docs, preds, args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
