"""Person names: their normalised forms, the corpus's full names and the scan for its surnames.

In: the person names of the articles (:func:`person_names`), then each article's text.
Out: a :class:`NameIndex` (the corpus's full names, the surname index, and the unambiguous
surnames to look for in every article); for one article, where those surnames stand
(:func:`find_surnames`) as person mentions (:func:`add_surname_mentions`).

Also the text tests the scan is built on: :func:`has_word` and :class:`FormScanner`.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection
from functools import lru_cache

from kg.model import ArticleMentions, EntityMention, Span

#: Words that start a surname but not a full name: 'De la Vega' is a surname, not a full name.
NAME_PARTICLES = frozenset({"de", "del", "la", "las", "los", "van", "von", "da", "dos", "di", "le",
                            "al", "el"})

# patterns of the hot paths, compiled once (``re``'s own cache costs a lookup per call)
_ARTICLE = re.compile(r"^(?:the|la|el|los|las)\s+")
_POSSESSIVE = re.compile(r"'s$")
_NON_NAME = re.compile(r"[^a-z0-9@]+")
_WORD_CHAR = re.compile(r"\w")


@lru_cache(maxsize=1 << 16)
def norm_name(text: str) -> str:
    """The form names are compared in: no accents, lower case, no leading article or trailing
    possessive, runs of other characters as one space."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = _ARTICLE.sub("", t)
    t = _POSSESSIVE.sub("", t.replace("’", "'"))
    return _NON_NAME.sub(" ", t).strip()


def is_full_name(name: str) -> bool:
    """'José María de la Vega' is a full name; 'De la Vega' and 'Lopez' are not."""
    toks = name.split()
    return len(toks) >= 2 and toks[0].lower() not in NAME_PARTICLES


def person_names(art: ArticleMentions) -> list[str]:
    """The names of an article's person mentions as extracted (what :class:`NameIndex` reads)."""
    return [m.name or m.span.text for m in art.entities if m.type == "Person"]


# ---------------------------------------------------------------------------- whole words


class _Match:
    __slots__ = ("_s", "_e", "_t")

    def __init__(self, s: int, e: int, t: str):
        self._s, self._e, self._t = s, e, t

    def start(self) -> int:
        return self._s

    def end(self) -> int:
        return self._e

    def group(self, _i: int = 0) -> str:
        return self._t


def _whole_word_at(text: str, i: int, k: int, after_at: bool = True) -> bool:
    """Is ``text[i:i+k]`` bounded by non-word characters (and, unless ``after_at``, not
    preceded by '@')?"""
    if i > 0 and (_WORD_CHAR.match(text, i - 1) or (not after_at and text[i - 1] == "@")):
        return False
    return not _WORD_CHAR.match(text, i + k)


def has_word(text: str, word: str) -> bool:
    """Does ``word`` occur in ``text`` as a whole word (what ``\\bword\\b`` would find for a
    word that starts and ends with word characters)?"""
    i, k = text.find(word), len(word)
    while i >= 0:
        if _whole_word_at(text, i, k):
            return True
        i = text.find(word, i + 1)
    return False


HYPHENS = frozenset("-‐‑–")


class FormScanner:
    """``finditer`` with the matches of ``(?<![\\w@])(form1|form2|…)(?![\\w])`` (alternatives
    tried in the given order), without trying thousands of alternatives at every position.

    A form whose first character is a word character can only match where a maximal run of word
    characters starts (not after '@') and equals the form's leading run; any other form only where
    its first character stands. So the forms are indexed by leading run or first character and
    only those are tried at a position, in the given order: the same matches as the regex.
    """

    _WORD = re.compile(r"\w+")

    def __init__(self, forms: list[str]):
        if any(len(a) < len(b) for a, b in zip(forms, forms[1:])):
            raise ValueError("FormScanner needs the forms longest first")
        # lead -> [(length, forms of that length)], longest first: of the forms of one length at
        # most one equals the text there, so trying lengths in order is trying forms in order
        index: dict[str, dict[int, set[str]]] = defaultdict(dict)
        chars = set()
        for f in forms:
            lead = self._WORD.match(f)
            if lead is None:
                chars.add(f[0])
            index[lead.group() if lead else f[0]].setdefault(len(f), set()).add(f)
        self.index = {k: list(v.items()) for k, v in index.items()}
        self.chars = sorted(chars)

    def _starts(self, text: str) -> list[tuple[int, str]]:
        """Where a form can start, with its lead: a maximal word run that is some form's lead
        (not after '@'), or one of the forms' non-word first characters (after neither a word
        character nor '@')."""
        word = self._WORD
        starts = []
        for lead in self.index.keys() & set(word.findall(text)):
            i, k = text.find(lead), len(lead)
            while i >= 0:
                if _whole_word_at(text, i, k, after_at=False):
                    starts.append((i, lead))
                i = text.find(lead, i + k)
        for c in self.chars:
            i = text.find(c)
            while i >= 0:
                if i == 0 or not (text[i - 1] == "@" or word.match(text[i - 1])):
                    starts.append((i, c))
                i = text.find(c, i + 1)
        starts.sort()
        return starts

    def finditer(self, text: str):
        index, word = self.index, self._WORD
        pos, n = 0, len(text)
        for p, lead in self._starts(text):
            if p < pos:
                continue
            for length, same in index[lead]:
                e = p + length
                if text[p:e] in same and not (e < n and word.match(text[e])):
                    yield _Match(p, e, text[p:e])
                    pos = e
                    break


