"""The in-app notification list."""
from flask import Blueprint, Flask, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select, update

from recoverynet.auth.sessions import load_with_person
from recoverynet.extensions import db
from recoverynet.forms import RECORD_ID_MAX, Form
from recoverynet.notifications.models import Notification, unread_notifications
from recoverynet.pages import page_number, render
from recoverynet.templating import ListClock
from recoverynet.timeutil import utcnow

bp = Blueprint("notifications", __name__)


PAGE_SIZE = 25


@bp.get("/notifications")
@login_required
def index():
    """List the person's notifications, newest first, a page at a time; the page itself marks
    them read (a POST)."""
    page = page_number()
    items = db.session.scalars(select(Notification).where(Notification.user_id == current_user.id)
                               .order_by(Notification.created_at.desc(), Notification.id.desc())
                               .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
    has_older, items = len(items) > PAGE_SIZE, items[:PAGE_SIZE]
    unread = {n.id for n in items if n.read_at is None}
    clock = ListClock()  # zone and language once for a page of 25
    when = {n.id: _when(clock, clock.minute(n.created_at)) for n in items}
    return render("notifications/index.html", "notifications/_items.html", items=items, unread=unread, when=when,
                  newest=max(unread) if unread else None, page=page, has_older=has_older)


def _when(clock: ListClock, minute) -> str:
    return f"{clock.day(minute, 'EEE d MMM')}, {clock.clock(minute)}"


@bp.post("/notifications/read")
@login_required
def mark_read():
    """Mark read what the page showed: everything up to the newest notification on it."""
    newest = Form(request.form).number("up_to", 0, RECORD_ID_MAX)  # None for "²" or 5,000 digits
    if newest is not None:
        db.session.execute(update(Notification).where(
            Notification.user_id == current_user.id, Notification.id <= newest,
            Notification.read_at.is_(None)).values(read_at=utcnow()))
        db.session.commit()
    if request.headers.get("HX-Request"):
        g.unread_notifications = None  # counted again, after the update
        return render_template("notifications/_inbox_link.html", unread_total=unread_count(), oob=True)
    return redirect(url_for("notifications.index"), code=303)


def unread_count() -> int:
    """The top bar's count; the session lookup usually brought it along (see auth/sessions.py)."""
    if not current_user.is_authenticated:
        return 0
    if g.get("unread_notifications") is not None:
        return g.unread_notifications
    return db.session.scalar(select(unread_notifications(current_user.id)))


def init_app(app: Flask) -> None:
    """The top bar's unread count on every page: the session's one query brings it along with
    the signed-in person, and templates ask unread_count() for it."""
    load_with_person(app, "unread_notifications", unread_notifications)
    app.jinja_env.globals["unread_count"] = unread_count
