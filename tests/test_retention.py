"""What is kept, and for how long (issue 12): the reminder worker prunes push deliveries, finished
invites, unusable sessions, old rate-limit counts and old who-saw-what records
(recoverynet/retention.py). The clock is frozen: a row exactly at its limit goes, a row one second
younger stays, and the other client's rows follow the same rules."""
import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from recoverynet import retention
from recoverynet.auth.models import AuthSession, DeletedAccountSession, EmailRequest, LoginAttempt
from recoverynet.config import from_environment
from recoverynet.extensions import db
from recoverynet.network.models import Contact, Invite, ViewRecord
from recoverynet.push.models import Delivery
from recoverynet.retention import Pruning, prune_old_rows
from tests.helpers import make_user

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)  # a Tuesday, at the top of an hour
SECOND = timedelta(seconds=1)
DAY = timedelta(days=1)


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def owners(app, people):
    """Casey and Oli, each with a card on their map and a member who looks at their data."""
    with app.app_context():
        found = {}
        for who, user_id in (("casey", people["client"]), ("oli", people["other_client"])):
            member = make_user(f"member-of-{who}@example.org", f"Member of {who}", is_client=False)
            card = Contact(client_id=user_id, name=f"Card of {who}")
            db.session.add(card)
            db.session.commit()
            found[who] = {"user": user_id, "email": f"{who}@example.org", "member": member.id, "card": card.id}
        return found


# ---- One maker per kind of row: (owner, moment, mark) -> the row, its clock set to `moment` ----

def delivery(owner, moment, mark):
    return Delivery(user_id=owner["user"], kind="event", payload=mark, created_at=moment)


def invite_expired(owner, moment, mark):
    return Invite(contact_id=owner["card"], token_hash=mark, created_at=moment - DAY, expires_at=moment)


def invite_used(owner, moment, mark):
    return Invite(contact_id=owner["card"], token_hash=mark, created_at=moment - DAY, used_at=moment,
                  expires_at=moment + timedelta(hours=1))


def invite_withdrawn(owner, moment, mark):
    return Invite(contact_id=owner["card"], token_hash=mark, created_at=moment - DAY, withdrawn_at=moment,
                  expires_at=moment + timedelta(hours=1))


def session_expired(owner, moment, mark):
    return AuthSession(user_id=owner["user"], token_hash=mark, created_at=moment - 30 * DAY, expires_at=moment,
                       last_seen_at=moment - DAY)


def session_idle(owner, moment, mark):
    return AuthSession(user_id=owner["user"], token_hash=mark, created_at=moment - DAY,
                       expires_at=NOW + 10 * DAY, last_seen_at=moment)


def session_ended_elsewhere(owner, moment, mark):
    # Kept while its cookie may still be sent: up to a lifetime past its end.
    return AuthSession(user_id=owner["user"], token_hash=mark, created_at=moment - 30 * DAY, expires_at=moment,
                       last_seen_at=moment - DAY, revoked_at=moment - 2 * DAY)


def deleted_account_session(owner, moment, mark):
    return DeletedAccountSession(token_hash=mark, deleted_at=moment)


def sign_in_attempt(owner, moment, mark):
    return LoginAttempt(email=owner["email"], address=mark, at=moment)


def email_request(owner, moment, mark):
    return EmailRequest(email=owner["email"], client_address=mark, at=moment)


def view_record(owner, moment, mark):
    return ViewRecord(client_id=owner["user"], member_id=owner["member"], scope="mood_summary", shown=mark,
                      viewed_at=moment)


# (maker, model, the moment at which a row's clock reaches its limit, with the default settings)
KINDS = {
    "push delivery, 30 days after it was queued": (delivery, Delivery, NOW - 30 * DAY),
    "invite, 30 days after it expired": (invite_expired, Invite, NOW - 30 * DAY),
    "invite, 30 days after it was used": (invite_used, Invite, NOW - 30 * DAY),
    "invite, 30 days after it was withdrawn": (invite_withdrawn, Invite, NOW - 30 * DAY),
    "session, once expired": (session_expired, AuthSession, NOW),
    "session, idle 14 days": (session_idle, AuthSession, NOW - 14 * DAY),
    "session ended elsewhere, a 30-day lifetime after it would have expired": (
        session_ended_elsewhere, AuthSession, NOW - 30 * DAY),
    "a deleted account's session hash, 30 days on": (deleted_account_session, DeletedAccountSession, NOW - 30 * DAY),
    "sign-in attempt, 15 minutes on": (sign_in_attempt, LoginAttempt, NOW - timedelta(minutes=15)),
    "email request, 60 minutes on": (email_request, EmailRequest, NOW - timedelta(minutes=60)),
    "who saw what, 365 days on": (view_record, ViewRecord, NOW - 365 * DAY),
}


