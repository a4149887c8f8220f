"""Time expressions: find them in text and resolve them against an anchor date.

In: text (English or Spanish) and an optional anchor (the publication date, a date the article
itself states, or the date of an embedded post). Out: :class:`TimeMention` with a
:class:`kg.model.TimeValue` (value + precision day/month/year, or unresolved).

Absolute expressions are parsed with ``dateparser``; this module only decides the year when the
text leaves it out, and the precision. Relative weekdays ("on Thursday", "el pasado lunes") and
deictics ("today", "hoy") need an anchor: without one they stay unresolved, never guessed.
Impossible dates ("February 30") are unresolved with a warning.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import dateparser

from kg.model import TimeValue

MONTHS_EN = (r"January|February|March|April|May|June|July|August|September|October|November|"
             r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?")
MONTHS_ES = (r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
             r"noviembre|diciembre")
WEEKDAYS_EN = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS_ES = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
#: month and weekday names in lower case ("january", "lunes"): words that end a name
CALENDAR_WORDS = frozenset(WEEKDAYS_EN + WEEKDAYS_ES + [
    m.lower() for m in (MONTHS_EN + "|" + MONTHS_ES).split("|") if m.isalpha()])
_WD_EN = "|".join(w.capitalize() for w in WEEKDAYS_EN)
_WD_ES = "|".join(WEEKDAYS_ES) + "|miercoles|sabado"

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("range", re.compile(
        rf"\b(?:between|from|entre|de)\s+(?:{MONTHS_EN}|{MONTHS_ES})(?:\s+\d{{4}})?\s+(?:and|to|y|a)\s+"
        rf"(?:early\s+|late\s+)?(?:(?:{MONTHS_EN}|{MONTHS_ES})\s+)?(?:de\s+)?\d{{4}}\b", re.IGNORECASE)),
    ("slash", re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})\b")),
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("day_en", re.compile(  # "on Friday (March 14)": the date the parentheses give
        rf"\b(?P<wd>{_WD_EN})\s*\(\s*(?P<mon>{MONTHS_EN})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
        rf"(?:,?\s+(?P<y>\d{{4}}))?\s*\)")),
    ("day_es", re.compile(  # "el lunes (3 de marzo)"
        rf"\b(?P<wd>{_WD_ES})\s*\(\s*(?P<d>\d{{1,2}})\s+de\s+(?P<mon>{MONTHS_ES})"
        rf"(?:\s+(?:de|del)\s+(?P<y>\d{{4}}))?\s*\)", re.IGNORECASE)),
    ("day_en", re.compile(
        rf"\b(?:(?P<wd>{_WD_EN}),?\s+)?(?P<mon>{MONTHS_EN})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b"
        rf"(?:,?\s+(?P<y>\d{{4}}))?")),
    ("day_es", re.compile(
        rf"\b(?:(?P<wd>{_WD_ES})\s+)?(?P<d>\d{{1,2}})\s+de\s+(?P<mon>{MONTHS_ES})"
        rf"(?:\s+(?:de|del)\s+(?P<y>\d{{4}}))?\b", re.IGNORECASE)),
    ("month", re.compile(
        rf"\b(?P<vague>early|mid|late|mid-|principios de|mediados de|finales de|fines de)?\s*"
        rf"(?P<mon>{MONTHS_EN}|{MONTHS_ES})(?:\s+(?:de\s+|of\s+)?(?P<y>\d{{4}})|"
        rf"\s+(?:of\s+)?(?P<ynext>next\s+year|the\s+following\s+year)|"
        rf"\s+(?:del\s+)?(?P<ynext_es>próximo\s+año|año\s+próximo|año\s+que\s+viene|siguiente\s+año)|"
        rf"\s+(?:of\s+)?(?P<ylast>last\s+year)|\s+(?:del\s+)?(?P<ylast_es>año\s+pasado))?\b")),
    ("weekday", re.compile(
        rf"\b(?:(?P<rel>last|this|next|pasado|próximo|proximo|este)\s+)?(?P<wd>{_WD_EN}|{_WD_ES})"
        rf"(?:\s+(?P<rel2>pasado|próximo))?\b", re.IGNORECASE)),
    ("deictic", re.compile(r"\b(?P<w>today|yesterday|tomorrow|hoy|ayer|anteayer)\b",
                           re.IGNORECASE)),
    ("reldays", re.compile(  # counted from the date the text gave last
        r"\b(?P<w>(?P<n>a|one|two|three|four|five|un|dos|tres|cuatro|cinco)\s+(?P<unit>days?|días?)\s+"
        r"(?P<dir>later|earlier|después|antes)(?!\s+(?:de|que)\b)|the\s+(?:next|following)\s+day|"
        r"the\s+day\s+before(?=\s*[,.;])|"
        r"al\s+día\s+siguiente|el\s+día\s+anterior|"
        r"(?P<same>(?:the|that|this)\s+(?:very\s+)?same\s+(?:day|week)|"
        r"(?:la|esa|esta)\s+misma\s+semana|(?:el|ese|este)\s+mismo\s+día))\b", re.IGNORECASE)),
    ("relweek", re.compile(
        r"\b(?P<w>last week|this week|next week|the previous week|the following week|la semana pasada|"
        r"esta semana|la próxima semana|la semana próxima|la semana que viene|la semana anterior)\b",
        re.IGNORECASE)),
    ("relmonth", re.compile(
        r"\b(?P<w>next month|last month|this month|el próximo mes|el mes próximo|el mes pasado|"
        r"el próximo año|next year|last year|el año pasado)\b", re.IGNORECASE)),
    ("year", re.compile(r"\b(?P<vague>early|mid|late|principios de|mediados de|finales de)?\s*"
                        r"(?P<y>(?:19|20)\d{2})\b")),
]
_MONTH_WORDS = {"may", "mar", "mar.", "jun", "jun."}


@dataclass(frozen=True)
class TimeMention:
    start: int
    end: int
    text: str
    kind: str
    groups: dict


def find_times(text: str) -> list[TimeMention]:
    """All time expressions, longest first where they overlap, in text order."""
    found: list[TimeMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pat in _PATTERNS:
        for m in pat.finditer(text):
            s, e = m.start(), m.end()
            s += len(m.group(0)) - len(m.group(0).lstrip())
            if any(s < te and ts < e for ts, te in taken):
                continue
            g = {k: v for k, v in m.groupdict().items() if v}
            mon = g.get("mon", "")
            if kind == "month" and mon.lower() in _MONTH_WORDS and not g.get("y"):
                continue  # "may" the verb, "Mar" abbreviations without a year are too ambiguous
            if kind == "month" and mon[:1].islower() and not re.match(MONTHS_ES, mon):
                continue
            found.append(TimeMention(s, e, text[s:e], kind, g))
            taken.append((s, e))
    return sorted(found, key=lambda t: t.start)


@lru_cache(maxsize=1024)
def _month_num(name: str) -> int | None:
    """The month a name ("March", "mar.", "septiembre") stands for (dateparser takes about 20 ms
    a call, and articles repeat a few names)."""
    parsed = dateparser.parse(f"1 {name} 2000", languages=["en", "es"])
    return parsed.month if parsed else None


def _closest_year(month: int, day: int, anchor: dt.date, prefer: str) -> dt.date | None:
    best = None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            d = dt.date(y, month, day)
        except ValueError:
            return None
        diff = (d - anchor).days
        if prefer == "future" and diff < -7:
            continue
        if prefer == "past" and diff > 7:
            continue
        if best is None or abs(diff) < abs((best - anchor).days):
            best = d
    return best


def _weekday_year(month: int, day: int, wd: int, anchor: dt.date) -> dt.date | None:
    """"Monday (Feb 3)": of the years around the anchor, the one where that day is that weekday
    (nearest the anchor), if any."""
    found = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            d = dt.date(y, month, day)
        except ValueError:
            return None
        if d.weekday() == wd:
            found.append(d)
    return min(found, key=lambda d: abs((d - anchor).days)) if found else None


def weekday_index(name: str) -> int | None:
    n = name.lower().replace("miercoles", "miércoles").replace("sabado", "sábado")
    if n in WEEKDAYS_EN:
        return WEEKDAYS_EN.index(n)
    if n in WEEKDAYS_ES:
        return WEEKDAYS_ES.index(n)
    return None


def infer_year(month: int, day: int, weekday: int, latest: dt.date) -> int | None:
    """Most recent year (not after ``latest``, within 10 years) where month/day falls on weekday."""
    for y in range(latest.year, latest.year - 11, -1):
        try:
            if dt.date(y, month, day).weekday() == weekday:
                return y
        except ValueError:
            return None
    return None


Resolved = tuple[TimeValue, str | None]  # a value and a warning or None


def resolve(tm: TimeMention, anchor: dt.date | None, anchor_kind: str = "published",
            tense: str = "past", us_dates: bool = True) -> Resolved:
    """Resolve one expression. Returns (value, warning or None).

    ``tense`` is "past" or "future" (from the sentence); it decides which Thursday or which
    February is meant when the text does not say. ``anchor_kind`` "document" means the anchor is a
    date the article states (not its publication date): weekdays then resolve to the nearest such
    day around it.
    """
    if tm.kind in ("iso", "slash"):
        return _numeric(tm, us_dates)
    if tm.kind in ("day_en", "day_es"):
        return _day(tm, anchor, anchor_kind)
    if tm.kind == "month":
        return _month(tm, anchor, anchor_kind, tense)
    if tm.kind == "year":
        if tm.groups.get("vague"):
            return _unresolved(tm), None
        return TimeValue(tm.text, tm.groups["y"], "year", "absolute"), None
    if anchor is None:
        return _unresolved(tm), None
    if tm.kind == "weekday":
        return _weekday(tm, anchor, anchor_kind, tense)
    if tm.kind == "deictic":
        offset = {"today": 0, "hoy": 0, "yesterday": -1, "ayer": -1, "anteayer": -2,
                  "tomorrow": 1}[tm.groups["w"].lower()]
        d = anchor + dt.timedelta(days=offset)
        return TimeValue(tm.text, d.isoformat(), "day", anchor_kind), None
    if tm.kind == "relmonth":
        return _relative_month(tm, anchor, anchor_kind)
    if tm.kind == "relweek":
        return _relative_week(tm, anchor, anchor_kind)
    return _unresolved(tm), None  # ranges and anything else stay unresolved, text kept


def _unresolved(tm: TimeMention) -> TimeValue:
    return TimeValue(tm.text, None, None, "unresolved")


def _impossible(tm: TimeMention) -> Resolved:
    return _unresolved(tm), f"impossible date '{tm.text}' left unresolved"


def _numeric(tm: TimeMention, us_dates: bool) -> Resolved:
    """2026-01-15; 01/15/2026 (month first in US dates, else day first)."""
    g = tm.groups
    try:
        if tm.kind == "iso":
            d = dt.date(int(g["y"]), int(g["m"]), int(g["d"]))
        else:
            a, b, y = int(g["a"]), int(g["b"]), int(g["y"])
            m, day = (a, b) if us_dates else (b, a)
            d = dt.date(y, m, day)
    except ValueError:
        return _impossible(tm)
    return TimeValue(tm.text, d.isoformat(), "day", "absolute"), None


def _day(tm: TimeMention, anchor: dt.date | None, anchor_kind: str) -> Resolved:
    """"January 15", "15 de enero de 2026": without a year, the one that brings it nearest the
    anchor."""
    g = tm.groups
    month = _month_num(g["mon"])
    day = int(g["d"])
    if month is None:
        return _unresolved(tm), None
    if g.get("y"):
        try:
            d = dt.date(int(g["y"]), month, day)
        except ValueError:
            return _impossible(tm)
        return TimeValue(tm.text, d.isoformat(), "day", "absolute"), None
    if anchor is None:
        return _unresolved(tm), None
    wd = weekday_index(g["wd"]) if g.get("wd") else None
    d = _weekday_year(month, day, wd, anchor) if wd is not None else None
    d = d or _closest_year(month, day, anchor, "any")
    if d is None:
        return _impossible(tm)
    return TimeValue(tm.text, d.isoformat(), "day", anchor_kind), None


def _month(tm: TimeMention, anchor: dt.date | None, anchor_kind: str, tense: str) -> Resolved:
    """"March", "marzo de 2026": without a year, the next such month in the future tense, the
    last one in the past tense; "late March", "a principios de marzo" are of that month."""
    g = tm.groups
    month = _month_num(g["mon"])
    if month is None:
        return _unresolved(tm), None
    if g.get("y"):
        return TimeValue(tm.text, f"{int(g['y']):04d}-{month:02d}", "month", "absolute"), None
    if anchor is None:
        return _unresolved(tm), None
    year = anchor.year
    if g.get("ynext") or g.get("ynext_es") or g.get("ylast") or g.get("ylast_es"):
        year += 1 if (g.get("ynext") or g.get("ynext_es")) else -1  # "April next year"
    elif tense == "future" and month < anchor.month:
        year += 1
    elif tense == "past" and month > anchor.month:
        year -= 1
    return TimeValue(tm.text, f"{year:04d}-{month:02d}", "month", anchor_kind), None


def _weekday(tm: TimeMention, anchor: dt.date, anchor_kind: str, tense: str) -> Resolved:
    """"on Thursday", "el pasado lunes": the one before or after the anchor, by tense or by the
    word that says which; around a date the article states, the nearer one."""
    g = tm.groups
    wd = weekday_index(g["wd"])
    rel = (g.get("rel") or g.get("rel2") or "").lower()
    if wd is None:
        return _unresolved(tm), None
    if rel in ("next", "próximo", "proximo"):
        tense = "future"
    elif rel in ("last", "pasado"):
        tense = "past"
    if rel in ("this", "este", "esta"):
        return TimeValue(tm.text, _this_week(wd, anchor, tense).isoformat(), "day", anchor_kind), None
    delta = (wd - anchor.weekday()) % 7
    after = anchor + dt.timedelta(days=delta or 7)
    # a weekday equal to the anchor's, in the past tense, is that very day ("said on Friday"
    # in a Friday paper)
    before = anchor - dt.timedelta(days=(7 - delta) % 7)
    if anchor_kind == "document" and not rel:
        d = after if (after - anchor) < (anchor - before) else before
    else:
        d = after if tense == "future" else before
    return TimeValue(tm.text, d.isoformat(), "day", anchor_kind), None


_COUNTS = {"a": 1, "one": 1, "un": 1, "two": 2, "dos": 2, "three": 3, "tres": 3, "four": 4, "cuatro": 4,
           "five": 5, "cinco": 5}


def days_after(tm: TimeMention, base: TimeValue) -> TimeValue:
    """"a day later", "al día siguiente", "two days earlier": the day that far from ``base``
    (the last day the text gave before it); "the same day" is that day, "la misma semana" its
    month; unresolved without one."""
    if base.precision != "day" or not base.value:
        return _unresolved(tm)
    g, w = tm.groups, tm.groups["w"].lower()
    if g.get("same"):
        if "week" in w or "semana" in w:
            return TimeValue(tm.text, base.value[:7], "month", base.anchor)
        return TimeValue(tm.text, base.value, "day", base.anchor)
    if g.get("n"):
        n = _COUNTS[g["n"].lower()] * (-1 if g["dir"].lower() in ("earlier", "before", "antes") else 1)
    else:
        n = -1 if ("before" in w or "anterior" in w) else 1
    d = dt.date.fromisoformat(base.value) + dt.timedelta(days=n)
    return TimeValue(tm.text, d.isoformat(), "day", base.anchor)


def _this_week(wd: int, anchor: dt.date, tense: str) -> dt.date:
    """"este lunes", "this Friday": that day of the anchor's week (Monday to Sunday); a day
    already past in the future tense is next week's, one still ahead in the past tense last
    week's."""
    d = anchor + dt.timedelta(days=wd - anchor.weekday())
    if tense == "future" and d < anchor:
        return d + dt.timedelta(days=7)
    if tense == "past" and d > anchor:
        return d - dt.timedelta(days=7)
    return d


