"""Looking back at a slip (network therapy's functional analysis): the client's own account of
what led to it, and the views of the members the client asked, kept beside it and never mixed in."""
from datetime import date, datetime

from flask_babel import lazy_gettext
from sqlalchemy import ForeignKey, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from recoverynet.dbtypes import UTCDateTime
from recoverynet.extensions import db
from recoverynet.timeutil import utcnow

# The guided steps in order, and the fields each one asks about. The client's account and each
# member's view have the same headings, so the same fields.
STEPS = {
    "before": ("situation", "place", "people", "day"),
    "inside": ("thoughts", "feelings", "cravings"),
    "chain": ("chain",),
    "after": ("after",),
    "change": ("break_chain",),
}
TEXT_FIELDS = tuple(name for fields in STEPS.values() for name in fields if name != "chain")
STEP_TITLES = {
    "before": lazy_gettext("Before"),
    "inside": lazy_gettext("Inside"),
    "chain": lazy_gettext("The chain of steps"),
    "after": lazy_gettext("Afterwards"),
    "change": lazy_gettext("Next time"),
}
# The client's questions; a member answers the same ones about what they saw.
QUESTIONS = {
    "situation": lazy_gettext("What was the situation?"),
    "place": lazy_gettext("Where were you?"),
    "people": lazy_gettext("Who was around?"),
    "day": lazy_gettext("What else happened that day?"),
    "thoughts": lazy_gettext("What were you thinking?"),
    "feelings": lazy_gettext("What were you feeling?"),
    "cravings": lazy_gettext("How strong was the urge, and when did it start?"),
    "chain": lazy_gettext("The steps, one after another"),
    "after": lazy_gettext("What happened after?"),
    "break_chain": lazy_gettext("What could break the chain next time?"),
}
MEMBER_QUESTIONS = {
    "situation": lazy_gettext("What was the situation, as you saw it?"),
    "place": lazy_gettext("Where was it?"),
    "people": lazy_gettext("Who was around?"),
    "day": lazy_gettext("What else happened that day?"),
    "thoughts": lazy_gettext("What do you think was going through their mind?"),
    "feelings": lazy_gettext("What do you think they were feeling?"),
    "cravings": lazy_gettext("Did you notice an urge building? When?"),
    "chain": lazy_gettext("The steps, one after another, as you saw them"),
    "after": lazy_gettext("What happened after?"),
    "break_chain": lazy_gettext("What could break the chain next time? What could you do?"),
}
TEXT_MAX, STEP_MAX, STEPS_MAX = 2000, 500, 30


class Account:
    """The same headings for the client's account and a member's view. The chain is one step a
    line (a step is one line: line breaks typed inside one become spaces)."""

    situation: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(Text, default="")
    people: Mapped[str] = mapped_column(Text, default="")
    day: Mapped[str] = mapped_column(Text, default="")
    thoughts: Mapped[str] = mapped_column(Text, default="")
    feelings: Mapped[str] = mapped_column(Text, default="")
    cravings: Mapped[str] = mapped_column(Text, default="")
    chain: Mapped[str] = mapped_column(Text, default="")
    after: Mapped[str] = mapped_column(Text, default="")
    break_chain: Mapped[str] = mapped_column(Text, default="")

    @property
    def steps(self) -> list[str]:
        return [step for step in (self.chain or "").split("\n") if step]

    def answered(self, fields) -> list[str]:
        """Which of `fields` have something written in them."""
        return [name for name in fields if (self.steps if name == "chain" else getattr(self, name))]

    @property
    def is_empty(self) -> bool:
        return not (self.chain or any(getattr(self, name) for name in TEXT_FIELDS))


class Analysis(Account, db.Model):
    """The client looking back at one day: a recorded slip, or any past day they choose."""

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # The slip it started from, if any; deleting the slip leaves the looking back.
    slip_id: Mapped[int | None] = mapped_column(ForeignKey("slip.id", ondelete="SET NULL"), index=True)
    looked_at: Mapped[date]
    # The client's choice: whether the members asked see each other's views (never by default).
    members_see_each_other: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Closed: nobody changes anything any more (the client can open it again).
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Perspective(Account, db.Model):
    """One member's own view of an analysis, asked for by the client. Created empty when asked;
    only that member writes in it. A deleted member's written view stays, from "a former member"."""

    id: Mapped[int] = mapped_column(primary_key=True)
    analysis_id: Mapped[int] = mapped_column(ForeignKey("analysis.id", ondelete="CASCADE"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    written_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Also the index that finds an analysis's views.
    __table_args__ = (UniqueConstraint("analysis_id", "member_id", name="uq_perspective_analysis_member"),)
