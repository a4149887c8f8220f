"""Posts the prose describes rather than a title names, for the :class:`kg.extract.posts.Posts`
part: "X, who heads the DEA" (the lexicon's "head_verbs"), "her predecessor X"
("predecessor_words") and "previously served as …" ("served_as").

In: the article's mentions and the posts found from titles. Out: more
:class:`kg.model.RoleMention` records.
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.patterns import Patterns, clean_title, phrases
from kg.model import BODY_TYPES, EntityMention, RoleMention

#: a role item of a "served as" list, split on commas and "and"/"y"
LIST_SEPARATOR = re.compile(r",\s*(?:and\s+|y\s+)?|\s+and\s+|\s+y\s+")


class DescribedPosts:
    def __init__(self, pat: Patterns, role_item: re.Pattern):
        self.pat, self.role_item = pat, role_item
        self.entries = pat.gaz.entries
        served = pat.lex["served_as"]
        self.served = re.compile(rf"(?P<lead>{phrases(served['former'] + served['current'])})\s+(?P<list>[^.;]+)")
        self.still_serving = {p.lower() for p in served["current"]}
        self.served_lead = re.compile(rf"\b(?:{phrases(served['former'] + served['current'])})\s+")
        heads = pat.lex["head_verbs"]
        self.head_role = heads["role"]
        self.former_heads = {" ".join(v.split()) for v in heads["former"]}
        self.head_verb = re.compile(
            rf",\s+(?:(?:who|quien|que)\s+)?(?:(?:also|currently|now|ahora|actualmente)\s+)?"
            rf"(?P<verb>{phrases(heads['current'] + heads['former'])})\s+(?:(?:the|la|el|los|las)\s+)?$")
        pred = pat.lex["predecessor_words"]
        self.predecessor = re.compile(
            rf"\b(?:his|her|their|its|su|sus)\s+(?:{phrases(pred['en'] + pred['es'])})\s*,?\s+")

    def find(self, ctx: Context, titled: list[RoleMention]) -> list[RoleMention]:
        """The posts of served-as lists, predecessors (of the posts in ``titled``) and heads."""
        out = self._served_roles(ctx)
        out += self._predecessors(ctx, titled + out)
        return out + self._heads(ctx)

    # ------------------------------------------------------------------ "X, who heads the DEA"
    def _heads(self, ctx: Context) -> list[RoleMention]:
        """"X, who heads the DEA", "X, quien encabeza la Secretaría de Marina": X is the head of
        that body (a past post after "headed", "encabezó")."""
        out = []
        people = [m for m in ctx.mentions if m.type == "Person"]
        for org in (m for m in ctx.mentions if m.type in BODY_TYPES):
            person = next((p for p in reversed(people) if p.span.end <= org.span.start), None)
            if person is None:
                continue
            m = self.head_verb.search(ctx.text, person.span.end, org.span.start)
            if m is None or m.start() != person.span.end:
                continue
            out.append(RoleMention(
                span=ctx.span(person.span.start, org.span.end), person=person,
                role=self.head_role.get(ctx.doc.lang, self.head_role["en"]), role_id="director",
                org=org, org_gazetteer_id=org.gazetteer_id, country=None,
                former=" ".join(m.group("verb").split()) in self.former_heads,
                extractor="pattern:head-verb", confidence=0.6))
        return out

    # ------------------------------------------------------------------ "her predecessor X"
    def _predecessors(self, ctx: Context, roles: list[RoleMention]) -> list[RoleMention]:
        """"President Ana Ruiz … her predecessor Luis Paz": Luis Paz held Ana Ruiz's post before
        her (the current post of the person the sentence names before the possessive)."""
        out = []
        for m in self.predecessor.finditer(ctx.text):
            named = next((p for p in ctx.mentions if p.type == "Person" and p.span.start == m.end()), None)
            ss, _ = ctx.parsed.sentence_of(m.start())
            before = [p for p in ctx.mentions if p.type == "Person" and ss <= p.span.start < m.start()]
            holder = before[-1] if before else self._subject_person(ctx, ss, m.start())
            if named is None or holder is None:
                continue
            post = next((r for r in roles if not r.former and _same_person(r.person, holder)), None)
            if post is not None and not _same_person(post.person, named):
                t = self.pat.title_forms.get(post.role.lower())
                forms = t.forms.get(ctx.doc.lang) if t else None
                out.append(RoleMention(  # the title's first (unmarked) form: no gender assumed
                    span=ctx.span(m.start(), named.span.end), person=named,
                    role=forms[0] if forms else post.role,
                    role_id=post.role_id, org=post.org, org_gazetteer_id=post.org_gazetteer_id,
                    country=post.country, former=True, extractor="pattern:predecessor",
                    confidence=0.6))
        return out

    # ------------------------------------------------------------------ "previously served as"
    def _served_roles(self, ctx: Context) -> list[RoleMention]:
        """'He previously served as Mexico's ambassador to the United Nations, rector of …, and
        federal health secretary': former posts of the person the sentence is about."""
        out = []
        for m in self.served.finditer(ctx.text):
            ss, _ = ctx.parsed.sentence_of(m.start())
            person = self._subject_person(ctx, ss, m.start())
            if person is None:
                continue
            former = " ".join(m.group("lead").split()).lower() not in self.still_serving
            for item in LIST_SEPARATOR.split(m.group("list")):
                # "…, además de que fue agente de la CIA": the post after a repeated lead
                again = list(self.served_lead.finditer(item))
                item = item[again[-1].end():] if again and not self.role_item.match(item.strip()) else item
                role = self._served_role(ctx, item.strip(), m.start("list"), person, former)
                if role is not None:
                    out.append(role)
        return out

    def _served_role(self, ctx: Context, item: str, list_start: int, person: EntityMention,
                     former: bool) -> RoleMention | None:
        im = self.role_item.match(item)
        if not im:
            return None
        title = ((im.group("mods") or "") + im.group("title")).strip()
        if title.split()[0].lower() in ("the", "a", "an", "el", "la"):
            title = " ".join(title.split()[1:])
        t = self.pat.title_forms.get(im.group("title").lower())
        istart = ctx.text.find(item, list_start)
        country = self.pat.country_of(im.group("cty")) if im.group("cty") else None
        of = im.group("of")
        org_gid = None
        if of:
            ids = self.pat.form_index.get(of) or []
            org_gid = ids[0] if ids else None
            if org_gid and self.entries[org_gid].type == "Country":
                country, org_gid = org_gid, None
        if of and not org_gid:
            title = f"{title} {im.group(0)[im.group(0).find(im.group('title')) + len(im.group('title')):].strip()}"
        return RoleMention(
            span=ctx.span(istart, istart + len(item)), person=person, role=clean_title(title),
            role_id=t.id if t else None, org=None, org_gazetteer_id=org_gid, country=country,
            former=former, extractor="pattern:served-as", confidence=0.6)

    @staticmethod
    def _subject_person(ctx: Context, sent_start: int, pos: int) -> EntityMention | None:
        """The person a sentence is about: for 'He/She …' the first person of the nearest
        preceding sentence that names one, else the first Person before ``pos`` in it (not a
        leader named by a government: "the Hollis administration")."""
        head = ctx.text[sent_start:pos].split()
        if head and head[0].lower() in ("he", "she", "él", "ella"):
            before = [m for m in ctx.mentions if m.type == "Person" and m.span.end <= sent_start]
            if not before:
                return None
            ps, _ = ctx.parsed.sentence_of(before[-1].span.start)
            return next(m for m in before if m.span.start >= ps)
        return next((m for m in ctx.mentions if m.type == "Person" and sent_start <= m.span.start < pos
                     and m.extractor != "pattern:government-of"), None)



def _same_person(a: EntityMention, b: EntityMention) -> bool:
    """Two mentions of one person in an article: the same name, or one name the end of the other
    ("Ana Ruiz Tagle" … "Ruiz Tagle")."""
    x, y = (a.name or a.span.text).split(), (b.name or b.span.text).split()
    return bool(x) and bool(y) and (x == y or x[-len(y):] == y or y[-len(x):] == x)
