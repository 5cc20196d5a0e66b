"""Reading an account (the client's or a member's) from a posted form, the chain's own buttons
(add a step, move one, remove one) and the log entries offered as starting points."""
from datetime import date, time, timedelta

from flask_babel import gettext
from sqlalchemy import select

from recoverynet.analysis.models import STEP_MAX, STEPS_MAX, TEXT_FIELDS, TEXT_MAX, Account
from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.log.models import Entry, trigger_text
from recoverynet.timeutil import local, utc_moment

# Which of an entry's fields each question can start from.
SOURCES = {"situation": ("situation",), "people": ("people_present",), "day": ("note",),
           "thoughts": ("thoughts",), "feelings": ("feelings",), "cravings": ("craving",),
           "after": ("coping", "note")}
DAYS_AROUND = 2  # entries from two days before the day to two days after, in the client's days
ENTRIES_OFFERED = 40


def read_account(form: Form, fields) -> dict:
    """The posted answers to `fields`, cleaned; the chain as a list of steps in the order shown,
    after any move or removal its buttons asked for. Problems go to `form.errors`."""
    values = {name: form.text(name, max_length=TEXT_MAX) for name in fields if name in TEXT_FIELDS}
    if "chain" in fields:
        values["chain"] = _read_chain(form)
    return values


def _read_chain(form: Form) -> list[str]:
    # A step is one line: a line break pasted into one would split it in two.
    steps = [" ".join(step.split()) for step in form.raw.getlist("step")]
    for n, step in enumerate(steps):
        if len(step) > STEP_MAX:
            form.error(f"step-{n}", gettext("Please keep each step under %(num)s characters.", num=STEP_MAX))
    action, _, position = (form.raw.get("chain_action") or "").partition(":")
    if position.isdigit() and int(position) < len(steps):
        n = int(position)
        if action == "up" and n > 0:
            steps[n - 1], steps[n] = steps[n], steps[n - 1]
        elif action == "down" and n < len(steps) - 1:
            steps[n], steps[n + 1] = steps[n + 1], steps[n]
        elif action == "remove":
            del steps[n]
    if not any(name.startswith("step-") for name in form.errors):
        steps = [step for step in steps if step]
        if len(steps) > STEPS_MAX:
            form.error("step-0", gettext("Please keep the chain to %(num)s steps or fewer.", num=STEPS_MAX))
    return steps


def apply(account: Account, values: dict) -> None:
    """Write the answers into the account (the chain one step a line)."""
    for name, value in values.items():
        setattr(account, name, "\n".join(value) if name == "chain" else value)


def entries_around(client, day: date) -> list[Entry]:
    """The client's log entries from two days before `day` to two days after, in their own days
    (midnights in their time zone, so a summer-time change moves nothing), oldest first."""
    start = utc_moment(day - timedelta(days=DAYS_AROUND), time(0), client.timezone)
    end = utc_moment(day + timedelta(days=DAYS_AROUND + 1), time(0), client.timezone)
    return list(db.session.scalars(select(Entry).where(Entry.user_id == client.id, Entry.logged_at >= start,
                                                       Entry.logged_at < end)
                                   .order_by(Entry.logged_at, Entry.id).limit(ENTRIES_OFFERED)))


def offered_text(entry: Entry, source: str, timezone: str | None) -> str:
    """The words a field of an entry offers as a starting point ("" when there are none)."""
    if source == "craving":
        if entry.craving is None:
            return ""
        return gettext("Urge %(num)s of 10 at %(time)s", num=entry.craving,
                       time=local(entry.logged_at, timezone).strftime("%H:%M"))
    if source == "situation" and entry.trigger_labels and not entry.situation:
        return ", ".join(str(trigger_text(label)) for label in entry.trigger_labels)
    return getattr(entry, source) or ""


def starting_points(entries: list[Entry], fields, timezone: str | None) -> list[tuple[Entry, list[tuple]]]:
    """For each entry with something to offer these fields: (entry, [(field, source, text)])."""
    offered = []
    for entry in entries:
        pieces = [(field, source, text) for field in fields for source in SOURCES.get(field, ())
                  if (text := offered_text(entry, source, timezone))]
        if pieces:
            offered.append((entry, pieces))
    return offered


def copy_starting_point(form: Form, values: dict, client, fields, day: date) -> str | None:
    """The field a "use this" button (copy=ENTRY:SOURCE) added an entry's words to, if any:
    only the client's own entries around the day, only into this step's fields."""
    entry_id, _, source = (form.raw.get("copy") or "").partition(":")
    field = next((name for name in fields if source in SOURCES.get(name, ())), None)
    if not entry_id.isdigit() or field is None:
        return None
    entry = next((e for e in entries_around(client, day) if e.id == int(entry_id)), None)
    text = offered_text(entry, source, client.timezone) if entry else ""
    if not text:
        return None
    if text not in values[field]:
        values[field] = f"{values[field]}\n{text}".strip()
        if len(values[field]) > TEXT_MAX:
            form.error(field, gettext("Please keep this under %(num)s characters.", num=TEXT_MAX))
    return field
