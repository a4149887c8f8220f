"""A rule-based named-entity recogniser: the baseline the CoNLL benchmark compares the product with.

Not product code: ``kg build`` never runs it. It is kept here, measured, as an alternative that
issue #18 (extraction quality) may adopt for Spanish if it measures better on the development set
(see ``bench/README.md``).

In: raw text (one article), its language (``en`` | ``es``) and its sentence character spans (lines
if none are given). Out: :class:`kg.nlp.pipeline.NerSpan` records (no token indices) labelled with
CoNLL labels ``PER`` / ``ORG`` / ``LOC`` / ``MISC``, the shape of a statistical model's entities,
so that they can stand in ``Parsed.ents`` where the pipeline has no NER.

:func:`rule_candidates` needs no statistical model: it finds capitalised-word runs (with particles
such as de/del/la/y/of inside names), trims sentence-initial function words and capitalised common
words, splits lists, keeps all-caps acronyms, and labels each span from cues: the product's
gazetteer (``kg/data/gazetteer.jsonl``, types mapped by :data:`kg.eval.ner.PRODUCT_LABEL`), given
names (``kg/data/lexicon.json`` plus ``bench/data/ner_lexicon.json``), titles and honorifics before
a name, organisation, location and event headwords and suffixes, location prepositions ("en
Bogotá"), English demonyms (MISC), datelines ("Lima (Perú), 3 may"), the items of a list (one
type), and the document itself (a name keeps one label throughout an article; a person's surname
alone is a person). Months and weekdays are never entities. Pure Python; no spaCy.

All cue words are data (``bench/data/ner_lexicon.json``), written by hand from general knowledge.
"""
from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.data import load_gazetteer, load_lexicon
from kg.eval.ner import PRODUCT_LABEL
from kg.nlp.parsed import NerSpan, Parsed

#: the cue lists of this recogniser
LEXICON = Path(__file__).resolve().parent / "data" / "ner_lexicon.json"

_TOKEN = re.compile(r"[^\W_](?:[\w]|[-'’&.](?=[^\W_]))*\.?|\S")
_CONNECT = {"de", "del", "la", "las", "los", "el", "y", "e", "i", "of", "the", "and", "for", "on", "&", "van", "von",
            "der", "den", "da", "do", "dos", "das", "di", "du", "le", "al", "des"}
_ROMAN = re.compile(r"(?=[MDCLXVI])M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})\.?")
_CONNECT_ORG = {"por", "para", "contra", "sobre", "against", "in"}
_AND = {"y", "e", "and", "&", "i"}
_ARTICLES = {"El", "La", "Los", "Las", "The", "L'"}


@dataclass
class _Tok:
    start: int
    end: int
    text: str

    @property
    def cap(self) -> bool:
        c = self.text[0]
        if not c.isupper():
            return False
        letters = sum(ch.isalpha() for ch in self.text)
        return letters > 0 and letters >= sum(ch.isdigit() for ch in self.text) * 2

    @property
    def acronym(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters) and len(letters) <= 8

    @property
    def roman(self) -> bool:
        return bool(_ROMAN.fullmatch(self.text))


class _Lexicon:
    def __init__(self) -> None:
        data = json.loads(LEXICON.read_text(encoding="utf-8"))
        base = load_lexicon()
        self.given = set(data["given_names"]) | set(base.get("given_names", []))
        self.surnames = set(data["surnames"])
        self.surname_suffixes = tuple(data["surname_suffixes_es"])
        self.org_suffixes = set(data["org_suffixes"])
        self.demonyms_en = set(data["demonyms_en"])
        both = lambda key: {lg: set(v) for lg, v in data[key].items()}  # noqa: E731
        self.function = both("function_words")
        self.common = both("common_capitalised")
        self.titles = both("titles")
        self.cap_titles = both("cap_titles")
        self.loc_nouns_before = both("loc_nouns_before")
        self.loc_preps = both("loc_preps")
        self.org_heads = both("org_heads")
        self.org_single = both("org_single")
        self.loc_heads = both("loc_heads")
        self.loc_tails = both("loc_tails")
        self.misc_heads = both("misc_heads")
        self.portfolio_titles = both("portfolio_titles")
        self.org_adjectives = both("org_adjectives")
        self.org_suffixes_bare = {x.rstrip(".").upper() for x in self.org_suffixes}
        self.calendar = {w.lower() for key in ("months", "weekdays") for v in data[key].values() for w in v}
        gaz = load_gazetteer()
        self.gaz: dict[str, str] = {}
        self.gaz_ci: dict[str, str] = {}
        for e in gaz.entries.values():
            label = PRODUCT_LABEL.get(e.type)
            if not label:
                continue
            for form in list(e.surface_forms()) + list(e.ambiguous):
                if form.startswith("@") or len(form) < 2:
                    continue
                self.gaz.setdefault(form, label)
                self.gaz_ci.setdefault(form.lower(), label)
        for forms in data["places"].values():
            for form in forms:
                self.gaz.setdefault(form, "LOC")
                self.gaz_ci.setdefault(form.lower(), "LOC")
        self.demonyms_lower = {d for d in gaz.demonyms if d.islower()}
        self.places_with_article = set(data["places_with_article_es"])
        for dem in gaz.demonyms:
            self.demonyms_en.add(dem.capitalize())


