"""Mentions -> canonical entities and events (within an article, across articles and languages).

In: a list of :class:`kg.model.ArticleMentions`. Out: a :class:`kg.model.Corpus`.

Three steps, so that a build can stream them one article at a time (:mod:`kg.build`):
:class:`NameIndex` gathers the corpus's full person names; :meth:`Resolver.article` resolves one
article against them and says what it adds to the corpus (:class:`Contribution`);
:class:`Reduction` folds those in article order, completes the entities, corefers events across
articles, and finishes each article's facts. :meth:`Resolver.resolve` does all three in memory.

Entities
- A gazetteer match resolves to the gazetteer entry ("SRE", "Mexico's Foreign Ministry",
  "Secretaría de Relaciones Exteriores" -> one entity), whatever the language of the article.
- A person's short form ("Lopez", "De la Vega") joins the full name in the same article; across
  articles, full names join when their normalised forms (case, accents) are equal, and a bare
  surname joins a full name only when exactly one person in the corpus has that surname.
- Other names join on their normalised form within the same type only: a name is never merged
  across incompatible types. Every join records why (``Entity.merge_reasons``).
Keys (and so IRIs) are ``<type>/<gazetteer id or slug of the canonical name>``.

Events
- Within an article: an anaphoric mention ("the call", "la conversación") with no participants of
  its own joins the latest event of its type; mentions of the same type, status and compatible
  date that share participants are one event; demands, agreements and statements with no date of
  their own take the date of the call or meeting they were part of.
- Across articles: reports of the same type whose participants overlap and whose dates are within
  a day (or the same month for month precision) are one event with one key; each article keeps
  its own claimed date, place and wording in its own named graph.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.data import Gazetteer
from kg.model import (
    Affiliation,
    ArticleFacts,
    ArticleMentions,
    Corpus,
    Entity,
    EntityMention,
    EntityOccurrence,
    Event,
    EventMention,
    Role,
    Span,
    TimeValue,
    article_summary,
    slugify,
)

_SPEECH_ACTS = {"Demand", "Agreement", "Statement", "Rejection", "Meeting"}
AGAIN = re.compile(r"\b(?:again|once more|de nuevo|nuevamente|otra vez)\b", re.I)


def text_after(em: EventMention, width: int = 25) -> str:
    """The words right after the trigger, within its sentence."""
    sent, start = em.evidence.sentence, em.trigger.end - em.evidence.start
    return sent[start:start + width] if sent else ""


RELATIVE = re.compile(r"\b(?:en la que|en el que|en la cual|in which|during which|durante la cual)\b", re.I)


# patterns of the hot paths, compiled once (``re``'s own cache costs a lookup per call)
_ARTICLE = re.compile(r"^(?:the|la|el|los|las)\s+")
_POSSESSIVE = re.compile(r"'s$")
_NON_NAME = re.compile(r"[^a-z0-9@]+")
_WORD = re.compile(r"[a-záéíóúñü]{3,}")
_DURING = re.compile(r"\b(?:during|durante)\b", re.I)
_ANAPHORIC = re.compile(r"call|conversa|llamada|intercambio|di[aá]logo|statement|readout|"
                        r"message|communiqu|mensaje")


@lru_cache(maxsize=1 << 16)
def norm_name(text: str) -> str:
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = _ARTICLE.sub("", t)
    t = _POSSESSIVE.sub("", t.replace("’", "'"))
    return _NON_NAME.sub(" ", t).strip()


_STOP = set("the a an of to and in on for that with by from as at is was were be has have had it its this "
            "their his her el la los las de del y en que por con para un una se su sus al lo".split())


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def _similar(a: str, b: str, threshold: float = 0.35) -> bool:
    """Do two sentences share enough content words to report the same act?"""
    wa, wb = _content_words(a), _content_words(b)
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= threshold


def is_full_name(name: str) -> bool:
    """'José María de la Vega' is a full name; 'De la Vega' and 'Lopez' are not."""
    toks = name.split()
    return len(toks) >= 2 and toks[0].lower() not in _PARTICLES


_PARTICLES = {"de", "del", "la", "las", "los", "van", "von", "da", "dos", "di", "le", "al", "el"}


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


_WORD_CHAR = re.compile(r"\w")


def _whole_word_at(text: str, i: int, k: int, after_at: bool = True) -> bool:
    """Is ``text[i:i+k]`` bounded by non-word characters (and, unless ``after_at``, not
    preceded by '@')?"""
    if i > 0 and (_WORD_CHAR.match(text, i - 1) or (not after_at and text[i - 1] == "@")):
        return False
    return not _WORD_CHAR.match(text, i + k)


def _has_word(text: str, word: str) -> bool:
    """Does ``word`` occur in ``text`` as a whole word (what ``\\bword\\b`` would find for a
    word that starts and ends with word characters)?"""
    i, k = text.find(word), len(word)
    while i >= 0:
        if _whole_word_at(text, i, k):
            return True
        i = text.find(word, i + 1)
    return False


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

    def finditer(self, text: str):
        index, word = self.index, self._WORD
        # where a form can start: a maximal word run that is some form's lead (not after '@'),
        # or one of the forms' non-word first characters (after neither a word character nor '@')
        starts = []
        for lead in index.keys() & set(word.findall(text)):
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
        pos, n = 0, len(text)
        for p, lead in starts:
            if p < pos:
                continue
            for length, same in index[lead]:
                e = p + length
                if text[p:e] in same and not (e < n and word.match(text[e])):
                    yield _Match(p, e, text[p:e])
                    pos = e
                    break


def type_slug(etype: str) -> str:
    return etype.lower()


def person_names(art: ArticleMentions) -> list[str]:
    """The names of an article's person mentions as extracted (what :class:`NameIndex` reads)."""
    return [m.name or m.span.text for m in art.entities if m.type == "Person"]


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


