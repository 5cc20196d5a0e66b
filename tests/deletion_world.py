"""Shared set-up for deleting accounts and leaving networks: a full world around Casey, and a
walk of the database's tables (db.metadata) that finds every row about a person."""
import uuid
from datetime import date, timedelta

from sqlalchemy import select

from recoverynet.auth.models import AuthSession, EmailRequest, KnownDevice, LoginAttempt
from recoverynet.crisis.models import Callee, CrisisAlert, CrisisPlan
from recoverynet.extensions import db
from recoverynet.log.models import CustomTrigger
from recoverynet.mail import OutgoingEmail
from recoverynet.meetings.models import Meeting
from recoverynet.needs.models import Need, NeedHelper
from recoverynet.network.invites import create_invite
from recoverynet.network.models import SCOPES, Contact, Grant, ViewRecord
from recoverynet.notifications.models import Notification
from recoverynet.push.models import Delivery, PushSubscription
from recoverynet.reminders.models import Reminder
from recoverynet.rewards.models import Encouragement, Reward, RewardStatus
from recoverynet.sobriety.models import Slip
from recoverynet.timeutil import utcnow
from tests.helpers import add_entries, make_user


def build_casey_world(app, casey_id: int) -> dict:
    """Casey's space with a row in every table: entries with triggers, a slip, a meeting, a crisis
    plan whose callee is a card, an alert, a reminder with a phone and pushes, notifications, a
    session and known device, sign-in attempts and a queued email; Mia (all scopes, Spanish) has
    a pledge waiting, an unlocked reward, a message and views; Nia offered a reward; Dana's card
    waits on an invite. Casey has a practical need Mia and Dana help with, Mia changed last. Mia
    was told things about Casey (a crisis alert, a reward's answer)."""
    add_entries(app, casey_id, 3, triggers=["lonely", "payday"], note="CASEY-ENTRY-NOTE")
    with app.app_context():
        mia = make_user("mia@example.org", "Mia Member", is_client=False, language="es")
        nia = make_user("nia@example.org", "Nia Member", is_client=False, language="en")
        mia_card = Contact(client_id=casey_id, name="Mia", member_id=mia.id, joined_at=utcnow(), relationship="partner")
        mia_card.grants = [Grant(scope=scope) for scope in SCOPES]
        nia_card = Contact(client_id=casey_id, name="Nia", member_id=nia.id, joined_at=utcnow(), relationship="friend")
        dana_card = Contact(client_id=casey_id, name="Dana", relationship="sibling")
        db.session.add_all([mia_card, nia_card, dana_card])
        db.session.flush()
        plan = CrisisPlan(user_id=casey_id, warning_signs="CASEY-WARNING-SIGNS",
                          callees=[Callee(position=0, name="Mia", daytime_phone="01632 960001", contact_id=mia_card.id)])
        reminder = Reminder(user_id=casey_id, kind="checkin", times="20:00")
        phone = PushSubscription(user_id=casey_id, endpoint="https://push.example.org/casey", p256dh="k", auth="a")
        db.session.add_all([plan, reminder, phone])
        db.session.flush()
        pledge = Reward(client_id=casey_id, giver_id=mia.id, title="Dinner", milestone_kind="sober_days",
                        milestone_target=400)
        unlocked = Reward(client_id=casey_id, giver_id=mia.id, title="A book", status=RewardStatus.UNLOCKED,
                          unlocked_at=utcnow())
        offer = Reward(client_id=casey_id, giver_id=nia.id, title="Coffee", status=RewardStatus.OFFERED,
                       milestone_kind="checkins", milestone_target=50)
        db.session.add_all([
            pledge, unlocked, offer,
            Encouragement(client_id=casey_id, sender_id=mia.id, text="Proud of you, from Mia"),
            ViewRecord(client_id=casey_id, member_id=mia.id, scope="sober_days", shown="10 sober days"),
            CustomTrigger(user_id=casey_id, label="the bus stop"),
            Slip(user_id=casey_id, happened_on=date.today() - timedelta(days=20)),
            Meeting(client_id=casey_id, attended_on=date.today() - timedelta(days=1), kind="na", note="CASEY-MEETING"),
            CrisisAlert(user_id=casey_id, device_id=str(uuid.uuid4()), notified=1),
            Delivery(user_id=casey_id, subscription_id=phone.id, reminder_id=reminder.id, kind="reminder",
                     payload='{"title":"Check in","url":"/log/new"}'),
            Notification(user_id=casey_id, kind="encouragement", text="Mia: Proud of you", link="/rewards"),
            Notification(user_id=mia.id, kind="crisis_alert", text="Casey Client needs you.",
                         link=f"/support/{casey_id}"),
            Delivery(user_id=mia.id, kind="crisis_alert", payload=f'{{"title":"Casey","url":"/support/{casey_id}"}}'),
            AuthSession(token_hash=uuid.uuid4().hex * 2, user_id=casey_id, expires_at=utcnow() + timedelta(days=9)),
            KnownDevice(token_hash=uuid.uuid4().hex * 2, user_id=casey_id),
            LoginAttempt(email="casey@example.org", address="192.0.2.1", succeeded=False),
            EmailRequest(email="casey@example.org", client_address="192.0.2.1"),
            OutgoingEmail(recipient="casey@example.org", subject="Reset", body="A link"),
        ])
        db.session.flush()
        db.session.add(Notification(user_id=mia.id, kind="reward_answered", text="Casey Client said yes to Dinner.",
                                    link=f"/rewards/{pledge.id}"))
        db.session.commit()
        db.session.add(Need(client_id=casey_id, area="housing", title="CASEY-NEED", updated_by_id=mia.id,
                            helpers=[NeedHelper(contact_id=mia_card.id), NeedHelper(contact_id=dana_card.id)]))
        db.session.commit()
        # Her monthly review: Mia is asked, took part in one, and was reminded of the next.
        from recoverynet.review.models import MonthlyReview, ReviewAttendee, ReviewParticipant, ReviewPlan
        db.session.add_all([
            ReviewPlan(client_id=casey_id, day_of_month=5, time="18:00", participants=[ReviewParticipant(member_id=mia.id)]),
            MonthlyReview(client_id=casey_id, held_on=date.today(), goals="CASEY-REVIEW-GOAL",
                          attendees=[ReviewAttendee(member_id=mia.id)]),
            Notification(user_id=mia.id, kind="monthly_review", text="Casey's review is soon.", link=f"/review/{casey_id}")])
        db.session.commit()
        # A medication reminder with a dose answered (Mia holds the medication scope).
        from recoverynet.medication.models import MedicationAnswer
        pills = Reminder(user_id=casey_id, kind="medication", title="CASEY-PILLS", times="08:00")
        db.session.add(pills)
        db.session.flush()
        db.session.add(MedicationAnswer(user_id=casey_id, reminder_id=pills.id, day=date.today(), slot="08:00",
                                        answer="taken"))
        db.session.commit()
        # A questionnaire answered, and a month confirmed on the use-day calendar with a day marked.
        from recoverynet.measures.models import CalendarMonth, Questionnaire, QuestionnaireAnswer, UseDay
        db.session.add_all([Questionnaire(client_id=casey_id, instrument="mspss", taken_on=date.today(), score=5,
                                          answered=1, answers=[QuestionnaireAnswer(item="1", value=5)]),
                            UseDay(client_id=casey_id, day=date.today()),
                            CalendarMonth(client_id=casey_id, month=date.today().replace(day=1))])
        db.session.commit()
        # An early-warning sign Mia was told about, with her prompt.
        from recoverynet.warning.models import WarningNotice, WarningSign
        sign = WarningSign(client_id=casey_id, kind="slip", day=date.today(), since=utcnow(), text="CASEY-SIGN")
        db.session.add(sign)
        db.session.flush()
        db.session.add_all([WarningNotice(sign_id=sign.id, member_id=mia.id, send_at=utcnow(), told_at=utcnow()),
                            Notification(user_id=mia.id, kind="warning_sign", text="Casey might like a call today.",
                                         link=f"/support/{casey_id}")])
        db.session.commit()
        create_invite(dana_card)
        return {"mia": mia.id, "nia": nia.id, "mia_card": mia_card.id, "nia_card": nia_card.id,
                "dana_card": dana_card.id, "pledge": pledge.id, "unlocked": unlocked.id, "offer": offer.id}


