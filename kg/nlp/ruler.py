"""The attribute ruler's matches found through an index instead of spaCy's ``Matcher``.

In: a spaCy ``attribute_ruler`` component and the numeric ids of the token attributes its
patterns test (:mod:`kg.nlp.pipeline` passes them, so this module imports nothing of spaCy's).
Out: :class:`IndexedRules`, whose ``match`` returns what the ruler's own ``match`` returns;
:func:`install` puts it in place of the ruler's ``match`` where every pattern can be indexed.
"""
from __future__ import annotations

import re

#: the token attributes an indexed pattern may test, in the order of a row of ``Doc.to_array``
ATTRS = ("LOWER", "TAG", "DEP", "IS_SPACE")


class IndexedRules:
    """The matches of an ``attribute_ruler``'s patterns, found through an index.

    The ruler's patterns are single tokens or short fixed sequences ("TAG is VBZ and LOWER is
    'gets'"), but the ``Matcher`` tries all of them (179 in ``en_core_web_sm``) at every token:
    about an eighth of the English pipeline's time. Here each pattern is filed under the value
    its first token must have (its LOWER, else its TAG, DEP or IS_SPACE), so a token is checked
    only against the patterns that can start there. The result is the list the ruler's own
    ``match`` returns, and the ruler sets the attributes itself as before. A ruler with patterns
    on other attributes, or with operators other than equality, IN, NOT_IN and REGEX, raises
    ``ValueError`` here and keeps its ``Matcher`` (:func:`install`).

    ``attr_ids``: the spaCy id of each name in :data:`ATTRS`.
    """

    def __init__(self, ruler, attr_ids: dict[str, int]):
        self.ruler = ruler
        self.strings = ruler.vocab.strings
        self.ids = [attr_ids[a] for a in ATTRS]
        self.index: dict[tuple[int, object], list] = {}
        self.anywhere: list = []
        for attr_id, patterns in enumerate(self._patterns()):
            match_id = self.strings[str(attr_id)]
            for tokens in patterns:
                checks = [[self._check(attr, spec) for attr, spec in tok.items()] for tok in tokens]
                rule = (attr_id, match_id, checks)
                keys = self._keys(checks[0]) if checks else None
                if keys is None:
                    self.anywhere.append(rule)
                for k in keys or ():
                    self.index.setdefault(k, []).append(rule)

    def _patterns(self) -> list[list[list[dict]]]:
        """The patterns of each rule, by rule number (``AttributeRuler.add`` files rule i under
        the key "i")."""
        return [self.ruler.matcher.get(str(i))[1] for i in range(len(self.ruler.attrs))]

    def _check(self, attr: str, spec):
        if attr not in ATTRS:
            raise ValueError(f"attribute {attr}")
        pos = ATTRS.index(attr)
        if isinstance(spec, dict):
            if set(spec) == {"IN"}:
                return pos, "in", {self._value(attr, v) for v in spec["IN"]}
            if set(spec) == {"NOT_IN"}:
                return pos, "not in", {self._value(attr, v) for v in spec["NOT_IN"]}
            if set(spec) == {"REGEX"}:
                return pos, "regex", re.compile(spec["REGEX"])
            raise ValueError(f"operator {sorted(spec)}")
        return pos, "eq", self._value(attr, spec)

    def _value(self, attr: str, value):
        if attr == "IS_SPACE":
            if not isinstance(value, bool):
                raise ValueError("IS_SPACE takes true or false")
            return int(value)
        return self.strings[value] if isinstance(value, str) else value

    @staticmethod
    def _keys(checks):
        """The index entries of a pattern's first token (its LOWER, else TAG, DEP or IS_SPACE
        value or values), or None (checked at every token)."""
        for pos, op, value in sorted(checks, key=lambda c: c[0]):
            if op == "eq":
                return [(pos, value)]
            if op == "in":
                return [(pos, v) for v in value]
        return None

    def _ok(self, checks, row) -> bool:
        for pos, op, value in checks:
            got = row[pos]
            if op == "eq":
                if got != value:
                    return False
            elif op == "in":
                if got not in value:
                    return False
            elif op == "not in":
                if got in value:
                    return False
            elif not value.search(self.strings[got]):
                return False
        return True

    def match(self, doc):
        rows = doc.to_array(self.ids).tolist() if len(doc) else []
        found = set()
        n = len(rows)
        index, ok = self.index, self._ok
        for i, row in enumerate(rows):
            rules = [r for pos, value in enumerate(row) for r in index.get((pos, value), ())]
            for attr_id, match_id, checks in rules + self.anywhere if self.anywhere else rules:
                if len(checks) == 1:
                    if ok(checks[0], row):
                        found.add((attr_id, match_id, i, i + 1))
                elif i + len(checks) <= n and all(ok(c, rows[i + k]) for k, c in enumerate(checks)):
                    found.add((attr_id, match_id, i, i + len(checks)))
        return sorted(found)


def install(nlp, attr_ids: dict[str, int]) -> None:
    """Let the pipeline's attribute ruler find its matches through :class:`IndexedRules`, unless
    one of its patterns needs the full ``Matcher`` (then it stays as it is)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    try:
        ruler.match = IndexedRules(ruler, attr_ids).match
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
