"""Walking the dependency parse: the root of a span, a token's subtree, its subjects.

In: a :class:`kg.nlp.parsed.Parsed` and token indices. Out: tokens, sets of token indices and
merged character ranges. Shared by the event parts that read the parse (scope, participants,
time).
"""
from __future__ import annotations

from kg.extract.records import Range
from kg.nlp.parsed import Parsed, Token

SUBJECT = ("nsubj", "nsubjpass")
VERBAL = ("VERB", "AUX")
#: dependencies that open another clause: left out of a trigger's subtree where another
#: trigger lies under them
CLAUSAL = frozenset({"advcl", "relcl", "ccomp", "parataxis", "conj", "csubj", "xcomp", "acl", "prep",
                     "npadvmod"})


def span_root(toks: list[Token]) -> Token | None:
    """The token of a span whose head lies outside it (or is itself)."""
    inside = {t.i for t in toks}
    return next((t for t in toks if t.head not in inside or t.head == t.i), None)


def subtree(parsed: Parsed, root: int, skip: frozenset[str] | set[str] | None = None,
            block: set[int] | None = None) -> set[int]:
    """Token indices under ``root``. Children of ``root`` whose dependency is in ``skip`` are left
    out, but only when their own subtree holds a token of ``block`` (another event's trigger)
    or no ``block`` is given."""
    tokens, children = parsed.tokens, parsed.children
    out, stack = set(), [root]
    while stack:
        i = stack.pop()
        out.add(i)
        for c in children.get(i, []):
            if skip and i == root and tokens[c].dep in skip:
                if block is None or subtree(parsed, c) & block:
                    continue
            stack.append(c)
    return out


def subjects(parsed: Parsed, i: int) -> list[Token]:
    """The subjects (active or passive) of token ``i``, in text order."""
    tokens = parsed.tokens
    return [tokens[c] for c in parsed.children.get(i, []) if tokens[c].dep in SUBJECT]


def merged_ranges(parsed: Parsed, idx: set[int]) -> tuple[Range, ...]:
    """The character ranges of the tokens ``idx``, neighbours (at most one character apart)
    merged."""
    tokens = parsed.tokens
    out: list[Range] = []
    for s, e in sorted((tokens[i].start, tokens[i].end) for i in idx):
        if out and s <= out[-1].end + 1:
            out[-1] = Range(out[-1].start, max(out[-1].end, e))
        else:
            out.append(Range(s, e))
    return tuple(out)