@lru_cache(maxsize=1)
def _lex() -> _Lexicon:
    return _Lexicon()


def _tokens(text: str, start: int, end: int, lex: _Lexicon) -> list[_Tok]:
    out = []
    for m in _TOKEN.finditer(text, start, end):
        s, e, w = m.start(), m.end(), m.group(0)
        if w.endswith(".") and len(w) > 1:
            # keep the period only on abbreviations: "S.A.", "EE.UU.", "Sr.", "Inc."
            core = w[:-1]
            abbreviation = ("." in core or len(core) == 1 or w in lex.org_suffixes
                            or (core.isupper() and len(core) <= 4 and core in lex.org_suffixes_bare)
                            or any(w in v for v in lex.titles.values()))
            if not abbreviation:
                out.append(_Tok(s, e - 1, core))
                out.append(_Tok(e - 1, e, "."))
                continue
        out.append(_Tok(s, e, w))
    return out


def _mostly_caps(toks: list[_Tok]) -> bool:
    words = [t for t in toks if any(c.isalpha() for c in t.text)]
    if len(words) < 2:
        return False
    return sum(1 for t in words if t.text.isupper()) / len(words) > 0.6


class _Doc:
    """Per-document evidence: lower-case words, names seen capitalised mid-sentence."""

    def __init__(self, sents: list[list[_Tok]]):
        self.lower: set[str] = set()
        self.mid_cap: dict[str, int] = {}
        for toks in sents:
            for i, t in enumerate(toks):
                if t.text.islower():
                    self.lower.add(t.text)
                elif i > 0 and t.cap and toks[i - 1].text not in ('"', "«", "“", ":", "-", "—", "(", "¿", "¡"):
                    self.mid_cap[t.text] = self.mid_cap.get(t.text, 0) + 1


def _runs(toks: list[_Tok], lex: _Lexicon, lang: str) -> list[tuple[int, int]]:
    """Capitalised-word runs as token index ranges [i, j), with connectors inside names."""
    runs = []
    i, n = 0, len(toks)
    heads = lex.org_heads.get(lang, set()) | lex.misc_heads.get(lang, set())
    while i < n:
        if not toks[i].cap:
            i += 1
            continue
        j = i + 1
        connect = _CONNECT | _CONNECT_ORG if toks[i].text in heads else _CONNECT
        while j < n:
            if toks[j].cap and toks[j].text.lower() not in lex.calendar:
                j += 1
                continue
            # connectors ("de la", "of the", "y") followed by a capitalised word
            k = j
            while k < n and k - j < 3 and toks[k].text in connect:
                k += 1
            if k > j and k < n and toks[k].cap and toks[k].text.lower() not in lex.calendar:
                j = k + 1
                continue
            break
        runs.append((i, j))
        i = j
    return runs


