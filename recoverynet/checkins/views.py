"""The weekly check-in: its overview, the agenda of one meeting (checkins.show, by the client and
the day), notes added a section at a time, and action items ticked one at a time.

Every write adds or changes one row (a note, an item), never the whole agenda, so two phones in
the same meeting lose nothing; an edit of a note that changed since it was opened is refused
with the typed text kept (a version column). Each form posts and redirects back to its section;
with htmx the section alone comes back."""
from datetime import date

from flask import Blueprint, abort, redirect, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import select, update

from recoverynet.checkins.agenda import (Access, checkin_for_writing, items_and_carried, notes_by_section,
                                         past_checkins, require_access, require_day, upcoming_day)
from recoverynet.checkins.forms import NOTE_MAX, read_item_form, read_note_form
from recoverynet.checkins.models import MODES, SECTIONS, ActionItem, Checkin, CheckinNote
from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.pages import page_number, render, wants_fragment
from recoverynet.timeutil import local_today, parse_time, utc_moment, utcnow

bp = Blueprint("checkins", __name__, url_prefix="/checkins")


def _day(held_on: str) -> date:
    try:
        return date.fromisoformat(held_on)
    except ValueError:
        abort(404)


# Two months of weekly meetings; earlier ones a page at a time, so five years cost no more to show.
PAST_PAGE_SIZE = 8


def _overview(client_id: int):
    access = require_access(client_id)
    today, next_day, page = local_today(access.client.timezone), upcoming_day(access), page_number()
    past = past_checkins(client_id, today, PAST_PAGE_SIZE + 1, skip=(page - 1) * PAST_PAGE_SIZE)
    return render("checkins/index.html", access=access, client=access.client, plan=access.plan, modes=MODES,
                  next_day=next_day, meeting_at=_meeting_at(access, next_day),
                  participants=access.participants, past=past[:PAST_PAGE_SIZE], page=page,
                  has_earlier=len(past) > PAST_PAGE_SIZE)


def _meeting_at(access: Access, day: date | None):
    """The meeting's moment (shown in each viewer's own zone), or None without a schedule."""
    if access.plan is None or day is None:
        return None
    return utc_moment(day, parse_time(access.plan.time), access.client.timezone)


@bp.get("")
@login_required
def mine():
    """The signed-in client's own weekly check-in: when, who, and past meetings."""
    return _overview(current_user.id)


@bp.get("/<int:client_id>")
@login_required
def overview(client_id: int):
    """A client's weekly check-in as someone with the check-ins scope sees it."""
    return _overview(client_id)


@bp.get("/<int:client_id>/next")
@login_required
def upcoming(client_id: int):
    """Open the agenda of the next meeting (from a reminder, or Home)."""
    access = require_access(client_id)
    day = upcoming_day(access)
    if day is None:
        return redirect(url_for("checkins.overview", client_id=client_id), code=303)
    return redirect(url_for("checkins.show", client_id=client_id, held_on=day.isoformat()), code=303)


def _agenda(access: Access, day: date, forms: dict | None = None, status: int = 200, fragment: str | None = None,
            key: str = "actions"):
    """The page of one meeting; `forms` holds a refused form by section ("item" for the item form)."""
    checkin = require_day(access, day)
    participants = access.participants
    owners = [access.client] + [person for person in participants if person.id != access.client.id]
    items, carried = items_and_carried(access.client.id, checkin, day)
    context = dict(access=access, client=access.client, day=day, checkin=checkin, sections=SECTIONS,
                   notes=notes_by_section(checkin, access.is_client), items=items,
                   carried=carried, owners=owners, participants=participants,
                   forms=forms or {}, blank=Form({}), note_max=NOTE_MAX, meeting_at=_meeting_at(access, day),
                   plan=access.plan, modes=MODES, today=local_today(access.client.timezone), key=key, status=status)
    return render("checkins/show.html", fragment, **context)


@bp.get("/<int:client_id>/<held_on>")
@login_required
def show(client_id: int, held_on: str):
    """The shared agenda of one meeting, a section at a time, with the time guide."""
    day = _day(held_on)
    return _agenda(require_access(client_id, day=day), day)


def _back_to(access: Access, day: date, section: str, fragment: str):
    """After a change: htmx gets the section again; a plain form goes back to it on the page."""
    if wants_fragment():
        return _agenda(access, day, fragment=fragment, key=section)
    anchor = "carried" if fragment.endswith("_carried.html") else f"section-{section}"
    return redirect(url_for("checkins.show", client_id=access.client.id, held_on=day.isoformat(), _anchor=anchor),
                    code=303)


@bp.post("/<int:client_id>/<held_on>/notes")
@login_required
def add_note(client_id: int, held_on: str):
    """Add one note (or an agenda point before the meeting) to one section."""
    access, day = require_access(client_id, to_take_part=True), _day(held_on)
    require_day(access, day)
    form = Form(request.form)
    values = read_note_form(form, access.is_client)
    section = values["section"] if values["section"] in SECTIONS else "wellbeing"
    if not form.ok:
        return _agenda(access, day, forms={section: form}, status=422, fragment="checkins/_section.html", key=section)
    checkin = checkin_for_writing(client_id, day)
    db.session.add(CheckinNote(checkin_id=checkin.id, author_id=current_user.id, **values))
    db.session.commit()
    return _back_to(access, day, section, "checkins/_section.html")


