"""Settings → Bring in my data: a new, empty account fills itself from an export (importing.py)."""
import logging

from babel.lists import format_list
from flask import Blueprint, current_app, request, session
from flask_babel import get_locale, gettext, ngettext
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import RequestEntityTooLarge

from recoverynet.extensions import db
from recoverynet.pages import flash_and_redirect, render
from recoverynet.yourdata.importing import ImportProblem, import_person, is_empty, read_export

bp = Blueprint("yourdata_import", __name__, url_prefix="/settings/data")
log = logging.getLogger(__name__)


@bp.app_template_global()
def may_bring_in_data() -> bool:
    """For Settings: offer "Bring in my data" while the account is new and empty."""
    return current_user.is_authenticated and is_empty(current_user)


def _page(problem: str = "", status: int = 200):
    limit = current_app.config["IMPORT_MAX_BYTES"]
    return render("account/import.html", empty=is_empty(current_user), problem=problem,
                  limit=f"{limit / 2**20:.0f} MB", status=status)


@bp.get("/import")
@login_required
def page():
    """Explain what comes back, with the upload form while the account is still empty."""
    return _page()


@bp.url_value_preprocessor
def _take_an_export(endpoint: str | None, values: dict | None) -> None:
    # An export is bigger than anything else people send (MAX_REQUEST_BYTES); only the upload
    # takes one. Set here because Flask runs this before every before_request, and one of those
    # reads the form (forms.refuse_nul_characters) with whatever limit is set by then.
    if endpoint == "yourdata_import.upload":
        request.max_content_length = current_app.config["IMPORT_MAX_BYTES"]


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error):
    """Over even that: this page again, saying so (the form is read before the view runs)."""
    return _page(gettext("This file is bigger than RecoveryNet takes here. Nothing was brought in."), 413)


@bp.post("/import")
@login_required
def upload():
    """Bring the uploaded export into the signed-in person's account, if it holds nothing yet."""
    if not is_empty(current_user):
        return _page(status=409)
    export = request.files.get("export")
    if export is None or not export.filename:
        return _page(gettext("Choose the zip file to bring in."), 422)
    try:
        added = import_person(current_user, read_export(export.stream))
        db.session.commit()
    except ImportProblem as problem:
        db.session.rollback()
        log.info("Import refused for user %s: %s", current_user.id, problem.detail)
        return _page(problem.message, 422)
    except IntegrityError:
        # The same file sent twice at once: the other one brought it in.
        db.session.rollback()
        return _page(status=409)
    session["refresh_crisis"] = True  # the crisis page on this phone gets the plan brought in
    return flash_and_redirect(_summary(added), "home.index")


def _summary(added: dict[str, int]) -> str:
    """What came back, naming only the kinds the file held."""
    # Each sentence written out where it is marked, so the catalog finds it.
    counted = {"entries": ngettext("%(num)d entry", "%(num)d entries", added["entries"]),
               "meetings": ngettext("%(num)d meeting", "%(num)d meetings", added["meetings"]),
               "contacts": ngettext("%(num)d person on your map", "%(num)d people on your map", added["contacts"]),
               "reminders": ngettext("%(num)d reminder", "%(num)d reminders", added["reminders"])}
    parts = [text for kind, text in counted.items() if added[kind]]
    text = (gettext("Your data is here: %(parts)s.", parts=format_list(parts, locale=get_locale())) if parts
            else gettext("Your data is here."))
    if added["crisis_plan"]:
        text += " " + gettext("Your crisis plan is back too.")
    if added["contacts"]:
        text += " " + gettext("To let people on your map see anything again, invite them again.")
    return text
