"""Mutual-help meetings the client attended."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from recoverynet.dbtypes import UTCDateTime
from recoverynet.extensions import db
from recoverynet.timeutil import utcnow

MEETING_KINDS = {"aa": "AA", "na": "NA", "smart": "SMART Recovery", "refuge": "Refuge Recovery", "other": "Other"}


class Meeting(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    attended_on: Mapped[date]
    kind: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # Meetings in the last weeks, or since a pledge, are a range of this index.
    __table_args__ = (Index("ix_meeting_client_attended", "client_id", "attended_on"),)
