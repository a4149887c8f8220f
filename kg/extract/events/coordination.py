"""Actors named together: coordinated lists, "both governments", quotations.

In: the context (text, mentions), a sentence and the lexicon's ``list_conjunctions`` and
``state_pair_anaphors``. Out: the lists of actor mentions joined by commas and a conjunction
("X, Y and Z", "X (ABC), the Y and the Z": when one member takes part in an event, so do the
others); whether a clause's subject is a pair of states ("both governments", "ambos países") and
which two countries the article names most; the quoted stretches of a sentence. Read by
:mod:`kg.extract.events.participants`.
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.records import EventScope, Range, TriggerMatch
from kg.model import ACTOR_TYPES, EntityMention

ARTICLE = r"(?:the\s+|el\s+|la\s+|los\s+|las\s+)?"
BRACKET = r"(?:\s*\([^()]{1,20}\))?"  # "(DNCD)" after a name


class Coordination:
    def __init__(self, lex: dict):
        conj = "|".join(re.escape(c) for c in lex["list_conjunctions"])
        #: between two members of a list: "(DNCD), the", " and the", ", y la"
        self.list_gap = re.compile(BRACKET + r"\s*(?:,\s*(?:(?:" + conj + r")\s+)?|\s+(?:" + conj + r")\s+)" + ARTICLE,
                                   re.I)
        self.list_end = re.compile(BRACKET + r"\s*,?\s+(?:" + conj + r")\s", re.I)
        self.state_pairs = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in lex["state_pair_anaphors"]) +
                                      r")\b", re.I)

    def lists(self, ctx: Context, sentence: Range) -> list[list[EntityMention]]:
        """The coordinated lists of actors in the sentence: runs of actor mentions joined by
        commas, closed by a conjunction."""
        ss, se = sentence
        cands = sorted((m for m in ctx.mentions if m.type in ACTOR_TYPES and ss <= m.span.start < se
                        and (m.span.start, m.span.end) not in ctx.modifier_spans),
                       key=lambda m: m.span.start)
        chains: list[list[EntityMention]] = []
        closed: list[bool] = []
        for m in cands:
            prev = chains[-1][-1] if chains else None
            if prev is not None and prev.span.end <= m.span.start and \
                    self.list_gap.fullmatch(ctx.text, prev.span.end, m.span.start):
                chains[-1].append(m)
                closed[-1] = closed[-1] or bool(self.list_end.match(ctx.text, prev.span.end, m.span.start))
            else:
                chains.append([m])
                closed.append(False)
        return [c for c, done in zip(chains, closed) if len(c) > 1 and done]

    def states_pair(self, ctx: Context, match: TriggerMatch, scope: EventScope) -> bool:
        """Is the subject of the trigger's clause "both governments", "ambos países"?"""
        return any(self.state_pairs.search(ctx.text, a, min(b, match.start))
                   for a, b in scope.region if a < match.start)


def two_states(ctx: Context) -> list[EntityMention]:
    """The two countries the article names most (first mention of each), if it names two."""
    count: dict[str, list] = {}
    for m in ctx.mentions:
        if m.type == "Country":
            key = m.gazetteer_id or m.name or m.span.text
            count.setdefault(key, [0, m])[0] += 1
    top = sorted(count.values(), key=lambda c: (-c[0], c[1].span.start))[:2]
    return [c[1] for c in top] if len(top) == 2 else []


def quotations(text: str, ss: int, se: int) -> list[tuple[int, int]]:
    """The quoted stretches of the sentence ``ss:se``, read from the start of its paragraph (a
    quotation may open sentences before): straight quotes pair in turn, curly ones and
    guillemets open and close."""
    out, opened = [], None
    for i in range(text.rfind("\n", 0, ss) + 1, se):
        c = text[i]
        if opened is None and c in '"“«':
            opened = i
        elif opened is not None and c in '"”»' and (c == '"') == (text[opened] == '"'):
            if i > ss:
                out.append((max(opened, ss), i))
            opened = None
    if opened is not None:
        out.append((max(opened, ss), se))
    return out
