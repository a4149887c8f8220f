"""Posts: who holds which title, for which organisation and country.

Three parts, run at different points of the entity parts (:class:`kg.extract.extractor.Extractor`):

- :class:`TitleCandidates` — reads ``text``, ``parsed``, ``candidates``; adds ``title_matches`` and Person
  ``candidates`` ("pattern:title"): a title before a name ("Secretary of State Ana Lopez",
  "la presidenta Lucía Ferrer", "el secretario de Seguridad de México, Raúl Benítez").
- :class:`AppositionCandidates` — the same for a title after a name ("X, Mexico's Foreign
  Secretary", "X, who serves as …"), only where X is known as a person from another source or is
  plausibly a name before a head's title ("Paul Brenner, the head of the DEA"; the lexicon's
  "person_head_titles").
- :class:`Posts` — reads ``mentions``, ``title_matches``, ``ignore``; adds ``roles`` (one
  :class:`kg.model.RoleMention` per post and person), ``modifier_spans`` (countries and
  organisations that only qualify a title) and ``mentions`` (a title standing for the one person
  of the article who holds it: "the US president"); a region after "title for/para" is the
  post's portfolio, no place. The posts the prose describes ("previously served as", "her
  predecessor X", "X, who heads the DEA") come from :mod:`kg.extract.posts_described`.
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.patterns import CAP_RUN, CAP_TOK, CONNECT, LOW, NAME_TOK, Patterns, alt, clean_title
from kg.extract.posts_described import DescribedPosts
from kg.extract.records import Candidate, Range, TitleMatch
from kg.model import BODY_TYPES, EntityMention, RoleMention

#: a lower-case title before a name only after one of these ("la presidenta Lucía Ferrer")
SPANISH_DETERMINERS = ("el", "la", "El", "La", "del", "al", "su", "los", "las")
#: ... and in English ("the interior minister Diego Salas")
ENGLISH_DETERMINERS = ("the", "The", "his", "her", "its", "their")
#: parts of speech that make the words between a name and a title a clause, not modifiers
CLAUSE_POS = frozenset({"VERB", "AUX", "ADP", "DET", "PRON", "SCONJ", "CCONJ"})
#: a title after "X was …" is a past post
PAST_COPULAS = frozenset({"was"})


class TitlePatterns:
    """The title patterns and how a match becomes a :class:`TitleMatch` and a Person candidate."""

    def __init__(self, pat: Patterns):
        self.pat = pat
        country = alt(pat.country_prefixes)
        mods = pat.lex["title_modifiers"]
        # an open title: a known one with modifiers ("Acting Assistant Attorney General",
        # "viceministro"), a demonym ("la presidenta hondureña") and a complement ("ministro de
        # Comercio, Industria y Turismo", "embajador en Washington", "directora del … (Dapre)")
        title = rf"(?:(?:{alt(mods['before'])})\s+){{0,3}}(?:{alt(mods['glued'])})?(?:{alt(pat.title_variants)})"
        dem = rf"(?:\s+(?P<dem>{alt(pat.demonym_forms)}))?"
        enum = rf"(?:(?:,\s+{CAP_TOK})+,?\s+(?:y|e|and)\s+{CAP_TOK})"
        of_run = rf"(?:la\s+|el\s+|los\s+|las\s+|the\s+)?{CAP_TOK}{enum}?(?:\s+(?:{CONNECT}\s+)*{CAP_TOK})*"
        comp = rf"(?P<comp>\s+(?:{alt(mods['complement_preps'])})\s+(?P<of>{of_run}))?"
        abbr = r"(?:\s*\((?P<abbr>[A-Za-zÁÉÍÓÚÑáéíóúñ.\-]{2,12})\))?"
        name = pat.person_name
        given = alt(pat.given)
        former = rf"(?P<former>(?:{alt(mods['former'])})(?:\s+|(?<=-)|(?<=\bex)(?=[{LOW}])|(?<=\bEx)(?=[{LOW}])))"
        self.before_name = re.compile(
            rf"(?<![\w])(?:{former})?(?:(?P<cty>{country})(?:'s)?\s+)?"
            rf"(?P<title>{title}){dem}\s+(?:\(@\w+\)\s*,?\s*)?(?P<name>{name})")
        # "el secretario de Comercio Tomás Ugarte": the name starts at a given name
        self.before_given_name = re.compile(
            rf"(?<![\w])(?:el|la|El|La|del|al|the|The)\s+(?P<title>{title})"
            rf"(?P<comp>\s+(?:de|del|of|for)\s+(?P<of>(?:la\s+|el\s+|the\s+)?{CAP_TOK}(?:\s+(?:{CONNECT}\s+)*{CAP_TOK})*?))"
            rf"\s+(?P<name>(?:{given})\s+{NAME_TOK}(?:\s+{NAME_TOK})?)(?![\w])")
        # "Secretary of Finance Karen Whitfield": a title with its complement right before a
        # person another source found (the end of the text searched is where the name starts)
        self.before_person = re.compile(
            rf"(?<![\w])(?P<title>{title})(?P<comp>\s+(?:of|for|de|del)\s+(?:the\s+|la\s+|el\s+)?"
            rf"(?P<of>{CAP_RUN.pattern}))\s+$")
        self.spanish_apposition = re.compile(
            rf"(?<![\w])(?:(?:el|la|El|La|del|al|a la|de la|los|las|the|The)\s+|(?P<cty>{country})'s\s+)(?:{former})?(?P<title>{title})(?P<more>{enum})?{dem}{comp}{abbr}"
            rf"\s*(?:\(@\w+\))?\s*(?:,\s*|(?<=\))\s*)(?P<name>{name})")
        self.after_name = re.compile(
            rf"(?P<name>{name})\s*(?:,\s*(?:who\s+(?P<rel_cop>is|serves as|was)\s+)?|"
            rf"\s+(?P<cop>is|was|as|serves as)\s+)"
            rf"(?:the\s+|a\s+|an\s+|el\s+|la\s+)?(?:{former})?(?:(?P<cty>{country})(?:'s)?\s+)?"
            rf"(?P<mods>(?:[{LOW}]+\s+){{0,3}})(?P<title>{title}){dem}"
            rf"(?:\s+(?:for|of|at|to|de|del)\s+(?P<of>(?:the\s+|la\s+|el\s+)?(?:{country}(?:'s)?\s+)?{CAP_RUN.pattern}))?")
        self.reference = re.compile(
            rf"\b(?:the|el|la|The|El|La)\s+(?:(?P<cty>{country})\s+)?(?P<title>{title})\b"
            rf"(?!\s+(?:of|de|del|for|{NAME_TOK}))")
        self.role_item = re.compile(
            rf"(?:(?:the|a|an|el|la)\s+)?(?:(?P<cty>{alt(pat.country_prefixes, ignore_case=True)})(?:'s)?\s+)?"
            rf"(?P<mods>(?:[\w\-]+\s+){{0,3}}?)(?P<title>{alt(pat.title_variants, ignore_case=True)})"
            rf"(?:\s+(?:of|to|at|for|de|del|ante)\s+(?:the\s+|la\s+|el\s+)?(?P<of>{CAP_RUN.pattern}))?",
            re.IGNORECASE)

    def add(self, ctx: Context, m: re.Match, kind: str, name: Range | None = None) -> None:
        """The title match and its Person candidate, unless the "name" is not a person's
        (``name``: where the name is, if the match has no "name" group)."""
        ns, ne = name if name is not None else m.span("name")
        name_toks = ctx.text[ns:ne].split()
        # trim trailing words that are not names (e.g. sentence-initial verbs)
        while name_toks and (name_toks[-1] in self.pat.non_entity or name_toks[-1].lower() in self.pat.particles):
            name_toks.pop()
        if not name_toks:
            return
        name = " ".join(name_toks)
        ne = ns + len(name)
        if any(c.overlaps(ns, ne) for c in known_bodies(ctx)):
            return  # the "name" is a known body or country, not a person
        if name_toks[0] in self.pat.non_entity:
            return
        groups = m.groupdict()
        title, cty, of = m.group("title"), groups.get("cty"), groups.get("of")
        country = self.pat.country_of(cty) if cty else None
        if groups.get("dem"):
            country = country or self.pat.country_of(groups["dem"])
        if of:
            country = country or self.pat.country_of(of)
        mods = (groups.get("mods") or "").strip()
        if mods and kind == "post":
            title = mods + " " + title
        title = title + (groups.get("more") or "")
        bare = title.lower() in self.pat.title_forms and " " not in title
        comp = self._without_country(groups.get("comp")) if bare and not self._country_only(of) else None
        if not bare:
            title = self.open_title(title, groups.get("comp"), of)
        ctx.title_matches.append(TitleMatch(
            title, Range(ns, ne), Range(m.start(), ne), kind,
            former=bool(groups.get("former")) or (groups.get("cop") or groups.get("rel_cop")) in PAST_COPULAS,
            country=country, country_span=Range(*m.span("cty")) if cty else None,
            org_span=Range(*m.span("of")) if of else None, complement=comp.strip() if comp else None))
        ctx.candidates.append(Candidate(ns, ne, "Person", "pattern:title", 0.9, name=name))


    def open_title(self, title: str, comp: str | None, of: str | None) -> str:
        """A title as worded: a title outside the closed list keeps its complement
        ("viceministro de Relaciones Exteriores"), unless that only names a country. (A bare
        known title keeps it only where it names no body: :meth:`Posts._role`.)"""
        if not comp or title.lower() in self.pat.title_forms or self._country_only(of):
            return title
        return f"{title} {self._without_country(comp).strip()}"

    def _without_country(self, comp: str | None) -> str | None:
        """A title's complement without the country at its end ("de Gobierno de Bolivia" ->
        "de Gobierno"): the country is the post's country, not part of its title."""
        if not comp:
            return comp
        for m in reversed(list(re.finditer(r"\s+(?:de|del|of)\s+(?:(?:la|el|the)\s+)?", comp))):
            if m.start() > 0 and comp[m.end():].strip() in self.pat.country_forms:
                return comp[:m.start()]
        return comp

    def _country_only(self, of: str | None) -> bool:
        return bool(of) and bool(self.pat.country_forms.get(re.sub(r"^(?:the|la|el)\s+", "", of)))


