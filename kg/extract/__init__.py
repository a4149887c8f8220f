"""The extraction stage: a document and its parse -> :class:`kg.model.ArticleMentions`.

:class:`Extractor` (in :mod:`kg.extract.extractor`) runs the parts in order over a context made
fresh per call: time anchors (:mod:`kg.extract.time`), boilerplate, entity candidates and
settling (:mod:`kg.extract.entities`), posts (:mod:`kg.extract.posts`), part-of relations
(:mod:`kg.extract.affiliations`) and events (:mod:`kg.extract.events`). The word lists they share
are compiled once in :mod:`kg.extract.patterns`; the records between them are in
:mod:`kg.extract.records`. :func:`default_extractor` is the one built from the package's data.
"""
from kg.extract.extractor import Extractor, default_extractor

__all__ = ["Extractor", "default_extractor"]
