"""Is a client with five years of history as fast as a new one, on every page they or a member open?

    .venv/bin/python bench/history_growth.py [--rounds 60] [--entries 20000] [--only TEXT] [--database-url URL]

Makes, in one throwaway database, two clients with the same present (a network of 6 members
with scopes, the same open rewards and unread notifications):

  new      10 entries over the last few days, nothing else behind them;
  5-year   20,000 entries over five years (several a day, with gaps of days and weeks; triggers
           on some, notes and detail on others), a year of meetings, five years of rewards
           (redeemed, withdrawn, declined), encouragement, notifications, member views and
           old sessions.

Around them, 200 other clients with 100 entries each, as on a real server (a query plan that
reads everyone's newest entries looks fine when one client owns them all).

Then signs in as each client and as a member with every scope in each network (the Flask test
client, in process) and times every page, new and 5-year interleaved, ROUNDS times each. It
prints the median time, the ratio 5-year / new, the SQL statements each request ran and the
size of each page (a page that shows more costs more, whatever the history behind it).

The database is a temporary SQLite file, or PostgreSQL with --database-url or DATABASE_URL. On
PostgreSQL the tables are created and dropped again; the script refuses a database that already
has a `user` table unless you pass --reset-database (which wipes it).
"""
import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, time as clock, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "bench-only-password"
# A check-in page is timed on one held on this Monday (its address needs the day); the 5-year
# client has one every week for five years before it.
CHECKIN_DAY = "2021-01-04"
LAST_MONTH = (datetime.now().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")  # always begun
HISTORY_ENTRIES = 20_000
NEW_ENTRIES = 10
YEARS = 5
OTHER_CLIENTS, OTHER_ENTRIES = 200, 100

# Every page a client or a member opens: (row, who opens it, path for the new client, path for
# the 5-year client). {client} is the client's id. Every new page joins this list, so the next
# feature is held to the same target.
PAGES = [
    ("home", "client", "/", "/"),
    ("log, first page", "client", "/log", "/log"),
    # The new client has one page of entries: its last page stands in for the 5-year client's 50th.
    ("log, page 50 (new: its last)", "client", "/log?page=1", "/log?page=50"),
    ("crisis", "client", "/crisis", "/crisis"),
    ("member view (all scopes)", "member", "/support/{client}", "/support/{client}"),
    ("rewards", "client", "/rewards", "/rewards"),
    ("network", "client", "/network", "/network"),
    ("notifications", "client", "/notifications", "/notifications"),
    ("settings", "client", "/settings", "/settings"),
    ("new entry form", "client", "/log/new", "/log/new"),
    ("meetings", "client", "/meetings", "/meetings"),
    ("who saw what", "client", "/network/views", "/network/views"),
    ("crisis plan", "client", "/crisis/plan", "/crisis/plan"),
    ("relapse-prevention plan", "client", "/plan/prevention", "/plan/prevention"),
    ("reminders", "client", "/reminders", "/reminders"),
    ("people I support (member)", "member", "/support", "/support"),
    ("your triggers", "client", "/log/triggers", "/log/triggers"),
    ("delete my account", "client", "/settings/delete", "/settings/delete"),
    ("leave a network (member)", "member", "/support/{client}/leave", "/support/{client}/leave"),
    # Looking back at a slip: the list (the 5-year client has 60 behind them), one with a member's
    # view, a step with the log's entries around its day, and the member's page of it.
    ("looking back", "client", "/analysis", "/analysis"),
    ("looking back at a day", "client", "/analysis/{analysis}", "/analysis/{analysis}"),
    ("looking back, first step", "client", "/analysis/{analysis}/before", "/analysis/{analysis}/before"),
    ("looking back (member)", "member", "/support/{client}/looking-back/{analysis}",
     "/support/{client}/looking-back/{analysis}"),
    ("practical needs", "client", "/needs", "/needs"),
    ("add a need", "client", "/needs/new", "/needs/new"),
    ("practical needs (member)", "member", "/support/{client}/needs", "/support/{client}/needs"),
    ("weekly check-in", "client", "/checkins", "/checkins"),
    ("weekly check-in (member)", "member", "/checkins/{client}", "/checkins/{client}"),
    ("a check-in's agenda", "client", "/checkins/{client}/" + CHECKIN_DAY, "/checkins/{client}/" + CHECKIN_DAY),
    ("a check-in's agenda (member)", "member", "/checkins/{client}/" + CHECKIN_DAY,
     "/checkins/{client}/" + CHECKIN_DAY),
    ("schedule the weekly check-in", "client", "/checkins/schedule", "/checkins/schedule"),
    ("bring in my data", "client", "/settings/data/import", "/settings/data/import"),
    ("insights, 30 days", "client", "/insights", "/insights"),
    ("insights, a year", "client", "/insights?days=365", "/insights?days=365"),
    ("insights (member)", "member", "/support/{client}/insights?days=90", "/support/{client}/insights?days=90"),
    ("a sober social activity", "client", "/starter-plan/activity", "/starter-plan/activity"),
    # The monthly review: this month's (with every member's load), the member's list (the 5-year
    # client has 60 reviews behind them), one past review, and its schedule.
    ("monthly review", "client", "/review", "/review"),
    ("monthly review (member)", "member", "/review/{client}", "/review/{client}"),
    ("a past monthly review", "client", "/review/{client}/{review}", "/review/{client}/{review}"),
    ("a past monthly review (member)", "member", "/review/{client}/{review}", "/review/{client}/{review}"),
    ("schedule the monthly review", "client", "/review/schedule", "/review/schedule"),
    # The caseload: a clinician with 50 clients who each have a year of data, against one whose 50
    # clients have a week each (the same last week). (Its CSV service report is not a page: it shows
    # 12 months, so a year of data in them costs more to sum than a week: 4x when measured.)
    ("caseload (clinician)", "clinician", "/caseload", "/caseload"),
    # Medication: the 5-year client answered three doses a day for five years (Home and the member's
    # page show today's doses and the adherence too).
    ("medication", "client", "/medication", "/medication"),
    # Progress, month by month: the 5-year client has five years of everything behind the year shown,
    # a questionnaire of each kind every month and confirmed calendars; the new client its first week.
    ("progress", "client", "/progress", "/progress"),
    ("progress (member)", "member", "/support/{client}/progress", "/support/{client}/progress"),
    # The questionnaires and the use-day calendar (issue 10, part A): the 5-year client's measures page
    # lists the latest answers of five years of them; last month's calendar with its anchors. (A result
    # page reads one questionnaire, the latest, by the index; the new client has none, so it is not timed.)
    ("measures", "client", "/measures", "/measures"),
    ("a questionnaire", "client", "/measures/mspss", "/measures/mspss"),
    ("use-day calendar, last month", "client", "/measures/calendar/" + LAST_MONTH, "/measures/calendar/" + LAST_MONTH),
    # Early warning: the 5-year client's list holds a year of signs (kept a year), each told to members.
    ("early warning", "client", "/network/early-warning", "/network/early-warning"),
]

NOTES = ["Long day, made it through.", "Called my sponsor.", "Went to a meeting after work.",
         "Hard evening, sat with it.", "Walked instead of going past the pub.", "Slept badly."]
TRIGGERS = ["hungry", "angry", "lonely", "tired", "stress", "conflict", "people", "places", "boredom",
            "payday", "a cue"]


# ---- The app --------------------------------------------------------------------------------------

def make_app(instance: str, database_url: str, reset: bool):
    from sqlalchemy import inspect

    from recoverynet import create_app
    from recoverynet.extensions import db
    from recoverynet.models import recreate_tables

    app = create_app({"SECRET_KEY": "bench-only", "SQLALCHEMY_DATABASE_URI": database_url, "MAIL_SERVER": "",
                      "SESSION_COOKIE_SECURE": False, "PUBLIC_URL": "http://localhost"}, instance_path=instance)
    with app.app_context():
        if inspect(db.engine).has_table("user") and not reset:
            sys.exit(f"{database_url.split('@')[-1]} already has tables; pass --reset-database to wipe it.")
        recreate_tables()
    return app


# ---- The people and their history ---------------------------------------------------------------

def _user(password_hash: str, email: str, name: str, is_client: bool, since_days: int):
    from recoverynet.auth.models import User
    from recoverynet.timeutil import local_today, utcnow

    return User(email=email, password_hash=password_hash, display_name=name, is_client=is_client,
                timezone="Europe/London", country="GB", confirmed_at=utcnow() - timedelta(days=since_days),
                created_at=utcnow() - timedelta(days=since_days),
                sober_since=local_today("Europe/London") - timedelta(days=min(since_days, 200)) if is_client else None)


def entry_moments(rng: random.Random, count: int, days: int) -> list[datetime]:
    """`count` moments over the last `days` days, several a day, with days and weeks off."""
    from recoverynet.timeutil import utcnow, zone

    tz, now = zone("Europe/London"), utcnow()
    today = now.astimezone(tz).date()
    active, day = [], days
    while day >= 0:
        if day > 2 and rng.random() < 0.01:  # a week or three without the app
            day -= rng.randint(7, 21)
            continue
        if day == 0 or rng.random() > 0.08:  # an odd day off
            active.append(today - timedelta(days=day))
        day -= 1
    per_day = max(1, count // len(active))
    moments = []
    for n, date in enumerate(active):
        todays = per_day + (1 if n < count - per_day * len(active) else 0)
        for _ in range(todays):
            moment = datetime.combine(date, clock(rng.randint(7, 22), rng.randint(0, 59), rng.randint(0, 59)), tz)
            moments.append(min(moment, now - timedelta(minutes=rng.randint(1, 600))))
    return sorted(moments)[-count:]


def add_entries(user_id: int, moments: list[datetime], rng: random.Random) -> None:
    from sqlalchemy import insert

    from recoverynet.extensions import db
    from recoverynet.insights.months import entries_changed
    from recoverynet.log.models import Entry, EntryTrigger

    for start in range(0, len(moments), 2000):
        chunk = moments[start:start + 2000]
        rows = []
        for moment in chunk:
            detailed = rng.random() < 0.25
            rows.append({"user_id": user_id, "device_id": str(uuid.UUID(int=rng.getrandbits(128))),
                         "mood": rng.randint(1, 5), "craving": rng.choice([None, *range(11)]),
                         "situation": "After work, on the way home" if detailed else "",
                         "coping": "Texted a friend, went for a walk" if detailed else "",
                         "outcome": rng.choice([None, "on_track", "on_track", "slipped"]) if detailed else None,
                         "note": rng.choice(NOTES) if rng.random() < 0.2 else "",
                         "logged_at": moment, "updated_at": moment})
        ids = db.session.scalars(insert(Entry).returning(Entry.id, sort_by_parameter_order=True), rows).all()
        triggers = [{"entry_id": entry_id, "label": label} for entry_id in ids if rng.random() < 0.4
                    for label in rng.sample(TRIGGERS, k=rng.randint(1, 3))]
        if triggers:
            db.session.execute(insert(EntryTrigger), triggers)
    # Around the ORM: the insights page's months are summed at the commit, as an import's are.
    entries_changed(user_id, moments)


def add_network(client, password_hash: str, tag: str):
    """Six members with accounts and scopes; the first sees everything. Returns that member."""
    from recoverynet.extensions import db
    from recoverynet.network.models import SCOPES, Contact, Grant
    from recoverynet.timeutil import utcnow

    shapes = [("sponsor", "inner", tuple(SCOPES)), ("partner", "inner", ("sober_days", "mood_summary", "crisis_alerts")),
              ("peer coach", "inner", ("sober_days", "checkins")), ("clinician", "outer", tuple(SCOPES)),
              ("sibling", "middle", ("sober_days",)), ("friend", "middle", ())]
    members = []
    for n, (relationship, circle, scopes) in enumerate(shapes):
        member = _user(password_hash, f"{tag}.member{n}@example.org", f"{tag.title()} Member {n}", False, 30)
        db.session.add(member)
        db.session.flush()
        contact = Contact(client_id=client.id, name=f"Member {n}", relationship=relationship, circle=circle,
                          label="helpful", phone=f"+44 7700 900{100 + n}", member_id=member.id,
                          joined_at=utcnow() - timedelta(days=20), available_daytime=True)
        contact.grants = [Grant(scope=scope) for scope in scopes]
        db.session.add(contact)
        members.append(member)
    db.session.flush()
    return members


def add_present(client, members) -> None:
    """What both clients have now: open rewards, a few messages and unread notifications."""
    from recoverynet.extensions import db
    from recoverynet.notifications.models import Notification
    from recoverynet.rewards.models import Encouragement, Reward
    from recoverynet.timeutil import utcnow

    now = utcnow()
    sponsor, partner, peer = members[0], members[1], members[2]
    db.session.add_all([
        Reward(client_id=client.id, giver_id=partner.id, title="Dinner out", kind="meal", milestone_kind="sober_days",
               milestone_target=365, pledged_at=now - timedelta(days=10)),
        Reward(client_id=client.id, giver_id=sponsor.id, title="Cinema", kind="outing", milestone_kind="checkins",
               milestone_target=100_000, pledged_at=now - timedelta(days=6)),
        Reward(client_id=client.id, giver_id=peer.id, title="Climbing day", kind="outing", milestone_kind="meetings",
               milestone_target=500, pledged_at=now - timedelta(days=8)),
        Reward(client_id=client.id, giver_id=sponsor.id, title="A book", kind="gift", status="unlocked",
               pledged_at=now - timedelta(days=3), unlocked_at=now - timedelta(days=3)),
        Reward(client_id=client.id, giver_id=members[4].id, title="Coffee", kind="meal", status="offered",
               milestone_kind="checkins", milestone_target=50, pledged_at=now - timedelta(days=1)),
    ])
    db.session.add_all(Encouragement(client_id=client.id, sender_id=members[n % 3].id, text="Thinking of you today.",
                                     sent_at=now - timedelta(hours=5 + n * 20)) for n in range(5))
    db.session.add_all(Notification(user_id=client.id, kind="reward_pledged", text="Someone pledged a reward.",
                                    link="/rewards", created_at=now - timedelta(hours=n + 1)) for n in range(3))
    add_needs(client, still_open=5, sorted_long_ago=0)
    add_checkins(client, members, weeks=1)
    add_reviews(client, members, months=1)


def add_needs(client, still_open: int, sorted_long_ago: int) -> None:
    """Practical needs, each with two helpers (the first member among them): `still_open` now,
    `sorted_long_ago` spread over the years behind."""
    from sqlalchemy import select

    from recoverynet.extensions import db
    from recoverynet.needs.models import AREAS, Need, NeedHelper, NeedStatus
    from recoverynet.network.models import Contact
    from recoverynet.timeutil import utcnow

    cards = db.session.scalars(select(Contact.id).where(Contact.client_id == client.id).order_by(Contact.id)).all()
    now, areas = utcnow(), list(AREAS)
    for n in range(still_open + sorted_long_ago):
        done = n >= still_open
        moment = now - timedelta(days=30 + n * 40 if done else n + 1)
        db.session.add(Need(client_id=client.id, area=areas[n % len(areas)], title=f"Need {n}",
                            status=NeedStatus.SORTED if done else NeedStatus.IN_PROGRESS,
                            next_step="Call the office on Monday", created_at=moment, updated_at=moment,
                            updated_by_id=client.id,
                            helpers=[NeedHelper(contact_id=cards[0]), NeedHelper(contact_id=cards[1 + n % 4])]))


def add_checkins(client, members, weeks: int, weeks_back: int = 0) -> None:
    """`weeks` weekly check-ins, the latest `weeks_back` weeks before CHECKIN_DAY, each with a note
    in every section (one private) and two action items, one still open; the first member takes part."""
    from datetime import date

    from sqlalchemy import insert, select

    from recoverynet.checkins.models import SECTIONS, ActionItem, Checkin, CheckinNote, CheckinParticipant, CheckinPlan
    from recoverynet.extensions import db
    from recoverynet.timeutil import utcnow

    if not weeks_back:
        db.session.add(CheckinPlan(client_id=client.id, weekday=0, time="18:30", mode="phone",
                                   participants=[CheckinParticipant(member_id=members[0].id)]))
    latest = date.fromisoformat(CHECKIN_DAY) - timedelta(weeks=weeks_back)
    days = [latest - timedelta(weeks=n) for n in range(weeks)]
    db.session.execute(insert(Checkin), [{"client_id": client.id, "held_on": day} for day in days])
    held = db.session.execute(select(Checkin.id, Checkin.held_on).where(Checkin.client_id == client.id,
                                                                       Checkin.held_on.in_(days))).all()
    db.session.execute(insert(CheckinNote), [
        {"checkin_id": checkin_id, "section": section, "author_id": (client.id, members[0].id)[n % 2],
         "text": "A short note of what was said.", "private": n == 2}
        for checkin_id, _ in held for n, section in enumerate(SECTIONS)])
    db.session.execute(insert(ActionItem), [
        {"client_id": client.id, "checkin_id": checkin_id, "what": f"Something to do {n}",
         "owner_id": (client.id, members[0].id)[n], "due_on": held_on + timedelta(days=6),
         "done_at": None if n else utcnow()}
        for checkin_id, held_on in held for n in range(2)])


def add_reviews(client, members, months: int, months_back: int = 0) -> None:
    """`months` monthly reviews, the latest `months_back` months ago, each with a few words under
    every part and a private note, the first member taking part; with months_back=0 the schedule too."""
    from recoverynet.extensions import db
    from recoverynet.review.models import MonthlyReview, ReviewAttendee, ReviewParticipant, ReviewPlan
    from recoverynet.timeutil import local_today

    if not months_back:
        db.session.add(ReviewPlan(client_id=client.id, day_of_month=20, time="18:00",
                                  participants=[ReviewParticipant(member_id=members[0].id)]))
    today = local_today(client.timezone)
    words = {topic: "A few words of what was said." for topic in ("safety", "goals", "medication", "needs", "roles")}
    db.session.add_all(MonthlyReview(client_id=client.id, held_on=today - timedelta(days=30 * (months_back + n) + 1),
                                     private_note="Only for me.", attendees=[ReviewAttendee(member_id=members[0].id)],
                                     **words) for n in range(months))


def add_looking_back(client, members, earlier: int) -> int:
    """Looking back at two days ago, with the first member's view beside it; `earlier` more, a
    slip every month or so, behind it. Returns the recent one's id."""
    from recoverynet.analysis.models import Analysis, Perspective
    from recoverynet.extensions import db
    from recoverynet.timeutil import local_today, utcnow

    today, member = local_today(client.timezone), members[0]
    words = {"situation": "Payday, home alone after a row", "thoughts": "Nobody would know",
             "chain": "Got paid\nRow on the phone\nWalked past the pub\nWent in", "break_chain": "Call my sponsor"}
    looked_back = [Analysis(client_id=client.id, looked_at=today - timedelta(days=2 + 30 * n), **words)
                   for n in range(earlier + 1)]
    db.session.add_all(looked_back)
    db.session.flush()
    db.session.add_all(Perspective(analysis_id=analysis.id, member_id=member.id, situation="Sounded flat",
                                   written_at=utcnow()) for analysis in looked_back)
    return looked_back[0].id


def add_years_behind(client, members, rng: random.Random) -> None:
    """Five years of everything else: meetings, rewards, messages, notifications, views, sessions."""
    from sqlalchemy import insert

    from recoverynet.auth.models import AuthSession
    from recoverynet.extensions import db
    from recoverynet.meetings.models import Meeting
    from recoverynet.network.models import SCOPES, ViewRecord
    from recoverynet.notifications.models import Notification
    from recoverynet.rewards.models import Encouragement, Reward
    from recoverynet.timeutil import local_today, utcnow

    now, today, days = utcnow(), local_today(client.timezone), YEARS * 365
    ago = lambda: now - timedelta(days=rng.randint(30, days), minutes=rng.randint(0, 1439))  # noqa: E731
    db.session.execute(insert(Meeting), [
        {"client_id": client.id, "attended_on": today - timedelta(days=d), "kind": rng.choice(["aa", "na", "smart"]),
         "recorded_at": now - timedelta(days=d)} for d in range(1, 366) if rng.random() < 0.45])
    rewards = []
    for n in range(40):
        pledged = ago()
        status = rng.choice(["redeemed"] * 6 + ["withdrawn", "declined"])
        rewards.append({"client_id": client.id, "giver_id": members[n % 4].id, "title": f"Reward {n}",
                        "kind": "other", "milestone_kind": "sober_days", "milestone_target": 30 * (1 + n % 12),
                        "status": status, "pledged_at": pledged,
                        "unlocked_at": pledged + timedelta(days=20) if status == "redeemed" else None,
                        "redeemed_at": pledged + timedelta(days=25) if status == "redeemed" else None,
                        "withdrawn_at": pledged + timedelta(days=5) if status == "withdrawn" else None})
    db.session.execute(insert(Reward), rewards)
    db.session.execute(insert(Encouragement), [
        {"client_id": client.id, "sender_id": members[n % 6].id, "text": "One day at a time.", "sent_at": ago()}
        for n in range(600)])
    notified = [ago() for _ in range(4000)]
    db.session.execute(insert(Notification), [
        {"user_id": client.id, "kind": "encouragement", "text": "A message from your network.", "link": "/rewards",
         "created_at": moment, "read_at": moment + timedelta(hours=2)} for moment in notified])
    db.session.execute(insert(ViewRecord), [
        {"client_id": client.id, "member_id": members[n % 4].id, "scope": rng.choice(list(SCOPES)[:4]),
         "shown": "Mood and craving, last 14 days", "viewed_at": ago()} for n in range(6000)])
    sessions = []
    for n in range(300):
        started = ago()
        sessions.append({"token_hash": uuid.UUID(int=rng.getrandbits(128)).hex + "00" * 16, "user_id": client.id,
                         "created_at": started, "last_seen_at": started + timedelta(days=3),
                         "expires_at": started + timedelta(days=30), "device": "Firefox on Android",
                         "revoked_at": started + timedelta(days=4) if n % 3 == 0 else None})
    db.session.execute(insert(AuthSession), sessions)
    add_needs(client, still_open=0, sorted_long_ago=40)
    add_checkins(client, members, weeks=YEARS * 52, weeks_back=1)
    add_reviews(client, members, months=YEARS * 12, months_back=1)
    add_measures(client, months=YEARS * 12)
    add_early_warnings(client, members, days=365)


def add_early_warnings(client, members, days: int) -> None:
    """A sign every other day for `days` (the longest they are kept), each told to two members."""
    from sqlalchemy import insert, select

    from recoverynet.extensions import db
    from recoverynet.timeutil import local_today, utcnow
    from recoverynet.warning.models import WarningNotice, WarningSign

    today, now = local_today(client.timezone), utcnow()
    db.session.execute(insert(WarningSign), [
        {"client_id": client.id, "kind": "craving", "day": today - timedelta(days=back), "text": "Craving high twice",
         "since": now - timedelta(days=back), "created_at": now - timedelta(days=back)} for back in range(1, days, 2)])
    signs = db.session.scalars(select(WarningSign.id).where(WarningSign.client_id == client.id)).all()
    db.session.execute(insert(WarningNotice), [
        {"sign_id": sign, "member_id": member.id, "send_at": now, "told_at": now} for sign in signs
        for member in members[:2]])


def add_measures(client, months: int) -> None:
    """A BARC-10 and an MSPSS every 30 days, each month confirmed on the calendar with a use day in
    one month of six, and a slip recorded on those days."""
    from sqlalchemy import insert

    from recoverynet.extensions import db
    from recoverynet.measures.models import CalendarMonth, Questionnaire, UseDay
    from recoverynet.sobriety.models import Slip
    from recoverynet.timeutil import local_today

    today = local_today(client.timezone)
    db.session.execute(insert(Questionnaire), [
        {"client_id": client.id, "instrument": instrument, "taken_on": today - timedelta(days=30 * back),
         "score": score, "answered": answered}
        for back in range(months) for instrument, score, answered in (("barc10", 40 + back % 15, 10),
                                                                      ("mspss", 5.5, 12))])
    firsts = sorted({(today - timedelta(days=30 * back)).replace(day=1) for back in range(months)})
    db.session.execute(insert(CalendarMonth), [{"client_id": client.id, "month": first} for first in firsts])
    used = [first + timedelta(days=9) for n, first in enumerate(firsts) if n % 6 == 0 and first + timedelta(days=9) < today]
    db.session.execute(insert(UseDay), [{"client_id": client.id, "day": day} for day in used])
    db.session.execute(insert(Slip), [{"user_id": client.id, "happened_on": day} for day in used])


def add_medication(client, days: int) -> None:
    """Two medication reminders (three doses a day) and an answer to every dose before today, one in
    seven "Not today"; today's doses wait on Home."""
    from sqlalchemy import insert

    from recoverynet.extensions import db
    from recoverynet.medication.models import MedicationAnswer
    from recoverynet.reminders.models import Reminder
    from recoverynet.timeutil import local_today, utcnow

    today, made = local_today(client.timezone), utcnow() - timedelta(days=days)
    pills = [Reminder(user_id=client.id, kind="medication", title="Buprenorphine", times="00:01,20:00",
                      created_at=made),
             Reminder(user_id=client.id, kind="medication", title="Naltrexone", times="22:00", created_at=made)]
    db.session.add_all(pills)
    db.session.flush()
    db.session.execute(insert(MedicationAnswer), [
        {"user_id": client.id, "reminder_id": pill.id, "day": today - timedelta(days=back), "slot": slot,
         "answer": "not_today" if back % 7 == 0 else "taken", "answered_at": utcnow() - timedelta(days=back)}
        for pill in pills for slot in pill.time_list for back in range(1, days)])


def seed(app, history_entries: int = HISTORY_ENTRIES) -> dict:
    """Both clients and their networks; returns their ids and the emails to sign in with."""
    from recoverynet.auth.passwords import hash_password
    from recoverynet.extensions import db

    rng = random.Random(2026)
    password_hash = hash_password(PASSWORD)
    people = {}
    with app.app_context():
        for tag, entries, since_days in (("new", NEW_ENTRIES, 7), ("old", history_entries, YEARS * 365)):
            client = _user(password_hash, f"{tag}.client@example.org", f"{tag.title()} Client", True, since_days)
            db.session.add(client)
            db.session.flush()
            members = add_network(client, password_hash, tag)
            add_entries(client.id, entry_moments(rng, entries, since_days - 1), rng)
            add_present(client, members)
            add_medication(client, since_days)
            if tag == "old":
                add_years_behind(client, members, rng)
            analysis = add_looking_back(client, members, earlier=60 if tag == "old" else 0)
            people[tag] = {"client": client.id, "client_email": client.email, "member_email": members[0].email,
                           "analysis": analysis, "review": _latest_review(client.id)}
            people[tag]["clinician_email"] = add_caseload(password_hash, tag, CASELOAD_DAYS[tag])
        # Everyone else on the server, so the planner sees one client's rows as the few they are.
        for n in range(OTHER_CLIENTS):
            other = _user(password_hash, f"other{n}@example.org", f"Other {n}", True, 90)
            db.session.add(other)
            db.session.flush()
            add_entries(other.id, entry_moments(rng, OTHER_ENTRIES, 89), rng)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # What autovacuum does after a bulk load. (The app never runs ANALYZE on SQLite, so
            # the bench doesn't either: SQLite plans without statistics there.)
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM ANALYZE")
    return people


def _latest_review(client_id: int) -> int:
    from sqlalchemy import select

    from recoverynet.extensions import db
    from recoverynet.review.models import MonthlyReview

    return db.session.scalar(select(MonthlyReview.id).where(MonthlyReview.client_id == client_id)
                             .order_by(MonthlyReview.held_on.desc()))


# The caseload's clients: as many, with a week or a year of data each (every day's data depends only on
# the client and how many days back, so both caseloads have the same last week).
CASELOAD_CLIENTS = 50
CASELOAD_DAYS = {"new": 7, "old": 365}


def add_caseload(password_hash: str, tag: str, days: int) -> str:
    """A clinician (peer coach to every other client) with CASELOAD_CLIENTS clients sharing their
    measures, each with `days` of entries (two a day), weekly check-ins with an action item and
    meetings, a monthly BARC-10, a slip every 40 days and a crisis alert every 60, in bulk inserts.
    Returns the clinician's email."""
    from sqlalchemy import insert, select

    from recoverynet.checkins.models import ActionItem, Checkin, CheckinPlan
    from recoverynet.crisis.models import CrisisAlert, CrisisPlan
    from recoverynet.extensions import db
    from recoverynet.log.models import Entry
    from recoverynet.measures.models import Questionnaire
    from recoverynet.meetings.models import Meeting
    from recoverynet.network.models import Contact, Grant
    from recoverynet.sobriety.models import Slip
    from recoverynet.timeutil import local_today, utcnow

    now, today = utcnow(), local_today("Europe/London")
    clinician = _user(password_hash, f"{tag}.clinician@example.org", f"{tag.title()} Clinician", False, 30)
    clients = [_user(password_hash, f"{tag}.case{n}@example.org", f"{tag.title()} Case {n}", True, days)
               for n in range(CASELOAD_CLIENTS)]
    db.session.add_all([clinician, *clients])
    db.session.flush()
    for n, client in enumerate(clients):
        card = Contact(client_id=client.id, name="My clinician", member_id=clinician.id, joined_at=now - timedelta(days=20),
                       relationship=("clinician", "peer coach")[n % 2])
        card.grants = [Grant(scope="measures"), Grant(scope="sober_days")]
        db.session.add_all([card, CheckinPlan(client_id=client.id, weekday=n % 7, time="18:00"),
                            CrisisPlan(user_id=client.id, reviewed_at=now - timedelta(days=n) if n % 2 else None)])
    backs = range(days)
    for n, client in enumerate(clients):
        db.session.execute(insert(Entry), [
            {"user_id": client.id, "device_id": str(uuid.UUID(int=back * 2 + half + 1)), "mood": 1 + (n + back) % 5,
             "craving": (n * 3 + back * 7 + half) % 11, "logged_at": now - timedelta(days=back, hours=3 + 9 * half),
             "updated_at": now} for back in backs for half in (0, 1)])
        weeks = [today - timedelta(days=back) for back in backs if (back + n) % 7 == 3]
        db.session.execute(insert(Checkin), [{"client_id": client.id, "held_on": day} for day in weeks])
        db.session.execute(insert(Meeting), [{"client_id": client.id, "attended_on": day, "kind": "na"} for day in weeks])
        db.session.execute(insert(Questionnaire), [
            {"client_id": client.id, "instrument": "barc10", "taken_on": today - timedelta(days=back),
             "completed_at": now - timedelta(days=back), "score": 30 + (n + back) % 20, "answered": 10}
            for back in backs if back % 30 == n % 7])
        slips = [{"user_id": client.id, "happened_on": today - timedelta(days=back)} for back in backs if (back + n) % 40 == 5]
        if slips:
            db.session.execute(insert(Slip), slips)
        alerts = [{"user_id": client.id, "device_id": f"bench-{back}", "created_at": now - timedelta(days=back)}
                  for back in backs if (back + n) % 60 == 2]
        if alerts:
            db.session.execute(insert(CrisisAlert), alerts)
    held = db.session.execute(select(Checkin.id, Checkin.client_id, Checkin.held_on)
                              .where(Checkin.client_id.in_([client.id for client in clients]))).all()
    db.session.execute(insert(ActionItem), [
        {"client_id": client_id, "checkin_id": checkin_id, "what": "Book the appointment",
         "due_on": held_on + timedelta(days=5), "done_at": None if (today - held_on).days < 10 else now}
        for checkin_id, client_id, held_on in held])
    return clinician.email


# ---- Timing -------------------------------------------------------------------------------------

class QueryCounter:
    """Counts the SQL statements the app runs (a SQLAlchemy event on the engine)."""

    def __init__(self, engine):
        from sqlalchemy import event

        self.count = 0
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *args) -> None:
        self.count += 1


def signed_in(app, email: str):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD},
                           headers={"Sec-Fetch-Site": "same-origin"})
    if response.status_code != 303:
        sys.exit(f"signing in as {email} failed: {response.status_code}")
    return client