@dataclass(slots=True)
class Contribution:
    """What one resolved article adds to the corpus-wide tables, in the order the article adds
    it; :class:`Reduction` folds the contributions in article order. Also what the build keeps of
    the article until its graph is written: the digest of its facts (``facts``, given
    ``digest=True``), the entity keys its graph names, and its posts that lack a country."""
    new: dict[str, Entity | str]  # key -> the entity its first mention here makes (or its
    # gazetteer id)
    aliases: list[tuple[str, str, str | None]]  # (key, surface form, language)
    reasons: list[tuple[str, str]]  # (key, why a mention joined it)
    names: list[tuple[str, str]]  # (person key, name as written)
    countries: list[tuple[str, str]]  # (key, country key) stated by mentions
    gazetteer: list[str]  # gazetteer ids the posts name
    outlet: str | None
    posts: list[tuple[str, str, str]]  # (person, post id, country) of posts with a country
    open_posts: list[tuple[int, str, str]]  # (index, person, post id) of posts without one
    events: list[tuple]  # dated events: (index, type, status, mode, participants, time)
    event_types: list[tuple[str, str]]  # (key, type) of every event
    mentioned: set[str]  # keys of the entities the article mentions
    used: set[str]  # and those its posts and publisher name
    extractors: set[str]
    concepts: set[tuple[str, str, str | None]]  # (post id, wording, language) of its posts
    keys: list[str]  # entity keys the article's graph names
    warnings: list[str]
    roles: int = 0
    affiliations: int = 0
    found: list[tuple[int, int, str]] | None = None  # corpus surnames, when scanned here
    facts: bytes = b""  # digest of the facts (before corpus-wide post countries and event keys)


def open_posts(art: ArticleFacts) -> list[tuple[int, str, str]]:
    """(index, person, post id) of the article's posts that have a post id but no country."""
    return [(i, r.person, r.role_id) for i, r in enumerate(art.roles) if r.role_id and not r.country]


def facts_digest(art: ArticleFacts) -> bytes:
    """Hash of an article's own facts, leaving out what :meth:`Reduction.finish_article` may
    change afterwards (posts' countries, event keys): see :func:`kg.build.run.graph_digest`."""
    doc = replace(art.doc, text="")
    roles = [replace(r, country=None) for r in art.roles]
    events = [replace(e, key="") for e in art.events]
    payload = repr((doc, art.entities, roles, art.affiliations, events, art.publisher))
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).digest()


