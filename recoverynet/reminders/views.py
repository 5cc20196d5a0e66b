"""Reminders in one place: whether this phone gets them, the list (add, edit, pause, delete), the
lock-screen detail and quiet hours; and snoozing one from a notification."""
from datetime import timedelta

from flask import Blueprint, abort, request
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import select

from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.pages import commit_and_redirect, flash_and_redirect, owned_or_404, read_form, render, wants_json
from recoverynet.push.models import PushSubscription
from recoverynet.push.queue import TTL, queue_push
from recoverynet.reminders.due import reminder_payload
from recoverynet.reminders.forms import LEAD_CHOICES, MEDICATION_SLOTS, read_reminder_form
from recoverynet.reminders.models import KINDS, WEEKDAYS, Reminder
from recoverynet.reminders.schedule import reschedule
from recoverynet.timeutil import utcnow

bp = Blueprint("reminders", __name__, url_prefix="/reminders")


def _own(reminder_id: int) -> Reminder:
    return owned_or_404(Reminder, reminder_id)


def _has_any_phone(user) -> bool:
    """Whether any device of this person has notifications turned on (a push subscription)."""
    return db.session.scalar(select(PushSubscription.id).where(PushSubscription.user_id == user.id).limit(1)) is not None


def _saved(reminder: Reminder, message: str | None = None):
    """Schedule the reminder's next time (none while paused), save it, and go back to the list.
    A reminder that will go off while no device of the person's gets notifications says so:
    saving it would otherwise look like it worked."""
    reschedule(reminder, current_user.timezone)
    db.session.add(reminder)
    if not reminder.paused and not _has_any_phone(current_user):
        message = gettext("Saved, but nothing will arrive yet: none of your phones has reminders turned on. "
                          "Turn them on just below.")
    return commit_and_redirect(message or gettext("Reminder saved."), "reminders.index")


def _form_page(form: Form, kind: str, reminder: Reminder | None = None, status: int = 200):
    return render("reminders/form.html", form=form, kind=kind, reminder=reminder, kinds=KINDS,
                  weekdays=WEEKDAYS, leads=LEAD_CHOICES, slots=MEDICATION_SLOTS, status=status)


def _known_kind(asked: str, refuse_with: int) -> str:
    """The kind of reminder asked for; a made-up one is refused (404 for a link, 400 for a form)."""
    if asked not in KINDS:
        abort(refuse_with)
    return asked


def _as_form(reminder: Reminder) -> dict:
    data = {"title": reminder.title, "place": reminder.place, "note": reminder.note,
            "lead_minutes": str(reminder.lead_minutes),
            "weekday": "" if reminder.weekday is None else str(reminder.weekday),
            "on_date": reminder.on_date.isoformat() if reminder.on_date else ""}
    data.update({f"time_{n}": t for n, t in enumerate(reminder.time_list, start=1)})
    return data


def reminders_page(notifications: Form | None = None, status: int = 200):
    """The reminders page; `notifications` is the notification settings form shown again with its
    errors (account.notifications saves it)."""
    reminders = db.session.scalars(select(Reminder).where(Reminder.user_id == current_user.id)
                                   .order_by(Reminder.kind, Reminder.id)).all()
    return render("reminders/index.html", reminders=reminders, kinds=KINDS, weekdays=WEEKDAYS,
                  notifications=notifications or Form({}), status=status)


@bp.get("")
@login_required
def index():
    """Whether this phone gets reminders, the person's reminders with their next time, and how
    notifications look and when they keep quiet."""
    return reminders_page()


@bp.get("/new")
@login_required
def new():
    """Show the form for one kind of reminder."""
    kind = _known_kind(request.args.get("kind", "checkin"), 404)
    return _form_page(Form({}), kind)


@bp.post("")
@login_required
def create():
    """Add a reminder and schedule its first time."""
    kind = _known_kind(request.form.get("kind", ""), 400)
    values = read_form(read_reminder_form, lambda form: _form_page(form, kind), kind, current_user.timezone)
    return _saved(Reminder(user_id=current_user.id, **values))


@bp.get("/<int:reminder_id>/edit")
@login_required
def edit(reminder_id: int):
    """Show a reminder ready to change."""
    reminder = _own(reminder_id)
    return _form_page(Form(_as_form(reminder)), reminder.kind, reminder)


@bp.post("/<int:reminder_id>")
@login_required
def update(reminder_id: int):
    """Save changes to a reminder and reschedule it."""
    reminder = _own(reminder_id)
    values = read_form(read_reminder_form, lambda form: _form_page(form, reminder.kind, reminder), reminder.kind,
                       current_user.timezone)
    for name, value in values.items():
        setattr(reminder, name, value)
    return _saved(reminder)


@bp.post("/<int:reminder_id>/pause")
@login_required
def pause(reminder_id: int):
    """Pause a reminder, or start it again."""
    reminder = _own(reminder_id)
    reminder.paused = not reminder.paused
    return _saved(reminder, gettext("Paused.") if reminder.paused else gettext("On again."))


@bp.post("/<int:reminder_id>/delete")
@login_required
def delete(reminder_id: int):
    """Delete a reminder."""
    db.session.delete(_own(reminder_id))
    return commit_and_redirect(gettext("Reminder deleted."), "reminders.index")


@bp.post("/<int:reminder_id>/snooze")
@login_required
def snooze(reminder_id: int):
    """Send this reminder again in an hour (the notification's "Snooze 1 hour")."""
    reminder = _own(reminder_id)
    later = utcnow() + timedelta(hours=1)
    queue_push(current_user, "reminder", reminder_payload(reminder, current_user), when=later, topic=f"r{reminder.id}", ttl=TTL["reminder"], reminder_id=reminder.id)
    db.session.commit()
    if wants_json():
        return {"status": "snoozed", "until": later.isoformat()}, 202
    return flash_and_redirect(gettext("Snoozed for an hour."), "reminders.index")
