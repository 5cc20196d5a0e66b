"""Bringing an export back (issue 12): `flask import-person FILE.zip`, and Settings → "Bring in my
data" for a new, empty account (import_views.py).

Only data.json is read (the shape in the package docstring), and at most DATA_JSON_LIMIT bytes of
it however large the zip says it is: nothing is extracted to disk, so neither a zip bomb nor a
name such as ../../etc/passwd can reach anything. Every record is checked against the columns it
fills (type, length, the values a page knows how to show) before anything is written; one bad
record and nothing is brought in, with a plain sentence for the person and the exact place for
the log (ImportProblem).

What comes back is what the person owns: their profile bits (name, time zone, country, sober
date, language, notification settings), entries with their triggers, their own triggers,
meetings, slips, the crisis plan with its people, reminders, and the cards of their network map,
as contacts without accounts: members are invited again, so no card is linked to an account and
no grant points at nobody. Rewards, messages and views involve other people, and notifications,
devices and pushes belong to the old server: they stay in the file.

Importing the same file twice adds nothing the second time, by natural keys and no stored key (so
no column): an entry by its device id (already unique per person), a trigger by its words, the
crisis plan by there being one, and the rest by the moment each record was made, which the file
keeps to the second and which no page can change: a meeting by (date, kind, recorded at), a slip
by (date, recorded at), a reminder or a card by its creation moment. Records made in the same
second are counted, so two made together both come back, once. A card or reminder edited after
the first import still matches its creation moment, and is left as edited.
"""
import json
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import cache
from typing import IO

from flask_babel import gettext
from sqlalchemy import exists, insert, or_, select

from recoverynet.auth.models import User
from recoverynet.crisis.forms import TRAINED
from recoverynet.crisis.models import Callee, CrisisPlan
from recoverynet.dbtypes import UTCDateTime
from recoverynet.extensions import db
from recoverynet.i18n import known_language
from recoverynet.insights.months import entries_changed
from recoverynet.log.models import OUTCOMES, CustomTrigger, Entry, EntryTrigger
from recoverynet.meetings.models import MEETING_KINDS, Meeting
from recoverynet.network.models import CIRCLES, CONTACT_METHODS, LABELS, RELATIONSHIPS, Contact
from recoverynet.reminders.models import KINDS, Reminder
from recoverynet.reminders.schedule import next_due, reschedule_all
from recoverynet.sobriety.models import Slip
from recoverynet.timeutil import is_valid_zone, parse_time, utcnow
from recoverynet.yourdata.export import FORMAT, VERSION

DATA_JSON_LIMIT = 24 * 2**20  # five years of entries make about 6 MB

# Values a page shows by looking them up: anything else would break the page later.
CHOICES = {
    (Entry, "outcome"): {None, *OUTCOMES}, (Meeting, "kind"): set(MEETING_KINDS), (Reminder, "kind"): set(KINDS),
    (Contact, "relationship"): set(RELATIONSHIPS), (Contact, "circle"): set(CIRCLES), (Contact, "label"): set(LABELS),
    (Contact, "preferred_contact"): {"", *CONTACT_METHODS}, (CrisisPlan, "naloxone_trained"): {"", *TRAINED},
}
RANGES = {(Entry, "mood"): (1, 5), (Entry, "craving"): (0, 10), (Contact, "reliability"): (1, 5),
          (Contact, "helpfulness"): (1, 5), (Reminder, "weekday"): (0, 6), (Reminder, "lead_minutes"): (0, 7 * 24 * 60)}
# What each record brings back (the export's field names, the models' own).
ENTRY = ("device_id", "logged_at", "updated_at", "mood", "craving", "situation", "thoughts", "feelings",
         "people_present", "coping", "outcome", "note")
TRIGGER = ("label", "hidden")
MEETING = ("attended_on", "kind", "note", "recorded_at")
SLIP = ("happened_on", "note", "previous_sober_since", "new_sober_since", "recorded_at")
CONTACT = ("name", "relationship", "circle", "phone", "preferred_contact", "available_daytime",
           "available_out_of_hours", "boundaries", "label", "reliability", "helpfulness", "notes", "created_at")
PLAN = ("warning_signs", "coping_alone", "distractions", "reasons", "sms_message", "uses_opioids", "naloxone_who",
        "naloxone_where", "naloxone_trained", "updated_at", "reviewed_at")
CALLEE = ("professional", "name", "daytime_phone", "out_of_hours_phone")
REMINDER = ("kind", "title", "times", "weekday", "on_date", "lead_minutes", "place", "note", "paused",
            "next_due_at", "created_at")
