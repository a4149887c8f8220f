"""Names as people type them: the one form in which a typed name and a stored name are compared.

In: a name or a part of one ("lopez", "Jose Perez", "SRE"). Out: its folded form (no
accents, case folded, runs of spaces as one) and :func:`name_matches`, used by iri parameters
given as names (:func:`kg.queries.library.resolve_label`, so ``kg explain`` and ``kg timeline
--actor`` too), ``--focus`` (:func:`kg.views.projections.find_node`) and, in the same form in
JavaScript, the pages' "Find by name" box. Queries that search names in SPARQL
(``find_entity``) fold with :data:`SPARQL_FOLD`.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1 << 14)
def fold(text: str) -> str:
    """``"  Nicolás  MADURO"`` -> ``"nicolas maduro"``: no accents, case folded, spaces collapsed."""
    t = unicodedata.normalize("NFKD", str(text))
    t = "".join(c for c in t if not unicodedata.combining(c)).casefold()
    return _SPACES.sub(" ", t).strip()


def name_matches(needle: str, names) -> tuple[bool, bool]:
    """``(exact, partial)``: whether one of ``names`` equals ``needle`` once folded, and whether
    one contains it."""
    n = fold(needle)
    folded = [fold(x) for x in names]
    return (bool(n) and n in folded, bool(n) and any(n in f for f in folded))
