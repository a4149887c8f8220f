"""``queries/README.md``, generated from the ``#+`` headers of the query library.

In: a :class:`kg.queries.library.QueryLibrary` (default: ``queries/``). Out: the README text
(:func:`render_readme`: intro, questions by topic, catalogue, one section per query) and the
file (:func:`write_readme`). Run ``python -m kg.queries`` to regenerate it;
``tests/test_queries.py`` checks that it is up to date.
"""
from __future__ import annotations

from pathlib import Path

from kg.queries.library import ParamSpec, QueryLibrary, QuerySpec

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
kg query actor_events --param actor="Mexico"   # an IRI, kgd:... or a name
kg query timeline --param from=2026-01 --format csv      # table | csv | tsv | json | markdown
kg sparql my_query.rq                             # any SPARQL 1.1 query from a file...
echo 'SELECT * WHERE { ?s ?p ?o } LIMIT 5' | kg sparql -   # ...or from stdin
```

From Python (a notebook or a script), the same library through `kg.query`:

```python
import kg

rows = kg.query("communications", actor="United States")   # store: $KG_STORE, else out/store
rows[0]["date"]                 # a list of dicts with plain Python values (IRIs as strings)
rows.df                         # a pandas DataFrame (pandas installed)
kg.query("timeline", store="other/store", params={"from": "2026-03-01"})
kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
```

`store` is a store folder, a `kg.store.embedded.Store`, an rdflib `Dataset` or `Graph`; a bad name,
parameter or value raises `kg.store.embedded.QueryError` naming it. `kg query` is a thin layer over it.

## Parameters

A parameter appears in the query as `?_name`. Values are never pasted into the query text: each
is parsed as its declared type (`iri`, `string`, `date`, `integer`, `decimal`) and
bound as an RDF term in a `VALUES` block at the start of the outermost `WHERE` group and of every
sub-`SELECT` whose group mentions `?_name` (a parameter is a constant of the whole query). An
`iri` parameter accepts a full IRI, a prefixed name (`kgd:entity/person/marco-rubio`) or an
entity's exact label or alias, matched without case or accents ("nicolas maduro", "sre"); an
unknown or ambiguous label is an error that lists candidates. A `date` is `YYYY`, `YYYY-MM` or
`YYYY-MM-DD`; a year or month stands for its first day, or its last for a parameter declared with
`bound: end` (`timeline`'s `to`). An optional parameter without a value stays unbound: in a triple
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
