"""The SPARQL query library: ``queries/NNN_slug.rq`` files -> query specs -> bound, run queries.

In: a folder of ``.rq`` files, each one SPARQL 1.1 query under a ``#+`` YAML header (grlc style:
``summary``, ``description``, ``tags``, ``params``, ``example``; ``values`` for variables the
code binds to a list of terms); parameter values as strings. Out: :class:`QuerySpec` s, typed
RDF terms for the parameters, and :class:`kg.store.results.Result` s from any engine with a
``query(sparql, bindings)`` method (:class:`kg.store.embedded.Store`,
:class:`kg.store.embedded.RdflibEngine`, :class:`kg.store.remote.Endpoint`).

The user catalogue is ``queries/`` (:func:`queries_dir`); the queries the product runs itself
are in ``queries/internal/`` (:func:`internal_query`). Results are rendered by
:mod:`kg.queries.formats`; ``queries/README.md`` is written by :mod:`kg.queries.readme`.

Parameters appear in a query body as ``?_name``. Values are never pasted into the query text:
each is parsed into a typed RDF term (iri, string, date, integer, decimal) and bound with a
``VALUES`` block (:func:`kg.store.binding.bind_values`). An ``iri`` parameter also takes a
prefixed name (``kgd:entity/person/ana-ruiz``) or an entity's name or alias (``Ana Ruiz``),
which is resolved ignoring case and accents (kg.queries.names) on rdfs:label / skos:altLabel / skos:prefLabel.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import yaml
from rdflib import Literal, URIRef

from kg.errors import QueryError
from kg.graph.namespaces import ENTITY_CLASSES, XSD
from kg.queries.names import name_matches
from kg.store.binding import bad_iri_char, is_absolute_iri, masked
from kg.store.results import Result
from kg.store.terms import prefixes

PARAM_TYPES = ("iri", "string", "date", "integer", "decimal")
_FILE = re.compile(r"(\d{3})_([a-z0-9_]+)\.rq\Z")
_PARAM_VAR = re.compile(r"[?$]_([A-Za-z0-9_]+)")
_VAR = re.compile(r"[?$]([A-Za-z][A-Za-z0-9_]*)")


def queries_dir() -> Path:
    """The query library's folder: ``queries/`` of the checkout this package runs from, else the
    copy installed inside the package (``kg/_queries``, see setup.py)."""
    package = Path(__file__).resolve().parents[1]
    checkout = package.parent / "queries"
    if (package.parent / "pyproject.toml").is_file() and checkout.is_dir():
        return checkout
    return package / "_queries"


def internal_queries_dir() -> Path:
    """``queries/internal/``: the queries the product runs itself (the network view, ``kg
    explain``, label lookup), in the same format but not in the user catalogue."""
    return queries_dir() / "internal"


@dataclass(frozen=True)
class ParamSpec:
    name: str
    type: str
    description: str = ""
    default: str | None = None
    required: bool = True
    #: for a date given as a year or a month: ``start`` takes its first day, ``end`` its last
    bound: str = "start"


@dataclass(frozen=True)
class QuerySpec:
    number: int
    name: str  # the slug without the number: "communications"
    stem: str  # the file stem: "003_communications"
    path: Path
    summary: str
    sparql: str  # the query without its header
    description: str = ""
    tags: tuple[str, ...] = ()
    params: tuple[ParamSpec, ...] = ()
    example: str = ""
    #: variables (without ``?``) that the calling code binds to a list of terms (``values:``)
    values: tuple[str, ...] = ()


# ----------------------------------------------------------------------------- loading


def parse_query_file(path: Path) -> QuerySpec:
    """Read one ``NNN_slug.rq`` file; raise QueryError naming the file if it is malformed."""
    path = Path(path)
    m = _FILE.match(path.name)
    if not m:
        raise QueryError(f"{path}: query files are named NNN_slug.rq (e.g. 003_communications.rq)")
    lines = path.read_text(encoding="utf-8").splitlines()
    n = next((i for i, line in enumerate(lines) if not line.startswith("#+")), len(lines))
    header_text = "\n".join(re.sub(r"^#\+ ?", "", line) for line in lines[:n])
    try:
        header = yaml.safe_load(header_text) or {}
    except yaml.YAMLError as e:
        raise QueryError(f"{path}: the #+ header is not valid YAML: {e}") from None
    if not isinstance(header, dict) or not header.get("summary"):
        raise QueryError(f"{path}: the #+ header needs at least 'summary: ...'")
    sparql = "\n".join(lines[n:]).strip() + "\n"
    params = _params(path, header, sparql)
    tags = header.get("tags") or []
    return QuerySpec(number=int(m.group(1)), name=m.group(2), stem=path.stem, path=path,
                     summary=str(header["summary"]).strip(), sparql=sparql,
                     description=str(header.get("description", "")).strip(),
                     tags=tuple(str(t) for t in ([tags] if isinstance(tags, str) else tags)),
                     params=params, example=str(header.get("example", "")).strip(),
                     values=_values(path, header, sparql))


def _params(path: Path, header: dict, sparql: str) -> tuple[ParamSpec, ...]:
    """The ``params:`` of a header, checked against the ``?_name`` variables of the query."""
    params = []
    for p in header.get("params") or []:
        if not isinstance(p, dict) or "name" not in p:
            raise QueryError(f"{path}: each param needs a name (got {p!r})")
        ptype = p.get("type", "string")
        if ptype not in PARAM_TYPES:
            raise QueryError(f"{path}: param {p['name']!r} has type {ptype!r}; "
                             f"use one of {', '.join(PARAM_TYPES)}")
        default = p.get("default")
        bound = str(p.get("bound", "start"))
        if bound not in ("start", "end"):
            raise QueryError(f"{path}: param {p['name']!r} has bound {bound!r}; use start or end")
        params.append(ParamSpec(str(p["name"]), ptype, str(p.get("description", "")).strip(),
                                None if default is None else str(default), "default" not in p,
                                bound))
    declared = {p.name for p in params}
    used = set(_PARAM_VAR.findall(re.sub(r"#[^\n]*", "", sparql)))
    if declared != used:
        raise QueryError(f"{path}: params declared in the header {sorted(declared)} differ from "
                         f"the ?_name variables used in the query {sorted(used)}")
    return tuple(params)


def _values(path: Path, header: dict, sparql: str) -> tuple[str, ...]:
    """The ``values:`` of a header (variable -> what the code binds to it), each a variable of
    the query."""
    values = header.get("values") or {}
    if not isinstance(values, dict):
        raise QueryError(f"{path}: 'values:' maps each variable to what is bound to it")
    used = set(_VAR.findall(masked(sparql)))
    missing = sorted(str(v) for v in values if str(v) not in used)
    if missing:
        raise QueryError(f"{path}: 'values:' names {missing}, which the query does not use")
    return tuple(str(v) for v in values)


class QueryLibrary:
    """The named queries of a folder: list, look up, bind parameters and run."""

    def __init__(self, path: str | Path | None = None, base: str | None = None):
        self.path = Path(path) if path is not None else queries_dir()
        self.base = base
        self._specs = [parse_query_file(p) for p in sorted(self.path.glob("*.rq"))]
        for attr in ("number", "name"):
            values = [getattr(s, attr) for s in self._specs]
            dup = {v for v in values if values.count(v) > 1}
            if dup:
                raise QueryError(f"{self.path}: two queries share the {attr} {sorted(dup)}")

    def list(self) -> list[QuerySpec]:
        return list(self._specs)

    def get(self, name: str | int) -> QuerySpec:
        """A query by slug (``communications``), number (``3``, ``003``) or stem."""
        key = str(name).strip().removesuffix(".rq")
        for s in self._specs:
            if key in (s.name, s.stem) or (key.isdigit() and int(key) == s.number):
                return s
        hint = difflib.get_close_matches(key, [s.name for s in self._specs], n=3)
        raise QueryError(f"no query named {key!r}"
                         + (f"; did you mean {', '.join(hint)}?" if hint else "")
                         + " (list them with `kg query --list`)")

    def bindings(self, spec: QuerySpec, engine, params: dict | None = None) -> dict:
        """Parse parameter values into RDF terms; raise QueryError naming a bad parameter."""
        params = dict(params or {})
        known = {p.name: p for p in spec.params}
        unknown = sorted(set(params) - set(known))
        if unknown:
            raise QueryError(f"query {spec.name!r} has no parameter {', '.join(unknown)}; "
                             f"its parameters: {', '.join(known) or 'none'}")
        out = {}
        for p in spec.params:
            value = params.get(p.name)
            if value is None or value == "":
                value = p.default
            if value is None:
                if p.required:
                    raise QueryError(f"query {spec.name!r} needs --param {p.name}=... "
                                     f"({p.type}: {p.description})")
                continue
            out["_" + p.name] = to_term(p, value, engine, self.base)
        return out

    def run(self, name: str | int, engine, params: dict | None = None) -> Result:
        spec = self.get(name)
        return engine.query(spec.sparql, self.bindings(spec, engine, params))


@cache
def internal_library() -> QueryLibrary:
    """The queries of :func:`internal_queries_dir` (read once)."""
    return QueryLibrary(internal_queries_dir())


def internal_query(name: str) -> QuerySpec:
    """One of the queries the product runs itself, by slug (``network_events``)."""
    return internal_library().get(name)


# ----------------------------------------------------------------------------- parameter values


def to_term(p: ParamSpec, value, engine=None, base: str | None = None):
    """One parameter value (a string, or already an rdflib term) -> a validated rdflib term."""
    what = f"parameter '{p.name}' ({p.type})"
    if isinstance(value, (URIRef, Literal)):
        value = str(value)
    value = str(value)
    v = value.strip()
    if p.type == "string":
        return Literal(value)
    if p.type == "iri":
        return _to_iri(v, what, engine, base)
    if p.type == "date":
        return Literal(iso_date(v, what, end=p.bound == "end"), datatype=XSD.date)
    if p.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", v):
            raise QueryError(f"{what}: {value!r} is not an integer")
        return Literal(int(v))
    if p.type == "decimal":
        try:
            if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", v):
                raise InvalidOperation
            return Literal(Decimal(v))
        except InvalidOperation:
            raise QueryError(f"{what}: {value!r} is not a decimal number like 0.75") from None
    raise QueryError(f"{what}: unknown parameter type")


def iso_date(value: str, what: str = "date", end: bool = False) -> str:
    """``2026``, ``2026-01`` or ``2026-01-15`` -> an ISO day: the first day of a year or month,
    or its last with ``end``; QueryError naming ``what`` for any other text."""
    v = value.strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", v)
    if not m:
        raise QueryError(f"{what}: {value!r} is not a date like 2026, 2026-03 or 2026-03-04")
    year, month, day = m.groups()
    try:
        if day:
            return dt.date(int(year), int(month), int(day)).isoformat()
        if month:
            first = dt.date(int(year), int(month), 1)
            if not end:
                return first.isoformat()
            nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return (nxt - dt.timedelta(days=1)).isoformat()
        return dt.date(int(year), 12 if end else 1, 31 if end else 1).isoformat()
    except ValueError as e:
        raise QueryError(f"{what}: {value!r} is not a valid date ({e})") from None


def _to_iri(v: str, what: str, engine, base: str | None) -> URIRef:
    if v.startswith("<") and v.endswith(">"):
        v = v[1:-1]
    pfx, sep, local = v.partition(":")
    known = prefixes(base)
    if sep and pfx in known and not local.startswith("//"):
        v = known[pfx] + local
    if is_absolute_iri(v):
        return URIRef(v)
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", v) or v.startswith("<"):
        bad = bad_iri_char(v)
        raise QueryError(f"{what}: {v!r} is not a valid IRI"
                         + (f" (character {bad!r} is not allowed)" if bad else ""))
    if engine is None:
        raise QueryError(f"{what}: {v!r} is not an absolute IRI")
    return resolve_label(engine, v, what)


def resolve_label(engine, label: str, what: str = "IRI") -> URIRef:
    """The one entity with a label or alias equal to ``label``, compared without accents or case
    (:func:`kg.queries.names.fold`: "jose perez" is José Pérez, "sre" the ministry whose
    alias is SRE), else QueryError listing the entities whose names contain it."""
    lookup = internal_query("label_lookup")
    rows = engine.query(lookup.sparql, {"class": tuple(ENTITY_CLASSES.values())}).rows
    names: dict[URIRef, str] = {}
    all_names: dict[URIRef, list[str]] = {}
    for entity, name, other in rows:
        names.setdefault(entity, str(name))
        all_names.setdefault(entity, []).append(str(other))
    exact: set[URIRef] = set()
    partial: set[URIRef] = set()
    for entity, its_names in all_names.items():
        is_exact, is_partial = name_matches(label, its_names)
        if is_exact:
            exact.add(entity)
        if is_partial:
            partial.add(entity)
    if len(exact) == 1:
        return exact.pop()

    def show(iris) -> str:
        return "; ".join(f"{i} ({names[i]})" for i in sorted(iris)[:10])

    if exact:
        raise QueryError(f"{what}: {label!r} names {len(exact)} entities: {show(exact)}. "
                         "Pass one of these IRIs instead.")
    names = {i: n for i, n in names.items() if i in partial}
    hint = (f" Entities whose names contain it: {show(names)}." if names else
            " Find entities with `kg query find_entity --param name=...`.")
    raise QueryError(f"{what}: {label!r} is not an IRI and no entity has exactly this label "
                     f"(ignoring case and accents, rdfs:label or skos:altLabel).{hint}")
