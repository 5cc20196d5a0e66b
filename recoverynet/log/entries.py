"""Saving a log entry, and the queries the log pages share."""
import uuid

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.log.models import OUTCOMES, STANDARD_TRIGGERS, CustomTrigger, Entry, EntryTrigger

DETAIL_FIELDS = ("situation", "thoughts", "feelings", "people_present", "coping", "note")
PAGE_SIZE = 20


def trigger_choices(user: User) -> list[str]:
    custom = db.session.scalars(select(CustomTrigger.label).where(CustomTrigger.user_id == user.id)
                                .order_by(CustomTrigger.label))
    return list(STANDARD_TRIGGERS) + [label for label in custom if label not in STANDARD_TRIGGERS]


def entry_form_context(user: User, form: Form, **extra) -> dict:
    """What templates/log/_form.html needs."""
    return {"form": form, "trigger_choices": trigger_choices(user), "outcomes": OUTCOMES, **extra}


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
