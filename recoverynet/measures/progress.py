"""The client's progress, month by month (/progress), and a member's view of it with the
"measures" scope (/support/<id>/progress, recorded in "who saw what"): each measure with this
month's figure, the months before as a small bar chart (insights/charts.py's bars) with the same
numbers as a table, and one plain sentence of what it means. No colour says good or bad: a bar is
just how much."""
from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import format_decimal, gettext, lazy_gettext, ngettext
from flask_login import current_user, login_required

from recoverynet.extensions import db
from recoverynet.i18n import in_language_of
from recoverynet.insights.charts import Bar, trend_bars
from recoverynet.measures.blueprint import bp, for_the_client
from recoverynet.measures.monthly import MonthMeasures, measures_by_month
from recoverynet.network.access import record_views, require_membership
from recoverynet.pages import render
from recoverynet.templating import format_local_date
from recoverynet.timeutil import as_utc, zone

SCOPE = "measures"
MONTHS = 12
PLAN_LEVELS = {"none": 0, "written": 1, "signed": 2, "reviewed": 3}
PLAN_WORDS = {"none": lazy_gettext("Not yet"), "written": lazy_gettext("Written"), "signed": lazy_gettext("Signed"),
              "reviewed": lazy_gettext("Up to date")}


@dataclass(frozen=True)
class MonthFigure:
    month: date
    text: str  # as the table shows it; "–" with nothing to show


@dataclass(frozen=True)
class MeasureView:
    """One measure on the page: its name, this month, the sentence, the chart and its table."""
    key: str
    title: str
    now: str
    sentence: str
    bars: list[Bar]
    figures: list[MonthFigure]
    description: str  # the chart in words, for a screen reader
    link: tuple[str, str] | None = None  # (url, words)


def _number(value: float) -> str:
    return format_decimal(round(value, 1))


def _chart(key: str, title: str, months: list[MonthMeasures], heights: list[float | None],
           texts: list[str], highest: float, now: str, sentence: str, link=None) -> MeasureView:
    """Bars on a scale from 0 to `highest` (no bar for nothing), and the table's figures."""
    figures = [MonthFigure(m.month, text) for m, text in zip(months, texts)]
    first, last = months[0].month, months[-1].month
    description = gettext("%(title)s for each month from %(first)s to %(last)s. This month: %(now)s.",
                          title=title, first=format_local_date(first, "yMMMM"), last=format_local_date(last, "yMMMM"),
                          now=now)
    return MeasureView(key, title, now, sentence, trend_bars([h or 0 for h in heights], highest or 1), figures,
                       description, link)


def has_anything(month: MonthMeasures) -> bool:
    return bool(month.checkins_held or month.meetings_attended or month.days_abstinent is not None
                or month.retention or month.crisis_plan != "none" or (month.medication and month.medication[1])
                or month.barc10 is not None or month.mspss is not None)


def months_to_show(months: list[MonthMeasures], began: date) -> list[MonthMeasures]:
    """From the account's first month, or an earlier one with something in it (a sober date before
    the account, meetings brought in from another RecoveryNet): a new client isn't shown a year of
    empty months."""
    for n, month in enumerate(months):
        if (month.month.year, month.month.month) >= (began.year, began.month) or has_anything(month):
            return months[n:]
    return months[-1:]


def measure_views(months: list[MonthMeasures], began: date, own: bool = True) -> list[MeasureView]:
    """Every measure of the page, from the person's months (oldest first, this month last).
    `own`: the client's own page (links to where each is done), else a member's view."""
    months = months_to_show(months, began)
    this = months[-1]
    views = [_count_view("checkins", gettext("Network check-ins held"), months, "checkins_held",
                         ngettext("%(num)d check-in held this month. Each one keeps the network close.",
                                  "%(num)d check-ins held this month. Each one keeps the network close.",
                                  this.checkins_held)
                         if this.checkins_held else
                         gettext("No check-in held yet this month. A short one with one person counts."),
                         (url_for("checkins.mine"), gettext("Your weekly check-in")) if own else None),
             _count_view("meetings", gettext("Mutual-help meetings"), months, "meetings_attended",
                         ngettext("%(num)d meeting this month.", "%(num)d meetings this month.",
                                  this.meetings_attended)
                         if this.meetings_attended else
                         gettext("No meeting recorded this month. Any group and any format counts."),
                         (url_for("meetings.index"), gettext("Meetings")) if own else None),
             _abstinence_view(months, own), _retention_view(months), _plan_view(months, own)]
    if this.medication is not None:
        views.append(_medication_view(months))
    views += [_score_view(key, months, own) for key in ("barc10", "mspss")]
    return views


def _count_view(key, title, months, field, sentence, link) -> MeasureView:
    counts = [getattr(m, field) for m in months]
    return _chart(key, title, months, counts, [str(n) for n in counts], max(counts + [1]),
                  str(counts[-1]), sentence, link)