class _Dated:
    """A dated event, as much of it as cross-article coreference needs."""
    __slots__ = ("ai", "ei", "h", "type", "status", "mode", "parts", "value", "precision", "b0",
                 "b1")

    def __init__(self, ai: int, ei: int, h: int, type: str, status: str, mode: str | None,
                 parts: tuple[str, ...], time: TimeValue):
        self.ai, self.ei, self.h, self.type, self.status, self.mode = ai, ei, h, type, status, mode
        self.parts, self.value, self.precision = parts, time.value, time.precision
        self.b0, self.b1 = time.bounds


class Reduction:
    """The corpus-wide tables, folded from the articles' contributions in article order:
    entities (with aliases, merge reasons, names and countries), the posts' countries, the dated
    events for cross-article coreference, and what the corpus-level graphs describe. After
    :meth:`finish`, :meth:`finish_article` applies the corpus-wide results to an article's facts."""

    def __init__(self, resolver: Resolver):
        self.r = resolver
        self.corpus = Corpus()
        self._names: dict[str, Counter] = defaultdict(Counter)
        self._gaz: dict[str, None] = {}
        self._outlets: dict[str, None] = {}
        self.posts: dict[tuple[str, str], str] = {}  # (person, post id) -> country, first seen
        self._dated: list[_Dated] = []
        self._strings: dict[str, str] = {}
        self.event_keys: dict[int, list[tuple[int, str]]] = {}  # article -> (event, new key)
        self.events: Counter = Counter()  # distinct events per type (after :meth:`finish`)
        self._distinct: dict[str, set[int]] = defaultdict(set)  # type -> hashes of event keys
        self.mentioned: set[str] = set()
        self.used: set[str] = set()
        self.extractors: set[str] = set()
        self.concepts: set[tuple[str, str, str | None]] = set()
        self.roles = self.affiliations = 0

    def _s(self, s: str) -> str:
        return self._strings.setdefault(s, s)

    def add(self, ai: int, c: Contribution) -> None:
        ents = self.corpus.entities
        for key, ent in c.new.items():
            if key not in ents:
                ents[key] = self.r._gaz_entity(ent) if isinstance(ent, str) else ent
        for key, surface, lang in c.aliases:
            ents[key].aliases.setdefault(surface, lang)
        for key, reason in c.reasons:
            if reason not in ents[key].merge_reasons:
                ents[key].merge_reasons.append(reason)
        for key, name in c.names:
            self._names[key][name] += 1
        for key, country in c.countries:
            if not ents[key].country:
                ents[key].country = country
        self._gaz.update(dict.fromkeys(c.gazetteer))
        if c.outlet:
            self._outlets.setdefault(c.outlet)
        for person, post, country in c.posts:
            self.posts.setdefault((person, post), country)
        s = self._s
        for ei, etype, status, mode, parts, time in c.events:
            self._dated.append(_Dated(ai, ei, hash(c.event_types[ei][0]), s(etype), s(status),
                                      mode and s(mode), tuple(s(k) for k in parts), time))
        dated = {e[0] for e in c.events}
        for ei, (key, etype) in enumerate(c.event_types):
            if ei not in dated:
                self._distinct[etype].add(hash(key))
        self.mentioned |= c.mentioned
        self.used |= c.used
        self.extractors |= c.extractors
        self.concepts |= c.concepts
        self.roles += c.roles
        self.affiliations += c.affiliations

    def finish(self) -> Corpus:
        """The entities completed (names, gazetteer closure, publishers) and the events
        coreferred across articles; returns the corpus (without articles)."""
        r, corpus = self.r, self.corpus
        for key, counter in self._names.items():
            full = [n for n in counter if is_full_name(n)]
            if full:
                corpus.entities[key].name = max(full, key=lambda n: (counter[n], len(n), n))
        for gid in self._gaz:
            r._ensure_gaz(corpus, gid)
        for key in list(corpus.entities):
            r._close_gaz(corpus, corpus.entities[key])
        for ent in list(corpus.entities.values()):
            if ent.gazetteer_id:
                e = r.gaz.entries[ent.gazetteer_id]
                if e.parent:
                    corpus.gazetteer_affiliations.append(Affiliation(
                        ent.key, r._gaz_key(e.parent), None, "gazetteer", 1.0))
        for outlet in self._outlets:
            r._publisher(corpus, outlet)
        self._coref()
        self.events = Counter({t: len(hashes) for t, hashes in self._distinct.items()})
        self._names, self._dated, self._distinct, self._strings = {}, [], {}, {}
        return corpus

    def finish_article(self, ai: int, art: ArticleFacts) -> ArticleFacts:
        """Posts without a country take the one the same person's same post has elsewhere in
        the corpus; events take their cross-article key."""
        for i, country in self.fills(open_posts(art)):
            art.roles[i].country = country
        for ei, key in self.event_keys.get(ai, ()):
            art.events[ei].key = key
        return art

    def fills(self, posts) -> list[tuple[int, str]]:
        """(index, country) of the posts (see :func:`open_posts`) that take a country from the
        same person's same post elsewhere in the corpus."""
        return [(i, self.posts[(p, r)]) for i, p, r in posts if (p, r) in self.posts]

    def _coref(self) -> None:
        """Give reports of the same real-world event in different articles the same key."""
        clusters: list[list[_Dated]] = []
        # Each event joins the first earlier cluster all of whose members it corefers with. Two
        # events corefer only if they share type, status and a participant, so the clusters worth
        # trying are found through an index on the first member's (type, status, participant):
        # the same result as trying every cluster in order, without the quadratic scan.
        index: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        for ev in self._dated:
            cands: set[int] = set()
            for k in ev.parts:
                cands.update(index.get((ev.type, ev.status, k), ()))
            for ci in sorted(cands):
                cl = clusters[ci]
                if any(o.ai == ev.ai for o in cl):
                    continue
                if all(_corefer(ev, o) for o in cl):
                    cl.append(ev)
                    break
            else:
                clusters.append([ev])
                for k in set(ev.parts):
                    index[(ev.type, ev.status, k)].append(len(clusters) - 1)
        for cl in clusters:
            if len(cl) < 2:
                self._distinct[cl[0].type].add(cl[0].h)
                continue
            first = min(cl, key=lambda e: e.value)
            persons = sorted({k for ev in cl for k in ev.parts})
            ident = "|".join([first.type, ",".join(persons), first.value])
            key = f"{first.type.lower()}/{hashlib.sha1(ident.encode()).hexdigest()[:16]}"
            self._distinct[first.type].add(hash(key))
            for ev in cl:
                self.event_keys.setdefault(ev.ai, []).append((ev.ei, key))


