"""Frame triggers: where a lexicon frame (``kg/data/frames.jsonl``) is evoked in a sentence, and in which voice.

In: the context, one sentence and a frame's :class:`~kg.data.Trigger`. Out: a list of
:class:`~kg.extract.records.TriggerMatch` with ``voice`` set (active, passive, impersonal,
nominal). On a parse (English): a token whose lemma is one of the frame's verbs (part of speech
VERB, or a participle) or nouns (NOUN), a phrasal verb with its particle ("ruled out"); without
one (Spanish by default, a sentence in the other language): the surface forms generated from
the lemmas. Guards: the frame's cue must occur in the clause window, a noun that only modifies a
generic head ("extradition treaty", "arrest warrant") is no event.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from kg.data import Trigger
from kg.data.frames import load_morphology
from kg.extract.context import Context
from kg.extract.records import Range, TriggerMatch
from kg.nlp.parsed import Token

CUE_WINDOW = 90  # characters either side of the trigger, within the sentence
VERB_POS = ("VERB", "AUX")
PARTICIPLE = re.compile(r"(?:ed|en|wn|ught|ent)$", re.I)


@lru_cache(maxsize=1)
def _aux() -> dict[str, tuple[frozenset[str], ...]]:
    m = load_morphology()
    es = m["es"]
    return {"es": (frozenset(es["passive_aux"]), frozenset(es["perfect_aux"]), frozenset(es["impersonal_se"]),
                   tuple(es["participle_endings"])),
            "en": (frozenset(m["en"]["passive_aux"]), frozenset(), frozenset(), ("ed", "en", "wn"))}


MODE_WINDOW = 40  # characters either side of the trigger where a mode cue counts ("video call")
RESTYLE_WINDOW = 90  # ... where a frame's cue re-types a pattern's match ("said on X": a post)


def frame_matches(ctx: Context, sentence: Range, trig: Trigger, lang: str, use_parse: bool) -> list[TriggerMatch]:
    """A frame of only listed forms ("mesa de trabajo", "working session") matches on the text."""
    forms_only = not trig.lexeme.verbs and not trig.lexeme.nouns
    found = _on_parse(ctx, sentence, trig) if use_parse and not forms_only else _on_text(ctx, sentence, trig, lang)
    kept = [_with_mode(ctx, m) for m in found if _cue_ok(ctx, m) and _guards_ok(ctx, m)]
    if not trig.governed_by:
        return kept
    out = []
    for m in kept:
        effect = _governor(ctx, m, use_parse and not forms_only)
        if effect is None:
            out.append(m)
        elif effect != "drop":
            t = m.trigger
            out.append(replace(m, trigger=replace(t, id=f"{t.id}>{effect.lower()}", type=effect,
                                                  frame=replace(t.frame, type=effect))))
    return out


GOVERN_STEPS = 4  # head links from the trigger up to its governing word
GOVERN_DEPS = frozenset({"dobj", "pobj", "prep", "xcomp", "compound", "amod", "nmod", "conj", "appos", "pcomp",
                         "acomp", "nsubjpass", "ccomp", "npadvmod", "attr"})
GOVERN_GAP = re.compile(r"^\s*(?:[^\s,;:.()]+\s+){0,6}$")


def _governor(ctx: Context, m: TriggerMatch, use_parse: bool) -> str | None:
    """The effect of a word that governs the trigger ("paused the tariffs", "avoided the tariff"):
    on the parse, a head up to a few links above it; on the text, a form a few words before it
    in the same clause."""
    govs = m.trigger.governed_by
    if use_parse:
        toks = ctx.parsed.tokens_in(m.start, m.end)
        t = toks[0] if toks else None
        for _ in range(GOVERN_STEPS):
            if t is None or t.head == t.i or t.dep not in GOVERN_DEPS:
                break
            t = ctx.parsed.tokens[t.head]
            lemma = t.lemma.lower()
            for effect, lemmas, _ in govs:
                if any(lemma == w.split(" ")[0] for w in lemmas):
                    return effect
        return None
    before = ctx.text[max(m.sentence.start, m.start - 70):m.start]
    for effect, _, pat in govs:
        if any(GOVERN_GAP.match(before[g.end():]) for g in pat.finditer(before)):
            return effect
    return None


def _with_mode(ctx: Context, m: TriggerMatch) -> TriggerMatch:
    """The frame's other mode where its cue is near the trigger ("spoke by video with")."""
    ss, se = m.sentence
    window = ctx.text[max(ss, m.start - MODE_WINDOW):min(se, m.end + MODE_WINDOW)]
    for mode, cue in m.trigger.mode_cues:
        if cue.search(window):
            return replace(m, trigger=replace(m.trigger, mode=mode))
    return m


