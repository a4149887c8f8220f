"""kg.resolve: the same entity or event gets the same key across articles and languages; merges
are conservative and explained."""
from __future__ import annotations

import datetime as dt

from kg.build.extraction import extract_documents
from kg.extract import default_extractor
from kg.model import Document
from kg.resolve import Resolver

A = ("Secretary of State Marco Ruiz spoke by phone with Mexican Foreign Minister Ana Beltrán on "
     "March 3, 2026. Mexico's Secretariat of Foreign Affairs (SRE) published a readout.")
B = ("El secretario de Estado, Marco Ruiz, habló por teléfono con la canciller Ana Beltrán el 4 de "
     "marzo de 2026, informó la Secretaría de Relaciones Exteriores.")
C = "Ruiz later met Beltrán in Washington. A storm named Ruiz Cartel hit the coast."


def corpus(*texts_langs):
    docs = [Document(f"d{i}", t, lang, dt.date(2026, 3, 10), path=f"d{i}.txt")
            for i, (t, lang) in enumerate(texts_langs)]
    ex = default_extractor()
    return Resolver(ex.gaz).resolve(extract_documents(docs, []))


def test_same_entity_same_key_across_articles_and_languages():
    c = corpus((A, "en"), (B, "es"))
    keys_a, keys_b = set(c.articles[0].entities), set(c.articles[1].entities)
    assert {"person/marco-ruiz", "person/ana-beltran", "ministry/mx-sre"} <= keys_a & keys_b
    sre = c.entities["ministry/mx-sre"]
    assert sre.name == "Secretaría de Relaciones Exteriores"
    assert {"SRE", "Secretariat of Foreign Affairs"} <= set(sre.aliases)


def test_surname_alone_joins_the_unique_full_name_in_the_corpus_with_a_reason():
    c = corpus((A, "en"), (C, "en"))
    assert "person/marco-ruiz" in c.articles[1].entities
    reasons = c.entities["person/marco-ruiz"].merge_reasons
    assert any("surname 'Ruiz'" in r for r in reasons)


def test_never_merged_across_types():
    c = corpus((A, "en"), (C, "en"))
    cartel = [k for k in c.articles[1].entities if k.startswith("criminalorganization/")]
    assert cartel and c.entities[cartel[0]].type == "CriminalOrganization"
    assert all(not k.startswith("person/ruiz") for k in c.articles[1].entities)


def test_reports_of_one_call_share_a_key_and_keep_their_own_dates():
    c = corpus((A, "en"), (B, "es"))
    calls = [ev for art in c.articles for ev in art.events if ev.type == "Communication"]
    assert len(calls) == 2
    assert calls[0].key == calls[1].key
    assert {calls[0].time.value, calls[1].time.value} == {"2026-03-03", "2026-03-04"}


def test_calls_days_apart_stay_distinct():
    later = A.replace("March 3, 2026", "March 9, 2026")
    c = corpus((A, "en"), (later, "en"))
    calls = [ev for art in c.articles for ev in art.events if ev.type == "Communication"]
    assert len({ev.key for ev in calls}) == 2


def test_keys_are_deterministic():
    k1 = sorted(ev.key for art in corpus((A, "en"), (B, "es")).articles for ev in art.events)
    k2 = sorted(ev.key for art in corpus((A, "en"), (B, "es")).articles for ev in art.events)
    assert k1 == k2