@bp.post("/<int:client_id>/<held_on>/items")
@login_required
def add_item(client_id: int, held_on: str):
    """Agree an action item: what, who does it, by when."""
    access, day = require_access(client_id, to_take_part=True), _day(held_on)
    require_day(access, day)
    owners = {access.client.id} | {person.id for person in access.participants}
    form = Form(request.form)
    values = read_item_form(form, owners, local_today(access.client.timezone))
    if not form.ok:
        return _agenda(access, day, forms={"item": form}, status=422, fragment="checkins/_section.html", key="actions")
    checkin = checkin_for_writing(client_id, day)
    db.session.add(ActionItem(client_id=client_id, checkin_id=checkin.id, created_by_id=current_user.id, **values))
    db.session.commit()
    return _back_to(access, day, "actions", "checkins/_section.html")


def _own_item(access: Access, item_id: int) -> ActionItem:
    item = db.session.get(ActionItem, item_id)
    if item is None or item.client_id != access.client.id:
        abort(404)
    return item


@bp.post("/<int:client_id>/items/<int:item_id>/tick")
@login_required
def tick_item(client_id: int, item_id: int):
    """Mark one item done or not done, recording who and when. The form says which (not "flip"),
    so two phones ticking the same item at once agree instead of undoing each other."""
    access = require_access(client_id, to_take_part=True)
    item = _own_item(access, item_id)
    done = request.form.get("done") == "1"
    now = utcnow()
    if done != (item.done_at is not None):
        db.session.execute(update(ActionItem).where(ActionItem.id == item.id)
                           .values(done_at=now if done else None, ticked_by_id=current_user.id, ticked_at=now),
                           execution_options={"synchronize_session": False})
        db.session.commit()
    day = _day(request.form.get("day", "")) if request.form.get("day") else \
        db.session.scalar(select(Checkin.held_on).where(Checkin.id == item.checkin_id))
    carried = request.form.get("from") == "carried"
    return _back_to(access, day, "actions", "checkins/_carried.html" if carried else "checkins/_section.html")


def _own_note(access: Access, note_id: int) -> tuple[CheckinNote, Checkin]:
    """A note the signed-in person wrote in this client's check-ins (only its author edits it)."""
    note = db.session.get(CheckinNote, note_id)
    checkin = db.session.get(Checkin, note.checkin_id) if note else None
    if note is None or checkin.client_id != access.client.id or note.author_id != current_user.id:
        abort(404)
    return note, checkin


def _edit_page(access: Access, note: CheckinNote, checkin: Checkin, form: Form, status: int = 200,
               changed: bool = False):
    return render("checkins/edit_note.html", access=access, client=access.client, note=note, checkin=checkin,
                  form=form, sections=SECTIONS, note_max=NOTE_MAX, changed=changed, status=status)


@bp.get("/<int:client_id>/notes/<int:note_id>/edit")
@login_required
def edit_note(client_id: int, note_id: int):
    """Show one's own note, ready to change."""
    access = require_access(client_id, to_take_part=True)
    note, checkin = _own_note(access, note_id)
    return _edit_page(access, note, checkin, Form({"text": note.text, "version": str(note.version),
                                                   "private": "on" if note.private else ""}))


@bp.post("/<int:client_id>/notes/<int:note_id>")
@login_required
def update_note(client_id: int, note_id: int):
    """Save a changed note, unless it changed elsewhere since it was opened (then say so and keep
    what was typed beside the newer text)."""
    access = require_access(client_id, to_take_part=True)
    note, checkin = _own_note(access, note_id)
    form = Form(request.form)
    text = form.text("text", required=gettext("Please write a few words first."), max_length=NOTE_MAX)
    private = access.is_client and form.flag("private")
    version = form.raw.get("version", "")
    if not form.ok:
        return _edit_page(access, note, checkin, form, status=422)
    saved = db.session.execute(
        update(CheckinNote).where(CheckinNote.id == note.id, CheckinNote.version == (int(version) if version.isdigit() else -1))
        .values(text=text, private=private, version=CheckinNote.version + 1, updated_at=utcnow()),
        execution_options={"synchronize_session": False})
    if saved.rowcount != 1:
        db.session.rollback()
        db.session.refresh(note)
        form.error("text", gettext("This note was changed on another phone after you opened it, so your change "
                                   "was not saved. The newer text is above; what you typed is kept here."))
        form.raw = {"text": text, "version": str(note.version), "private": "on" if private else ""}
        return _edit_page(access, note, checkin, form, status=409, changed=True)
    db.session.commit()
    return redirect(url_for("checkins.show", client_id=client_id, held_on=checkin.held_on.isoformat(),
                            _anchor=f"section-{note.section}"), code=303)
