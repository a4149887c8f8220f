"""Agents in a "from" phrase: where a frame's role scheme makes the place a person is removed
from its agent (scheme "removal": "gang members deported from the United States", "deportados
desde México"), the country or body there does the event, not only where it starts.

In: the context, a trigger match (its tokens, with a parse). Out: the character ranges of the
actors that do the event, for :class:`kg.extract.records.EventScope` ``agents``. With a parse:
the actors under the trigger's "from" preposition. Without one: an actor right after the
trigger and "desde"/"from".
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.events.syntax import subtree
from kg.extract.records import Range, TriggerMatch
from kg.model import ACTOR_TYPES
from kg.nlp.parsed import Token

FROM_ACTOR = re.compile(r"\s+(?:desde|from)\s+(?:(?:the|la|el|los|las)\s+)?", re.I)


def _removal(match: TriggerMatch) -> bool:
    frame = match.trigger.frame
    return frame is not None and frame.role_of(match.voice, "from") == "initiator"


def removed_from(ctx: Context, toks: list[Token], match: TriggerMatch) -> tuple[Range, ...]:
    """On the parse: the actors under the trigger's "from" preposition."""
    if not _removal(match):
        return ()
    parsed = ctx.parsed
    out: list[Range] = []
    for t in toks:
        for p in parsed.children.get(t.i, []):
            if parsed.tokens[p].dep == "prep" and parsed.tokens[p].text.lower() == "from":
                idx = subtree(parsed, p)
                lo, hi = min(parsed.tokens[i].start for i in idx), max(parsed.tokens[i].end for i in idx)
                out += [Range(m.span.start, m.span.end) for m in ctx.mentions
                        if m.type in ACTOR_TYPES and lo <= m.span.start < hi]
    return tuple(out)


def removed_from_text(ctx: Context, match: TriggerMatch) -> tuple[Range, ...]:
    """Without a parse: the actor right after the trigger and "desde"/"from"."""
    if not _removal(match):
        return ()
    after = FROM_ACTOR.match(ctx.text, match.end, match.sentence.end)
    found = [m for m in ctx.mentions if after and m.type in ACTOR_TYPES and m.span.start == after.end()]
    return (Range(found[0].span.start, found[0].span.end),) if found else ()
