"""Knowledge as data: the gazetteer, titles, event triggers and the lexicon, and their loaders.

The data files live here (``gazetteer.jsonl``, ``titles.jsonl``, ``triggers.jsonl``,
``lexicon.json``); each has one loader module. :func:`default_resources`
loads the four the extractor uses, once per process.
"""
from __future__ import annotations

from functools import lru_cache

from kg.data.files import DATA_DIR, DataFileError
from kg.data.gazetteer import GazEntry, Gazetteer, add_entry, check_file, load_gazetteer
from kg.data.lexicon import load_given_names, load_lexicon
from kg.data.titles import Title, load_titles
from kg.data.triggers import Trigger, load_triggers

__all__ = ["DATA_DIR", "DataFileError", "GazEntry", "Gazetteer", "Title", "Trigger", "add_entry",
           "check_file", "default_resources", "load_gazetteer", "load_given_names", "load_lexicon", "load_titles",
           "load_triggers"]


@lru_cache(maxsize=1)
def default_resources():
    """(gazetteer, titles, triggers, lexicon) from the package's data files, loaded once; the
    lexicon's given names include those of ``given_names.txt`` that name no gazetteer entry."""
    gaz, lex = load_gazetteer(), load_lexicon()
    lex["given_names"] = sorted(set(lex["given_names"]) | (load_given_names() - set(gaz.forms)))
    return gaz, load_titles(), load_triggers(), lex
