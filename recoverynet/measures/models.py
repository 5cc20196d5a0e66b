"""What the client answered and confirmed for their measures. Each answer to a questionnaire item
is its own row, so a skipped question is simply absent and totals are summed in the database."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, String
from sqlalchemy import orm
from sqlalchemy.orm import Mapped, mapped_column

from recoverynet.dbtypes import UTCDateTime
from recoverynet.extensions import db
from recoverynet.timeutil import utcnow


class Questionnaire(db.Model):
    """One time the client answered one instrument (instruments.json names them: "barc10",
    "mspss"), on one of their local days."""

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    instrument: Mapped[str] = mapped_column(String(12))
    taken_on: Mapped[date]  # the client's local day
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The instrument's score as its data file defines it (BARC-10: the total, 10–60; MSPSS: the
    # mean, 1–7), or None when too many items were skipped to score it.
    score: Mapped[float | None] = mapped_column(Float)
    answered: Mapped[int] = mapped_column(default=0)  # how many items were answered

    answers: Mapped[list["QuestionnaireAnswer"]] = orm.relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="QuestionnaireAnswer.item")

    # Latest of each instrument per client: the due date, the trend, the caseload's "down 5" flag.
    __table_args__ = (Index("ix_questionnaire_client_instrument_day", "client_id", "instrument", "taken_on"),)


class QuestionnaireAnswer(db.Model):
    """One item answered; a skipped item has no row."""

    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaire.id", ondelete="CASCADE"),
                                                  primary_key=True)
    item: Mapped[str] = mapped_column(String(12), primary_key=True)  # the item's key in instruments.json
    value: Mapped[int]

    __table_args__ = (CheckConstraint("value BETWEEN 1 AND 7", name="answer_value_range"),)


class UseDay(db.Model):
    """A day of the client's calendar on which they say they used (the Timeline Followback)."""

    client_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CalendarMonth(db.Model):
    """A month the client went through on the calendar and confirmed: its use days are then the
    UseDay rows in it, and days abstinent in it count as confirmed."""

    client_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[date] = mapped_column(primary_key=True)  # the first day of the month
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
