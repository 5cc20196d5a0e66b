"""The worker's part of early warning (it runs on each pass: reminders.due.EACH_PASS).

1. notice_new_signs: the clients who gave at least one member the "warning_signs" scope, a chunk
   at a time, and their flags (flags_for: a fixed number of queries per chunk, read in the
   client's language). A fresh flag that was not told before claims its (client, kind, local day)
   row with INSERT ... ON CONFLICT DO NOTHING, so of two workers one claims it, and in the same
   transaction a notice for each member holding the scope, due when that member's quiet hours end.
2. tell_waiting_members: each notice whose moment has come is claimed by a compare-and-set on
   `told_at` in the transaction that queues its inbox item and pushes (notify), so it goes once.
   The scope is asked again first: a member who lost it, or left, since the flag is not told and
   the notice goes. The client is told who was told, by the names on their own cards.

What a member gets says what to do (a short call), never what the client logged."""
import time
from datetime import datetime, timedelta
from itertools import groupby

from babel.lists import format_list
from flask_babel import force_locale, gettext, lazy_gettext
from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.flags import flags_for
from recoverynet.i18n import in_language_of
from recoverynet.network.models import Contact, Grant
from recoverynet.notifications.notify import notify
from recoverynet.reminders.due import STALE
from recoverynet.timeutil import as_utc, local, quiet_hours_end, utcnow
from recoverynet.warning.models import SCOPE, WarningNotice, WarningSign

FRESH_DAYS = 1  # a flag of the client's today or yesterday is news; an older one was there before
KNOWN_DAYS = 35  # how far back a sign's evidence is remembered, so a lasting flag is told once
CHUNK = 200  # clients whose flags are read together
LOOK_EVERY = 60.0  # seconds between looks for new flags (telling what waits happens on every pass)
CLIENTS_PAGE = "/network/early-warning"  # the client's list of who was told (warning/views.py)
_last_look = float("-inf")


def holders_of_scope():
    """(client id, member id, the card's name) of every card whose member holds the scope."""
    return (select(Contact.client_id, Contact.member_id, Contact.name).join(Grant, Grant.contact_id == Contact.id)
            .where(Grant.scope == SCOPE, Contact.member_id.is_not(None), Contact.member_id != Contact.client_id))


def _flags_by_client(clients: list[User], now: datetime) -> dict[int, list]:
    """Each client's flags, their words read in the client's own language (one flags_for per language)."""
    found = {}
    for language, group in groupby(sorted(clients, key=lambda c: c.language or "en"), lambda c: c.language or "en"):
        with force_locale(language):
            for client_id, flags in flags_for(list(group), now).items():
                found[client_id] = [(flag, str(flag.text)) for flag in flags]
    return found


def _claim(client_id: int, kind: str, day, since: datetime, text: str) -> int | None:
    """The sign's row, if this worker is the one that made it (None if it was there already)."""
    insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    return db.session.scalar(insert(WarningSign).values(client_id=client_id, kind=kind, day=day, since=since,
                                                         text=text[:300], created_at=utcnow())
                             .on_conflict_do_nothing(index_elements=["client_id", "kind", "day"])
                             .returning(WarningSign.id))


def _notice_chunk(clients: list[User], now: datetime) -> int:
    """Claim the fresh flags of these clients, each with a notice for every member to tell."""
    flags = _flags_by_client(clients, now)
    ids = [client.id for client in clients]
    members: dict[int, list[User]] = {}
    for client_id, member in db.session.execute(
            select(Contact.client_id, User).join(Grant, Grant.contact_id == Contact.id)
            .join(User, User.id == Contact.member_id)
            .where(Grant.scope == SCOPE, Contact.client_id.in_(ids), Contact.member_id != Contact.client_id)):
        members.setdefault(client_id, []).append(member)
    # A flag whose evidence was told about before is not news (a crisis alert stays a flag for 7 days).
    oldest = min(local(now, client.timezone).date() for client in clients) - timedelta(days=KNOWN_DAYS)
    told = {(client_id, kind, as_utc(since)) for client_id, kind, since in db.session.execute(
        select(WarningSign.client_id, WarningSign.kind, WarningSign.since)
        .where(WarningSign.client_id.in_(ids), WarningSign.day >= oldest))}
    claimed = 0
    notices = []
    for client in clients:
        today = local(now, client.timezone).date()
        for flag, text in flags.get(client.id, []):
            since = as_utc(flag.since)
            if flag.day < today - timedelta(days=FRESH_DAYS) or (client.id, flag.kind, since) in told:
                continue
            sign_id = _claim(client.id, flag.kind, today, since, text)
            if sign_id is None:
                continue  # this kind was told today already (or another worker has just claimed it)
            told.add((client.id, flag.kind, since))
            claimed += 1
            for member in members.get(client.id, []):
                send_at = quiet_hours_end(now, member.quiet_start, member.quiet_end, member.timezone) or now
                notices.append({"sign_id": sign_id, "member_id": member.id, "send_at": send_at})
    if notices:
        db.session.execute(WarningNotice.__table__.insert(), notices)
    db.session.commit()
    return claimed


