"""kg.extract.time.timex: time expressions found and resolved against an anchor, never guessed without one."""
from __future__ import annotations

import datetime as dt

from kg.extract.time.timex import dateline, document_anchor, find_times, news_dateline, resolve

PUB = dt.date(2026, 1, 16)  # a Friday


def one(text, anchor=PUB, kind="published", tense="past"):
    tms = find_times(text)
    assert tms, text
    return resolve(tms[0], anchor, kind, tense)


def test_absolute_dates_in_both_languages():
    assert one("on January 11, 2026")[0].value == "2026-01-11"
    assert one("el 11 de enero de 2026")[0].value == "2026-01-11"
    assert one("on Jan. 15 to discuss")[0].value == "2026-01-15"
    assert one("in November 2025")[0].value == "2025-11"
    assert one("in November 2025")[0].precision == "month"


def test_month_only_takes_the_year_from_the_anchor_and_the_tense():
    assert one("will meet in February", tense="future")[0].value == "2026-02"
    assert one("se reunirán en febrero", tense="future")[0].value == "2026-02"
    assert one("met in October", tense="past")[0].value == "2025-10"


def test_weekdays_resolve_against_the_publication_date():
    assert one("spoke on Thursday")[0].value == "2026-01-15"
    assert one("will meet on Tuesday", tense="future")[0].value == "2026-01-20"
    assert one("el pasado lunes")[0].value == "2026-01-12"


def test_weekdays_resolve_to_the_nearest_day_around_a_stated_date():
    anchor = dt.date(2026, 1, 14)  # "Wednesday, January 14" stated in an undated article
    assert one("on Thursday", anchor, "document")[0].value == "2026-01-15"
    assert one("on Monday", anchor, "document")[0].value == "2026-01-12"


def test_relative_expressions_without_anchor_stay_unresolved():
    for text in ("on Thursday", "hoy", "in February", "last Thursday"):
        value, _ = one(text, anchor=None)
        assert value.value is None and value.anchor == "unresolved"
        assert value.text


def test_impossible_dates_are_unresolved_with_a_warning():
    value, warning = one("on February 30, 2026")
    assert value.value is None and "impossible" in warning


def test_vague_spans_stay_unresolved():
    assert one("in early 2025")[0].value is None
    assert one("Between January and October 2024")[0].value is None


def test_a_part_of_a_month_is_that_month():
    assert one("in late March")[0].value == "2025-03"  # the last March before the paper (Jan 2026)
    assert one("a principios de marzo de 2024")[0].value == "2024-03"
    assert one("mid-December", tense="past")[0].value == "2025-12"


def test_document_anchor_infers_the_year_from_the_weekday():
    d, text = document_anchor("On Wednesday, January 14, she said", latest=dt.date(2026, 11, 22))
    assert d == dt.date(2026, 1, 14) and text == "Wednesday, January 14"


def test_dateline_is_read_from_the_first_lines():
    assert dateline("Title\nBy A. Writer\nFri, 01/16/2026 - 17:51\nBody.") == dt.date(2026, 1, 16)
    assert dateline("Body text only.") is None


def test_weekday_with_a_parenthesised_date_takes_that_date():
    # the year where the weekday and the date agree (14 March 2026 is a Saturday)
    assert one("on Friday (March 14)")[0].value == "2025-03-14"
    assert one("el lunes (3 de marzo)")[0].value == "2025-03-03"
    d, text = document_anchor("Officials said on Sunday (March 16) that", latest=dt.date(2026, 1, 1))
    assert d == dt.date(2025, 3, 16) and text == "Sunday (March 16)"


def test_weeks_resolve_to_their_month_when_they_lie_in_one():
    anchor = dt.date(2026, 5, 20)  # a Wednesday; last week is May 11-17
    for text in ("last week", "la semana pasada", "esta semana"):
        tm = find_times(text)[0]
        assert resolve(tm, anchor)[0].value == "2026-05", text
    tm = find_times("next week")[0]  # June 1-7 is wholly June
    assert resolve(tm, dt.date(2026, 5, 27))[0].value == "2026-06"
    tm = find_times("last week")[0]  # March 30 - April 5 spans two months
    assert resolve(tm, dt.date(2026, 4, 8))[0].value is None


def test_this_weekday_is_in_the_anchor_week():
    anchor = dt.date(2026, 5, 20)  # a Wednesday
    assert resolve(find_times("este lunes")[0], anchor)[0].value == "2026-05-18"
    assert resolve(find_times("este viernes")[0], anchor, tense="future")[0].value == "2026-05-22"
    assert resolve(find_times("this Friday")[0], anchor, tense="past")[0].value == "2026-05-15"


def test_month_next_year_only_when_the_text_says_so():
    anchor = dt.date(2026, 6, 10)
    assert resolve(find_times("in April")[0], anchor, tense="past")[0].value == "2026-04"
    assert resolve(find_times("in September")[0], anchor, tense="future")[0].value == "2026-09"
    assert resolve(find_times("in April next year")[0], anchor)[0].value == "2027-04"
    assert resolve(find_times("en abril del próximo año")[0], anchor)[0].value == "2027-04"
    assert resolve(find_times("in March of last year")[0], anchor)[0].value == "2025-03"


def test_news_datelines():
    assert news_dateline("Title\n\nQUITO, March 9 (Reuters) - Ecuador said", 2025) == dt.date(2025, 3, 9)
    assert news_dateline("BOGOTÁ 30 Ago. (EUROPA PRESS) - El Gobierno", 2024) == dt.date(2024, 8, 30)
    assert news_dateline("Santiago de Chile, 3 de marzo de 2026.- La ministra", None) == dt.date(2026, 3, 3)
    assert news_dateline("OTTAWA, Ontario, April 9 (AP) — Police", 2025) == dt.date(2025, 4, 9)
    assert news_dateline("QUITO, March 9 (Reuters) - no year known", None) is None
    assert news_dateline("The minister said March 4 - nothing else", 2025) is None


def test_days_later_resolve_from_a_given_day():
    from kg.extract.time.timex import days_after
    from kg.model import TimeValue
    base = TimeValue("March 3", "2026-03-03", "day", "published")
    for text, value in [("a day later", "2026-03-04"), ("two days earlier", "2026-03-01"),
                        ("the next day", "2026-03-04"), ("al día siguiente", "2026-03-04"),
                        ("tres días después", "2026-03-06"), ("el día anterior", "2026-03-02"),
                        ("that same day", "2026-03-03"), ("el mismo día", "2026-03-03"),
                        ("the same week", "2026-03"), ("En la misma semana", "2026-03")]:
        tm = find_times(text)[0]
        assert tm.kind == "reldays" and days_after(tm, base).value == value, text
    assert days_after(find_times("a day later")[0], TimeValue("March", "2026-03", "month", "published")).value is None


def test_a_weekday_with_the_date_picks_the_year_where_they_agree():
    import datetime as dt

    from kg.extract.time import timex
    anchor = dt.date(2025, 11, 15)
    for text, want in [("On Monday (Feb 3), she posted.", "2025-02-03"),
                       ("el lunes 3 de febrero", "2025-02-03"),
                       ("on Tuesday, February 3", "2026-02-03")]:
        t = timex.find_times(text)[0]
        assert timex.resolve(t, anchor, "published", "past")[0].value == want, text
