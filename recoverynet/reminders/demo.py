"""The demo client's own reminders: a daily check-in in the evening and Thursday's NA meeting
(medication/demo.py adds the doses, checkins/demo.py the weekly check-in). Called by `flask demo`."""
from datetime import timedelta

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.reminders.models import Reminder
from recoverynet.reminders.schedule import reschedule
from recoverynet.timeutil import utcnow


def add_demo_reminders(user: User) -> None:
    for reminder in (Reminder(user_id=user.id, kind="checkin", title="How is today going?", times="21:00"),
                     Reminder(user_id=user.id, kind="meeting", title="NA meeting", weekday=1, times="19:30",
                              lead_minutes=60, place="St Example's church hall")):
        reminder.created_at = utcnow() - timedelta(days=60)
        reschedule(reminder, user.timezone)
        db.session.add(reminder)
