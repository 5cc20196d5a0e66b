"""Events between features (recoverynet/events.py): a moment and what its receivers did are
committed once, by the request that sent it; what receivers did is rolled back with a moment
never committed; and opening a page writes nothing (unlocking happens on events and in the worker)."""
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from recoverynet.auth.models import User
from recoverynet.events import announce, entry_logged, meeting_recorded, profile_changed, slip_recorded
from recoverynet.extensions import db
from recoverynet.log.models import Entry
from recoverynet.meetings.models import Meeting
from recoverynet.network.models import ViewRecord
from recoverynet.notifications.models import Notification
from recoverynet.rewards.models import Reward
from recoverynet.sobriety.models import Slip
from recoverynet.timeutil import local_today, utcnow
from tests.helpers import set_sober_since
from tests.network_world import add_member, sign_in_as

pytestmark = pytest.mark.usefixtures("a_fixed_evening")


@pytest.fixture
def mia(app, people):
    member_id, _ = add_member(app, people["client"], "mia@example.org", "Mia", scopes=["sober_days", "checkins"])
    return member_id


def today() -> str:
    return local_today("Europe/London").isoformat()


def days_ago(days: int):
    return local_today("Europe/London") - timedelta(days=days)


def pledge(app, client_id, giver_id, kind, target) -> int:
    with app.app_context():
        reward = Reward(client_id=client_id, giver_id=giver_id, title="Cinema", milestone_kind=kind,
                        milestone_target=target, pledged_at=utcnow() - timedelta(days=2))
        db.session.add(reward)
        db.session.commit()
        return reward.id


def reward_state(app, reward_id) -> tuple[str, bool]:
    with app.app_context():
        reward = db.session.get(Reward, reward_id)
        return reward.status, reward.giver_should_review


def notice_count(app) -> int:
    with app.app_context():
        return len(db.session.scalars(select(Notification.id)).all())


# Each moment a feature announces, the pledge it concerns, and the state its receivers leave it in.
MOMENTS = {
    "entry_logged": ("checkins", 1, "/log", lambda: {"mood": "3", "device_id": str(uuid.uuid4())},
                     ("unlocked", False)),
    "meeting_recorded": ("meetings", 1, "/meetings", lambda: {"attended_on": today(), "kind": "smart"},
                         ("unlocked", False)),
    "profile_changed": ("sober_days", 30, "/settings/profile",
                        lambda: {"display_name": "Casey Client", "timezone": "Europe/London", "country": "GB",
                                 "sober_since": days_ago(30).isoformat()}, ("unlocked", False)),
    "slip_recorded": ("sober_days", 60, "/slip",
                      lambda: {"happened_on": today(), "count": "restart", "new_sober_since": today()},
                      ("pledged", True)),
}


@pytest.mark.parametrize("moment", MOMENTS)
def test_a_moment_and_what_its_receivers_did_are_committed_once(app, client, people, mia, moment):
    kind, target, path, form, after = MOMENTS[moment]
    set_sober_since(app, people["client"], days_ago(40 if moment == "slip_recorded" else 29))
    reward_id = pledge(app, people["client"], mia, kind, target)
    sign_in_as(client, "casey@example.org")
    commits = []

    def count(session):
        commits.append(session)

    event.listen(Session, "after_commit", count)
    try:
        response = client.post(path, data=form())
    finally:
        event.remove(Session, "after_commit", count)
    assert response.status_code == 303
    assert len(commits) == 1
    assert reward_state(app, reward_id) == after


# Built afresh, an app connects every moment to its receivers again (rewards/receivers.init_app):
# the suite's shared app connected them once, before any test.
@pytest.mark.parametrize("moment", MOMENTS)
def test_an_app_built_afresh_lets_each_moment_reach_the_pledges(app, fresh_app, people, mia, moment):
    kind, target, path, form, after = MOMENTS[moment]
    set_sober_since(app, people["client"], days_ago(40 if moment == "slip_recorded" else 29))
    reward_id = pledge(app, people["client"], mia, kind, target)
    phone = fresh_app.test_client()
    sign_in_as(phone, "casey@example.org")

    assert phone.post(path, data=form()).status_code == 303
    assert reward_state(app, reward_id) == after