def fetch(browser, path: str, counter: QueryCounter) -> tuple[float, int, int]:
    before = counter.count
    started = time.perf_counter()
    response = browser.get(path, headers={"Sec-Fetch-Site": "same-origin"})
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise PageFailed(f"GET {path} answered {response.status_code}")
    return elapsed, counter.count - before, len(response.data)


class PageFailed(Exception):
    pass


def measure(app, people: dict, rounds: int, pages: list[tuple] = PAGES) -> list[tuple]:
    from recoverynet.extensions import db

    with app.app_context():
        counter = QueryCounter(db.engine)
    browsers = {(tag, who): signed_in(app, people[tag][f"{who}_email"]) for tag in people
                for who in ("client", "member", "clinician")}
    rows = []
    for label, who, new_path, old_path in pages:
        paths = {"new": new_path.format(client=people["new"]["client"], analysis=people["new"]["analysis"],
                                        review=people["new"]["review"]),
                 "old": old_path.format(client=people["old"]["client"], analysis=people["old"]["analysis"],
                                        review=people["old"]["review"])}
        try:
            times, queries, sizes = time_page(browsers, who, paths, counter, rounds)
        except PageFailed as failure:  # the other pages are still worth timing
            rows.append((label, None, None, None, str(failure), "", ""))
            continue
        new_ms, old_ms = (statistics.median(times[t]) * 1000 for t in ("new", "old"))
        rows.append((label, new_ms, old_ms, old_ms / new_ms, _spread(queries["new"]), _spread(queries["old"]),
                     f"{sizes['new'] / 1024:.0f} / {sizes['old'] / 1024:.0f}"))
    return rows


