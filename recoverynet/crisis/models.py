"""The client's crisis plan: who to call, what helps, the naloxone plan; and alerts sent."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from recoverynet.dbtypes import UTCDateTime
from recoverynet.extensions import db
from recoverynet.timeutil import utcnow

# For a plan made outside a request; the plan form suggests it in the client's language (forms.py).
DEFAULT_SMS = "It's a hard moment. Can you call me?"


class CrisisPlan(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    warning_signs: Mapped[str] = mapped_column(Text, default="")
    coping_alone: Mapped[str] = mapped_column(Text, default="")
    distractions: Mapped[str] = mapped_column(Text, default="")
    reasons: Mapped[str] = mapped_column(Text, default="")
    sms_message: Mapped[str] = mapped_column(String(300), default=DEFAULT_SMS)
    uses_opioids: Mapped[bool] = mapped_column(default=False)
    naloxone_who: Mapped[str] = mapped_column(Text, default="")
    naloxone_where: Mapped[str] = mapped_column(Text, default="")
    naloxone_trained: Mapped[str] = mapped_column(String(10), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # "Signed": the client read the plan through and confirmed it still holds.
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    callees: Mapped[list["Callee"]] = relationship(cascade="all, delete-orphan", order_by="Callee.position",
                                                   lazy="selectin")

    @property
    def people(self) -> list["Callee"]:
        return [c for c in self.callees if not c.professional]

    @property
    def professionals(self) -> list["Callee"]:
        return [c for c in self.callees if c.professional]


class Callee(db.Model):
    """Someone to call in a crisis, in the client's order."""

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("crisis_plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    professional: Mapped[bool] = mapped_column(default=False)
    name: Mapped[str] = mapped_column(String(80))
    daytime_phone: Mapped[str] = mapped_column(String(32), default="")
    out_of_hours_phone: Mapped[str] = mapped_column(String(32), default="")
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))


class CrisisAlert(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # Made on the device, so an alert queued offline and sent twice is recorded once.
    device_id: Mapped[str] = mapped_column(String(36))
    notified: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("user_id", "device_id", name="uq_crisis_alert_user_device"),)
