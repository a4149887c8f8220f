"""kg.extract.time.timex: time expressions found and resolved against an anchor, never guessed without one."""
from __future__ import annotations

import datetime as dt

from kg.extract.time.timex import dateline, document_anchor, find_times, resolve

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


def test_document_anchor_infers_the_year_from_the_weekday():
    d, text = document_anchor("On Wednesday, January 14, she said", latest=dt.date(2026, 11, 22))
    assert d == dt.date(2026, 1, 14) and text == "Wednesday, January 14"


def test_dateline_is_read_from_the_first_lines():
    assert dateline("Title\nBy A. Writer\nFri, 01/16/2026 - 17:51\nBody.") == dt.date(2026, 1, 16)
    assert dateline("Body text only.") is None