def restyle(ctx: Context, m: TriggerMatch, frames: list[Trigger], kept: list[TriggerMatch]) -> TriggerMatch:
    """A pattern's match that a frame re-types where the frame's cue is near it: "said on X",
    "informó a través de su cuenta de X" is a post (Communication), not a Statement; unchanged
    where a match of that type and mode is already there ("said in a message on X")."""
    if m.trigger.frame is not None:
        return m
    ss, se = m.sentence
    lo, hi = max(ss, m.start - RESTYLE_WINDOW), min(se, m.end + RESTYLE_WINDOW)
    for f in frames:
        if m.type in f.restyles and f.cue is not None and f.cue.search(ctx.text[lo:hi]):
            if any(k.type == f.type and k.trigger.mode == f.mode and lo <= k.start < hi for k in kept):
                return m
            return replace(m, trigger=replace(m.trigger, id=f"{m.trigger.id}>{f.frame.id}", type=f.type,
                                              mode=f.mode, anaphoric=False))
    return m


def _on_parse(ctx: Context, sentence: Range, trig: Trigger) -> list[TriggerMatch]:
    lex = trig.lexeme
    toks = ctx.parsed.tokens_in(*sentence)
    out = []
    for k, t in enumerate(toks):
        lemma, word = t.lemma.lower(), t.text.lower()
        end = t.end
        if t.pos in ("NOUN", "PROPN") and (lemma in lex.nouns or word in lex.noun_forms):
            if _generic(ctx, t, trig):
                continue
            voice = "nominal"
        elif t.pos in VERB_POS or (t.pos == "ADJ" and PARTICIPLE.search(word)):
            verb = _verb_lemma(toks, k, lex.verbs, lemma, word in lex.verb_forms)
            if verb is None or t.dep == "amod" or _purpose(ctx, t):
                continue
            end = verb
            voice = _en_voice(ctx, t)
        else:
            continue
        out.append(TriggerMatch(t.start, end, trig, sentence, voice=voice))
    return out


def _verb_lemma(toks: list[Token], k: int, verbs: frozenset[str], lemma: str, is_form: bool) -> int | None:
    """The end of the verb trigger at token k (after its particle for "rule out"), or None."""
    t = toks[k]
    for v in verbs:
        head, _, particle = v.partition(" ")
        if head != lemma and not (is_form and not particle):
            continue
        if not particle:
            return t.end
        nxt = [u for u in toks[k + 1:k + 4] if u.text.lower() == particle]
        if nxt:
            return t.end if nxt[0].i > t.i + 1 else nxt[0].end
    return None


def _purpose(ctx: Context, t: Token) -> bool:
    """An infinitive of purpose or a noun's complement ("invoked the law to deport them", "the
    power to extradite"): what the text says something is for, not an event."""
    if t.dep not in ("advcl", "acl"):
        return False
    return any(ctx.parsed.tokens[c].dep == "aux" and ctx.parsed.tokens[c].text.lower() == "to"
               for c in ctx.parsed.children.get(t.i, []))


def _en_voice(ctx: Context, t: Token) -> str:
    deps = {ctx.parsed.tokens[c].dep for c in ctx.parsed.children.get(t.i, [])}
    if deps & {"auxpass", "nsubjpass", "agent"} or (t.pos == "ADJ") or (t.dep == "acl" and t.text.endswith("ed")):
        return "passive"
    return "active"


def _generic(ctx: Context, t: Token, trig: Trigger) -> bool:
    """A noun that modifies a generic head ("extradition treaty", "tariff war")."""
    if t.dep != "compound" or t.head == t.i:
        return False
    head = ctx.parsed.tokens[t.head]
    return head.lemma.lower() in trig.generic_heads or head.text.lower() in trig.generic_heads


def _on_text(ctx: Context, sentence: Range, trig: Trigger, lang: str) -> list[TriggerMatch]:
    ss, se = sentence
    text = ctx.text[ss:se]
    out = []
    for m in trig.pattern.finditer(text):
        word = m.group(0).lower()
        after = text[m.end():].split()[:1]
        if after and after[0].lower().strip(",.;:") in trig.generic_heads:
            continue
        voice = _text_voice(text[:m.start()], word, trig, lang)
        if voice is None and _removed_from(trig, text[m.end():]):
            voice = "passive"  # "miembros de la MS-13 deportados desde Estados Unidos"
        if voice is None:
            continue
        out.append(TriggerMatch(ss + m.start(), ss + m.end(), trig, sentence, voice=voice))
    return out


