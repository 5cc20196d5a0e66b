"""Mutual-help meetings the client attended."""
from datetime import date, datetime

from flask_babel import lazy_gettext
from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from recoverynet.dbtypes import UTCDateTime
from recoverynet.extensions import db
from recoverynet.timeutil import utcnow

# The groups' own names are marked too, so a language may use the name the group goes by there.
MEETING_KINDS = {"aa": lazy_gettext("AA"), "na": lazy_gettext("NA"), "smart": lazy_gettext("SMART Recovery"),
                 "refuge": lazy_gettext("Refuge Recovery"), "other": lazy_gettext("Other")}


class Meeting(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    attended_on: Mapped[date]
    kind: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # Meetings in the last weeks, or since a pledge, are a range of this index.
    __table_args__ = (Index("ix_meeting_client_attended", "client_id", "attended_on"),)
