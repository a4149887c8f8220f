"""Check a data graph against the SHACL shapes of the ontology.

In: an rdflib ``Dataset``, ``ConjunctiveGraph`` or ``Graph`` (as written by :mod:`kg.graph.writer`).
Out: a :class:`ValidationReport` listing each :class:`Violation` with the shape that found it.

The union of all graphs, plus ``ontology/kg.ttl``, is validated against ``ontology/shapes.ttl``
without inference: an entity may be typed in the gazetteer graph but used in an article graph, and
the subclass hierarchy and the SKOS concepts live in ``kg.ttl``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Node

from kg.graph.namespaces import PREFIXES, RDF, SH, local_name


def ontology_dir() -> Path:
    """``ontology/`` of the checkout this package runs from, else the copy installed inside the
    package (``kg/_ontology``, see setup.py)."""
    package = Path(__file__).resolve().parents[1]
    candidates = [package / "_ontology"]
    if (package.parent / "pyproject.toml").is_file():
        candidates.insert(0, package.parent / "ontology")
    for candidate in candidates:
        if (candidate / "kg.ttl").is_file():
            return candidate
    raise FileNotFoundError(
        f"ontology files not found in {' or '.join(str(c) for c in candidates)}; run from a "
        "checkout, or install the package from a wheel (which ships them as kg/_ontology)"
    )


def load_ontology() -> Graph:
    """``ontology/kg.ttl`` parsed (a fresh graph each call)."""
    return Graph().parse(ontology_dir() / "kg.ttl", format="turtle")


def load_shapes() -> Graph:
    """``ontology/shapes.ttl`` parsed (a fresh graph each call)."""
    return Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")


@lru_cache(maxsize=1)
def _cached() -> tuple[Graph, Graph]:
    return load_ontology(), load_shapes()


@dataclass(frozen=True)
class Violation:
    shape: str  # local name of the node shape, e.g. "MentionShape"
    focus: str  # the node that failed, in prefixed form where a prefix is known
    path: str | None  # the property, or None for a node-level constraint
    message: str
    severity: str  # "Violation", "Warning" or "Info"
    value: str | None = None  # the offending value, where there is one

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" (value {self.value})" if self.value else ""
        return f"[{self.shape}] {self.focus}{where}: {self.message}{value}"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def summary(self, limit: int = 10) -> str:
        if self.conforms:
            return "conforms to ontology/shapes.ttl"
        lines = [f"{len(self.violations)} SHACL violation(s) of ontology/shapes.ttl:"]
        lines += [f"  {v}" for v in self.violations[:limit]]
        if len(self.violations) > limit:
            lines.append(f"  … and {len(self.violations) - limit} more")
        return "\n".join(lines)


def union_graph(data: Graph) -> Graph:
    """All triples of all graphs of ``data`` (a Dataset or a single Graph) in one new graph."""
    union = Graph()
    for prefix, ns in [*PREFIXES.items(), *data.namespaces()]:
        union.bind(prefix, ns)
    if hasattr(data, "quads"):  # Dataset, ConjunctiveGraph
        union.addN((s, p, o, union) for s, p, o, _ in data.quads((None, None, None, None)))
    else:
        union += data
    return union


def validate(data: Graph) -> ValidationReport:
    """Validate the union of all graphs of ``data`` against the shapes; see the module docstring."""
    ontology, shapes = _cached()
    union = union_graph(data)
    # The whole of kg.ttl is added, not passed as pyshacl's ont_graph: pyshacl copies only RDFS/OWL
    # axioms from ont_graph, and the shapes also need the SKOS concepts (skos:inScheme).
    union += ontology
    conforms, results, _ = shacl_validate(
        union, shacl_graph=shapes, inference="none", inplace=True, allow_warnings=True,
    )
    return ValidationReport(bool(conforms), _violations(results, shapes, union))


def _violations(results: Graph, shapes: Graph, data: Graph) -> list[Violation]:
    def show(node: Node | None) -> str | None:
        if node is None:
            return None
        if isinstance(node, BNode):
            return "[]"
        return node.n3(data.namespace_manager)

    out = []
    report = results.value(predicate=RDF.type, object=SH.ValidationReport)
    for r in results.objects(report, SH.result):  # top-level results, not their sh:detail
        severity = results.value(r, SH.resultSeverity)
        out.append(Violation(
            shape=_shape_name(shapes, results.value(r, SH.sourceShape)),
            focus=show(results.value(r, SH.focusNode)),
            path=show(results.value(r, SH.resultPath)),
            message=str(results.value(r, SH.resultMessage) or ""),
            severity=severity.fragment if severity is not None else "Violation",
            value=show(results.value(r, SH.value)),
        ))
    return sorted(out, key=lambda v: (v.shape, v.focus, v.path or "", v.message))


def _shape_name(shapes: Graph, shape: Node | None) -> str:
    """The local name of the named node shape that owns ``shape`` (property shapes are blank)."""
    seen = set()
    while isinstance(shape, BNode) and shape not in seen:
        seen.add(shape)
        shape = next(shapes.subjects(None, shape), None)
    if shape is None:
        return "?"
    return local_name(shape)
