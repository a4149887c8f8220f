"""Status from the dependency parse: what the trigger's own clause says of its event.

In: a :class:`kg.nlp.parsed.Parsed` with a dependency parse, the trigger's character span, its
event type and the cue words of ``kg/data/lexicon.json`` "modality". Out: a :class:`Modality`
(a status or None where the clause says nothing, and whether the clause speaks of the future).

The walk starts at the trigger's root word and climbs its governors within the clause: the
complements of a verb or a noun ("agreed to **meet**", "the possibility of a **meeting**",
"ruled out **talks**") up to the clause's verb, and stops at a clause boundary (a clausal
complement, adverbial or relative clause: "said that …" gives the reported event no status). At
each word, innermost first: a negation ("not", "no", "never", "without") negates, or turns a
refusal into a possibility ("does not rule out a meeting"); a governor's lemma gives its status
("agree", "plan" planned; "propose" proposed; "possibility", "threaten" hypothetical; "refuse",
"rule out" rejected); auxiliaries "will" (planned) and "would", "could", "may" (hypothetical); a
condition ("if", "unless") on the clause, or a conditional adverbial under its verb, makes the
event hypothetical; a clause under "deny" is negated, under "allege" hypothetical.
"""
from __future__ import annotations

from dataclasses import dataclass

from kg.extract.events.syntax import span_root
from kg.nlp.parsed import Parsed, Token

#: the dependencies a walk climbs through: complements and modifiers inside one clause
INSIDE = frozenset({"dobj", "pobj", "prep", "pcomp", "xcomp", "compound", "nmod", "amod", "attr", "appos",
                    "nsubj", "nsubjpass", "npadvmod", "oprd", "dative", "agent", "acomp", "acl", "conj"})
BOUNDARY_OF_REPORT = frozenset({"ccomp"})


@dataclass(frozen=True)
class Modality:
    status: str | None = None  # None: the clause says nothing (occurred, unless its date is ahead)
    future: bool = False  # the clause speaks of the future (which "Thursday", which "April")


@dataclass(frozen=True)
class ModalityCues:
    governors: dict[str, str]  # lemma -> status
    across_clause: dict[str, str]  # lemma of a verb -> status of its clausal complement
    aux: dict[str, str]
    modifiers: dict[str, str]
    conditional: frozenset[str]
    negators: frozenset[str]
    rule_particles: frozenset[str]
    complement_preps: frozenset[str]
    occurrence_verbs: frozenset[str]

    @classmethod
    def from_lexicon(cls, lex: dict) -> ModalityCues:
        m = lex["modality"]

        def inverse(groups: dict) -> dict[str, str]:
            return {w.lower(): status for status, words in groups.items() for w in words}
        return cls(inverse(m["governors"]), inverse(m["across_clause"]), inverse(m["aux"]),
                   inverse(m["modifiers"]), frozenset(m["conditional"]), frozenset(m["negators"]),
                   frozenset(m["rule_particles"]), frozenset(m["complement_preps"]),
                   frozenset(m["occurrence_verbs"]))


