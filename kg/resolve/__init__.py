"""Mentions -> canonical entities and events, within an article and across articles and
languages: see :mod:`kg.resolve.resolver` for the steps and the modules of each.
"""
from kg.resolve.coref import DatedEvent, corefer
from kg.resolve.names import FormScanner, NameIndex, has_word, is_full_name, norm_name, person_names
from kg.resolve.records import Contribution, DatedReport, facts_digest, graph_keys, open_posts
from kg.resolve.reduction import Reduction
from kg.resolve.resolver import Resolver

__all__ = [
    "Contribution", "DatedEvent", "DatedReport", "FormScanner", "NameIndex", "Reduction", "Resolver",
    "corefer", "facts_digest", "graph_keys", "has_word", "is_full_name", "norm_name", "open_posts",
    "person_names",
]