def known_bodies(ctx: Context) -> list[Candidate]:
    """Candidates from the gazetteer and from lists: names that are not people's."""
    return [c for c in ctx.candidates if c.type != "Person" and c.extractor in ("gazetteer", "pattern:list")]


class TitleCandidates:
    reads = ("text", "parsed", "candidates")
    adds = ("title_matches", "candidates")

    def __init__(self, titles: TitlePatterns):
        self.titles = titles

    def run(self, ctx: Context) -> None:
        appositions = [m for m in self.titles.spanish_apposition.finditer(ctx.text)
                       if not ctx.is_headline(m.start())]
        # where a title's complement runs on ("el subsecretario de Seguridad Pública, Ana
        # Ruiz"), a capitalised word of it is no name
        zones = [(m.start("title"), m.start("name")) for m in appositions]
        for m in self.titles.before_name.finditer(ctx.text):
            if ctx.is_headline(m.start()) or any(s <= m.start("name") < e for s, e in zones):
                continue
            lower = m.group("title")[0].islower()
            if lower and ctx.text[m.start("name") - 1:m.start("name")] != " ":
                continue
            if lower and not self._lower_title_context(ctx.text, m):
                continue
            self.titles.add(ctx, m, "pre")
        for m in appositions:
            self.titles.add(ctx, m, "pre")
        for m in self.titles.before_given_name.finditer(ctx.text):
            if not ctx.is_headline(m.start()) and not any(t.name.start == m.start("name") for t in ctx.title_matches):
                self.titles.add(ctx, m, "pre")

    @staticmethod
    def _lower_title_context(text: str, m: re.Match) -> bool:
        """A lower-case title before a name: after a Spanish article/determiner ("la presidenta
        Lucía Ferrer"), or in English after a country, "former" or a determiner ("Peru's
        interior minister Diego Salas", "former president Ana Ruiz", "the border czar Tom
        Keller")."""
        if m.group("cty") or m.group("former") or " " in m.group("title").strip():
            return True  # a country, "former" or a compound title ("foreign ministry spokesperson")
        pos = m.start("title")
        before = text[max(0, pos - 8):pos].split()
        return bool(before) and (before[-1] in SPANISH_DETERMINERS or before[-1] in ENGLISH_DETERMINERS
                                 or before[-1].endswith(("'s", "’s")))


