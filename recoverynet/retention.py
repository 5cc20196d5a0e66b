"""What is kept, and for how long: the reminder worker deletes rows nobody needs any more.

Each rule names a table and the rows of it that are old enough to go (README, "What is kept, and
for how long"). A row exactly at its limit goes; one a second younger stays.

- push deliveries (a row each push, with its attempts and last error): DELIVERIES_KEPT_DAYS (30)
  after they were queued;
- invites: INVITES_KEPT_DAYS (30) after they expired, were used or were withdrawn (until then the
  join page can say which);
- sign-in sessions nobody can use any more: expired, or idle for SESSION_IDLE_DAYS; a session
  ended from another device stays until its cookie can no longer be sent (a SESSION_DAYS lifetime
  past its end), so that device is still told to forget what it keeps offline (auth/sessions.py);
  a deleted account's session hashes, for the same reason, a SESSION_DAYS lifetime after;
- sign-in attempts and email requests, the rate limits' counts: once older than their windows
  (LOGIN_LIMIT_MINUTES, EMAIL_LIMIT_MINUTES), when they no longer count;
- who saw what (ViewRecord): VIEW_RECORDS_KEPT_DAYS (365);
- early-warning signs and who was told of each (recoverynet/warning/): warning.models.KEPT_DAYS
  (365) after the sign, the client's list reaching back a year as who saw what does.

Deleting goes in bulk, a chunk of rows per short transaction, so the app's own writes never wait
long behind it (SQLite has one writer). Two workers may prune at once: a row the other worker
deleted first is simply not found again. With nothing to delete, a pass reads each table once:
about 0.1 s for 200,000 deliveries and 500,000 views on SQLite (about 2 s to delete 86,400 of
them, in 87 short writes).
"""
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, and_, delete, or_, select
from sqlalchemy.exc import OperationalError

from recoverynet.auth.models import AuthSession, DeletedAccountSession, EmailRequest, LoginAttempt
from recoverynet.extensions import db
from recoverynet.network.models import Invite, ViewRecord
from recoverynet.push.models import Delivery
from recoverynet.timeutil import utcnow
from recoverynet.warning.models import KEPT_DAYS as WARNINGS_KEPT_DAYS, WarningNotice, WarningSign

log = logging.getLogger(__name__)

PRUNE_EVERY = timedelta(hours=1)  # how often one worker prunes: the rules count in days and minutes
CHUNK = 1000  # rows deleted per transaction


def _days(name: str) -> timedelta:
    return timedelta(days=current_app.config[name])


def _minutes(name: str) -> timedelta:
    return timedelta(minutes=current_app.config[name])


def _old_deliveries(now: datetime) -> ColumnElement[bool]:
    return Delivery.created_at <= now - _days("DELIVERIES_KEPT_DAYS")


def _old_invites(now: datetime) -> ColumnElement[bool]:
    since = now - _days("INVITES_KEPT_DAYS")
    return or_(Invite.expires_at <= since, Invite.used_at <= since, Invite.withdrawn_at <= since)


def _unusable_sessions(now: datetime) -> ColumnElement[bool]:
    # The same sessions start_session drops as it goes (auth/sessions.py), from the same settings.
    idle_since = now - timedelta(days=current_app.config["SESSION_IDLE_DAYS"])
    lifetime = current_app.permanent_session_lifetime
    return or_(and_(AuthSession.revoked_at.is_(None),
                    or_(AuthSession.expires_at <= now, AuthSession.last_seen_at <= idle_since)),
               AuthSession.expires_at <= now - lifetime)


def _old_deleted_account_sessions(now: datetime) -> ColumnElement[bool]:
    # A deleted account's session hash tells its device to forget, while its cookie may be sent.
    return DeletedAccountSession.deleted_at <= now - current_app.permanent_session_lifetime


def _old_sign_in_attempts(now: datetime) -> ColumnElement[bool]:
    return LoginAttempt.at <= now - _minutes("LOGIN_LIMIT_MINUTES")


def _old_email_requests(now: datetime) -> ColumnElement[bool]:
    return EmailRequest.at <= now - _minutes("EMAIL_LIMIT_MINUTES")


def _old_view_records(now: datetime) -> ColumnElement[bool]:
    return ViewRecord.viewed_at <= now - _days("VIEW_RECORDS_KEPT_DAYS")


def _old_warning_signs(now: datetime) -> ColumnElement[bool]:
    return WarningSign.created_at <= now - timedelta(days=WARNINGS_KEPT_DAYS)


def _notices_of_old_warning_signs(now: datetime) -> ColumnElement[bool]:
    return WarningNotice.sign_id.in_(select(WarningSign.id).where(_old_warning_signs(now)))


# (what, model, the rows of it old enough to go at `now`)
RULES: tuple[tuple[str, type, Callable[[datetime], ColumnElement[bool]]], ...] = (
    ("push deliveries", Delivery, _old_deliveries),
    ("invites", Invite, _old_invites),
    ("sessions", AuthSession, _unusable_sessions),
    ("deleted accounts' sessions", DeletedAccountSession, _old_deleted_account_sessions),
    ("sign-in attempts", LoginAttempt, _old_sign_in_attempts),
    ("email requests", EmailRequest, _old_email_requests),
    ("who saw what", ViewRecord, _old_view_records),
    ("early-warning notices", WarningNotice, _notices_of_old_warning_signs),  # before their signs
    ("early-warning signs", WarningSign, _old_warning_signs),
)


def _delete_in_chunks(model, condition: ColumnElement[bool]) -> int:
    key = model.__mapper__.primary_key[0]  # id, or a deleted session's token hash
    deleted = 0
    while True:
        # Found by a read, which never holds up the app's writes (SQLite in WAL mode) however long
        # its scan, then deleted by id in a short write of their own. The condition again: a row
        # is never deleted for what it was a moment ago.
        ids = db.session.scalars(select(key).where(condition).limit(CHUNK)).all()
        db.session.commit()
        if not ids:
            return deleted
        deleted += db.session.execute(delete(model).where(key.in_(ids), condition),
                                      execution_options={"synchronize_session": False}).rowcount
        db.session.commit()
        if len(ids) < CHUNK:
            return deleted


def prune_old_rows(now: datetime | None = None) -> dict[str, int]:
    """Delete what every rule says is old enough; how many rows went, by rule."""
    now = now or utcnow()
    return {what: _delete_in_chunks(model, rule(now)) for what, model, rule in RULES}


class Pruning:
    """For the worker's loop: prunes on the first pass, then at most once per PRUNE_EVERY."""

    def __init__(self) -> None:
        self.last: datetime | None = None

    def if_due(self) -> dict[str, int] | None:
        now = utcnow()
        if self.last is not None and now - self.last < PRUNE_EVERY:
            return None
        self.last = now
        try:
            counts = prune_old_rows(now)
        except OperationalError as error:
            # Another process held the database longer than the busy timeout: next hour, then.
            db.session.rollback()
            log.warning("Pruning old rows waited too long and stopped: %s", error.orig)
            return None
        if any(counts.values()):
            log.info("Pruned old rows: %s", ", ".join(f"{count} {what}" for what, count in counts.items() if count))
        return counts
