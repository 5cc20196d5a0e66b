"""The demo client's network: made-up people, some with accounts, with rewards and messages."""
from datetime import timedelta

from sqlalchemy import delete

from recoverynet.auth.models import User
from recoverynet.auth.passwords import hash_password
from recoverynet.extensions import db
from recoverynet.network.models import SCOPES, Contact, Grant, ViewRecord
from recoverynet.rewards.models import Encouragement, Reward, RewardStatus
from recoverynet.timeutil import utcnow

MEMBER_PASSWORD = "demo-supporter-2026"
# (email or None for map-only, name, relationship, circle, label, reliability, helpfulness, scopes, notes)
PEOPLE = [
    ("demo.partner@example.org", "Jordan Example", "partner", "inner", "helpful", 5, 5,
     ("sober_days", "mood_summary", "checkins", "crisis_alerts", "medication"),  # helps with the daily doses
     "Best at calming me down at night."),
    (None, "Kim Example", "sibling", "middle", "mixed", 3, 3, (), "Means well, lectures sometimes."),
    ("demo.peer@example.org", "Sam Example", "peer coach", "inner", "helpful", 4, 5,
     tuple(SCOPES), "Ten years sober, meets me Thursdays."),
    ("demo.clinician@example.org", "Dr Riley Example", "clinician", "outer", "helpful", 5, 4,
     tuple(SCOPES), "Community drug and alcohol team, weekday mornings."),
    (None, "Lee Example (old friend)", "friend", "outer", "risky", 2, 1, (), "Still drinks most nights. Avoid the Crown."),
]


def _member(email: str, name: str) -> User:
    existing = db.session.query(User).filter_by(email=email).one_or_none()
    if existing:
        db.session.delete(existing)
        db.session.flush()
    user = User(email=email, password_hash=hash_password(MEMBER_PASSWORD), display_name=f"{name} (demo)",
                timezone="Europe/London", country="GB", is_client=False, confirmed_at=utcnow())
    db.session.add(user)
    db.session.flush()
    return user


def add_demo_network(client: User) -> list[str]:
    """Build the map and return the members' sign-in emails."""
    now = utcnow()
    members = {}
    for email, name, relationship, circle, label, reliability, helpfulness, scopes, notes in PEOPLE:
        member = _member(email, name) if email else None
        contact = Contact(client_id=client.id, name=name.replace(" Example", ""), relationship=relationship,
                          circle=circle, label=label, reliability=reliability, helpfulness=helpfulness,
                          notes=notes, phone="+44 7700 900" + str(100 + len(members) * 7),
                          available_daytime=True, available_out_of_hours=relationship in ("partner", "peer coach"),
                          boundaries="Texts any time; calls after 8am." if member else "",
                          member_id=member.id if member else None, joined_at=now - timedelta(days=40) if member else None)
        contact.grants = [Grant(scope=scope) for scope in scopes]
        db.session.add(contact)
        if member:
            members[relationship] = member
    partner, peer, clinician = members["partner"], members["peer coach"], members["clinician"]
    db.session.add_all([
        Reward(client_id=client.id, giver_id=partner.id, title="Dinner at our favourite place", kind="meal",
               milestone_kind="sober_days", milestone_target=60, pledged_at=now - timedelta(days=30)),
        Reward(client_id=client.id, giver_id=peer.id, title="Cinema and popcorn", kind="outing",
               milestone_kind="meetings", milestone_target=8, pledged_at=now - timedelta(days=20)),
        # Reached already: `flask demo` unlocks it as the worker would (unlock_due_rewards).
        Reward(client_id=client.id, giver_id=peer.id, title="A new chalk bag for climbing", kind="gift",
               milestone_kind="sober_days", milestone_target=45, pledged_at=now - timedelta(days=40)),
        Reward(client_id=client.id, giver_id=partner.id, title="A day at the seaside", kind="time_together",
               milestone_kind="sober_days", milestone_target=30, status=RewardStatus.REDEEMED,
               pledged_at=now - timedelta(days=35), unlocked_at=now - timedelta(days=17),
               redeemed_at=now - timedelta(days=12), thanks="Best day in months. Thank you.",
               thanked_at=now - timedelta(days=12)),
        Encouragement(client_id=client.id, sender_id=peer.id, text="One day at a time. See you Thursday.",
                      sent_at=now - timedelta(days=2)),
        Encouragement(client_id=client.id, sender_id=partner.id, text="I'm proud of you.",
                      sent_at=now - timedelta(hours=5)),
        ViewRecord(client_id=client.id, member_id=clinician.id, scope="mood_summary",
                   shown="Mood and craving, last 14 days", viewed_at=now - timedelta(days=1)),
    ])
    return [partner.email, peer.email, clinician.email]


def remove_demo_members() -> None:
    emails = [p[0] for p in PEOPLE if p[0]]
    db.session.execute(delete(User).where(User.email.in_(emails)))