class AppositionCandidates:
    reads = ("text", "parsed", "candidates")
    adds = ("title_matches", "candidates")

    def __init__(self, titles: TitlePatterns):
        self.titles, self.pat = titles, titles.pat
        self.report_forms = set(self.pat.lex["report_verb_forms"])
        #: titles that, after "X, the …", make X a person even when nothing else says so
        self.head_titles = set(self.pat.lex["person_head_titles"])
        #: words that never modify a title ("a quien la embajadora", "acordó con el secretario")
        self.not_modifiers = set(self.pat.lex["relative_pronouns"]) | set(SPANISH_DETERMINERS) | \
            {"the", "a", "an", "his", "her", "their", "its", "con", "with", "and", "y", "por", "by"}

    def run(self, ctx: Context) -> None:
        cands = ctx.candidates
        for m in self.titles.after_name.finditer(ctx.text):
            ns, ne = m.span("name")
            if ctx.is_headline(ns) or not self._modifiers_only(ctx, m) or self._title_of_next(ctx, m) \
                    or self._subject_of_next(ctx, m):
                continue
            known = any(c.type == "Person" and c.start <= ns < c.end for c in cands)
            if known or (self._plausible(m, cands) and m.group("title").lower() in self.head_titles):
                self.titles.add(ctx, m, "post")
        self._titles_before_people(ctx)

    def _titles_before_people(self, ctx: Context) -> None:
        """A title with its complement right before a person found by another source
        ("Secretary of Finance Karen Whitfield"): that person's post."""
        named = {t.name.start for t in ctx.title_matches}
        for c in [c for c in ctx.candidates if c.type == "Person" and c.extractor in ("ner", "given-name")]:
            if c.start in named or ctx.is_headline(c.start):
                continue
            m = self.titles.before_person.search(ctx.text, max(0, c.start - 90), c.start)
            if m and not any(o.overlaps(m.start("of"), m.end("of")) for o in ctx.candidates if o.type == "Person"):
                self.titles.add(ctx, m, "pre", name=Range(c.start, c.end))
                named.add(c.start)

    def _modifiers_only(self, ctx: Context, m: re.Match) -> bool:
        """Are the words between the name and the title modifiers of the title ("deputy national
        security adviser"), not a clause ("acordó con el secretario", "a quien la embajadora")?"""
        if not m.group("mods"):
            return True
        if any(w.lower() in self.not_modifiers for w in m.group("mods").split()):
            return False
        toks = ctx.parsed.tokens_in(*m.span("mods"))
        return not any(t.pos in CLAUSE_POS for t in toks)

    def _subject_of_next(self, ctx: Context, m: re.Match) -> bool:
        """"… y Dana Hollis, la mandataria mexicana confirmó …": a titled phrase after a comma
        that a verb follows is the subject of the next clause, no apposition of the name."""
        text = ctx.text
        if not text[m.end("name"):m.end("name") + 2].startswith(","):
            return False
        nxt = re.match(r"\s*([^\W\d_]+)", text[m.end():m.end() + 30])
        if not nxt or not nxt.group(1).islower():
            return False
        if nxt.group(1) in self.report_forms:
            return True
        toks = ctx.parsed.tokens_in(m.end() + nxt.start(1), m.end() + nxt.end(1))
        return bool(toks) and toks[0].pos in ("VERB", "AUX")

    @staticmethod
    def _title_of_next(ctx: Context, m: re.Match) -> bool:
        """In a list of posts ("el vicepresidente A, el secretario del Tesoro B"), a title before
        the next name belongs to that name, not to the one before it."""
        ts = m.start("title")
        return any(t.kind == "pre" and t.span.start <= ts < t.name.start and t.name.start >= m.end("name")
                   for t in ctx.title_matches)

    def _plausible(self, m: re.Match, cands: list[Candidate]) -> bool:
        """Two or more name words, none a headword or title, not over another entity, and a comma
        after the name."""
        ns, ne = m.span("name")
        words = m.group("name").split()
        return (len(words) >= 2 and m.group("name").startswith(m.group(0)[:1])
                and not any(w in self.pat.org_heads or w in self.pat.title_words for w in words)
                and not any(c.overlaps(ns, ne) for c in cands if c.type != "Person")
                and ", " in m.group(0)[m.end("name") - m.start():][:3])


