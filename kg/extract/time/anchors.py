"""The dates an article's relative time expressions resolve against.

Reads: ``doc``, ``text``. Adds: ``anchor`` (the publication date, or a news dateline's date up to
a week before it, "LIMA, March 9 (Reuters) -"; else a date line or a news dateline with its year;
else a date the article states with its weekday), ``local_anchors`` and ``embeds`` (a quoted post signed
"— Name (@handle) January 12, 2026" dates the paragraph above it).
"""
from __future__ import annotations

import datetime as dt
import re

from kg.extract.context import Context
from kg.extract.records import Anchor, EmbeddedPost, LocalAnchor, Range
from kg.extract.time import timex

EMBED = re.compile(
    rf"^\s*[—–-]{{1,2}}\s*(?P<name>[^\n(]{{1,80}}?)\s*\((?P<handle>@\w{{1,30}})\)\s*"
    rf"(?P<date>(?:{timex.MONTHS_EN})\s+\d{{1,2}},\s+\d{{4}}|\d{{1,2}}\s+de\s+(?:{timex.MONTHS_ES})\s+de\s+\d{{4}})\s*$",
    re.MULTILINE)


class Anchors:
    reads = ("doc", "text")
    adds = ("anchor", "local_anchors", "embeds")

    def __init__(self, today: dt.date):
        self.today = today  # the latest year an undated article's weekday date may fall in

    def run(self, ctx: Context) -> None:
        ctx.anchor = self.article_anchor(ctx)
        for m in EMBED.finditer(ctx.text):
            tms = timex.find_times(m.group("date"))
            if not tms:
                continue
            value, _ = timex.resolve(tms[0], None)
            if not value.value:
                continue
            block_end = m.start()
            block_start = ctx.text.rfind("\n", 0, max(0, block_end - 1)) + 1
            ctx.local_anchors.append(LocalAnchor(Range(block_start, block_end), dt.date.fromisoformat(value.value)))
            ctx.embeds.append(EmbeddedPost(Range(*m.span()), Range(*m.span("name")), Range(*m.span("handle")), value))

    def article_anchor(self, ctx: Context) -> Anchor:
        """The publication date, or the news dateline's date where it is the same or up to a
        week before (the day the relative dates were written); else a date line, a news
        dateline with its own year, a date the article states with its weekday."""
        published = ctx.doc.published
        if published:
            d = timex.news_dateline(ctx.text, published.year)
            if d and dt.timedelta(0) <= published - d <= dt.timedelta(days=7):
                return Anchor(d, "published")
            return Anchor(published, "published")
        d = timex.dateline(ctx.text, us_dates=ctx.doc.lang == "en") or \
            timex.news_dateline(ctx.text, self.stated_year(ctx.text))
        if d:
            return Anchor(d, "published")
        d, _ = timex.document_anchor(ctx.text, self.today)
        if d:
            return Anchor(d, "document")
        return Anchor()

    def stated_year(self, text: str) -> int | None:
        """The latest year the article states in a date (not after today's), for a dateline
        without one."""
        years = [int(tm.groups["y"]) for tm in timex.find_times(text) if tm.groups.get("y")]
        years = [y for y in years if y <= self.today.year]
        return max(years) if years else None


def anchor_at(ctx: Context, pos: int) -> Anchor:
    """The anchor of a position: the date of the embedded post whose block holds it, else the
    article's."""
    for local in ctx.local_anchors:
        if local.range.holds(pos):
            return Anchor(local.date, "document")
    return ctx.anchor
