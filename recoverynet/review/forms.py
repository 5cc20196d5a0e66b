"""Reading the monthly review's forms: its schedule, and a review held."""
from datetime import date

from flask_babel import gettext, lazy_gettext

from recoverynet.forms import Form
from recoverynet.review.models import NOTE_MAX, TOPICS

# Each part's question, in the page's order (the measures part comes with the measures issue).
TOPIC_LABELS = {
    "safety": lazy_gettext("Safety: is the crisis plan still right?"),
    "goals": lazy_gettext("Goals for the month ahead"),
    "medication": lazy_gettext("Medication: how it is going"),
    "needs": lazy_gettext("Practical needs: what moved, what is next"),
    "roles": lazy_gettext("Roles: anyone to add, anyone carrying too much?"),
}


def _chosen_ids(form: Form, name: str, allowed: set[int]) -> set[int]:
    chosen = set()
    for raw in form.raw.getlist(name) if hasattr(form.raw, "getlist") else form.raw.get(name, []):
        if not raw.isdigit() or int(raw) not in allowed:
            form.error(name, gettext("Please choose from the people listed."))
        else:
            chosen.add(int(raw))
    return chosen


def read_schedule_form(form: Form, member_ids: set[int]) -> dict:
    """The day of the month, the time, and who is asked to take part (members holding the scope)."""
    return {
        "day_of_month": form.number("day_of_month", 1, 28, required=gettext("Please choose a day.")),
        "time": form.time("time", required=gettext("Please choose a time.")),
        "participants": _chosen_ids(form, "participants", member_ids),
    }


def read_review_form(form: Form, member_ids: set[int], today: date) -> dict:
    """What was said under each part, the day, who took part and the client's own note. At least
    one part needs a few words: an empty review tells nobody anything."""
    values = {topic: form.text(topic, max_length=NOTE_MAX) for topic in TOPICS}
    values["private_note"] = form.text("private_note", max_length=NOTE_MAX)
    if not any(values[topic] for topic in TOPICS) and not form.errors:
        form.error("goals", gettext("Please write a few words in at least one part, even just how the month went."))
    held_on = form.day("held_on", required=gettext("Please choose the day of the review."), not_after=today)
    values["held_on"] = held_on
    values["attendees"] = _chosen_ids(form, "attendees", member_ids)
    return values
