"""The demo client's measures: the BARC-10 and the MSPSS answered three times, 30 days apart (the
last a few days ago, so nothing is due yet), recovery capital rising past the study's 47; and the
use-day calendar confirmed for the months so far, the slip's day its one day of use. Fictional
answers, called by `flask demo`."""
from datetime import date, timedelta

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.measures.instruments import INSTRUMENTS, score
from recoverynet.measures.models import CalendarMonth, Questionnaire, QuestionnaireAnswer, UseDay
from recoverynet.measures.timeline import month_end
from recoverynet.timeutil import local_today

# Oldest first: each round's answer to every item (None: skipped).
BARC10_ROUNDS = ([3, 3, 2, 3, 2, 3, 3, 4, 3, 3], [5, 4, 4, 3, 4, 4, 4, 5, 4, 4], [6, 5, 4, 4, 5, 5, 5, 5, 5, 5])
MSPSS_ROUNDS = ([3, 4, 3, 3, 3, 4, 3, 3, 4, 4, 3, None], [5, 5, 4, 4, 5, 5, 4, 4, 5, 5, 4, 5],
                [6, 6, 5, 5, 6, 5, 5, 5, 6, 6, 5, 5])


def add_demo_measures(user: User, slip_day: date, days_back: int = 63) -> None:
    today = local_today(user.timezone)
    for key, rounds in (("barc10", BARC10_ROUNDS), ("mspss", MSPSS_ROUNDS)):
        items = INSTRUMENTS[key].item_keys
        for n, values in enumerate(rounds):
            answers = {item: value for item, value in zip(items, values) if value is not None}
            db.session.add(Questionnaire(
                client_id=user.id, instrument=key, taken_on=today - timedelta(days=days_back - 30 * n),
                score=score(key, answers), answered=len(answers),
                answers=[QuestionnaireAnswer(item=item, value=value) for item, value in answers.items()]))
    month = (today - timedelta(days=days_back)).replace(day=1)
    while month < today.replace(day=1):  # every month before this one, confirmed
        db.session.add(CalendarMonth(client_id=user.id, month=month))
        month = month_end(month) + timedelta(days=1)
    if slip_day < today.replace(day=1):
        db.session.add(UseDay(client_id=user.id, day=slip_day))
