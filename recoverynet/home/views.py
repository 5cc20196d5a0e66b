"""The home page: a welcome for visitors; the count, next milestone and quick log for a client."""
from flask import Blueprint
from flask_login import current_user

from recoverynet.forms import Form
from recoverynet.log.entries import clean_device_id, entries_page, entry_form_context
from recoverynet.network.access import supported_clients
from recoverynet.network.summaries import sober_summary
from recoverynet.pages import render

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    """Show the client's day at a glance, or the welcome page when signed out."""
    if not current_user.is_authenticated:
        return render("home/welcome.html")
    supported = supported_clients(current_user)
    if not current_user.is_client:
        return render("home/supporter.html", supported=supported)
    sober = sober_summary(current_user)
    recent, _ = entries_page(current_user, 1, size=3)
    return render("home/index.html", days=sober["days"], next_milestone=sober["next"],
                  last_milestone=sober["last"], today=sober["today"], recent=recent, supported=supported,
                  **entry_form_context(current_user, Form({}), device_id=clean_device_id(None)))
