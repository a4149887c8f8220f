"""Closed namespaces for the ontology and the vocabularies it reuses.

In: nothing. Out: rdflib ``Namespace``/``DefinedNamespace`` objects. No ontology IRI is written as
a string anywhere else in the package: a typo in a term fails at import time here (``KGO.Persn``
raises ``AttributeError``) instead of silently minting a new IRI.

The data base IRI (where entities, events, articles and mentions live) is configurable with the
``KG_BASE_IRI`` environment variable or ``--base`` on the command line; see :func:`data_ns`.
"""
from __future__ import annotations

import os

from rdflib import Namespace, URIRef
from rdflib.namespace import (  # noqa: F401  (re-exported for the rest of the package)
    DCTERMS,
    FOAF,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    XSD,
    DefinedNamespace,
)

ONTOLOGY_IRI = "https://w3id.org/secdip/ontology"
DEFAULT_BASE_IRI = "https://w3id.org/secdip/id/"


class KGO(DefinedNamespace):
    """The project's own ontology terms (ontology/kg.ttl)."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # classes
    Actor: URIRef
    Person: URIRef
    Country: URIRef
    GovernmentBody: URIRef
    Ministry: URIRef
    Agency: URIRef
    CriminalOrganization: URIRef
    InternationalOrganization: URIRef
    Place: URIRef
    Media: URIRef
    Event: URIRef
    Mention: URIRef
    Extractor: URIRef

    # concept schemes and concepts: event types (PLOVER-aligned)
    EventTypeScheme: URIRef
    Communication: URIRef
    Meeting: URIRef
    Statement: URIRef
    Demand: URIRef
    Threat: URIRef
    Agreement: URIRef
    Rejection: URIRef
    SecurityOperation: URIRef
    Seizure: URIRef
    Sanction: URIRef
    Arrest: URIRef
    # modes
    ModeScheme: URIRef
    Phone: URIRef
    Video: URIRef
    Written: URIRef
    Post: URIRef
    InPerson: URIRef
    WorkingGroup: URIRef
    Summit: URIRef
    # statuses
    StatusScheme: URIRef
    Occurred: URIRef
    Planned: URIRef
    Proposed: URIRef
    Rejected: URIRef
    Hypothetical: URIRef
    Negated: URIRef
    # date precision
    PrecisionScheme: URIRef
    DayPrecision: URIRef
    MonthPrecision: URIRef
    YearPrecision: URIRef
    # role concepts (posts)
    RoleScheme: URIRef

    # properties
    eventType: URIRef
    mode: URIRef
    status: URIRef
    initiator: URIRef
    recipient: URIRef
    date: URIRef
    datePrecision: URIRef
    dateText: URIRef
    country: URIRef
    confidence: URIRef
    sentence: URIRef
    quote: URIRef
    channel: URIRef
    roleText: URIRef
    former: URIRef
    observedOn: URIRef
    mergeReason: URIRef
    contentHash: URIRef


ORG = Namespace("http://www.w3.org/ns/org#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
GAF = Namespace("http://groundedannotationframework.org/gaf#")
WD = Namespace("http://www.wikidata.org/entity/")
SH = Namespace("http://www.w3.org/ns/shacl#")

#: Prefixes bound on every graph and export.
PREFIXES = {
    "kgo": KGO._NS,
    "org": ORG,
    "sem": SEM,
    "nif": NIF,
    "gaf": GAF,
    "foaf": FOAF,
    "schema": SDO,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "owl": OWL,
    "rdfs": RDFS,
    "xsd": XSD,
    "wd": WD,
}

#: Entity type name (as used in the facts view and the gold format) -> ontology class.
ENTITY_CLASSES = {
    "Person": KGO.Person,
    "Country": KGO.Country,
    "Ministry": KGO.Ministry,
    "Agency": KGO.Agency,
    "CriminalOrganization": KGO.CriminalOrganization,
    "InternationalOrganization": KGO.InternationalOrganization,
    "Place": KGO.Place,
    "Media": KGO.Media,
}

#: Standard classes asserted alongside the local class, so that stores without reasoning still
#: answer queries phrased in FOAF / ORG / schema.org.
STANDARD_CLASSES = {
    "Person": (FOAF.Person, SDO.Person),
    "Country": (SDO.Country,),
    "Ministry": (ORG.FormalOrganization, SDO.GovernmentOrganization),
    "Agency": (ORG.FormalOrganization, SDO.GovernmentOrganization),
    "CriminalOrganization": (ORG.Organization,),
    "InternationalOrganization": (ORG.FormalOrganization,),
    "Place": (SDO.Place,),
    "Media": (ORG.Organization, SDO.NewsMediaOrganization),
}

EVENT_TYPES = {
    "Communication": KGO.Communication,
    "Meeting": KGO.Meeting,
    "Statement": KGO.Statement,
    "Demand": KGO.Demand,
    "Threat": KGO.Threat,
    "Agreement": KGO.Agreement,
    "Rejection": KGO.Rejection,
    "SecurityOperation": KGO.SecurityOperation,
    "Seizure": KGO.Seizure,
    "Sanction": KGO.Sanction,
    "Arrest": KGO.Arrest,
}

MODES = {
    "phone": KGO.Phone,
    "video": KGO.Video,
    "written": KGO.Written,
    "post": KGO.Post,
    "in_person": KGO.InPerson,
    "working_group": KGO.WorkingGroup,
    "summit": KGO.Summit,
}

STATUSES = {
    "occurred": KGO.Occurred,
    "planned": KGO.Planned,
    "proposed": KGO.Proposed,
    "rejected": KGO.Rejected,
    "hypothetical": KGO.Hypothetical,
    "negated": KGO.Negated,
}

PRECISIONS = {
    "day": KGO.DayPrecision,
    "month": KGO.MonthPrecision,
    "year": KGO.YearPrecision,
}


def base_iri(base: str | None = None) -> str:
    """The data base IRI: the argument, else ``$KG_BASE_IRI``, else the default. Ends in / or #."""
    value = base or os.environ.get("KG_BASE_IRI") or DEFAULT_BASE_IRI
    if not value.endswith(("/", "#")):
        value += "/"
    return value


def data_ns(base: str | None = None) -> Namespace:
    return Namespace(base_iri(base))


def local_name(iri) -> str:
    """The last segment of an IRI (a ``URIRef`` or a string): what follows its last '/' or '#',
    trailing ones left out (``…/ontology#Meeting`` -> ``Meeting``, ``…/entity/person/ana-ruiz``
    -> ``ana-ruiz``, ``http://example.org/people/`` -> ``people``)."""
    return str(iri).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