FROM = re.compile(r"^\s+(?:desde|from)\s", re.I)


def _removed_from(trig: Trigger, after: str) -> bool:
    """A participle followed by "desde" of a frame whose "from" phrase is its agent."""
    return trig.frame is not None and trig.frame.role_of("passive", "from") == "initiator" and bool(FROM.match(after))


def _text_voice(before: str, word: str, trig: Trigger, lang: str) -> str | None:
    """The voice of a form found in the text, or None for a Spanish participle used as an
    adjective or a noun ("las personas detenidas", "uno de los detenidos")."""
    passive_aux, perfect_aux, se_words, part_ends = _aux().get(lang, _aux()["en"])
    lex = trig.lexeme
    if word in lex.noun_forms:
        return "nominal"
    prev = before.lower().split()[-3:]
    if word.startswith("se ") or (prev and " ".join(prev[-1:]) in se_words) or " ".join(prev[-2:]) in se_words:
        pronominal = any(v.endswith("se") for v in lex.verbs) and lang == "es"
        return "active" if pronominal else "impersonal"
    if word.endswith(part_ends):
        if any(w in perfect_aux for w in prev[-2:]) and not any(w in passive_aux for w in prev[-1:]):
            return "active"
        if lang == "es" and not any(w in passive_aux for w in prev[-2:]):
            return None
        return "passive"
    return "active"


def _guards_ok(ctx: Context, m: TriggerMatch) -> bool:
    trig, (ss, se) = m.trigger, m.sentence
    if trig.not_after is not None and trig.not_after.search(ctx.text[max(ss, m.start - 40):m.start]):
        return False
    return not (trig.not_followed_by is not None and trig.not_followed_by.match(ctx.text, m.end, se))


def _cue_ok(ctx: Context, m: TriggerMatch) -> bool:
    cue = m.trigger.cue
    if cue is None:
        return True
    ss, se = m.sentence
    return bool(cue.search(ctx.text[max(ss, m.start - CUE_WINDOW):min(se, m.end + CUE_WINDOW)]))


THREAT_STEPS = 6  # head links from a hypothetical measure up to the speech that announces it
THREAT_WINDOW = 120  # characters before the trigger where Spanish modal and speech words count


def announced_threat(ctx: Context, m: TriggerMatch, use_parse: bool,
                     words: tuple[frozenset[str], frozenset[str]] | None) -> TriggerMatch | None:
    """A Threat beside a hypothetical operation or measure that its would-be actor speaks of ("said
    he would consider launching strikes", "remarks about a possible intervention", "afirmó que
    podría imponer aranceles"): the same span, typed Threat. ``words``: the (modal, speech) words
    of the frames of the match's type (a pattern's match of that type uses them too)."""
    if words is None or m.voice == "passive":
        return None
    modal, speech = words
    found = _announced_on_parse(ctx, m, modal, speech) if use_parse else _announced_on_text(ctx, m, modal, speech)
    if not found:
        return None
    t = m.trigger
    frame = replace(t.frame, type="Threat") if t.frame is not None else None
    return replace(m, trigger=replace(t, id=f"{t.id}>threat", type="Threat", mode=None, frame=frame,
                                      announced_threat=None))


def _announced_on_parse(ctx: Context, m: TriggerMatch, modal: frozenset[str], speech: frozenset[str]) -> bool:
    parsed = ctx.parsed
    toks = parsed.tokens_in(m.start, m.end)
    if not toks:
        return False
    t, hypothetical = toks[0], False
    for _ in range(THREAT_STEPS):
        kids = [parsed.tokens[c] for c in parsed.children.get(t.i, [])]
        hypothetical = hypothetical or t.lemma.lower() in modal or any(
            k.dep in ("aux", "amod") and k.text.lower() in modal for k in kids)
        if hypothetical and t.lemma.lower() in speech:
            return True
        if t.head == t.i:
            return False
        t = parsed.tokens[t.head]
    return False


def _announced_on_text(ctx: Context, m: TriggerMatch, modal: frozenset[str], speech: frozenset[str]) -> bool:
    before = re.split(r"[.;]", ctx.text[max(m.sentence.start, m.start - THREAT_WINDOW):m.start])[-1]
    words = re.findall(r"\w+", before.lower())
    last_modal = max((i for i, w in enumerate(words) if w in modal), default=None)
    return last_modal is not None and any(w in speech for w in words[:last_modal]) and len(words) - last_modal <= 6
