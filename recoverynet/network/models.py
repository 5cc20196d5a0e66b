"""The client's network map: contacts, invites, what each member may see, and who saw what."""
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy import orm
from sqlalchemy.orm import Mapped, mapped_column

from recoverynet.dbtypes import UTCDateTime
from recoverynet.extensions import db
from recoverynet.timeutil import utcnow

if TYPE_CHECKING:
    from recoverynet.auth.models import User

RELATIONSHIPS = ("partner", "parent", "sibling", "child", "friend", "peer coach", "sponsor",
                 "clinician", "group", "other")
# The names shown for them (the stored value stays the English key).
RELATIONSHIP_NAMES = {
    "partner": lazy_gettext("Partner"), "parent": lazy_gettext("Parent"), "sibling": lazy_gettext("Sibling"),
    "child": lazy_gettext("Child"), "friend": lazy_gettext("Friend"), "peer coach": lazy_gettext("Peer coach"),
    "sponsor": lazy_gettext("Sponsor"), "clinician": lazy_gettext("Clinician"), "group": lazy_gettext("Group"),
    "other": lazy_gettext("Other"),
}
CIRCLES = {"inner": lazy_gettext("Inner circle (most trusted)"), "middle": lazy_gettext("Middle circle (supportive)"),
           "outer": lazy_gettext("Outer circle (services and groups)")}
LABELS = {"helpful": lazy_gettext("Helpful"), "mixed": lazy_gettext("Mixed"), "risky": lazy_gettext("Risky"),
          "unknown": lazy_gettext("Not sure yet")}
CONTACT_METHODS = {"call": lazy_gettext("Phone call"), "text": lazy_gettext("Text message"),
                   "app": lazy_gettext("This app"), "email": lazy_gettext("Email"),
                   "in_person": lazy_gettext("In person")}
# What a member may be allowed to see; a new member sees none of it.
SCOPES = {
    "sober_days": lazy_gettext("Sober days and milestones"),
    "mood_summary": lazy_gettext("Mood and craving summary"),
    "trigger_details": lazy_gettext("Trigger log details"),
    "checkins": lazy_gettext("Check-ins and meetings"),
    "crisis_alerts": lazy_gettext("Crisis alerts"),
    "prevention_plan": lazy_gettext("Relapse-prevention plan"),
    # Members see every need; only those who help with one may change it (recoverynet/needs/).
    "practical_needs": lazy_gettext("Practical needs (housing, work, money and more)"),
    # Even with it, a member sees only the slips the client asks them to look back at.
    "relapse_analysis": lazy_gettext("Looking back at a slip, when you ask them"),
    # Doses taken out of doses due, over 7 and 30 days; never which medicine (recoverynet/medication/).
    "medication": lazy_gettext("Medication: doses taken, last 7 and 30 days"),
    # The month-by-month measures and the caseload's flags (recoverynet/measures/, caseload/).
    "measures": lazy_gettext("Progress measures, month by month"),
    # A discreet prompt to get in touch when an early-warning flag appears (recoverynet/flags/).
    "warning_signs": lazy_gettext("Early warning: a prompt to check in when things look hard"),
}


class Contact(db.Model):
    """A person or group on the client's map. Label, ratings and notes are the client's alone."""

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    relationship: Mapped[str] = mapped_column(String(20), default="other")
    circle: Mapped[str] = mapped_column(String(10), default="middle")
    phone: Mapped[str] = mapped_column(String(32), default="")
    preferred_contact: Mapped[str] = mapped_column(String(12), default="")
    available_daytime: Mapped[bool] = mapped_column(default=False)
    available_out_of_hours: Mapped[bool] = mapped_column(default=False)
    boundaries: Mapped[str] = mapped_column(Text, default="")
    # Private to the client: never shown to the contact or anyone else.
    label: Mapped[str] = mapped_column(String(10), default="unknown")
    reliability: Mapped[int | None]
    helpfulness: Mapped[int | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    # Set when the person accepted an invite and became a member with an account.
    member_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    grants: Mapped[list["Grant"]] = orm.relationship(cascade="all, delete-orphan", lazy="selectin")
    # Never loaded by surprise (one query per card): a page that shows the client loads them together.
    client: Mapped["User"] = orm.relationship(foreign_keys=[client_id], lazy="raise_on_sql")
    # What this member pledged or gave the client, newest first: their page lists it by the card.
    rewards_given: Mapped[list["Reward"]] = orm.relationship(
        primaryjoin="and_(foreign(Reward.client_id) == Contact.client_id, "
                    "foreign(Reward.giver_id) == Contact.member_id)",
        order_by="Reward.pledged_at.desc()", viewonly=True)

    __table_args__ = (
        CheckConstraint("reliability IS NULL OR reliability BETWEEN 1 AND 5", name="reliability_range"),
        CheckConstraint("helpfulness IS NULL OR helpfulness BETWEEN 1 AND 5", name="helpfulness_range"),
    )

    @property
    def scopes(self) -> set[str]:
        return {grant.scope for grant in self.grants}

    @property
    def relationship_name(self) -> str:
        """Who they are to the client, in the reader's language ("Peer coach")."""
        return RELATIONSHIP_NAMES.get(self.relationship, self.relationship)


class Grant(db.Model):
    """One thing one member may see."""

    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True)
    scope: Mapped[str] = mapped_column(String(20), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Invite(db.Model):
    """A single-use link to join; only the token's hash is stored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    contact: Mapped[Contact] = orm.relationship(lazy="joined")


class ViewRecord(db.Model):
    """Each time a member opened a view of the client's data, and what it showed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    # Indexed: deleting a member's account deletes their views in every client's audit.
    member_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    scope: Mapped[str] = mapped_column(String(20))
    shown: Mapped[str] = mapped_column(String(200))
    viewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # Never loaded by surprise (one query per row): the audit page loads it with the records.
    member: Mapped["User"] = orm.relationship(foreign_keys=[member_id], lazy="raise_on_sql")

    __table_args__ = (Index("ix_view_record_client_viewed", "client_id", "viewed_at"),)
