"""One event per occasion: a speaker's undated words later in the article are of the occasion of
that speaker's dated words before them."""
from __future__ import annotations

from tests.test_participants_lists import events, of_type


def test_undated_words_of_the_same_speaker_take_the_date_of_the_occasion():
    evs = events("Chilean President Gabriel Boric said on Monday that his government will not accept new "
                 "tariffs.\n\n\"We urge Argentina to return to dialogue,\" Boric said.")
    demand = of_type(evs, "Demand")[0]
    assert demand["date"] == "2026-01-12", evs


def test_another_speakers_undated_words_keep_no_date():
    evs = events("Chilean President Gabriel Boric said on Monday that his government will not accept new "
                 "tariffs.\n\n\"We urge Chile to return to dialogue,\" Argentine President Javier Milei said.")
    demands = [e for e in of_type(evs, "Demand") if "Javier Milei" in e["participants"]]
    assert demands and demands[0]["date"] is None, evs


def test_rejection_said_on_a_day_without_a_parse_is_of_that_day():
    # Spanish text has no parse: "dijo el lunes que …" dates what was said by saying it
    evs = events("El canciller de Bolivia, Pedro Ruiz, dijo el lunes que su país rechaza la propuesta de "
                 "Chile.", "es")
    rejection = of_type(evs, "Rejection")[0]
    assert rejection["date"] == "2026-01-12", rejection


def test_time_after_que_is_not_the_report_verbs():
    evs = events("La canciller Ana Soto dijo que Perú rechaza la propuesta de Chile, presentada el lunes.", "es")
    rejection = of_type(evs, "Rejection")[0]
    assert rejection["date"] is None, rejection


def test_a_measure_announced_then_reported_in_force_is_one_measure():
    evs = events("Canada said on Monday it will impose a 15 percent tariff on Brazilian steel.\n\n"
                 "The new tariffs on Brazilian steel hit exporters in Brazil hard, economists said.")
    sanctions = [e for e in of_type(evs, "Sanction") if "Brazil" in e["participants"]]
    assert len(sanctions) == 1, sanctions


def test_a_later_statement_with_a_new_speaker_is_another_statement():
    evs = events("Peruvian President Dina Boluarte announced on Sunday that 40 members of the gang had "
                 "been sent to Lima.\n\nBoluarte and Marco Rubio said the gang had also sent members "
                 "to Lima before.")
    stmts = of_type(evs, "Statement")
    assert len(stmts) == 2 and "Marco Rubio" in stmts[1]["participants"], evs


LEAD = ("Peru warns Chile over border\n\nLIMA, Jan 14 (Wire) -- A Peruvian spokesperson on Tuesday told Chile "
        "that Peru will not be intimidated.\n\nPressure is not the right way, foreign ministry spokesperson "
        "Ana Ruiz said.\n\n")


def test_quotes_after_a_lead_are_of_the_leads_day():
    evs = events(LEAD + "\"We urge Chile to return to dialogue,\" she said.")
    demand = of_type(evs, "Demand")[0]
    assert demand["date"] == "2026-01-13", demand


def test_a_named_lead_speaker_dates_only_his_own_words():
    evs = events("Lima, Jan 14 -- Peruvian President Dina Boluarte pleaded on Tuesday for calm at the border."
                 "\n\nChilean Foreign Minister Alberto van Klaveren said Chile rejects the accusations.")
    rejections = [e for e in evs if e["type"] in ("Rejection", "Statement") and "Alberto van Klaveren" in e["participants"]]
    assert rejections and all(e["date"] is None for e in rejections), evs
