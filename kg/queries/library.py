"""The SPARQL query library: ``queries/NNN_slug.rq`` files -> bound queries -> formatted results.

In: a folder of ``.rq`` files, each one SPARQL 1.1 query under a ``#+`` YAML header (grlc style:
``summary``, ``description``, ``tags``, ``params``, ``example``); parameter values as strings.
Out: :class:`QuerySpec` s, :class:`kg.store.results.Result` s from any engine with a
``query(sparql, bindings)`` method (:class:`kg.store.embedded.Store`, :class:`kg.store.embedded.RdflibEngine`), and
text in table / csv / tsv / json / markdown (:func:`format_result`).

Parameters appear in a query body as ``?_name``. Values are never pasted into the query text:
each is parsed into a typed RDF term (iri, string, date, integer, decimal) and bound with a
``VALUES`` block (:func:`kg.store.binding.bind_values`). An ``iri`` parameter also takes a prefixed name
(``kgd:entity/person/ana-lopez``) or an entity's exact label (``Ana Lopez``), which is resolved
by a case-insensitive match on rdfs:label / skos:altLabel / skos:prefLabel.

Run ``python -m kg.queries`` to regenerate ``queries/README.md`` from the headers.
"""
from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from functools import cache

import yaml
from rdflib import BNode, Literal, URIRef

from kg.errors import QueryError
from kg.graph.namespaces import ENTITY_CLASSES, XSD
from kg.store.binding import bad_iri_char, is_absolute_iri, masked
from kg.store.results import Result
from kg.store.terms import prefixes

PARAM_TYPES = ("iri", "string", "date", "integer", "decimal")
FORMATS = ("table", "csv", "tsv", "json", "markdown")
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
        params.append(ParamSpec(str(p["name"]), ptype, str(p.get("description", "")).strip(),
                                None if default is None else str(default), "default" not in p))
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
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            raise QueryError(f"{what}: {value!r} is not an ISO date like 2026-03-04")
        try:
            dt.date.fromisoformat(v)
        except ValueError as e:
            raise QueryError(f"{what}: {value!r} is not a valid date ({e})") from None
        return Literal(v, datatype=XSD.date)
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
    """The one entity whose label or alias equals ``label`` (case-insensitive), else QueryError."""
    lookup = internal_query("label_lookup")
    rows = engine.query(lookup.sparql, {"_needle": Literal(label),
                                        "class": tuple(ENTITY_CLASSES.values())}).rows
    names: dict[URIRef, str] = {}
    exact: set[URIRef] = set()
    for entity, name, is_exact in rows:
        names.setdefault(entity, str(name))
        if is_exact is not None and is_exact.toPython() in (True, 1):  # Virtuoso: 1 for true
            exact.add(entity)
    if len(exact) == 1:
        return exact.pop()

    def show(iris) -> str:
        return "; ".join(f"{i} ({names[i]})" for i in sorted(iris)[:10])

    if exact:
        raise QueryError(f"{what}: {label!r} names {len(exact)} entities: {show(exact)}. "
                         "Pass one of these IRIs instead.")
    hint = (f" Entities whose label contains it: {show(names)}." if names else
            " Find entities with `kg query find_entity --param name=...`.")
    raise QueryError(f"{what}: {label!r} is not an IRI and no entity has exactly this label "
                     f"(case-insensitive, rdfs:label or skos:altLabel).{hint}")


# ----------------------------------------------------------------------------- formatting


def compact(iri: str, base: str | None = None) -> str:
    """Shorten an IRI with the longest matching project prefix: ``kgd:entity/person/x``."""
    best = max(((p, ns) for p, ns in prefixes(base).items() if iri.startswith(ns)),
               key=lambda pn: len(pn[1]), default=None)
    return f"{best[0]}:{iri[len(best[1]):]}" if best and len(iri) > len(best[1]) else iri


