"""Described speakers: a speech verb whose speaker the sentence only describes ("la dependencia
subrayó", "el funcionario federal detalló", "indicó la cancillería") speaks for the body or
person of that kind the text named last before it.

In: the context, the description's head noun, the position of the speech verb. Out: the range
of the antecedent's mention, or None. The head nouns per kind come from the lexicon
(``described_speakers``: "person" heads stand for the latest person who holds a post of the same
gender, "body" heads for the latest ministry or agency), within a few sentences back; a head of
neither kind has no antecedent.
"""
from __future__ import annotations

from dataclasses import dataclass

from kg.extract.context import Context
from kg.extract.records import Range

SENTENCES_BACK = 3
KINDS = {"person": frozenset({"Person"}), "body": frozenset({"Ministry", "Agency"})}


@dataclass(frozen=True)
class DescribedSpeakers:
    heads: dict[str, str]  # head noun (lower case) -> kind
    posts: dict[str, frozenset[str]]  # person head -> the first words of the posts it stands for (empty: any)

    @classmethod
    def from_lexicon(cls, lex: dict) -> DescribedSpeakers:
        words = lex.get("described_speakers", {})
        people = words.get("person", {})
        heads = {w.lower(): kind for kind in KINDS for w in words.get(kind, [])}
        return cls(heads, {h.lower(): frozenset(p.lower() for p in posts) for h, posts in people.items()})

    def antecedent(self, ctx: Context, head: str, at: int) -> Range | None:
        kind = self.heads.get(head.lower())
        if kind is None:
            return None
        lo = ctx.parsed.sentence_of(at)[0]
        for _ in range(SENTENCES_BACK):
            lo = ctx.parsed.sentence_of(max(0, lo - 1))[0] if lo > 0 else 0
        found = [m for m in ctx.mentions if m.type in KINDS[kind] and lo <= m.span.start < at
                 and (m.span.start, m.span.end) not in ctx.modifier_spans]
        if kind == "person":
            posts = self.posts.get(head.lower(), frozenset())
            holders = {_name(r.person) for r in ctx.roles if not r.former and _agrees(head, r.role)
                       and (not posts or (r.role.split() or [""])[0].lower() in posts)}
            found = [m for m in found if _name(m) in holders]
        return Range(found[-1].span.start, found[-1].span.end) if found else None


def _name(m) -> str:
    return (m.name or m.span.text).split()[-1].lower()


def _agrees(head: str, role: str) -> bool:
    """Does a Spanish head noun agree in gender with the post's first word ("la mandataria" with
    "presidenta", "el funcionario" with "titular" or "secretario")? A head of neither gender
    ("titular", "canciller") agrees with any post."""
    h, w = head.lower(), (role.split() or [""])[0].lower()
    if h.endswith("a"):
        return w.endswith("a")
    if h.endswith("o"):
        return not w.endswith("a")
    return True