def _split(toks: list[_Tok], i: int, j: int, lex: _Lexicon, lang: str, caps_line: bool
           ) -> list[tuple[int, int]]:
    """Split a run into names: 'Brasil y Argentina' is two names, 'Ministerio de Trabajo y Asuntos
    Sociales' one; 'Grupo Delta de Nueva York' is an organisation and a place; in an all-caps headline
    an all-caps word next to a title-case word starts another name."""
    heads = lex.org_heads.get(lang, set()) | lex.misc_heads.get(lang, set())
    h = i
    while h < j - 1 and (toks[h].text in _ARTICLES or toks[h].text.lower() in lex.function.get(lang, ())):
        h += 1
    headed = toks[h].text in heads or toks[h].text in lex.loc_heads.get(lang, set())
    for k in range(i + 1, j - 1):
        if toks[k].text in _AND:
            # 'Ministerio de Trabajo y Asuntos Sociales' is one name; 'Banco Azul S.A. y Petrosur' two
            if toks[k].text == "&" or headed and any(t.text in ("de", "del", "of", "for") for t in toks[h:k]) \
                    and toks[k - 1].text.rstrip(".").upper() not in lex.org_suffixes_bare:
                continue
            return _split(toks, i, k, lex, lang, caps_line) + _split(toks, k + 1, j, lex, lang, caps_line)
    if not headed:
        # 'John Smith of the University of Texas': a person, then an organisation
        for k in range(h + 1, j - 1):
            if toks[k].text in ("de", "del", "of"):
                r = k + 1
                while r < j - 1 and toks[r].text in _CONNECT:
                    r += 1
                if toks[r].text in lex.org_heads.get(lang, set()):
                    return _split(toks, i, k, lex, lang, caps_line) + _split(toks, r, j, lex, lang, caps_line)
    if caps_line:
        for k in range(i + 1, j):
            a, b = toks[k - 1], toks[k]
            if a.cap and b.cap and (a.text.isupper() != b.text.isupper()) and len(a.text) > 1 and len(b.text) > 1:
                return _split(toks, i, k, lex, lang, caps_line) + _split(toks, k, j, lex, lang, caps_line)
    if not headed:
        for k in range(i + 1, j - 1):
            if toks[k].text in ("de", "del", "of") and toks[k - 1].cap:
                tail = lex.gaz.get(" ".join(t.text for t in toks[k + 1:j]))
                if tail == "LOC":
                    return _split(toks, i, k, lex, lang, caps_line) + [(k + 1, j)]
    # "dijo a la ONU Marta Ruiz Soto": an acronym does not start a longer title-case name
    if j - i >= 3 and toks[i].acronym and toks[i].text.rstrip(".") not in lex.org_suffixes_bare and \
            not toks[i + 1].acronym and toks[i + 1].text not in _CONNECT:
        return [(i, i + 1), (i + 1, j)]
    return [(i, j)]


#: label of a capitalised name no cue speaks for (the commonest type of such names in news)
DEFAULT_LABEL = "ORG"
_DETERMINERS = {"es": {"el", "la", "los", "las", "del", "al", "un", "una"}, "en": {"the", "a", "an"}}
_PER_BEFORE = {"es": {",", ";", ":", "y", "e", "a"}, "en": {",", ";", ":", "and"}}


