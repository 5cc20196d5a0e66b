"""Encouragement and rewards from members to the client."""
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import LazyString, lazy_gettext, lazy_ngettext
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from recoverynet.dbtypes import UTCDateTime, string_enum
from recoverynet.extensions import db
from recoverynet.timeutil import utcnow

if TYPE_CHECKING:
    from recoverynet.auth.models import User

REWARD_KINDS = {"meal": lazy_gettext("A meal"), "outing": lazy_gettext("An outing"), "gift": lazy_gettext("A gift"),
                "time_together": lazy_gettext("Time together"), "other": lazy_gettext("Something else")}
# Each milestone, as the pledge form offers it.
MILESTONE_KINDS = {"sober_days": lazy_gettext("At a number of sober days"),
                   "checkins": lazy_gettext("At a number of check-ins"),
                   "meetings": lazy_gettext("At a number of meetings")}
# The ready phrases a member sends with one tap: {what the button sends: the phrase}. The button
# sends the English, and the client receives the phrase in the client's own language.
READY_PHRASES = {"Thinking of you today.": lazy_gettext("Thinking of you today."),
                 "I'm proud of you.": lazy_gettext("I'm proud of you."),
                 "One day at a time.": lazy_gettext("One day at a time."),
                 "I'm here if you need me.": lazy_gettext("I'm here if you need me."),
                 "You've got this.": lazy_gettext("You've got this.")}


class RewardStatus(StrEnum):
    """Where a reward stands (see Reward); stored as the plain string."""

    OFFERED = "offered"
    PLEDGED = "pledged"
    UNLOCKED = "unlocked"
    REDEEMED = "redeemed"
    WITHDRAWN = "withdrawn"
    DECLINED = "declined"


class Encouragement(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # Indexed: deleting a member's account marks what they sent as from a former member.
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    text: Mapped[str] = mapped_column(String(280))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the client said thank you for it (from Home); the sender was told then.
    thanked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Never loaded by surprise (one query per message): a page that shows the sender loads it.
    sender: Mapped["User | None"] = relationship(foreign_keys=[sender_id], lazy="raise_on_sql")

    # The newest messages without sorting every message ever sent.
    __table_args__ = (Index("ix_encouragement_client_sent", "client_id", "sent_at"),)


class Reward(db.Model):
    """Pledged (tied to a milestone) or given now. States: pledged -> unlocked -> redeemed;
    a pledge may be withdrawn by its giver before it unlocks. A member without the scope that
    covers the milestone can only offer one: offered -> pledged (accepted) or declined."""

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    giver_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20), default="other")
    note: Mapped[str] = mapped_column(Text, default="")
    milestone_kind: Mapped[str | None] = mapped_column(String(20))
    milestone_target: Mapped[int | None]
    status: Mapped[RewardStatus] = mapped_column(string_enum(RewardStatus, 12), default=RewardStatus.PLEDGED,
                                                 index=True)
    # Set when the client accepted an offer; the giver learns that, and nothing more by itself.
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the client chose to tell a giver who can't follow the milestone that it was earned.
    giver_told_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the client's count restarted after a slip: the giver decides, nothing is silent.
    giver_should_review: Mapped[bool] = mapped_column(default=False)
    pledged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    unlocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    redeemed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    thanks: Mapped[str] = mapped_column(String(280), default="")
    thanked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Never loaded by surprise (one query per row): a page that shows them loads them with the reward.
    client: Mapped["User"] = relationship(foreign_keys=[client_id], lazy="raise_on_sql")
    giver: Mapped["User | None"] = relationship(foreign_keys=[giver_id], lazy="raise_on_sql")

    @property
    def milestone_text(self) -> LazyString:
        """"At 30 sober days", "Given now": read in the language of whoever it is shown to."""
        target = self.milestone_target
        return {None: lazy_gettext("Given now"),
                "sober_days": lazy_ngettext("At %(num)d sober day", "At %(num)d sober days", target),
                "checkins": lazy_ngettext("At %(num)d check-in", "At %(num)d check-ins", target),
                "meetings": lazy_ngettext("At %(num)d meeting", "At %(num)d meetings", target)}[self.milestone_kind]

    @property
    def milestone_phrase(self) -> LazyString:
        """The milestone inside a sentence: "at 30 sober days"."""
        target = self.milestone_target
        return {"sober_days": lazy_ngettext("at %(num)d sober day", "at %(num)d sober days", target),
                "checkins": lazy_ngettext("at %(num)d check-in", "at %(num)d check-ins", target),
                "meetings": lazy_ngettext("at %(num)d meeting", "at %(num)d meetings", target)}[self.milestone_kind]
