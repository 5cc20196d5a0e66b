"""`flask demo`: a made-up client with 90 days of realistic entries, so the app looks alive."""
import os
import random
import uuid
from datetime import datetime, time, timedelta
from urllib.parse import urlsplit

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from recoverynet.analysis.demo import add_demo_analysis
from recoverynet.auth.models import User
from recoverynet.auth.passwords import hash_password
from recoverynet.caseload.demo import add_demo_caseload
from recoverynet.checkins.demo import add_demo_checkins
from recoverynet.crisis.demo import add_demo_crisis_plan
from recoverynet.demo_network import MEMBER_PASSWORD, add_demo_network, remove_demo_members
from recoverynet.extensions import db
from recoverynet.log.models import CustomTrigger, Entry, EntryTrigger
from recoverynet.measures.demo import add_demo_measures
from recoverynet.measures.demo_progress import add_demo_progress
from recoverynet.medication.demo import add_demo_medication
from recoverynet.meetings.models import Meeting
from recoverynet.needs.demo import add_demo_needs
from recoverynet.network.models import Contact
from recoverynet.prevention.demo import add_demo_prevention_plan
from recoverynet.reminders.demo import add_demo_reminders
from recoverynet.review.demo import add_demo_review
from recoverynet.rewards.unlock import unlock_due_rewards
from recoverynet.sobriety.models import Slip
from recoverynet.timeutil import local_today, utcnow, zone
from recoverynet.warning.demo import add_demo_early_warning

DEMO_EMAIL = "demo.client@example.org"
DEMO_PASSWORD = "demo-recovery-2026"
DAYS = 90
SLIP_DAYS_AGO = 47

# Made-up situations; the names are obviously fictional.
SITUATIONS = [
    ("Long shift, skipped lunch", "hungry,tired", "Ate something, went for a walk", "on_track"),
    ("Argument with my brother on the phone", "angry,conflict", "Texted my peer coach", "on_track"),
    ("Friday night, everyone heading to the pub", "people,places,payday", "Went to the cinema instead", "on_track"),
    ("Quiet evening alone in the flat", "lonely,boredom", "Called Robin Example", "on_track"),
    ("Back ache flared up", "pain,stress", "Breathing exercise, early night", "on_track"),
    ("Walked past the old off-licence", "a cue,places", "Crossed the road, kept walking", "on_track"),
    ("Team celebration after work", "celebration,people", "Left early", "on_track"),
]


def _pick_triggers(rng: random.Random, moment: datetime) -> list[str]:
    triggers = []
    if moment.hour >= 19:
        triggers += rng.sample(["tired", "lonely", "boredom"], k=rng.randint(0, 2))
    if moment.weekday() == 4:
        triggers += ["payday"] if rng.random() < 0.5 else ["people"]
    if rng.random() < 0.25:
        triggers.append(rng.choice(["stress", "hungry", "conflict", "places", "night shift"]))
    return sorted(set(triggers))


def _entries(user: User, rng: random.Random):
    tz = zone(user.timezone)
    today = local_today(user.timezone)
    for days_ago in range(DAYS, -1, -1):
        day = today - timedelta(days=days_ago)
        # Recovery is not a straight line: better over time, rougher around the slip.
        progress = (DAYS - days_ago) / DAYS
        rough = 1.5 if abs(days_ago - SLIP_DAYS_AGO) <= 3 else 0
        for hour in sorted(rng.sample([8, 13, 18, 21], k=rng.choice([1, 1, 2, 2, 3]))):
            moment = datetime.combine(day, time(hour, rng.randint(0, 59)), tz)
            if days_ago == 0 and moment > datetime.now(tz):
                continue
            mood = round(min(5, max(1, rng.gauss(2.4 + 2 * progress - rough, 0.8))))
            craving = round(min(10, max(0, rng.gauss(6 - 4.5 * progress + 2 * rough - (mood - 3), 1.5))))
            entry = Entry(user_id=user.id, device_id=str(uuid.UUID(int=rng.getrandbits(128))),
                          mood=mood, craving=craving, logged_at=moment)
            labels = _pick_triggers(rng, moment)
            if craving >= 6 and rng.random() < 0.7:
                situation, tags, coping, outcome = rng.choice(SITUATIONS)
                labels = sorted(set(labels) | set(tags.split(",")))
                entry.situation, entry.coping, entry.outcome = situation, coping, outcome
            if days_ago == SLIP_DAYS_AGO and hour >= 18:
                entry.situation = "Stressful week, ended up at the pub after work"
                entry.outcome, entry.feelings = "slipped", "Ashamed at first, then relieved I told someone"
            entry.triggers = [EntryTrigger(label=label) for label in labels]
            yield entry