# ---------------------------------------------------------------------------- the corpus's names


class NameIndex:
    """The corpus's full person names, gathered in a first pass over the articles, and what
    follows from them: the surname index (for surname-only mentions) and the unambiguous corpus
    surnames that the scan looks for in every article (``forms``: surface form -> full name;
    ``digest`` identifies that set, so that scan results can be kept between builds)."""

    def __init__(self) -> None:
        self.full_names: dict[str, str] = {}  # normalised full name -> display, first seen
        self.surname_index: dict[str, set[str]] = {}
        self.forms: dict[str, str] = {}
        self.digest = ""
        self._scanner: FormScanner | None = None

    def add(self, names: list[str]) -> None:
        for name in names:
            if is_full_name(name):
                self.full_names.setdefault(norm_name(name), name)

    def close(self) -> NameIndex:
        index: dict[str, set[str]] = defaultdict(set)
        for nf in self.full_names:
            toks = nf.split()
            for i in range(1, len(toks)):
                index[" ".join(toks[i:])].add(nf)
        self.surname_index = dict(index)
        forms = {}
        for sn, fulls in index.items():
            if len(fulls) != 1 or len(sn) < 4:
                continue
            disp = self.full_names[next(iter(fulls))]
            tail = disp.split()[-len(sn.split()):]
            if " ".join(tail).lower() == sn or norm_name(" ".join(tail)) == sn:
                forms[" ".join(tail)] = disp
        self.forms = forms
        self.digest = hashlib.sha256(repr(sorted(forms.items())).encode("utf-8", "surrogatepass")
                                     ).hexdigest()
        return self

    @property
    def scanner(self) -> FormScanner:
        if self._scanner is None:
            self._scanner = FormScanner(sorted(self.forms, key=len, reverse=True))
        return self._scanner


def find_surnames(art: ArticleMentions, scan: FormScanner,
                  gazetteer_forms: Collection[str]) -> list[tuple[int, int, str]]:
    """(start, end, form) of the corpus surnames ``scan`` finds in the article, where no
    extracted mention already is and the form is neither a common word there nor a gazetteer
    form."""
    text = art.doc.text
    taken = [(m.span.start, m.span.end) for m in art.entities]
    found = []
    for m in scan.finditer(text):
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        if text[m.start() - 1:m.start()] in HYPHENS or text[m.end():m.end() + 1] in HYPHENS:
            continue  # one part of a compound surname ("Hernández-Salazar") is not "Salazar"
        if has_word(text, m.group(1).lower()):
            continue  # also a common word in this article
        if m.group(1) in gazetteer_forms:
            continue
        found.append((m.start(), m.end(), m.group(1)))
        taken.append((m.start(), m.end()))
    return found


def add_surname_mentions(art: ArticleMentions, found: list[tuple[int, int, str]],
                         forms: dict[str, str]) -> None:
    """'Ruiz' in an article that never gives his full name: a person when exactly one person
    of the corpus has that surname (found by extraction in another article)."""
    if not found:
        return
    text = art.doc.text
    for start, end, form in found:
        ss = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
        ends = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
        se = min(ends) + 1 if ends else len(text)
        art.entities.append(EntityMention(
            Span(start, end, form, ss, se, text[ss:se].strip()), "Person",
            "pattern:corpus-surname", 0.6, name=forms[form]))
    art.entities.sort(key=lambda x: x.span.start)
