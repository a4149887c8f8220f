"""Property-based tests of the text -> RDF path (issue 8): for any article text, every export
format parses back to the same graphs, and every IRI minted is a valid absolute IRI.

Hypothesis generates the text: names and quotes drawn from all of Unicode (markup, quotes,
backslashes, braces, control and bidi characters included) inside a sentence the extractor reads,
and free text on its own.
"""
from __future__ import annotations

import re

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is not installed (pip install .[test])")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from rdflib import Dataset, URIRef  # noqa: E402
from rdflib.compare import isomorphic  # noqa: E402

from kg.extract import default_extractor  # noqa: E402
from kg.graph.writer import corpus_to_dataset  # noqa: E402
from kg.model import Document  # noqa: E402
from kg.nlp import pipeline as nlp  # noqa: E402
from kg.resolve import Resolver  # noqa: E402
from kg.store.exports import export_dataset  # noqa: E402

PARSE_FORMAT = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}
QUAD_FORMATS = {"nq", "trig", "jsonld"}
# an IRI (RFC 3987) has a scheme and none of these characters
IRI_BAD = re.compile(r'[\s<>"{}|\\^`\x00-\x1f\x7f-\x9f]')
IRI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")

names = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=24)
words = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


def to_dataset(text: str, lang: str = "en") -> Dataset:
    ex = default_extractor()
    doc = Document(id="prop", text=text, lang=lang)
    mentions = ex.extract(doc, nlp.parse(text, lang))
    return corpus_to_dataset(Resolver(ex.gaz).resolve([mentions]))


def check_round_trip(ds: Dataset, tmp_path) -> None:
    for term in {t for q in ds.quads() for t in q if isinstance(t, URIRef)}:
        assert IRI_SCHEME.match(str(term)) and not IRI_BAD.search(str(term)), repr(str(term))
    for fmt, parser in PARSE_FORMAT.items():
        path = export_dataset(ds, fmt, tmp_path / f"g.{fmt}")
        back = Dataset()
        back.parse(path, format=parser)
        if fmt in QUAD_FORMATS:
            for g in ds.graphs():
                if len(g) == 0:
                    continue
                assert isomorphic(g, back.graph(g.identifier)), f"{fmt}: graph {g.identifier} differs"
        else:
            union = Dataset()
            for s, p, o, _ in ds.quads():
                union.default_graph.add((s, p, o))
            assert isomorphic(union.default_graph, back.default_graph), f"{fmt} differs"


SLOW = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@SLOW
@given(name=names, other=names, quote=words)
def test_any_names_and_quotes_round_trip(name, other, quote, tmp_path):
    text = (f"Security Minister {name} met Ambassador {other} in Mexico City on Monday, March 2, "
            f"2026. {name} said: \"{quote}\" The ministry of {other} rejected the plan.")
    check_round_trip(to_dataset(text), tmp_path)


@SLOW
@given(text=words)
def test_any_text_round_trips(text, tmp_path):
    check_round_trip(to_dataset(text or "."), tmp_path)


@SLOW
@given(name=names, quote=words)
def test_any_spanish_text_round_trips(name, quote, tmp_path):
    text = (f"El canciller {name} se reunió el lunes 2 de marzo de 2026 con el secretario de "
            f"Seguridad. {name} dijo: «{quote}».")
    check_round_trip(to_dataset(text, "es"), tmp_path)