def _relative_week(tm: TimeMention, anchor: dt.date, anchor_kind: str) -> Resolved:
    """"last week", "esta semana": the month, where the whole week (Monday to Sunday) lies in
    one; else unresolved (no value finer than the text gives)."""
    w = tm.groups["w"].lower()
    shift = -1 if any(x in w for x in ("last", "previous", "pasada", "anterior")) else (
        1 if any(x in w for x in ("next", "following", "próxima", "que viene")) else 0)
    monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=shift)
    sunday = monday + dt.timedelta(days=6)
    if (monday.year, monday.month) != (sunday.year, sunday.month):
        return _unresolved(tm), None
    return TimeValue(tm.text, f"{monday.year:04d}-{monday.month:02d}", "month", anchor_kind), None


def _relative_month(tm: TimeMention, anchor: dt.date, anchor_kind: str) -> Resolved:
    """"next month", "el año pasado"."""
    w = tm.groups["w"].lower()
    if "year" in w or "año" in w:
        y = anchor.year + (1 if ("next" in w or "próximo" in w) else -1)
        return TimeValue(tm.text, str(y), "year", anchor_kind), None
    shift = 1 if ("next" in w or "próximo" in w) else (-1 if ("last" in w or "pasado" in w) else 0)
    m0 = anchor.month - 1 + shift
    y, m = anchor.year + m0 // 12, m0 % 12 + 1
    return TimeValue(tm.text, f"{y:04d}-{m:02d}", "month", anchor_kind), None


