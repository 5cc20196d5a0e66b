"""Practical needs (recovery capital): housing, work, money and the rest, each with where it
stands, who on the client's map helps and the next step. The client owns them; members with the
"practical_needs" scope see them, and the helpers among them move theirs along."""
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext
from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from recoverynet.dbtypes import UTCDateTime, string_enum
from recoverynet.extensions import db
from recoverynet.timeutil import utcnow

if TYPE_CHECKING:
    from recoverynet.network.models import Contact

SCOPE = "practical_needs"

# The areas, in the order a page lists them (the stored value stays the English key).
AREAS = {"housing": lazy_gettext("Housing"), "work": lazy_gettext("Work or training"),
         "money": lazy_gettext("Money and benefits"), "transport": lazy_gettext("Transport"),
         "childcare": lazy_gettext("Childcare"), "legal": lazy_gettext("Legal matters"),
         "health": lazy_gettext("Physical health")}

TITLE_MAX, NEXT_STEP_MAX = 120, 300


class NeedStatus(StrEnum):
    """Where a need stands; calm words, none of them a judgement."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SORTED = "sorted"


STATUS_NAMES = {NeedStatus.NOT_STARTED: lazy_gettext("Not started yet"),
                NeedStatus.IN_PROGRESS: lazy_gettext("Being worked on"),
                NeedStatus.SORTED: lazy_gettext("Sorted")}


class Need(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    area: Mapped[str] = mapped_column(String(12))
    # A few words in the client's own terms ("Find a flat near work"); empty: the area says it.
    title: Mapped[str] = mapped_column(String(TITLE_MAX), default="")
    status: Mapped[NeedStatus] = mapped_column(string_enum(NeedStatus, 12), default=NeedStatus.NOT_STARTED)
    next_step: Mapped[str] = mapped_column(String(NEXT_STEP_MAX), default="")
    next_step_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The last change to it, and who made it: the client or a helping member (None: the account is gone).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)

    helpers: Mapped[list["NeedHelper"]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    # A client's needs, open ones first, are one range of this index.
    __table_args__ = (Index("ix_need_client_status", "client_id", "status"),)

    @property
    def area_name(self) -> str:
        return AREAS.get(self.area, self.area)

    @property
    def status_name(self) -> str:
        return STATUS_NAMES[self.status]

    @property
    def name(self) -> str:
        """What the need is called: its title, else its area ("Housing")."""
        return self.title or str(self.area_name)

    @property
    def helper_ids(self) -> set[int]:
        return {helper.contact_id for helper in self.helpers}


class NeedHelper(db.Model):
    """One card on the client's map helping with one need (a person without an account too)."""

    need_id: Mapped[int] = mapped_column(ForeignKey("need.id", ondelete="CASCADE"), primary_key=True)
    # Indexed: a member's helping is looked up by their card.
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True,
                                            index=True)

    contact: Mapped["Contact"] = relationship(lazy="joined")
