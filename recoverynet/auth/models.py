"""People who sign in, their sessions, known devices, and sign-in attempts (for slowing guessing down)."""
from datetime import date, datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from recoverynet.dbtypes import UTCDateTime, string_enum
from recoverynet.extensions import db
from recoverynet.timeutil import utcnow


class StarterPlan(StrEnum):
    """Whether Home shows the 30-day starter plan (recoverynet/starter/)."""

    AUTOMATIC = "automatic"  # in the first 30 days of the account, then no more
    SHOWN = "shown"  # the person asked for it: shown whatever the account's age
    HIDDEN = "hidden"  # the person hid it


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(80))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    country: Mapped[str] = mapped_column(String(2), default="")
    sober_since: Mapped[date | None]
    # False for someone who joined only to support others; they can start their own space later.
    is_client: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Notifications: discreet lock-screen text unless the person opts in; quiet hours hold them.
    detailed_notifications: Mapped[bool] = mapped_column(default=False, server_default=false())
    quiet_start: Mapped[str] = mapped_column(String(5), default="", server_default="")
    quiet_end: Mapped[str] = mapped_column(String(5), default="", server_default="")
    # "en", "es" (see i18n.py); None until the person chooses: their browser's language decides.
    language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the owner opened the emailed sign-up link (or a reset link); None until then, and
    # an unconfirmed account can't sign in (see accounts.py). Accounts older than this column
    # count as confirmed (the migration says so), as do the demo's.
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    starter_plan: Mapped[StarterPlan] = mapped_column(string_enum(StarterPlan, 10), default=StarterPlan.AUTOMATIC,
                                                      server_default=StarterPlan.AUTOMATIC.value)
    # The sober social activity the client planned, in their own words: the app can't see one
    # happen, so the starter plan and the network's checklist tick from this (starter/).
    sober_activity: Mapped[str] = mapped_column(String(120), default="", server_default="")
    # The time zone this client's log is summed month by month in (insights/months.py); None
    # until it is. The insights page's year reads those sums only while this is their zone.
    insights_zone: Mapped[str | None] = mapped_column(String(64))


class AuthSession(db.Model):
    """A signed-in browser. The cookie holds a random token; only its hash is stored,
    so logging out (deleting the row) makes a copied cookie worthless."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Written at most every few minutes (see sessions.TOUCH_EVERY); decides the idle limit.
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # "Chrome on Android": enough for the person to recognise the device in Settings.
    device: Mapped[str] = mapped_column(String(80), default="", server_default="")
    # Ended from another device. The row is kept a while so the phone that held it can be
    # told, at its next request, to drop what it keeps offline (see sessions.py).
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DeletedAccountSession(db.Model):
    """A session of an account that was deleted: only its token's hash, which names nobody. Kept
    while its cookie may still be sent, so that device is told, at its next visit, to drop what it
    keeps offline (the crisis page, the outbox) and is sent to sign in (sessions.py)."""

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    deleted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class KnownDevice(db.Model):
    """A browser that has signed in to this account before (the rn_device cookie holds a random
    token; only its hash is stored). A correct password from it is never slowed down."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # Wrong passwords typed on it since its last sign-in: a stolen phone can't guess forever.
    failures: Mapped[int] = mapped_column(default=0, server_default="0")
    last_used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("token_hash", "user_id"),)


class _CountedByEmailAndAddress:
    """A row each time someone tried or asked for something, counted by email and by network
    address over a recent while for the limits (auth/throttle.py, auth/emails.py): an index for
    each count. A class names its address column in ADDRESS."""
    ADDRESS = "address"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Index, Index]:
        return (Index(f"ix_{cls.__tablename__}_email_at", "email", "at"),
                Index(f"ix_{cls.__tablename__}_address_at", cls.ADDRESS, "at"))


class LoginAttempt(_CountedByEmailAndAddress, db.Model):
    address: Mapped[str] = mapped_column(String(64))
    succeeded: Mapped[bool] = mapped_column(default=False)


class EmailRequest(_CountedByEmailAndAddress, db.Model):
    """Each time someone who need not be signed in asked us to email an address (a reset link,
    a sign-up, "send it again"), whether or not it has an account. Written on every such request,
    so the work done (a database write) never depends on the account existing, and counted for
    the email limits (see auth/emails.py)."""
    ADDRESS = "client_address"

    client_address: Mapped[str] = mapped_column(String(64))
    # Within the limits when asked; only these count towards them.
    granted: Mapped[bool] = mapped_column(default=True)
