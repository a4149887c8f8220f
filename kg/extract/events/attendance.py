"""Who attended: a sentence that lists people present, with no event word of its own ("En la mesa
estuvieron X, Y y Z", "Also attending were X and Y", "asistieron X y Y"), names more parties of
the latest call or meeting reported before it (of each of its mentions there); a call or meeting named in that sentence ("En
la reunión estuvieron …", "Also attending the talks were …") is that one.

Reads: ``text``, ``parsed``, ``mentions``, ``modifier_spans``, ``events``. Changes: the
participants of that call or meeting (each person named after the cue is a participant). The
cues are the lexicon's ``attendance_cues``; the call or meeting must be reported within
``attendance_window`` sentences before the list.
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.model import CONTACT_TYPES, EntityMention, EventMention, Participant


class Attendance:
    reads = ("text", "parsed", "mentions", "modifier_spans", "events")
    adds = ("events",)  # changed: participants or time of the events already there

    def __init__(self, lex: dict):
        cues = lex["attendance_cues"]
        self.cue = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(c) for c in cues["phrases"]) + r")(?!\w)", re.I)
        self.window = int(cues["window"])

    def run(self, ctx: Context) -> None:
        for cue in self.cue.finditer(ctx.text):
            ss, se = ctx.parsed.sentence_of(cue.start())
            own = [ev for ev in ctx.events if ss <= ev.trigger.start < se]
            if any(ev.type not in CONTACT_TYPES for ev in own):
                continue  # a sentence with an act of its own says more than who attended
            people = [m for m in ctx.mentions if m.type == "Person" and cue.end() <= m.span.start < se
                      and (m.span.start, m.span.end) not in ctx.modifier_spans]
            targets = self._contacts(ctx, ss)
            if people and targets:
                # "En la reunión estuvieron X y Y": the meeting named there is the one attended
                ctx.events = [ev for ev in ctx.events if not any(ev is o for o in own)]
                for ev in targets:
                    self._add(ev, people)

    def _contacts(self, ctx: Context, ss: int) -> list[EventMention]:
        """The mentions, at most ``window`` sentences back, of the latest call or meeting that
        happened: every mention of that type there ("the call", "la reunión" again), so that they
        stay one event."""
        far = ss
        for _ in range(self.window):
            far = ctx.parsed.sentence_of(max(0, far - 1))[0] if far > 0 else 0
        near = [ev for ev in ctx.events if ev.type in CONTACT_TYPES and ev.status == "occurred"
                and far <= ev.evidence.start < ss]
        return [ev for ev in near if ev.type == near[-1].type] if near else []

    @staticmethod
    def _add(ev: EventMention, people: list[EntityMention]) -> None:
        known = {p.mention.name or p.mention.span.text for p in ev.participants}
        for m in people:
            name = m.name or m.span.text
            if name not in known:
                known.add(name)
                ev.participants.append(Participant(m, "participant"))