def document_anchor(text: str, latest: dt.date) -> tuple[dt.date | None, str]:
    """A date the article states with its weekday ("Wednesday, January 14"), used as the anchor
    of an undated article. The year, when missing, is the most recent one (not after ``latest``)
    in which that date falls on that weekday."""
    for tm in find_times(text):
        if tm.kind not in ("day_en", "day_es") or "wd" not in tm.groups:
            continue
        month = _month_num(tm.groups["mon"])
        wd = weekday_index(tm.groups["wd"])
        if month is None or wd is None:
            continue
        day = int(tm.groups["d"])
        year = int(tm.groups["y"]) if tm.groups.get("y") else infer_year(month, day, wd, latest)
        if year is None:
            continue
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if d.weekday() == wd:
            return d, tm.text
    return None, ""


_DATELINE = re.compile(
    rf"^\s*(?:(?:{_WD_EN[:]})|Mon|Tue|Wed|Thu|Fri|Sat|Sun)?,?\s*(?P<date>\d{{1,2}}/\d{{1,2}}/\d{{4}}|"
    rf"(?:{MONTHS_EN})\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+de\s+(?:{MONTHS_ES})\s+de\s+\d{{4}})"
    rf"(?:\s*[-–—|,]\s*\d{{1,2}}:\d{{2}})?\s*$", re.IGNORECASE)


