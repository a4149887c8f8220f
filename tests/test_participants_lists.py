"""Participants from sentences around the trigger's: who attended a meeting (a list with no event
word of its own), the pronoun subject of an announced measure."""
from __future__ import annotations

import datetime as dt

from kg.build.extraction import extract_documents
from kg.eval.facts import article_facts
from kg.extract import default_extractor
from kg.model import Document
from kg.resolve import Resolver

PUB = dt.date(2026, 1, 16)


def events(text, lang="en"):
    docs = [Document("t", text, lang, PUB, path="t.txt")]
    return article_facts(Resolver(default_extractor().gaz).resolve(extract_documents(docs, [])))[0]["events"]


def of_type(evs, etype):
    return [e for e in evs if e["type"] == etype]


def test_attendees_listed_after_a_meeting_are_its_participants_es():
    evs = events("El presidente Luis Arce se reunió este martes 6 de enero en La Paz con el secretario de "
                 "Comercio de Chile, Pablo Soto.\n\nAmbas delegaciones revisaron la agenda bilateral.\n\n"
                 "En la reunión estuvieron Ana Gómez, ministra de Finanzas de Bolivia; Jorge Pérez, embajador "
                 "de Chile en Bolivia, y otros funcionarios.", "es")
    meetings = of_type(evs, "Meeting")
    assert len(meetings) == 1, meetings
    assert {"Luis Arce", "Pablo Soto", "Ana Gómez", "Jorge Pérez"} <= set(meetings[0]["participants"])
    assert meetings[0]["date"] == "2026-01-06"


def test_also_attending_were_joins_the_call_and_its_later_mention_en():
    evs = events("President Gabriel Boric spoke by phone on Monday with Argentine President Javier Milei. "
                 "The call lasted an hour.\n\nAlso attending were Chilean Foreign Minister Alberto van "
                 "Klaveren and Argentine Foreign Minister Diana Mondino.")
    calls = of_type(evs, "Communication")
    assert len(calls) == 1, calls
    assert {"Gabriel Boric", "Javier Milei", "Diana Mondino"} <= set(calls[0]["participants"]), calls


def test_attendance_list_without_a_meeting_before_it_adds_nothing():
    evs = events("Peru's Congress debated the budget on Tuesday.\n\nAlso attending were Ana Torres and "
                 "Luis Vega.")
    assert not of_type(evs, "Meeting") or all("Ana Torres" not in e["participants"] for e in evs)


def test_a_sentence_with_an_act_of_its_own_is_no_attendance_list():
    evs = events("El canciller Pedro Ruiz se reunió el 5 de enero con la ministra Laura Soto.\n\n"
                 "Asistieron también a la detención de Mario Vega los agentes Luis Paz y Ana Gil.", "es")
    meeting = of_type(evs, "Meeting")[0]
    assert "Luis Paz" not in meeting["participants"], meeting


def test_pronoun_subject_of_an_announced_measure_is_the_announcer():
    # "X announced that it will be implementing a tariff": the noun trigger's verb has the pronoun
    evs = events("The Biden administration announced on Monday that it will be implementing a 20 percent "
                 "tariff on all steel from Brazil.")
    sanction = of_type(evs, "Sanction")[0]
    assert "United States" in sanction["participants"], sanction


def test_demonym_target_of_a_tariff_takes_part_es():
    evs = events("El gobierno de Perú anunció aranceles del 20%, y en un mes del 40%, a los productos "
                 "bolivianos. Bolivia protestó.", "es")
    sanction = of_type(evs, "Sanction")[0]
    assert {"Peru", "Bolivia"} <= set(sanction["participants"]), sanction
    assert sanction["roles"]["Bolivia"] == "recipient"


def test_demonym_target_of_a_tariff_takes_part_en():
    evs = events("Canada will impose a 15 percent tariff on Brazilian steel starting in March, Canadian "
                 "officials said. Brazil has not responded.")
    sanction = of_type(evs, "Sanction")[0]
    assert "Brazil" in sanction["participants"], sanction


def test_demonym_in_another_clause_is_no_target():
    evs = events("Canada announced a 15 percent tariff on steel, which Brazilian exporters criticised. "
                 "Brazil has not responded.")
    sanction = of_type(evs, "Sanction")[0]
    assert "Brazil" not in sanction["participants"], sanction


def test_authorities_in_a_country_make_it_a_party():
    evs = events("Authorities in Ecuador seized two tons of cocaine on a fishing boat, police said.")
    seizure = of_type(evs, "Seizure")[0]
    assert "Ecuador" in seizure["participants"], seizure


def test_a_country_after_in_is_still_the_place_of_a_seizure():
    evs = events("The Colombian Navy seized two tons of cocaine in Ecuador on a fishing boat.")
    seizure = of_type(evs, "Seizure")[0]
    assert "Ecuador" not in seizure["participants"], seizure


def test_a_seizure_during_an_operation_is_made_by_the_operations_actors():
    evs = events("The cargo was found on a boat intercepted off the coast during an operation involving "
                 "the Colombian Navy and the Ecuadorian Navy.")
    seizure = of_type(evs, "Seizure")[0]
    assert {"Colombian Navy", "Ecuadorian Navy"} <= set(seizure["participants"]), seizure


def test_subject_of_the_verb_a_noun_trigger_hangs_on_is_its_actor():
    evs = events('"The last time Brazil came to Paraguay with a military intervention, it lost the war," said Paraguayan '
                 'President Santiago Peña.')
    ops = [e for e in of_type(evs, "SecurityOperation")]
    assert ops and "Brazil" in ops[0]["participants"], evs
    assert "Santiago Peña" not in ops[0]["participants"]


def test_a_state_named_after_its_leader_names_the_leader_too():
    evs = events("The Trump administration imposed new tariffs on Chinese steel on Monday, President Donald "
                 "Trump said. China protested.")
    sanction = of_type(evs, "Sanction")[0]
    assert {"United States", "Donald Trump"} <= set(sanction["participants"]), sanction


def test_a_leader_named_with_his_government_stands_for_the_state_too():
    evs = events("The United States and Mexico met on Friday. Mexico arrested ten traffickers to avoid the "
                 "imposition of a 25% tariff on Mexican products by the Donald Trump administration.")
    threats = [e for e in evs if e["type"] in ("Threat", "Sanction") and "Donald Trump" in e["participants"]]
    assert threats and "United States" in threats[0]["participants"], evs


def test_who_is_named_after_dijo_que_does_not_speak_without_a_parse():
    evs = events("El presidente de Panamá, José Raúl Mulino, dijo que el sucesor de Laura Dogu será "
                 "recibido con respeto.", "es")
    stmt = of_type(evs, "Statement")[0]
    assert "José Raúl Mulino" in stmt["participants"] and "Laura Dogu" not in stmt["participants"], stmt


def test_a_claim_verb_keeps_whom_it_claims_something_of():
    evs = events("El presidente de Panamá, José Raúl Mulino, acusó a Laura Dogu de injerencia.", "es")
    stmts = of_type(evs, "Statement")
    assert not stmts or "Laura Dogu" in stmts[0]["participants"], stmts


def test_a_temporal_preposition_does_not_hand_the_clause_subject_to_a_noun_trigger():
    evs = events("Following Milei's public statements about the border, Boric spoke again with Milei.")
    stmts = [e for e in of_type(evs, "Statement") if "Gabriel Boric" in e["participants"] or "Boric" in e["participants"]]
    assert not stmts, evs