class _Labeler:
    def __init__(self, text: str, lang: str, lex: _Lexicon, doc: _Doc):
        self.text, self.lang, self.lex, self.doc = text, lang, lex, doc
        self.fn = lex.function.get(lang, set())
        self.common = lex.common.get(lang, set())
        self.titles = lex.titles.get(lang, set())
        self.cap_titles = lex.cap_titles.get(lang, set())
        self.heads_org = lex.org_heads.get(lang, set())
        self.heads_loc = lex.loc_heads.get(lang, set())
        self.heads_misc = lex.misc_heads.get(lang, set())

    def is_function(self, w: str) -> bool:
        return w.lower() in self.fn or w in self.common

    def gaz_label(self, s: str) -> str | None:
        return self.lex.gaz.get(s)

    def is_title(self, w: str) -> bool:
        return w in self.titles or w in self.cap_titles

    def label(self, toks: list[_Tok], i: int, j: int, caps_line: bool) -> tuple[str | None, int]:
        """(label, strength) of the span toks[i:j]; strength 3 = strong cue, 1 = default guess."""
        lex, lang = self.lex, self.lang
        words = [t.text for t in toks[i:j]]
        s_text = self.text[toks[i].start:toks[j - 1].end]
        first, last = words[0], words[-1]
        prev = toks[i - 1].text if i > 0 else ""
        prev2 = toks[i - 2].text if i > 1 else ""
        g = self.gaz_label(s_text) or (lex.gaz_ci.get(s_text.lower()) if caps_line else None)
        if g == "LOC" and lang == "es" and prev in ("el", "del", "al", "El") and \
                s_text not in lex.places_with_article:
            return "ORG", 2  # "el Sevilla", "del Toledo": a place name after an article is a club or firm
        if g:
            return g, 3
        if caps_line:
            if any(w.upper().rstrip(".") in lex.org_suffixes_bare or w.capitalize() in self.heads_org
                   for w in words):
                return "ORG", 2
            return None, 0
        if prev in ("de", "del") and prev2.lower() in lex.portfolio_titles.get(lang, ()) and not toks[i].acronym:
            return "MISC", 3  # "el ministro de Economía": the portfolio
        if len(words) > 1 and last.rstrip(".").upper() in lex.org_suffixes_bare and last[:1].isupper() \
                and (last.isupper() or last.endswith(".") or last in lex.org_suffixes):
            return "ORG", 3
        if lang == "en" and s_text in lex.demonyms_en:
            return "MISC", 3
        if not (len(words) == 1 and toks[i].acronym):
            if self.is_title(prev) or (prev.lower() in lex.demonyms_lower and
                                       prev2 in ("el", "la", "El", "La", "al", "del")):
                return "PER", 3
        if len(words) > 1:
            if first in self.heads_misc and first not in self.heads_org:
                return "MISC", 3
            if first in self.heads_org:
                return "ORG", 3
            if any(w in lex.org_adjectives.get(lang, ()) for w in words[1:]):
                return "ORG", 2
            if first in self.heads_loc or last in lex.loc_tails.get(lang, ()):
                return "LOC", 3
            if lang == "en" and any(w in self.heads_org for w in words[1:]):
                return "ORG", 3
            if lang == "en" and first in lex.demonyms_en:
                return "MISC", 2
        if len(words) == 1 and first in lex.org_single.get(lang, ()):
            return "ORG", 3
        if first in lex.given and len(words) >= 2 and not toks[i].acronym:
            return "PER", 3
        if len(words) == 1 and toks[i].acronym:
            return "ORG", 2
        if prev.lower() in lex.loc_preps.get(lang, ()) and not self.is_title(prev2):
            return "LOC", 2
        if prev in ("de", "del", "of") and prev2 in lex.loc_nouns_before.get(lang, ()):
            return "LOC", 2
        if (last in lex.surnames or (lang == "es" and last.endswith(lex.surname_suffixes) and len(last) > 4)) \
                and not toks[j - 1].acronym:
            return "PER", 2
        if len(words) == 1 and first in lex.given:
            return "PER", 2
        nxt = toks[j].text if j < len(toks) else ""
        if prev.lower() in _DETERMINERS.get(lang, ()):
            return "ORG", 1  # "el Olimpia", "la Renault", "the Fed": an article does not precede a person
        if any(t.acronym for t in toks[i:j]):
            return "ORG", 1
        if 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words):
            return "PER", 1
        if len(words) == 1 and (prev in _PER_BEFORE.get(lang, ()) or nxt == "("):
            return "PER", 1  # "Ortiz, Lema y Quiroga", "vio a Lema", "Quiroga (Chile)"
        return DEFAULT_LABEL, 1


def rule_candidates(text: str, sentences: list[tuple[int, int]], lang: str) -> list[NerSpan]:
    """Rule-based named entities of ``text``: capitalised runs typed by cues (see module docstring).

    ``sentences`` are character spans (``kg.nlp.pipeline.Parsed.sentences``); if empty, lines are used.
    Returns :class:`kg.nlp.pipeline.NerSpan` with labels PER / ORG / LOC / MISC and no token indices.
    """
    return [NerSpan(s, e, lbl, text[s:e], -1, -1) for s, e, lbl, _ in _rule_spans(text, sentences, lang)]


def as_ner(parsed: Parsed) -> Parsed:
    """``parsed`` with :func:`rule_candidates` of its text in the statistical entity slot
    (``Parsed.ents``): how the product would run with the rules as its recogniser."""
    return dataclasses.replace(parsed, ents=rule_candidates(parsed.text, parsed.sentences, parsed.lang))