def dateline(text: str, us_dates: bool = True) -> dt.date | None:
    """A publication date standing alone on one of the first lines ("Fri, 01/16/2026 - 17:51")."""
    for line in text.splitlines()[:6]:
        m = _DATELINE.match(line)
        if not m:
            continue
        for tm in find_times(m.group("date")):
            value, _ = resolve(tm, None, us_dates=us_dates)
            if value.value and value.precision == "day":
                return dt.date.fromisoformat(value.value)
    return None


_ABBR_ES = r"ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic"
_CITY = r"[A-ZÁÉÍÓÚÑ][\w.'’]*(?:\s+(?:de|del|la|las|los|el|[A-ZÁÉÍÓÚÑ][\w.'’]*)){0,4}"
_NEWS_DATELINE = re.compile(
    rf"^\s*{_CITY}(?:,\s+{_CITY})?,?\s+(?P<date>(?:{MONTHS_EN})\s+\d{{1,2}}(?:,\s*\d{{4}})?|"
    rf"\d{{1,2}}\s+(?:de\s+)?(?i:{MONTHS_ES}|{_ABBR_ES})\.?(?:\s+(?:de\s+)?\d{{4}})?)\.?\s*"
    rf"(?:\([^()\n]{{2,40}}\)\s*)?(?:--|—|–|-|\.-|:)\s", re.MULTILINE)
