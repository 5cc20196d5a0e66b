"""The client's mood and trigger log."""
from datetime import datetime

from flask_babel import lazy_gettext
from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from recoverynet.dbtypes import UTCDateTime
from recoverynet.extensions import db
from recoverynet.timeutil import epoch_seconds, utcnow

# HALT first: it is what most recovery programmes teach people to check. These are code, stored
# as these English keys and shown in the reader's language (TRIGGER_WORDS); a trigger a person
# typed is their own data, stored and shown as typed.
TRIGGER_WORDS = {
    "hungry": lazy_gettext("hungry"), "angry": lazy_gettext("angry"), "lonely": lazy_gettext("lonely"),
    "tired": lazy_gettext("tired"), "stress": lazy_gettext("stress"), "conflict": lazy_gettext("conflict"),
    "people": lazy_gettext("people"), "places": lazy_gettext("places"), "boredom": lazy_gettext("boredom"),
    "celebration": lazy_gettext("celebration"), "payday": lazy_gettext("payday"), "pain": lazy_gettext("pain"),
    "a cue": lazy_gettext("a cue"),
}
STANDARD_TRIGGERS = tuple(TRIGGER_WORDS)
OUTCOMES = {"on_track": lazy_gettext("Stayed on track"), "slipped": lazy_gettext("Slipped")}
MOOD_WORDS = {1: lazy_gettext("Very low"), 2: lazy_gettext("Low"), 3: lazy_gettext("Okay"), 4: lazy_gettext("Good"),
              5: lazy_gettext("Great")}


def trigger_text(label: str) -> str:
    """A built-in trigger in the reader's language; one the person typed, as they typed it."""
    return TRIGGER_WORDS.get(label, label)


def _seconds_of_logged_at(context) -> int:
    return epoch_seconds(context.get_current_parameters()["logged_at"])


class Entry(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # Made on the device, so an entry sent twice (offline retry) is stored once.
    device_id: Mapped[str] = mapped_column(String(36))
    mood: Mapped[int]
    craving: Mapped[int | None]
    situation: Mapped[str] = mapped_column(Text, default="")
    thoughts: Mapped[str] = mapped_column(Text, default="")
    feelings: Mapped[str] = mapped_column(Text, default="")
    people_present: Mapped[str] = mapped_column(Text, default="")
    coping: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # logged_at as whole seconds since 1970, so the insights page works out local days and hours
    # with whole-number arithmetic on a value its index holds, not a date function on every row.
    # Made from logged_at on insert (bulk inserts too), and again whenever logged_at is set.
    logged_at_seconds: Mapped[int] = mapped_column(BigInteger, default=_seconds_of_logged_at)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    triggers: Mapped[list["EntryTrigger"]] = relationship(
        cascade="all, delete-orphan", order_by="EntryTrigger.label", lazy="selectin"
    )

    __table_args__ = (
        UniqueConstraint("user_id", "device_id", name="uq_entry_user_device"),
        CheckConstraint("mood BETWEEN 1 AND 5", name="mood_range"),
        CheckConstraint("craving IS NULL OR craving BETWEEN 0 AND 10", name="craving_range"),
        # One client's entries in time order: the newest page, a window of days and its counts
        # read a range of this index, however many years of history lie before it.
        Index("ix_entry_user_logged", "user_id", "logged_at", "id"),
        # The insights' window of one client's entries, with all its charts need of each (covering;
        # the id joins each entry's triggers, which PostgreSQL reads from the index only when it's here).
        Index("ix_entry_user_clock", "user_id", "logged_at_seconds", "mood", "craving", "id"),
        # The window's entries of one outcome (the prevention plan's coping that kept them on track):
        # a range of those few, not every entry of the window.
        Index("ix_entry_user_outcome", "user_id", "outcome", "logged_at"),
    )

    @validates("logged_at")
    def _keep_seconds(self, key: str, moment: datetime) -> datetime:
        self.logged_at_seconds = epoch_seconds(moment) if moment is not None else None
        return moment

    @property
    def trigger_labels(self) -> list[str]:
        return [t.label for t in self.triggers]

    @property
    def has_detail(self) -> bool:
        return any((self.situation, self.thoughts, self.feelings, self.people_present,
                    self.coping, self.outcome, self.note))


class EntryTrigger(db.Model):
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), primary_key=True)
    label: Mapped[str] = mapped_column(String(40), primary_key=True)


class CustomTrigger(db.Model):
    """A trigger chip the client added for themselves. Entries copy its words (EntryTrigger.label),
    so renaming or deleting it leaves every past entry as it was logged."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(40))
    # Hidden: kept, but not offered on the log form until shown again (or typed again).
    hidden: Mapped[bool] = mapped_column(default=False, server_default=false())

    __table_args__ = (UniqueConstraint("user_id", "label", name="uq_custom_trigger_user_label"),)
