"""The monthly care-team review: when it is (a day of the month and a time), who the client asks
to take part, and each review held: what was said about safety, goals, medication, practical
needs and roles in the network, who took part, and a note only the client sees."""
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy import orm
from sqlalchemy.orm import Mapped, mapped_column

from recoverynet.dbtypes import UTCDateTime
from recoverynet.extensions import db
from recoverynet.timeutil import utcnow

if TYPE_CHECKING:
    from recoverynet.auth.models import User

# Who may see a client's reviews and take part: the members holding the check-ins scope (the
# same people who meet weekly meet monthly).
SCOPE = "checkins"
NOTE_MAX = 1000
# The review's own words, in the page's order (the private note is apart: only the client sees it).
TOPICS = ("safety", "goals", "medication", "needs", "roles")


class ReviewPlan(db.Model):
    """The client's monthly review: a day of the month (1-28, so every month has it) and a time on
    the client's clock. The worker reminds the client and each participant once a month."""

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    day_of_month: Mapped[int]
    time: Mapped[str] = mapped_column(String(5))  # "HH:MM", the client's wall clock
    # The next reminder's moment (UTC); moved on by a compare-and-set in the transaction that
    # queues it, so two workers send each month's reminder once.
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    participants: Mapped[list["ReviewParticipant"]] = orm.relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ReviewParticipant.member_id")

    @property
    def member_ids(self) -> set[int]:
        return {participant.member_id for participant in self.participants}


class ReviewParticipant(db.Model):
    """A member the client asked to take part (they must also hold the check-ins scope)."""

    plan_id: Mapped[int] = mapped_column(ForeignKey("review_plan.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True)


class MonthlyReview(db.Model):
    """One review held, on one day of the client's calendar; written by the client."""

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    held_on: Mapped[date]
    safety: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[str] = mapped_column(Text, default="")
    medication: Mapped[str] = mapped_column(Text, default="")
    needs: Mapped[str] = mapped_column(Text, default="")
    roles: Mapped[str] = mapped_column(Text, default="")
    # Only the client sees it; members with the scope see the rest.
    private_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    attendees: Mapped[list["ReviewAttendee"]] = orm.relationship(cascade="all, delete-orphan", lazy="raise_on_sql")

    __table_args__ = (UniqueConstraint("client_id", "held_on", name="uq_monthly_review_client_day"),)


class ReviewAttendee(db.Model):
    """A member who took part in one review (the client always does). Goes with their account."""

    review_id: Mapped[int] = mapped_column(ForeignKey("monthly_review.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True)

    member: Mapped["User"] = orm.relationship(lazy="raise_on_sql")
