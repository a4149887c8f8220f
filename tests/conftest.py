import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


import pytest  # noqa: E402


@pytest.fixture(scope="module")
def ds():
    """The hand-made fixture corpus as an rdflib Dataset."""
    from fixture_corpus import fixture_corpus

    from kg.graph.writer import corpus_to_dataset

    return corpus_to_dataset(fixture_corpus())


@pytest.fixture(scope="module")
def full(ds):
    from kg.views.network import build_network

    return build_network(ds, "full")


@pytest.fixture(scope="module")
def actors(ds):
    from kg.views.network import build_network

    return build_network(ds, "actors")
