"""Query parameters bound as ``VALUES`` blocks, and the checks an IRI passes before it is bound.

In: SPARQL query text and a mapping of variable name -> rdflib term (an IRI or a literal), a
list or tuple of terms (one ``VALUES`` row each), or None (left unbound). Out: the query text with
``VALUES`` blocks inserted (:func:`bind_values`); values are serialised with ``n3()`` and never
pasted into the query as text. The IRI checks (:func:`check_iri`, :func:`is_absolute_iri`,
:func:`bad_iri_char`) say whether a string can be written as ``<value>``; :func:`masked` gives
the query with its strings, IRIs and comments blanked out, so that what is left is structure.

Every engine (:mod:`kg.store.embedded`, :mod:`kg.store.remote`) binds through here, and the
query library (:mod:`kg.queries.library`) checks IRI parameters with the same rules.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import Literal, URIRef

from kg.errors import QueryError

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# tokens that may contain "{" or the word WHERE without being query structure
_SKIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_BAD_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\]')


# ----------------------------------------------------------------------------- IRIs


def bad_iri_char(value: str) -> str | None:
    """The first character of ``value`` that an IRI may not hold (space, ``<``, ``"``, …)."""
    bad = _BAD_IRI_CHARS.search(value)
    return bad.group() if bad else None


def is_absolute_iri(value: str) -> bool:
    """Whether ``value`` has a scheme and no character an IRI may not hold."""
    return bool(_SCHEME.match(value)) and bad_iri_char(value) is None


def check_iri(value: str, what: str = "IRI") -> str:
    """Raise QueryError unless ``value`` is an absolute IRI safe to write as ``<value>``."""
    bad = bad_iri_char(value)
    if bad is not None:
        raise QueryError(f"{what}: {value!r} is not a valid IRI (character {bad!r} "
                         "is not allowed)")
    if not _SCHEME.match(value):
        raise QueryError(f"{what}: {value!r} is not an absolute IRI (expected e.g. https://...)")
    return value


# ----------------------------------------------------------------------------- query text


def masked(sparql: str) -> str:
    """The query with strings, IRIs and comments blanked out (same length), so that braces and
    keywords found in it are query structure."""
    return _SKIP.sub(lambda m: " " * len(m.group()), sparql)


def _outer_group_start(sparql: str) -> int:
    """Offset just after the '{' that opens the outermost WHERE group."""
    construct = re.search(r"\bCONSTRUCT\b", _SKIP.sub(" ", sparql), re.I)  # needs WHERE
    pos, seen_where = 0, False
    while pos < len(sparql):
        m = _SKIP.match(sparql, pos)
        if m:
            pos = m.end()
            continue
        if re.match(r"WHERE\b", sparql[pos:pos + 6], re.I) and (
                pos == 0 or not (sparql[pos - 1].isalnum() or sparql[pos - 1] in "_?$:")):
            seen_where = True
        elif sparql[pos] == "{" and (seen_where or not construct):
            return pos + 1
        pos += 1
    raise QueryError("cannot bind parameters: the query has no WHERE { ... } group")


def _sub_select_groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of the WHERE group of every SELECT in the (:func:`masked`) query, outermost
    first: start is just after its '{', end at its matching '}'."""
    groups = []
    for m in re.finditer(r"(?<![A-Za-z0-9_?$:])SELECT\b", text, re.I):
        start = text.find("{", m.end())
        if start < 0:
            break
        depth, pos = 0, start
        for pos in range(start, len(text)):
            if text[pos] == "{":
                depth += 1
            elif text[pos] == "}":
                depth -= 1
                if depth == 0:
                    break
        groups.append((start + 1, pos))
    return groups


# ----------------------------------------------------------------------------- binding


def _term_text(name: str, value) -> str:
    """One bound term as it goes into a VALUES row (IRIs checked first)."""
    if not isinstance(value, (URIRef, Literal)):
        raise QueryError(f"?{name}: can only bind an IRI or a literal, not {value!r}")
    if isinstance(value, URIRef):
        check_iri(str(value), name)
    return value.n3()


def _values_row(name: str, value) -> str:
    """``VALUES ?name { term }``, or one row per term for a list or tuple of terms."""
    if isinstance(value, (list, tuple)):
        terms = " ".join(_term_text(name, v) for v in value)
    else:
        terms = _term_text(name, value)
    return f"VALUES ?{name} {{ {terms} }}"


def bind_values(sparql: str, bindings: Mapping | None) -> str:
    """Bind parameters by inserting ``VALUES ?name { term }`` blocks into the query.

    Values are typed rdflib terms serialised with ``n3()``; text is never pasted into the query.
    A list or tuple of terms binds the variable to each of them in turn (one row per term: how
    the queries in ``queries/internal/`` get lists such as the entity classes). A parameter is
    a constant of the whole query: its ``VALUES`` row goes at the start of the outermost WHERE
    group (visible to its patterns and FILTERs) and at the start of every sub-SELECT whose
    group mentions the variable, since a sub-SELECT does not see the bindings around it. So a
    sub-SELECT can start from the parameter (``?event sem:hasActor ?_actor``) and stay small,
    and reads "any" when the parameter is left unbound. Unbound (None) values are left out.
    """
    if not bindings:
        return sparql
    rows: dict[str, str] = {}
    for name, value in bindings.items():
        if not _NAME.match(name):
            raise QueryError(f"bad variable name {name!r}")
        if value is None:
            continue
        rows[name] = _values_row(name, value)
    if not rows:
        return sparql
    outer = _outer_group_start(sparql)
    inserts = {outer: list(rows.values())}
    text = masked(sparql)
    for start, end in _sub_select_groups(text):
        if start == outer:
            continue
        used = [row for name, row in rows.items()
                if re.search(rf"[?$]{name}(?![A-Za-z0-9_])", text[start:end])]
        if used:
            inserts[start] = used
    for at in sorted(inserts, reverse=True):
        sparql = sparql[:at] + "\n  " + "\n  ".join(inserts[at]) + "\n" + sparql[at:]
    return sparql
