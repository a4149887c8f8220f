"""Extraction on short texts written for these tests (actors mostly not in the gazetteer).

Three articles' worth of cases, English and Spanish: people found by title patterns and given
names, posts with organisation and country, surnames joined to full names, demonyms that attach a
country without being entities, metonyms, organisations typed by headwords, part-of relations,
events with participants, dates, places and status (negation, scheduling, relative dates).
Then the extractor's parts: re-entrant (articles in turn, threads), each adding only what it says,
and reading its word lists from the lexicon.
"""
from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import pickle
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from kg.build.extraction import extract_documents
from kg.data import DataFileError, default_resources
from kg.eval.facts import article_facts
from kg.extract import Extractor, default_extractor
from kg.extract.context import INPUTS, Context
from kg.model import Document
from kg.resolve import Resolver

EN_1 = (
    "Canadian Foreign Minister Elena Marchetti spoke by phone with Brazilian Foreign Minister "
    "Paulo Andrade on Tuesday. Marchetti stressed the need for concrete results against arms "
    "trafficking. The two ministers will meet in Ottawa in March. Washington said the talks were "
    "useful. The State Department's Bureau of Consular Affairs issued a statement. Police in "
    "Ottawa arrested three members of the Red Viper Cartel on Monday."
)
ES_1 = (
    "La canciller de Colombia, Marta Lucía Ortega, sostuvo una llamada telefónica con el "
    "secretario de Seguridad de México, Raúl Benítez, el 3 de febrero de 2026. Ortega pidió "
    "resultados verificables contra el Cártel del Pacífico Sur. Ambos funcionarios se reunirán en "
    "Bogotá en marzo. La Secretaría de Marina informó que no habrá intervención militar."
)
EN_2 = (
    "Mexican officials rejected the proposal on Friday. The Department of Homeland Security "
    "(including the Office of Border Analytics and the Coastal Response Unit) published new "
    "figures. US President Donald Trump has repeatedly threatened tariffs. Tariffs were ruled out "
    "by Mexican officials. The Northern Task Force, which is scheduled to reconvene on March 2, "
    "should continue producing results."
)


def facts_of(*docs: Document) -> list[dict]:
    ex = default_extractor()
    mentions = extract_documents(list(docs), [])
    return article_facts(Resolver(ex.gaz).resolve(mentions))


def doc(doc_id, text, lang, published=dt.date(2026, 2, 6)):
    return Document(doc_id, text, lang, published, path=f"{doc_id}.txt")


@pytest.fixture(scope="module")
def facts():
    out = facts_of(doc("en1", EN_1, "en"), doc("es1", ES_1, "es"), doc("en2", EN_2, "en"))
    return {f["doc"]: f for f in out}


def ents(f):
    return {(e["type"], e["name"]) for e in f["entities"]}


def events(f, etype):
    return [e for e in f["events"] if e["type"] == etype]


def test_people_and_posts_from_titles(facts):
    en = facts["en1.txt"]
    assert {("Person", "Elena Marchetti"), ("Person", "Paulo Andrade")} <= ents(en)
    roles = {(r["person"], r["role"], r["org"], r["country"]) for r in en["roles"]}
    assert ("Elena Marchetti", "Foreign Minister", "Global Affairs Canada", "Canada") in roles
    assert any(r[0] == "Paulo Andrade" and r[3] == "Brazil" for r in roles)


def test_demonyms_attach_a_country_but_are_not_entities(facts):
    names = {e["name"] for e in facts["en1.txt"]["entities"]}
    assert "Canadian" not in names and "Brazilian" not in names


def test_surname_joins_the_full_name_and_metonym_is_the_country(facts):
    en = facts["en1.txt"]
    persons = [e for e in en["entities"] if e["type"] == "Person"]
    marchetti = next(e for e in persons if e["name"] == "Elena Marchetti")
    assert "Marchetti" in marchetti["aliases"]
    assert len(persons) == 2
    us = next(e for e in en["entities"] if e["name"] == "United States")
    assert us["type"] == "Country" and "Washington" in us["aliases"]


