"""The demo client's months behind the progress page: the weekly check-ins held before the three
checkins/demo.py writes (a week missed now and then), each with a line from the client, and the
meetings of the four months before the ones the demo logs. Fictional, called by `flask demo` after
every other part."""
from datetime import timedelta

from sqlalchemy import func, select

from recoverynet.auth.models import User
from recoverynet.checkins.models import Checkin, CheckinNote
from recoverynet.extensions import db
from recoverynet.meetings.models import Meeting
from recoverynet.timeutil import local_today

EARLIER_WEEKS = 16
WELLBEING = ("Tired but steady.", "A hard week at work; talked it through.", "Better sleep this week.",
             "Cravings came and went.", "Quiet week, went for walks.")
KINDS = ("na", "smart", "na", "aa")


def add_demo_progress(client: User) -> None:
    first_held = db.session.scalar(select(func.min(Checkin.held_on)).where(Checkin.client_id == client.id))
    if first_held is not None:
        for week in range(1, EARLIER_WEEKS + 1):
            if week % 5 == 0:  # a week the check-in didn't happen
                continue
            checkin = Checkin(client_id=client.id, held_on=first_held - timedelta(days=7 * week))
            db.session.add(checkin)
            db.session.flush()
            db.session.add(CheckinNote(checkin_id=checkin.id, section="wellbeing", author_id=client.id,
                                       text=WELLBEING[week % len(WELLBEING)]))
    today = local_today(client.timezone)
    db.session.add_all(Meeting(client_id=client.id, attended_on=today - timedelta(days=days),
                               kind=KINDS[days % len(KINDS)]) for days in range(26, 130, 4) if days % 3)