def server_version(app) -> str:
    from recoverynet.extensions import db

    with app.app_context():
        sql = "SELECT sqlite_version()" if db.engine.dialect.name == "sqlite" else "SHOW server_version"
        return db.session.execute(db.text(sql)).scalar()


def time_page(browsers, who: str, paths: dict, counter: QueryCounter, rounds: int) -> tuple[dict, dict, dict]:
    """Per client: the seconds of each request, the set of statement counts seen and the page's size."""
    for tag in paths:  # warm up: templates compiled, caches filled
        for _ in range(3):
            fetch(browsers[tag, who], paths[tag], counter)
    times, queries, sizes = {"new": [], "old": []}, {"new": set(), "old": set()}, {}
    for n in range(rounds):
        for tag in (("new", "old") if n % 2 == 0 else ("old", "new")):  # neither always goes first
            seconds, statements, sizes[tag] = fetch(browsers[tag, who], paths[tag], counter)
            times[tag].append(seconds)
            queries[tag].add(statements)
    return times, queries, sizes


def _spread(counts: set[int]) -> str:
    return str(min(counts)) if len(counts) == 1 else f"{min(counts)}-{max(counts)}"


def add_database_options(parser: argparse.ArgumentParser) -> None:
    """--database-url and --reset-database, as every bench that seeds this world takes them."""
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        help="PostgreSQL to run on (default: a temporary SQLite file)")
    parser.add_argument("--reset-database", action="store_true", help="wipe a database that already has tables")


