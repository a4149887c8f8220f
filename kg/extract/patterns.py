"""Word lists and patterns the extraction parts share, compiled once.

In: the gazetteer, the titles and the lexicon (``kg/data``). Out: :class:`Patterns`, built once per
:class:`kg.extract.extractor.Extractor` and only read afterwards (no per-call state): gazetteer
forms, countries and demonyms, titles, headwords, name particles and the lookups on them
(``country_of``, ``after_title`` …). Also the shapes of names in text (``CAP_TOK``, a person's
name …) and the helpers that write a word list as one fast regex (:func:`alt`, :func:`any_word`,
:func:`phrases`).
"""
from __future__ import annotations

import re

from kg.data import Gazetteer, Title
from kg.extract.records import CountryHit

#: typographic quotes and apostrophes -> plain ones (the text every part reads)
QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "´": "'"})
UP = "A-ZÁÉÍÓÚÑÜ"
LOW = "a-záéíóúñüç"
#: one word of a person's name: "Lopez", "Ruiz-Tagle", "McGuinty", "DeSantis", "O'Brien", "J."
NAME_TOK = rf"(?:[{UP}](?:'[{UP}])?[{LOW}]+(?:[{UP}][{LOW}]+)?(?:-[{UP}]?[{LOW}]+|'[{UP}][{LOW}]+)*|[{UP}]\.)"
CAP_TOK = rf"(?:[A-Z]\.(?:[A-Z]\.)+|[{UP}][\w\-]*(?:'(?!s\b)[\w\-]+)*|[{UP}])"
CONNECT = r"(?:of|for|and|on|the|de|del|la|las|los|y|el|en|to|&)"
CAP_RUN = re.compile(rf"{CAP_TOK}(?:\s+(?:{CONNECT}\s+)*{CAP_TOK})*")
QUOTE = re.compile(r'"([^"\n]{3,300})"')
HANDLE = re.compile(r"\(\s*(@\w{1,30})\s*\)")
NEVER = re.compile(r"(?!x)x")


def person_name_pattern(particles) -> str:
    """A person's name: up to five capitalised words, with any of ``particles`` between them."""
    return rf"{NAME_TOK}(?:\s+(?:(?:{alt(particles)})\s+)*{NAME_TOK}){{0,4}}"


def alt(words, ignore_case: bool = False) -> str:
    """A regex alternation of ``words`` that tries the longest word first, as the plain
    alternation of the words sorted by length would, but written as a trie ("Secretar(?:ía|y)")
    so that matching costs the length of the text matched, not the number of words.

    At every node of the trie the next character of the text leads to at most one child, so the
    words a match can end on are prefixes of one another, and the trie tries them longest first:
    the same matches, in the same order on backtracking, as the sorted alternation. With
    ``ignore_case`` the pattern is meant for ``re.IGNORECASE``: characters that match each other
    without case share a node."""
    words = set(words)
    key = _case_classes(words) if ignore_case else {}
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(key.get(ch, ch), {})
        node[""] = {}  # the word may end here
    return _trie_pattern(root)


def any_word(words) -> re.Pattern:
    """Any of ``words`` as a whole word, in any case."""
    return re.compile(r"(?<![\w])(?:" + alt(words, ignore_case=True) + r")(?![\w])", re.IGNORECASE)


def _trie_pattern(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:  # greedy: the longer words first, then the word that ends here
        return (body if len(branches) > 1 else "(?:" + body + ")") + "?"
    return body


def _case_classes(words) -> dict[str, str]:
    """Each character of ``words`` -> one character that matches it under ``re.IGNORECASE``."""
    chars = sorted({ch for w in words for ch in w})
    rep: dict[str, str] = {}
    for ch in chars:
        if ch in rep:
            continue
        same = re.compile(re.escape(ch), re.IGNORECASE)
        for other in chars:
            if other not in rep and same.fullmatch(other):
                rep[other] = ch
    return rep


def clean_title(title: str) -> str:
    """A title as one line: "secretario  de\nEstado" -> "secretario de Estado"."""
    return re.sub(r"\s+", " ", title).strip()


def phrases(items) -> str:
    """An alternation of phrases, longest first, their words separated by any whitespace."""
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(set(items), key=lambda p: (-len(p), p)))


def last_word(text: str, end: int, word: str = r"[\w'.\-]+", reach: int = 30) -> re.Match | None:
    """The word right before ``end`` (within ``reach`` characters), as a match of group 1."""
    return re.search(rf"({word})\s+$", text[max(0, end - reach):end])


