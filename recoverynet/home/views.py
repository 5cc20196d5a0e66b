"""The home page: a welcome for visitors; the count, next milestone, the latest word from the
client's network and the quick log for a client."""
from flask import Blueprint, abort, request
from flask_babel import gettext
from flask_login import current_user, login_required

from recoverynet.forms import Form
from recoverynet.log.entries import clean_device_id, entries_page, entry_form_context
from recoverynet.network.access import supported_clients
from recoverynet.network.summaries import sober_summary
from recoverynet.pages import commit_and_redirect, render
from recoverynet.rewards.thanks import encouragement_to_thank, latest_encouragement, send_thanks

bp = Blueprint("home", __name__)


def _client_home(thanks_form: Form, status: int = 200):
    sober = sober_summary(current_user)
    recent, _ = entries_page(current_user, 1, size=3)
    return render("home/index.html", days=sober["days"], next_milestone=sober["next"],
                  last_milestone=sober["last"], today=sober["today"], recent=recent,
                  supported=supported_clients(current_user), encouragement=latest_encouragement(current_user),
                  thanks_form=thanks_form, status=status,
                  **entry_form_context(current_user, Form({}), device_id=clean_device_id(None)))


@bp.get("/")
def index():
    """Show the client's day at a glance, or the welcome page when signed out."""
    if not current_user.is_authenticated:
        return render("home/welcome.html")
    if not current_user.is_client:
        return render("home/supporter.html", supported=supported_clients(current_user))
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
