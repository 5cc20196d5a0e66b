"""Several real worker processes at once, and one of them killed mid-batch: every due reminder
reaches its phone, none twice -- except the pushes the killed worker had out (at most its
concurrency, 16: each outcome is recorded as it comes in), which a later worker sends again
under the same Topic (so a push service replaces rather than doubles them).

The full run (4 workers, 2,000 reminders) needs PostgreSQL: `TEST_DATABASE_URL=postgresql+psycopg://...`
(scripts/test_postgres.sh sets it). On SQLite the same checks run smaller (2 workers, 200
reminders), since SQLite has one writer at a time and is meant for one machine. Run with -s to
see the numbers.
"""
import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text, update

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.push import dispatch
from recoverynet.push.models import Delivery, PushSubscription
from recoverynet.push.queue import payload
from recoverynet.reminders.models import Reminder
from recoverynet.timeutil import utcnow
from tests.helpers import PASSWORD_HASH
from tests.pushservice import PushService, app_signer, make_subscription, save_subscription

ON_POSTGRES = bool(os.environ.get("TEST_DATABASE_URL"))
WORKERS, REMINDERS, BATCH = (4, 2000, 200) if ON_POSTGRES else (2, 200, 50)
ROOT = Path(__file__).resolve().parents[1]
FLASK = Path(sys.executable).with_name("flask")
WORKER_TIMEOUT = 300  # generous: a busy shared machine can be many times slower than CI
CONCURRENCY = 16  # `flask reminders run --concurrency`'s default: pushes a worker has out at once


@pytest.fixture
def service(app):
    with PushService(app_public_key=app.config["VAPID_PUBLIC_KEY"]) as stand_in:
        app.config["PUSH_ENDPOINT_HOSTS"] = [stand_in.origin]  # the stand-in on 127.0.0.1
        yield stand_in
        assert stand_in.rejections == []


@pytest.fixture
def processes():
    """Every worker process a test starts; any still running at the end is killed."""
    started: list[subprocess.Popen] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


@dataclass
class Seeded:
    expected: dict[str, str]  # subscription id -> the payload meant for it
    topics: dict[str, str]  # subscription id -> the Topic meant for it


def seed(app, service: PushService, prefix: str, n: int) -> Seeded:
    """n people, each with one device pointing at the stand-in and one check-in reminder due now."""
    with app.app_context():
        now = utcnow()
        user_ids = db.session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True), [
            {"email": f"{prefix}{i}@example.org", "password_hash": PASSWORD_HASH, "display_name": f"Person {i}",
             "timezone": "UTC"} for i in range(n)]).all()
        subscriptions = [make_subscription(service, f"{prefix}{i}") for i in range(n)]
        db.session.execute(insert(PushSubscription), [
            {"user_id": uid, "endpoint": info["endpoint"], "p256dh": info["keys"]["p256dh"],
             "auth": info["keys"]["auth"]} for uid, info in zip(user_ids, subscriptions)])
        reminder_ids = db.session.scalars(insert(Reminder).returning(Reminder.id, sort_by_parameter_order=True), [
            {"user_id": uid, "kind": "checkin", "times": "09:00", "next_due_at": now - timedelta(minutes=1)}
            for uid in user_ids]).all()
        db.session.commit()
        db.session.remove()
    return Seeded(
        expected={f"{prefix}{i}": payload("Reminder", "Time for your check-in", "/log/new", f"r{rid}", rid)
                  for i, rid in enumerate(reminder_ids)},
        topics={f"{prefix}{i}": f"r{rid}" for i, rid in enumerate(reminder_ids)})


def worker_env(app) -> dict[str, str]:
    """A production-like environment for a subprocess on the test database: what create_app
    requires outside TESTING with secure cookies (PUBLIC_URL), the VAPID key and the push hosts."""
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": "test-secret-key",
           "PUBLIC_URL": app.config["PUBLIC_URL"],
           "VAPID_PRIVATE_KEY": app.config["VAPID_PRIVATE_KEY"], "VAPID_PUBLIC_KEY": app.config["VAPID_PUBLIC_KEY"],
           "VAPID_SUBJECT": app.config["VAPID_SUBJECT"], "PYTHONUNBUFFERED": "1",
           "PUSH_ENDPOINT_HOSTS": ",".join(app.config.get("PUSH_ENDPOINT_HOSTS") or [])}
    env.pop("TEST_DATABASE_URL", None)
    return env


