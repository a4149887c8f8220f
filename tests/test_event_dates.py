"""Event dates on texts written for these tests: the date attaches to its own trigger, the tense
of the trigger's clause picks the month's year, datelines anchor relative dates."""
from __future__ import annotations

import datetime as dt

from tests.test_events import events

PUB = dt.date(2026, 3, 11)  # a Wednesday


def dated(evs, etype):
    return [e["date"] for e in evs if e["type"] == etype]


def test_agreed_to_meet_in_a_later_month_is_planned_this_year():
    evs, _ = events("Norwegian Foreign Minister Karla Ibsen and Chilean Foreign Minister Tomás Vidal agreed to "
                    "meet in April in Santiago.", published=PUB)
    meet = [e for e in evs if e["type"] == "Meeting"]
    assert meet and (meet[0]["status"], meet[0]["date"]) == ("planned", "2026-04")


def test_past_month_in_a_later_article_is_this_year():
    evs, _ = events("Karla Ibsen met Tomás Vidal in Santiago in January.", published=dt.date(2026, 6, 2))
    assert dated(evs, "Meeting") == ["2026-01"]


def test_a_reported_event_takes_no_date_from_the_report():
    evs, _ = events("Interior Minister Jonas Berg said on Monday that police arrested Lars Dahl in Bergen.",
                    published=PUB)
    assert None in dated(evs, "Arrest") or not dated(evs, "Arrest")
    assert "2026-03-09" in dated(evs, "Statement")


def test_announced_tariff_shares_the_announcement_date():
    evs, _ = events("President Tomás Vidal announced a 20 percent tariff on Norwegian salmon on March 2.",
                    published=PUB)
    assert "2026-03-02" in dated(evs, "Sanction")


def test_weekday_possessive_dates_the_event():
    evs, _ = events("Monday's raid by the Chilean Navy in Valparaíso ended with three arrests.", published=PUB)
    assert "2026-03-09" in dated(evs, "SecurityOperation")


def test_news_dateline_anchors_an_undated_article():
    evs, _ = events("Ministers meet in Oslo\n\nOSLO, March 9 (Reuters) - Norwegian Foreign Minister Karla Ibsen "
                    "met Chilean Foreign Minister Tomás Vidal on Sunday, officials said. The talks were held in "
                    "2026.", published=None)
    assert "2026-03-08" in dated(evs, "Meeting")


def test_spanish_este_and_pasado_weekdays():
    evs, _ = events("El canciller Tomás Vidal se reunió este lunes con la ministra Karla Ibsen en Oslo.", "es",
                    published=PUB)
    assert dated(evs, "Meeting") == ["2026-03-09"]
    evs, _ = events("El canciller Tomás Vidal se reunió el pasado jueves con la ministra Karla Ibsen.", "es",
                    published=PUB)
    assert dated(evs, "Meeting") == ["2026-03-05"]


def test_spanish_date_stays_in_its_clause():
    """"dijo el lunes que se reunirán": the statement is of Monday, the meeting is not."""
    evs, _ = events("El canciller Tomás Vidal dijo el lunes que se reunirán en Oslo con la ministra Karla Ibsen.",
                    "es", published=PUB)
    assert dated(evs, "Statement") == ["2026-03-09"]
    assert dated(evs, "Meeting") == [None]


def test_days_later_count_from_the_last_date_given():
    evs, _ = events("Karla Ibsen met Tomás Vidal in Oslo on March 3. Two days later, Karla Ibsen met Chilean "
                    "President Ana Rojas in Santiago.", published=PUB)
    assert dated(evs, "Meeting") == ["2026-03-03", "2026-03-05"]
    evs, _ = events("El canciller Tomás Vidal se reunió con la ministra Karla Ibsen el 3 de marzo. Al día siguiente "
                    "el canciller Tomás Vidal se reunió con la presidenta Ana Rojas.", "es", published=PUB)
    assert dated(evs, "Meeting") == ["2026-03-03", "2026-03-04"]
    evs, _ = events("A day later, Karla Ibsen met Chilean President Ana Rojas in Santiago.", published=PUB)
    assert dated(evs, "Meeting") == [None]


def test_dateline_date_is_no_event_date_and_a_day_after_is_no_count():
    evs, _ = events("Police chiefs meet\n\nOSLO, March 9, 2026 - Norwegian Foreign Minister Karla Ibsen met Chilean "
                    "Foreign Minister Tomás Vidal. The meeting came a day after Chilean President Ana Rojas "
                    "threatened to impose tariffs on Norway on Sunday.", published=None)
    assert dated(evs, "Meeting")[:1] == [None]
    assert "2026-03-10" not in [e["date"] for e in evs]


def test_a_later_capture_sentence_dates_the_arrest_it_refers_back_to():
    evs, _ = events("En Valparaíso, la Policía de Investigaciones detuvo a siete personas que transportaban "
                    "explosivos. La captura ocurrió el pasado 2 de marzo, durante un patrullaje en el puerto.",
                    "es", published=PUB)
    assert "2026-03-02" in dated(evs, "Arrest")


def test_a_later_recapture_sentence_dates_the_arrest_in_english():
    evs, _ = events("Norwegian police arrested Lars Dahl, the leader of a smuggling ring, in Bergen. "
                    "The arrest took place on March 2, after a two-week manhunt.", published=PUB)
    assert "2026-03-02" in dated(evs, "Arrest")


def test_an_arrest_with_a_date_of_its_own_keeps_it():
    evs, _ = events("Norwegian police arrested Lars Dahl in Bergen on March 4. "
                    "The arrest took place on March 2, after a two-week manhunt.", published=PUB)
    assert "2026-03-04" in dated(evs, "Arrest")


def test_quotes_after_a_dated_statement_take_its_date():
    evs, _ = events("Chilean Foreign Minister Tomás Vidal said on Monday that the talks with Norway were "
                    "progressing. \"We will not accept pressure from anyone,\" Vidal said.", published=PUB)
    assert dated(evs, "Statement") and set(dated(evs, "Statement")) == {"2026-03-09"}


def test_another_arrest_does_not_date_the_first():
    evs, _ = events("Norwegian police arrested Lars Dahl in Bergen. "
                    "Another arrest took place on March 2 in Oslo.", published=PUB)
    assert "2026-03-02" not in dated(evs, "Arrest")
