"""The relapse-prevention plan: the client writes it (with suggestions from their log to tap),
looks it over regularly, and members with the "prevention_plan" scope read it."""
from datetime import timedelta

from flask import Blueprint, Flask, flash, redirect, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from recoverynet.extensions import db
from recoverynet.forms import Form
from recoverynet.pages import read_form, render
from recoverynet.prevention import member_part
from recoverynet.prevention.forms import (ACTION_ROWS, block_summaries, known_block, lines_of, load_plan,
                                          network_cards, open_blocks, plan_as_form_data, read_plan_form, save_plan,
                                          tapped_suggestion, written_actions)
from recoverynet.prevention.suggestions import suggestions_for_plan
from recoverynet.timeutil import as_utc, utcnow

bp = Blueprint("prevention", __name__)

# After this long without a look, the page asks gently for one.
REVIEW_AFTER = timedelta(days=30)


def due_for_review(plan) -> bool:
    """A saved plan not looked over for REVIEW_AFTER (one never looked over counts from when it
    was last saved: a plan just written needs no prompt)."""
    return plan is not None and utcnow() - as_utc(plan.reviewed_at or plan.updated_at) > REVIEW_AFTER


@bp.get("/plan/prevention")
@login_required
def plan():
    """Show the relapse-prevention plan form, filled with the saved plan; ?block= opens a block.
    (The monthly review links here by this name: prevention.plan.)"""
    saved = load_plan(current_user.id)
    return _plan_page(Form(plan_as_form_data(saved)), saved, block=known_block(request.args.get("block")))


def _plan_page(form: Form, saved, status: int = 200, block: str | None = None):
    """The page with `form` (the saved plan `saved`, or None, read once by the caller)."""
    chosen = block or known_block(request.form.get("block")) or \
        (tapped_suggestion(form) or (None,))[0]
    written = written_actions(form)
    suggestions = suggestions_for_plan(current_user, form.raw.get("triggers") or "", written,
                                       form.raw.get("high_risk_times") or "", room=len(written) < ACTION_ROWS)
    return render("prevention/plan.html", form=form, plan=saved, cards=network_cards(current_user),
                  action_rows=ACTION_ROWS, summaries=block_summaries(form), opened=open_blocks(form, chosen),
                  saved_block=block, suggestions=suggestions, due=due_for_review(saved), lines_of=lines_of,
                  status=status)


@bp.post("/plan/prevention")
@login_required
def save():
    """Save the plan, with a tapped suggestion added to it; back to the block the person was in."""
    values = read_form(read_plan_form, lambda form: _plan_page(form, load_plan(current_user.id)), current_user)
    save_plan(current_user, values)
    tapped = tapped_suggestion(Form(request.form))
    block = tapped[0] if tapped else known_block(request.form.get("block"))
    flash(gettext("Added to your plan and saved.") if tapped else gettext("Your relapse-prevention plan is saved."))
    return redirect(url_for("prevention.plan", block=block, _anchor=f"block-{block}" if block else None), code=303)


@bp.post("/plan/prevention/review")
@login_required
def review():
    """Mark the plan as looked over today: a deliberate "I've looked at it"."""
    saved = load_plan(current_user.id)
    if saved is None:
        flash(gettext("Write your plan first, then mark it as looked over."))
    else:
        saved.reviewed_at = utcnow()
        db.session.commit()
        flash(gettext("Thank you. Your plan is marked as looked over today."))
    return redirect(url_for("prevention.plan"), code=303)


def init_app(app: Flask) -> None:
    """The blueprint, and the plan's part of a member's page of the client."""
    app.register_blueprint(bp)
    member_part.init_app(app)
