"""ontology/kg.ttl, ontology/shapes.ttl, their examples and README, and kg.graph.shacl."""
from __future__ import annotations

import re

import pytest
from fixture_corpus import fixture_corpus
from rdflib import Graph, Literal, URIRef

from kg.graph.iris import IRIs
from kg.graph.namespaces import (
    ENTITY_CLASSES,
    EVENT_TYPES,
    KGO,
    MODES,
    NIF,
    ONTOLOGY_IRI,
    OWL,
    PRECISIONS,
    RDF,
    RDFS,
    SH,
    SKOS,
    STANDARD_CLASSES,
    STATUSES,
)
from kg.graph.shacl import load_ontology, load_shapes, ontology_dir, validate
from kg.graph.writer import corpus_to_dataset

TERMS = list(KGO.__annotations__)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def node_shapes() -> list[str]:
    return sorted(str(s).rsplit("#", 1)[-1] for s in load_shapes().subjects(RDF.type, SH.NodeShape))


def test_ontology_header(ontology):
    assert (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in ontology


@pytest.mark.parametrize("name", TERMS)
def test_every_kgo_term_is_declared_with_type_and_label(ontology, name):
    term = KGO[name]
    assert ontology.value(term, RDF.type) is not None, f"kgo:{name} has no rdf:type in kg.ttl"
    labels = {*ontology.objects(term, RDFS.label), *ontology.objects(term, SKOS.prefLabel)}
    assert any(lbl.language == "en" for lbl in labels), f"kgo:{name} has no English label"


def test_kg_ttl_declares_no_term_missing_from_namespaces(ontology):
    local = {
        str(t)[len(str(KGO._NS)):]
        for triple in ontology for t in triple
        if isinstance(t, URIRef) and str(t).startswith(str(KGO._NS))
    }
    assert local - set(TERMS) == set(), "terms in kg.ttl but not in kg.graph.namespaces.KGO"


@pytest.mark.parametrize("name", ENTITY_CLASSES)
def test_entity_classes_subclass_the_standard_classes_written_with_them(ontology, name):
    supers = set(ontology.transitive_objects(ENTITY_CLASSES[name], RDFS.subClassOf))
    assert set(STANDARD_CLASSES[name]) <= supers


def test_criminal_organizations_are_never_government_bodies(ontology):
    assert (KGO.CriminalOrganization, OWL.disjointWith, KGO.GovernmentBody) in ontology


@pytest.mark.parametrize("scheme, concepts", [
    (KGO.EventTypeScheme, EVENT_TYPES), (KGO.ModeScheme, MODES),
    (KGO.StatusScheme, STATUSES), (KGO.PrecisionScheme, PRECISIONS),
])
def test_concepts_written_by_rdf_py_are_in_their_scheme(ontology, scheme, concepts):
    assert (scheme, RDF.type, SKOS.ConceptScheme) in ontology
    for concept in concepts.values():
        assert (concept, SKOS.inScheme, scheme) in ontology
        langs = {lbl.language for lbl in ontology.objects(concept, SKOS.prefLabel)}
        assert {"en", "es"} <= langs, concept
        assert ontology.value(concept, SKOS.definition) is not None, concept


def test_event_types_carry_their_plover_category(ontology):
    notations = {name: ontology.value(c, SKOS.notation) for name, c in EVENT_TYPES.items()}
    assert notations.pop("Statement") is None  # PLOVER has no category for statements
    assert notations["Communication"] == Literal("CONSULT")
    assert all(isinstance(n, Literal) and n.isupper() for n in notations.values()), notations


def test_every_shape_has_a_stable_iri_and_a_message(shapes):
    named = set(shapes.subjects(RDF.type, SH.NodeShape))
    assert named and all(isinstance(s, URIRef) for s in named)
    for shape in named | set(shapes.objects(None, SH.property)):
        assert shapes.value(shape, SH.message) is not None, f"no sh:message on {shape}"


@pytest.mark.parametrize("shape", node_shapes())
def test_valid_example_conforms(shape):
    report = validate(Graph().parse(ontology_dir() / "examples" / f"{shape}-valid.ttl"))
    assert report.conforms, report.summary()


@pytest.mark.parametrize("shape", node_shapes())
def test_invalid_example_fails_on_its_shape(shape):
    report = validate(Graph().parse(ontology_dir() / "examples" / f"{shape}-invalid.ttl"))
    assert not report.conforms
    assert {v.shape for v in report.violations} == {shape}, report.summary()
    assert all(v.message for v in report.violations)


def test_fixture_corpus_conforms():
    report = validate(corpus_to_dataset(fixture_corpus()))
    assert report.conforms, report.summary()
    assert report.violations == []


def test_broken_graph_reports_shape_and_message():
    from kg.graph.namespaces import XSD  # imported here: pytest probes module globals, XSD warns

    ds = corpus_to_dataset(fixture_corpus())
    iri = IRIs()
    g = ds.graph(iri.article_graph("fixture-a"))
    call = iri.event("communication/call-1")
    g.add((call, KGO.status, KGO.Planned))  # a second status
    mention = iri.mention("fixture-a", "entity", *_span(g, "Ana Lopez"))
    g.set((mention, NIF.beginIndex, Literal(999, datatype=XSD.nonNegativeInteger)))

    report = validate(ds)

    assert not report.conforms
    found = {(v.shape, v.path, v.message) for v in report.violations}
    assert ("EventShape", "kgo:status",
            "An event needs exactly one kgo:status, a concept of kgo:StatusScheme.") in found
    assert ("MentionShape", "nif:beginIndex",
            "A mention needs exactly one nif:beginIndex, a non-negative integer (xsd:nonNegativeInteger, "
            "or xsd:integer as some stores normalise it) not greater than its nif:endIndex.") in found
    status = next(v for v in report.violations if v.path == "kgo:status")
    assert status.focus.endswith("event/communication/call-1>") and status.severity == "Violation"
    summary = report.summary()
    assert "2 SHACL violation(s)" in summary and "[MentionShape]" in summary


def _span(g: Graph, text: str) -> tuple[int, int]:
    m = g.value(predicate=NIF.anchorOf, object=Literal(text))
    return int(g.value(m, NIF.beginIndex)), int(g.value(m, NIF.endIndex))


def test_readme_documents_every_term():
    readme = (ontology_dir() / "README.md").read_text(encoding="utf-8")
    missing = [n for n in TERMS if not re.search(rf"kgo:{n}\b", readme)]
    assert missing == []
