"""Knowledge graph of actors, posts and events in security-diplomacy news.

From Python (a notebook, a script)::

    import kg
    rows = kg.query("posts", person="Ana Lopez")      # list of dicts, plain Python values
    rows.df                                           # a pandas DataFrame (needs pandas)
    kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")

    g = kg.KnowledgeGraph("out/store")                # the same store as one object
    g.explain("Ana Lopez"); g.network("actors"); g.write_html("out/graph.html")

See :mod:`kg.api` for the stores accepted and how values are converted, and :mod:`kg.errors`
for the errors raised.
"""

__version__ = "0.1.0"
__all__ = ["KnowledgeGraph", "query", "sparql"]


def query(name, store=None, params=None, **kwargs):
    """Run a named library query; see :func:`kg.api.query`."""
    from kg.api import query as run

    return run(name, store, params, **kwargs)


def sparql(text, store=None, **kwargs):
    """Run any SPARQL 1.1 query; see :func:`kg.api.sparql`."""
    from kg.api import sparql as run

    return run(text, store, **kwargs)


def __getattr__(name):
    # kg.KnowledgeGraph without importing rdflib and pyoxigraph on `import kg` (the CLI's start)
    if name == "KnowledgeGraph":
        from kg.api import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
