"""The demo client's crisis plan: Jordan and Sam to call, the community team, what helps, and the
naloxone plan. Called by `flask demo`."""
from datetime import timedelta

from recoverynet.auth.models import User
from recoverynet.crisis.models import Callee, CrisisPlan
from recoverynet.extensions import db
from recoverynet.network.models import Contact
from recoverynet.timeutil import utcnow


def add_demo_crisis_plan(user: User, cards: dict[str, Contact]) -> None:
    partner, peer, clinician = cards["partner"], cards["peer coach"], cards["clinician"]
    db.session.add(CrisisPlan(
        user_id=user.id, reviewed_at=utcnow() - timedelta(days=20),
        warning_signs="Skipping meals\nNot answering texts\nThinking 'just one won't hurt'",
        coping_alone="Cold water on my face\nBreathe in for four, out for six\nWalk round the block",
        distractions="Climbing videos\nCooking something new\nThe cinema",
        reasons="Waking up clear-headed\nJordan\nKeeping my job",
        uses_opioids=True, naloxone_who="Jordan and Sam both know how to use it.",
        naloxone_where="Kitchen drawer by the kettle, and one in my rucksack.", naloxone_trained="yes",
        callees=[Callee(position=0, name=partner.name, daytime_phone=partner.phone,
                        out_of_hours_phone=partner.phone, contact_id=partner.id),
                 Callee(position=1, name=peer.name, daytime_phone=peer.phone,
                        out_of_hours_phone=peer.phone, contact_id=peer.id),
                 Callee(position=2, professional=True, name=clinician.name, daytime_phone="01632 960123",
                        contact_id=clinician.id)]))
