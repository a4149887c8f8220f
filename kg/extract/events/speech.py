"""Speech that announces the speaker's own act: "Brazil announced tariffs on steel", "the government
said it rejected the law", "Perú anunció que impondrá aranceles".

In: the context, a Statement's trigger match and the matches of the other events of its
sentence that were kept (not negated). Out: whether the statement only announces one of those
events by the speaker itself; then the announced event is the fact and no separate Statement
is made. Reported speech about someone else's act ("X said that Y arrested Z") keeps both.
With a parse: the other trigger lies in the verb's object or complement clause, as a noun or as
a verb without a subject of its own or with a pronoun subject. Without one (Spanish by default):
the other trigger follows within a few words, after "que" or as the object, with no actor named
in between.
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.events.syntax import subjects
from kg.extract.records import TriggerMatch
from kg.model import ACTOR_TYPES

OWN_CLAUSE = ("ccomp", "dobj", "xcomp")
PRONOUN = re.compile(r"(?:it|they|he|she|we|i|itself|themselves)", re.I)
#: between a speech verb and the speaker's own act: "que" and clitics or auxiliaries before a verb
#: ("dijo que no aceptará", "anunció que se impondrán"), determiners before a noun object
#: ("anunció nuevos aranceles")
BEFORE_VERB = re.compile(r"^[\s,]*(?:que|that)\s+(?:(?:se|lo|la|le|les|los|las|no|ya|va a|van a|ha|han|"
                         r"habría|it|they|he|she|we|will|would|had|has|have|was|were|is|are)\s+)*$", re.I)
BEFORE_NOUN = re.compile(r"^\s*(?:(?:la|el|los|las|un|una|unos|unas|su|sus|nuev[oa]s?|the|a|an|its|their|his|"
                         r"her|new|additional)\s+)*(?:\S+\s+)?$", re.I)
MAX_GAP = 60


def announces_own(ctx: Context, say: TriggerMatch, others: list[TriggerMatch],
                  light_verbs: frozenset[str] = frozenset(), own_acts: frozenset[str] = frozenset()) -> bool:
    """``light_verbs``: verbs whose object is the act itself ("said he held a phone call with");
    ``own_acts``: verbs whose agentless passive complement is the speaker's act ("announced that
    troops would be deployed")."""
    if ctx.parsed.has_parse and not ctx.foreign(say.start):
        return _on_parse(ctx, say, others, light_verbs, own_acts)
    return _on_text(ctx, say, others)


def _on_parse(ctx: Context, say: TriggerMatch, others: list[TriggerMatch], light_verbs: frozenset[str],
              own_acts: frozenset[str]) -> bool:
    parsed = ctx.parsed
    toks = parsed.tokens_in(say.start, say.end)
    verb = next((t for t in toks if t.pos in ("VERB", "AUX")), None)
    if verb is None:
        return False
    under = {c for c in parsed.children.get(verb.i, []) if parsed.tokens[c].dep in OWN_CLAUSE}
    for o in others:
        for t in parsed.tokens_in(o.start, o.end):
            if t.pos in ("NOUN", "PROPN") and t.dep == "dobj" and _own_light_verb(parsed, t, under, light_verbs):
                return True  # "said he held a phone call with": the call is the fact
            if t.i not in under or t.head != verb.i:
                continue  # only the verb's own object or complement clause
            if t.pos in ("NOUN", "PROPN"):
                return t.dep == "dobj"
            if _own_subject(parsed, t.i) or (verb.lemma.lower() in own_acts and agentless_passive(parsed, t.i)):
                return True  # ("announced that 5,000 soldiers would be deployed": hers)
    return False


PLAN_AUX = frozenset({"will", "would", "shall", "to", "'ll"})


def agentless_passive(parsed, i: int) -> bool:
    """Is token ``i`` a planned passive verb with no "by" agent ("would be deployed", "will be
    stationed")? A past one ("had been sent") may report someone else's act."""
    kids = [parsed.tokens[c] for c in parsed.children.get(i, [])]
    deps = {k.dep for k in kids}
    planned = any(k.dep == "aux" and k.text.lower() in PLAN_AUX for k in kids)
    return bool(deps & {"auxpass", "nsubjpass"}) and "agent" not in deps and planned


def _own_subject(parsed, i: int) -> bool:
    subj = subjects(parsed, i)
    return not subj or all(PRONOUN.fullmatch(s.text) for s in subj)


def _own_light_verb(parsed, t, under: set[int], light_verbs: frozenset[str]) -> bool:
    """Is noun ``t`` the object of a light verb ("held", "had") that is the speech verb's
    complement clause, with no subject of its own or a pronoun one?"""
    head = parsed.tokens[t.head]
    return head.i in under and head.lemma.lower() in light_verbs and _own_subject(parsed, head.i)


def _on_text(ctx: Context, say: TriggerMatch, others: list[TriggerMatch]) -> bool:
    for o in others:
        if not (say.end <= o.start <= say.end + MAX_GAP):
            continue
        gap = ctx.text[say.end:o.start]
        if not (BEFORE_NOUN if o.voice == "nominal" else BEFORE_VERB).match(gap):
            continue
        if any(m.type in ACTOR_TYPES and say.end <= m.span.start < o.start for m in ctx.mentions):
            continue
        return True
    return False


FIRST_PERSON = re.compile(r"(?:i|we|yo|nosotros|nosotras)", re.I)


def unattributed(ctx: Context, say: TriggerMatch) -> bool:
    """A speech verb with no speaker to name: a passive with no "by" ("he is accused of …", "it
    was announced") or a first person inside a quotation ("I already said it")."""
    if not ctx.parsed.has_parse or ctx.foreign(say.start):
        return False
    parsed = ctx.parsed
    verb = next((t for t in parsed.tokens_in(say.start, say.end) if t.pos in ("VERB", "AUX")), None)
    if verb is None:
        return False
    deps = {parsed.tokens[c].dep for c in parsed.children.get(verb.i, [])}
    if "auxpass" in deps and "agent" not in deps:
        return True
    subj = subjects(parsed, verb.i)
    return bool(subj) and all(FIRST_PERSON.fullmatch(s.text) for s in subj)


POSTPOSED = re.compile(r"[,;:»”\"]\s*$")


def postposed(ctx: Context, say: TriggerMatch) -> bool:
    """A speech verb after what was said ('"…", dijo', "si X no actúa, Y podría imponer
    aranceles, advirtió el embajador"): the conditions and tenses of what was said are not its own."""
    return bool(POSTPOSED.search(ctx.text[say.sentence.start:say.start])) and say.voice != "nominal"