def test_headword_typing_and_part_of(facts):
    en = facts["en1.txt"]
    assert ("Agency", "Bureau of Consular Affairs") in ents(en)
    assert ("CriminalOrganization", "Red Viper Cartel") in ents(en)
    assert {"member": "Bureau of Consular Affairs",
            "parent": "United States Department of State"} in [
        {k: a[k] for k in ("member", "parent")} for a in en["affiliations"]]
    en2 = facts["en2.txt"]
    parents = {(a["member"], a["parent"]) for a in en2["affiliations"]}
    assert ("Office of Border Analytics", "United States Department of Homeland Security") in parents
    assert ("Coastal Response Unit", "United States Department of Homeland Security") in parents


def test_phone_call_with_participants_and_relative_date(facts):
    call = events(facts["en1.txt"], "Communication")
    assert len(call) == 1
    assert call[0]["mode"] == "phone" and call[0]["date"] == "2026-02-03"  # Tuesday before Fri 6 Feb
    assert set(call[0]["participants"]) == {"Elena Marchetti", "Paulo Andrade"}


def test_scheduled_meeting_takes_the_speakers_of_the_call(facts):
    meet = events(facts["en1.txt"], "Meeting")
    assert len(meet) == 1 and meet[0]["status"] == "planned"
    assert meet[0]["date"] == "2026-03" and meet[0]["place"] == "Ottawa"
    assert set(meet[0]["participants"]) == {"Elena Marchetti", "Paulo Andrade"}


def test_arrest_with_a_criminal_organisation(facts):
    arrest = events(facts["en1.txt"], "Arrest")
    assert arrest and "Red Viper Cartel" in arrest[0]["participants"]
    assert arrest[0]["date"] == "2026-02-02"


def test_spanish_titles_apposition_and_absolute_date(facts):
    es = facts["es1.txt"]
    roles = {(r["person"], r["role"], r["country"]) for r in es["roles"]}
    assert ("Marta Lucía Ortega", "canciller", "Colombia") in roles
    assert ("Raúl Benítez", "secretario de Seguridad", "Mexico") in roles
    call = events(es, "Communication")
    assert call and call[0]["date"] == "2026-02-03" and call[0]["mode"] == "phone"
    assert {"Marta Lucía Ortega", "Raúl Benítez"} <= set(call[0]["participants"])
    assert ("CriminalOrganization", "Cártel del Pacífico Sur") in ents(es)


def test_spanish_scheduling_and_negation(facts):
    es = facts["es1.txt"]
    meet = events(es, "Meeting")
    assert meet and meet[0]["status"] == "planned" and meet[0]["date"] == "2026-03"
    assert meet[0]["place"] == "Bogotá"
    op = events(es, "SecurityOperation")
    assert op and op[0]["status"] == "negated"  # "no habrá intervención militar"


def test_rejection_ruled_out_and_country_groups(facts):
    en2 = facts["en2.txt"]
    rej = events(en2, "Rejection")
    assert rej and "Mexico" in rej[0]["participants"] and rej[0]["date"] == "2026-02-06"
    threat = events(en2, "Threat")
    assert threat and "Donald Trump" in threat[0]["participants"]
    sanction = events(en2, "Sanction")
    assert all(s["status"] != "occurred" for s in sanction if "ruled out" in s["evidence"])


def test_working_group_meeting_from_a_relative_clause(facts):
    meet = events(facts["en2.txt"], "Meeting")
    assert meet and meet[0]["mode"] == "working_group" and meet[0]["status"] == "planned"
    assert meet[0]["participants"] == ["Northern Task Force"] and meet[0]["date"] == "2026-03-02"


def test_text_without_actors_gives_an_empty_article():
    out = facts_of(doc("x", "It rained all day and the roads were closed for hours.", "en"))
    assert out[0]["entities"] == [] and out[0]["events"] == []


EN_3 = ("Terrance Cole, the head of the DEA, met Omar García Harfuch, who serves as Mexico's Secretary "
        "of Security, in Mexico City. The administrator of CBP, Rodney Scott, said the border was secure.")
ES_3 = ("El titular de la Secretaría de Marina, Raymundo Morales, se reunió con el jefe del Comando Norte, "
        "Gregory Guillot.")