_DAY_MONTH = re.compile(rf"(?P<d>\d{{1,2}})\s+(?:de\s+)?(?P<mon>{MONTHS_ES}|{_ABBR_ES})\.?(?:\s+(?:de\s+)?(?P<y>\d{{4}}))?",
                        re.IGNORECASE)
_MONTH_DAY = re.compile(rf"(?P<mon>{MONTHS_EN})\s+(?P<d>\d{{1,2}})(?:,\s*(?P<y>\d{{4}}))?")


def _news_dateline_match(text: str) -> re.Match | None:
    lines = text.split("\n")
    return _NEWS_DATELINE.search(text, 0, sum(len(x) + 1 for x in lines[:8]))


def news_dateline_span(text: str) -> tuple[int, int] | None:
    """Where the date of a news dateline lies: the article's date, no event's."""
    m = _news_dateline_match(text)
    return m.span("date") if m else None


def news_dateline(text: str, year: int | None = None) -> dt.date | None:
    """The date of a news dateline opening the body: "LIMA, March 9 (Reuters) -", "MADRID 30 Ago.
    (EUROPA PRESS) -", "Ciudad de México, 3 de marzo de 2026.-". Without a year in it, ``year``
    (the publication's); without either, None."""
    m = _news_dateline_match(text)
    if not m:
        return None
    date = m.group("date")
    parts = _MONTH_DAY.match(date) or _DAY_MONTH.match(date)
    if not parts:
        return None
    month = _month_num(parts.group("mon").rstrip("."))
    y = int(parts.group("y")) if parts.group("y") else year
    if month is None or y is None:
        return None
    try:
        return dt.date(y, month, int(parts.group("d")))
    except ValueError:
        return None