def _corefer(a: _Dated, b: _Dated) -> bool:
    if a.type != b.type or a.status != b.status:
        return False
    if a.mode and b.mode and a.mode != b.mode:
        return False
    pa, pb = set(a.parts), set(b.parts)
    persons = {k for k in pa & pb if k.startswith("person/")}
    if not (len(persons) >= 2 or (pa == pb and pa)):
        return False
    if a.precision == "day" and b.precision == "day":
        return abs((a.b0 - b.b0).days) <= 1
    return a.b0 <= b.b1 and b.b0 <= a.b1


class Resolver:
    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz
        self._media_forms: dict[str, str] | None = None
        self._surface_forms: dict[str, dict[str, str | None]] = {}  # gazetteer id -> forms

    # ---------------------------------------------------------------- the corpus
    def resolve(self, articles: list[ArticleMentions]) -> Corpus:
        """All articles in memory, in the three steps a streaming build takes one article at a
        time: names, per-article resolution folded into the corpus tables, finishing."""
        names = NameIndex()
        for art in articles:
            names.add(person_names(art))
        names.close()
        red = Reduction(self)
        facts = []
        for ai, art in enumerate(articles):
            f, c = self.article(art, names)
            red.add(ai, c)
            facts.append(f)
        corpus = red.finish()
        corpus.articles = [red.finish_article(ai, f) for ai, f in enumerate(facts)]
        return corpus

    # ---------------------------------------------------------------- one article
    def article(self, art: ArticleMentions, names: NameIndex,
                found: list[tuple[int, int, str]] | None = None,
                digest: bool = False) -> tuple[ArticleFacts, Contribution]:
        """Resolve one article against the corpus's names: its facts (entity keys, posts,
        affiliations, events within the article) and its contribution to the corpus tables.
        ``found``: the corpus-surname matches of an earlier scan of this article, if known."""
        scanned = None
        if found is None:
            found = scanned = self._surnames_in(art, names.scanner) if names.forms else []
        self._add_surnames(art, found, names.forms)
        c = Contribution(new={}, aliases=[], reasons=[], names=[], countries=[], gazetteer=[],
                         outlet=art.doc.outlet, posts=[], open_posts=[], events=[],
                         event_types=[], mentioned=set(), used=set(), extractors=set(),
                         concepts=set(), keys=[], warnings=list(art.warnings), found=scanned)
        for m in art.entities:
            m.key, reason = self._key(m, names.full_names, names.surname_index)
            if m.key not in c.new:  # a gazetteer entity is made from its id where it is needed
                c.new[m.key] = m.gazetteer_id or self._new_entity(m)
            surface = m.span.text.strip()
            c.aliases.append((m.key, surface, art.doc.lang if m.gazetteer_id is None else
                              self._alias_lang(m.gazetteer_id, surface)))
            if reason:
                c.reasons.append((m.key, reason))
            if m.type == "Person" and not m.gazetteer_id:
                c.names.append((m.key, m.name or surface))
            if m.country and not m.gazetteer_id:
                c.countries.append((m.key, self._gaz_key(m.country)))
        for r in art.roles:
            c.gazetteer.extend(gid for gid in (r.org_gazetteer_id, r.country) if gid)
        facts = self._article(art)
        c.posts = [(r.person, r.role_id, r.country) for r in facts.roles if r.country and r.role_id]
        c.open_posts = open_posts(facts)
        for ei, ev in enumerate(facts.events):
            c.event_types.append((ev.key, ev.type))
            if ev.time and ev.time.value:
                c.events.append((ei, ev.type, ev.status, ev.mode,
                                 tuple(k for k, _ in ev.participants), ev.time))
        c.mentioned = set(facts.entities)
        c.used, c.extractors, c.concepts = article_summary(facts)
        c.keys = sorted(graph_keys(facts))
        c.roles, c.affiliations = len(facts.roles), len(facts.affiliations)
        if digest:
            c.facts = facts_digest(facts)
        return facts, c

    def _add_surnames(self, art: ArticleMentions, found, forms: dict[str, str]) -> None:
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

    def _surnames_in(self, art: ArticleMentions, scan: FormScanner) -> list[tuple[int, int, str]]:
        """(start, end, form) of the corpus surnames ``scan`` finds in the article, where no
        extracted mention already is and the form is not also a common word there."""
        text = art.doc.text
        taken = [(m.span.start, m.span.end) for m in art.entities]
        found = []
        for m in scan.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if _has_word(text, m.group(1).lower()):
                continue  # also a common word in this article
            if m.group(1) in self.gaz.forms:
                continue
            found.append((m.start(), m.end(), m.group(1)))
            taken.append((m.start(), m.end()))
        return found

    def _alias_lang(self, gid: str, surface: str) -> str | None:
        forms = self._surface_forms.get(gid)
        if forms is None:
            forms = self._surface_forms[gid] = self.gaz.entries[gid].surface_forms()
        return forms.get(surface)

    def _gaz_key(self, gid: str) -> str:
        return f"{type_slug(self.gaz.entries[gid].type)}/{gid}"

    def _ensure_gaz(self, corpus: Corpus, gid: str) -> str:
        key = self._gaz_key(gid)
        if key not in corpus.entities:
            corpus.entities[key] = self._gaz_entity(gid)
            self._close_gaz(corpus, corpus.entities[key])
        return key

    def _close_gaz(self, corpus: Corpus, ent: Entity) -> None:
        if not ent.gazetteer_id:
            return
        e = self.gaz.entries[ent.gazetteer_id]
        for ref in (e.country, e.parent):
            if ref and self._gaz_key(ref) not in corpus.entities:
                self._ensure_gaz(corpus, ref)

    def _gaz_entity(self, gid: str) -> Entity:
        e = self.gaz.entries[gid]
        return Entity(
            key=self._gaz_key(gid), type=e.type, name=e.canonical, name_lang=e.canonical_lang,
            aliases=dict(e.surface_forms()),
            country=self._gaz_key(e.country) if e.country else None,
            parent=self._gaz_key(e.parent) if e.parent else None,
            wikidata=e.wikidata, gazetteer_id=gid)

    def _new_entity(self, m: EntityMention) -> Entity:
        if m.gazetteer_id:
            return self._gaz_entity(m.gazetteer_id)
        name = m.name or m.span.text.strip()
        name = re.sub(r"^(?:the|The)\s+", "", name)
        return Entity(key=m.key, type=m.type, name=name, name_lang=None, aliases={})

    def _key(self, m: EntityMention, full_names, surname_index) -> tuple[str, str | None]:
        if m.gazetteer_id:
            e = self.gaz.entries[m.gazetteer_id]
            m.type = e.type
            return self._gaz_key(m.gazetteer_id), f"gazetteer entry '{m.gazetteer_id}'"
        name = m.name or m.span.text
        nf = norm_name(name)
        if m.type == "Person":
            if is_full_name(name) and nf in full_names:
                if m.extractor == "pattern:corpus-surname":
                    reason = (f"surname '{m.span.text}' matches exactly one full name in the "
                              f"corpus, '{m.name}'")
                elif m.name is not None and m.name != m.span.text:
                    reason = f"short form '{m.span.text}' of '{m.name}' in the same article ({m.extractor})"
                else:
                    reason = None
                return f"person/{slugify(nf)}", reason
            cands = surname_index.get(nf, set())
            if len(cands) == 1:
                full = next(iter(cands))
                return f"person/{slugify(full)}", (f"surname '{m.span.text}' matches exactly one "
                                                   f"full name in the corpus, '{full_names[full]}'")
        return f"{type_slug(m.type)}/{slugify(nf)}", None

    # ---------------------------------------------------------------- per article
    def _publisher_key(self, outlet: str | None) -> str | None:
        """The key of the outlet named in the manifest, as a Media entity (the gazetteer's, if it
        knows it)."""
        if not outlet:
            return None
        nf = norm_name(outlet)
        if self._media_forms is None:  # first entry per normalised form, as a scan would find
            self._media_forms = {}
            for e in self.gaz.entries.values():
                if e.type == "Media":
                    for f in e.surface_forms():
                        self._media_forms.setdefault(norm_name(f), e.id)
        if nf in self._media_forms:
            return self._gaz_key(self._media_forms[nf])
        return f"media/{slugify(nf)}"

    def _publisher(self, corpus: Corpus, outlet: str) -> None:
        """Make sure the corpus has the outlet's entity."""
        key = self._publisher_key(outlet)
        gid = self._media_forms.get(norm_name(outlet))
        if gid:
            self._ensure_gaz(corpus, gid)
        else:
            corpus.entities.setdefault(key, Entity(key=key, type="Media", name=outlet.strip(),
                                                   aliases={}))

    def _article(self, art: ArticleMentions) -> ArticleFacts:
        """The article's facts; the gazetteer entities and the outlet they name are added to the
        corpus by :meth:`Reduction.finish`."""
        facts = ArticleFacts(doc=art.doc, warnings=list(art.warnings),
                             publisher=self._publisher_key(art.doc.outlet))
        for m in art.entities:
            occ = facts.entities.setdefault(m.key, EntityOccurrence(m.key))
            occ.mentions.append(m)
        seen_roles = set()
        for r in art.roles:
            person = r.person.key
            if person is None:
                continue
            org = r.org.key if r.org is not None and r.org.key else (
                self._gaz_key(r.org_gazetteer_id) if r.org_gazetteer_id else None)
            country = self._gaz_key(r.country) if r.country else None
            ident = (person, (r.role_id or r.role.lower()), r.former)
            if ident in seen_roles:
                continue
            seen_roles.add(ident)
            facts.roles.append(Role(person, r.role, r.role_id, org, country, r.former, r.span,
                                    r.extractor, r.confidence, art.doc.lang))
        seen_aff = set()
        for a in art.affiliations:
            if a.member.key and a.parent.key and a.member.key != a.parent.key and \
                    (a.member.key, a.parent.key) not in seen_aff:
                seen_aff.add((a.member.key, a.parent.key))
                facts.affiliations.append(Affiliation(a.member.key, a.parent.key, a.span,
                                                      a.extractor, a.confidence))
        facts.events = self._article_events(art)
        return facts

    # ---------------------------------------------------------------- events
    def _article_events(self, art: ArticleMentions) -> list[Event]:
        merged: list[dict] = []
        text = art.doc.text
        for em in art.events:
            parts = []
            for p in em.participants:
                if p.mention.key and all(p.mention.key != k for k, _ in parts):
                    parts.append((p.mention.key, p.role))
            rec = {"m": em, "parts": parts, "time": em.time, "mode": em.mode,
                   "place": em.place.key if em.place is not None else None,
                   "status": em.status, "quote": em.quote, "channel": em.channel}
            persons = {k for k, _ in parts if k.startswith("person/")}
            prev_same = next((r for r in reversed(merged) if r["m"].type == em.type), None)
            # "the call", "la conversación": the event already reported, unless the phrase names
            # other people ("the call held on Monday between the two presidents, X and Y")
            if self._definite(text, em) and prev_same is not None and (persons <= {
                    k for k, _ in prev_same["parts"]} or (em.type == "Statement" and not parts)) and \
                    self._compatible_time(prev_same["time"], rec["time"]):
                self._absorb(prev_same, {**rec, "parts": [p for p in parts if p[0] in persons]})
                continue
            # "in which he asked …", "during the conversation …", "they agreed …": the actors of
            # the call or meeting being described
            focus = next((r for r in reversed(merged) if len({k for k, _ in r["parts"]
                                                              if k.startswith("person/")}) >= 2), None)
            lead = text[em.evidence.start:em.trigger.start]
            if focus is not None and not persons and em.type in _SPEECH_ACTS and (
                    em.anaphor or RELATIVE.search(lead[-40:]) or
                    (not parts and _DURING.search(lead))):
                rec["parts"] = [(k, "participant") for k, _ in focus["parts"] if k.startswith("person/")] + \
                    [p for p in parts if not p[0].startswith("person/")]
                if (rec["time"] is None or not rec["time"].value) and focus["status"] == "occurred":
                    rec["time"] = focus["time"]
            if not rec["parts"]:
                continue
            target = next((r for r in reversed(merged) if self._same(r, rec)), None)
            if target is not None:
                self._absorb(target, rec)
                continue
            merged.append(rec)
        merged = self._drop_subsumed_statements(merged)
        # a demand, agreement or statement made during a call takes the call's date
        for i, rec in enumerate(merged):
            if rec["m"].type in ("Demand", "Agreement", "Statement") and not (rec["time"] and rec["time"].value):
                keys = {k for k, _ in rec["parts"] if k.startswith("person/")}
                sent = rec["m"].evidence.start
                same_sentence = [r for r in merged[i + 1:] if r["m"].evidence.start == sent]
                for prev in same_sentence + list(reversed(merged[:i])):
                    if prev["m"].type in ("Communication", "Meeting") and prev["status"] == "occurred":
                        near = prev["m"].evidence.start == sent
                        if (keys & {k for k, _ in prev["parts"]} or near) and prev["time"] and prev["time"].value:
                            rec["time"] = prev["time"]
                            break
        out = []
        for rec in merged:
            em: EventMention = rec["m"]
            ident = "|".join([art.doc.id, em.type, str(em.trigger.start)])
            out.append(Event(
                key=f"{em.type.lower()}/{hashlib.sha1(ident.encode()).hexdigest()[:16]}",
                type=em.type, mode=rec["mode"], participants=rec["parts"], time=rec["time"],
                place=rec["place"], status=rec["status"], trigger=em.trigger,
                evidence=em.evidence, quote=rec["quote"], extractor=em.extractor,
                confidence=em.confidence, channel=rec.get("channel")))
        return out

    @staticmethod
    def _definite(text: str, em: EventMention) -> bool:
        """A definite or demonstrative noun phrase for an event of an anaphoric kind."""
        if not Resolver._anaphoric(em):
            return False
        before = text[max(0, em.trigger.start - 12):em.trigger.start].lower().split()
        return bool(before) and before[-1] in ("the", "this", "that", "la", "el", "esta", "este",
                                               "dicha", "dicho", "their", "his", "her", "su")

    @staticmethod
    def _drop_subsumed_statements(merged: list[dict]) -> list[dict]:
        """A statement in the same sentence as a more specific act of the same actor (a demand,
        threat, agreement, rejection or post) is that act, not a second event."""
        specific = ("Demand", "Threat", "Agreement", "Rejection")
        out = []
        for r in merged:
            if r["m"].type == "Statement":
                mine = {k for k, role in r["parts"] if role == "initiator"} or {k for k, _ in r["parts"]}
                if any(o is not r and (o["m"].type in specific or o["mode"] == "post")
                       and o["m"].evidence.start == r["m"].evidence.start
                       and mine & {k for k, _ in o["parts"]} for o in merged):
                    continue
            out.append(r)
        return out

    @staticmethod
    def _anaphoric(em: EventMention) -> bool:
        t = em.trigger.text.lower()
        return bool(_ANAPHORIC.search(t))

    @staticmethod
    def _compatible_time(a, b) -> bool:
        if a is None or not a.value or b is None or not b.value:
            return True
        return a.value == b.value

    def _same(self, r: dict, rec: dict) -> bool:
        if r["m"].type != rec["m"].type or r["status"] != rec["status"]:
            return False
        if not self._compatible_time(r["time"], rec["time"]):
            return False
        a = {k for k, _ in r["parts"]}
        b = {k for k, _ in rec["parts"]}
        same_sentence = r["m"].evidence.start == rec["m"].evidence.start
        after = rec["m"].trigger.text + " " + text_after(rec["m"])
        if AGAIN.search(after) and not same_sentence:
            return False  # "spoke again with Vasquel": another call
        if rec["m"].type not in ("Communication", "Meeting"):
            # distinct sentences usually report distinct acts (one sentence, one act per type),
            # unless they say the same thing of the same actors ("stressed the need for tangible
            # results" twice)
            if same_sentence:
                return bool(a & b or not a or not b)
            return bool(a & b) and _similar(r["m"].evidence.sentence, rec["m"].evidence.sentence)
        if a == b:
            return True
        shared = a & b
        if rec["m"].type in ("Communication", "Meeting"):
            persons = {k for k in shared if k.startswith("person/")}
            return len(persons) >= 2 or (len(persons) == 1 and (
                len({k for k in a if k.startswith("person/")}) == 1 or
                len({k for k in b if k.startswith("person/")}) == 1))
        return False

    @staticmethod
    def _absorb(target: dict, rec: dict) -> None:
        for k, role in rec["parts"]:
            if all(k != k2 for k2, _ in target["parts"]):
                target["parts"].append((k, role))
        if (target["time"] is None or not target["time"].value) and rec["time"] is not None and rec["time"].value:
            target["time"] = rec["time"]
        if target["mode"] is None and rec["mode"]:
            target["mode"] = rec["mode"]
        target["place"] = target["place"] or rec["place"]
        target["quote"] = target["quote"] or rec["quote"]
        target["channel"] = target.get("channel") or rec.get("channel")


def graph_keys(art: ArticleFacts) -> set[str]:
    """Keys of the entities an article's named graph names (without their countries)."""
    keys = set(art.entities)
    keys.update(k for ev in art.events for k, _ in ev.participants)
    keys.update(ev.place for ev in art.events if ev.place)
    keys.update(k for r in art.roles for k in (r.person, r.org, r.country) if k)
    keys.update(k for a in art.affiliations for k in (a.member, a.parent))
    if art.publisher:
        keys.add(art.publisher)
    return keys
