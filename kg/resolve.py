"""Mentions -> canonical entities and events (within an article, across articles and languages).

In: a list of :class:`kg.model.ArticleMentions`. Out: a :class:`kg.model.Corpus`.

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
from dataclasses import dataclass, field
from functools import lru_cache

from .gazetteer import Gazetteer
from .model import (
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
)
from .rdf import slugify

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


@dataclass
class ScanMemo:
    """What the corpus-surname scan found in each article (keyed by the article's cache key),
    for one set of surname forms (``forms``, a digest). Kept by the build cache between builds:
    while the corpus's unambiguous surnames stay the same, an article's matches are those of last
    time and only new articles are scanned. ``added`` holds the entries made in this run."""
    forms: str = ""
    found: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    added: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    reset: bool = False  # the forms changed: every earlier entry is void


class Resolver:
    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz
        self._media_forms: dict[str, str] | None = None
        self._surface_forms: dict[str, dict[str, str | None]] = {}  # gazetteer id -> forms

    # ---------------------------------------------------------------- entities
    def resolve(self, articles: list[ArticleMentions], memo: ScanMemo | None = None,
                keys: list[str] | None = None) -> Corpus:
        """``memo`` and ``keys`` (the articles' cache keys, in order): reuse the corpus-surname
        matches of unchanged articles (see :class:`ScanMemo`)."""
        corpus = Corpus()
        # pass 1: full person names across the corpus (for surname-only mentions)
        full_names: dict[str, str] = {}  # norm full name -> display
        for art in articles:
            for m in art.entities:
                if m.type == "Person":
                    name = m.name or m.span.text
                    if is_full_name(name):
                        full_names.setdefault(norm_name(name), name)
        surname_index: dict[str, set[str]] = defaultdict(set)
        for nf, disp in full_names.items():
            toks = nf.split()
            for i in range(1, len(toks)):
                surname_index[" ".join(toks[i:])].add(nf)

        self._corpus_surnames(articles, full_names, surname_index,
                              memo if keys is not None else None, keys)
        names_seen: dict[str, Counter] = defaultdict(Counter)
        for art in articles:
            for m in art.entities:
                m.key, reason = self._key(m, full_names, surname_index)
                ent = corpus.entities.get(m.key)
                if ent is None:
                    ent = self._new_entity(m)
                    corpus.entities[m.key] = ent
                surface = m.span.text.strip()
                ent.aliases.setdefault(surface, art.doc.lang if m.gazetteer_id is None else
                                       self._alias_lang(m.gazetteer_id, surface))
                if reason and reason not in ent.merge_reasons:
                    ent.merge_reasons.append(reason)
                if m.type == "Person" and not m.gazetteer_id:
                    names_seen[m.key][m.name or surface] += 1
                if m.country and not ent.country and not m.gazetteer_id:
                    ent.country = self._gaz_key(m.country)
        for key, counter in names_seen.items():
            ent = corpus.entities[key]
            full = [n for n in counter if is_full_name(n)]
            if full:
                ent.name = max(full, key=lambda n: (counter[n], len(n), n))
        # entities referenced only through the gazetteer (role orgs, countries, parents)
        for art in articles:
            for r in art.roles:
                for gid in (r.org_gazetteer_id, r.country):
                    if gid:
                        self._ensure_gaz(corpus, gid)
        for key in list(corpus.entities):
            self._close_gaz(corpus, corpus.entities[key])
        for ent in list(corpus.entities.values()):
            if ent.gazetteer_id:
                e = self.gaz.entries[ent.gazetteer_id]
                if e.parent:
                    corpus.gazetteer_affiliations.append(Affiliation(
                        ent.key, self._gaz_key(e.parent), None, "gazetteer", 1.0))

        for art in articles:
            corpus.articles.append(self._article(corpus, art))
        self._fill_role_countries(corpus)
        self._coref_events(corpus)
        return corpus

    def _corpus_surnames(self, articles, full_names, surname_index, memo: ScanMemo | None = None,
                         keys: list[str] | None = None) -> None:
        """'Ruiz' in an article that never gives his full name: a person when exactly one person
        of the corpus has that surname (found by extraction in another article)."""
        forms = {}
        for sn, fulls in surname_index.items():
            if len(fulls) != 1 or len(sn) < 4:
                continue
            full = next(iter(fulls))
            disp = full_names[full]
            tail = disp.split()[-len(sn.split()):]
            if " ".join(tail).lower() == sn or norm_name(" ".join(tail)) == sn:
                forms[" ".join(tail)] = disp
        if memo is not None:
            digest = hashlib.sha256(repr(sorted(forms.items())).encode("utf-8", "surrogatepass")
                                    ).hexdigest()
            if memo.forms != digest:
                memo.forms, memo.reset = digest, True
                memo.found.clear()
        if not forms:
            return
        scan: FormScanner | None = None
        for i, art in enumerate(articles):
            found = memo.found.get(keys[i]) if memo is not None else None
            if found is None:
                scan = scan or FormScanner(sorted(forms, key=len, reverse=True))
                found = self._surnames_in(art, scan)
                if memo is not None:
                    memo.found[keys[i]] = memo.added[keys[i]] = found
            if not found:
                continue
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
    def _publisher(self, corpus: Corpus, outlet: str | None) -> str | None:
        """The outlet named in the manifest, as a Media entity (the gazetteer's, if it knows it)."""
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
            return self._ensure_gaz(corpus, self._media_forms[nf])
        key = f"media/{slugify(nf)}"
        corpus.entities.setdefault(key, Entity(key=key, type="Media", name=outlet.strip(),
                                               aliases={}))
        return key

    def _article(self, corpus: Corpus, art: ArticleMentions) -> ArticleFacts:
        facts = ArticleFacts(doc=art.doc, warnings=list(art.warnings),
                             publisher=self._publisher(corpus, art.doc.outlet))
        for m in art.entities:
            occ = facts.entities.setdefault(m.key, EntityOccurrence(m.key))
            occ.mentions.append(m)
        seen_roles = set()
        for r in art.roles:
            person = r.person.key
            if person is None:
                continue
            org = r.org.key if r.org is not None and r.org.key else (
                self._ensure_gaz(corpus, r.org_gazetteer_id) if r.org_gazetteer_id else None)
            country = self._ensure_gaz(corpus, r.country) if r.country else None
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

    def _fill_role_countries(self, corpus: Corpus) -> None:
        known: dict[tuple[str, str], str] = {}
        for art in corpus.articles:
            for r in art.roles:
                if r.country and r.role_id:
                    known.setdefault((r.person, r.role_id), r.country)
        for art in corpus.articles:
            for r in art.roles:
                if not r.country and r.role_id and (r.person, r.role_id) in known:
                    r.country = known[(r.person, r.role_id)]

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

    def _coref_events(self, corpus: Corpus) -> None:
        """Give reports of the same real-world event in different articles the same key."""
        items = [(ai, ev) for ai, art in enumerate(corpus.articles) for ev in art.events]
        clusters: list[list[tuple[int, Event]]] = []
        # Each event joins the first earlier cluster all of whose members it corefers with. Two
        # events corefer only if they share type, status and a participant, so the clusters worth
        # trying are found through an index on the first member's (type, status, participant):
        # the same result as trying every cluster in order, without the quadratic scan.
        index: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        for ai, ev in items:
            cands: set[int] = set()
            if ev.time and ev.time.value:
                for k, _ in ev.participants:
                    cands.update(index.get((ev.type, ev.status, k), ()))
            for ci in sorted(cands):
                cl = clusters[ci]
                if any(aj == ai for aj, _ in cl):
                    continue
                if all(self._corefer(ev, other) for _, other in cl):
                    cl.append((ai, ev))
                    break
            else:
                clusters.append([(ai, ev)])
                if ev.time and ev.time.value:
                    for k in {k for k, _ in ev.participants}:
                        index[(ev.type, ev.status, k)].append(len(clusters) - 1)
        for cl in clusters:
            if len(cl) < 2:
                continue
            first = min((ev for _, ev in cl), key=lambda e: (e.time.value if e.time and e.time.value else "9999"))
            persons = sorted({k for _, ev in cl for k, _ in ev.participants})
            ident = "|".join([first.type, ",".join(persons), first.time.value if first.time and first.time.value else ""])
            key = f"{first.type.lower()}/{hashlib.sha1(ident.encode()).hexdigest()[:16]}"
            for _, ev in cl:
                ev.key = key

    @staticmethod
    def _corefer(a: Event, b: Event) -> bool:
        if a.type != b.type or a.status != b.status:
            return False
        if a.mode and b.mode and a.mode != b.mode:
            return False
        pa = {k for k, _ in a.participants}
        pb = {k for k, _ in b.participants}
        persons = {k for k in pa & pb if k.startswith("person/")}
        if not (len(persons) >= 2 or (pa == pb and pa)):
            return False
        if not (a.time and a.time.value and b.time and b.time.value):
            return False
        (a0, a1), (b0, b1) = a.time.bounds, b.time.bounds
        if a.time.precision == "day" and b.time.precision == "day":
            return abs((a0 - b0).days) <= 1
        return a0 <= b1 and b0 <= a1
