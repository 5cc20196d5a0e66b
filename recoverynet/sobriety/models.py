"""Slips, recorded without judgement; the client decides what happens to the count."""
from datetime import date, datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from recoverynet.dbtypes import UTCDateTime
from recoverynet.extensions import db
from recoverynet.timeutil import utcnow


class Slip(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    happened_on: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")
    # What the count was before, so choosing a new date never erases history.
    previous_sober_since: Mapped[date | None]
    new_sober_since: Mapped[date | None]
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