class Posts:
    reads = ("mentions", "title_matches", "ignore", "doc", "text", "parsed")
    adds = ("roles", "modifier_spans", "mentions")

    def __init__(self, titles: TitlePatterns):
        self.titles, self.pat = titles, titles.pat
        self.entries = self.pat.gaz.entries
        self.portfolio = re.compile(rf"(?:{alt(self.pat.title_variants)})\s+(?:para|for)\s+(?:(?:la|el|the)\s+)?$")
        self.described = DescribedPosts(self.pat, titles.role_item)

    def run(self, ctx: Context) -> None:
        by_span = {(m.span.start, m.span.end): m for m in ctx.mentions}
        out = [r for r in (self._role(ctx, t, by_span) for t in ctx.title_matches) if r is not None]
        out += self.described.find(ctx, out)
        self._title_references(ctx, out)
        self._drop_portfolios(ctx)
        seen, uniq = set(), []
        for r in out:  # two patterns may find the same post
            k = (r.person.span.start, r.role.lower(), r.former)
            if k not in seen:
                seen.add(k)
                uniq.append(r)
        ctx.roles = uniq

    def _role(self, ctx: Context, t: TitleMatch, by_span: dict) -> RoleMention | None:
        person = by_span.get(t.name)
        if person is None or person.type != "Person":
            # the name may have been settled as a longer/shorter span
            person = next((m for m in ctx.mentions
                           if m.type == "Person" and m.span.start <= t.name.start < m.span.end), None)
            if person is None:
                return None
        title, country, org = t.title, t.country, None
        if t.org_span:
            inside = [m for m in ctx.mentions if t.org_span.holds(m.span.start)]
            org = next((m for m in inside if m.type in BODY_TYPES), None)
            if org is None:
                c = next((m for m in inside if m.type == "Country"), None)
                if c is not None:
                    country = country or c.gazetteer_id
            ctx.modifier_spans.update(Range(m.span.start, m.span.end) for m in inside)
        if t.country_span:
            ctx.modifier_spans.update(Range(m.span.start, m.span.end) for m in ctx.mentions
                                      if t.country_span.holds(m.span.start))
        country = country or (org.country if org else None)
        org_gid = org.gazetteer_id if org else self._org_for_title(title, country)
        if org_gid and not country:
            country = self.entries[org_gid].country
        if org is None and org_gid is None and t.complement:
            title = f"{title} {t.complement}"  # "secretario de Minería": no body named there
        title = self._head_title(title, org_gid)
        known = self.pat.title_forms.get(title.lower())
        post = t.kind == "post"
        return RoleMention(
            span=ctx.span(*t.span), person=person, role=clean_title(title), role_id=known.id if known else None,
            org=org, org_gazetteer_id=org_gid, country=country, former=t.former,
            extractor="pattern:apposition" if post else "pattern:title", confidence=0.75 if post else 0.85)

    def _head_title(self, title: str, org_gid: str | None) -> str:
        """A minister's bare title ("secretario" of the Department of State) or a title worded with
        its body ("secretario del Departamento de Estado") as that body's own head title
        ("secretario de Estado"), where one begins with the same word."""
        known = self.pat.title_forms.get(title.lower())
        if not org_gid or (" " not in title and (known is None or known.kind != "minister")) or \
                (" " in title and known is not None):
            return title  # a known title, or a bare one that is not a minister's, stays as worded
        heads = [h for hs in self.entries[org_gid].head_titles.values() for h in hs]
        same = [h for h in heads if h.split()[0].lower() == title.split()[0].lower()]
        return same[0] if same else title

    def _org_for_title(self, title: str, country: str | None) -> str | None:
        """The one government body whose head has this title (in this country), if there is one."""
        ids = self.pat.gaz.head_titles.get(title.lower(), [])
        if country:
            ids = [i for i in ids if self.entries[i].country == country or i == country]
        orgs = [i for i in ids if self.entries[i].type in BODY_TYPES]
        return orgs[0] if len(orgs) == 1 else None

    # ------------------------------------------------------------------ "the US president"
    def _title_references(self, ctx: Context, roles: list[RoleMention]) -> None:
        """'the US president', 'el canciller': the one person of the article holding that post."""
        holders: dict[tuple[str, str | None], set[str]] = {}
        for r in roles:
            if r.role_id and not r.former:
                name = r.person.name or r.person.span.text
                holders.setdefault((r.role_id, r.country), set()).add(name)
                holders.setdefault((r.role_id, None), set()).add(name)
        if not holders:
            return
        taken = ctx.mention_spans()
        for m in self.titles.reference.finditer(ctx.text):
            cty = m.span("cty") if m.group("cty") else None
            clash = [(s, e) for s, e in taken if m.start() < e and s < m.end()]
            if ctx.ignored(m.start()) or any(not (cty and cty[0] <= s and e <= cty[1]) for s, e in clash):
                continue
            t = self.pat.title_forms.get(m.group("title").lower())
            if t is None:
                continue
            country = self.pat.country_of(m.group("cty")) if m.group("cty") else None
            names = holders.get((t.id, country), set())
            if len(names) != 1:
                continue
            ctx.mentions = [x for x in ctx.mentions if (x.span.start, x.span.end) not in clash]
            start = m.start("cty") if m.group("cty") else m.start("title")
            ctx.mentions.append(EntityMention(ctx.span(start, m.end()), "Person", "pattern:title-reference",
                                              0.6, name=next(iter(names))))
        ctx.mentions.sort(key=lambda x: x.span.start)

    # ------------------------------------------------------------------ "subsecretario para América del Norte"
    def _drop_portfolios(self, ctx: Context) -> None:
        """A region right after a title and "for"/"para" is the post's portfolio ("subsecretario
        para América del Norte", "envoy for Latin America"), not a place the text speaks of."""
        ctx.mentions = [m for m in ctx.mentions if not (
            m.type == "Place" and self.portfolio.search(ctx.text, max(0, m.span.start - 80), m.span.start))]
