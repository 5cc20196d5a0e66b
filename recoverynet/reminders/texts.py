"""What a reminder's notification says. Discreet by default, like every push (push/texts.py
keeps the words a lock screen must never show); detailed only for people who chose it."""
from recoverynet.reminders.models import Reminder


def reminder_text(reminder: Reminder, detailed: bool) -> tuple[str, str]:
    """(title, body) for a reminder."""
    if not detailed:
        body = {"checkin": "Time for your check-in", "medication": "Time for your reminder",
                "meeting": "You have something coming up", "appointment": "You have an appointment soon",
                "weekly": "Your weekly check-in is coming up"}[reminder.kind]
        return "Reminder", body
    body = {
        "checkin": "How are you today? Log your mood and cravings.",
        "medication": f"Time to take {reminder.title or 'your medication'}.",
        "meeting": f"{reminder.title or 'Your meeting'}{' at ' + reminder.place if reminder.place else ''} is coming up.",
        "appointment": f"Appointment: {reminder.title or reminder.note or 'coming up'}.",
        "weekly": "Your weekly network check-in is coming up.",
    }[reminder.kind]
    return "RecoveryNet", body