def start_worker(app, log_dir: Path, name: str, processes: list) -> subprocess.Popen:
    """`flask reminders run --once` in its own OS process, on the test database and VAPID key."""
    out = open(log_dir / f"{name}.log", "wb")
    process = subprocess.Popen([str(FLASK), "--app", "app", "reminders", "run", "--once", "--batch", str(BATCH),
                                "--concurrency", str(CONCURRENCY)],
                               cwd=ROOT, env=worker_env(app), stdout=out, stderr=subprocess.STDOUT)
    processes.append(process)
    return process


def cpu_seconds() -> tuple[float, float]:
    """CPU used so far by (finished child processes, this process): where the time went."""
    children, own = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
    return children.ru_utime + children.ru_stime, own.ru_utime + own.ru_stime


def finish(workers: list[subprocess.Popen], log_dir: Path, names: list[str]) -> None:
    """Wait for every worker; each must exit 0 (the `processes` fixture kills stragglers)."""
    deadline = time.monotonic() + WORKER_TIMEOUT
    codes = {}
    for worker, name in zip(workers, names):
        try:
            codes[name] = worker.wait(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            codes[name] = f"still running after {WORKER_TIMEOUT} s"
    for name, code in codes.items():
        assert code == 0, f"worker {name}: {code}\n{(log_dir / f'{name}.log').read_text()[-3000:]}"


@dataclass
class Tally:
    deliveries: int
    duplicates: int
    missing: list[str]
    repeated: dict[str, list[str | None]]  # subscription id -> the Topic of each copy


def tally(service: PushService, seeded: Seeded) -> Tally:
    received = {sub_id: service.received.get(sub_id, []) for sub_id in seeded.expected}
    wrong = {sub_id: [r.plaintext for r in receipts if r.plaintext != seeded.expected[sub_id]]
             for sub_id, receipts in received.items()}
    assert {k: v for k, v in wrong.items() if v} == {}, "a phone got a payload that was not meant for it"
    return Tally(deliveries=sum(len(receipts) for receipts in received.values()),
                 duplicates=sum(len(receipts) - 1 for receipts in received.values() if len(receipts) > 1),
                 missing=[sub_id for sub_id, receipts in received.items() if not receipts],
                 repeated={sub_id: [r.topic for r in receipts] for sub_id, receipts in received.items()
                           if len(receipts) > 1})


def statuses(app) -> dict[str, int]:
    with app.app_context(), db.engine.connect() as connection:
        return dict(connection.execute(text("SELECT status, count(*) FROM delivery GROUP BY status")).all())


def leases(app) -> dict[str, int]:
    """Deliveries currently leased, by worker name (host:pid:random)."""
    with app.app_context(), db.engine.connect() as connection:
        return dict(connection.execute(text(
            "SELECT claimed_by, count(*) FROM delivery WHERE status = 'queued' AND claimed_until IS NOT NULL "
            "GROUP BY claimed_by")).all())


def received_ids(service: PushService) -> set[str]:
    with service._lock:
        return {sub_id for sub_id, receipts in service.received.items() if receipts}


def leased_subscriptions(app, worker: str) -> set[str]:
    """The stand-in's ids of the subscriptions whose deliveries `worker` holds a lease on now."""
    with app.app_context(), db.engine.connect() as connection:
        endpoints = connection.scalars(
            select(PushSubscription.endpoint).join(Delivery, Delivery.subscription_id == PushSubscription.id)
            .where(Delivery.claimed_by == worker, Delivery.status == "queued",
                   Delivery.claimed_until.is_not(None))).all()
    return {endpoint.rsplit("/", 1)[-1] for endpoint in endpoints}


def test_concurrent_worker_processes_deliver_every_due_reminder_exactly_once(app, service, tmp_path, processes):
    seeded = seed(app, service, "w", REMINDERS)
    names = [f"worker{i}" for i in range(WORKERS)]

    started, cpu_before = time.monotonic(), cpu_seconds()
    workers = [start_worker(app, tmp_path, name, processes) for name in names]
    finish(workers, tmp_path, names)
    took = time.monotonic() - started
    workers_cpu, service_cpu = (after - before for after, before in zip(cpu_seconds(), cpu_before))

    result = tally(service, seeded)
    print(f"\n[exactly once] {'PostgreSQL' if ON_POSTGRES else 'SQLite'}: {WORKERS} workers, {REMINDERS} reminders: "
          f"deliveries={result.deliveries} duplicates={result.duplicates} missing={len(result.missing)} "
          f"time={took:.1f}s (CPU: workers {workers_cpu:.1f}s, push service+test {service_cpu:.1f}s, "
          f"load average {os.getloadavg()[0]:.1f})")
    assert (result.deliveries, result.duplicates, len(result.missing)) == (REMINDERS, 0, 0)
    assert statuses(app) == {"sent": REMINDERS}
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(Reminder.next_due_at <= utcnow())) == 0


