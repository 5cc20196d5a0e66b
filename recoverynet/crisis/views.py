"""The crisis page, one tap from every page; the plan behind it; alerting the network."""
from flask import Blueprint, flash, redirect, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from recoverynet.auth.sessions import brought_along, load_with_person
from recoverynet.crisis.forms import (PEOPLE_ROWS, PROFESSIONAL_ROWS, TRAINED, block_summaries, known_block,
                                     map_contacts, open_blocks, plan_as_form_data, read_plan_form, save_plan)
from recoverynet.crisis.models import CrisisAlert, CrisisPlan
from recoverynet.crisis.numbers import numbers_for
from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.i18n import in_language_of
from recoverynet.log.entries import clean_device_id
from recoverynet.network.access import (count_members_with_scope, counting_members_with_scope,
                                        members_with_scope)
from recoverynet.notifications.notify import notify
from recoverynet.pages import read_form, render, wants_json
from recoverynet.timeutil import utcnow

bp = Blueprint("crisis", __name__)
ALERT_SCOPE = "crisis_alerts"


@bp.record_once
def _bring_along_with_the_person(state) -> None:
    """Whether anyone would get an alert comes with the session's lookup: one query fewer on the
    page that must open fastest."""
    load_with_person(state.app, "crisis_alert_count", counting_members_with_scope(ALERT_SCOPE),
                     pages=("crisis.crisis",))


# The call list comes in the same query, built once: the crisis page must open fast.
_PLAN_WITH_CALL_LIST = (select(CrisisPlan).options(joinedload(CrisisPlan.callees))
                        .where(CrisisPlan.user_id == bindparam("user_id")))


def _plan() -> CrisisPlan | None:
    return db.session.scalars(_PLAN_WITH_CALL_LIST, {"user_id": current_user.id}).unique().one_or_none()


@bp.get("/crisis")
def crisis():
    """Call list, emergency numbers, coping steps and naloxone plan; no JavaScript needed."""
    personal = current_user.is_authenticated
    plan = _plan() if personal else None
    alert_count = 0
    if personal:  # brought by the session's lookup; counted here only if it wasn't
        alert_count = brought_along("crisis_alert_count",
                                    lambda: count_members_with_scope(current_user.id, ALERT_SCOPE))
    body, status, _ = render("crisis/index.html", numbers=numbers_for(current_user.country if personal else None),
                          plan=plan, alert_count=alert_count, device_id=clean_device_id(None), trained=TRAINED)
    # Tells the service worker whether this copy is the client's own, to keep for offline use.
    return body, status, {"X-Crisis-Plan": "personal" if personal else "generic"}


@bp.get("/crisis/plan")
@login_required
def edit_plan():
    """Show the crisis plan form, filled with the saved plan; ?block= opens the block just saved."""
    return _plan_page(Form(plan_as_form_data(_plan())), block=known_block(request.args.get("block")))


def _plan_page(form: Form, status: int = 200, block: str | None = None):
    # Each block is closed but the one the person was in and any with a problem (issue 15).
    contacts = map_contacts(current_user)
    opened = open_blocks(form, block or known_block(request.form.get("block")))
    # The page also holds the saved plan as one printable page (crisis/_printout.html, issue 12),
    # with the emergency numbers written out: the print stylesheet shows only that.
    return render("crisis/plan.html", form=form, plan=_plan(), contacts=contacts, people_rows=PEOPLE_ROWS,
                  pro_rows=PROFESSIONAL_ROWS, trained=TRAINED, summaries=block_summaries(form, contacts),
                  opened=opened, saved_block=block, numbers=numbers_for(current_user.country), status=status)


@bp.post("/crisis/plan")
@login_required
def save():
    """Save the crisis plan; the copy kept on the phone is refreshed."""
    values = read_form(read_plan_form, _plan_page, current_user)
    save_plan(current_user, values)
    session["refresh_crisis"] = True
    flash(gettext("Your crisis plan is saved, and the copy on this phone is updated."))
    # Back to the block whose Save was pressed, open (#block-… scrolls there, with no script).
    block = known_block(request.form.get("block"))
    return redirect(url_for("crisis.edit_plan", block=block, _anchor=f"block-{block}" if block else None), code=303)


@bp.post("/crisis/plan/review")
@login_required
def review():
    """Mark the plan as read through and still right ("signed")."""
    plan = _plan()
    if plan is None:
        flash(gettext("Write your plan first, then mark it reviewed."))
    else:
        plan.reviewed_at = utcnow()
        db.session.commit()
        session["refresh_crisis"] = True
        flash(gettext("Thank you. Your plan is marked as reviewed today."))
    return redirect(url_for("crisis.edit_plan"), code=303)


def _alert_for(device_id: str) -> CrisisAlert | None:
    return db.session.scalar(select(CrisisAlert).where(CrisisAlert.user_id == current_user.id,
                                                       CrisisAlert.device_id == device_id))


@bp.post("/crisis/alert")
@login_required
def alert():
    """Tell every member who accepted crisis alerts; an alert re-sent from the outbox counts once."""
    device_id = clean_device_id(request.form.get("device_id"))
    existing = _alert_for(device_id)
    if existing is None:
        members = members_with_scope(current_user.id, ALERT_SCOPE)
        existing = CrisisAlert(user_id=current_user.id, device_id=device_id, notified=len(members))
        db.session.add(existing)
        try:
            # Claim the (person, device id) pair before telling anyone: the page and the service
            # worker may send the same queued alert at the same moment.
            db.session.flush()
        except IntegrityError:
            db.session.rollback()
            existing = _alert_for(device_id)
        else:
            for member in members:
                # In the member's language, not the client's: it is stored and shown to them.
                with in_language_of(member):
                    text = gettext("%(name)s has asked for help (crisis alert). Please get in touch now.",
                                   name=current_user.display_name)
                notify(member.id, "crisis_alert", text, f"/support/{current_user.id}", name=current_user.display_name)
            db.session.commit()
    if wants_json():
        return {"status": "sent", "notified": existing.notified}, 201
    return redirect(url_for("crisis.alerted", n=existing.notified), code=303)


@bp.get("/crisis/alerted")
@login_required
def alerted():
    """Confirm the alert went out, and keep the call list one tap away."""
    return render("crisis/alerted.html", notified=request.args.get("n", 0, type=int))
