"""The client's questionnaires: the measures page (what is due, the last answers, the use-day
calendar's months), answering one instrument on one page (every question may be skipped), and
the result in plain words. Items, scale and scoring come from instruments.json."""
from datetime import date, timedelta

from flask import redirect, request, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import select

from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.measures.blueprint import bp, for_the_client
from recoverynet.measures.due import DUE_EVERY_DAYS, due_instruments
from recoverynet.measures.instruments import INSTRUMENTS, meets_threshold, score, subscales
from recoverynet.measures.models import CalendarMonth, Questionnaire, QuestionnaireAnswer
from recoverynet.pages import flash_and_redirect, render
from recoverynet.timeutil import local_today

INSTRUMENT_RULE = "<any(" + ", ".join(INSTRUMENTS) + "):instrument>"
RECENT = 6  # earlier answers listed on the measures page


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def month_before(month: date) -> date:
    return first_of_month(month - timedelta(days=1))


@bp.get("/measures")
@for_the_client
def index():
    """What is due, the last answers of each questionnaire, and this month's and last month's calendar."""
    today = local_today(current_user.timezone)
    recent = db.session.execute(
        select(Questionnaire.instrument, Questionnaire.taken_on, Questionnaire.score, Questionnaire.answered)
        .where(Questionnaire.client_id == current_user.id)
        .order_by(Questionnaire.taken_on.desc(), Questionnaire.id.desc()).limit(RECENT * len(INSTRUMENTS))).all()
    taken: dict[str, date] = {}
    for row in recent:
        taken.setdefault(row.instrument, row.taken_on)
    this_month = first_of_month(today)
    months = (this_month, month_before(this_month))
    confirmed = {row.month: row.confirmed_at for row in db.session.scalars(
        select(CalendarMonth).where(CalendarMonth.client_id == current_user.id, CalendarMonth.month.in_(months)))}
    return render("measures/index.html", instruments=INSTRUMENTS, due=due_instruments(current_user, today, taken),
                  recent=recent, taken=taken, every=DUE_EVERY_DAYS, months=months, confirmed=confirmed,
                  today=today)


def questionnaire_page(instrument: str, form: Form | None = None, status: int = 200):
    return render("measures/questionnaire.html", instrument=INSTRUMENTS[instrument], form=form or Form({}),
                  status=status)


@bp.get("/measures/" + INSTRUMENT_RULE)
@for_the_client
def answer(instrument: str):
    """One questionnaire on one page: a row of answers per statement, any of them skipped."""
    return questionnaire_page(instrument)


def read_answers(form: Form, instrument: str) -> dict[str, int]:
    """The answers chosen, by item; an item left blank (or "Skip") is skipped, never an error."""
    spec, answers = INSTRUMENTS[instrument], {}
    for item in spec.items:
        value = form.choice(f"item-{item.key}", {str(v) for v in spec.values}, default="", optional=True,
                            message=gettext("Please choose one of the answers, or skip this one."))
        if value:
            answers[item.key] = int(value)
    return answers


@bp.post("/measures/" + INSTRUMENT_RULE)
@for_the_client
def save(instrument: str):
    """Keep the answers given, score them as the data file says, and show the result."""
    form = Form(request.form)
    answers = read_answers(form, instrument)
    if not form.ok:
        return questionnaire_page(instrument, form, status=422)
    db.session.add(Questionnaire(
        client_id=current_user.id, instrument=instrument, taken_on=local_today(current_user.timezone),
        score=score(instrument, answers), answered=len(answers),
        answers=[QuestionnaireAnswer(item=key, value=value) for key, value in answers.items()]))
    db.session.commit()
    return flash_and_redirect(gettext("Thank you. Your answers are saved."), "measures.result", instrument=instrument)


@bp.get("/measures/" + INSTRUMENT_RULE + "/result")
@for_the_client
def result(instrument: str):
    """The last time the client answered this questionnaire, its score in plain words."""
    taken = db.session.scalars(
        select(Questionnaire).where(Questionnaire.client_id == current_user.id, Questionnaire.instrument == instrument)
        .order_by(Questionnaire.taken_on.desc(), Questionnaire.id.desc()).limit(1)).first()
    if taken is None:
        return redirect(url_for("measures.answer", instrument=instrument), code=303)
    answers = {answer.item: answer.value for answer in taken.answers}
    spec = INSTRUMENTS[instrument]
    return render("measures/result.html", instrument=spec, taken=taken, answers=answers,
                  subscales=subscales(instrument, answers), meets=meets_threshold(instrument, taken.score),
                  skipped=len(spec.items) - len(answers), due_again=taken.taken_on + timedelta(days=DUE_EVERY_DAYS))
