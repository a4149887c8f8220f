"""Conditions: a trigger verb that heads a conditional clause ("will not act unless Mexico agrees",
"only as far as Mexico agrees", "si Perú acepta la propuesta") states a condition, not an event.

In: the context and a :class:`kg.extract.records.TriggerMatch`. Out: whether the trigger opens
such a clause. Words from the lexicon (``condition_marks``, per language). With a parse: the
trigger is a verb of an adverbial clause whose words start with a mark. Without one: a mark
stands a few words before a verb trigger, with no comma, semicolon or colon between.
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.events.syntax import VERBAL, subtree
from kg.extract.records import TriggerMatch

MAX_WORDS = 6  # words from the mark to the trigger, without a parse
FOCUS = re.compile(r"^(?:only|even|just|solo|sólo|incluso)\s+")


class Conditions:
    def __init__(self, lex: dict):
        marks = dict(lex.get("condition_marks", {}))
        self.not_marks = tuple(marks.pop("not", []))
        self.marks = {lang: tuple(sorted(words, key=len, reverse=True)) for lang, words in marks.items()}

    def opens(self, ctx: Context, match: TriggerMatch, lang: str) -> bool:
        marks = self.marks.get(lang, ())
        if not marks:
            return False
        if ctx.parsed.has_parse and not ctx.foreign(match.start):
            clause = self._on_parse(ctx, match)
        elif match.voice in (None, "nominal"):
            return False  # a noun (or a pattern's match) heads no clause: "no sabe si habrá una reunión"
        else:
            words = re.split(r"[,;:]", ctx.text[match.sentence.start:match.start])[-1].lower().split()[-MAX_WORDS:]
            return any(self._marked(" ".join(words[j:]), marks) for j in range(len(words)))
        return self._marked(FOCUS.sub("", clause), marks)

    def _marked(self, clause: str, marks: tuple[str, ...]) -> bool:
        clause = " ".join(clause.split()) + " "
        return any(clause.startswith(m + " ") for m in marks) and not any(clause.startswith(m) for m in self.not_marks)

    @staticmethod
    def _on_parse(ctx: Context, match: TriggerMatch) -> str:
        """The words of the adverbial clause the trigger verb heads, up to the verb ("" if none)."""
        parsed = ctx.parsed
        verb = next((t for t in parsed.tokens_in(match.start, match.end) if t.pos in VERBAL), None)
        if verb is None or verb.dep != "advcl":
            return ""
        top = verb
        head = parsed.tokens[verb.head]
        if head.pos == "ADV" and head.dep == "advmod":
            top = head  # "(only) as far as Mexico agrees": the mark spans the adverb's phrase
        first = min(subtree(parsed, top.i))
        return ctx.text[parsed.tokens[first].start:verb.start].lower()