def _rule_spans(text: str, sentences: list[tuple[int, int]], lang: str) -> list[tuple[int, int, str, int]]:
    """(start, end, label, strength) of every rule candidate, sorted."""
    lex = _lex()
    if not sentences:
        sentences = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    sents = _merge_abbreviations(text, [_tokens(text, s, e, lex) for s, e in sentences])
    doc = _Doc(sents)
    lab = _Labeler(text, lang, lex, doc)
    found: list[tuple[int, int, str, int]] = []
    for toks in sents:
        if toks:
            spans = _sentence_spans(text, toks, lab, doc)
            found += [(toks[a].start, toks[b - 1].end, lbl, st) for a, b, lbl, st in _lists(toks, spans)]
    return sorted(_consistent(text, found, lex))


def _merge_abbreviations(text: str, sents: list[list[_Tok]]) -> list[list[_Tok]]:
    """Undo sentence breaks after an abbreviation on the same line ('CD. Tenerife', 'Sr. Pérez',
    'J. Smith')."""
    lex = _lex()
    out: list[list[_Tok]] = []
    for toks in sents:
        if out and out[-1] and toks and toks[0].cap and "\n" not in text[out[-1][-1].end:toks[0].start]:
            last = out[-1]
            word = ""
            if last[-1].text.endswith(".") and len(last[-1].text) > 1:
                word = last[-1].text[:-1]  # the token kept its period: "BM."
            elif last[-1].text == "." and len(last) >= 2 and last[-2].end == last[-1].start:
                word = last[-2].text  # "BM" "."
            if word and ((len(word) == 1 and word.isupper()) or (word.isupper() and word in lex.org_suffixes_bare)
                         or any(word + "." in v for v in lex.cap_titles.values())):
                out[-1] = last + toks
                continue
        out.append(toks)
    return out


def _sentence_spans(text: str, toks: list[_Tok], lab: "_Labeler", doc: _Doc) -> list[tuple[int, int, str, int]]:
    """Token spans (a, b, label, strength) of one sentence."""
    lex, lang = lab.lex, lab.lang
    out: list[tuple[int, int, str, int]] = []
    caps_line = _mostly_caps(toks)
    dateline = _dateline(text, toks)
    for i, j in _runs(toks, lex, lang):
        if dateline and i == 0:
            out.append((0, dateline, "LOC", 3))
            if j <= dateline:
                continue
            i = dateline
        for a, b in _split(toks, i, j, lex, lang, caps_line):
            # in an all-caps headline only the all-caps words are of unknown case
            caps = caps_line and all(t.text.isupper() or t.text in _CONNECT or not t.cap for t in toks[a:b])
            span = _trim(toks, a, b, lab, doc, caps)
            if span is None:
                continue
            a, b = span
            if b - a >= 2 and _DATE_AFTER.match(text, toks[b - 1].end):
                # "Por Juan Pérez Madrid, 23 may": a byline, then the dateline's place
                for k in range(b - 1, a, -1):
                    if lex.gaz.get(text[toks[k].start:toks[b - 1].end]) == "LOC":
                        out.append((k, b, "LOC", 3))
                        b = k
                        break
            label, strength = lab.label(toks, a, b, caps)
            if label is None:
                continue
            if dateline and a == dateline + 1 and toks[dateline].text == "(":
                label, strength = "LOC", 3  # "Tarija (Bolivia), 4 feb"
            out.append((a, b, label, strength))
    return sorted(out)


_LIST_SEP = {",", ";", "y", "e", "and", "or", "o", "u", "/"}


def _lists(toks: list[_Tok], spans: list[tuple[int, int, str, int]]) -> list[tuple[int, int, str, int]]:
    """Names in one list ('Grecia, Libia y Chipre'; 'Ortiz, Lema, Quiroga') share a type: weakly
    labelled items take the type most strongly labelled items of the list have."""
    out = list(spans)
    groups: list[list[int]] = []
    for k, (a, b, _, _) in enumerate(spans):
        if groups and k - 1 == groups[-1][-1]:
            pb = spans[k - 1][1]
            between = [t.text for t in toks[pb:a]]
            if between and len(between) <= 2 and all(w in _LIST_SEP for w in between) and \
                    any(w in (",", ";") for w in between) or between in (["y"], ["e"], ["and"]):
                groups[-1].append(k)
                continue
        groups.append([k])
    for g in groups:
        if len(g) < 3:
            continue
        votes: dict[str, int] = {}
        for k in g:
            if spans[k][3] >= 2:
                votes[spans[k][2]] = votes.get(spans[k][2], 0) + spans[k][3]
        if not votes:
            continue
        best = max(votes, key=votes.get)
        for k in g:
            a, b, lbl, st = spans[k]
            if st < 2:
                out[k] = (a, b, best, 2)
    return out