def _display(term, base: str | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact(str(term), base)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _json_term(term) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def format_result(result: Result, fmt: str = "table", base: str | None = None,
                  max_width: int = 60) -> str:
    """Render a result.

    - ``table``: aligned columns for a terminal; IRIs shortened with the project prefixes,
      literals as their text, cells longer than ``max_width`` cut with an ellipsis.
    - ``markdown``: the same cells (not cut) as a Markdown table.
    - ``csv`` / ``tsv``: the W3C SPARQL 1.1 CSV (plain values, full IRIs) and TSV (terms in
      Turtle syntax) result formats.
    - ``json``: the W3C SPARQL 1.1 Query Results JSON format.
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if result.boolean is not None:
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}, indent=2) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    cols, rows = result.columns, result.rows
    if fmt == "json":
        bindings = [{c: _json_term(t) for c, t in zip(cols, row) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": cols}, "results": {"bindings": bindings}},
                          indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(cols)
        w.writerows([["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t))
                      for t in row] for row in rows])
        return buf.getvalue()
    if fmt == "tsv":
        def cell(t) -> str:
            return "" if t is None else t.n3().replace("\t", "\\t")
        return "\n".join(["\t".join("?" + c for c in cols)]
                         + ["\t".join(cell(t) for t in row) for row in rows]) + "\n"
    cells = [[_display(t, base).replace("\r", " ").replace("\n", " ") for t in row]
             for row in rows]
    if fmt == "markdown":
        def md(text: str) -> str:
            return text.replace("\\", "\\\\").replace("|", "\\|")
        lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
        lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n"
    cells = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in row]
             for row in cells]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- README

_README_INTRO = """\
# Query library

<!-- Generated from the #+ headers of the .rq files by `python -m kg.queries`; do not edit.
     tests/test_queries.py checks that this file is up to date. -->

Each `NNN_slug.rq` file holds one SPARQL 1.1 query under a `#+` YAML header (grlc style:
`summary`, `description`, `tags`, `params`, `example`). The queries run against the union of all
named graphs (one per article, plus the gazetteer, entity and ontology graphs); they use `GRAPH ?g { ... }`
only where it matters which article said something. Results are ordered, so output is
deterministic. Every query runs in the tests on a fixture corpus, on Oxigraph and on rdflib, and is
compared with an expected result.

The queries the product runs itself (the relationship graph of `kg html` and `kg export`,
`kg explain`, the lookup of an entity by name) are in [internal/](internal/), in the same format;
a `values:` line in their header names the variables the code binds to a list of terms. They are
not part of this catalogue.

## Running

```sh
kg query --list                                   # this catalogue
kg query communications                           # by name, number (3) or file stem
kg query actor_events --param actor="Ana Lopez"   # an IRI, kgd:... or an exact label
kg query timeline --param from=2026-03-01 --format csv   # table | csv | tsv | json | markdown
kg sparql my_query.rq                             # any SPARQL 1.1 query from a file...
echo 'SELECT * WHERE { ?s ?p ?o } LIMIT 5' | kg sparql -   # ...or from stdin
```

From Python (a notebook or a script), the same library through `kg.query`:

```python
import kg

rows = kg.query("communications", actor="Ana Lopez")   # store: $KG_STORE, else out/store
rows[0]["date"]                 # a list of dicts with plain Python values (IRIs as strings)
rows.df                         # a pandas DataFrame (pandas installed)
kg.query("timeline", store="other/store", params={"from": "2026-03-01"})
kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
```

`store` is a store folder, a `kg.store.embedded.Store`, an rdflib `Dataset` or `Graph`; a bad name,
parameter or value raises `kg.store.embedded.QueryError` naming it. `kg query` is a thin layer over it.

## Parameters

A parameter appears in the query as `?_name`. Values are never pasted into the query text: each
is parsed as its declared type (`iri`, `string`, `date` = `YYYY-MM-DD`, `integer`, `decimal`) and
bound as an RDF term in a `VALUES` block at the start of the outermost `WHERE` group and of every
sub-`SELECT` whose group mentions `?_name` (a parameter is a constant of the whole query). An
`iri` parameter accepts a full IRI, a prefixed name (`kgd:entity/person/ana-lopez`) or an
entity's exact label or alias, matched case-insensitively; an unknown or ambiguous label is an
error that lists candidates. An optional parameter without a value stays unbound: in a triple
pattern it then matches anything, in a `FILTER` it is tested with `!BOUND(?_name)`.

Notes for query writers, learnt the hard way:
- Oxigraph's union default graph is a multiset (a triple stated in two article graphs matches
  twice), so queries use `DISTINCT` or `COUNT(DISTINCT ...)`. Entity types, labels and countries
  are stated once (gazetteer or entity graph), so joining them is cheap; what articles restate
  (an event's type, date and status, an entity's `prov:wasDerivedFrom`) repeats once per report:
  join such patterns inside one `GRAPH ?g { ... }`, or reduce them with a `DISTINCT` sub-select
  first.
- Put a label lookup for a variable that an `OPTIONAL` may leave unbound inside that same
  `OPTIONAL`; on its own, `OPTIONAL { ?x rdfs:label ?l }` with `?x` unbound matches every label.
