"""In-app notifications: what happened, for whom, and where to look."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, ScalarSelect, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from recoverynet.dbtypes import UTCDateTime
from recoverynet.extensions import db
from recoverynet.timeutil import utcnow


class Notification(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(String(300))
    link: Mapped[str] = mapped_column(String(200), default="/")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # The newest first for the list, and the unread ones for the count on every page, without
    # reading years of notifications already read.
    __table_args__ = (Index("ix_notification_user_created", "user_id", "created_at", "id"),
                      Index("ix_notification_user_read", "user_id", "read_at"))


def unread_notifications(user_id) -> ScalarSelect:
    """How many notifications `user_id` (a value or a column) has not read: the top bar's count."""
    return (select(func.count()).select_from(Notification)
            .where(Notification.user_id == user_id, Notification.read_at.is_(None)).scalar_subquery())
