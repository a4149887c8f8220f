"""Event scope: the part of the sentence that belongs to one trigger, and what its subject is.

In: the context and a :class:`kg.extract.records.TriggerMatch`. Out:
:class:`kg.extract.records.EventScope` (character ranges; whether the subject is an anaphor such
as "both officials", a pronoun, or a thing rather than an actor). With a dependency parse: the
trigger's subtree and its verb's, leaving out clauses that hold another trigger, with the
subject found up a chain of conjoined or subordinate verbs; the antecedent of a relative clause.
Without one (or in a sentence of another language): the clause between the neighbouring triggers.
"""
from __future__ import annotations

import re
from dataclasses import replace

from kg.extract.context import Context
from kg.extract.events.described import DescribedSpeakers
from kg.extract.events.implicit import removed_from, removed_from_text
from kg.extract.events.speech import agentless_passive
from kg.extract.events.syntax import CLAUSAL, SUBJECT, VERBAL, merged_ranges, span_root, subjects, subtree
from kg.extract.patterns import Patterns
from kg.extract.records import EventScope, Range, TriggerMatch
from kg.model import ACTOR_TYPES
from kg.nlp.parsed import Token

PERSONAL = re.compile(r"(?:he|she|él|ella)", re.I)
PRONOUN = re.compile(r"\b(?:he|she|it|they|we|i|who|which|that)\b", re.I)
#: the words between a speech verb and its postposed subject ("dijo el ministro del Interior X")
SUBJECT_GAP = re.compile(r"\s+(?:(?:el|la|los|las|the)(?:\s+(?!que\b|that\b)[\w.]+){0,5}\s+)?", re.I)
MEDIUM_PREPS = ("in", "on", "via", "through", "en", "por", "mediante")
#: a described subject right before a speech verb or right after it ("la dependencia subrayó",
#: "detalló el funcionario federal")
DESCRIBED_BEFORE = re.compile(r"\b(?:el|la|los|las|dicha|dicho|esta|este)\s+(?P<head>\w+)(?:\s+[^\W\d]+){0,2}"
                              r"\s*(?:,\s*)?$", re.I)
#: where what a speech verb says starts ("dijo a la prensa que …", "informó la Secretaría que …")
CONTENT = re.compile(r"(?:\s+[^\s\"“«]+){0,8}?\s+que\b", re.I)
LAST_WORD = re.compile(r"\s*[.!]?[\s\"”»]*$")  # nothing but the end of the sentence after the verb
POSTPOSED = re.compile(r",\s*$")
COORDINATED = re.compile(r"\s(?:y|e)\s+$", re.I)
DESCRIBED_AFTER = re.compile(r"\s+(?:el|la|los|las)\s+(?P<head>\w+)\b(?!\s+(?:de|del)\b)", re.I)