class Patterns:
    """The shared word lists, read-only after construction."""

    def __init__(self, gaz: Gazetteer, titles: list[Title], lex: dict):
        self.gaz, self.lex = gaz, lex
        self.form_index: dict[str, list[str]] = {}
        for form, ids in gaz.forms.items():
            self.form_index.setdefault(form.translate(QUOTES), ids)
            self.form_index.setdefault(form.translate(QUOTES).lower(), ids)
        self._countries(gaz)
        self._titles(gaz, titles)
        self.ministry_heads = set(lex["ministry_heads"])
        self.agency_heads = set(lex["agency_heads"])
        self.criminal_heads = set(lex["criminal_heads"])
        self.place_heads = {h for h in lex["place_heads"] if " " not in h}
        #: facility headwords as word tuples, of names written head-first and head-last
        self.facility_first = [tuple(h.split()) for h in lex["facility_heads"]["first"]]
        self.facility_last = [tuple(h.split()) for h in lex["facility_heads"]["last"]]
        self.government_heads = self.ministry_heads | self.agency_heads
        self.org_heads = self.ministry_heads | self.agency_heads | self.criminal_heads
        self.media_heads = set(lex["media_heads"])
        self.non_entity = set(lex["non_entity_words"])
        self.given = set(lex["given_names"])
        self.media_before = re.compile(r"(?:" + alt(lex["media_cues_before"], ignore_case=True) +
                                       r")\s+(?:the\s+)?$", re.IGNORECASE)
        frames = lex["media_report_frames"]
        self.media_frame_before = re.compile(r"(?<![\w])(?:" + alt(frames["before"]) + r")\s+(?:the\s+)?$")
        self.media_frame_after = re.compile(r"\s+(?:" + alt(frames["after"]) + r")\b")
        self.loc_preps = set(lex["location_preps"])
        self.metonym_blockers = set(lex["metonym_blockers"])
        self.light_verbs = set(lex["light_verbs"])
        self.anaphors = any_word(lex["anaphors"])
        #: words inside personal names ("de la Vega"); those that are also conjunctions or
        #: pronouns ("y", "al") do not join capitalised words into one name
        self.particles = frozenset(lex["name_particles"])
        joining = self.particles - set(lex["name_particles_ambiguous"])
        self.person_name = person_name_pattern(joining | {w.capitalize() for w in joining})

    def _countries(self, gaz: Gazetteer) -> None:
        """Country names and demonyms -> country id; the pattern finding them in text."""
        self.country_forms: dict[str, str] = {}
        for e in gaz.entries.values():
            if e.type == "Country":
                for f in e.surface_forms():
                    self.country_forms[f.translate(QUOTES)] = e.id
        self.demonym_forms = dict(gaz.demonyms)
        # country names as written (case-sensitive), demonyms in any case
        self.re_country = re.compile(
            r"(?<!\w)(?:" + alt([f for f in self.country_forms if len(f) >= 2]) + "|(?i:" +
            alt(self.demonym_forms, ignore_case=True) + r"))(?!\w)")
        #: what may stand before a title or a group noun: "Mexico's", "US", "Canadian", "mexicanas"
        self.country_prefixes = list(self.country_forms) + \
            [d.capitalize() for d in self.demonym_forms] + list(self.demonym_forms)

    def _titles(self, gaz: Gazetteer, titles: list[Title]) -> None:
        """Title forms (as written, with the first letter in either case) and their words."""
        self.title_forms: dict[str, Title | None] = {}
        for t in titles:
            for forms in t.forms.values():
                for f in forms:
                    self.title_forms.setdefault(f.lower(), t)
        for head in gaz.head_titles:
            self.title_forms.setdefault(head, None)  # known as a head title, no role id of its own
        forms = {f for t in titles for fs in t.forms.values() for f in fs} | set(gaz.head_titles)
        forms |= {f[0].lower() + f[1:] for f in forms} | {f[0].upper() + f[1:] for f in forms}
        self.title_variants = forms
        self.title_words = {w for t in titles for fs in t.forms.values() for f in fs for w in f.split()
                            if w[:1].isupper()} | {w for h in gaz.head_titles for w in h.split() if w[:1].isupper()}

    # ------------------------------------------------------------------ lookups
    def country_id(self, form: str) -> str:
        return self.country_forms.get(form) or self.demonym_forms[form.lower()]

    def country_hits(self, text: str) -> list[CountryHit]:
        """Every country name or demonym in ``text``, in order."""
        return [CountryHit(m.start(), m.end(), self.country_id(m.group(0))) for m in self.re_country.finditer(text)]

    def country_of(self, text: str) -> str | None:
        """The country a phrase names ("the US", "Mexico's", "mexicana", "State of Mexico")."""
        t = text.strip()
        t = re.sub(r"^(?:the|la|el)\s+", "", t)
        t = re.sub(r"'s$", "", t)
        if t in self.country_forms:
            return self.country_forms[t]
        if t.lower() in self.demonym_forms:
            return self.demonym_forms[t.lower()]
        words = t.split()
        for i in range(len(words)):
            tail = " ".join(words[i:])
            if tail in self.country_forms:
                return self.country_forms[tail]
        return None

    def after_title(self, text: str, start: int) -> bool:
        """Is the word before ``start`` a title ("Secretary Lopez")?"""
        m = last_word(text, start, r"[\w\-]+")
        return bool(m) and (m.group(1) in self.title_words or m.group(1).lower() in self.title_forms)

    def after_place_prep(self, text: str, start: int) -> bool:
        """Is ``start`` after a preposition of place ("in", "en"), past an article?"""
        before = text[max(0, start - 16):start].split()
        if before and before[-1].lower() in ("the", "la", "el", "los", "las"):
            before = before[:-1]
        return bool(before) and before[-1].lower() in self.loc_preps
