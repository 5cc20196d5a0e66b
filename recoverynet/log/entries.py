"""Reading a log entry from a form, and the queries the log pages share."""
import uuid
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.log.models import OUTCOMES, STANDARD_TRIGGERS, CustomTrigger, Entry, EntryTrigger
from recoverynet.timeutil import utcnow, zone

DETAIL_FIELDS = ("situation", "thoughts", "feelings", "people_present", "coping", "note")
PAGE_SIZE = 20


def trigger_choices(user: User) -> list[str]:
    custom = db.session.scalars(select(CustomTrigger.label).where(CustomTrigger.user_id == user.id)
                                .order_by(CustomTrigger.label))
    return list(STANDARD_TRIGGERS) + [label for label in custom if label not in STANDARD_TRIGGERS]


def entry_form_context(user: User, form: Form, **extra) -> dict:
    """What templates/log/_form.html needs."""
    return {"form": form, "trigger_choices": trigger_choices(user), "outcomes": OUTCOMES, **extra}


def read_entry_form(form: Form, user: User) -> dict:
    """Clean values for an entry; errors land on `form`."""
    values = {
        "mood": form.number("mood", 1, 5, required="Please choose how you feel, from 1 to 5."),
        "craving": form.number("craving", 0, 10),
        "outcome": form.raw.get("outcome") or None,
    }
    if values["outcome"] not in (None, *OUTCOMES):
        form.error("outcome", "Please choose one of the outcomes.")
    for name in DETAIL_FIELDS:
        values[name] = form.text(name, max_length=2000)
    allowed = trigger_choices(user)
    chosen = [label for label in form.raw.getlist("triggers") if label in allowed]
    own = form.text("new_trigger", max_length=40).lower()
    if len(own) > 40:  # lowercasing can lengthen text ("İ" becomes two characters)
        form.error("new_trigger", "Please keep this under 40 characters.")
    if own and own not in chosen:
        chosen.append(own)
    values["triggers"] = chosen
    values["new_trigger"] = own if own and own not in allowed else ""
    values["logged_at"] = _read_when(form, user)
    return values


def _read_when(form: Form, user: User) -> datetime | None:
    raw = (form.raw.get("logged_at") or "").strip()
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        form.error("logged_at", "Please enter a date and time, like 2024-03-31 18:30.")
        return None
    if moment.tzinfo is not None:
        # The offline outbox sends the moment it was logged, with its offset. A phone whose clock
        # runs fast must not lose the entry: anything up to a day ahead counts as now.
        return min(moment, utcnow()) if moment < utcnow() + timedelta(days=1) else utcnow()
    # A form gives local wall time.
    moment = moment.replace(tzinfo=zone(user.timezone))
    if moment > utcnow() + timedelta(minutes=5):
        form.error("logged_at", "That time is in the future. Please choose now or earlier.")
        return None
    return moment


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
