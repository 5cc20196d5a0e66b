"""Reading a reminder form for each kind of reminder."""
from flask_babel import gettext, lazy_gettext

from recoverynet.forms import CHOOSE_ONE, Form
from recoverynet.reminders.models import KINDS
from recoverynet.timeutil import local_today

LEAD_CHOICES = {0: lazy_gettext("At the time"), 15: lazy_gettext("15 minutes before"),
                30: lazy_gettext("30 minutes before"), 60: lazy_gettext("1 hour before"),
                120: lazy_gettext("2 hours before"), 1440: lazy_gettext("1 day before")}
MEDICATION_SLOTS = 4


def read_reminder_form(form: Form, kind: str, timezone: str) -> dict:
    """Clean values for a reminder of this kind; errors land on `form`."""
    values = {"kind": kind, "title": "", "weekday": None, "on_date": None, "lead_minutes": 0,
              "place": "", "note": ""}
    if kind == "medication":
        values["title"] = form.text("title", required=gettext("Please name the medication."), max_length=120)
        times = [form.time(f"time_{n}") for n in range(1, MEDICATION_SLOTS + 1)]
        times = sorted({t for t in times if t})
        if not times and "time_1" not in form.errors:
            form.error("time_1", gettext("Please add at least one time."))
        values["times"] = ",".join(times)
    else:
        values["times"] = form.time("time_1", required=gettext("Please choose a time."))
    if kind in ("meeting", "weekly"):
        values["weekday"] = form.number("weekday", 0, 6, required=gettext("Please choose a day."))
    if kind == "meeting":
        values["title"] = form.text("title", max_length=120)
        values["place"] = form.text("place", max_length=200)
    if kind == "appointment":
        values["title"] = form.text("title", required=gettext("Please say what the appointment is."), max_length=120)
        values["on_date"] = form.day("on_date", required=gettext("Please choose the date."))
        if values["on_date"] and values["on_date"] < local_today(timezone):
            form.error("on_date", gettext("That date has passed. Please choose today or later."))
        values["note"] = form.text("note", max_length=500)
    if kind in ("meeting", "appointment"):
        lead = form.number("lead_minutes", 0, 1440) or 0
        if lead not in LEAD_CHOICES:
            form.error("lead_minutes", CHOOSE_ONE)
        values["lead_minutes"] = lead
    if kind not in KINDS:
        form.error("kind", gettext("Please choose a kind of reminder."))
    return values
