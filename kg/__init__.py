"""Knowledge graph of actors, posts and events in security-diplomacy news.

From Python (a notebook, a script)::

    import kg
    rows = kg.query("posts", person="Ana Lopez")      # list of dicts, plain Python values
    rows.df                                           # a pandas DataFrame (needs pandas)
    kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")

See :mod:`kg.api` for the stores accepted and how values are converted.
"""

__version__ = "0.1.0"


def query(name, store=None, params=None, **kwargs):
    """Run a named library query; see :func:`kg.api.query`."""
    from kg.api import query as run

    return run(name, store, params, **kwargs)


def sparql(text, store=None, **kwargs):
    """Run any SPARQL 1.1 query; see :func:`kg.api.sparql`."""
    from kg.api import sparql as run

    return run(text, store, **kwargs)
