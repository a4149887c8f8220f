"""Packaging of what pyproject.toml cannot say: ``queries/`` and ``ontology/`` stay at the top of
the checkout, where the team edits them, and ship inside the package as ``kg/_queries`` and
``kg/_ontology`` (found by ``kg.queries.library.queries_dir`` and ``kg.graph.shacl.ontology_dir``
when there is no checkout), beside the package's own data files and page assets. Everything
else (metadata, dependencies, the ``kg`` command) is in pyproject.toml."""
from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["kg", "kg.*"]) + ["kg.views.assets", "kg._queries",
                                                      "kg._ontology"],
    package_dir={"kg._queries": "queries", "kg._ontology": "ontology"},
    package_data={
        "kg._queries": ["*.rq", "README.md", "internal/*.rq"],
        "kg._ontology": ["*.ttl", "README.md"],
        "kg.data": ["*.jsonl", "*.json", "*.md", "*.txt"],
        "kg.views.assets": ["*.js", "*.css"],
    },
)