def _log_an_entry(casey):
    entry = Entry(user_id=casey.id, device_id=str(uuid.uuid4()), mood=3)
    db.session.add(entry)
    db.session.flush()
    announce(entry_logged, client=casey, entry=entry)


def _record_a_meeting(casey):
    meeting = Meeting(client_id=casey.id, attended_on=local_today(casey.timezone), kind="smart")
    db.session.add(meeting)
    announce(meeting_recorded, client=casey, meeting=meeting)


def _change_the_sober_date(casey):
    casey.sober_since = days_ago(30)
    announce(profile_changed, client=casey)


def _start_a_new_count(casey):
    slip = Slip(user_id=casey.id, happened_on=days_ago(0), previous_sober_since=casey.sober_since,
                new_sober_since=days_ago(0))
    db.session.add(slip)
    casey.sober_since = slip.new_sober_since
    announce(slip_recorded, client=casey, slip=slip)


SENDERS = {"entry_logged": _log_an_entry, "meeting_recorded": _record_a_meeting,
           "profile_changed": _change_the_sober_date, "slip_recorded": _start_a_new_count}


@pytest.mark.parametrize("moment", MOMENTS)
def test_what_receivers_did_is_rolled_back_when_the_sender_fails_before_commit(app, people, mia, moment):
    kind, target, _, _, after = MOMENTS[moment]
    set_sober_since(app, people["client"], days_ago(40 if moment == "slip_recorded" else 29))
    reward_id = pledge(app, people["client"], mia, kind, target)
    with app.app_context():
        SENDERS[moment](db.session.get(User, people["client"]))
        assert db.session.scalar(select(Reward.status)) == after[0]  # the receivers did their work...
        db.session.rollback()  # ...and the sender fails before it commits
    assert reward_state(app, reward_id) == ("pledged", False)
    assert notice_count(app) == 0


PAGES = [("casey@example.org", "/"), ("casey@example.org", "/rewards"), ("mia@example.org", "/support/{client}")]


@pytest.mark.parametrize("email, path", PAGES)
def test_opening_a_page_writes_nothing_even_with_a_milestone_reached(app, client, people, mia, email, path):
    """Reads are free of writes: a reached pledge unlocks on the next event or the worker's minute.
    (The member's view records who saw what, on purpose: that audit row is its one write.)"""
    set_sober_since(app, people["client"], days_ago(30))
    reward_id = pledge(app, people["client"], mia, "sober_days", 30)
    sign_in_as(client, email)
    writes = []

    def note_writes(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE") \
                and ViewRecord.__tablename__ not in statement:
            writes.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note_writes)
    try:
        response = client.get(path.format(client=people["client"]))
    finally:
        event.remove(engine, "before_cursor_execute", note_writes)
    assert response.status_code == 200
    assert writes == []
    assert reward_state(app, reward_id) == ("pledged", False)


def test_a_day_count_reached_with_no_event_unlocks_in_the_reminder_worker(app, runner, people, mia):
    """Days pass with nothing announced: the worker's pass unlocks the pledge and tells both."""
    set_sober_since(app, people["client"], days_ago(30))
    reward_id = pledge(app, people["client"], mia, "sober_days", 30)
    result = runner.invoke(args=["reminders", "run", "--once"])
    assert result.exit_code == 0, result.output
    assert reward_state(app, reward_id) == ("unlocked", False)
    assert notice_count(app) == 2


def test_the_worker_unlocks_on_its_first_pass_even_in_a_machines_first_minute(app, runner, people, mia, monkeypatch):
    """time.monotonic counts from boot: a cron `--once` just after a restart still unlocks."""
    set_sober_since(app, people["client"], days_ago(30))
    reward_id = pledge(app, people["client"], mia, "sober_days", 30)
    monkeypatch.setattr("recoverynet.reminders.cli.time.monotonic", lambda: 5.0)
    assert runner.invoke(args=["reminders", "run", "--once"]).exit_code == 0
    assert reward_state(app, reward_id) == ("unlocked", False)
