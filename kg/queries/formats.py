"""Query results as text: an aligned table, CSV, TSV, JSON or Markdown.

In: a :class:`kg.store.results.Result` (rdflib terms) and a format name. Out: the text that
``kg query`` / ``kg sparql`` print (:func:`format_result`), and IRIs shortened with the project
prefixes (:func:`compact`).
"""
from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from functools import cache

from rdflib import RDFS, SKOS, BNode, Graph, Literal, URIRef

from kg.errors import QueryError
from kg.graph.namespaces import KGO
from kg.store.results import Result
from kg.store.terms import prefixes

FORMATS = ("table", "csv", "tsv", "json", "markdown")


def compact(iri: str, base: str | None = None) -> str:
    """Shorten an IRI with the longest matching project prefix: ``kgd:entity/person/x``."""
    best = max(((p, ns) for p, ns in prefixes(base).items() if iri.startswith(ns)),
               key=lambda pn: len(pn[1]), default=None)
    return f"{best[0]}:{iri[len(best[1]):]}" if best and len(iri) > len(best[1]) else iri


@cache
def ontology_labels() -> dict[str, str]:
    """The English name of each ontology term (``kgo:Phone`` -> ``phone``, ``kgo:Occurred`` ->
    ``occurred``, ``kgo:Person`` -> ``Person``), from ``ontology/kg.ttl``."""
    from kg.graph.shacl import ontology_dir

    g = Graph().parse(ontology_dir() / "kg.ttl", format="turtle")
    out: dict[str, str] = {}
    for prop in (RDFS.label, SKOS.prefLabel):  # skos:prefLabel wins
        for s, o in g.subject_objects(prop):
            if getattr(o, "language", None) in ("en", None):
                out[str(s)] = str(o)
    return out


def _display(term, base: str | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        if str(term).startswith(str(KGO)):
            return ontology_labels().get(str(term), str(term)[len(str(KGO)):])
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


def _with_labels(cols, rows, cells, labels):
    """Add after each column holding labelled IRIs a column ``<name> is`` with their labels."""
    labelled = [i for i in range(len(cols))
                if any(row[i] is not None and str(row[i]) in labels for row in rows)]
    new_cols, new_cells = [], [[] for _ in cells]
    for i, c in enumerate(cols):
        new_cols.append(c)
        for out, row, cell in zip(new_cells, rows, cells):
            out.append(cell[i])
        if i in labelled:
            new_cols.append(f"{c} is")
            for out, row in zip(new_cells, rows):
                out.append(labels.get(str(row[i]), "") if row[i] is not None else "")
    return new_cols, new_cells


def format_result(result: Result, fmt: str = "table", base: str | None = None,
                  max_width: int = 60, labels: dict[str, str] | None = None) -> str:
    """Render a result.

    - ``table``: aligned columns for a terminal; ontology terms by their name (``phone``,
      ``occurred``), other IRIs shortened with the project prefixes, literals as their text,
      cells longer than ``max_width`` cut with an ellipsis (``max_width=0``: never cut).
    - ``markdown``: the same cells (not cut) as a Markdown table.
    - ``labels`` (IRI -> readable label, e.g. an event's type, participants and date): in a
      table or Markdown, a column holding such IRIs is followed by a column ``<name> is`` with
      their labels.
    - ``csv`` / ``tsv``: plain values (full IRIs, literals as text) that a spreadsheet opens;
      CSV is the W3C SPARQL 1.1 CSV result format, TSV the same cells separated by tabs (tabs
      and line breaks inside a cell become spaces). A text value starting with ``=``, ``+``,
      ``-``, ``@`` (or a tab or carriage return) gets a leading ``'``, so that it is shown,
      never run as a formula (numbers stay as they are).
    - ``json``: the W3C SPARQL 1.1 Query Results JSON format.
    """
    def inert(t):
        """``t``, a text literal that a spreadsheet would run as a formula made inert."""
        if isinstance(t, Literal) and str(t)[:1] in ("=", "+", "-", "@", "\t", "\r") and \
                not isinstance(t.toPython(), (int, float, Decimal)):
            return Literal("'" + str(t), lang=t.language, datatype=t.datatype)
        return t

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
        w.writerows([["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(inert(t)))
                      for t in row] for row in rows])
        return buf.getvalue()
    if fmt == "tsv":
        def cell(t) -> str:
            text = "" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(inert(t)))
            return " ".join(text.replace("\t", " ").splitlines())
        return "\n".join(["\t".join(cols)]
                         + ["\t".join(cell(t) for t in row) for row in rows]) + "\n"
    cells = [[_display(t, base).replace("\r", " ").replace("\n", " ") for t in row]
             for row in rows]
    if labels:
        cols, cells = _with_labels(cols, rows, cells, labels)
    if fmt == "markdown":
        def md(text: str) -> str:
            return text.replace("\\", "\\\\").replace("|", "\\|")
        lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
        lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n"
    if max_width:
        cells = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in row]
                 for row in cells]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
