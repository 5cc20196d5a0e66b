"""The home page: a welcome for visitors; the count, next milestone, the latest word from the
client's network and the quick log for a client."""
from flask import Blueprint, abort, request
from flask_babel import gettext
from flask_login import current_user, login_required

from sqlalchemy.orm import joinedload

from recoverynet.auth.sessions import brought_along, load_row_with_person, load_with_person
from recoverynet.forms import Form
from recoverynet.log.entries import (as_own_triggers, clean_device_id, entries_page, entry_form_context,
                                     own_triggers_of)
from recoverynet.network.access import supported_clients, supports_anyone
from recoverynet.network.summaries import sober_summary
from recoverynet.pages import commit_and_redirect, render
from recoverynet.rewards.models import Encouragement
from recoverynet.rewards.thanks import (encouragement_to_thank, is_newest_from_network, latest_encouragement,
                                        send_thanks)

bp = Blueprint("home", __name__)
HOME = ("home.index",)


@bp.record_once
def _bring_along_with_the_person(state) -> None:
    """Home shows a block from most features but may run five queries: what is one value or one
    row comes with the session's lookup (auth/sessions.py), and a list is read only when that
    lookup says it has rows. Features add their own blocks' values from their init_app."""
    load_with_person(state.app, "own_triggers", own_triggers_of, pages=HOME)
    load_with_person(state.app, "supports_anyone", supports_anyone, pages=HOME)
    load_row_with_person(state.app, "encouragement", Encouragement, is_newest_from_network,
                         joinedload(Encouragement.sender), pages=HOME)


def _supported():
    if not brought_along("supports_anyone", lambda: True):
        return []
    return supported_clients(current_user)


def _client_home(thanks_form: Form, status: int = 200):
    sober = sober_summary(current_user)
    recent, _ = entries_page(current_user, 1, size=3)
    own = brought_along("own_triggers", lambda: None)  # None: entry_form_context reads them
    return render("home/index.html", days=sober["days"], next_milestone=sober["next"],
                  last_milestone=sober["last"], today=sober["today"], recent=recent, supported=_supported(),
                  encouragement=brought_along("encouragement", lambda: latest_encouragement(current_user)),
                  thanks_form=thanks_form, status=status,
                  **entry_form_context(current_user, Form({}), own=own and as_own_triggers(own),
                                       device_id=clean_device_id(None)))


@bp.get("/")
def index():
    """Show the client's day at a glance, or the welcome page when signed out."""
    if not current_user.is_authenticated:
        return render("home/welcome.html")
    if not current_user.is_client:
        return render("home/supporter.html", supported=_supported())
    return _client_home(Form({}))


@bp.post("/messages/<int:message_id>/thank")
@login_required
def thank(message_id: int):
    """The client thanks the person who sent them a word of encouragement, with a few words or none."""
    message = encouragement_to_thank(current_user, message_id)
    if message is None:
        abort(404)
    form = Form(request.form)
    words = form.text("thanks", max_length=280)
    if not form.ok:
        return _client_home(form, status=422)
    if message.thanked_at is None:  # a second tap (or a reload) sends nothing more
        send_thanks(message, current_user, words)
    return commit_and_redirect(gettext("Your thanks are sent."), "home.index")
