"""The NLP stage: text -> :class:`kg.nlp.parsed.Parsed` (tokens, sentences, entity spans).

:mod:`kg.nlp.parsed` holds the records (no spaCy); :mod:`kg.nlp.pipeline` runs spaCy (the only
module importing it); :mod:`kg.nlp.ruler` is the indexed attribute ruler the pipeline installs.
"""
