"""Entity candidates from the gazetteer: known bodies, countries, places and media by name.

Reads: ``text``, ``parsed`` (sentences). Adds: ``candidates`` (extractor "gazetteer"), also for
"Canadian authorities", "las autoridades mexicanas" (the country acts; the nouns are the
lexicon's "country_group_nouns"), and for a capital used
for its government ("Washington said"); ``country_hits`` when a name of several entries is
settled by the countries the article names.

Multi-word forms with lower-case words match in any case; single words and acronyms only as
written. A form inside a longer capitalised name ("Madrid" in "Real Madrid", "Cártel del Pacífico"
in "Cártel del Pacífico Sur") is not a mention of it.
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.patterns import QUOTES, Patterns, alt, last_word
from kg.extract.records import Candidate
from kg.extract.time.timex import CALENDAR_WORDS

#: the types of a country's own bodies, whose generic names resolve by the country in context
STATE_BODIES = ("Ministry", "Agency")
#: a country named right after a body's name ("Ministerio de Defensa de Guatemala", "… venezolana")
AFTER_BODY = re.compile(r"\s*(?:(?:de|del|of)\s+(?:la\s+|el\s+|the\s+)?)?(?P<c>[\w.]+(?:\s+[\w.]+)?)")

#: a body named head-first right before a complement: "Departamento Administrativo de la "
BODY_BEFORE = re.compile(r"(?P<head>[A-ZÁÉÍÓÚÑ][\w]+)(?P<rest>(?:\s+[A-ZÁÉÍÓÚÑ][\w]+)*)\s+(?:de|del|of)\s+(?:(?:la|el|los|las|the)\s+)?$")

#: what comes between a body's name and the name of the body it is part of: " del ", " of the "
BODY_AFTER = re.compile(r"\s+(?:de|del|of)\s+(?:(?:la|el|los|las|the)\s+)?")

#: an X that is the platform, not the letter
X_PLATFORM = re.compile(r"\b(?:on|en|in|via|through) (?P<x>X)(?![\w])")


class GazetteerCandidates:
    reads = ("text", "parsed")
    adds = ("candidates", "country_hits")

    def __init__(self, pat: Patterns):
        self.pat = pat
        self.entries = pat.gaz.entries
        case_blind, as_written = [], []
        ambiguous = {a for e in self.entries.values() for a in e.ambiguous}
        #: ambiguous names of state bodies ("Foreign Ministry", "Cancillería"): each country has one
        self.generic = {a.translate(QUOTES).lower() for e in self.entries.values()
                        if e.type in STATE_BODIES and e.country for a in e.ambiguous}
        for form in pat.gaz.forms:
            f = form.translate(QUOTES)
            if len(f) < 2 and f != "X":
                continue
            # forms that need context ("El País", "Reforma") match only as written
            blind = " " in f and any(c.islower() for c in f) and form not in ambiguous
            (case_blind if blind else as_written).append(f)
        bound_l, bound_r = r"(?<![\w@])", r"(?![\w])"
        self.case_blind = re.compile(bound_l + "(?:" + alt(case_blind, ignore_case=True) + ")" + bound_r,
                                     re.IGNORECASE)
        self.as_written = re.compile(bound_l + "(?:" + alt([f for f in as_written if f != "X"]) + ")" + bound_r)
        demonyms, countries = pat.demonym_forms, pat.country_forms
        dem = alt([d for d in demonyms if d[:1].isupper() or d.isupper()] +
                  [d.capitalize() for d in demonyms] + list(countries))
        groups = alt(pat.lex["country_group_nouns"])
        self.group_after = re.compile(rf"(?<![\w])(?P<c>{dem})\s+(?:{groups})\b")
        self.group_before = re.compile(rf"\b(?:{groups})\s+(?P<c>{alt(demonyms)})\b")
        #: a body named by its building, where the text speaks of the building ("en Palacio Nacional")
        bld = pat.lex["buildings"]
        self.building_heads = set(bld["heads"])
        art = r"(?:(?:the|el|la)\s+)?"
        self.at_building = re.compile(rf"(?<![\w])(?:{alt(bld['location_cues'], ignore_case=True)})\s+{art}"
                                      rf"(?:[A-ZÁÉÍÓÚÑ][\w.]*(?:\s+[A-ZÁÉÍÓÚÑ][\w.]*)*\s+(?:and|y)\s+{art})?$",
                                      re.IGNORECASE)
        #: generic state bodies written in lower case ("the foreign ministry")
        low = pat.lex["lower_case_bodies"]
        self.low_before, self.low_after = set(low["before"]), set(low["after"])
        lower = [f for f in self.generic if " " in f and set(f.split()) & set(low["heads"])]
        self.lower_bodies = re.compile(r"(?<![\w])(?:" + alt(lower) + r")(?![\w])")
        #: a social network named as the channel an actor speaks through ("posted on X")
        self.social = set(pat.lex["social_networks"])
        cues = pat.lex["channel_cues"]
        self.channel_before = re.compile(rf"(?<![\w])(?:{alt(cues['preps'], ignore_case=True)})"
                                         rf"(?:[\s,]+(?:{alt(cues['words'], ignore_case=True)}))*[\s,]+$",
                                         re.IGNORECASE)

    def run(self, ctx: Context) -> None:
        ctx.candidates.extend(self._country_groups(ctx))
        seen = set()
        for pat in (self.as_written, self.case_blind, X_PLATFORM):
            for m in pat.finditer(ctx.text):
                grp = "x" if "x" in m.groupdict() else 0
                ms, me = m.span(grp)
                if (ms, me) in seen:
                    continue
                seen.add((ms, me))
                cand = self._candidate(ctx, m.group(grp), ms, me, pat)
                if cand is not None:
                    ctx.candidates.append(cand)
        for m in self.lower_bodies.finditer(ctx.text):
            if m.span() not in seen and self._lower_body(ctx, m.start(), m.end()):
                cand = self._candidate(ctx, m.group(0), m.start(), m.end(), self.lower_bodies)
                if cand is not None:
                    ctx.candidates.append(cand)
        self._by_body_countries(ctx)
        # a body in lower case only where it is a known body: "foreign ministry" names none of its own
        ctx.candidates[:] = [c for c in ctx.candidates if not (
            c.extractor == "gazetteer" and c.gazetteer_id is None and ctx.text[c.start:c.end].islower())]

    def _other_country_after(self, ctx: Context, gid: str, me: int) -> str | None:
        """The country of a known place or country named right after a place's name, after a
        comma ("Los Ángeles, Durango"), where it is not the place's own country."""
        e = self.entries[gid]
        m = re.match(r",\s+([A-ZÁÉÍÓÚÑ][\w]+(?:\s+[A-ZÁÉÍÓÚÑ][\w]+)?)", ctx.text[me:me + 40])
        if e.type != "Place" or not e.country or not m:
            return None
        for i in self.pat.form_index.get(m.group(1), []):
            where = self.entries[i].id if self.entries[i].type == "Country" else self.entries[i].country
            if self.entries[i].type in ("Country", "Place") and where and where != e.country:
                return where
        return None

    def _lower_body(self, ctx: Context, ms: int, me: int) -> bool:
        """Does a generic body's name in lower case stand for one body: a country beside it, an
        article before it ("the foreign ministry") or a noun of it after ("… spokesperson")?"""
        before, after = ctx.text[max(0, ms - 6):ms].split(), ctx.text[me:me + 20].split()
        return bool(before and before[-1].lower() in self.low_before or
                    after and after[0].rstrip(".,;:") in self.low_after or self._country_beside(ctx, ms, me))

    def _by_body_countries(self, ctx: Context) -> None:
        """The generic bodies' names left open (no country beside them or before them in the
        sentence): the body of the country the article is about, the one its country names and its
        known bodies and places point to most ("la Guardia Nacional" beside "la Secretaría de
        Marina" and "Arequipa"); a new body of that country where it has no such entry."""
        open_ = [k for k, c in enumerate(ctx.candidates)
                 if c.extractor == "gazetteer" and c.gazetteer_id is None and c.country is None]
        if not open_:
            return
        votes = [h.country for h in self._hits(ctx)] + [
            self.entries[c.gazetteer_id].country for c in ctx.candidates
            if c.extractor == "gazetteer" and c.gazetteer_id and c.type != "Country"
            and self.entries[c.gazetteer_id].country]
        if not votes:
            return  # no country in sight: a body of no known country, not another's entry
        top = max(sorted(set(votes)), key=votes.count)
        for k in open_:
            c = ctx.candidates[k]
            form = ctx.text[c.start:c.end]
            ids = self.pat.form_index.get(form) or self.pat.form_index.get(form.lower()) or []
            own = [i for i in ids if self.entries[i].country == top]
            ctx.candidates[k] = Candidate(c.start, c.end, c.type, c.extractor, c.confidence,
                                          own[0] if own else None, country=None if own else top)

    def _country_groups(self, ctx: Context) -> list[Candidate]:
        """'Canadian authorities', 'US officials', 'las autoridades mexicanas': the country acts."""
        out = []
        for pat in (self.group_after, self.group_before):
            for m in pat.finditer(ctx.text):
                cid = self.pat.country_of(m.group("c"))
                if cid:
                    out.append(Candidate(m.start(), m.end(), "Country", "gazetteer", 0.8, cid))
        return out

    def _candidate(self, ctx: Context, form: str, ms: int, me: int, pat: re.Pattern) -> Candidate | None:
        index = self.pat.form_index
        ids = index.get(form) or index.get(form.lower()) or []
        if form == "X":
            ids = [i for i in index.get("X", []) if self.entries[i].type == "Media"]
        if not ids or self._inside_longer_name(ctx, form, ms, me, pat):
            return None
        if form.lower().startswith("the ") and pat is self.case_blind:
            ms += 4
            form = form[4:]
        gid, country = self._resolve(ctx, form, ids, ms, me)
        if gid is None:  # a generic body's name ("Foreign Ministry") of a country without an entry
            return Candidate(ms, me, self.entries[ids[0]].type, "gazetteer", 0.9, None, country=country)
        if gid in self.social and self.channel_before.search(ctx.text[max(0, ms - 80):ms]):
            return Candidate(ms, me, "Media", "pattern:channel", 0.9, gid)  # no entity (gold convention)
        other = self._other_country_after(ctx, gid, me)
        if other:  # "Los Ángeles, Durango": a place of that name in another country
            return Candidate(ms, me, "Place", "gazetteer", 0.8, None, country=other)
        if self.building_heads & set(form.split()) and self.entries[gid].type != "Place" \
                and self.at_building.search(ctx.text[max(0, ms - 60):ms]):
            return Candidate(ms, me, "Place", "pattern:facility", 0.9)  # the building, not the body
        e = self.entries[gid]
        etype = e.type
        # a capital used as a metonym for its government ("Washington said")
        possessive = ctx.text[me:me + 2] in ("'s", "s'")  # "in Beijing's response": the government's
        if e.seat_of and (possessive or not self._after_metonym_blocker(ctx, ms)) and \
                form == form.split()[0] and not ctx.text[me:me + 5].startswith((" D.C", ", D.C")):
            gid, etype = e.seat_of, "Country"
        return Candidate(ms, me, etype, "gazetteer", 0.95, gid)

    def _inside_longer_name(self, ctx: Context, form: str, ms: int, me: int, pat: re.Pattern) -> bool:
        if pat is self.case_blind and form != form.lower() and self._inside_name(ctx, ms):
            return True  # "Operation Northern Border" is not the northern border
        if " " in form and self._name_goes_on(ctx, me):
            return True  # "Cártel del Pacífico Sur" is not the "Cártel del Pacífico"
        if self._complement_of_body(ctx, form, ms):
            return True  # "Departamento Administrativo de la Presidencia de la República"
        return pat is self.as_written and " " not in form and not form.isupper() and \
            self._inside_name(ctx, ms) and not self.pat.after_title(ctx.text, ms) and \
            not self._prev_word_known(ctx, ms)  # "Madrid" in "Real Madrid"

    def _complement_of_body(self, ctx: Context, form: str, ms: int) -> bool:
        """Is a name that is no body's head ("Presidencia de la República", "Costa Rica") the
        complement of a body or place named head-first before it ("Departamento Administrativo de
        la …", "Sindicatura de …")?"""
        if form.split()[0] in self.pat.org_heads or form.split()[0] in self.pat.place_heads:
            return False
        m = BODY_BEFORE.search(ctx.text[max(0, ms - 80):ms])
        heads = self.pat.government_heads | self.pat.place_heads
        return bool(m) and m.group("head") in heads and not any(w in heads for w in m.group("rest").split())

    def _prev_word_known(self, ctx: Context, start: int) -> bool:
        """Is the capitalised word before ``start`` a known name or demonym ("US", "Mexican")?"""
        m = last_word(ctx.text, start)
        index = self.pat.form_index
        return bool(m) and (m.group(1) in index or m.group(1).lower() in self.pat.demonym_forms
                            or m.group(1).rstrip("'s") in index)

    def _name_goes_on(self, ctx: Context, end: int) -> bool:
        """Is the match followed by another capitalised word of the same name?"""
        m = re.match(r" ([A-ZÁÉÍÓÚÑ][\w\-]*)", ctx.text[end:end + 30])
        if not m:
            return False
        w = m.group(1)
        return (w not in self.pat.title_words and w.lower() not in CALENDAR_WORDS
                and w not in self.pat.form_index and not w.isupper())

    @staticmethod
    def _inside_name(ctx: Context, start: int) -> bool:
        """Is ``start`` preceded by a capitalised word of the same name (not a sentence start)?"""
        m = last_word(ctx.text, start)
        if not m or not m.group(1)[:1].isupper() or m.group(1) in ("The", "El", "La", "Los", "Las") \
                or m.group(1).endswith(("'s", ".", "!", "?", ":", ";", ",")):
            return False
        return not ctx.sentence_initial(start - len(m.group(0)))

    def _after_metonym_blocker(self, ctx: Context, start: int) -> bool:
        """"in Washington", "visit to Madrid": the place, not its government."""
        before = ctx.text[max(0, start - 12):start].split()
        return bool(before) and before[-1].lower() in self.pat.metonym_blockers

    # ------------------------------------------------------------------ a name of several entries
    def _hits(self, ctx: Context):
        if ctx.country_hits is None:
            ctx.country_hits = self.pat.country_hits(ctx.text)
        return ctx.country_hits

    # ------------------------------------------------------------------ a name of several entries
    def _resolve(self, ctx: Context, form: str, ids: list[str], ms: int, me: int) -> tuple[str | None, str | None]:
        """The entry a name stands for; for a generic body's name, the entry of the country named
        beside it or last before it in the sentence, else left open (None, None) for
        :meth:`_by_body_countries`; (None, country) when that country has no such entry."""
        if form.lower() not in self.generic:
            return self._disambiguate(ctx, ids, ms), None
        parent = self._body_after(ctx, me)
        if parent:  # "Oficina del Portavoz del Departamento de Estado": the part of that body
            own = [i for i in ids if self.entries[i].parent in parent]
            if own:
                return own[0], None
        beside = self._country_beside(ctx, ms, me) or next(
            (self.entries[p].country for p in parent if self.entries[p].country), None)
        if beside:
            own = [i for i in ids if self.entries[i].country == beside]
            return (own[0], None) if own else (None, beside)
        ss, _ = ctx.parsed.sentence_of(ms)
        before = [h.country for h in self._hits(ctx) if ss <= h.start < ms]
        own = [i for i in ids if before and self.entries[i].country == before[-1]]
        return (own[0], None) if own else (None, None)

    def _body_after(self, ctx: Context, me: int) -> list[str]:
        """The entries of a known body named right after a name ("… del Departamento de Estado")."""
        m = BODY_AFTER.match(ctx.text, me)
        if not m:
            return []
        for pat in (self.as_written, self.case_blind):
            k = pat.match(ctx.text, m.end())
            if k:
                ids = self.pat.form_index.get(k.group(0)) or self.pat.form_index.get(k.group(0).lower()) or []
                return [i for i in ids if self.entries[i].type in STATE_BODIES]
        return []

    def _country_beside(self, ctx: Context, ms: int, me: int) -> str | None:
        """A country or demonym right before ("Guatemala's", "Guatemalan") or after ("de
        Guatemala", "guatemalteca") a body's name."""
        before = ctx.text[max(0, ms - 24):ms].split()
        after = AFTER_BODY.match(ctx.text, me)
        tries = [" ".join(before[-n:]) for n in (2, 1) if len(before) >= n]
        tries += [" ".join(after.group("c").split()[:n]) for n in (2, 1)] if after else []
        for t in tries:
            t = re.sub(r"^(?:the|la|el)\s+|'s$|[.,;:]$", "", t, flags=re.IGNORECASE)
            c = self.pat.country_forms.get(t) or self.pat.demonym_forms.get(t.lower())
            if c:
                return c
        return None

    def _disambiguate(self, ctx: Context, ids: list[str], pos: int = 0) -> str:
        """The entry of the country named last before it in the sentence, else of the country the
        article names most."""
        if len(ids) == 1:
            return ids[0]
        ss, _ = ctx.parsed.sentence_of(pos)
        found = [hit.country for hit in self._hits(ctx) if ss <= hit.start < pos]
        near = found[-1] if found else None
        for i in ids:
            if near and self.entries[i].country == near:
                return i
        counts: dict[str, int] = {}
        for hit in self._hits(ctx):
            counts[hit.country] = counts.get(hit.country, 0) + 1
        return max(ids, key=lambda i: (counts.get(self.entries[i].country or "", 0), -ids.index(i)))