def _add_every_part(user: User, slip: Slip) -> None:
    """Each feature seeds its own part (its demo.py), with the cards of the network just made."""
    db.session.flush()
    cards = {card.relationship: card
             for card in db.session.scalars(select(Contact).where(Contact.client_id == user.id))}
    add_demo_medication(user)
    add_demo_reminders(user)
    add_demo_crisis_plan(user, cards)
    add_demo_checkins(user, cards)
    add_demo_review(user, cards)
    add_demo_needs(user, cards)
    add_demo_prevention_plan(user, cards)
    add_demo_analysis(user, slip, cards)
    add_demo_measures(user, slip.happened_on)
    add_demo_progress(user)  # the months before, for the progress page
    add_demo_early_warning(user, cards)
    db.session.flush()
    unlock_due_rewards(user)


def sign_in_address() -> str:
    """The sign-in page where `make run` serves the app: PUBLIC_URL, else HOST and PORT, read
    from the environment as scripts/run_dev.sh reads them (a wildcard host is opened locally)."""
    host = os.environ.get("HOST") or "127.0.0.1"
    if host == "0.0.0.0":
        host = "127.0.0.1"
    base = os.environ.get("PUBLIC_URL", "").strip().rstrip("/") or f"http://{host}:{os.environ.get('PORT') or 5000}"
    parts = urlsplit(base)
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    return adapter.build("auth.login", force_external=True)


@click.command("demo")
@with_appcontext
def demo_command():
    """Fill the database with a made-up client and 90 days of entries."""
    existing = db.session.scalar(select(User).where(User.email == DEMO_EMAIL))
    if existing:
        db.session.delete(existing)
    remove_demo_members()
    db.session.commit()
    rng = random.Random(2026)
    user = User(email=DEMO_EMAIL, password_hash=hash_password(DEMO_PASSWORD),
                display_name="Alex Example (demo)", timezone="Europe/London", country="GB",
                confirmed_at=utcnow(), sober_activity="Climbing with Sam on Saturday morning")
    db.session.add(user)
    db.session.flush()
    today = local_today(user.timezone)
    slip_day = today - timedelta(days=SLIP_DAYS_AGO)
    user.sober_since = slip_day + timedelta(days=1)
    slip = Slip(user_id=user.id, happened_on=slip_day, previous_sober_since=today - timedelta(days=120),
                new_sober_since=user.sober_since, note="Told my peer coach the next morning.")
    db.session.add(slip)
    db.session.add(CustomTrigger(user_id=user.id, label="night shift"))
    entries = list(_entries(user, rng))
    db.session.add_all(entries)
    db.session.add_all(Meeting(client_id=user.id, attended_on=today - timedelta(days=d), kind=kind)
                       for d, kind in ((1, "na"), (4, "smart"), (8, "na"), (11, "aa"), (15, "na"), (22, "smart")))
    member_emails = add_demo_network(user)
    _add_every_part(user, slip)
    add_demo_caseload()  # the demo clinician's other clients
    db.session.commit()
    click.echo(f"Demo client ready with {len(entries)} entries over {DAYS} days and a network of 5.")
    click.echo(f"  Sign in at {sign_in_address()} as {DEMO_EMAIL} / {DEMO_PASSWORD}")
    click.echo(f"  Supporters (password {MEMBER_PASSWORD}): {', '.join(member_emails)}")