def _key(table, row) -> tuple:
    return tuple(row._mapping[column.name] for column in table.primary_key.columns)


def owned_rows(person_id: int) -> dict[str, set]:
    """Every row that belongs to the person, by table: the rows that point at them through a key
    that deletes with them (not one that only clears, like a member's link on someone's card), and
    the rows that belong to those, on down. Found by walking db.metadata, so a new table is walked too."""
    tables = db.metadata.sorted_tables
    found: dict[str, dict[tuple, dict]] = {"user": {}}
    user = db.metadata.tables["user"]
    for row in db.session.execute(select(user).where(user.c.id == person_id)):
        found["user"][_key(user, row)] = dict(row._mapping)
    changed = True
    while changed:
        changed = False
        for table in tables:
            for key in table.foreign_keys:
                parent = key.column.table.name
                if key.ondelete == "SET NULL" or not found.get(parent):
                    continue
                values = {row[key.column.name] for row in found[parent].values()}
                for row in db.session.execute(select(table).where(key.parent.in_(values))):
                    rows = found.setdefault(table.name, {})
                    if _key(table, row) not in rows:
                        rows[_key(table, row)] = dict(row._mapping)
                        changed = True
    return {name: set(rows) for name, rows in found.items() if rows}


def rows_pointing_at(person_id: int) -> dict[str, int]:
    """How many rows of each table point at the person in any column that references a person."""
    counts = {}
    for table in db.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table.name == "user":
                count = len(db.session.execute(select(table).where(key.parent == person_id)).all())
                if count:
                    counts[f"{table.name}.{key.parent.name}"] = counts.get(f"{table.name}.{key.parent.name}", 0) + count
    return counts


def rows_with_address(email: str) -> dict[str, int]:
    """Rows that hold the address in a column named for one (sign-in attempts, the outbox...)."""
    counts = {}
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if column.name in ("email", "recipient"):
                count = len(db.session.execute(select(table).where(column == email)).all())
                if count:
                    counts[f"{table.name}.{column.name}"] = count
    return counts


def every_row() -> dict[str, dict[tuple, tuple]]:
    """The whole database, by table and primary key, to compare before and after."""
    return {table.name: {_key(table, row): tuple(row) for row in db.session.execute(select(table))}
            for table in db.metadata.sorted_tables}
