"""placeholder"""
from __future__ import annotations

from .nlp import NerSpan, Parsed

PRODUCT_LABEL = {"Person": "PER", "Country": "LOC", "Place": "LOC", "Ministry": "ORG", "Agency": "ORG",
                 "CriminalOrganization": "ORG", "InternationalOrganization": "ORG", "Media": "ORG"}
MODEL_LABEL = {"PERSON": "PER", "PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
               "NORP": "MISC", "MISC": "MISC"}


def rule_candidates(text, sentences, lang):
    return []


def _has_ner(lang, parsed):
    from . import nlp
    return parsed.has_ner or "ner" in nlp.pipeline(lang).pipe_names


def recognize(text, lang, parsed=None):
    from . import nlp
    from .extract import default_extractor
    from .model import Document
    if parsed is None:
        parsed = nlp.parse(text, lang)
    ms = default_extractor().extract(Document(id="ner", text=text, lang=lang), parsed).entities
    out = []
    for m in ms:
        if m.extractor == "pattern:title-reference":
            continue
        lab = PRODUCT_LABEL.get(m.type)
        if lab:
            out.append((m.span.start, m.span.end, lab))
    extra = [(e.start, e.end, MODEL_LABEL[e.label]) for e in parsed.ents if e.label in MODEL_LABEL] \
        if _has_ner(lang, parsed) else [(c.start, c.end, c.label) for c in rule_candidates(text, parsed.sentences, lang)]
    taken = list(out)
    for s, e, l in sorted(extra, key=lambda x: (x[0], -x[1])):
        if any(s < te and ts < e for ts, te, _ in taken):
            continue
        taken.append((s, e, l))
    return sorted(set(taken))
