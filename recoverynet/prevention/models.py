"""The client's relapse-prevention plan: what sets them off, the signs, what they do instead and
who helps, and the times to watch. Distinct from the crisis plan (crisis/), which is for the
moment itself; this one is for the weeks around it, and is reviewed regularly."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from recoverynet.dbtypes import UTCDateTime
from recoverynet.extensions import db
from recoverynet.timeutil import utcnow


class PreventionPlan(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    # One line each, in the client's own words.
    triggers: Mapped[str] = mapped_column(Text, default="")
    warning_signs: Mapped[str] = mapped_column(Text, default="")
    high_risk_times: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # A deliberate "I've looked at it" by the client, never set by saving.
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    actions: Mapped[list["PreventionAction"]] = relationship(
        cascade="all, delete-orphan", order_by="PreventionAction.position", lazy="selectin")


class PreventionAction(db.Model):
    """Something the client does instead, and who helps with it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("prevention_plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    action: Mapped[str] = mapped_column(String(300))
    # The name as the client wrote it on the plan: all a member is ever shown of who helps.
    helper_name: Mapped[str] = mapped_column(String(80), default="")
    # The map card it was picked from, for the client's form only (its label and notes stay private).
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
