"""Early warning, by consent only: when a flag appears for a client (recoverynet/flags/), each
member the client gave the "warning_signs" scope gets one discreet prompt to check in, never the
flag's details; the client can see who was told and why.

A WarningSign row claims one kind of flag for one client on one of the client's local days (a
unique row: two workers, or two passes, tell people once). A WarningNotice is one member to tell
about it: it waits for that member's quiet hours, and whether they still hold the scope is asked
again when it is sent."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from recoverynet.dbtypes import UTCDateTime
from recoverynet.extensions import db
from recoverynet.timeutil import utcnow

SCOPE = "warning_signs"
KEPT_DAYS = 365  # the client's list of who was told reaches back a year (recoverynet/retention.py)


class WarningSign(db.Model):
    """One flag of a client that people were (or will be) told about, on the client's local day."""

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    day: Mapped[date]  # the client's local day it was noticed: one of each kind a day
    # When the evidence happened: a flag that lasts several days (the same evidence) is told once.
    since: Mapped[datetime] = mapped_column(UTCDateTime)
    # The flag's own words in the client's language, as they were: only the client ever reads them.
    text: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("client_id", "kind", "day", name="uq_warning_sign_client_kind_day"),)


class WarningNotice(db.Model):
    """One member to prompt about one sign: sent at `send_at` (after their quiet hours), once."""

    id: Mapped[int] = mapped_column(primary_key=True)
    sign_id: Mapped[int] = mapped_column(ForeignKey("warning_sign.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    send_at: Mapped[datetime] = mapped_column(UTCDateTime)
    told_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (UniqueConstraint("sign_id", "member_id", name="uq_warning_notice_sign_member"),
                      # The worker's look for notices waiting to go.
                      Index("ix_warning_notice_waiting", "told_at", "send_at"))