class Scope:
    def __init__(self, pat: Patterns):
        self.pat = pat
        self.relative_pronouns = set(pat.lex["relative_pronouns"])
        self.state_verbs = frozenset(pat.lex["state_verbs"])
        self.claim_verbs = frozenset(pat.lex["claim_verbs"])
        #: the first word of a phrase after a speech verb that may name its speaker ("dijo el ministro …")
        self.speaker_heads = frozenset(pat.lex.get("speaker_heads", [])) | {f.split()[0] for f in pat.title_forms} | \
            {h.lower() for h in pat.government_heads}
        self.own_acts = frozenset(pat.lex.get("own_act_verbs", []))
        self.described = DescribedSpeakers.from_lexicon(pat.lex)

    def of(self, ctx: Context, match: TriggerMatch, keep_content: bool = False) -> EventScope:
        """``keep_content``: what a statement says ("claimed that Canada and Mexico …") is about
        its actors, so the verb's clausal complement stays in."""
        toks = ctx.parsed.tokens_in(match.start, match.end)
        if ctx.parsed.has_parse and toks and not ctx.foreign(match.start):
            # "X said that Y …": who is named in what a report verb says does not speak; a verb
            # that claims something of someone ("claimed that Y is afraid") is about Y
            claim = any(t.lemma.lower() in self.claim_verbs for t in toks)
            scope = self._from_parse(ctx, match, toks, keep_content and claim, keep_content and not claim)
            return self._with_agents(scope, removed_from(ctx, toks, match))
        return self._with_agents(self._clause(ctx, match), removed_from_text(ctx, match))

    @staticmethod
    def _with_agents(scope: EventScope, found: tuple[Range, ...]) -> EventScope:
        """"Gang members deported from the United States": the actor in the "from" phrase does it."""
        if not found:
            return scope
        return replace(scope, agents=scope.agents + found, inanimate_subject=False,
                       region=scope.region + tuple(r for r in found if not scope.holds(r.start)))

    def _from_parse(self, ctx: Context, match: TriggerMatch, toks: list[Token], keep_content: bool,
                    drop_content: bool = False) -> EventScope:
        """``drop_content``: a report verb ("said", "stated") — what it says is left out even where
        no other trigger lies in it ('"… China …," he said': China does not speak)."""
        parsed = ctx.parsed
        tokens = parsed.tokens
        block = {t.i for o in match.others for t in parsed.tokens_in(*o)}
        root = span_root(toks) or toks[-1]
        while root.dep == "compound" and root.head != root.i:
            root = tokens[root.head]  # "Operation Northern Border": the name's head noun
        head = tokens[root.head] if root.head != root.i else root
        if root.pos in VERBAL:
            verb = root
        elif root.dep in ("dobj", "nsubjpass", "attr", "oprd") and head.pos in VERBAL:
            verb = head
        else:
            verb = None
        idx = subtree(parsed, root.i, skip=CLAUSAL if verb is root else {"relcl", "ccomp", "advcl"}, block=block)
        if verb is None and root.dep == "pobj" and not self._has_actor(ctx, idx):
            idx |= self._medium_subject(ctx, head, block)
        if verb is not None and verb is not root and verb.lemma not in self.pat.light_verbs and \
                self._own_actor(ctx, root, idx):
            verb = None  # "welcomed X's arrest by police": who welcomed it takes no part
        if verb is None and match.trigger.id.endswith(">threat"):
            idx |= self._speaker_of(ctx, root)
        if verb is None:
            held = self._held(ctx, root, head)
            return EventScope(merged_ranges(parsed, idx | held), patients=merged_ranges(parsed, held))
        content = {"ccomp", "parataxis"} if drop_content and verb is root else None
        idx |= subtree(parsed, verb.i, skip=CLAUSAL - {"ccomp"} if keep_content else CLAUSAL, block=block)
        if content:
            idx -= set().union(set(), *(subtree(parsed, c) for c in parsed.children.get(verb.i, [])
                                        if tokens[c].dep in content))
        if not any(tokens[i].head == verb.i and tokens[i].dep in SUBJECT for i in idx):
            idx |= self._actors_before(ctx, match.sentence, verb)
        agents = self._threatened_by(ctx, verb) if match.type == "Threat" and verb is root else \
            self._announcer(ctx, verb) if verb is root else set()
        subject = self._subject(ctx, verb, idx)  # (its subject's ranges join idx)
        if agents:  # (the described speaker speaks for the measure's actor)
            subject = replace(subject, inanimate_subject=False, agents=merged_ranges(parsed, agents))
        return replace(subject, region=merged_ranges(parsed, idx | agents))

    def _announcer(self, ctx: Context, verb: Token) -> set[int]:
        """"X announced that 5,000 soldiers would be deployed": an agentless passive under an
        own-act verb (lexicon ``own_act_verbs``) is done by the one who announces it."""
        parsed = ctx.parsed
        head = parsed.tokens[verb.head]
        if verb.dep != "ccomp" or head.lemma.lower() not in self.own_acts or not agentless_passive(parsed, verb.i):
            return set()
        found = set().union(set(), *(subtree(parsed, t.i) for t in subjects(parsed, head.i)))
        return found if self._has_actor(ctx, found) else set()

    def _threatened_by(self, ctx: Context, verb: Token) -> set[int]:
        """Who threatens: the verb's subject where it names an actor (not the subject of a
        condition in what was said). "X could impose tariffs, the ambassador warned": a warning
        whose speaker is described, not named (a speaker head: "the ambassador", "a senior
        official"), is made for the actor of the measure it speaks of (its complement's subject)."""
        parsed = ctx.parsed
        subj = subjects(parsed, verb.i)
        own = set().union(set(), *(subtree(parsed, t.i) for t in subj))
        if self._has_actor(ctx, own):
            return own  # ('"If X does not act, we will …," Y warned': Y, not X, threatens)
        if not subj or subj[0].lemma.lower() not in self.speaker_heads:
            return set()  # ("the report warned that …": no one speaks for anyone)
        for c in parsed.children.get(verb.i, []):
            if parsed.tokens[c].dep in ("ccomp", "parataxis"):
                found = set().union(set(), *(subtree(parsed, t.i) for t in subjects(parsed, c)))
                if self._has_actor(ctx, found):
                    return found
        return set()

    def _medium_subject(self, ctx: Context, head: Token, block: set[int]) -> set[int]:
        """"… said in a message on X": the medium of another speech act or of a light verb takes
        that verb's subject; "in response to the threat, Canada …" does not."""
        tokens = ctx.parsed.tokens
        v = tokens[head.head] if head.head != head.i else head
        idx: set[int] = set()
        if head.text.lower() in MEDIUM_PREPS and v.pos in VERBAL and \
                (v.i in block or v.lemma in self.pat.light_verbs):
            for t in subjects(ctx.parsed, v.i):
                idx |= subtree(ctx.parsed, t.i)
        return idx

    @staticmethod
    def _speaker_of(ctx: Context, root: Token) -> set[int]:
        """A measure announced as a threat ("made remarks about a possible intervention"): the
        subject of the verb above the speech noun threatens it."""
        tokens, t = ctx.parsed.tokens, root
        for _ in range(4):
            if t.head == t.i:
                return set()
            t = tokens[t.head]
            if t.pos in VERBAL:
                return set().union(*(subtree(ctx.parsed, s.i) for s in subjects(ctx.parsed, t.i)))
        return set()

    def _own_actor(self, ctx: Context, root: Token, idx: set[int]) -> bool:
        """Does a noun trigger name an actor of its own, as its possessor or after "by"?"""
        tokens = ctx.parsed.tokens
        own = {i for i in idx if tokens[i].head == root.i and (
            tokens[i].dep == "poss" or (tokens[i].dep in ("prep", "agent") and tokens[i].text.lower() == "by"))}
        mine = set().union(*(subtree(ctx.parsed, i) for i in own)) if own else set()
        return self._has_actor(ctx, mine)

    def _held(self, ctx: Context, root: Token, head: Token) -> set[int]:
        """"he remains in detention", "sigue bajo custodia": a noun trigger after a preposition
        of a state verb (``state_verbs``) holds the verb's subject, who undergoes it."""
        tokens = ctx.parsed.tokens
        if root.dep != "pobj" or head.pos != "ADP" or head.head == head.i:
            return set()
        v = tokens[head.head]
        if v.pos not in VERBAL or v.lemma.lower() not in self.state_verbs:
            return set()
        return set().union(*(subtree(ctx.parsed, t.i) for t in subjects(ctx.parsed, v.i)))

    @staticmethod
    def _actors_before(ctx: Context, sentence: Range, verb: Token) -> set[int]:
        """No subject in the parse ("Amid …, X and Y spoke by phone" is often misparsed): the
        actors right before the verb, back to the previous comma."""
        ss = sentence.start
        cut = max(ctx.text.rfind(",", ss, verb.start), ctx.text.rfind(";", ss, verb.start), ss)
        idx: set[int] = set()
        for m in ctx.mentions:
            if m.type in ACTOR_TYPES and cut <= m.span.start and m.span.end <= verb.start:
                idx |= {t.i for t in ctx.parsed.tokens_in(m.span.start, m.span.end)}
        return idx

    def _subject(self, ctx: Context, verb: Token, idx: set[int]) -> EventScope:
        """The verb's subject, looked for up to four verbs up a chain of conjoined, subordinate
        and relative clauses (whose subjects join ``idx``): what kind of subject it is (a scope
        without ranges)."""
        parsed, tokens = ctx.parsed, ctx.parsed.tokens
        anaphor = inanimate = pronoun = False
        v = verb
        for _ in range(4):
            subj = subjects(parsed, v.i)
            subj_idx = set().union(*(subtree(parsed, t.i) for t in subj)) if subj else set()
            subj_text = " ".join(tokens[i].text for i in sorted(subj_idx))
            relative = any(tokens[i].text.lower() in self.relative_pronouns for i in subj_idx)
            if v.dep == "relcl" and (not subj or relative):
                # "the Group, which is scheduled to reconvene", "whose next meeting will be held":
                # the antecedent takes part
                idx |= subtree(parsed, tokens[v.head].i, skip={"relcl", "acl", "appos"})
                break
            if subj:
                pronoun = bool(PERSONAL.fullmatch(subj_text.strip()))
                if self.pat.anaphors.search(subj_text):
                    anaphor = True
                elif not self._has_actor(ctx, subj_idx) and v.i == verb.i and not PRONOUN.search(subj_text):
                    inanimate = True
                break
            if v.head == v.i or v.dep not in ("conj", "advcl", "xcomp", "relcl"):
                break
            v = tokens[v.head]
            for t in subjects(parsed, v.i):
                idx |= subtree(parsed, t.i)
                if self.pat.anaphors.search(" ".join(tokens[i].text for i in subtree(parsed, t.i))):
                    anaphor = True
        return EventScope((), anaphor=anaphor, inanimate_subject=inanimate, pronoun_subject=pronoun)

    def _clause(self, ctx: Context, match: TriggerMatch) -> EventScope:
        """No parse (or a sentence in another language): the clause between the neighbouring
        triggers, and the subject shared with an earlier clause ("la SRE informó, a través de un
        mensaje en X")."""
        s, e = match.start, match.end
        ss, se = match.sentence
        left, right = ss, se
        for o_s, o_e in match.others:
            if o_e <= s:
                left = max(left, o_e)
            if o_s >= e:
                right = min(right, o_s)
        anaphor = bool(self.pat.anaphors.search(ctx.text[left:s]))
        inverted = self._subject_after(ctx, match)
        if match.trigger.type == "Statement":
            left = _after_quote(ctx.text, ss, left, s)  # '"… Cartel de los Soles", indicó …'
            if not self._claims(ctx.text[s:e]):
                content = CONTENT.match(ctx.text, e, right)
                right = content.end() - 3 if content else right  # "dijo que Y …": Y does not speak
            shared = self._shared_speaker(ctx, match, left)
            if shared is not None:
                head = self._described_in(ctx, shared)
                return self._for_described(ctx, match, head, EventScope((shared,), anaphor=anaphor))
            if inverted is None and LAST_WORD.match(ctx.text, e, se) and POSTPOSED.search(ctx.text[ss:s]):
                return EventScope(())  # "…, ya estableceremos las relaciones con X, señaló.": not X
        left = s if inverted is not None else self._clause_start(ctx, left, s)
        region = [Range(left, right)]
        if inverted is None and not any(m.type in ACTOR_TYPES and left <= m.span.start < s for m in ctx.mentions):
            before = [m for m in ctx.mentions if m.type in ACTOR_TYPES and ss <= m.span.start < left
                      and (m.span.start, m.span.end) not in ctx.modifier_spans
                      and not (match.trigger.type == "Statement" and _quoted(ctx.text, ss, m.span.start))]
            if before:
                region.insert(0, Range(before[-1].span.start, before[-1].span.end))
        said = match.trigger.type == "Statement" or (match.trigger.frame is None
                                                     and match.trigger.type == "Communication")
        scope = EventScope(tuple(region), anaphor=anaphor, agents=(inverted,) if inverted else ())
        return self._for_described(ctx, match, self._described(ctx, match, left) if inverted is None and said else None,
                                   scope)

    def _for_described(self, ctx: Context, match: TriggerMatch, head: str | None, scope: EventScope) -> EventScope:
        """A described speaker speaks for the body or person it stands for (the text's latest of
        that kind, :mod:`~kg.extract.events.described`); with none, the statement names no one."""
        if head is None:
            return scope
        found = self.described.antecedent(ctx, head, match.start)
        if found is None:
            return replace(scope, described=True)
        return EventScope((found,), anaphor=scope.anaphor, agents=(found,))

    @staticmethod
    def _shared_speaker(ctx: Context, match: TriggerMatch, left: int) -> Range | None:
        """"X afirmó que Y … y anunció …": a speech verb joined by "y" to the content of the one
        before it shares that one's subject (what stands before the earlier verb), not Y."""
        prev = [o for o in match.others if o.end <= match.start]
        if not prev or not COORDINATED.search(ctx.text[left:match.start]):
            return None
        p = next((o for o in sorted(prev, key=lambda o: -o.end) if CONTENT.match(ctx.text, o.end, match.start)), None)
        if p is None:
            return None
        return Range(_after_quote(ctx.text, match.sentence.start, match.sentence.start, p.start), p.start)

    def _described_in(self, ctx: Context, region: Range) -> str | None:
        """The head of a described speaker the region ends with ("Por otra parte, la autoridad")."""
        m = DESCRIBED_BEFORE.search(ctx.text[region.start:region.end])
        if m is None or m.group("head").lower() not in self.speaker_heads or any(
                x.type in ACTOR_TYPES and region.start + m.start() <= x.span.start < region.end for x in ctx.mentions):
            return None
        return m.group("head")

    def _claims(self, word: str) -> bool:
        """Is a Spanish speech form one of a claim verb ("acusó que …": what it claims is about its actors)?"""
        w = word.lower()
        return any(v.endswith(("ar", "er", "ir")) and w.startswith(v[:-2]) for v in self.claim_verbs)

    def _described(self, ctx: Context, match: TriggerMatch, left: int) -> str | None:
        """"el funcionario federal detalló que …", "…, subrayó la dependencia": the speaker is a
        description (a speaker head, no name in it); the actors named in what was said do not speak."""
        before = DESCRIBED_BEFORE.search(ctx.text[left:match.start])
        after = DESCRIBED_AFTER.match(ctx.text, match.end, match.sentence.end)
        for m, lo, hi in ((before, left, match.start), (after, match.end, match.sentence.end)):
            if m is not None and m.group("head").lower() in self.speaker_heads:
                a, b = (lo + m.start(), match.start) if m is before else (m.start(), m.end())
                if not any(x.type in ACTOR_TYPES and a <= x.span.start < b for x in ctx.mentions):
                    return m.group("head")
        return None

    def _subject_after(self, ctx: Context, match: TriggerMatch) -> Range | None:
        """"…», dijo el presidente X", "informó la Secretaría de Marina": a statement whose
        subject follows it (right away, or after a determiner and a few words, with no
        punctuation or "que" between); what stands before it is what was said, not who said it.
        "instrucciones de X" is no such case (a preposition follows)."""
        if match.trigger.type not in ("Statement", "Threat"):  # ("habló con el titular de X": no subject)
            return None
        after = [m for m in ctx.mentions if m.type in ACTOR_TYPES and match.end <= m.span.start < match.sentence.end]
        if not after:
            return None
        first = min(after, key=lambda m: m.span.start)
        gap = ctx.text[match.end:first.span.start]
        words = gap.split()
        if not SUBJECT_GAP.fullmatch(gap) or (len(words) > 1 and words[1].lower() not in self.speaker_heads):
            return None  # "afirmó las acusaciones de X": X is named in what was said
        end = first.span.end
        for m in sorted(after, key=lambda m: m.span.start):
            if m.span.start > end and re.fullmatch(r",\s*", ctx.text[end:m.span.start]):
                end = m.span.end  # "dijo el canciller de Chile, Ana Ruiz": the apposed name too
        return Range(first.span.start, end)

    @staticmethod
    def _clause_start(ctx: Context, left: int, s: int) -> int:
        """"Atendiendo las instrucciones de X, hoy Y sostuvo una llamada": where an actor stands
        between the last comma or semicolon and the trigger, the clause starts there (what comes
        before is an adjunct or another clause); "El ministro, Ana Ruiz, sostuvo …" has
        none, and keeps its subject from before."""
        cut = max(ctx.text.rfind(",", left, s), ctx.text.rfind(";", left, s))
        if cut < 0:
            return left
        if any(m.type in ACTOR_TYPES and cut < m.span.start and m.span.end <= s
               and (m.span.start, m.span.end) not in ctx.modifier_spans for m in ctx.mentions):
            return cut + 1
        return left

    @staticmethod
    def _has_actor(ctx: Context, idx: set[int]) -> bool:
        tokens = ctx.parsed.tokens
        return any(m.type in ACTOR_TYPES and any(tokens[i].start <= m.span.start < tokens[i].end for i in idx)
                   for m in ctx.mentions)


def _quoted(text: str, start: int, pos: int) -> bool:
    """Is ``pos`` inside a quotation opened after ``start`` ('"Venezuela rechaza …", indicó la
    cancillería': who is named in the quote did not say it)?"""
    seg = text[start:pos]
    return seg.count('"') % 2 == 1 or seg.count("“") > seg.count("”") or seg.count("«") > seg.count("»")


def _after_quote(text: str, ss: int, left: int, s: int) -> int:
    """Past the last quotation closed between ``left`` and the trigger at ``s``."""
    close = max(text.rfind("”", left, s), text.rfind("»", left, s))
    plain = text.rfind('"', left, s)
    if plain >= 0 and text.count('"', ss, plain + 1) % 2 == 0:
        close = max(close, plain)
    return close + 1 if close >= 0 else left
