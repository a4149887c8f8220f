"""Event time: which time expression of the sentence belongs to a trigger, resolved.

In: the context (``times``, the anchors), a :class:`kg.extract.records.TriggerMatch` and its
:class:`kg.extract.records.EventScope`. Out: a :class:`kg.model.TimeValue` or None; a warning
for an impossible date goes to ``ctx.warnings``. With a parse, the trigger that governs the
expression owns it ("rejected the proposal on Friday": rejected); else the nearest trigger with
no other trigger in between. The expression nearest the trigger in its scope wins (without a
parse, within 80 characters); it resolves against the anchor of its position, in the future
where the sentence plans. A threat, demand or rejection made by saying it, with no time of its
own, is of the time of the report verb ("said Monday that …", "dijo el lunes que …").
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.events.syntax import VERBAL, span_root
from kg.extract.records import EventScope, TriggerMatch
from kg.extract.time import timex
from kg.extract.time.anchors import anchor_at
from kg.extract.time.timex import TimeMention
from kg.model import TimeValue
from kg.nlp.parsed import Token


class Timing:
    def __init__(self, lex: dict):
        self.sharing = frozenset(lex.get("time_sharing_verbs", []))
        self.occurrence = tuple(tuple(v.split()) for v in lex.get("occurrence_verbs", []))
        breaks = lex.get("time_clause_breaks", [])
        self.clause_break = re.compile("|".join(re.escape(b) for b in breaks)) if breaks else None
        self.by_report = frozenset(lex.get("dated_by_report", []))
        self.report_verbs = frozenset(lex.get("report_verbs", []))
        forms = lex.get("report_verb_forms", [])
        # "dijo el lunes que …": a verb of saying, its time, then "que" opening what was said
        self.report_that = re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) +
                                      r")\b(?P<mid>(?:\s+[^\s.;:]+){1,6}?)\s+que\b", re.I) if forms else None

    def of(self, ctx: Context, match: TriggerMatch, scope: EventScope, future: bool = False) -> TimeValue | None:
        """``future``: the trigger's clause speaks of the future (see
        :class:`kg.extract.events.modality.Modality`)."""
        s = match.start
        ss, se = match.sentence
        parsed_region = ctx.parsed.has_parse and not ctx.foreign(s)
        owned = [(t, self._owns(ctx, t, match)) for t in ctx.times if ss <= t.start < se
                 and (parsed_region or self._same_clause(ctx, t, match))]
        tms = [t for t, how in owned if how]
        in_region = [t for t, how in owned if how == "shared" or (how and scope.holds(t.start))]
        cand = in_region if (in_region or parsed_region) else [t for t in tms if abs(t.start - s) < 80]
        if not cand and match.type in self.by_report:
            # "Hollis said Monday that he would consider strikes": a threat made by saying it
            # is of the day it was said
            cand = self._report_time(ctx, match) if parsed_region else self._report_time_text(ctx, match)
            future = False
        if not cand:
            return None
        tense = "future" if future else "past"
        t = min(cand, key=lambda t: abs(t.start - s))
        if t.kind == "reldays":
            return self._days_after(ctx, t)
        anchor = anchor_at(ctx, t.start)
        time, warn = timex.resolve(t, anchor.date, anchor.kind, tense, us_dates=ctx.doc.lang == "en")
        if warn:
            ctx.warnings.append(f"{ctx.doc.id}: {warn}")
        return time

    def _owns(self, ctx: Context, t: TimeMention, match: TriggerMatch) -> str | None:
        """Does this trigger own the time expression ("mine"), share it ("shared": the object of
        a trigger verb of ``time_sharing_verbs``, "announced a tariff on February 2"), or not
        (None)? With a parse: the trigger that governs it; a verb that is no trigger shares its
        time with the triggers among its arguments. Without: the nearest trigger."""
        if not (ctx.parsed.has_parse and not ctx.foreign(match.start)):
            return None if _owned_by_other(t, match) else "mine"
        parsed = ctx.parsed
        tokens = parsed.tokens
        mine_toks = parsed.tokens_in(match.start, match.end)
        mine = {x.i for x in mine_toks}
        trig_roots = {}  # root token of each trigger -> is it this one?
        for span_toks, is_mine in [(mine_toks, True)] + [(parsed.tokens_in(*o), False) for o in match.others]:
            root = span_root(span_toks)
            if root is not None:
                trig_roots[root.i] = is_mine
        theirs = {x.i for o in match.others for x in parsed.tokens_in(*o)}
        tok, seen = parsed.token_at(t.start), set()
        while tok is not None and tok.i not in seen:
            seen.add(tok.i)
            if tok.i in mine:
                return "mine"
            if tok.i in theirs:
                return "shared" if self._shares(parsed, tok, mine) else None
            if tok.pos in VERBAL:
                args = [is_mine for r, is_mine in trig_roots.items() if tokens[r].head == tok.i
                        and tokens[r].dep in ("dobj", "nsubj", "nsubjpass", "attr")]
                if args:
                    if any(args) and self._occurrence(parsed, tok):
                        return "shared"  # "the arrest took place on March 2"
                    return "mine" if any(args) else None
                break
            if tok.head == tok.i:
                break
            tok = tokens[tok.head]
        return None if _owned_by_other(t, match) else "mine"

    def _report_time(self, ctx: Context, match: TriggerMatch) -> list[TimeMention]:
        """The time expressions of the report verb ("say", "announce") that governs the
        trigger's clause, on the parse: those whose first verb up the tree is that verb."""
        parsed = ctx.parsed
        tokens = parsed.tokens
        t = span_root(parsed.tokens_in(match.start, match.end))
        for _ in range(REPORT_STEPS):
            if t is None or t.head == t.i:
                return []
            t = tokens[t.head]
            if t.pos in VERBAL and t.lemma.lower() in self.report_verbs:
                break
        else:
            return []
        ss, se = match.sentence
        return [x for x in ctx.times if ss <= x.start < se and _first_verb(parsed, x.start) == t.i]

    def _report_time_text(self, ctx: Context, match: TriggerMatch) -> list[TimeMention]:
        """Without a parse: "X dijo el lunes que rechaza …": the time expression between a verb of
        saying and the "que" of the trigger's clause, with no other such "que" before the trigger."""
        if self.report_that is None:
            return []
        ss = match.sentence.start
        said = [r for r in self.report_that.finditer(ctx.text, ss, match.start)]
        if not said:
            return []
        r = said[-1]
        a, b = r.span("mid")
        return [t for t in ctx.times if a <= t.start and t.end <= b]

    @staticmethod
    def _days_after(ctx: Context, t: TimeMention) -> TimeValue:
        """"a day later": from the last day the text gave before it (within three sentences)."""
        window = ctx.parsed.sentence_of(t.start)[0]
        for _ in range(2):
            window = ctx.parsed.sentence_of(max(0, window - 1))[0] if window > 0 else 0
        for prev in reversed([x for x in ctx.times if window <= x.start < t.start and x.kind != "reldays"]):
            anchor = anchor_at(ctx, prev.start)
            base, _ = timex.resolve(prev, anchor.date, anchor.kind, "past", us_dates=ctx.doc.lang == "en")
            if base.precision == "day":
                return timex.days_after(t, base)
        return TimeValue(t.text, None, None, "unresolved")

    def _same_clause(self, ctx: Context, t: TimeMention, match: TriggerMatch) -> bool:
        """Without a parse: no clause break between the expression and the trigger ("dijo el
        lunes que se reunirá": the meeting is not of Monday)."""
        lo, hi = (match.end, t.start) if t.start >= match.end else (t.end, match.start)
        return self.clause_break is None or not self.clause_break.search(ctx.text[lo:hi])

    def _occurrence(self, parsed, verb: Token) -> bool:
        """Does ``verb`` only say that its subject happened ("took place", "ocurrió")?"""
        kids = {parsed.tokens[c].lemma.lower() for c in parsed.children.get(verb.i, [])}
        lemma = verb.lemma.lower()
        return any(v[0] == lemma and all(w in kids for w in v[1:]) for v in self.occurrence)

    def _shares(self, parsed, verb: Token, mine: set[int]) -> bool:
        """Is this trigger the direct object of ``verb``, a trigger that shares its date?"""
        if verb.lemma.lower() not in self.sharing:
            return False
        return any(parsed.tokens[c].dep == "dobj" and c in mine for c in parsed.children.get(verb.i, []))


REPORT_STEPS = 7  # head links from a trigger up to the report verb that governs it


def _first_verb(parsed, pos: int) -> int | None:
    """The index of the first verb above the token at ``pos``."""
    tok, seen = parsed.token_at(pos), set()
    while tok is not None and tok.i not in seen:
        seen.add(tok.i)
        if tok.pos in VERBAL:
            return tok.i
        if tok.head == tok.i:
            return None
        tok = parsed.tokens[tok.head]
    return None


def _owned_by_other(t: TimeMention, match: TriggerMatch) -> bool:
    """A time expression belongs to the nearest trigger: another trigger standing between it
    and this one takes it ("agreed … and scheduled a meeting for February")."""
    lo, hi = (match.end, t.start) if t.start >= match.end else (t.end, match.start)
    return any(lo <= o_s and o_e <= hi for o_s, o_e in match.others)
