"""The demo client's relapse-prevention plan: triggers, signs, what to do instead and who helps,
the times to watch. Called by `flask demo`."""
from datetime import timedelta

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.network.models import Contact
from recoverynet.prevention.models import PreventionAction, PreventionPlan
from recoverynet.timeutil import utcnow

# (what I do instead, the helper's relationship on the map or None)
ACTIONS = [("Text Sam before walking past the pub", "peer coach"),
           ("Eat something and rest after a night shift", None),
           ("Plan Friday evening with Jordan", "partner")]


def add_demo_prevention_plan(user: User, cards: dict[str, Contact]) -> None:
    actions = [PreventionAction(position=n, action=action, helper_name=cards[role].name if role else "",
                                contact_id=cards[role].id if role else None)
               for n, (action, role) in enumerate(ACTIONS)]
    db.session.add(PreventionPlan(
        user_id=user.id, triggers="Payday\nNight shifts\nArguments on the phone",
        warning_signs="Skipping meals\nStaying in alone\nRomanticising the old pub",
        high_risk_times="Friday evenings\nAfter a night shift", reviewed_at=utcnow() - timedelta(days=10),
        actions=actions))
