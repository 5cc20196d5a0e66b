"""Saving a log entry, and the queries the log pages share."""
import uuid
from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import ScalarSelect, bindparam, select
from sqlalchemy.orm import joinedload

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.log.blank_form import blank_entry_form, is_blank
from recoverynet.log.models import OUTCOMES, STANDARD_TRIGGERS, CustomTrigger, Entry, EntryTrigger
from recoverynet.sqljson import json_rows

DETAIL_FIELDS = ("situation", "thoughts", "feelings", "people_present", "coping", "note")
PAGE_SIZE = 20


def own_triggers(user: User) -> list[CustomTrigger]:
    """The triggers the client added themselves, hidden ones too, in alphabetical order."""
    return list(db.session.scalars(select(CustomTrigger).where(CustomTrigger.user_id == user.id)
                                   .order_by(CustomTrigger.label)))


class OwnTrigger(NamedTuple):
    """A trigger the client added, as a list folded into another query gives it (own_triggers_of)."""
    label: str
    hidden: bool


def own_triggers_of(person_id) -> ScalarSelect:
    """The person's own triggers as one JSON value (read with as_own_triggers), for a page that
    folds them into a query it runs anyway: Home brings them with the session's lookup."""
    return (select(json_rows(CustomTrigger.label, CustomTrigger.hidden))
            .where(CustomTrigger.user_id == person_id).scalar_subquery())


def as_own_triggers(pairs: list) -> list[OwnTrigger]:
    """own_triggers_of's value, as own_triggers gives them (in label order)."""
    return sorted(OwnTrigger(label, bool(hidden)) for label, hidden in pairs or [])


def trigger_choices(user: User, kept: Sequence[str] = (),
                    own: Sequence[CustomTrigger | OwnTrigger] | None = None) -> list[str]:
    """The chips the log form offers: built-in, then the client's own that are not hidden, then
    any `kept` (an edited entry's triggers stay, even renamed, hidden or deleted since)."""
    shown = [t.label for t in (own_triggers(user) if own is None else own) if not t.hidden]
    choices = list(STANDARD_TRIGGERS) + [label for label in shown if label not in STANDARD_TRIGGERS]
    return choices + [label for label in kept if label not in choices]


def entry_form_context(user: User, form: Form, own: Sequence[CustomTrigger | OwnTrigger] | None = None,
                       **extra) -> dict:
    """What templates/log/_form.html needs (`own`: the client's own triggers, when already read)."""
    entry = extra.get("entry")
    own = own_triggers(user) if own is None else own
    choices = trigger_choices(user, entry.trigger_labels if entry else [], own)
    context = {"form": form, "trigger_choices": choices, "has_own_triggers": bool(own), "outcomes": OUTCOMES, **extra}
    if is_blank(form, extra):  # the same markup for everyone but the chips and the device id: kept
        context["blank_form"] = blank_entry_form(choices, bool(own), extra["device_id"])
    return context


def clean_device_id(raw: str | None) -> str:
    """The id the device made for this entry, or a fresh one if it sent none (or nonsense)."""
    try:
        return str(uuid.UUID(raw or ""))
    except ValueError:
        return str(uuid.uuid4())


def apply_values(entry: Entry, values: dict, user: User) -> None:
    for name in ("mood", "craving", "outcome", *DETAIL_FIELDS):
        setattr(entry, name, values[name])
    if values["logged_at"]:
        entry.logged_at = values["logged_at"]
    if values["new_trigger"]:
        hidden = db.session.scalar(select(CustomTrigger).where(CustomTrigger.user_id == user.id,
                                                               CustomTrigger.label == values["new_trigger"]))
        if hidden:  # typed again: it comes back as a chip
            hidden.hidden = False
        else:
            db.session.add(CustomTrigger(user_id=user.id, label=values["new_trigger"]))
    entry.triggers = [EntryTrigger(label=label) for label in values["triggers"]]


def find_entry(user: User, device_id: str) -> Entry | None:
    return db.session.scalar(select(Entry).where(Entry.user_id == user.id, Entry.device_id == device_id))


# Home and the log run this on every visit, so it is built once; the triggers come joined in the
# same query (a second "IN (...)" query is rebuilt each time).
_NEWEST_ENTRIES = (select(Entry).options(joinedload(Entry.triggers)).where(Entry.user_id == bindparam("user_id"))
                   .order_by(Entry.logged_at.desc(), Entry.id.desc())
                   .offset(bindparam("skip")).limit(bindparam("take")))


def entries_page(user: User, page: int, size: int = PAGE_SIZE) -> tuple[list[Entry], bool]:
    """One page of the client's entries, newest first, and whether an older page exists."""
    rows = db.session.scalars(_NEWEST_ENTRIES, {"user_id": user.id, "skip": (page - 1) * size,
                                                "take": size + 1}).unique().all()
    return list(rows[:size]), len(rows) > size
