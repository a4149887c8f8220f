"""Event status: what the trigger's own clause says of its event, and its date against publication.

In: the context, a :class:`kg.extract.records.TriggerMatch`. Out: a
:class:`kg.extract.events.modality.Modality` (the clause's status, or None, and whether it speaks
of the future: the tense that decides which "Thursday" a date means), then the status
(:data:`kg.model.STATUSES`) once the event's time is known: where the clause says nothing, an
event dated after the publication date is planned, else it occurred.

With an English parse the clause is read from the dependency tree
(:mod:`kg.extract.events.modality`). Without one (Spanish by default, and sentences in the other
language) :class:`ClauseRules` read the clause as the text between the clause breaks around the
trigger (commas, "que", "y", "pero" …: ``kg/data/lexicon.json`` "modality" "es_clause_breaks")
and look at the words before the trigger: "rather than" / "en lugar de" (negated); a refusal
("descartó", "rechaza"; negated itself, "no descarta", a possibility); a negator close before
the trigger ("no", "nunca", "sin") or a negative quantifier in the clause ("ninguna de las
partes … compromisos"); conditional forms ("podría", "-rían", "si" opening the clause:
hypothetical); proposals ("propuso"); plans ("va a", "planea", "acordaron") and future verb
forms ("se reunirá", "-rán": planned).
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.events.groups import EventTypeGroups
from kg.extract.events.modality import Modality, ModalityCues, ParseModality
from kg.extract.patterns import alt, any_word
from kg.extract.records import TriggerMatch
from kg.model import TimeValue

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
NEAR_WORDS = 6  # a negator this many words before the trigger at most
CLAUSE_WORDS = 12
GERUND = ("ando", "iendo", "yendo")
LIST_NEGATION = re.compile(r"\b(?:ni|nor)\b", re.I)  # the cue words of a clause are looked for this far before the trigger


class ClauseRules:
    """Status from the words of the trigger's clause, for text without a parse."""

    def __init__(self, lex: dict, groups: EventTypeGroups):
        m, cues, neg = lex["modality"], lex["status_cues"], lex["negation"]
        ci = {"ignore_case": True}
        self.refusable = groups.refusable
        self.breaks = re.compile("|".join(re.escape(b) for b in m["es_clause_breaks"]))
        self.instead = re.compile(rf"\b(?:{alt(neg['instead'], **ci)})\s+$", re.I)
        self.negators = frozenset(w.lower() for w in m["es_negators"] + neg["negators"]) - {"ni", "nor", "neither"}
        self.quantifier = any_word(m["es_quantifiers"] + neg["quantifiers"])
        self.not_negating = any_word(m["es_not_negating"] + ["not only", "not just"])
        es = m["es_cues"]
        self.rejected = re.compile(rf"(?<!\w)(?:{alt(es['rejected'] + cues['rejected'], **ci)}|"
                                   rf"(?:{alt(neg['refusal_stems'], **ci)})\w*|{alt(neg['refusal_phrases'], **ci)})(?!\w)",
                                   re.I)
        self.cue = {status: any_word(es[status] + cues.get(status, [])) for status in ("hypothetical", "proposed", "planned")}
        self.cond_words = frozenset(m["es_conditional_words"])
        self.cond_end = tuple(m["es_conditional_endings"])
        self.future_end = tuple(m["es_future_endings"])
        self.conditional = frozenset(m["conditional"])
        self.alleged = frozenset(m["alleged_adjectives"])
        self.purpose = re.compile(rf"^\s*(?:{alt(m['purpose'], **ci)})\s", re.I)
        self.condition_before = re.compile(rf"(?:^|[,;:«“\"(]\s*)(?:{alt(m['conditional'], **ci)})\s(?!bien\b)", re.I)
        self.across = [(status, re.compile(rf"(?<!\w)(?:{alt(words, **ci)})\s+(?:que|that)\s+$", re.I))
                       for status, words in m["es_across_clause"].items()]

    def of(self, ctx: Context, match: TriggerMatch) -> Modality:
        before, trig = self._clause_before(ctx, match), ctx.text[match.start:match.end]
        words = [w.lower() for w in WORD.findall(before)]
        if self.instead.search(before):
            return Modality("negated")
        report = ctx.text[max(match.sentence.start, match.start - len(before) - 40):match.start - len(before)]
        for status, pattern in self.across:
            if pattern.search(report):
                return Modality(status)  # "negó que hubiera una reunión"
        refusal = list(self.rejected.finditer(before))
        if refusal and match.type != "Rejection":
            if self._negator_in(before[:refusal[-1].start()], 3):
                return Modality("hypothetical", True)  # "no descarta una reunión"
            return Modality("rejected" if match.type in self.refusable else "negated")
        reach = NEAR_WORDS + 2 * before.count(",") if LIST_NEGATION.search(before + trig) else NEAR_WORDS
        if (self._negator_in(before, reach) or self.quantifier.search(before)) \
                and not self.not_negating.search(before):
            if self._open_question(words):
                return Modality("hypothetical")  # "no supe si se dio esta conversación"
            return Modality("negated")
        if any(w in self.alleged for w in words[-2:]):
            return Modality("hypothetical")  # "el presunto encuentro"
        near = words[-CLAUSE_WORDS:] + [w.lower() for w in WORD.findall(trig)]
        if self.purpose.search(before):  # "viajarán a Washington, para sostener reuniones"
            near = [w.lower() for w in WORD.findall(self._clause_before(ctx, match, len(before)))][-CLAUSE_WORDS:] + near
        if any(self._conditional_form(w) for w in near) or (words[:1] and words[0] in self.conditional) or \
                self.condition_before.search(ctx.text[match.sentence.start:match.start]):
            return Modality("hypothetical", True)  # "si no actúa, impondrá aranceles"
        tail = " ".join(before.split()[-CLAUSE_WORDS:])
        for status in ("hypothetical", "proposed", "planned"):
            if self.cue[status].search(tail):
                return Modality(status, True)
        if match.type == "Rejection":  # "no aceptará": a refusal made now, of the future
            near = near[:len(near) - len(WORD.findall(trig))]
        if any(self._future_form(w) and not (nxt.endswith(GERUND)) for w, nxt in zip(near, near[1:] + [""])):
            return Modality("planned", True)  # "se reunirán"; not "seguirá pagando"
        return Modality()

    def _clause_before(self, ctx: Context, match: TriggerMatch, skip: int = 0) -> str:
        """The clause's text before the trigger (with ``skip``, before that many characters
        preceding it: the clause before the trigger's). A list closed by "ni" / "nor" shares the
        negation that opens it ("no se mencionaron plazos, operativos ni acuerdos"): its commas
        break no clause."""
        ss, se = match.sentence
        before = ctx.text[ss:max(ss, match.start - skip)]
        before = before.rstrip(" ,;:") if skip else before
        rest = ctx.text[match.end:se]
        after = rest[:next((m.start() for m in self.breaks.finditer(rest) if m.group(0) != ","), len(rest))]
        in_list = bool(LIST_NEGATION.search(after)) or bool(LIST_NEGATION.search(before[-60:]))
        cut = 0
        for m in self.breaks.finditer(before):
            if m.end() < len(before) and not (in_list and m.group(0) == ","):
                cut = m.end()
        return before[cut:]

    def _negator_in(self, text: str, last: int) -> bool:
        """A negator among the ``last`` words of ``text``."""
        return any(w.lower() in self.negators for w in WORD.findall(text)[-last:])

    def _open_question(self, words: list[str]) -> bool:
        """"si" / "whether" after the last negator: the negation is of knowing, not of the event."""
        last = max((i for i, w in enumerate(words) if w in self.negators), default=-1)
        return any(w in self.conditional for w in words[last + 1:])

    def _conditional_form(self, w: str) -> bool:
        return w in self.cond_words or (len(w) > 5 and w.endswith(self.cond_end))

    def _future_form(self, w: str) -> bool:
        return len(w) > 4 and w.endswith(self.future_end) and w not in ("atrás", "detrás")


class Status:
    def __init__(self, lex: dict, groups: EventTypeGroups):
        self.parse = ParseModality(ModalityCues.from_lexicon(lex), groups.refusable)
        self.rules = ClauseRules(lex, groups)
        self.instead = self.rules.instead

    def modality(self, ctx: Context, match: TriggerMatch) -> Modality:
        """What the trigger's clause says: from the parse where the sentence has one."""
        if ctx.parsed.has_parse and not ctx.foreign(match.start):
            ss = match.sentence.start
            if self.instead.search(ctx.text[max(ss, match.start - 40):match.start]):
                return Modality("negated")  # "rather than agree to joint operations"
            return self.parse.of(ctx.parsed, match.start, match.end, match.type)
        return self.rules.of(ctx, match)

    @staticmethod
    def of(ctx: Context, modality: Modality, time: TimeValue | None) -> str:
        if modality.status is not None:
            return modality.status
        anchor = ctx.anchor
        if time and time.value and anchor.date and anchor.kind == "published":
            lo, _ = time.bounds
            if lo > anchor.date:
                return "planned"
        return "occurred"