def notice_new_signs(now: datetime | None = None) -> int:
    """Claim each fresh flag of every client who chose someone to tell; returns how many were claimed."""
    now = now or utcnow()
    claimed, after = 0, 0
    with_holders = select(holders_of_scope().subquery().c.client_id)
    while clients := db.session.scalars(select(User).where(User.id.in_(with_holders), User.id > after)
                                        .order_by(User.id).limit(CHUNK)).all():
        after = clients[-1].id
        claimed += _notice_chunk(list(clients), now)
    return claimed


def _member_text(client: User):
    return lazy_gettext("%(name)s might like a call today. A short, warm check-in helps.", name=client.display_name)


def _client_text(client: User, names: list[str], sign_text: str) -> str:
    with in_language_of(client):
        return gettext("We let %(names)s know you might like a call. What we noticed: %(sign)s",
                       names=format_list(names, locale=client.language or "en"), sign=sign_text)


def tell_waiting_members(now: datetime | None = None, limit: int = 500) -> int:
    """Tell each member whose notice is due, once, if they still hold the scope; then tell each
    client who was told. Returns how many members were told."""
    now = now or utcnow()
    waiting = db.session.execute(
        select(WarningNotice.id, WarningNotice.member_id, WarningNotice.send_at, WarningSign.id,
               WarningSign.client_id, WarningSign.text)
        .join(WarningSign, WarningSign.id == WarningNotice.sign_id)
        .where(WarningNotice.told_at.is_(None), WarningNotice.send_at <= now)
        .order_by(WarningNotice.send_at, WarningNotice.id).limit(limit)).all()
    if not waiting:
        db.session.commit()
        return 0
    clients = {row[4] for row in waiting}
    names = {(client_id, member_id): name for client_id, member_id, name in db.session.execute(
        holders_of_scope().where(Contact.client_id.in_(clients), Contact.member_id.in_({row[1] for row in waiting})))}
    # The scope taken back (or the member gone) since the flag, or a notice the worker was too
    # late for ("a call today" a day on): nobody is told, and the notice goes.
    dropped = [row[0] for row in waiting if (row[4], row[1]) not in names or now - as_utc(row[2]) > STALE]
    if dropped:
        db.session.execute(delete(WarningNotice).where(WarningNotice.id.in_(dropped), WarningNotice.told_at.is_(None)))
    to_tell = [row[0] for row in waiting if row[0] not in set(dropped)]
    # The claim: of two workers that both found a notice, only one sets told_at.
    claimed = set(db.session.scalars(
        update(WarningNotice).where(WarningNotice.id.in_(to_tell), WarningNotice.told_at.is_(None))
        .values(told_at=now).returning(WarningNotice.id)
        .execution_options(synchronize_session=False)).all()) if to_tell else set()
    people = {user.id: user for user in db.session.scalars(
        select(User).where(User.id.in_(clients | {row[1] for row in waiting})))}
    told = [row for row in waiting if row[0] in claimed]
    for row in told:
        client = people[row[4]]
        notify(row[1], "warning_sign", _member_text(client), f"/support/{client.id}", name=client.display_name)
    for (sign_id, client_id, sign_text), rows in groupby(sorted(told, key=lambda r: (r[3], r[0])),
                                                         key=lambda r: (r[3], r[4], r[5])):
        client = people[client_id]
        told_names = sorted((names[(client_id, r[1])] for r in rows), key=str.casefold)  # as her page lists them
        notify(client_id, "warning_told", _client_text(client, told_names, sign_text), CLIENTS_PAGE)
    db.session.commit()
    return len(told)


def each_pass(now: datetime | None = None) -> int:
    """The worker's step: look for new flags about once a minute, and tell whoever's moment has come."""
    global _last_look
    if time.monotonic() - _last_look >= LOOK_EVERY:
        notice_new_signs(now)
        _last_look = time.monotonic()
    return tell_waiting_members(now)