PERSON = ("display_name", "timezone", "country", "sober_since", "language", "is_client", "detailed_notifications",
          "quiet_start", "quiet_end", "sober_activity")


class ImportProblem(Exception):
    """Why a file can't be brought in: `message` for the person (in their language), `detail`
    for the log and the command line (where in the file, and what)."""

    def __init__(self, message: str, detail: str = ""):
        super().__init__(detail or message)
        self.message, self.detail = message, detail or message


def _not_an_export(detail: str) -> ImportProblem:
    return ImportProblem(gettext("This file isn't a RecoveryNet export. Choose the zip file that "
                                 "\"Download my data\" gave you, as it was downloaded."), detail)


def _damaged(detail: str) -> ImportProblem:
    return ImportProblem(gettext("This export can't be read: part of it is damaged or was changed. Nothing was "
                                 "brought in. Download your data again and use that file."), detail)


def read_export(upload: IO[bytes]) -> dict:
    """data.json from an export zip, checked to be one RecoveryNet can read."""
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as error:
        raise _not_an_export(f"not a readable zip: {error}") from None
    with archive:
        try:
            info = archive.getinfo("data.json")
        except KeyError:
            raise _not_an_export("no data.json in the zip") from None
        if info.file_size > DATA_JSON_LIMIT:
            raise _too_big(info.file_size)
        try:
            with archive.open(info) as member:
                raw = member.read(DATA_JSON_LIMIT + 1)  # never more, whatever the zip claims
        # A wrong checksum or size, encrypted, an unknown compression, a cut-off file.
        except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError, zlib.error) as error:
            raise _damaged(f"data.json can't be unpacked: {error}") from None
    if len(raw) > DATA_JSON_LIMIT:
        raise _too_big(len(raw))
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise _damaged(f"data.json is not JSON: {error}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _not_an_export("data.json is not a recoverynet-export")
    version = data.get("version")
    if type(version) is not int or version < 1:
        raise _damaged(f"unknown version {version!r}")
    if version > VERSION:
        raise ImportProblem(gettext("This export was made by a newer RecoveryNet than this one, which can't read it "
                                    "yet. Ask whoever runs this RecoveryNet to update it."),
                            f"version {version}; this RecoveryNet reads up to {VERSION}")
    return data


def _too_big(size: int) -> ImportProblem:
    return ImportProblem(gettext("This export holds more than RecoveryNet can bring in at once. Nothing was brought "
                                 "in. Ask whoever runs this RecoveryNet to bring it in for you."),
                         f"data.json is {size} bytes; the limit is {DATA_JSON_LIMIT}")


# ---- Checking each record against the columns it fills ----

@cache
def _rule(model, name: str) -> tuple:
    """What a value for this column must be, looked up once: (nullable, python type, longest,
    allowed values, lowest, highest, whether a record may leave it out)."""
    column = model.__table__.c[name]
    # The UTC type hides its python type behind the decorator.
    kind = datetime if isinstance(column.type, UTCDateTime) else column.type.python_type
    low, high = RANGES.get((model, name), (None, None))
    may_leave_out = bool(column.nullable or column.default or column.server_default)
    return (column.nullable, kind, getattr(column.type, "length", None), CHOICES.get((model, name)), low, high,
            may_leave_out)


def _value(model, name: str, value, where: str):
    nullable, kind, length, choices, low, high, _ = _rule(model, name)
    if value is None:
        if nullable:
            return None
        raise _damaged(f"{where}.{name}: missing")
    try:
        if kind is datetime:
            value = datetime.fromisoformat(value)
            if value.tzinfo is None:
                raise ValueError("no UTC offset")
        elif kind is date:
            value = date.fromisoformat(value)
        elif type(value) is not kind:  # a bool is not an int here, nor a number text
            raise ValueError(f"{type(value).__name__}, not {kind.__name__}")
    except (TypeError, ValueError) as error:
        raise _damaged(f"{where}.{name}: {value!r} ({error})") from None
    if length and kind is str and len(value) > length:
        raise _damaged(f"{where}.{name}: longer than {length}")
    if choices is not None and value not in choices:
        raise _damaged(f"{where}.{name}: {value!r} is not one of ours")
    if low is not None and not low <= value <= high:
        raise _damaged(f"{where}.{name}: {value!r} is not from {low} to {high}")
    return value


def _record(model, raw, names: tuple[str, ...], where: str) -> dict:
    """The fields `names` of one record, checked; a field the file leaves out takes the column's
    default (fields may be added to the format, never renamed)."""
    if not isinstance(raw, dict):
        raise _damaged(f"{where}: not a record")
    for name in names:
        if name not in raw and not _rule(model, name)[-1]:
            raise _damaged(f"{where}.{name}: missing")
    return {name: _value(model, name, raw[name], where) for name in names if name in raw}


def _records(data: dict, key: str) -> list:
    found = data.get(key) or []
    if not isinstance(found, list):
        raise _damaged(f"{key}: not a list")
    return found


def _entry(raw, where: str) -> dict:
    entry = _record(Entry, raw, ENTRY, where)
    if not entry["device_id"]:
        raise _damaged(f"{where}.device_id: empty")
    labels = raw.get("triggers") or []
    if not isinstance(labels, list):
        raise _damaged(f"{where}.triggers: not a list")
    entry["triggers"] = sorted({_value(EntryTrigger, "label", label, f"{where}.triggers") for label in labels})
    return entry


def _reminder(raw, where: str) -> dict:
    reminder = _record(Reminder, raw, REMINDER, where)
    try:
        for wall in reminder.get("times", "").split(","):
            parse_time(wall)
    except (TypeError, ValueError):
        raise _damaged(f"{where}.times: {reminder.get('times')!r}") from None
    return reminder


def _plan(raw, where: str) -> dict | None:
    if raw is None:
        return None
    plan = _record(CrisisPlan, raw, PLAN, where)
    callees = raw.get("callees") or []
    if not isinstance(callees, list):
        raise _damaged(f"{where}.callees: not a list")
    plan["callees"] = [_record(Callee, callee, CALLEE, f"{where}.callees[{n}]") | {
        "contact_name": callee.get("contact_name") if isinstance(callee, dict) else None}
        for n, callee in enumerate(callees)]
    return plan


def _person(raw) -> dict:
    person = _record(User, raw or {}, PERSON, "person")
    if not person.get("display_name", "x").strip():
        raise _damaged("person.display_name: empty")
    # Settings the pages read as they are: left as they were when they don't fit this server.
    if "timezone" in person and not is_valid_zone(person["timezone"]):
        del person["timezone"]
    if "language" in person and person["language"] is not None and not known_language(person["language"]):
        del person["language"]
    for name in ("quiet_start", "quiet_end"):
        if person.get(name):
            try:
                parse_time(person[name])
            except ValueError:
                raise _damaged(f"person.{name}: {person[name]!r}") from None
    return person


def read_records(data: dict) -> dict:
    """Every part that comes back, checked: nothing is written until all of it is."""
    def each(key: str, read: Callable[[object, str], dict]) -> list[dict]:
        return [read(raw, f"{key}[{n}]") for n, raw in enumerate(_records(data, key))]
    return {
        "person": _person(data.get("person")),
        "entries": each("entries", _entry),
        "triggers": each("triggers", lambda raw, where: _record(CustomTrigger, raw, TRIGGER, where)),
        "meetings": each("meetings", lambda raw, where: _record(Meeting, raw, MEETING, where)),
        "slips": each("slips", lambda raw, where: _record(Slip, raw, SLIP, where)),
        "contacts": each("contacts", lambda raw, where: _record(Contact, raw, CONTACT, where)),
        "crisis_plan": _plan(data.get("crisis_plan"), "crisis_plan"),
        "reminders": each("reminders", _reminder),
    }


# ---- Writing: only what the account doesn't hold yet ----

def _second(moment: datetime | None):
    return moment.replace(microsecond=0) if moment else None


def _not_yet_there(records: list[dict], held: Iterable, key: Callable[[dict], object]) -> list[dict]:
    """The records whose key the account doesn't hold yet, counting: a key held once lets one
    record with it through as already there."""
    left = Counter(held)
    fresh = []
    for record in records:
        if left[key(record)] > 0:
            left[key(record)] -= 1
        else:
            fresh.append(record)
    return fresh


def is_empty(user: User) -> bool:
    """No entries, meetings or cards yet: a new account, which Settings may fill from a file."""
    held = or_(exists().where(Entry.user_id == user.id), exists().where(Meeting.client_id == user.id),
               exists().where(Contact.client_id == user.id))
    return not db.session.scalar(select(held))  # one query: Settings asks on every visit


def import_person(user: User, data: dict) -> dict[str, int]:
    """Bring the export `data` into `user`'s account; how many records of each kind were added.
    The caller commits (or rolls back on ImportProblem)."""
    records = read_records(data)
    zone_before = user.timezone
    for name, value in records["person"].items():
        setattr(user, name, value)
    user.is_client = user.is_client or records["person"].get("is_client", True)
    if user.timezone != zone_before:
        reschedule_all(user)  # reminders already there follow the time zone brought in
    added = {"entries": _add_entries(user, records["entries"])}
    uid = user.id
    added["triggers"] = _add(CustomTrigger, uid, _not_yet_there(
        records["triggers"], db.session.scalars(select(CustomTrigger.label).where(CustomTrigger.user_id == uid)),
        lambda trigger: trigger["label"]))
    added["meetings"] = _add(Meeting, uid, _not_yet_there(
        records["meetings"], ((day, kind, _second(at)) for day, kind, at in db.session.execute(
            select(Meeting.attended_on, Meeting.kind, Meeting.recorded_at).where(Meeting.client_id == uid))),
        lambda m: (m["attended_on"], m["kind"], _second(m.get("recorded_at")))), owner="client_id")
    added["slips"] = _add(Slip, uid, _not_yet_there(
        records["slips"], ((day, _second(at)) for day, at in db.session.execute(
            select(Slip.happened_on, Slip.recorded_at).where(Slip.user_id == uid))),
        lambda slip: (slip["happened_on"], _second(slip.get("recorded_at")))))
    added["contacts"] = _add(Contact, uid, _not_yet_there(
        records["contacts"], map(_second, db.session.scalars(select(Contact.created_at).where(Contact.client_id == uid))),
        lambda card: _second(card.get("created_at"))), owner="client_id")
    added["crisis_plan"] = _add_plan(user, records["crisis_plan"])
    added["reminders"] = _add_reminders(user, records["reminders"])
    return added


def _add(model, uid: int, records: list[dict], owner: str = "user_id") -> int:
    if records:
        db.session.execute(insert(model), [record | {owner: uid} for record in records])
    return len(records)


def _add_entries(user: User, entries: list[dict]) -> int:
    held = set(db.session.scalars(select(Entry.device_id).where(Entry.user_id == user.id)))
    fresh = {}
    for entry in entries:  # a device id twice in the file: the first is the entry
        if entry["device_id"] not in held:
            fresh.setdefault(entry["device_id"], entry)
    if not fresh:
        return 0
    # Plain executemany (no RETURNING): the quickest insert, so the write lock is held briefly.
    db.session.execute(insert(Entry.__table__), [
        {name: value for name, value in entry.items() if name != "triggers"} | {"user_id": user.id}
        for entry in fresh.values()])
    ids = dict(db.session.execute(select(Entry.device_id, Entry.id).where(Entry.user_id == user.id)).all())
    triggers = [{"entry_id": ids[device_id], "label": label}
                for device_id, entry in fresh.items() for label in entry["triggers"]]
    if triggers:
        db.session.execute(insert(EntryTrigger.__table__), triggers)
    # Around the ORM, so the insights' months they fall in are summed again at the commit here.
    moments = [entry.get("logged_at") for entry in fresh.values()]
    entries_changed(user.id, None if None in moments else moments)  # left out: logged now
    return len(fresh)


def _add_plan(user: User, plan: dict | None) -> int:
    if plan is None or db.session.scalar(select(CrisisPlan.id).where(CrisisPlan.user_id == user.id)):
        return 0
    cards: dict[str, int] = {}
    for card_id, name in db.session.execute(select(Contact.id, Contact.name).where(Contact.client_id == user.id)
                                            .order_by(Contact.created_at, Contact.id)):
        cards.setdefault(name, card_id)
    callees = [Callee(position=n, contact_id=cards.get(callee.pop("contact_name")), **callee)
               for n, callee in enumerate(plan.pop("callees"))]
    db.session.add(CrisisPlan(user_id=user.id, callees=callees, **plan))
    return 1


def _add_reminders(user: User, reminders: list[dict]) -> int:
    held = db.session.scalars(select(Reminder.created_at).where(Reminder.user_id == user.id))
    fresh = _not_yet_there(reminders, [_second(moment) for moment in held], lambda r: _second(r.get("created_at")))
    now = utcnow()
    for values in fresh:
        reminder = Reminder(user_id=user.id, **values)
        # A moment that passed while the file waited would send at once: the next one instead.
        if not reminder.paused and (reminder.next_due_at is None or reminder.next_due_at <= now):
            reminder.next_due_at = next_due(reminder, now, user.timezone)
        db.session.add(reminder)
    return len(fresh)