def open_database(args: argparse.Namespace, prefix: str):
    """The app on the database the options name (a temporary SQLite file by default), and that
    database's name for the printed table."""
    instance = tempfile.mkdtemp(prefix=prefix)
    database_url = args.database_url or f"sqlite:///{instance}/bench.sqlite"
    if database_url.startswith(("postgres://", "postgresql://")):
        database_url = "postgresql+psycopg://" + database_url.split("://", 1)[1]
    database = "PostgreSQL" if database_url.startswith("postgresql") else "SQLite"
    return make_app(instance, database_url, args.reset_database), database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=60, help="requests per page and client (median of these)")
    parser.add_argument("--entries", type=int, default=HISTORY_ENTRIES,
                        help="entries of the 5-year client (40000 to see whether time still grows)")
    parser.add_argument("--only", action="append", metavar="TEXT",
                        help="time only the pages whose row name holds TEXT (repeatable), e.g. --only log")
    add_database_options(parser)
    args = parser.parse_args()
    pages = [page for page in PAGES if not args.only or any(text in page[0] for text in args.only)]
    if not pages:
        sys.exit(f"No page's row name holds {' or '.join(args.only)}.")

    app, database = open_database(args, "history-bench-")
    print(f"Seeding a new client ({NEW_ENTRIES} entries) and a {YEARS}-year client ({args.entries:,} entries) "
          f"on {database}...", flush=True)
    try:
        started = time.perf_counter()
        people = seed(app, args.entries)
        print(f"Seeded in {time.perf_counter() - started:.0f} s. Timing {len(pages)} pages, {args.rounds} requests "
              "each per client, interleaved...", flush=True)
        load_before = os.getloadavg()
        rows = measure(app, people, args.rounds, pages)
        load_after = os.getloadavg()
        version = server_version(app)
    finally:
        if database == "PostgreSQL":
            from recoverynet.extensions import db
            with app.app_context():
                db.session.remove()
                db.drop_all()

    print(f"\nHistory growth: new client ({NEW_ENTRIES} entries) vs {YEARS}-year client ({args.entries:,} entries), "
          f"{database} {version}, median of {args.rounds} requests each, in process")
    print(f"{os.cpu_count()} CPU(s); load average (1, 5, 15 min) before "
          f"{' '.join(f'{x:.2f}' for x in load_before)}, after {' '.join(f'{x:.2f}' for x in load_after)}\n")
    header = ("page", "new ms", "5-year ms", "ratio", "queries new", "queries 5-year", "KB new / 5-year")
    widths = (30, 8, 10, 7, 12, 15, 16)
    print("  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths))))
    print("  ".join("-" * w for w in widths))
    for label, new_ms, old_ms, ratio, new_queries, old_queries, kilobytes in rows:
        if ratio is None:
            print(f"{label.ljust(widths[0])}  FAILED: {new_queries}")
            continue
        cells = (label, f"{new_ms:.1f}", f"{old_ms:.1f}", f"{ratio:.2f}x", new_queries, old_queries, kilobytes)
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))))
    timed = [row for row in rows if row[3] is not None]
    worst = max(timed, key=lambda row: row[3])
    print(f"\nWorst ratio: {worst[0]} at {worst[3]:.2f}x (target: every page at most 1.30x).")
    print("KB is the size of the page each client got: a longer page (more entries, rewards or "
          "notifications shown) costs more to make, whatever the history behind it.")
    if len(timed) < len(rows):
        sys.exit("Some pages failed; their rows say how.")


if __name__ == "__main__":
    main()
