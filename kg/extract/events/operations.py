"""Acts done in an operation: an arrest or seizure that names no one who made it, in the sentence
of the operation it was made in ("the shipment was located on a vessel intercepted during an
operation involving X, Y and Z", "fueron detenidos durante un operativo de X"), was made by the
operation's actors.

Reads: ``text``, ``events``. Changes: the participants of those arrests and seizures (the
operation's actors that are not its targets join them). The lexicon's ``operation_frames``: the
event types, and the words right before the operation's trigger that make it the frame of the act.
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.model import EventMention, Participant


class OperationActors:
    reads = ("text", "events")
    adds = ("events",)  # changed: participants or time of the events already there

    def __init__(self, lex: dict):
        conf = lex["operation_frames"]
        self.acts = frozenset(conf["types"])
        self.frame = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in conf["before"]) +
                                r")\s+(?:(?:an?|the|un|una|el|la|los|las|joint|conjunto|conjunta)\s+){0,2}$", re.I)

    def run(self, ctx: Context) -> None:
        ops = [ev for ev in ctx.events if ev.type == "SecurityOperation" and ev.participants
               and self.frame.search(ctx.text[max(0, ev.trigger.start - 40):ev.trigger.start])]
        for ev in ctx.events:
            if ev.type not in self.acts or any(p.role == "initiator" for p in ev.participants):
                continue
            op = next((o for o in ops if o.evidence.start == ev.evidence.start and o.trigger.start > ev.trigger.start),
                      None)
            if op is not None:
                self._join(ev, op)

    @staticmethod
    def _join(ev: EventMention, op: EventMention) -> None:
        known = {p.mention.name or p.mention.span.text for p in ev.participants}
        for p in op.participants:
            name = p.mention.name or p.mention.span.text
            if p.role != "recipient" and name not in known:
                known.add(name)
                ev.participants.append(Participant(p.mention, "participant"))
