"""The insights page: the client's own, and what a member with the scopes sees of it."""
from datetime import date, timedelta

from flask import Blueprint, request
from flask_login import current_user, login_required

from recoverynet.extensions import db
from recoverynet.i18n import in_language_of
from recoverynet.insights import charts, months, queries, sentences
from recoverynet.insights.queries import DEFAULT_WINDOW, WINDOWS, Window, window_for
from recoverynet.network.access import record_views, require_membership
from recoverynet.pages import render
from recoverynet.templating import format_weekday

bp = Blueprint("insights", __name__)

# Any Monday: the heatmap's rows are named from the week that starts on it.
A_MONDAY = date(2024, 1, 1)
WEEK = [A_MONDAY + timedelta(days=n) for n in range(7)]


def chosen_days() -> int:
    """The window asked for (?days=30, 90 or 365); anything else is the default."""
    days = request.args.get("days", DEFAULT_WINDOW, type=int)
    return days if days in WINDOWS else DEFAULT_WINDOW


def mood_context(days: list[queries.DayMood], window: Window) -> dict:
    # A table of 365 rows is no one's alternative to a chart: 90 days are tabled by week, the year by month.
    rows_by = "month" if window.calendar else "week" if window.days > 30 else "day"
    rows = {"month": queries.by_month, "week": queries.by_week}.get(rows_by, list)(days)
    return {"days": days, "mood_rows": rows, "mood_rows_by": rows_by, "mood_chart": charts.series_chart(days, "mood", 1, 5),
            "craving_chart": charts.series_chart(days, "craving", 0, 10),
            "mood_description": sentences.mood_description(days, window.days, since=window.since)}


def heatmap_context(grid: queries.WeekGrid, window: Window) -> dict:
    # Named once here, not once per table row (a Babel look-up each).
    return {"heat": grid, "heat_cells": charts.heat_cells(grid.cells),
            "weekday_names": [format_weekday(day) for day in WEEK],
            "weekday_short": [format_weekday(day, "abbreviated") for day in WEEK],
            "heat_description": sentences.heatmap_description(grid, window.days, since=window.since)}


@bp.get("/insights")
@login_required
def index():
    """The client's charts and sentences over their last 30 or 90 days, or the year's months."""
    window = window_for(chosen_days(), current_user.timezone)
    numbers = months.numbers(current_user, window)
    trends, coping = numbers.trends, numbers.coping
    highest_trend = max((max(t.counts) for t in trends.triggers), default=0)
    return render("insights/index.html", window=window, windows=WINDOWS, trends=trends,
                  trend_rows=[(t, charts.trend_bars(t.counts, highest_trend)) for t in trends.triggers],
                  coping=coping[:8], share_width=charts.share_width,
                  said=sentences.insight_sentences(numbers.craving, trends.all_counts, coping, window.days,
                                                   since=window.since),
                  **mood_context(numbers.days, window), **heatmap_context(numbers.heat, window))


@bp.get("/support/<int:client_id>/insights")
@login_required
def member(client_id: int):
    """A member's view of the client's charts: the mood chart with "mood_summary", the trigger
    heatmap with "trigger_details", nothing else; what was shown is recorded for the client."""
    contact, client = require_membership(client_id)
    granted = contact.scopes
    window = window_for(chosen_days(), client.timezone)
    # The year's summed months bring both charts in one read; otherwise each chart its own.
    summed = months.numbers_from_months(client.id, window) if (
        months.summed(client, window) and {"mood_summary", "trigger_details"} & set(granted)) else None
    context, seen = {}, {}
    # The client reads "who saw what" in their own language.
    if "mood_summary" in granted:
        context |= mood_context(summed.days if summed else queries.daily_mood(client.id, window), window)
        with in_language_of(client):
            seen["mood_summary"] = sentences.seen_words("mood_summary", window)
    if "trigger_details" in granted:
        context |= heatmap_context(summed.heat if summed else queries.trigger_heatmap(client.id, window), window)
        with in_language_of(client):
            seen["trigger_details"] = sentences.seen_words("trigger_details", window)
    page = render("insights/member.html", client=client, contact=contact, window=window, windows=WINDOWS,
                  **context)
    # As on the member's page of the client (support.client): recorded in the request that shows it.
    record_views(client.id, seen)
    db.session.commit()
    return page
