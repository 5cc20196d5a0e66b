"""The demo client looked back at the slip, and asked Sam (who wrote a view) and Dr Riley (not
yet). Called by `flask demo`."""
from datetime import datetime, time, timedelta

from recoverynet.analysis.models import Analysis, Perspective
from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.network.models import Contact
from recoverynet.sobriety.models import Slip
from recoverynet.timeutil import zone


def add_demo_analysis(client: User, slip: Slip, cards: dict[str, Contact]) -> None:
    asked_at = datetime.combine(slip.happened_on + timedelta(days=3), time(19), zone(client.timezone))
    analysis = Analysis(
        client_id=client.id, slip_id=slip.id, looked_at=slip.happened_on, created_at=asked_at,
        situation="A stressful week at work, then drinks after the shift.", place="The pub by the station",
        people="Two people from work", day="An argument with my brother on the phone at lunch",
        thoughts="'I deserve one after this week.'", feelings="Angry, then lonely", cravings="Strong from about four",
        chain="Argument at lunch\nSkipped dinner\nWalked the old way home\nSaid yes to one drink",
        after="Told Sam the next morning.", break_chain="Eat, take the bus, and text Sam before leaving work.")
    db.session.add(analysis)
    db.session.flush()
    db.session.add_all([
        Perspective(analysis_id=analysis.id, member_id=cards["peer coach"].member_id, asked_at=asked_at,
                    written_at=asked_at + timedelta(days=1), situation="Alex had been quiet all week.",
                    cravings="The texts stopped around five.",
                    chain="Long week\nNo meeting on Thursday\nThe old route home",
                    break_chain="I can ring at five on Fridays, and we keep Thursdays."),
        Perspective(analysis_id=analysis.id, member_id=cards["clinician"].member_id, asked_at=asked_at),
    ])
