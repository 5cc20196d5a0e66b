"""Recording a slip, and the client's choice of how the count continues."""
from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from recoverynet.events import announce, slip_recorded
from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.pages import render
from recoverynet.sobriety.forms import read_slip_form
from recoverynet.sobriety.models import Slip
from recoverynet.timeutil import local_today

bp = Blueprint("sobriety", __name__)


@bp.route("/slip", methods=["GET", "POST"])
@login_required
def slip():
    """Record a slip; the client chooses to start a new count or keep the current one."""
    today = local_today(current_user.timezone)
    form = Form(request.form)
    if request.method == "POST":
        values = read_slip_form(form, today)
        if form.ok:
            slip = Slip(user_id=current_user.id, previous_sober_since=current_user.sober_since, **values)
            db.session.add(slip)
            if slip.new_sober_since:
                current_user.sober_since = slip.new_sober_since
            announce(slip_recorded, client=current_user, slip=slip)
            db.session.commit()
            flash(gettext("Thank you for writing it down. That honesty is part of recovery."))
            return redirect(url_for("home.index"), code=303)
    return render("sobriety/slip.html", form=form, today=today, status=422 if form.errors else 200)