def _sentence_initial(toks: list[_Tok], a: int) -> bool:
    """First word of the sentence, or after an opening quote, dash or colon."""
    k = a - 1
    while k >= 0 and toks[k].text in ('"', "«", "“", "'", "-", "—", "–", "¿", "¡", "(", "*", "·"):
        k -= 1
    return k < 0 or toks[k].text in (":", ".", ";", "?", "!")


def _trim(toks, a, b, lab: _Labeler, doc: _Doc, caps_line: bool) -> tuple[int, int] | None:
    lex = lab.lex
    whole = lab.text[toks[a].start:toks[b - 1].end]
    if lab.gaz_label(whole):
        return a, b
    # leading function words, articles at a sentence start, titles ("Presidente", "Mr.")
    while a < b:
        w = toks[a].text
        initial = _sentence_initial(toks, a)
        if w in _CONNECT or w.lower() in _CONNECT and initial:
            a += 1
        elif w in _ARTICLES and (initial or b - a == 1):
            a += 1
        elif lab.is_function(w) and (initial or w.lower() in lab.fn) and not lab.gaz_label(w):
            a += 1
        elif w in lab.cap_titles and b - a > 1:
            a += 1
        elif w.lower() in lex.calendar:
            a += 1
        else:
            break
    while b > a and (toks[b - 1].text in _CONNECT or toks[b - 1].text.lower() in lex.calendar):
        b -= 1
    if a >= b:
        return None
    w = toks[a].text
    if b - a == 1:
        if sum(c.isalpha() for c in w) < 2 or toks[a].roman:
            return None
        if caps_line:
            return a, b
        if _sentence_initial(toks, a) and not toks[a].acronym:
            # a capitalised sentence-initial word: a name only with evidence
            if lab.gaz_label(w) or w in lex.given or w in lex.org_single.get(lab.lang, ()) \
                    or (lab.lang == "en" and w in lex.demonyms_en):
                return a, b
            if doc.mid_cap.get(w, 0) >= 1 and w.lower() not in doc.lower:
                return a, b
            return None
    elif _sentence_initial(toks, a) and not caps_line and w.lower() in doc.lower and \
            not lab.gaz_label(w) and w not in lex.given and not toks[a].acronym and \
            w not in lab.heads_org and w not in lab.heads_loc and w not in lab.heads_misc:
        return _trim(toks, a + 1, b, lab, doc, caps_line)
    return a, b


_DATE_AFTER = re.compile(r"\s*(?:\([^()\n]{1,40}\)\s*)?,\s*\d{1,2}\s+\w+")


def _dateline(text: str, toks: list[_Tok]) -> int:
    """'Tarija (Bolivia), 4 feb (Agencia).', 'LIMA, 5 Jan': the number of tokens of the place that
    opens a dateline (0 if the sentence is not one)."""
    j = 0
    if any(toks[0].text.lower() in words for words in _lex().function.values()):
        return 0
    while j < len(toks) and (toks[j].cap or (j and toks[j].text in _CONNECT)) and j < 6:
        j += 1
    while j and toks[j - 1].text in _CONNECT:
        j -= 1
    if j and _DATE_AFTER.match(text, toks[j - 1].end):
        return j
    return 0


def _consistent(text: str, found: list, lex: _Lexicon) -> list:
    """One label per name per document: weakly labelled spans take the label the same string got
    from a strong cue; a lone surname of a person found elsewhere is a person."""
    best: dict[str, tuple[int, str]] = {}
    for s, e, lbl, st in found:
        key = text[s:e]
        if st > best.get(key, (0, ""))[0]:
            best[key] = (st, lbl)
    surname_of: dict[str, int] = {}
    for s, e, lbl, st in found:
        words = text[s:e].split()
        if lbl == "PER" and st >= 2 and len(words) >= 2:
            for w in words[1:]:
                if w[:1].isupper() and w not in lex.given:
                    surname_of[w] = max(surname_of.get(w, 0), st)
    out = []
    for s, e, lbl, st in found:
        key = text[s:e]
        if st < 3:
            if best.get(key, (0,))[0] > st:
                st, lbl = best[key]
            elif key in surname_of and " " not in key:
                lbl, st = "PER", 2
        out.append((s, e, lbl, st))
    return out