class ParseModality:
    def __init__(self, cues: ModalityCues, refusable: frozenset[str]):
        self.cues, self.refusable = cues, refusable

    def of(self, parsed: Parsed, start: int, end: int, etype: str) -> Modality:
        root = span_root(parsed.tokens_in(start, end))
        if root is None:
            return Modality()
        tokens = parsed.tokens
        tok, seen, future, via_conj = root, set(), False, False
        while tok.i not in seen:
            seen.add(tok.i)
            status = self._at(parsed, tok, tok.i == root.i, etype, via_conj)
            if status is not None:
                return Modality(status, status in ("planned", "proposed", "hypothetical") or future)
            future = future or self._aux(parsed, tok) == "planned"
            if tok.dep in INSIDE and tok.head != tok.i:
                if not self._climbs(parsed, tok):
                    break
                via_conj = tok.dep == "conj" and tok.pos in ("VERB", "AUX")
                tok = tokens[tok.head]
                continue
            across = self._across(parsed, tok)
            if across is not None:
                return Modality(across, across == "hypothetical")
            break
        return Modality(None, future)

    def _at(self, parsed: Parsed, tok: Token, is_trigger: bool, etype: str, via_conj: bool) -> str | None:
        """The status one word of the walk gives, or None. A verb reached from its conjunct
        lends it its auxiliaries, not its negation ("did not sign but will meet")."""
        c = self.cues
        neg = not via_conj and self._negated(parsed, tok)
        governs = None if is_trigger else c.governors.get(tok.lemma.lower())
        if governs == "rejected" and tok.lemma.lower() == "rule" and not self._has_particle(parsed, tok):
            governs = None  # "rule" without "out" ("the rule of law")
        if governs == "rejected":
            if neg:
                return "hypothetical"  # "does not rule out a meeting"
            return "rejected" if etype in self.refusable else "negated"
        if neg:
            return "negated"
        if governs is not None:
            return governs
        modifier = self._modifier(parsed, tok)
        if modifier is not None:
            return modifier
        if self._conditional(parsed, tok, etype):
            return "hypothetical"
        aux = self._aux(parsed, tok)
        if aux == "hypothetical" and tok.dep == "ccomp":
            return "planned"  # "said the talks would resume": the future of a report
        return aux

    def _negated(self, parsed: Parsed, tok: Token) -> bool:
        tokens = parsed.tokens
        for c in parsed.children.get(tok.i, []):
            t = tokens[c]
            if t.dep == "neg" or (t.dep == "det" and t.text.lower() in self.cues.negators):
                if t.dep == "neg" and self._followed_by_only(parsed, t):
                    continue  # "not only"
                return True
        head = tokens[tok.head]
        return tok.dep == "pobj" and head.text.lower() == "without"

    @staticmethod
    def _followed_by_only(parsed: Parsed, t: Token) -> bool:
        nxt = parsed.tokens[t.i + 1] if t.i + 1 < len(parsed.tokens) else None
        return nxt is not None and nxt.text.lower() in ("only", "just", "merely")

    def _has_particle(self, parsed: Parsed, tok: Token) -> bool:
        return any(parsed.tokens[c].dep == "prt" and parsed.tokens[c].text.lower() in self.cues.rule_particles
                   for c in parsed.children.get(tok.i, []))

    def _modifier(self, parsed: Parsed, tok: Token) -> str | None:
        if tok.pos not in ("NOUN", "PROPN"):
            return None
        for c in parsed.children.get(tok.i, []):
            t = parsed.tokens[c]
            if t.dep in ("amod", "compound", "nmod") and t.text.lower() in self.cues.modifiers:
                return self.cues.modifiers[t.text.lower()]
        return None

    def _aux(self, parsed: Parsed, tok: Token) -> str | None:
        for c in parsed.children.get(tok.i, []):
            t = parsed.tokens[c]
            if t.dep == "aux" and t.text.lower() in self.cues.aux:
                return self.cues.aux[t.text.lower()]
        return None

    def _conditional(self, parsed: Parsed, tok: Token, etype: str) -> bool:
        """"if they meet" (a condition), or "if …, we will impose tariffs" (its consequence;
        not for the threat that states it)."""
        tokens, cond = parsed.tokens, self.cues.conditional
        for c in parsed.children.get(tok.i, []):
            t = tokens[c]
            if t.dep == "mark" and t.text.lower() in cond:
                return True
            if t.dep == "advcl" and etype != "Threat" and any(
                    tokens[g].dep == "mark" and tokens[g].text.lower() in cond for g in parsed.children.get(c, [])):
                return True
        return False

    def _climbs(self, parsed: Parsed, tok: Token) -> bool:
        """Does the status of ``tok``'s head reach ``tok``? Not through an adjunct ("in a call"),
        not from a verb to its subject unless the verb says the subject happened ("the meeting
        did not take place") or governs it in the passive ("tariffs were ruled out"), not across
        "but"."""
        head = parsed.tokens[tok.head]
        if tok.dep == "prep" and tok.text.lower() not in self.cues.complement_preps:
            return False
        lemma = head.lemma.lower()
        if tok.dep == "nsubj" and lemma not in self.cues.occurrence_verbs:
            return False
        if tok.dep == "nsubjpass" and lemma not in self.cues.occurrence_verbs and lemma not in self.cues.governors:
            return False  # "tariffs were ruled out", "a meeting was proposed": the passive's object
        if tok.dep == "conj":
            return not any(parsed.tokens[c].dep == "cc" and parsed.tokens[c].text.lower() in ("but", "yet")
                           for c in parsed.children.get(tok.head, []) + parsed.children.get(tok.i, []))
        return True

    def _across(self, parsed: Parsed, tok: Token) -> str | None:
        """A clause under "deny" or "allege"."""
        if tok.dep not in BOUNDARY_OF_REPORT or tok.head == tok.i:
            return None
        return self.cues.across_clause.get(parsed.tokens[tok.head].lemma.lower())
