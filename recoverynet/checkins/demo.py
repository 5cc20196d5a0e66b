"""The demo client's weekly check-in: Thursdays at 18:30 with Jordan and Sam, the last three held,
with notes in the agenda's sections and action items, some done, some open and owned by the
supporters (so their Homes list them). Called by `flask demo`."""
from datetime import datetime, time, timedelta

from recoverynet.auth.models import User
from recoverynet.checkins.agenda import next_meeting_day
from recoverynet.checkins.models import ActionItem, Checkin, CheckinNote, CheckinParticipant, CheckinPlan
from recoverynet.extensions import db
from recoverynet.network.models import Contact
from recoverynet.reminders.models import Reminder
from recoverynet.reminders.schedule import reschedule
from recoverynet.timeutil import local_today, zone

# Weeks back, then (section, who: "client"/"partner"/"peer coach", text) and
# (what, owner, due days after the meeting, done days after the meeting or None). Last week's
# open items fall due after today, whichever weekday the demo is built on.
WEEKS = {
    3: ([("wellbeing", "client", "Tired after night shifts, cravings in the evenings."),
         ("wins", "client", "Went to two meetings."),
         ("practical", "partner", "The GP appointment needs booking before the prescription runs out.")],
        [("Book the GP appointment", "client", 2, 1),
         ("Drive Alex to the GP on Tuesday", "partner", 5, 5)]),
    2: ([("wellbeing", "client", "Sleeping better. Mood steadier."),
         ("risks", "peer coach", "The work party on Friday could be hard. Plan to leave early."),
         ("practical", "client", "The landlord wants the rent a week earlier from next month.")],
        [("Leave the work party by nine and text Sam", "client", 3, 3),
         ("Send Alex the number of the housing advice line", "peer coach", 4, 2)]),
    1: ([("wellbeing", "client", "A good week. Climbing on Saturday helped."),
         ("wins", "partner", "Alex cooked dinner twice and we talked more."),
         ("risks", "client", "Payday on Friday: the old pub route home."),
         ("actions", "peer coach", "Let's look at the bus times together.")],
        [("Ask the pharmacy about a weekly blister pack", "partner", 8, None),
         ("Find a bus route home that avoids the high street", "peer coach", 10, None),
         ("Call the housing advice line", "client", 9, None)]),
}
PARTICIPANTS = ("partner", "peer coach")


def add_demo_checkins(client: User, cards: dict[str, Contact]) -> None:
    people = {"client": client.id} | {role: cards[role].member_id for role in PARTICIPANTS}
    reminder = Reminder(user_id=client.id, kind="weekly", weekday=3, times="18:30", lead_minutes=60)
    reschedule(reminder, client.timezone)
    db.session.add(reminder)
    db.session.flush()
    plan = CheckinPlan(client_id=client.id, weekday=3, time="18:30", mode="in_person",
                       place="Kitchen table at home", reminder_id=reminder.id,
                       participants=[CheckinParticipant(member_id=people[role]) for role in PARTICIPANTS])
    db.session.add(plan)
    today, tz = local_today(client.timezone), zone(client.timezone)
    last = next_meeting_day(plan, today) - timedelta(days=7)
    for weeks_back, (notes, items) in WEEKS.items():
        held_on = last - timedelta(days=7 * (weeks_back - 1))
        at = datetime.combine(held_on, time(18, 45), tz)
        checkin = Checkin(client_id=client.id, held_on=held_on, created_at=at)
        db.session.add(checkin)
        db.session.flush()
        db.session.add_all(CheckinNote(checkin_id=checkin.id, section=section, author_id=people[who], text=text,
                                       created_at=at) for section, who, text in notes)
        for what, owner, due_after, done_after in items:
            done_at = at + timedelta(days=done_after) if done_after is not None else None
            db.session.add(ActionItem(client_id=client.id, checkin_id=checkin.id, what=what, owner_id=people[owner],
                                      due_on=held_on + timedelta(days=due_after), created_by_id=client.id,
                                      created_at=at, done_at=done_at, ticked_by_id=people[owner] if done_at else None,
                                      ticked_at=done_at))
