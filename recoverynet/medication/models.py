"""A client's answer to one dose of a medication reminder: "Taken" or "Not today"."""
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from recoverynet.dbtypes import UTCDateTime
from recoverynet.extensions import db
from recoverynet.timeutil import utcnow


class Answer(StrEnum):
    TAKEN = "taken"
    NOT_TODAY = "not_today"


class MedicationAnswer(db.Model):
    """One answer per dose: a dose is a reminder's wall-clock time on one of the client's local
    days, so tapping twice, or on two phones, finds the same row (and a later answer that day
    replaces it). The answers of a deleted reminder go with it."""
    __tablename__ = "medication_answer"
    __table_args__ = (UniqueConstraint("reminder_id", "day", "slot", name="uq_medication_answer_dose"),
                      # Adherence and the history read one person's answers over a window of days.
                      Index("ix_medication_answer_user_day", "user_id", "day"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    reminder_id: Mapped[int] = mapped_column(ForeignKey("reminder.id", ondelete="CASCADE"))
    day: Mapped[date]  # the client's local day of the dose
    slot: Mapped[str] = mapped_column(String(5))  # the dose's wall-clock time, "HH:MM"
    answer: Mapped[str] = mapped_column(String(10))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
