"""Entity candidates that are other names of entities already found: surnames and handles.

Surnames — reads: ``candidates``, ``text``. Adds: ``candidates`` (extractor "pattern:surname"):
"Lopez" after "Ana Lopez", "de la Vega" after "José María de la Vega", with the full name.
Coordinated persons — reads: ``candidates``, ``text``. Adds: ``candidates`` (extractor
"given-name"): a name of two words or more coordinated with a person's full name ("Ana Ruiz and
Tomás de la Peña") is a person, where nothing else reads those words.
Handles — reads: ``candidates``, ``text``. Adds: ``candidates`` (extractor "pattern:handle"):
"Name (@handle)": the handle names the entity just before it.
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.patterns import HANDLE, Patterns
from kg.extract.records import Candidate


def surname_forms(full: str, particles) -> list[str]:
    """'Ana Lopez' -> ['Lopez']; 'José María de la Vega' -> ['de la Vega'] (from the first of
    ``particles``); 'Ana María García Ortiz' -> ['García Ortiz']."""
    toks = full.split()
    if len(toks) < 2:
        return []
    for i, t in enumerate(toks[1:], start=1):
        if t.lower() in particles:
            return [" ".join(toks[i:])]
    if len(toks) >= 4:
        return [" ".join(toks[-2:])]
    last = toks[-1]
    return [last] if len(last) >= 3 and not last.endswith(".") else []


class SurnameCandidates:
    reads = ("candidates", "ignore", "text", "parsed")
    adds = ("candidates",)

    def __init__(self, pat: Patterns):
        self.pat = pat

    def run(self, ctx: Context) -> None:
        cands = ctx.candidates
        taken = [(c.start, c.end) for c in cands if c.type == "Person" or c.trust >= 5]
        out = []
        for sf, full in sorted(self._forms(ctx).items(), key=lambda kv: -len(kv[0])):
            if not sf[:1].isalpha():
                continue
            first = re.escape(sf[0].upper()) + re.escape(sf[0].lower())
            pat = re.compile(r"(?<![\w@])[" + first + "]" + re.escape(sf[1:]) + r"(?![\w])")
            for m in pat.finditer(ctx.text):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                if not (m.group(0)[0].isupper() or sf[0].islower()):
                    continue
                if re.search(r"[A-ZÁÉÍÓÚÑ][\w\-]+\s+$", ctx.text[max(0, m.start() - 25):m.start()]) \
                        and not ctx.sentence_initial(m.start() - 1) and not self.pat.after_title(ctx.text, m.start()):
                    continue  # "Ana Pérez" is not "Juan Pérez"
                taken.append((m.start(), m.end()))
                out.append(Candidate(m.start(), m.end(), "Person", "pattern:surname", 0.8, name=full))
        cands.extend(out)

    def _forms(self, ctx: Context) -> dict[str, str]:
        """Full name or surname -> the first full name it comes from."""
        forms: dict[str, str] = {}
        for c in ctx.candidates:
            if c.type != "Person" or ctx.ignored(c.start):
                continue
            full = c.name or ctx.text[c.start:c.end]
            if len(full.split()) < 2:
                continue
            forms.setdefault(full, full)  # the whole name again, later in the article
            for sf in surname_forms(full, self.pat.particles):
                forms.setdefault(sf, full)
        return forms


class HandleCandidates:
    reads = ("candidates", "text")
    adds = ("candidates",)

    def run(self, ctx: Context) -> None:
        cands = ctx.candidates
        out = []
        for m in HANDLE.finditer(ctx.text):
            hs, he = m.span(1)
            if any(c.start == hs and c.gazetteer_id for c in cands):
                continue
            prev = [c for c in cands if c.end <= m.start() and m.start() - c.end <= 2]
            if prev:
                p = max(prev, key=lambda c: (c.trust, c.end - c.start))
                out.append(Candidate(hs, he, p.type, "pattern:handle", 0.85, p.gazetteer_id,
                                     p.name or ctx.text[p.start:p.end]))
        cands.extend(out)


class CoordinatedPersons:
    reads = ("candidates", "text")
    adds = ("candidates",)

    def __init__(self, pat: Patterns):
        self.pat = pat
        self.after = re.compile(rf",?\s+(?:and|y|e)\s+(?P<name>{pat.person_name})")

    def run(self, ctx: Context) -> None:
        out = []
        for c in [c for c in ctx.candidates if c.type == "Person" and len(ctx.text[c.start:c.end].split()) >= 2]:
            m = self.after.match(ctx.text, c.end)
            if not m or len(m.group("name").split()) < 2:
                continue
            s, e = m.span("name")
            words = m.group("name").split()
            if any(w in self.pat.title_words or w in self.pat.org_heads or w in self.pat.form_index for w in words):
                continue
            if not any(d.overlaps(s, e) for d in ctx.candidates):
                out.append(Candidate(s, e, "Person", "given-name", 0.6))
        ctx.candidates.extend(out)
