"""The demo clinician's caseload: beside the demo client, three made-up clients who name Dr Riley
their clinician or peer coach and share their measures, each showing different flags. Fictional
people and data only. Called by `flask demo`."""
import uuid
from datetime import time, timedelta

from sqlalchemy import delete, select

from recoverynet.auth.models import User
from recoverynet.auth.passwords import hash_password
from recoverynet.checkins.models import ActionItem, Checkin, CheckinPlan
from recoverynet.crisis.models import CrisisPlan
from recoverynet.extensions import db
from recoverynet.log.models import Entry
from recoverynet.measures.models import Questionnaire
from recoverynet.network.models import Contact, Grant
from recoverynet.sobriety.models import Slip
from recoverynet.timeutil import local_today, utc_moment, utcnow

CLIENT_PASSWORD = "demo-caseload-2026"
CLINICIAN_EMAIL = "demo.clinician@example.org"  # Dr Riley, of the demo client's network
# (email, name, what the client calls Dr Riley, sober days)
CLIENTS = [
    ("demo.morgan@example.org", "Morgan Example", "clinician", 64),
    ("demo.taylor@example.org", "Taylor Example", "peer coach", 9),
    ("demo.robin@example.org", "Robin Example", "clinician", 150),
]


def add_demo_caseload() -> None:
    """Morgan logged every day, then nothing for four days; Taylor had high cravings and low days,
    a slip, a missed check-in and an item past its day; Robin is steady, but their BARC-10 fell."""
    clinician_id = db.session.scalar(select(User.id).where(User.email == CLINICIAN_EMAIL))
    db.session.execute(delete(User).where(User.email.in_([email for email, *_ in CLIENTS])))
    now, password_hash = utcnow(), hash_password(CLIENT_PASSWORD)  # hashing is slow on purpose: once
    for email, name, relationship, sober in CLIENTS:
        client = User(email=email, password_hash=password_hash, display_name=f"{name} (demo)",
                      timezone="Europe/London", country="GB", confirmed_at=now, created_at=now - timedelta(days=200),
                      sober_since=local_today("Europe/London") - timedelta(days=sober))
        db.session.add(client)
        db.session.flush()
        card = Contact(client_id=client.id, name="Dr Riley", relationship=relationship, circle="outer",
                       member_id=clinician_id, joined_at=now - timedelta(days=60))
        card.grants = [Grant(scope="measures"), Grant(scope="sober_days")]
        db.session.add(card)
        SEEDS[name](client, now, local_today(client.timezone))


def _entries(client: User, now, days, mood, craving) -> None:
    """An entry on each of the client's local days `days` back: at midday (or now, today before
    midday), so the day each falls on never depends on the hour the demo is made."""
    today = local_today(client.timezone)

    def moment(back: int):
        return min(utc_moment(today - timedelta(days=back), time(12), client.timezone), now)

    db.session.add_all(Entry(user_id=client.id, device_id=str(uuid.uuid4()), mood=mood(back), craving=craving(back),
                             logged_at=moment(back)) for back in days)


def _morgan(client: User, now, today) -> None:
    _entries(client, now, range(4, 25), lambda back: 3 + back % 2, lambda back: 2)
    db.session.add(CrisisPlan(user_id=client.id, warning_signs="Skipping meals", reviewed_at=now - timedelta(days=20)))


def _taylor(client: User, now, today) -> None:
    _entries(client, now, range(0, 5), lambda back: 2 if back < 3 else 3, lambda back: 9 if back < 2 else 5)
    db.session.add_all([Slip(user_id=client.id, happened_on=today - timedelta(days=2), note="After the funeral."),
                        CheckinPlan(client_id=client.id, weekday=(today.weekday() - 2) % 7, time="17:00",
                                    updated_at=now - timedelta(days=40)),
                        CrisisPlan(user_id=client.id, warning_signs="Not answering the phone")])
    checkin = Checkin(client_id=client.id, held_on=today - timedelta(days=16))
    db.session.add(checkin)
    db.session.flush()
    db.session.add(ActionItem(client_id=client.id, checkin_id=checkin.id, what="Call the GP about sleep",
                              owner_id=client.id, due_on=today - timedelta(days=6)))


def _robin(client: User, now, today) -> None:
    _entries(client, now, range(0, 30), lambda back: 4, lambda back: 1)
    db.session.add_all([Questionnaire(client_id=client.id, instrument="barc10", taken_on=today - timedelta(days=33),
                                      completed_at=now - timedelta(days=33), score=52, answered=10),
                        Questionnaire(client_id=client.id, instrument="barc10", taken_on=today - timedelta(days=2),
                                      completed_at=now - timedelta(days=2), score=45, answered=10),
                        CrisisPlan(user_id=client.id, warning_signs="Isolating",
                                   reviewed_at=now - timedelta(days=100))])


SEEDS = {"Morgan Example": _morgan, "Taylor Example": _taylor, "Robin Example": _robin}
