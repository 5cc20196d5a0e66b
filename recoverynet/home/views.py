"""The home page: a welcome for visitors; the count, next milestone and quick log for a client."""
from flask import Blueprint
from flask_login import current_user

from recoverynet.forms import Form
from recoverynet.log.entries import clean_device_id, entries_page, trigger_choices
from recoverynet.log.models import OUTCOMES
from recoverynet.network.access import supported_clients
from recoverynet.pages import render
from recoverynet.rewards.unlock import unlock_due_rewards
from recoverynet.sobriety.milestones import last_milestone, next_milestone, sober_days
from recoverynet.timeutil import local_today

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    """Show the client's day at a glance, or the welcome page when signed out."""
    if not current_user.is_authenticated:
        return render("home/welcome.html")
    supported = supported_clients(current_user)
    if not current_user.is_client:
        return render("home/supporter.html", supported=supported)
    unlock_due_rewards(current_user)
    today = local_today(current_user.timezone)
    since = current_user.sober_since
    recent, _ = entries_page(current_user, 1)
    return render(
        "home/index.html",
        days=sober_days(since, today),
        next_milestone=next_milestone(since, today) if since else None,
        last_milestone=last_milestone(since, today) if since else None,
        today=today,
        recent=recent[:3],
        form=Form({}),
        device_id=clean_device_id(None),
        trigger_choices=trigger_choices(current_user),
        outcomes=OUTCOMES,
        supported=supported,
    )
