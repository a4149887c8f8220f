"""Event time: which time expression of the sentence belongs to a trigger, resolved.

In: the context (``times``, the anchors), a :class:`kg.extract.records.TriggerMatch` and its
:class:`kg.extract.records.EventScope`. Out: a :class:`kg.model.TimeValue` or None; a warning
for an impossible date goes to ``ctx.warnings``. With a parse, the trigger that governs the
expression owns it ("rejected the proposal on Friday": rejected); else the nearest trigger with
no other trigger in between. The expression nearest the trigger in its scope wins (without a
parse, within 80 characters); it resolves against the anchor of its position, in the future
where the sentence plans.
"""
from __future__ import annotations

from kg.extract.context import Context
from kg.extract.events.syntax import VERBAL, span_root
from kg.extract.records import EventScope, TriggerMatch
from kg.extract.time import timex
from kg.extract.time.anchors import anchor_at
from kg.extract.time.timex import TimeMention
from kg.model import TimeValue


class Timing:
    def of(self, ctx: Context, match: TriggerMatch, scope: EventScope, future: bool = False) -> TimeValue | None:
        """``future``: the trigger's clause speaks of the future (see
        :class:`kg.extract.events.modality.Modality`)."""
        s = match.start
        ss, se = match.sentence
        tms = [t for t in ctx.times if ss <= t.start < se and self._owns(ctx, t, match)]
        in_region = [t for t in tms if scope.holds(t.start)]
        parsed_region = ctx.parsed.has_parse and not ctx.foreign(s)
        cand = in_region if (in_region or parsed_region) else [t for t in tms if abs(t.start - s) < 80]
        if not cand:
            return None
        tense = "future" if future else "past"
        t = min(cand, key=lambda t: abs(t.start - s))
        anchor = anchor_at(ctx, t.start)
        time, warn = timex.resolve(t, anchor.date, anchor.kind, tense, us_dates=ctx.doc.lang == "en")
        if warn:
            ctx.warnings.append(f"{ctx.doc.id}: {warn}")
        return time

    @staticmethod
    def _owns(ctx: Context, t: TimeMention, match: TriggerMatch) -> bool:
        """Does this trigger own the time expression? With a parse: the trigger that governs it;
        a verb that is no trigger shares its time with the triggers among its arguments."""
        if ctx.parsed.has_parse and not ctx.foreign(match.start):
            parsed = ctx.parsed
            tokens = parsed.tokens
            tok = parsed.token_at(t.start)
            mine = {x.i for x in parsed.tokens_in(match.start, match.end)}
            theirs = {x.i for o in match.others for x in parsed.tokens_in(*o)}
            trig_roots = {}  # root token of each trigger -> is it this one?
            for span_toks, is_mine in [(parsed.tokens_in(match.start, match.end), True)] + [
                    (parsed.tokens_in(*o), False) for o in match.others]:
                root = span_root(span_toks)
                if root is not None:
                    trig_roots[root.i] = is_mine
            seen = set()
            while tok is not None and tok.i not in seen:
                seen.add(tok.i)
                if tok.i in mine:
                    return True
                if tok.i in theirs:
                    return False
                if tok.pos in VERBAL:
                    args = [is_mine for r, is_mine in trig_roots.items() if tokens[r].head == tok.i
                            and tokens[r].dep in ("dobj", "nsubj", "nsubjpass", "attr")]
                    if args:
                        return any(args)
                    break
                if tok.head == tok.i:
                    break
                tok = tokens[tok.head]
        return not _owned_by_other(t, match)


def _owned_by_other(t: TimeMention, match: TriggerMatch) -> bool:
    """A time expression belongs to the nearest trigger: another trigger standing between it
    and this one takes it ("agreed … and scheduled a meeting for February")."""
    lo, hi = (match.end, t.start) if t.start >= match.end else (t.end, match.start)
    return any(lo <= o_s and o_e <= hi for o_s, o_e in match.others)
