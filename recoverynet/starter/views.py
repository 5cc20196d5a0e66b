"""Showing and hiding the starter plan, and the sober social activity the client planned."""
from flask import Blueprint
from flask_babel import gettext
from flask_login import current_user, login_required

from recoverynet.auth.models import StarterPlan
from recoverynet.forms import Form
from recoverynet.pages import commit_and_redirect, read_form, render

bp = Blueprint("starter", __name__, url_prefix="/starter-plan")
ACTIVITY_MAX = 120


def _activity_page(form: Form, status: int = 200):
    return render("starter/activity.html", form=form, status=status)


def _read_activity(form: Form) -> str:
    return form.text("sober_activity", required=gettext("Write a few words about what you plan."),
                     max_length=ACTIVITY_MAX)


@bp.post("/show")
@login_required
def show():
    """Show the starter plan on Home, whatever the account's age."""
    current_user.starter_plan = StarterPlan.SHOWN
    return commit_and_redirect(gettext("Your starter plan is on your home page."), "home.index")


@bp.post("/hide")
@login_required
def hide():
    """Hide the starter plan from Home; Settings can show it again."""
    current_user.starter_plan = StarterPlan.HIDDEN
    return commit_and_redirect(gettext("The starter plan is hidden. You can show it again from Settings."),
                               "home.index")


@bp.get("/activity")
@login_required
def activity():
    """Show the sober social activity the client planned, ready to write or change."""
    return _activity_page(Form({"sober_activity": current_user.sober_activity}))


@bp.post("/activity")
@login_required
def save_activity():
    """Keep the sober social activity the client planned, in their words."""
    current_user.sober_activity = read_form(_read_activity, lambda form: _activity_page(form))
    return commit_and_redirect(gettext("Saved. Enjoy it."), "home.index")


@bp.post("/activity/clear")
@login_required
def clear_activity():
    """Forget the planned activity (it happened, or the plan changed)."""
    current_user.sober_activity = ""
    return commit_and_redirect(gettext("The activity is cleared. Plan another whenever you like."), "starter.activity")
