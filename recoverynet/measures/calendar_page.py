"""The use-day calendar page: /measures/calendar/2026-11 shows the month as a grid of days to tick
(a plain form: it works without JavaScript), with the anchors that help remember; "Confirm this
month" keeps the ticked days. A confirmed month may be changed and confirmed again."""
from datetime import date, timedelta

from flask import abort, redirect, request, url_for
from flask_babel import get_locale, gettext
from flask_login import current_user

from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.measures.blueprint import bp, for_the_client
from recoverynet.measures.questionnaires import first_of_month, month_before
from recoverynet.measures.timeline import (ANCHOR_KINDS, confirm_month, month_days, month_end, month_view,
                                           parse_month, weeks)
from recoverynet.pages import flash_and_redirect, render
from recoverynet.timeutil import local_today


def _month_or_404(text: str, today: date) -> date:
    """The month asked for; a month that has not begun yet, or nonsense, is not a page (404)."""
    month = parse_month(text)
    if month is None or month > first_of_month(today):
        abort(404)
    return month


def calendar_page(month: date, today: date, form: Form | None = None, status: int = 200):
    view = month_view(current_user, month)
    marked = view.marked(current_user.sober_since, today)
    if form is not None:  # shown again after a refused POST: what was ticked then
        marked = {day for day in month_days(month) if day.isoformat() in form.raw.getlist("used")}
    locale = get_locale()
    first_weekday = locale.first_week_day if locale is not None else 0
    weekday_names = [locale.days["stand-alone"]["narrow"][(first_weekday + n) % 7] for n in range(7)]
    following = month_end(month) + timedelta(days=1)
    return render("measures/calendar.html", month=month, weeks=weeks(month, first_weekday),
                  weekday_names=weekday_names, view=view, marked=marked, today=today, anchor_kinds=ANCHOR_KINDS,
                  previous=month_before(month), following=following if following <= today else None,
                  anchored=sorted(view.anchors.items()), form=form or Form({}), status=status)


@bp.get("/measures/calendar")
@for_the_client
def this_month():
    """This month's calendar."""
    return redirect(url_for("measures.calendar", month=local_today(current_user.timezone).strftime("%Y-%m")))


@bp.get("/measures/calendar/<month>")
@for_the_client
def calendar(month: str):
    """The month as a grid of days: the days used ticked (suggested until confirmed), anchors shown."""
    today = local_today(current_user.timezone)
    return calendar_page(_month_or_404(month, today), today)


@bp.post("/measures/calendar/<month>")
@for_the_client
def confirm(month: str):
    """Keep the ticked days as the month's use days, and the month as confirmed."""
    today = local_today(current_user.timezone)
    first = _month_or_404(month, today)
    form = Form(request.form)
    days = set()
    for text in form.raw.getlist("used"):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            day = None
        if day is None or not first <= day <= month_end(first):
            form.error("form", gettext("One of the days ticked isn't in this month. Please tick the days again."))
        elif day > today:
            form.error("form", gettext("Days after today can't be marked yet."))
        else:
            days.add(day)
    if not form.ok:
        return calendar_page(first, today, form, status=422)
    confirm_month(current_user.id, first, days)
    db.session.commit()
    return flash_and_redirect(gettext("Thank you. This month is confirmed; you can change it any time."),
                              "measures.calendar", month=first.strftime("%Y-%m"))
