"""The one blueprint of measures (issue 10). No url_prefix: the client's questionnaires and
use-day calendar live under /measures/... (questionnaires.py, calendar_page.py) and the progress
page at /progress; each module adds its own routes to `bp`."""
from flask import Blueprint, abort
from flask_login import current_user, login_required

bp = Blueprint("measures", __name__)


def client_only() -> None:
    """The client's own measures: a supporter without a recovery space of their own has none (404)."""
    if not current_user.is_client:
        abort(404)


def for_the_client(view):
    """A view of the signed-in client's own measures: sign in first; 404 for anyone else."""
    from functools import wraps

    @wraps(view)
    def wrapper(*args, **kwargs):
        client_only()
        return view(*args, **kwargs)

    return login_required(wrapper)
