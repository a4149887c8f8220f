"""Event status from the trigger's own clause, on texts written for these tests (English through
the dependency parse, Spanish through the clause rules): negation, refusals and their negation,
modality, plans, conditions, allegations and denials."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.test_events import events

PUB = dt.date(2026, 5, 20)  # a Wednesday


def statuses(text, etype, lang="en", published=PUB):
    evs, _ = events(text, lang, published)
    return [e["status"] for e in evs if e["type"] == etype]


@pytest.mark.parametrize("text, etype, status", [
    ("Norwegian Foreign Minister Karla Ibsen does not rule out a meeting with Chilean President Tomás Vidal.",
     "Meeting", "hypothetical"),
    ("Karla Ibsen did not rule out the possibility of a meeting with Tomás Vidal.", "Meeting", "hypothetical"),
    ("Chilean President Tomás Vidal ruled out a meeting with Karla Ibsen.", "Meeting", "rejected"),
    ("Chilean President Tomás Vidal refused to meet Karla Ibsen in Oslo.", "Meeting", "rejected"),
    ("Karla Ibsen and Tomás Vidal did not meet in Oslo last week.", "Meeting", "negated"),
    ("No agreement was reached between Norway and Chile after the talks.", "Agreement", "negated"),
    ("Karla Ibsen and Tomás Vidal agreed to meet in Santiago in July.", "Meeting", "planned"),
    ("Karla Ibsen will meet Tomás Vidal in Santiago.", "Meeting", "planned"),
    ("Karla Ibsen could meet Tomás Vidal in Santiago.", "Meeting", "hypothetical"),
    ("Karla Ibsen seeks to meet Tomás Vidal in Santiago.", "Meeting", "planned"),
    ("If Chile does not act, Norway will impose tariffs on Chilean salmon, Karla Ibsen said.",
     "Sanction", "hypothetical"),
    ("Karla Ibsen met Tomás Vidal in Santiago on Monday.", "Meeting", "occurred"),
    ("Chilean prosecutors accused Lars Dahl of ordering the raid on the port of Valparaíso.",
     "SecurityOperation", "hypothetical"),
    ("The alleged meeting between Karla Ibsen and Tomás Vidal in Oslo worried the opposition.", "Meeting",
     "hypothetical"),
    ("Karla Ibsen denied that she met Tomás Vidal in Oslo.", "Meeting", "negated"),
    ("Karla Ibsen plans to meet Tomás Vidal in June.", "Meeting", "planned"),
    ("A meeting with Tomás Vidal was ruled out by Norwegian Foreign Minister Karla Ibsen.", "Meeting", "rejected"),
    ("It is unclear whether Karla Ibsen will meet Tomás Vidal in Oslo.", "Meeting", "hypothetical"),
    ("Karla Ibsen did not sign the agreement but met Tomás Vidal in Oslo.", "Meeting", "occurred"),
])
def test_english_status_from_the_clause(text, etype, status):
    assert status in statuses(text, etype), (text, etype)


def test_a_negated_verb_says_nothing_of_its_subject():
    """"the readout does not list …": the call it reports still happened."""
    found = statuses("The readout of the call between Karla Ibsen and Tomás Vidal does not list any new steps.",
                     "Communication")
    assert "negated" not in found


@pytest.mark.parametrize("text, status", [
    ("The meeting between Karla Ibsen and Tomás Vidal was not productive.", "occurred"),
    ("The meeting between Karla Ibsen and Tomás Vidal did not take place.", "negated"),
    ("The meeting between Karla Ibsen and Tomás Vidal will take place in Oslo.", "planned"),
    ("There was no meeting between Karla Ibsen and Tomás Vidal.", "negated"),
])
def test_a_subject_takes_the_status_of_a_verb_of_occurring_only(text, status):
    assert statuses(text, "Meeting") == [status]


def test_an_adjunct_takes_no_status_from_the_verb():
    """"demanded results in a call": the call happened; only the demand's content is asked for."""
    found = statuses("Norway demanded concrete results from Chile in a call between Karla Ibsen and Tomás Vidal.",
                     "Communication")
    assert found and set(found) == {"occurred"}


@pytest.mark.parametrize("text, etype, status", [
    ("El canciller chileno Tomás Vidal no descarta una reunión con la ministra Karla Ibsen.", "Meeting",
     "hypothetical"),
    ("El canciller chileno Tomás Vidal descartó una reunión con la ministra Karla Ibsen.", "Meeting", "rejected"),
    ("Según la cancillería, el canciller Tomás Vidal y la ministra Karla Ibsen se reunirán tras la cumbre.", "Meeting", "planned"),
    ("El canciller Tomás Vidal podría reunirse con la ministra Karla Ibsen en Oslo.", "Meeting", "hypothetical"),
    ("El canciller Tomás Vidal se reunió con la ministra Karla Ibsen en Oslo.", "Meeting", "occurred"),
    ("El canciller Tomás Vidal no se reunió con la ministra Karla Ibsen.", "Meeting", "negated"),
    ("El presidente Tomás Vidal negó que hubiera una reunión con la ministra Karla Ibsen.", "Meeting", "negated"),
    ("Si Noruega no actúa, Chile impondrá aranceles al salmón noruego, dijo el presidente Tomás Vidal.",
     "Sanction", "hypothetical"),
    ("Si bien no hubo acuerdo, el canciller Tomás Vidal se reunió con la ministra Karla Ibsen.", "Meeting",
     "occurred"),
    ("El presunto encuentro entre el canciller Tomás Vidal y la ministra Karla Ibsen generó críticas.", "Meeting",
     "hypothetical"),
    ("El canciller Tomás Vidal busca reunirse con la ministra Karla Ibsen.", "Meeting", "planned"),
    ("El canciller Tomás Vidal dijo que no sabe si habrá una reunión con la ministra Karla Ibsen.", "Meeting",
     "hypothetical"),
    ("El canciller Tomás Vidal viajará a Oslo en los próximos días, para sostener reuniones con la ministra "
     "Karla Ibsen.", "Meeting", "planned"),
    ("El canciller Tomás Vidal viajó a Oslo, para sostener reuniones con la ministra Karla Ibsen.", "Meeting",
     "occurred"),
])
def test_spanish_status_from_the_clause(text, etype, status):
    assert status in statuses(text, etype, "es"), (text, etype)


def test_spanish_negated_list_shares_its_negation():
    found = statuses("El ministro Tomás Vidal habló con la ministra Karla Ibsen, aunque no se anunciaron "
                     "plazos, operativos ni nuevos acuerdos.", "Agreement", "es")
    assert found and set(found) == {"negated"}


def test_spanish_negative_quantifier_in_the_clause():
    """"ninguna de las partes ha informado sobre acuerdos": no agreement (negated, or no event)."""
    found = statuses("Hasta ahora, ninguna de las partes ha informado sobre acuerdos concretos entre el canciller "
                     "Tomás Vidal y la ministra Karla Ibsen.", "Agreement", "es")
    assert set(found) <= {"negated"}


def test_spanish_alleged_modifies_the_people_not_the_event():
    evs, _ = events("La Policía Nacional detuvo el lunes a cinco presuntos integrantes de la banda y aseguró 40 kilos "
                    "de cocaína en Guayaquil.", "es", PUB)
    assert {e["status"] for e in evs if e["type"] in ("Arrest", "Seizure")} == {"occurred"}
    assert {e["date"] for e in evs if e["type"] in ("Arrest", "Seizure")} == {"2026-05-18"}