def _abstinence_view(months, own) -> MeasureView:
    this = months[-1]
    texts = [("–" if m.days_abstinent is None else
              gettext("%(num)d of 30", num=m.days_abstinent) if m.abstinence_confirmed else
              gettext("about %(num)d of 30", num=m.days_abstinent)) for m in months]
    if this.days_abstinent is None:
        sentence = gettext("Nothing yet. Set your sober date, or mark your month on the calendar.") if own else \
            gettext("Nothing yet.")
    elif this.abstinence_confirmed:
        sentence = gettext("%(num)d of the last 30 days without use, as confirmed on the calendar.",
                           num=this.days_abstinent)
    else:
        sentence = gettext("About %(num)d of the last 30 days without use, from the sober date and the slips "
                           "recorded. Confirming the month on the calendar makes it exact.", num=this.days_abstinent)
    link = (url_for("measures.calendar", month=this.month.strftime("%Y-%m")), gettext("Your calendar")) if own else None
    return _chart("abstinence", gettext("Days without use, of the last 30"), months,
                  [m.days_abstinent for m in months], texts, 30, texts[-1], sentence, link)


def _retention_view(months) -> MeasureView:
    this = months[-1]
    texts = ["–" if m.retention is None else ngettext("%(num)d day", "%(num)d days", m.retention) for m in months]
    if this.retention is not None:
        sentence = gettext("%(num)d days or more in the programme, and still going.", num=this.retention)
    else:
        sentence = gettext("This counts 30, 90 and 180 days in the programme, whenever something was done here "
                           "in the last two weeks.")
    return _chart("retention", gettext("Time in the programme"), months,
                  [{None: 0, 30: 1, 90: 2, 180: 3}[m.retention] for m in months], texts, 3, texts[-1], sentence)


def _plan_view(months, own) -> MeasureView:
    state = months[-1].crisis_plan
    sentence = {"none": gettext("There is no crisis plan yet. Writing one takes about ten minutes."),
                "written": gettext("The plan is written. Reading it through and confirming it signs it."),
                "signed": gettext("The plan is signed. Reading it again every 90 days keeps it up to date."),
                "reviewed": gettext("The plan is signed and was looked at in the last 90 days.")}[state]
    return _chart("crisis_plan", gettext("Crisis plan"), months, [PLAN_LEVELS[m.crisis_plan] for m in months],
                  [str(PLAN_WORDS[m.crisis_plan]) for m in months], 3, str(PLAN_WORDS[state]), sentence,
                  (url_for("crisis.edit_plan"), gettext("Your crisis plan")) if own else None)


def _medication_view(months) -> MeasureView:
    taken, due = months[-1].medication
    texts = ["–" if m.medication is None else gettext("%(taken)d of %(due)d", taken=m.medication[0], due=m.medication[1])
             for m in months]
    shares = [round(100 * m.medication[0] / m.medication[1]) if m.medication and m.medication[1] else 0 for m in months]
    sentence = (gettext("%(taken)d of %(due)d doses taken this month.", taken=taken, due=due) if due
                else gettext("No dose due yet this month."))
    return _chart("medication", gettext("Medication doses taken"), months, shares, texts, 100, texts[-1],
                  sentence)


SCORE_WORDS = {
    "barc10": (lazy_gettext("Recovery capital (BARC-10)"), 60,
               lazy_gettext("The latest BARC-10 total this month: %(score)s of 60. Higher means more of what "
                            "supports recovery.")),
    "mspss": (lazy_gettext("Support you feel (MSPSS)"), 7,
              lazy_gettext("The latest MSPSS average this month: %(score)s of 7. Higher means more support felt.")),
}


def _score_view(key, months, own) -> MeasureView:
    title, highest, said = SCORE_WORDS[key]
    scores = [getattr(m, key) for m in months]
    texts = ["–" if s is None else _number(s) for s in scores]
    sentence = (str(said) % {"score": texts[-1]} if scores[-1] is not None
                else gettext("Not answered this month yet."))
    link = (url_for("measures.answer", instrument=key), gettext("Answer the questions")) if own else None
    return _chart(key, str(title), months, scores, texts, highest, texts[-1], sentence, link)


def began_on(person) -> date:
    return as_utc(person.created_at).astimezone(zone(person.timezone)).date()


@bp.get("/progress")
@for_the_client
def progress():
    """The client's measures, this month and the eleven before."""
    months = measures_by_month([current_user], MONTHS)[current_user.id]
    return render("measures/progress.html", measures=measure_views(months, began_on(current_user)),
                  months=months, member_view=False)


@bp.get("/support/<int:client_id>/progress")
@login_required
def member_progress(client_id: int):
    """A member's view of the client's measures, with the "measures" scope; recorded for the client."""
    contact, client = require_membership(client_id)
    if SCOPE not in contact.scopes:
        return render("measures/progress_member.html", client=client, measures=None)
    months = measures_by_month([client], MONTHS)[client.id]
    page = render("measures/progress_member.html", client=client, measures=measure_views(
        months, began_on(client), own=False), months=months)
    with in_language_of(client):
        record_views(client.id, {SCOPE: gettext("Measures month by month, last %(num)d months", num=MONTHS)})
    db.session.commit()
    return page


def review_part(client) -> tuple[str, dict]:
    """The monthly review's measures (review/views.py ALONGSIDE["measures"]): this month's figures,
    last month's beside them, in the query the page would run anyway for nothing else."""
    months = measures_by_month([client], 2)[client.id]
    return "measures/_review.html", {"measures": measure_views(months, began_on(client)),
                                     "last_month": months[0].month if len(months) > 1 else None}
