"""The demo client's monthly review: on the 15th at 10:00 with Jordan, Sam and Dr Riley, and last
month's review held. Called by `flask demo`."""
from datetime import date, timedelta

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.network.models import Contact
from recoverynet.review.due import schedule
from recoverynet.review.models import MonthlyReview, ReviewAttendee, ReviewParticipant, ReviewPlan
from recoverynet.timeutil import local_today

ASKED = ("partner", "peer coach", "clinician")


def _last_review_day(today: date) -> date:
    """The 15th before today: this month's once it has passed, else last month's."""
    if today.day > 15:
        return today.replace(day=15)
    return (today.replace(day=1) - timedelta(days=1)).replace(day=15)


def add_demo_review(client: User, cards: dict[str, Contact]) -> None:
    plan = ReviewPlan(client_id=client.id, day_of_month=15, time="10:00",
                      participants=[ReviewParticipant(member_id=cards[role].member_id) for role in ASKED])
    schedule(plan, client.timezone)
    db.session.add(plan)
    db.session.add(MonthlyReview(
        client_id=client.id, held_on=_last_review_day(local_today(client.timezone)),
        safety="Crisis plan read through together; the naloxone kit is in date.",
        goals="Keep going to two meetings a week. Try climbing with Sam again.",
        medication="Naltrexone morning and evening; one evening dose missed after a late shift.",
        needs="The rent moving earlier: Sam is finding the housing advice line.",
        roles="Jordan helps with the doses, Sam with meetings and housing, Dr Riley with the prescription.",
        private_note="I was nervous beforehand, and it went fine.",
        attendees=[ReviewAttendee(member_id=cards[role].member_id) for role in ("peer coach", "clinician")]))