- SPARQL 1.1 leaves the order of `GROUP_CONCAT` open: feed it from an ordered sub-select.
- rdflib fails to sort on an expression that is unbound (`ORDER BY LCASE(?optional)`): wrap it
  in `COALESCE(..., "")`. rdflib <= 7.6 returns one empty row for a `GROUP BY` that matched
  nothing (RDFLib/rdflib#3382): `HAVING (BOUND(?key))` removes it.
- `MIN`/`MAX`/`SUM` over a variable that is unbound in some rows of a group differ between
  engines (Oxigraph: the aggregate is unbound, as the standard's error rule says; rdflib and
  Virtuoso skip the unbound rows): aggregate only values every row of the group has or lacks
  together, or take them from a sub-select over the bound rows.
- rdflib mis-joins an `OPTIONAL` sub-select on variables the sub-select computes with `BIND`
  (or projects as `(?x AS ?y)`): join sub-selects only on variables bound by triple patterns.
- Virtuoso 7.2: never use a variable that is bound nowhere (`IF(c, ?x, ?unbound)`); no
  `ORDER BY` on an expression of aggregates (project it first); a transitive path needs one end
  bound (start from a triple pattern), `*` may drop its zero-length matches when neither end is
  bound, and nodes a transitive path returns join with later patterns only once a plain triple
  pattern binds them too; count the levels of a hierarchy with sequence paths
  (`org:subOrganizationOf/org:subOrganizationOf`), not by counting nodes along `+` paths.
- Make a bound parameter drive the evaluation: a `FILTER(!BOUND(?_x) || ...)` after the joins
  costs as much as the unfiltered query, whereas a sub-select that starts from the parameter
  (`{ SELECT DISTINCT ?event WHERE { ?event sem:hasActor ?_actor } }`, all events when unbound)
  keeps the filtered call small; at 1 M triples this took filtered calls from 100-600 ms to
  20-95 ms (`bench/queries.py`, second table).
- A `HAVING` sees only its own group: to filter aggregates by a parameter, aggregate in a
  sub-select and `FILTER` its result outside (joining the `VALUES` block can also reorder the
  input of a `GROUP_CONCAT`).
- Oxigraph stores typed literals in canonical form (`"0.90"^^xsd:decimal` comes back as `0.9`,
  `xsd:nonNegativeInteger` as `xsd:integer`).

## Engines

Every query is standard SPARQL 1.1 (no engine extension; a query that needed one would say so in
a `requires:` line of its header) and gives the same rows on rdflib, the embedded Oxigraph store
and a SPARQL server: `tests/test_queries.py` compares rdflib and Oxigraph row by row on a
fixture, and `tests/test_servers.py` compares an Oxigraph server and Virtuoso 7.2 with the
embedded store on the seeds (the notes above say what it took).
"""

#: topics of the "find your question" index: heading and the tags that put a query under it
TOPICS = (
    ("Actors: who is who, names and aliases", ("actors", "names", "search")),
    ("Posts: who holds which post, and when", ("posts",)),
    ("Organisations: members and hierarchy", ("organisations",)),
    ("Interactions: who met or called whom, chains between actors", ("network",
                                                                      "communication",
                                                                      "meetings")),
    ("Events: by actor, type, status, month", ("events",)),
    ("Time: timelines and dates", ("time",)),
    ("Sources: who reports what, confirmation, disagreements, quotes, evidence",
     ("provenance", "sources", "quality", "quotes")),
    ("Statistics", ("statistics",)),
)


def _param_text(p: ParamSpec) -> str:
    state = "required" if p.required else (f"default {p.default}" if p.default else "optional")
    return f"`{p.name}` ({p.type}, {state})"


def render_readme(library: QueryLibrary | None = None) -> str:
    """The text of ``queries/README.md``: intro, questions by topic, catalogue, one section each."""
    lib = library or QueryLibrary()

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    def anchor(s: QuerySpec) -> str:  # GitHub's heading anchor for "### NNN name"
        return f"#{s.number:03d}-{s.name}"

    specs = lib.list()

    def topic_of(s: QuerySpec) -> str:  # the topic of the first tag that has one
        for tag in s.tags:
            for title, tags in TOPICS:
                if tag in tags:
                    return title
        return "Other"

    index = ["## Find your question", "",
             "Questions by topic (a query is listed under the topic of its first tag; \"see "
             "also\" names the other queries with a tag of the topic). The name is what you pass "
             "to `kg query NAME` or `kg.query(\"NAME\")`.", ""]
    for title in [t for t, _ in TOPICS] + ["Other"]:
        tags = dict(TOPICS).get(title, ())
        members = [s for s in specs if topic_of(s) == title]
        if not members:
            continue
        index += [f"### {title}", ""]
        index += [f"- {s.summary.rstrip('.')}: [`{s.name}`]({anchor(s)})" for s in members]
        more = [s.name for s in specs if s not in members and set(tags) & set(s.tags)]
        if more:
            index.append("- see also: " + ", ".join(f"`{m}`" for m in more))
        index.append("")

    rows = ["## Catalogue", "", "| # | name | question | parameters | tags |",
            "|---|---|---|---|---|"]
    sections = []
    for s in specs:
        rows.append(f"| {s.number:03d} | [{s.name}]({s.path.name}) | {cell(s.summary)} | "
                    f"{cell(', '.join(_param_text(p) for p in s.params)) or '—'} | "
                    f"{', '.join(s.tags)} |")
        part = [f"### {s.number:03d} {s.name}", "", f"**{s.summary.rstrip('.')}.**", ""]
        if s.description:
            part += [s.description, ""]
        part += [f"- {_param_text(p)}: {p.description}" for p in s.params]
        if s.params:
            part.append("")
        if s.example:
            part += ["```sh", s.example, "```", ""]
        part += [f"File: [{s.path.name}]({s.path.name}); tags: {', '.join(s.tags)}.", ""]
        sections.append("\n".join(part))
    return (_README_INTRO + "\n" + "\n".join(index) + "\n" + "\n".join(rows)
            + "\n\n## Queries\n\n" + "\n".join(sections))


def write_readme(library: QueryLibrary | None = None) -> Path:
    lib = library or QueryLibrary()
    path = lib.path / "README.md"
    path.write_text(render_readme(lib), encoding="utf-8")
    return path

