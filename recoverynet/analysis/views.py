"""The client looking back at a slip, a step at a time: every step saves what was typed, so
nothing is lost by leaving half way; then, if they choose, members add their own view beside it."""
from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import delete, select

from recoverynet.analysis.forms import apply, copy_starting_point, entries_around, read_account, starting_points
from recoverynet.analysis.models import STEPS, Analysis, Perspective
from recoverynet.analysis.people import SCOPE, askable_members, day_text, perspectives_for_client, slips_to_look_back_at
from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.i18n import in_language_of
from recoverynet.network.models import SCOPES
from recoverynet.notifications.models import Notification
from recoverynet.notifications.notify import notify
from recoverynet.pages import add_delete_views, commit_and_redirect, id_links, owned_or_404, page_number, render
from recoverynet.sobriety.models import Slip
from recoverynet.timeutil import local_today, utcnow

bp = Blueprint("analysis", __name__, url_prefix="/analysis")
STEP_NAMES = tuple(STEPS)


def own_analysis(analysis_id: int) -> Analysis:
    return owned_or_404(Analysis, analysis_id, "client_id")


PAGE_SIZE = 10


def _index_page(form: Form, status: int = 200):
    """Slips not looked back at yet, any day to start from, and a page of earlier ones, newest first
    (years of them cost no more than a few)."""
    page = page_number()
    # What the list shows of each, not its words (a page of ten read all of them as objects).
    found = db.session.execute(select(Analysis.id, Analysis.looked_at, Analysis.closed_at)
                               .where(Analysis.client_id == current_user.id)
                               .order_by(Analysis.looked_at.desc(), Analysis.id.desc())
                               .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
    return render("analysis/index.html", analyses=found[:PAGE_SIZE], page=page, more=len(found) > PAGE_SIZE,
                  shown_at=id_links("analysis.show", "analysis_id"), slips=slips_to_look_back_at(current_user),
                  form=form, today=local_today(current_user.timezone), status=status)


@bp.get("")
@login_required
def index():
    """The client's looking back: recent slips not looked at yet, any day, and earlier ones."""
    return _index_page(Form({}))


@bp.post("")
@login_required
def start():
    """Start looking back at a recorded slip, or at a day the client chooses."""
    form = Form(request.form)
    slip = None
    if (request.form.get("slip_id") or "").isdigit():
        slip = owned_or_404(Slip, int(request.form["slip_id"]))
        started = db.session.scalar(select(Analysis).where(Analysis.slip_id == slip.id))
        if started:  # a second tap, or the link followed again: carry on with the same one
            return redirect(url_for("analysis.step", analysis_id=started.id, step="before"), code=303)
        day = slip.happened_on
    else:
        today = local_today(current_user.timezone)
        day = form.day("looked_at", required=gettext("Please choose the day you want to look back at."),
                       not_after=today)
        if not form.ok:
            return _index_page(form, status=422)
    analysis = Analysis(client_id=current_user.id, slip_id=slip.id if slip else None, looked_at=day)
    db.session.add(analysis)
    db.session.commit()
    return redirect(url_for("analysis.step", analysis_id=analysis.id, step="before"), code=303)


def _step_page(analysis: Analysis, step: str, form: Form, status: int = 200):
    fields = STEPS[step]
    offered = starting_points(entries_around(current_user, analysis.looked_at), fields, current_user.timezone)
    position = STEP_NAMES.index(step)
    return render("analysis/step.html", analysis=analysis, step=step, fields=fields, form=form, offered=offered,
                  number=position + 1, total=len(STEP_NAMES), status=status)


@bp.route("/<int:analysis_id>/<any(before, inside, chain, after, change):step>", methods=["GET", "POST"])
@login_required
def step(analysis_id: int, step: str):
    """One step of looking back. Each post saves what was typed, whichever button was pressed."""
    analysis = own_analysis(analysis_id)
    if request.method == "GET":
        return _step_page(analysis, step, Form({}))
    form = Form(request.form)
    if analysis.closed_at:
        form.error("form", gettext("This was closed, so nothing was changed. Open it again to add to it; "
                                   "what you typed is still below."))
        return _step_page(analysis, step, form, status=409)
    values = read_account(form, STEPS[step])
    copied = copy_starting_point(form, values, current_user, STEPS[step], analysis.looked_at)
    if not form.ok:  # shown again with everything as typed; nothing saved until it fits
        return _step_page(analysis, step, form, status=422)
    apply(analysis, values)
    db.session.commit()
    position = STEP_NAMES.index(step)
    go = request.form.get("go", "")
    if copied:
        return redirect(url_for("analysis.step", analysis_id=analysis.id, step=step, _anchor=copied), code=303)
    if request.form.get("chain_action") or request.form.get("add_step"):
        return redirect(url_for("analysis.step", analysis_id=analysis.id, step=step, _anchor="chain"), code=303)
    if go == "back" and position > 0:
        return redirect(url_for("analysis.step", analysis_id=analysis.id, step=STEP_NAMES[position - 1]), code=303)
    if go == "next" and position < len(STEP_NAMES) - 1:
        return redirect(url_for("analysis.step", analysis_id=analysis.id, step=STEP_NAMES[position + 1]), code=303)
    flash(gettext("Saved. You can come back to it any time."))
    return redirect(url_for("analysis.show", analysis_id=analysis.id), code=303)


@bp.get("/<int:analysis_id>")
@login_required
def show(analysis_id: int):
    """The whole looking back, the views members added beside it, and who is asked."""
    analysis = own_analysis(analysis_id)
    return render("analysis/show.html", analysis=analysis, views=perspectives_for_client(analysis),
                  askable=askable_members(analysis), scope_name=SCOPES[SCOPE])


@bp.post("/<int:analysis_id>/ask")
@login_required
def ask(analysis_id: int):
    """Ask the ticked members (only those with the scope) for their view; tell each one once."""
    analysis = own_analysis(analysis_id)
    analysis.members_see_each_other = request.form.get("see_each_other") == "on"
    chosen = set(request.form.getlist("members"))
    newly = [(card, member) for card, member, asked in askable_members(analysis)
             if asked is None and str(member.id) in chosen]
    for card, member in newly:
        db.session.add(Perspective(analysis_id=analysis.id, member_id=member.id))
        with in_language_of(member):
            notify(member.id, "analysis_asked",
                   gettext("%(name)s asked for your view as they look back at %(day)s. Only you and %(name)s "
                           "see what you write, unless they choose otherwise.", name=current_user.display_name,
                           day=day_text(analysis.looked_at)),
                   url_for("perspectives.perspective", client_id=current_user.id, analysis_id=analysis.id))
    if newly:
        message = gettext("Asked. Each of them is told, and writes their own view beside yours.")
    else:
        message = gettext("Saved.")
    return commit_and_redirect(message, "analysis.show", analysis_id=analysis.id)


@bp.post("/<int:analysis_id>/close")
@login_required
def close(analysis_id: int):
    """Close it: nothing changes any more, and members' views stay as they are."""
    analysis = own_analysis(analysis_id)
    analysis.closed_at = analysis.closed_at or utcnow()
    return commit_and_redirect(gettext("Closed. It stays here to read whenever you want."), "analysis.show",
                               analysis_id=analysis.id)


@bp.post("/<int:analysis_id>/reopen")
@login_required
def reopen(analysis_id: int):
    """Open it again, for the client and the members asked."""
    analysis = own_analysis(analysis_id)
    analysis.closed_at = None
    return commit_and_redirect(gettext("Open again. You and the people you asked can add to it."), "analysis.show",
                               analysis_id=analysis.id)


def _deleted(analysis: Analysis):
    """The views members wrote go with it, and the notices that led them to it."""
    link = url_for("perspectives.perspective", client_id=analysis.client_id, analysis_id=analysis.id)
    db.session.execute(delete(Notification).where(Notification.user_id != analysis.client_id,
                                                  Notification.link == link))
    db.session.execute(delete(Perspective).where(Perspective.analysis_id == analysis.id))
    return gettext("Deleted. Nobody can see it any more."), "analysis.index"


add_delete_views(bp, "/<int:analysis_id>", own_analysis, "analysis/delete.html", "analysis", _deleted)

