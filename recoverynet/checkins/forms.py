"""Reading the check-in forms: the weekly schedule, a note, an action item."""
from datetime import date

from flask_babel import gettext

from recoverynet.checkins.models import MODES, SECTIONS
from recoverynet.forms import Form
from recoverynet.reminders.forms import LEAD_CHOICES

NOTE_MAX, ITEM_MAX, PLACE_MAX = 500, 200, 300


def read_schedule_form(form: Form, member_ids: set[int]) -> dict:
    """The day, time, way of meeting and participants (only members holding the scope)."""
    values = {
        "weekday": form.number("weekday", 0, 6, required=gettext("Please choose a day.")),
        "time": form.time("time", required=gettext("Please choose a time.")),
        "mode": form.choice("mode", MODES, default="in_person"),
        "place": form.text("place", max_length=PLACE_MAX),
        "lead_minutes": form.number("lead_minutes", 0, 1440) or 0,
    }
    if values["lead_minutes"] not in LEAD_CHOICES:
        form.error("lead_minutes", gettext("Please choose one of the options."))
    if values["mode"] == "video" and values["place"] and not values["place"].startswith(("https://", "http://")):
        form.error("place", gettext("Please paste the whole video link, starting with https://"))
    chosen = set()
    for raw in form.raw.getlist("participants") if hasattr(form.raw, "getlist") else []:
        if not raw.isdigit() or int(raw) not in member_ids:
            form.error("participants", gettext("Please choose from the people listed."))
        else:
            chosen.add(int(raw))
    values["participants"] = chosen
    return values


def read_note_form(form: Form, is_client: bool) -> dict:
    section = form.choice("section", SECTIONS)
    text = form.text("text", required=gettext("Please write a few words first."), max_length=NOTE_MAX)
    return {"section": section, "text": text, "private": is_client and form.flag("private")}


def read_item_form(form: Form, owner_ids: set[int], today: date) -> dict:
    what = form.text("what", required=gettext("Please say what will be done."), max_length=ITEM_MAX)
    owner = form.raw.get("owner_id") or ""
    if not owner.isdigit() or int(owner) not in owner_ids:
        form.error("owner_id", gettext("Please choose who will do it."))
    due_on = form.day("due_on")
    if due_on and due_on < today:
        form.error("due_on", gettext("That date has passed. Please choose today or later."))
    return {"what": what, "owner_id": int(owner) if owner.isdigit() else None, "due_on": due_on}