def add_old_and_young(app, owners, maker, limit) -> dict[str, int]:
    """For each client, a row exactly at the limit and one a second younger: mark -> id."""
    with app.app_context():
        rows = {f"{who}-{age}": maker(owner, moment, f"{who}-{age}")
                for who, owner in owners.items()
                for age, moment in (("at-the-limit", limit), ("a-second-younger", limit + SECOND))}
        db.session.add_all(rows.values())
        db.session.commit()
        return {mark: key(row) for mark, row in rows.items()}


def key(row):
    return row.__mapper__.primary_key_from_instance(row)[0]


def left(app, model, ids: dict[str, int]) -> set[str]:
    column = model.__mapper__.primary_key[0]
    with app.app_context():
        kept = set(db.session.scalars(select(column).where(column.in_(ids.values()))))
    return {mark for mark, row_id in ids.items() if row_id in kept}


@pytest.mark.parametrize("kind", KINDS)
def test_a_row_goes_at_its_limit_and_stays_a_second_before_for_every_client(app, frozen, owners, kind):
    maker, model, limit = KINDS[kind]
    ids = add_old_and_young(app, owners, maker, limit)
    with app.app_context():
        prune_old_rows()
    assert left(app, model, ids) == {"casey-a-second-younger", "oli-a-second-younger"}


def test_a_live_session_and_an_open_invite_stay(app, frozen, owners):
    with app.app_context():
        casey = owners["casey"]
        db.session.add_all([AuthSession(user_id=casey["user"], token_hash="live", expires_at=NOW + DAY, last_seen_at=NOW),
                            Invite(contact_id=casey["card"], token_hash="open", expires_at=NOW + DAY)])
        db.session.commit()
        prune_old_rows()
        assert db.session.scalar(select(func.count()).select_from(AuthSession)) == 1
        assert db.session.scalar(select(func.count()).select_from(Invite)) == 1


def test_pruning_says_how_many_rows_of_each_kind_went(app, frozen, owners):
    add_old_and_young(app, owners, delivery, NOW - 30 * DAY)
    add_old_and_young(app, owners, view_record, NOW - 365 * DAY)
    with app.app_context():
        counts = prune_old_rows()
    assert counts == {"push deliveries": 2, "invites": 0, "sessions": 0, "deleted accounts' sessions": 0,
                      "sign-in attempts": 0, "email requests": 0, "who saw what": 2,
                      "early-warning notices": 0, "early-warning signs": 0}


def test_who_saw_what_is_kept_as_long_as_configured(app, frozen, owners):
    app.config["VIEW_RECORDS_KEPT_DAYS"] = 90
    ids = add_old_and_young(app, owners, view_record, NOW - 90 * DAY)
    with app.app_context():
        prune_old_rows()
    assert left(app, ViewRecord, ids) == {"casey-a-second-younger", "oli-a-second-younger"}


def test_deliveries_are_kept_as_long_as_configured(app, frozen, owners):
    app.config["DELIVERIES_KEPT_DAYS"] = 7
    ids = add_old_and_young(app, owners, delivery, NOW - 7 * DAY)
    with app.app_context():
        prune_old_rows()
    assert left(app, Delivery, ids) == {"casey-a-second-younger", "oli-a-second-younger"}


def test_the_limits_are_read_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("VIEW_RECORDS_KEPT_DAYS", "730")
    monkeypatch.setenv("DELIVERIES_KEPT_DAYS", "14")
    monkeypatch.setenv("INVITES_KEPT_DAYS", "60")
    config = from_environment(str(tmp_path))
    assert (config["VIEW_RECORDS_KEPT_DAYS"], config["DELIVERIES_KEPT_DAYS"], config["INVITES_KEPT_DAYS"]) == (730, 14, 60)


