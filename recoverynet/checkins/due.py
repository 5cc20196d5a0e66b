"""What the reminder worker does for check-ins: the weekly reminder reaches every participant, and
each action item's owner gets one push the day before it is due.

The weekly reminder is the client's own (reminders/); when it is due the worker asks here who
else it reaches (reminders.due.ALSO_REMINDED), so each participant gets it with the client's
reminder, exactly once, held by their own quiet hours, in their own language, with the time in
their own zone. The day-before push is claimed by a compare-and-set on `reminded_at` in the same
transaction that queues it, as reminders claim their next time: two workers send it once."""
from datetime import datetime, time, timedelta

from flask_babel import gettext, lazy_gettext
from sqlalchemy import select, update

from recoverynet.auth.models import User
from recoverynet.checkins.agenda import current_participants
from recoverynet.checkins.models import SCOPE, ActionItem, CheckinPlan
from recoverynet.extensions import db
from recoverynet.i18n import in_language_of
from recoverynet.network.models import Contact, Grant
from recoverynet.notifications.notify import notify
from recoverynet.push.queue import payload
from recoverynet.reminders.models import Reminder
from recoverynet.reminders.texts import reminder_text
from recoverynet.timeutil import local, utc_moment, utcnow

# The day before an item is due, its push goes at this hour of the owner's own clock (or when
# their quiet hours end).
DAY_BEFORE_AT = time(10, 0)


def participants_reminded(sent: list[tuple[Reminder, datetime]]) -> list[tuple]:
    """(participant, payload, reminder id, occurrence) for each weekly check-in reminder in `sent`."""
    weekly = {reminder.id: (reminder, occurrence) for reminder, occurrence in sent if reminder.kind == "weekly"}
    if not weekly:
        return []
    found = []
    for plan in db.session.scalars(select(CheckinPlan).where(CheckinPlan.reminder_id.in_(weekly))):
        reminder, occurrence = weekly[plan.reminder_id]
        meeting = occurrence + timedelta(minutes=reminder.lead_minutes or 0)
        for person in current_participants(plan.client_id, plan):
            with in_language_of(person):
                if person.detailed_notifications:
                    title, body = "RecoveryNet", gettext("The weekly network check-in is at %(time)s.",
                                                         time=local(meeting, person.timezone).strftime("%H:%M"))
                else:
                    title, body = reminder_text(reminder, False)
                found.append((person, payload(title, body, f"/checkins/{plan.client_id}/next", f"r{reminder.id}"),
                              reminder.id, occurrence))
    return found


def _still_takes_part(item: ActionItem) -> bool:
    """The client always; a member only while they hold the check-ins scope in that network."""
    if item.owner_id == item.client_id:
        return True
    return db.session.scalar(select(Grant.scope).join(Contact).where(
        Contact.client_id == item.client_id, Contact.member_id == item.owner_id, Grant.scope == SCOPE)) is not None


def queue_day_before_pushes(now: datetime | None = None) -> int:
    """Tell each owner of an open item due tomorrow (their own tomorrow), once. Returns how many."""
    now = now or utcnow()
    today = now.date()
    candidates = db.session.execute(
        select(ActionItem, User).join(User, User.id == ActionItem.owner_id)
        .where(ActionItem.done_at.is_(None), ActionItem.reminded_at.is_(None),
               ActionItem.due_on.between(today, today + timedelta(days=2)))).all()
    told = 0
    for item, owner in candidates:
        send_from = utc_moment(item.due_on - timedelta(days=1), DAY_BEFORE_AT, owner.timezone)
        send_until = utc_moment(item.due_on, time(0, 0), owner.timezone)
        if not send_from <= now < send_until or not _still_takes_part(item):
            continue
        claimed = db.session.execute(update(ActionItem).where(ActionItem.id == item.id,
                                                              ActionItem.reminded_at.is_(None))
                                     .values(reminded_at=now), execution_options={"synchronize_session": False})
        if claimed.rowcount == 1:
            notify(owner.id, "action_item_due", lazy_gettext("Due tomorrow: %(what)s", what=item.what),
                   f"/checkins/{item.client_id}")
            told += 1
    db.session.commit()
    return told