def test_head_of_and_apposition_titles_make_people_and_posts():
    out = facts_of(doc("en3", EN_3, "en"), doc("es3", ES_3, "es"))
    roles = {(r["person"], r["role"], r["org"]) for f in out for r in f["roles"]}
    assert ("Terrance Cole", "head", "Drug Enforcement Administration") in roles
    assert ("Omar García Harfuch", "Secretary of Security",
            "Secretaría de Seguridad y Protección Ciudadana") in roles
    assert any(r[0] == "Rodney Scott" and r[2] == "U.S. Customs and Border Protection" for r in roles)
    assert ("Raymundo Morales", "titular", "Secretaría de Marina") in roles
    assert any(r[0] == "Gregory Guillot" and r[1] == "jefe" for r in roles)
    assert len([r for r in out[0]["roles"] if r["person"] == "Omar García Harfuch"]) == 1


# ---------------------------------------------------------------- the extractor's parts

def parsed_articles():
    from kg.nlp import pipeline as nlp

    docs = [doc("en1", EN_1, "en"), doc("es1", ES_1, "es"), doc("en2", EN_2, "en"), doc("en3", EN_3, "en"),
            doc("es3", ES_3, "es"), doc("en1-undated", EN_1, "en", published=None)]
    return [(d, nlp.parse(d.text, d.lang)) for d in docs]


def test_articles_extracted_part_by_part_in_turn_give_what_one_after_another_gives():
    ex = default_extractor()
    articles = parsed_articles()
    want = [pickle.dumps(ex.extract(d, p)) for d, p in articles]
    contexts = [Context.start(d, p) for d, p in articles]
    for part in ex.parts:  # each part runs on every article before the next part starts
        for ctx in contexts:
            part.run(ctx)
    assert [pickle.dumps(ctx.result()) for ctx in contexts] == want


def test_extraction_in_threads_gives_the_sequential_result():
    ex = default_extractor()
    articles = parsed_articles() * 3
    want = [pickle.dumps(ex.extract(d, p)) for d, p in articles]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # threads take turns often, inside extractions
    try:
        with ThreadPoolExecutor(4) as pool:
            got = list(pool.map(lambda a: pickle.dumps(ex.extract(*a)), articles))
    finally:
        sys.setswitchinterval(interval)
    assert got == want


def test_each_part_reads_what_comes_before_it_and_adds_only_what_it_says():
    ex = default_extractor()
    d, p = parsed_articles()[0]
    ctx = Context.start(d, p)
    names = [f.name for f in dataclasses.fields(Context)]
    available = set(INPUTS)
    for part in ex.parts:
        name = type(part).__name__
        assert set(part.reads) <= available, (name, set(part.reads) - available)
        before = {n: copy.deepcopy(getattr(ctx, n)) for n in names if n not in INPUTS}
        part.run(ctx)
        changed = {n for n, value in before.items() if getattr(ctx, n) != value}
        assert changed <= set(part.adds), (name, changed - set(part.adds))
        available |= set(part.adds)
    assert available == set(names)  # each field of the context is an input or some part's output


def test_name_particles_come_from_the_lexicon():
    from kg.nlp import pipeline as nlp

    gaz, titles, triggers, lex = default_resources()
    text = "Foreign Minister Anna ter Horst met the press on Monday."
    parsed = nlp.parse(text, "en")

    def people(lexicon):
        out = Extractor(gaz, titles, triggers, lexicon).extract(doc("p", text, "en"), parsed)
        return {e.name or e.span.text for e in out.entities if e.type == "Person"}

    assert "Anna ter Horst" not in people(lex)
    assert "Anna ter Horst" in people({**lex, "name_particles": lex["name_particles"] + ["ter"]})


def test_an_unknown_event_type_in_the_lexicon_stops_the_extractor():
    gaz, titles, triggers, lex = default_resources()
    groups = {**lex["event_type_groups"], "speech": ["Statement", "Gossip"]}
    with pytest.raises(DataFileError, match="event_type_groups.speech.*Gossip"):
        Extractor(gaz, titles, triggers, {**lex, "event_type_groups": groups})
