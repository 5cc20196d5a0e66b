"""The demo client's own reminders: a daily check-in in the evening, Tuesday's NA meeting and an
appointment next week (medication/demo.py adds the doses, checkins/demo.py the weekly check-in). Called by `flask demo`."""
from datetime import timedelta

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.reminders.models import Reminder
from recoverynet.reminders.schedule import reschedule
from recoverynet.timeutil import local_today, utcnow


def add_demo_reminders(user: User) -> None:
    for reminder in (Reminder(user_id=user.id, kind="checkin", title="How is today going?", times="21:00"),
                     Reminder(user_id=user.id, kind="meeting", title="NA meeting", weekday=1, times="19:30",
                              lead_minutes=60, place="St Example's church hall"),
                     Reminder(user_id=user.id, kind="appointment", title="Prescription review with Dr Riley",
                              on_date=local_today(user.timezone) + timedelta(days=9), times="10:00",
                              lead_minutes=120, place="Community drug and alcohol team")):
        reminder.created_at = utcnow() - timedelta(days=60)
        reschedule(reminder, user.timezone)
        db.session.add(reminder)
