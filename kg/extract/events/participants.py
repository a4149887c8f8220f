"""Event participants: which actors of the sentence take part in a trigger's event, in which role.

In: the context, a :class:`kg.extract.records.TriggerMatch` and its
:class:`kg.extract.records.EventScope`. Out: a list of :class:`kg.model.Participant`. The actors
are the entity mentions of actor types inside the scope, except those that only qualify a title,
countries that are the place of a physical event ("in Mexico"), a body where a meeting is held
("met at the Foreign Ministry"), the agent of a subordinate clause ("before being cut off by
Judge Y"), who is named in a statement's quoted words and a person who reports an arrest,
seizure or operation ("X dijo que la policía detuvo a …"); with the other members of a
coordinated list one of them is in (:mod:`~kg.extract.events.coordination`). "Both governments"
are the article's two states. A subject pronoun of a reported clause ("X's government said it
rejected", '"We urge …," he said') stands for the reporter; a third-person pronoun, or no actor
at all, for the person the text is about. Roles: the parse's subject initiates and its passive
subject receives; without a parse, an actor before the trigger or after "by"/"por" initiates and
one after "with"/"con"/"to"/"a" receives. Two initiators are both mere participants. The country
a measure targets by a demonym ("tariffs on Mexican imports") receives it
(:mod:`~kg.extract.events.targets`).
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.events.commission import Commissions
from kg.extract.events.coordination import Coordination, quotations, two_states
from kg.extract.events.governments import Governments
from kg.extract.events.groups import EventTypeGroups
from kg.extract.events.syntax import VERBAL, span_root, subjects, subtree
from kg.extract.events.targets import MeasureTargets
from kg.extract.patterns import Patterns
from kg.extract.records import EventScope, TriggerMatch
from kg.model import ACTOR_TYPES, EntityMention, Participant

AGENT = re.compile(r"\b(?:by|por)\s+(?:[\w.]+\s+){0,3}$")
RECIPIENT_BEFORE = re.compile(r"\b(?:with|con|to|a)\s+(?:the\s+|el\s+|la\s+)?$")
OF_BEFORE = re.compile(r"\b(?:of|de)(?:\s+(?:the|la|los|las|el))?\s*$|\bdel\s*$")
#: what may stand between a body and the name in apposition to the title it qualifies:
#: "(SRE)", "de México", "of Canada", then the comma
TO_APPOSED_NAME = re.compile(r"(?:\s*\([^)]{1,20}\))?(?:\s+(?:of|de)\s+[A-ZÁÉÍÓÚ][\w-]+(?:\s+[A-ZÁÉÍÓÚ][\w-]+)*)?"
                             r"\s*,\s*")
PASSIVE_BEFORE = re.compile(r"\b(?:fue|fueron|ha sido|han sido|habían sido|había sido|será|serán|"
                            r"was|were|has been|have been|had been|will be)\s+$", re.I)
POSSESSIVE_BEFORE = re.compile(r"\b(?:his|her|their|su|sus)\s+$", re.I)
RELATIVE_OPENS = re.compile(r"\s*,?\s*(?:quien|quienes|who)\b", re.I)
#: clauses subordinate to another verb, whose passive agent is no party to that verb's event
SUBORDINATE = frozenset({"advcl", "pcomp", "relcl"})
#: what follows a report verb that reports a clause: "dijo que", "señaló este lunes que"
REPORT_THAT = re.compile(r"(?:\s+[^\s.;:]+){0,4}?\s+que\b", re.I)
#: speech events whose quoted words are their content, not their parties
QUOTE_IS_CONTENT = frozenset({"Statement", "Communication"})


#: subjects of a reported clause that stand for the reporter ("X said it rejected …")
SPEAKER_PRONOUNS = frozenset({"it", "we", "i"})
THIRD_PERSON = re.compile(r"\b(?:he|him|she|her|his)\b", re.I)


class Participants:
    def __init__(self, pat: Patterns, groups: EventTypeGroups):
        self.pat, self.groups = pat, groups
        self.commissions = Commissions(pat.lex["commission_cues"])
        self.destination_preps = frozenset(pat.lex["destination_preps"])
        self.venue_preps = frozenset(pat.lex["venue_preps"])
        self.venue_types = frozenset(pat.lex["venue_event_types"])
        self.report_verbs = frozenset(pat.lex["report_verbs"])
        self.report_forms = re.compile(r"\b(?:" + "|".join(re.escape(f) for f in pat.lex["report_verb_forms"]) +
                                       r")\b", re.I)
        self.means_preps = frozenset(pat.lex["means_preps"])
        self.report_form_set = frozenset(f.lower() for f in pat.lex["report_verb_forms"])
        self.credit = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in pat.lex["credit_cues"]) +
                                 r")\s+(?:the\s+|el\s+|la\s+|los\s+|las\s+)?$", re.I)
        self.coordination = Coordination(pat.lex)
        self.targets = MeasureTargets(pat)
        self.governments = Governments(pat)
        self.group_nouns = frozenset(pat.lex["country_group_nouns"])

    def of(self, ctx: Context, match: TriggerMatch, scope: EventScope) -> list[Participant]:
        if match.type == "Demand":
            com = self.commissions.of(ctx, match)
            if com is not None and com.askers:
                # "por instrucciones de X": X asked the main clause's subject
                return [Participant(m, "initiator") for m in com.askers] + \
                    [Participant(m, "recipient") for m in com.asked]
        adjuncts = self.commissions.spans(ctx, match)
        adjuncts = [(a, b) for a, b in adjuncts if not a <= match.start < b and
                    not RELATIVE_OPENS.match(ctx.text, b, match.start)]  # "…de X, quien había pedido"
        actors = [m for m in self._actors(ctx, match, scope)
                  if not any(a <= m.span.start < b for a, b in adjuncts)] or self._noun_verb_subjects(ctx, match)
        actors = self._without_content(ctx, match, actors)
        quotes = quotations(ctx.text, *match.sentence) if match.type in QUOTE_IS_CONTENT else []
        if quotes and not any(a <= match.start < b for a, b in quotes):
            # '"… for China to take countermeasures," he said': who is named in what is said
            # is no party to saying it
            actors = [m for m in actors if not any(a <= m.span.start < b for a, b in quotes)]
        if match.type in self.groups.credited:
            actors = [m for m in actors if not self._reports_it(ctx, match, m)]
        lists = self.coordination.lists(ctx, match.sentence)
        actors = self._with_listed(ctx, match, actors, lists)
        if self.coordination.states_pair(ctx, match, scope):
            # "both governments could reach an agreement": the two states, not the people
            actors = two_states(ctx) + [m for m in actors if m.type not in ("Person", "Country")]
        speakers = self._speakers_of_pronoun(ctx, match)
        actors = speakers + [m for m in actors if m not in speakers]
        held: list[EntityMention] = []
        if scope.pronoun_subject or (not actors and match.type not in self.groups.own_actors):
            # "she has consistently rejected them": the person the text is about
            referent = self._pronoun_referent(ctx, match, scope)
            if any(THIRD_PERSON.search(ctx.text[a:b]) for a, b in scope.patients) or (
                    match.type in self.groups.possessor_undergoes and
                    POSSESSIVE_BEFORE.search(ctx.text[max(0, match.start - 8):match.start])):
                held = referent  # "where he remains in detention", "during his arrest"
            actors = referent + actors
        held += [m for m in actors if any(a <= m.span.start < b for a, b in scope.patients)]
        held += self._passive_subjects(ctx, match, scope, actors)
        held += [m for chain in lists if any(h in chain for h in held) for m in chain
                 if m in actors and m not in held]  # "X and Y were arrested": both
        agents = [m for m in actors if any(a <= m.span.start < b for a, b in scope.agents)] + speakers
        parts = self._roles(ctx, match, actors, held, agents)
        if match.type in self.groups.credited and not any(p.role == "initiator" for p in parts):
            known = {p.mention.name or p.mention.span.text for p in parts}
            parts += [Participant(m, "initiator") for m in self._reported_by(ctx, match)
                      if (m.name or m.span.text) not in known]
        held_ids = {p.mention.gazetteer_id or p.mention.name or p.mention.span.text for p in parts}
        parts += [Participant(m, "participant") for m in self.governments.also(ctx, [p.mention for p in parts])
                  if (m.gazetteer_id or m.name or m.span.text) not in held_ids]  # "the Hollis administration"
        held_ids = {p.mention.gazetteer_id or p.mention.name or p.mention.span.text for p in parts}
        return parts + [Participant(m, "recipient") for m in self.targets.of(ctx, match)
                        if m.gazetteer_id not in held_ids]  # "tariffs on Mexican imports"

    def _speakers_of_pronoun(self, ctx: Context, match: TriggerMatch) -> list[EntityMention]:
        """"X's government said it rejected …", "'We urge Y to …,' he said": the subject of a
        clause reported by a report verb is a pronoun standing for that verb's subject (the
        possessor too: X); a "he"/"she" there is the latest person who was a subject. A noun
        trigger counts as the clause of the verb whose object it is ("X announced that it will
        be implementing a tariff")."""
        if not ctx.parsed.has_parse or ctx.foreign(match.start):
            return []
        parsed, tokens = ctx.parsed, ctx.parsed.tokens
        t = span_root(parsed.tokens_in(match.start, match.end))
        if t is not None and t.pos not in VERBAL and t.dep == "dobj":
            t = tokens[t.head]  # "… said it will be implementing a tariff": the verb of the noun
        pron = {u.text.lower() for u in subjects(parsed, t.i)} & SPEAKER_PRONOUNS if t is not None else set()
        if not pron or (pron == {"we"} and match.type in self.groups.own_actors):
            return []  # "we agreed": the speaker and someone else, as in the call before
        if t.dep not in ("ccomp", "parataxis") or t.head == t.i:
            return []
        verb = tokens[t.head]
        if verb.pos not in VERBAL or verb.lemma.lower() not in self.report_verbs:
            return []
        subj = subjects(parsed, verb.i)
        if len(subj) == 1 and THIRD_PERSON.fullmatch(subj[0].text):
            return self._latest_subject_person(ctx, match.sentence.start)
        spans = [(tokens[min(subtree(parsed, u.i))].start, tokens[max(subtree(parsed, u.i))].end) for u in subj]
        return [m for m in ctx.mentions if m.type in ACTOR_TYPES and any(a <= m.span.start < b for a, b in spans)
                and (m.span.start, m.span.end) not in ctx.modifier_spans and not self._glosses_title(ctx, m)]

    def _noun_verb_subjects(self, ctx: Context, match: TriggerMatch) -> list[EntityMention]:
        """A noun trigger with no actor in its scope, the object of a verb or of its preposition of
        means (lexicon means_preps: "the last time the United States came to Mexico with an
        intervention", "X carried out a raid"): the actors of that verb's subject."""
        if not ctx.parsed.has_parse or ctx.foreign(match.start):
            return []
        tokens = ctx.parsed.tokens
        t = span_root(ctx.parsed.tokens_in(match.start, match.end))
        if t is None or t.pos in VERBAL or t.head == t.i:
            return []
        if t.dep == "pobj" and tokens[t.head].dep == "prep" and tokens[t.head].text.lower() in self.means_preps:
            t = tokens[t.head]  # "came … with an intervention", not "Following X's statements, Y …"
        if t.dep not in ("dobj", "prep") or tokens[t.head].pos not in VERBAL:
            return []
        spans = [(tokens[min(subtree(ctx.parsed, u.i))].start, tokens[max(subtree(ctx.parsed, u.i))].end)
                 for u in subjects(ctx.parsed, t.head)]
        found = [m for m in ctx.mentions if m.type in ACTOR_TYPES and any(a <= m.span.start < b for a, b in spans)
                 and (m.span.start, m.span.end) not in ctx.modifier_spans and not self._glosses_title(ctx, m)]
        return [m for m in found if not self._modifies_actor(ctx, match, m, found)]

    @staticmethod
    def _latest_subject_person(ctx: Context, ss: int) -> list[EntityMention]:
        """The latest person who was a subject, in this sentence or the two before it."""
        far = ss
        for _ in range(2):
            far = ctx.parsed.sentence_of(max(0, far - 1))[0] if far > 0 else far
        subj = [m for m in ctx.mentions if m.type == "Person" and far <= m.span.start < ss
                and getattr(span_root(ctx.parsed.tokens_in(m.span.start, m.span.end)), "dep", None)
                in ("nsubj", "nsubjpass")]
        return subj[-1:]

    def _with_listed(self, ctx: Context, match: TriggerMatch, actors: list[EntityMention],
                     lists: list[list[EntityMention]]) -> list[EntityMention]:
        """The actors and the other members of a list one of them is in (the parse may hang the
        end of a long list elsewhere: "an operation involving the X (ABC), the Y and the Z")."""
        out = list(actors)
        for chain in lists:
            if any(m in actors for m in chain):
                out += [m for m in chain if m not in out and not (
                    m.type == "Country" and self._country_is_place(ctx, match, m.span.start))]
        return sorted(out, key=lambda m: m.span.start)

    def _without_content(self, ctx: Context, match: TriggerMatch, actors: list[EntityMention]) -> list[EntityMention]:
        """Without a parse: "dijo que aún no tiene contacto con el sucesor de X": who is named in
        what a verb of saying (report_verb_forms, no claim verb) says after "que" does not speak."""
        if match.type != "Statement" or (ctx.parsed.has_parse and not ctx.foreign(match.start)) or \
                ctx.text[match.start:match.end].lower() not in self.report_form_set:
            return actors
        that = REPORT_THAT.match(ctx.text, match.end)
        return actors if that is None else [m for m in actors if m.span.start < that.end()]

    def _reports_it(self, ctx: Context, match: TriggerMatch, m: EntityMention) -> bool:
        """Without a parse: "X dijo que la policía detuvo a Y", "X señaló que se incrementaron las
        incautaciones": a person before a report verb and "que" that come before the trigger
        reports the act, and takes no part in it."""
        if m.type != "Person" or m.span.end > match.start or (ctx.parsed.has_parse and not ctx.foreign(match.start)):
            return False
        for f in self.report_forms.finditer(ctx.text, m.span.end, match.start):
            if REPORT_THAT.match(ctx.text, f.end()) and not re.search(r"[.;]", ctx.text[m.span.end:f.start()]):
                return True
        return False

    def _reported_by_words(self, ctx: Context, match: TriggerMatch) -> list[EntityMention]:
        """Without a parse: "…, informó la Fiscalía", "la Marina informó que …": a body right
        before or after a report verb of the trigger's sentence."""
        ss, se = match.sentence
        bodies = [m for m in ctx.mentions if m.type in ACTOR_TYPES and m.type != "Person"
                  and ss <= m.span.start < se]
        out = []
        for f in self.report_forms.finditer(ctx.text, ss, se):
            for m in bodies:
                gap = ctx.text[m.span.end:f.start()] if m.span.end <= f.start() else ctx.text[f.end():m.span.start]
                if len(gap) <= 12 and not re.search(r"[,;:.]", gap) and m not in out:
                    out.append(m)
        return out

    @staticmethod
    def _passive_subjects(ctx: Context, match: TriggerMatch, scope: EventScope,
                          actors: list[EntityMention]) -> list[EntityMention]:
        """Without a parse: "X fue extraditado", "X were deported": the actors of the trigger's
        own clause before a passive participle undergo the event."""
        if (ctx.parsed.has_parse and not ctx.foreign(match.start)) or \
                not PASSIVE_BEFORE.search(ctx.text[max(0, match.start - 20):match.start]):
            return []
        own = next((r for r in scope.region if r[0] <= match.start < r[1]), None)
        return [m for m in actors if own is not None and own[0] <= m.span.start and m.span.end <= match.start]

    def _reported_by(self, ctx: Context, match: TriggerMatch) -> list[EntityMention]:
        """"Police arrested X, the Interior Ministry said": the body (not a person) whose report
        verb governs the trigger's clause is credited with an event that names no agent."""
        if not ctx.parsed.has_parse or ctx.foreign(match.start):
            return self._reported_by_words(ctx, match)
        tokens = ctx.parsed.tokens
        t = span_root(ctx.parsed.tokens_in(match.start, match.end))
        for _ in range(3):
            if t is None or t.head == t.i or t.dep not in ("ccomp", "parataxis", "conj", "dobj", "nsubjpass"):
                return []
            t = tokens[t.head]
            if t.pos in VERBAL and t.lemma.lower() in self.report_verbs:
                subj = [u for u in subjects(ctx.parsed, t.i)]
                spans = [(tokens[min(subtree(ctx.parsed, u.i))].start, tokens[max(subtree(ctx.parsed, u.i))].end)
                         for u in subj]
                return [m for m in ctx.mentions if m.type in ACTOR_TYPES and m.type != "Person"
                        and any(a <= m.span.start < b for a, b in spans)]
        return []

    def _actors(self, ctx: Context, match: TriggerMatch, scope: EventScope) -> list[EntityMention]:
        ss, se = match.sentence
        found = [m for m in ctx.mentions
                if m.type in ACTOR_TYPES and (ss <= m.span.start < se or scope.acts(m.span.start))
                and (m.span.start, m.span.end) not in ctx.modifier_spans
                and not (m.type == "Country" and self._country_is_place(ctx, match, m.span.start)
                         and not scope.acts(m.span.start))
                and not self._venue(ctx, match, m)
                and not self._agent_of_other_clause(ctx, match, m)
                and not self._glosses_title(ctx, m)
                and not self._qualifies_apposed_person(ctx, m)
                and scope.holds(m.span.start)]
        return [m for m in found if not self._modifies_actor(ctx, match, m, found)]

    @staticmethod
    def _modifies_actor(ctx: Context, match: TriggerMatch, m: EntityMention, found: list[EntityMention]) -> bool:
        """"President Ana Ruiz of Chile", "DEA Director Paul Brenner", "X, a leader of the
        Red Viper Cartel", "the minister's aide Rui Costa": in the parse, a mention under another actor's name (before any verb or
        the trigger, not merely coordinated with it) only says who that actor is."""
        if not ctx.parsed.has_parse or ctx.foreign(match.start):
            return False
        tokens = ctx.parsed.tokens
        owner = {t.i: x for x in found if x is not m for t in ctx.parsed.tokens_in(x.span.start, x.span.end)}
        trig = {t.i for t in ctx.parsed.tokens_in(match.start, match.end)}
        t = span_root(ctx.parsed.tokens_in(m.span.start, m.span.end))
        deps: set[str] = set()
        for _ in range(6):
            if t is None or t.head == t.i or t.i in trig:
                return False
            deps.add(t.dep)
            t = tokens[t.head]
            if t.i in trig or t.pos in VERBAL:
                return False
            if t.i in owner:  # "the State Department's Bureau …": both act
                keep = {"conj", "appos", "cc"} | ({"poss", "case"} if owner[t.i].type != "Person" else set())
                return bool(deps - keep)
        return False

    @staticmethod
    def _qualifies_apposed_person(ctx: Context, m: EntityMention) -> bool:
        """"el titular de la Secretaría de Seguridad (SSPC), Ana Ruiz", "the head of the Justice
        Department, John Smith": a body after "of"/"de" in a title whose holder is named right
        after it only says whose title it is."""
        if m.type not in ("Ministry", "Agency", "InternationalOrganization"):
            return False
        before = ctx.text[:m.span.start].rstrip()
        if before.endswith("("):  # "(SSPC)" after the body's name: as the name goes
            end = len(before[:-1].rstrip())
            full = next((x for x in ctx.mentions if x.span.end == end and x is not m), None)
            return full is not None and Participants._qualifies_apposed_person(ctx, full)
        if not OF_BEFORE.search(ctx.text[max(0, m.span.start - 12):m.span.start]):
            return False
        gap = TO_APPOSED_NAME.match(ctx.text, m.span.end)
        return gap is not None and any(x.type == "Person" and x.span.start == gap.end() and
                                       x.extractor != "pattern:title-reference" for x in ctx.mentions)

    @staticmethod
    def _glosses_title(ctx: Context, m: EntityMention) -> bool:
        """"el ministro del Interior (@MinInterior), Ana Ruiz": a body's handle in brackets after a
        title, not after a name, only says whose title it is."""
        if m.type == "Person" or not m.span.text.startswith("@"):
            return False
        before = ctx.text[:m.span.start].rstrip()
        if not before.endswith("("):
            return False
        end = len(before[:-1].rstrip())
        return not any(x.span.end == end and x.extractor != "pattern:title-reference" for x in ctx.mentions)

    def _country_is_place(self, ctx: Context, match: TriggerMatch, start: int) -> bool:
        if match.type in self.groups.destination_takes_part and self._after_destination_prep(ctx.text, start):
            return False  # "extradited to the United States": the receiving country takes part
        before = [w.lower() for w in ctx.text[max(0, start - 40):start].split()]
        before = before[:-1] if before[-1:] in (["the"], ["la"], ["el"]) else before
        if before[-3:-1] and before[-1] in ("in", "en") and before[-2] in self.group_nouns:
            return False  # "Authorities in the Dominican Republic seized …": that state's
        if match.type in self.groups.physical and self.pat.after_place_prep(ctx.text, start):
            return True
        before = [w for w in ctx.text[max(0, start - 12):start].split() if w.lower() not in ("the", "la", "el")]
        return before[-1:] in (["in"], ["en"], ["within"], ["into"])

    @staticmethod
    @staticmethod
    def _agent_of_other_clause(ctx: Context, match: TriggerMatch, m: EntityMention) -> bool:
        """"X said …, before being cut off by Judge Y", "the raid, which was condemned by Y and
        Z": on the parse, who is under the agent ("by") of a passive verb of a subordinate clause
        (not the trigger) does that clause's act, not the trigger's."""
        if not ctx.parsed.has_parse or ctx.foreign(match.start):
            return False
        tokens = ctx.parsed.tokens
        trig = {x.i for x in ctx.parsed.tokens_in(match.start, match.end)}
        t = span_root(ctx.parsed.tokens_in(m.span.start, m.span.end))
        by = False
        for _ in range(8):
            if t is None or t.head == t.i or t.i in trig:
                return False
            by = by or t.dep == "agent"
            t = tokens[t.head]
            if t.pos in VERBAL:
                return by and t.i not in trig and t.dep in SUBORDINATE
        return False

    def _venue(self, ctx: Context, match: TriggerMatch, m: EntityMention) -> bool:
        """"met at the Foreign Ministry with X": a body after a preposition of place is where a
        meeting is held."""
        if match.type not in self.venue_types or m.type in ("Person", "Country"):
            return False
        before = ctx.text[max(0, m.span.start - 16):m.span.start].split()
        if before and before[-1].lower() in ("the", "la", "el", "los", "las"):
            before = before[:-1]
        return bool(before) and before[-1].lower() in self.venue_preps

    def _after_destination_prep(self, text: str, start: int) -> bool:
        before = text[max(0, start - 16):start].split()
        if before and before[-1].lower() in ("the", "la", "el", "los", "las"):
            before = before[:-1]
        return bool(before) and before[-1].lower() in self.destination_preps

    @staticmethod
    def _pronoun_referent(ctx: Context, match: TriggerMatch, scope: EventScope) -> list[EntityMention]:
        """'transport him to New York, where he remains in detention': the last person named."""
        s, ss = match.start, match.sentence.start
        text = " ".join(ctx.text[a:b] for a, b in scope.region) + " " + ctx.text[max(ss, s - 40):s]
        if not THIRD_PERSON.search(text):
            return []
        here = [m for m in ctx.mentions if m.type == "Person" and ss <= m.span.start < s]
        if here:
            return Participants._antecedent(ctx, match, scope, here)
        prev_start = ctx.parsed.sentence_of(max(0, ss - 1))[0] if ss > 0 else ss
        before = [m for m in ctx.mentions if m.type == "Person" and prev_start <= m.span.start < ss]
        if ctx.parsed.has_parse and not ctx.foreign(match.start):
            # "X was arrested in … He was listed among … Following his capture, he …": the
            # latest person who was a subject, two sentences back at most
            far = ctx.parsed.sentence_of(max(0, prev_start - 1))[0] if prev_start > 0 else prev_start
            subj = [m for m in ctx.mentions if m.type == "Person" and far <= m.span.start < ss
                    and getattr(span_root(ctx.parsed.tokens_in(m.span.start, m.span.end)), "dep", None)
                    in ("nsubj", "nsubjpass")]
            if subj:
                return subj[-1:]
        return before[:1]

    @staticmethod
    def _antecedent(ctx: Context, match: TriggerMatch, scope: EventScope,
                    here: list[EntityMention]) -> list[EntityMention]:
        """Which person of the sentence a third-person pronoun of the scope stands for. A subject
        pronoun takes the first person who is a subject ("While Ferrer confirmed …, she rejected
        …"); an object pronoun, or one with no subject person before it, the nearest person
        before it ("to capture X and transport him"). Without a parse: the first person."""
        if not ctx.parsed.has_parse or ctx.foreign(match.start):
            return here[:1]
        pron = next((t for a, b in scope.region for t in ctx.parsed.tokens_in(a, b)
                     if THIRD_PERSON.fullmatch(t.text)), None)
        if pron is None:
            return here[:1]
        before = [m for m in here if m.span.end <= pron.start]
        if pron.dep in ("nsubj", "nsubjpass"):
            subj = [m for m in before if getattr(span_root(ctx.parsed.tokens_in(m.span.start, m.span.end)),
                                                 "dep", None) in ("nsubj", "nsubjpass")]
            if subj:
                return subj[:1]
        return before[-1:] or here[:1]

    def _roles(self, ctx: Context, match: TriggerMatch, actors: list[EntityMention],
               held: list[EntityMention] = (), agents: list[EntityMention] = ()) -> list[Participant]:
        roles: list[tuple[EntityMention, str]] = []
        seen = set()
        for m in actors:
            key = m.name or m.gazetteer_id or m.span.text
            if key not in seen:
                seen.add(key)
                role = "recipient" if any(m is h for h in held) else \
                    "initiator" if any(m is a for a in agents) else self._role(ctx, match, m)
                roles.append((m, role))
        if sum(role == "initiator" for _, role in roles) > 1:
            sole = agents[0] if len(agents) == 1 else None  # (a scope's one agent stays the initiator)
            roles = [(m, "participant" if role == "initiator" and m is not sole else role) for m, role in roles]
        return [Participant(m, role) for m, role in roles]

    def _role(self, ctx: Context, match: TriggerMatch, m: EntityMention) -> str:
        s = match.start
        before = ctx.text[max(0, m.span.start - 10):m.span.start].lower()
        agent = AGENT.search(ctx.text[max(s, m.span.start - 40):m.span.start])
        dep = self._dep_to_trigger(ctx, m, match)
        if dep == "nsubjpass":
            return "recipient"  # "Guzmán was arrested"
        if self.credit.search(ctx.text[max(0, m.span.start - 30):m.span.start]):
            return "initiator"  # "according to the Defence Ministry"
        if dep == "dobj" and match.type in self.groups.credited:
            return "recipient"  # "police arrested X"
        if match.type in self.groups.possessor_undergoes and (dep == "poss" or self._of_trigger(ctx, m, match)):
            return "recipient"  # "X's arrest", "the extradition of X", "la detención de X"
        if dep == "nsubj" or m.span.end <= s or agent:
            return "initiator"  # also "…," said Secretary of State X
        if RECIPIENT_BEFORE.search(before):
            return "recipient"
        return "participant"

    @staticmethod
    def _of_trigger(ctx: Context, m: EntityMention, match: TriggerMatch) -> bool:
        """Is the mention the complement of "of"/"de" right after the trigger?"""
        between = ctx.text[match.end:m.span.start].lower().split()
        return 1 <= len(between) <= 6 and between[0] in ("of", "de", "del") and \
            not any(w in ("by", "por", "to", "a", ",") for w in between)

    @staticmethod
    def _dep_to_trigger(ctx: Context, m: EntityMention, match: TriggerMatch) -> str | None:
        """The dependency of the mention's head on the trigger (or on the verb whose object the
        trigger is), where the article has a parse."""
        if not ctx.parsed.has_parse or ctx.foreign(match.start):
            return None
        toks = ctx.parsed.tokens_in(m.span.start, m.span.end)
        trig = {t.i for t in ctx.parsed.tokens_in(match.start, match.end)}
        if not toks or not trig:
            return None
        head = span_root(toks) or toks[-1]
        tokens = ctx.parsed.tokens
        governors = set(trig) | {tokens[i].head for i in trig if tokens[i].dep in ("dobj", "nsubjpass")}
        return head.dep if head.head in governors else None