def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_at_most_its_concurrency_with_the_same_topic(
        app, service, tmp_path, processes):
    seeded = seed(app, service, "k", REMINDERS)
    names = [f"worker{i}" for i in range(WORKERS)]
    service.latency = 0.1  # each push takes a moment, as with a real push service, so a batch takes a while

    started, cpu_before = time.monotonic(), cpu_seconds()
    workers = [start_worker(app, tmp_path, name, processes) for name in names]
    by_pid = {worker.pid: (worker, name) for worker, name in zip(workers, names)}
    # Watch one worker's batch (what it holds a lease on) and kill it once more than CONCURRENCY
    # of that batch have arrived but not all: then it has certainly sent more than it has out.
    victim = victim_name = victim_lease = watched = None
    deadline = time.monotonic() + WORKER_TIMEOUT
    while victim is None and time.monotonic() < deadline:
        if watched is None:
            for worker_name in leases(app):
                pid = int(worker_name.rsplit(":", 2)[-2])
                if pid in by_pid and by_pid[pid][0].poll() is None:
                    batch = leased_subscriptions(app, worker_name)
                    if len(batch - received_ids(service)) >= 2 * CONCURRENCY:
                        watched = (by_pid[pid][0], worker_name, batch)
                        break
        else:
            process, worker_name, batch = watched
            arrived = len(batch & received_ids(service))
            if CONCURRENCY < arrived < len(batch) and process.poll() is None:
                process.send_signal(signal.SIGKILL)
                victim, victim_name = process, worker_name
                victim_lease = len(leased_subscriptions(app, worker_name))
            elif arrived == len(batch) or process.poll() is not None:
                watched = None  # too late for this batch: watch the next one
        time.sleep(0.005)
    assert victim is not None, "no worker was caught mid-batch"
    victim.wait()
    received_at_kill = service.total_received()
    survivors = [(w, n) for w, n in zip(workers, names) if w is not victim]
    finish([w for w, _ in survivors], tmp_path, [n for _, n in survivors])

    # The dead worker's leases would expire after dispatch.LEASE (1 min); make them expire now.
    with app.app_context():
        stranded = db.session.execute(update(Delivery).where(
            Delivery.claimed_by == victim_name, Delivery.status == "queued").values(
            claimed_until=utcnow() - timedelta(seconds=1))).rowcount
        db.session.commit()
        db.session.remove()
    missing_before_rescue = len(tally(service, seeded).missing)
    finish([start_worker(app, tmp_path, "rescuer", processes)], tmp_path, ["rescuer"])
    took = time.monotonic() - started
    workers_cpu, service_cpu = (after - before for after, before in zip(cpu_seconds(), cpu_before))

    result = tally(service, seeded)
    print(f"\n[kill] {'PostgreSQL' if ON_POSTGRES else 'SQLite'}: {WORKERS} workers, {REMINDERS} reminders, killed "
          f"{victim_name} after {received_at_kill} receipts holding {victim_lease} leased; stranded={stranded} "
          f"missing before rescue={missing_before_rescue}; after rescue: deliveries={result.deliveries} "
          f"missing={len(result.missing)} repeats={len(result.repeated)} time={took:.1f}s (CPU: workers "
          f"{workers_cpu:.1f}s, push service+test {service_cpu:.1f}s, load average {os.getloadavg()[0]:.1f})")
    assert result.missing == []
    assert statuses(app) == {"sent": REMINDERS}
    assert {sub_id: topics for sub_id, topics in result.repeated.items()
            if set(topics) != {seeded.topics[sub_id]}} == {}, "a repeat came under another Topic"
    assert all(len(topics) == 2 for topics in result.repeated.values())
    assert len(result.repeated) <= stranded
    assert len(result.repeated) <= CONCURRENCY, (
        f"{len(result.repeated)} pushes came twice; a killed worker may repeat only the {CONCURRENCY} it had out")
    assert stranded <= BATCH, f"the killed worker held {stranded} leases, more than its --batch {BATCH}"


