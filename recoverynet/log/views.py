"""The mood and trigger log: add, list, edit and delete entries."""
from flask import Blueprint, redirect, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError, OperationalError

from recoverynet.errors import SAVE_AGAIN, busy_response, database_unavailable
from recoverynet.events import announce, entry_logged
from recoverynet.extensions import db
from recoverynet.forms import RECORD_ID_MAX, Form
from recoverynet.i18n import words_of
from recoverynet.log.entries import apply_values, clean_device_id, entries_page, entry_form_context, find_entry
from recoverynet.log.forms import read_entry_form
from recoverynet.log.lines import entry_lines
from recoverynet.log.models import MOOD_WORDS, Entry, trigger_text
from recoverynet.log.triggers import bp as triggers_bp
from recoverynet.pages import (add_delete_views, commit_and_redirect, flash_and_redirect, owned_or_404, read_form,
                               render, wants_json)

bp = Blueprint("log", __name__, url_prefix="/log")
bp.register_blueprint(triggers_bp)  # the client's own triggers: /log/triggers
# An entry's words in the reader's language, wherever an entry is shown (home, history, a member's page).
bp.add_app_template_filter(lambda label: words_of(trigger_text(label)), "trigger_text")
bp.add_app_template_filter(lambda mood: words_of(MOOD_WORDS.get(mood)), "mood_word")
bp.add_app_template_filter(entry_lines, "entry_lines")  # an entry as the lists show it


def _own_entry(entry_id: int) -> Entry:
    return owned_or_404(Entry, entry_id)


def _form_context(form: Form, **extra) -> dict:
    return entry_form_context(current_user, form, **extra)


@bp.get("")
@login_required
def index():
    """List the client's entries, newest first, a page at a time."""
    # Bounded, so the offset fits the database's integers (a huge page number was a 500).
    page = min(max(request.args.get("page", 1, type=int), 1), RECORD_ID_MAX)
    entries, has_older = entries_page(current_user, page)
    return render("log/index.html", "log/_entries.html", entries=entries, page=page, has_older=has_older)


@bp.get("/new")
@login_required
def new():
    """Show an empty entry form."""
    return render("log/new.html", **_form_context(Form({}), device_id=clean_device_id(None)))


@bp.post("")
@login_required
def create():
    """Save a new entry; a repeat of the same device id stores nothing new."""
    form = Form(request.form)
    device_id = clean_device_id(request.form.get("device_id"))
    existing = find_entry(current_user, device_id)
    if existing:
        if wants_json():
            return {"status": "duplicate", "id": existing.id}, 200
        return redirect(url_for("log.index", saved=existing.id), code=303)
    values = read_entry_form(form, current_user)
    if not form.ok:
        if wants_json():
            return {"status": "invalid", "errors": form.errors}, 422
        return render("log/new.html", **_form_context(form, device_id=device_id), status=422)
    entry = Entry(user_id=current_user.id, device_id=device_id)
    apply_values(entry, values, current_user)
    db.session.add(entry)
    try:
        db.session.flush()  # a repeated device id fails here, before anyone hears of the entry
        announce(entry_logged, client=current_user, entry=entry)
        db.session.commit()
    except IntegrityError:
        # The same entry arrived twice at once (page and service worker both sent it).
        db.session.rollback()
        existing = find_entry(current_user, device_id)
        if wants_json():
            return {"status": "duplicate", "id": existing.id}, 200
        return redirect(url_for("log.index", saved=existing.id), code=303)
    except OperationalError as error:
        if wants_json() or not database_unavailable(error):
            raise  # errors.py answers: a 503 the outbox retries, or a 500
        # Without JavaScript nothing retries: give the form back as it was typed, same device id.
        db.session.rollback()
        # str(): a lazy sentence would reach the template as markup, unescaped.
        problem = str(SAVE_AGAIN)
        body, _, headers = render("log/new.html", **_form_context(form, device_id=device_id, save_problem=problem))
        return busy_response(body, headers)
    if wants_json():
        return {"status": "created", "id": entry.id}, 201
    return flash_and_redirect(gettext("Saved. Well done for checking in."), "log.index", saved=entry.id)


@bp.get("/<int:entry_id>/edit")
@login_required
def edit(entry_id: int):
    """Show an entry in its form, ready to change."""
    entry = _own_entry(entry_id)
    return render("log/edit.html", **_form_context(Form({}), entry=entry))


@bp.post("/<int:entry_id>")
@login_required
def update(entry_id: int):
    """Save changes to an entry."""
    entry = _own_entry(entry_id)
    values = read_form(read_entry_form, lambda form: render("log/edit.html", **_form_context(form, entry=entry)),
                       current_user, entry.trigger_labels)
    apply_values(entry, values, current_user)
    return commit_and_redirect(gettext("Your changes are saved."), "log.index", saved=entry.id)


# Ask before deleting an entry, then delete it for good.
add_delete_views(bp, "/<int:entry_id>", _own_entry, "log/delete.html", "entry",
                 lambda entry: (gettext("The entry is deleted."), "log.index"))
