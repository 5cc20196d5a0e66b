"""What the form fuzz sends (Hypothesis strategies) and the world it sends it into.

Every example starts from the same small world (`build_world`): Casey, a client with a known
entry, card, crisis plan, reminder and meeting; Nia, a member of her network; an open invite;
and Oli, who may accept it. `snapshot` reads those known records back, so a test can check
that nothing saved before was lost or changed by a request that wasn't a valid edit of it.
"""
import uuid
from datetime import date, timedelta, timezone

from hypothesis import strategies as st
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.crisis.models import Callee, CrisisPlan
from recoverynet.extensions import db
from recoverynet.log.models import Entry, EntryTrigger
from recoverynet.meetings.models import Meeting
from recoverynet.network.invites import create_invite
from recoverynet.network.models import Contact, Grant, Invite
from recoverynet.reminders.models import Reminder
from recoverynet.timeutil import utcnow
from tests.helpers import make_user

MEGABYTE = 1024 * 1024

# A request body over 1 MB is refused with 413; one field over 500 kB too (Flask's own limit).
# Each is here once as a constant: building them inside Hypothesis would be slow.
BIG_VALUES = (
    "x" * MEGABYTE,
    "é" * (MEGABYTE // 2),
    "😀" * (MEGABYTE // 4),                      # astral: four bytes each in UTF-8
    ("\u202eRTL" + "e\u0301") * (MEGABYTE // 8),  # right-to-left override and combining accents
    "\x00" * MEGABYTE,
    "x" * 600_000,                              # one field over Flask's 500 kB
    "ß" * 200_000,                              # under every size limit, far over every max_length
)

SPECIAL_VALUES = (
    "", " ", "\x00", "a\x00b", "\x00" * 10, "\x01\x02\x1b[31m\x7f", "\r\n\t", "\u0085\u2028\u2029",
    "\u202eevil\u202c", "مرحبا", "שלום עולם", "e\u0301\u0301\u0301", "Z\u0351\u036b\u0343\u036a\u0302",
    "𝕳𝖊𝖑𝖑𝖔", "😀👩‍👩‍👧", "\ufeff", "\u200b", "\U0010ffff", "\ufffd",
    "İ" * 50, "İ" * 40, "ß" * 80, "ﬃ" * 40, "a" * 81, "a" * 255, "a" * 2001,
    "٣", "²", "①", "𝟘", "-1", "0", "-0", "+5", "1_000", " 3 ", "3.0", "1e309", "nan", "inf",
    "-9223372036854775809", "9223372036854775808", "99999999999999999999999", "9" * 5000,
    "0001-01-01", "9999-12-31", "2024-02-30", "2024-13-01", "0000-00-00", "20240101", "2024-W01-1",
    "2024-01-01T25:00", "0001-01-01T00:00", "9999-12-31T23:59:59", "0001-01-01T00:00+14:00",
    "9999-12-31T23:59-14:00", "2024-03-31T01:30", "2024-10-27T01:30", "24:00", "23:60", "00:00", "7:5",
    "Europe/London", "UTC", "Etc/GMT+14", "Pacific/Kiritimati", "Europe/Nowhere", "../../etc/passwd",
    "localtime", "Factory", "GB", "gb", "XX", "on", "off", "now", "<script>alert(1)</script>",
    "{{7*7}}", "' OR 1=1 --", "%00", "casey@example.org", "CASEY@EXAMPLE.ORG", "İ@example.org",
)


OFFSETS = (timezone.utc, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12)))


def nasty_values() -> st.SearchStrategy[str]:
    """Text a form should refuse calmly: unicode of every kind, control characters, NUL,
    numbers out of range, impossible dates and zones, and bodies over the size limits."""
    return st.one_of(
        st.sampled_from(SPECIAL_VALUES),
        st.text(max_size=60),  # any code point but surrogates: astral, RTL, combining, controls
        st.text(st.characters(codec="utf-8", categories=("Cc", "Cf", "Mn", "Zs", "Zl", "Zp")), max_size=20),
        st.integers().map(str),
        st.dates().map(date.isoformat),
        st.datetimes(timezones=st.sampled_from(OFFSETS)).map(lambda moment: moment.isoformat()),
        st.sampled_from(BIG_VALUES),
    )


def field_names() -> st.SearchStrategy[str]:
    return st.one_of(st.text(max_size=12), st.sampled_from(("\x00", "form", "id", "user_id", "csrf_token")))


@st.composite
def form_data(draw, fields: dict[str, st.SearchStrategy[str]]) -> list[tuple[str, str]]:
    """A form body: each field missing, sent once or sent twice, with a plausible or a nasty
    value, plus a few fields nobody asked for."""
    pairs = []
    for name, plausible in fields.items():
        for _ in range(draw(st.sampled_from((1, 1, 1, 1, 0, 2)))):
            pairs.append((name, draw(st.one_of(plausible, plausible, nasty_values()))))
    pairs += draw(st.lists(st.tuples(field_names(), nasty_values()), max_size=2))
    return pairs


def choice(*values) -> st.SearchStrategy[str]:
    return st.sampled_from([str(value) for value in values])


def words(max_size: int = 40) -> st.SearchStrategy[str]:
    return st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=max_size)