# One claimer process: connect, wait until every claimer is ready, then claim until nothing is left.
CLAIMER = """
import json, os, sys, time
from sqlalchemy import text
from app import app
from recoverynet.extensions import db
from recoverynet.push.dispatch import claim_deliveries
from recoverynet.timeutil import utcnow
name, batch, ready_dir, claimers = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
with app.app_context():
    db.session.execute(text("SELECT 1"))
    db.session.commit()
    open(os.path.join(ready_dir, name), "w").close()
    while len(os.listdir(ready_dir)) < claimers:
        time.sleep(0.002)
    batches = []
    while ids := claim_deliveries(name, utcnow(), batch):
        batches.append(ids)
    print(json.dumps(batches))
"""


def test_a_claim_never_leases_more_than_its_batch_even_when_workers_claim_at_once(app, tmp_path, processes):
    """Several claimer processes start at the same instant on the same queue: no claim over its
    batch size, no delivery leased twice, none left over."""
    queued = REMINDERS
    with app.app_context():
        user = db.session.scalar(insert(User).returning(User.id), [
            {"email": "many@example.org", "password_hash": PASSWORD_HASH, "display_name": "Many"}])
        db.session.execute(insert(Delivery), [
            {"user_id": user, "kind": "event", "payload": "{}", "not_before": utcnow() - timedelta(seconds=1)}
            for _ in range(queued)])
        db.session.commit()
        db.session.remove()
    ready = tmp_path / "ready"
    ready.mkdir()
    env = worker_env(app)
    for number in range(WORKERS):
        processes.append(subprocess.Popen(
            [sys.executable, "-c", CLAIMER, f"claimer{number}", str(BATCH), str(ready), str(WORKERS)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))

    batches = []
    for claimer in processes:
        out, err = claimer.communicate(timeout=WORKER_TIMEOUT)
        assert claimer.returncode == 0, err[-3000:]
        batches += json.loads(out.strip().splitlines()[-1])

    claimed = [delivery_id for batch in batches for delivery_id in batch]
    print(f"\n[claims] {'PostgreSQL' if ON_POSTGRES else 'SQLite'}: {WORKERS} claimers, batch sizes "
          f"{sorted(map(len, batches))}")
    assert len(claimed) == len(set(claimed)) == queued
    assert max(map(len, batches)) <= BATCH, f"a claim leased {max(map(len, batches))} deliveries, limit {BATCH}"


# ---- Recording and leases, in one process ---------------------------------------------------

@pytest.fixture
def slow_service(app):
    """The stand-in, with "slow" answering after 2 s (well within the sender's 10 s timeout)."""
    with PushService(app_public_key=app.config["VAPID_PUBLIC_KEY"], slow_seconds=2.0) as stand_in:
        app.config["PUSH_ENDPOINT_HOSTS"] = [stand_in.origin]
        yield stand_in
        assert stand_in.rejections == []


def queue_pushes(app, service: PushService, names: list[str]) -> None:
    """One person, a device per name pointing at the stand-in, and one event push queued for each
    device, in the order named (the order a worker claims and sends them)."""
    with app.app_context():
        user = db.session.scalar(insert(User).returning(User.id), [
            {"email": "casey@example.org", "password_hash": PASSWORD_HASH, "display_name": "Casey"}])
        for name in names:
            device = save_subscription(service, user, name)
            db.session.add(Delivery(user_id=user, subscription_id=device.id, kind="event", topic=name,
                                    payload=payload("Message", "You have a new message", "/", name),
                                    not_before=utcnow() - timedelta(seconds=1)))
            db.session.commit()
        db.session.remove()


def send_in_background(app, worker: str, concurrency: int) -> threading.Thread:
    """A worker's claim and send, in a thread of its own, as `flask reminders run` does it."""
    def work():
        with app.app_context():
            dispatch.send_claimed(worker, dispatch.claim_deliveries(worker, utcnow(), 100), app_signer(app),
                                  concurrency)
            db.session.remove()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def sent_count(app) -> int:
    return statuses(app).get("sent", 0)


def test_each_push_is_recorded_as_soon_as_it_is_sent_not_after_the_whole_batch(app, slow_service):
    queue_pushes(app, slow_service, ["slow-phone", "a", "b", "c", "d", "e"])
    slow_service.set_mode("slow", "slow-phone")

    worker = send_in_background(app, "w1", concurrency=4)
    deadline = time.monotonic() + 1.5  # the slow phone answers after 2 s
    while sent_count(app) < 5 and time.monotonic() < deadline:
        time.sleep(0.02)
    recorded_while_one_was_out = sent_count(app)
    worker.join(timeout=30)

    assert recorded_while_one_was_out == 5, "a kill now would send every push of the batch again"
    assert statuses(app) == {"sent": 6}


def test_a_live_worker_renews_its_lease_so_no_other_worker_takes_a_batch_that_outlasts_it(app, slow_service,
                                                                                         monkeypatch):
    monkeypatch.setattr(dispatch, "LEASE", timedelta(seconds=1))
    monkeypatch.setattr(dispatch, "RENEW_SECONDS", 0.2, raising=False)
    queue_pushes(app, slow_service, ["slow-phone", "a", "b", "c"])
    slow_service.set_mode("slow", "slow-phone")

    worker = send_in_background(app, "w1", concurrency=1)  # the others wait 2 s behind the slow one
    time.sleep(1.5)  # longer than the lease
    with app.app_context():
        taken_over = dispatch.claim_deliveries("w2", utcnow(), 100)
        db.session.remove()
    worker.join(timeout=30)

    assert taken_over == []
    assert {name: len(slow_service.payloads(name)) for name in ["slow-phone", "a", "b", "c"]} == {
        "slow-phone": 1, "a": 1, "b": 1, "c": 1}
    assert statuses(app) == {"sent": 4}


def test_a_worker_that_lost_its_lease_sends_none_of_what_another_worker_took(app, slow_service, monkeypatch):
    monkeypatch.setattr(dispatch, "RENEW_SECONDS", 0.2, raising=False)
    queue_pushes(app, slow_service, ["slow-phone", "a", "b"])
    slow_service.set_mode("slow", "slow-phone")

    worker = send_in_background(app, "w1", concurrency=1)
    time.sleep(0.5)  # the slow push is out; "a" and "b" wait
    with app.app_context():  # as if w1 had stalled past its lease and w2 had claimed them
        db.session.execute(update(Delivery).where(Delivery.topic.in_(["a", "b"])).values(claimed_by="w2"))
        db.session.commit()
        db.session.remove()
    worker.join(timeout=30)

    assert (slow_service.payloads("a"), slow_service.payloads("b")) == ([], [])
    assert len(slow_service.payloads("slow-phone")) == 1


def test_a_dead_workers_pushes_wait_at_most_a_minute_for_another_worker(app):
    with app.app_context():
        user = db.session.scalar(insert(User).returning(User.id), [
            {"email": "casey@example.org", "password_hash": PASSWORD_HASH, "display_name": "Casey"}])
        db.session.add(Delivery(user_id=user, kind="event", payload="{}", not_before=utcnow()))
        db.session.commit()
        claimed_at = utcnow()
        [delivery_id] = dispatch.claim_deliveries("w1", claimed_at, 10)
        lease_ends = db.session.get(Delivery, delivery_id).claimed_until
        db.session.remove()

    assert lease_ends - claimed_at <= timedelta(minutes=1)


def test_a_worker_that_loses_a_claim_race_claims_what_is_left_instead_of_stopping(sqlite_app):
    """SQLite has no row locks: two workers may pick the same first rows and only one leases
    them. The other must look again, not go home with work left (with --once, for a minute)."""
    from sqlalchemy import event

    with sqlite_app.app_context():
        user = db.session.scalar(insert(User).returning(User.id), [
            {"email": "casey@example.org", "password_hash": PASSWORD_HASH, "display_name": "Casey"}])
        ids = db.session.scalars(insert(Delivery).returning(Delivery.id, sort_by_parameter_order=True), [
            {"user_id": user, "kind": "event", "payload": "{}", "not_before": utcnow() - timedelta(seconds=1)}
            for _ in range(4)]).all()
        db.session.commit()
        engine, raced = db.engine, []

        def another_worker_leases_them_first(conn, cursor, statement, parameters, context, executemany):
            if statement.lstrip().upper().startswith("UPDATE DELIVERY") and not raced:
                raced.append(True)
                with engine.connect() as other:
                    other.execute(update(Delivery).where(Delivery.id.in_(ids[:2])).values(
                        claimed_by="w2", claimed_until=utcnow() + timedelta(minutes=1)))
                    other.commit()

        event.listen(engine, "before_cursor_execute", another_worker_leases_them_first)
        try:
            claimed = dispatch.claim_deliveries("w1", utcnow(), 2)
        finally:
            event.remove(engine, "before_cursor_execute", another_worker_leases_them_first)
        db.session.remove()

    assert raced and claimed == ids[2:]
