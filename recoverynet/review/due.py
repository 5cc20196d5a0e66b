"""The monthly review's reminder: the day before the review, at its time on the client's clock,
the client and each participant are told once, in their own language, with the time on their own
clock, held by their own quiet hours (notifications/notify.py).

It runs on each pass of the reminder worker (reminders.due.EACH_PASS): a plan whose moment has
come is moved to next month's by a compare-and-set in the same transaction that queues its
notices, as reminders claim their next time, so two workers remind once."""
from datetime import date, datetime, timedelta

from flask_babel import format_date, gettext
from sqlalchemy import select, update

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.i18n import in_language_of
from recoverynet.notifications.notify import notify
from recoverynet.reminders.due import STALE
from recoverynet.review.models import ReviewPlan
from recoverynet.review.queries import current_participants
from recoverynet.timeutil import local, parse_time, utc_moment, utcnow, zone

REMIND_BEFORE = timedelta(days=1)  # a day to think about what to bring


def _month_day(year: int, month: int, day: int) -> date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, day)


def review_moment(plan: ReviewPlan, day: date, zone_name: str) -> datetime:
    return utc_moment(day, parse_time(plan.time), zone_name)


def next_reminder_at(plan: ReviewPlan, after: datetime, zone_name: str) -> datetime:
    """The first reminder moment strictly after `after`: the day before a review day, at its time."""
    today = after.astimezone(zone(zone_name)).date()
    for months_on in range(0, 3):
        day = _month_day(today.year, today.month + months_on, plan.day_of_month)
        moment = review_moment(plan, day, zone_name) - REMIND_BEFORE
        if moment > after:
            return moment
    raise AssertionError("a review day comes every month")  # pragma: no cover


def schedule(plan: ReviewPlan, zone_name: str) -> None:
    plan.next_due_at = next_reminder_at(plan, utcnow(), zone_name)


def _reminder_text(meeting: datetime, person: User, client: User | None = None) -> str:
    """The notice, in the person's language, with the day and time on their own clock (a notice
    held by quiet hours still names the right day)."""
    at = local(meeting, person.timezone)
    with in_language_of(person):
        day, time = format_date(at.date(), "EEEE d MMMM", rebase=False), at.strftime("%H:%M")
        if client is None:
            return gettext("Your monthly care-team review is on %(day)s at %(time)s.", day=day, time=time)
        return gettext("%(name)s's monthly care-team review is on %(day)s at %(time)s.",
                       name=client.display_name, day=day, time=time)


def queue_monthly_reminders(now: datetime | None = None) -> int:
    """Remind everyone of each review whose reminder is due; returns how many people were told."""
    now = now or utcnow()
    due = db.session.execute(select(ReviewPlan, User).join(User, User.id == ReviewPlan.client_id)
                             .where(ReviewPlan.next_due_at <= now)).all()
    told = 0
    for plan, client in due:
        occurrence = plan.next_due_at
        moved = db.session.execute(
            update(ReviewPlan).where(ReviewPlan.id == plan.id, ReviewPlan.next_due_at == occurrence)
            .values(next_due_at=next_reminder_at(plan, max(occurrence, now), client.timezone)),
            execution_options={"synchronize_session": False})
        if moved.rowcount != 1 or now - occurrence > STALE:
            continue  # another worker has it; or the worker was down, and yesterday's notice is no use
        meeting = occurrence + REMIND_BEFORE
        notify(client.id, "monthly_review", _reminder_text(meeting, client), "/review")
        for person in current_participants(client.id, plan.id):
            notify(person.id, "monthly_review", _reminder_text(meeting, person, client), f"/review/{client.id}")
            told += 1
        told += 1
    db.session.commit()
    return told