def test_the_limits_default_to_a_year_for_who_saw_what_and_30_days_for_deliveries_and_invites(monkeypatch, tmp_path):
    for name in ("VIEW_RECORDS_KEPT_DAYS", "DELIVERIES_KEPT_DAYS", "INVITES_KEPT_DAYS"):
        monkeypatch.delenv(name, raising=False)
    config = from_environment(str(tmp_path))
    assert (config["VIEW_RECORDS_KEPT_DAYS"], config["DELIVERIES_KEPT_DAYS"], config["INVITES_KEPT_DAYS"]) == (365, 30, 30)


def test_many_rows_go_in_chunks_until_none_is_left(app, frozen, owners, monkeypatch):
    monkeypatch.setattr(retention, "CHUNK", 10)
    with app.app_context():
        db.session.add_all(delivery(owners["casey"], NOW - 40 * DAY, f"old-{n}") for n in range(25))
        db.session.commit()
        assert prune_old_rows()["push deliveries"] == 25
        assert db.session.scalar(select(func.count()).select_from(Delivery)) == 0


# ---- The worker: hourly, and two at once ----

def test_the_worker_prunes_on_its_first_pass_then_at_most_once_an_hour(app, time_machine, owners):
    time_machine.move_to(NOW, tick=False)
    pruning = Pruning()
    with app.app_context():
        assert pruning.if_due() is not None
        time_machine.move_to(NOW + timedelta(minutes=59, seconds=59), tick=False)
        db.session.add(delivery(owners["casey"], NOW - 40 * DAY, "old"))
        db.session.commit()
        assert pruning.if_due() is None
        assert db.session.scalar(select(func.count()).select_from(Delivery)) == 1
        time_machine.move_to(NOW + timedelta(hours=1), tick=False)
        assert pruning.if_due()["push deliveries"] == 1


@pytest.mark.parametrize("minute, pruned", [(0, True), (7, False)])
def test_a_cron_run_prunes_at_the_top_of_each_hour_only(app, runner, time_machine, owners, minute, pruned):
    time_machine.move_to(NOW + timedelta(minutes=minute), tick=False)
    ids = add_old_and_young(app, owners, delivery, NOW - 30 * DAY)
    assert runner.invoke(args=["reminders", "run", "--once"]).exit_code == 0
    assert ("casey-at-the-limit" in left(app, Delivery, ids)) is not pruned


def test_the_prune_command_prunes_now_and_says_how_many_went(app, runner, frozen, owners):
    add_old_and_young(app, owners, sign_in_attempt, NOW - timedelta(minutes=15))
    result = runner.invoke(args=["reminders", "prune"])
    assert result.exit_code == 0
    assert "2 sign-in attempts" in result.output and "0 push deliveries" in result.output


def test_two_workers_pruning_at_once_delete_every_old_row_once_and_fail_neither(app, frozen, owners, monkeypatch):
    monkeypatch.setattr(retention, "CHUNK", 20)
    with app.app_context():
        for owner in owners.values():
            db.session.add_all(delivery(owner, NOW - 40 * DAY, f"old-{n}") for n in range(300))
            db.session.add_all(view_record(owner, NOW - 400 * DAY, f"old-{n}") for n in range(300))
        db.session.add(delivery(owners["oli"], NOW - DAY, "young"))
        db.session.commit()
    counts, errors = [], []

    def worker():
        try:
            with app.app_context():
                counts.append(prune_old_rows())
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(c["push deliveries"] for c in counts) == 600 and sum(c["who saw what"] for c in counts) == 600
    with app.app_context():
        assert db.session.scalars(select(Delivery.payload)).all() == ["young"]
        assert db.session.scalar(select(func.count()).select_from(ViewRecord)) == 0


def test_who_saw_what_says_how_long_each_visit_stays(app, client, auth, people):
    app.config["VIEW_RECORDS_KEPT_DAYS"] = 400
    auth.login()
    assert "Each visit stays on this list for 400 days, then it is deleted." in client.get("/network/views").get_data(
        as_text=True)
