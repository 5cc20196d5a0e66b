"""Reminders at the person's own local time: check-ins, medication, meetings, appointments."""
from datetime import date, datetime

from flask_babel import lazy_gettext
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from recoverynet.dbtypes import UTCDateTime
from recoverynet.extensions import db
from recoverynet.timeutil import utcnow

KINDS = {
    "checkin": lazy_gettext("Daily check-in"),
    "medication": lazy_gettext("Medication"),
    "meeting": lazy_gettext("Meeting"),
    "appointment": lazy_gettext("Appointment"),
    "weekly": lazy_gettext("Weekly network check-in"),
}
WEEKDAYS = (lazy_gettext("Monday"), lazy_gettext("Tuesday"), lazy_gettext("Wednesday"), lazy_gettext("Thursday"),
            lazy_gettext("Friday"), lazy_gettext("Saturday"), lazy_gettext("Sunday"))


class Reminder(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(120), default="")
    # Local wall-clock times, "HH:MM" separated by commas (medication may have several).
    times: Mapped[str] = mapped_column(String(100))
    weekday: Mapped[int | None]  # 0 = Monday, for meetings and the weekly check-in
    on_date: Mapped[date | None]  # for a one-off appointment
    lead_minutes: Mapped[int] = mapped_column(default=0)  # remind this long before
    place: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    paused: Mapped[bool] = mapped_column(default=False)
    # The next moment to send, in UTC; None when there is nothing more to send.
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def time_list(self) -> list[str]:
        return [t for t in self.times.split(",") if t]
