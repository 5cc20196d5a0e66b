"""The client's log summed by local month, for the insights page's year (insights/months.py)."""
from datetime import date

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from recoverynet.extensions import db


class InsightMonth(db.Model):
    """One local month of a client's entries as the year's charts need them, in compact JSON
    (months.py says what it holds). Made from the entries whenever they change, never by a page;
    a month without entries has no row."""

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[date] = mapped_column(primary_key=True)  # its first day, in the client's time zone
    numbers: Mapped[str] = mapped_column(Text)
