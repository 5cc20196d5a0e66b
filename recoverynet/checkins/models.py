"""The weekly network check-in: when it is, who takes part, each meeting's notes and the action
items that come out of it. Notes are separate rows, added one at a time, so two phones writing
during the same meeting never overwrite each other."""
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy import orm
from sqlalchemy.orm import Mapped, mapped_column

from recoverynet.dbtypes import UTCDateTime
from recoverynet.extensions import db
from recoverynet.timeutil import utcnow

if TYPE_CHECKING:
    from recoverynet.auth.models import User

SCOPE = "checkins"
MODES = {"in_person": lazy_gettext("In person"), "phone": lazy_gettext("By phone"),
         "video": lazy_gettext("Video call")}
# The standard 15-minute agenda, in its order, with each part's minutes (the gentle time guide).
SECTIONS = {
    "wellbeing": (lazy_gettext("Quick wellbeing check"), lazy_gettext("1–2 minutes")),
    "wins": (lazy_gettext("Wins since last time"), lazy_gettext("2 minutes")),
    "risks": (lazy_gettext("Risks and needs right now"), lazy_gettext("4 minutes")),
    "practical": (lazy_gettext("Practical tasks: appointments, transport, medication"), lazy_gettext("4 minutes")),
    "actions": (lazy_gettext("Action items: who does what"), lazy_gettext("2 minutes")),
}


class CheckinPlan(db.Model):
    """The client's recurring weekly check-in. Its reminder is an ordinary weekly reminder of the
    client's (reminders/), which the worker also sends to each participant."""

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    weekday: Mapped[int]  # 0 = Monday, in the client's time zone
    time: Mapped[str] = mapped_column(String(5))  # "HH:MM", the client's wall clock
    mode: Mapped[str] = mapped_column(String(10), default="in_person")
    # Where: a place, a phone number or a video link, as the client wrote it.
    place: Mapped[str] = mapped_column(String(300), default="")
    reminder_id: Mapped[int | None] = mapped_column(ForeignKey("reminder.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    participants: Mapped[list["CheckinParticipant"]] = orm.relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="CheckinParticipant.member_id")

    @property
    def member_ids(self) -> set[int]:
        return {participant.member_id for participant in self.participants}


class CheckinParticipant(db.Model):
    """A member the client chose to take part (they must also hold the check-ins scope)."""

    plan_id: Mapped[int] = mapped_column(ForeignKey("checkin_plan.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True)


class Checkin(db.Model):
    """One meeting, on one day of the client's calendar; made by the first note or item added."""

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    held_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("client_id", "held_on", name="uq_checkin_client_day"),)


class CheckinNote(db.Model):
    """A short note in one section of one check-in, by one person; private ones only the client sees."""

    id: Mapped[int] = mapped_column(primary_key=True)
    checkin_id: Mapped[int] = mapped_column(ForeignKey("checkin.id", ondelete="CASCADE"), index=True)
    section: Mapped[str] = mapped_column(String(12))
    # None once the author's account is deleted: the note stays, "from a former member".
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    text: Mapped[str] = mapped_column(Text)
    private: Mapped[bool] = mapped_column(default=False)
    # Raised by every edit: an edit made from an older copy of the note is refused, not applied.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped["User | None"] = orm.relationship(foreign_keys=[author_id], lazy="raise_on_sql")


class ActionItem(db.Model):
    """Something one person said they would do, by a day; ticked done (or not) by anyone taking part."""

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    checkin_id: Mapped[int] = mapped_column(ForeignKey("checkin.id", ondelete="CASCADE"), index=True)
    what: Mapped[str] = mapped_column(String(200))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    due_on: Mapped[date | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last tick or untick: who and when.
    ticked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    ticked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The day-before push, sent once (a compare-and-set on this column claims it).
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    owner: Mapped["User | None"] = orm.relationship(foreign_keys=[owner_id], lazy="raise_on_sql")
    ticked_by: Mapped["User | None"] = orm.relationship(foreign_keys=[ticked_by_id], lazy="raise_on_sql")

    __table_args__ = (Index("ix_action_item_client_open", "client_id", "done_at"),
                      Index("ix_action_item_due_open", "due_on", "reminded_at"))
