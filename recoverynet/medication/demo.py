"""The demo client's medication: a morning and an evening dose, answered for the last three
weeks (a few "Not today"), today's morning dose waiting on Home. Called by `flask demo`."""
from datetime import timedelta

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.medication.models import MedicationAnswer
from recoverynet.reminders.models import Reminder
from recoverynet.reminders.schedule import reschedule
from recoverynet.timeutil import local_today, utcnow


def add_demo_medication(user: User) -> None:
    today = local_today(user.timezone)
    reminder = Reminder(user_id=user.id, kind="medication", title="Naltrexone", times="08:00,20:00",
                        created_at=utcnow() - timedelta(days=21))
    reschedule(reminder, user.timezone)
    db.session.add(reminder)
    db.session.flush()
    db.session.add_all(MedicationAnswer(user_id=user.id, reminder_id=reminder.id, day=today - timedelta(days=back),
                                        slot=slot, answer="not_today" if (back, slot) in ((4, "20:00"), (11, "08:00"))
                                        else "taken")
                       for back in range(1, 21) for slot in reminder.time_list)