def past_day() -> st.SearchStrategy[str]:
    return st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)).map(date.isoformat)


def clock_time() -> st.SearchStrategy[str]:
    return st.builds("{:02d}:{:02d}".format, st.integers(0, 23), st.integers(0, 59))


KNOWN_DEVICE_ID = "0b1e7c52-6f14-4c1e-9d4e-1a2b3c4d5e6f"


def empty_all_tables() -> None:
    db.session.remove()
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


def build_world() -> dict:
    """The known records every example starts from; ids and the invite token by name."""
    empty_all_tables()
    casey = make_user("casey@example.org", "Casey Client", sober_since=date(2024, 1, 1))
    nia = make_user("nia@example.org", "Nia Member", is_client=False)
    oli = make_user("oli@example.org", "Oli Other")
    member_card = Contact(client_id=casey.id, name="Nia", member_id=nia.id, joined_at=utcnow(),
                          relationship="partner", grants=[Grant(scope="sober_days"), Grant(scope="checkins")])
    card = Contact(client_id=casey.id, name="Sam", phone="07700 900123", notes="Known card")
    invited = Contact(client_id=casey.id, name="Jo")
    entry = Entry(user_id=casey.id, device_id=KNOWN_DEVICE_ID, mood=3, craving=2, note="Known entry",
                  triggers=[EntryTrigger(label="tired")])
    reminder = Reminder(user_id=casey.id, kind="medication", title="Known pill", times="08:00")
    meeting = Meeting(client_id=casey.id, attended_on=date(2024, 5, 1), kind="aa", note="Known meeting")
    db.session.add_all([member_card, card, invited, entry, reminder, meeting])
    db.session.flush()
    plan = CrisisPlan(user_id=casey.id, warning_signs="Known plan",
                      callees=[Callee(position=0, name="Sam", daytime_phone="07700 900123", contact_id=card.id)])
    db.session.add(plan)
    db.session.commit()
    _, token = create_invite(invited)
    return {"casey": casey.id, "nia": nia.id, "oli": oli.id, "entry": entry.id, "card": card.id,
            "invited_card": invited.id, "reminder": reminder.id, "meeting": meeting.id, "plan": plan.id,
            "token": token}


def _row(record) -> dict | None:
    if record is None:
        return None
    return {column.key: getattr(record, column.key) for column in record.__table__.columns}


def snapshot(world: dict) -> dict:
    """The known records as they are stored now, read afresh."""
    db.session.remove()
    plan = db.session.get(CrisisPlan, world["plan"])
    entry = db.session.get(Entry, world["entry"])
    invite = db.session.scalar(select(Invite).where(Invite.contact_id == world["invited_card"]))
    state = {
        "casey": _row(db.session.get(User, world["casey"])),
        "nia": _row(db.session.get(User, world["nia"])),
        "oli": _row(db.session.get(User, world["oli"])),
        "entry": (_row(entry), entry and entry.trigger_labels),
        "card": _row(db.session.get(Contact, world["card"])),
        "invited_card": _row(db.session.get(Contact, world["invited_card"])),
        "invite": _row(invite),
        "plan": (_row(plan), plan and [_row(callee) for callee in plan.callees]),
        "reminder": _row(db.session.get(Reminder, world["reminder"])),
        "meeting": _row(db.session.get(Meeting, world["meeting"])),
    }
    db.session.remove()
    return state


def fresh_device_id() -> st.SearchStrategy[str]:
    return st.one_of(st.builds(lambda: str(uuid.uuid4())), st.just(KNOWN_DEVICE_ID))
