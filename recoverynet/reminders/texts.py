"""What a reminder's notification says. Discreet by default, like every push (push/texts.py
keeps the words a lock screen must never show); detailed only for people who chose it.
In the recipient's language: the caller reads them inside force_locale (due.py, reminder_payload)."""
from flask_babel import gettext

from recoverynet.reminders.models import Reminder


def reminder_text(reminder: Reminder, detailed: bool) -> tuple[str, str]:
    """(title, body) for a reminder."""
    if not detailed:
        body = {"checkin": gettext("Time for your check-in"), "medication": gettext("Time for your reminder"),
                "meeting": gettext("You have something coming up"),
                "appointment": gettext("You have an appointment soon"),
                "weekly": gettext("Your weekly check-in is coming up")}[reminder.kind]
        return gettext("Reminder"), body
    if reminder.kind == "checkin":
        body = gettext("How are you today? Log your mood and cravings.")
    elif reminder.kind == "medication":
        body = (gettext("Time to take %(medication)s.", medication=reminder.title) if reminder.title
                else gettext("Time to take your medication."))
    elif reminder.kind == "meeting":
        meeting = reminder.title or gettext("Your meeting")
        body = (gettext("%(meeting)s at %(place)s is coming up.", meeting=meeting, place=reminder.place)
                if reminder.place else gettext("%(meeting)s is coming up.", meeting=meeting))
    elif reminder.kind == "appointment":
        what = reminder.title or reminder.note
        body = gettext("Appointment: %(what)s.", what=what) if what else gettext("Appointment: coming up.")
    else:
        body = gettext("Your weekly network check-in is coming up.")
    return "RecoveryNet", body


def answer_labels(detailed: bool) -> tuple[tuple[str, str], ...]:
    """A medication reminder's two buttons. They show on the lock screen beside the discreet text,
    so there they say "Done": "Taken" beside "Time for your reminder" would tell a passer-by it
    is about a dose. With detailed text the body names the medication anyway. "Not today" is
    neutral either way, and says nothing of failing."""
    return (("taken", gettext("Taken") if detailed else gettext("Done")), ("not_today", gettext("Not today")))
