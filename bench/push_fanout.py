"""How fast does one reminder worker fan pushes out, compared with a plain pywebpush loop?

    .venv/bin/python bench/push_fanout.py [--n 10000] [--latency-ms 0]

Starts the stand-in push service from tests/pushservice.py (strict VAPID/aes128gcm checks and
real decryption) in its own process on 127.0.0.1, makes a throwaway app with N people, one
subscription and one due reminder each, then in the same run times:

  (a) the dispatcher: `run_once(worker, signer)` with its default batch and concurrency, which
      turns the N due reminders into N deliveries and sends them (the real worker path);
  (b) a plain sequential loop of `pywebpush.webpush(...)` over the same N subscriptions with the
      same payloads: a fresh vapid_claims dict per call, one shared requests.Session, a timeout.

and prints a table with the push service's own receipt counts (duplicates included).

The database is a temporary SQLite file, or PostgreSQL when DATABASE_URL is set. On PostgreSQL
the tables are created and dropped again; the script refuses a database that already has a
`user` table unless you pass --reset-database (which wipes it).
"""
import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


# ---- The stand-in push service, in a process of its own --------------------------------------

def _serve(connection, n: int, public_key: str, latency: float) -> None:
    from tests.pushservice import PushService, make_subscription

    with PushService(app_public_key=public_key, latency=latency) as service:
        connection.send((service.origin, [make_subscription(service, f"s{i}") for i in range(n)]))
        while True:
            command = connection.recv()
            if command == "stats":
                connection.send({"received": service.total_received(), "duplicates": service.duplicates(),
                                 "distinct": len(service.counts), "rejections": service.rejections[:5],
                                 "rejected": len(service.rejections)})
            elif command == "reset":
                with service._lock:
                    service.received.clear()
                    service.counts.clear()
                    service.attempts.clear()
                connection.send("ok")
            elif command == "stop":
                connection.send("ok")
                return


class StandIn:
    def __init__(self, n: int, public_key: str, latency: float = 0.0):
        self._connection, child = multiprocessing.Pipe()
        self._process = multiprocessing.get_context("fork").Process(target=_serve,
                                                                    args=(child, n, public_key, latency), daemon=True)
        self._process.start()
        self.origin, self.subscriptions = self._connection.recv()

    def ask(self, command: str):
        self._connection.send(command)
        return self._connection.recv()

    def stop(self) -> None:
        self.ask("stop")
        self._process.join(timeout=10)


# ---- The app and its data -----------------------------------------------------------------------

def make_app(instance: str, database_url: str, reset: bool):
    from sqlalchemy import inspect

    from recoverynet import create_app
    from recoverynet.extensions import db
    from recoverynet.models import recreate_tables

    app = create_app({"SECRET_KEY": "bench-only", "SQLALCHEMY_DATABASE_URI": database_url, "MAIL_SERVER": "",
                      "PUBLIC_URL": "http://127.0.0.1"},
                     instance_path=instance)
    with app.app_context():
        if inspect(db.engine).has_table("user") and not reset:
            sys.exit(f"{database_url.split('@')[-1]} already has tables; pass --reset-database to wipe it.")
        recreate_tables()
    return app


def seed(app, subscriptions: list[dict]) -> None:
    from sqlalchemy import insert

    from recoverynet.auth.models import User
    from recoverynet.extensions import db
    from recoverynet.push.models import PushSubscription
    from recoverynet.reminders.models import Reminder
    from recoverynet.timeutil import utcnow

    due = utcnow() - timedelta(minutes=1)
    with app.app_context():
        for start in range(0, len(subscriptions), 2000):
            chunk = subscriptions[start:start + 2000]
            user_ids = db.session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True), [
                {"email": f"bench{start + i}@example.org", "password_hash": "-", "display_name": f"P{start + i}",
                 "timezone": "UTC"} for i in range(len(chunk))]).all()
            db.session.execute(insert(PushSubscription), [
                {"user_id": uid, "endpoint": s["endpoint"], "p256dh": s["keys"]["p256dh"], "auth": s["keys"]["auth"]}
                for uid, s in zip(user_ids, chunk)])
            db.session.execute(insert(Reminder), [
                {"user_id": uid, "kind": "checkin", "times": "09:00", "next_due_at": due} for uid in user_ids])
        db.session.commit()


# ---- The two ways of sending -------------------------------------------------------------------

def run_dispatcher(app) -> tuple[float, float, dict]:
    """run_once with its defaults; returns (total seconds, seconds spent queueing, counts)."""
    from recoverynet.push import dispatch
    from recoverynet.reminders import due

    queueing = [0.0]
    original = due.queue_due_reminders

    def timed_queue(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            queueing[0] += time.perf_counter() - started

    due.queue_due_reminders = timed_queue  # only to report how the time splits
    try:
        with app.app_context():
            signer = dispatch.signer_from_config()
            started = time.perf_counter()
            counts = due.run_once(dispatch.worker_name(), signer)
            return time.perf_counter() - started, queueing[0], counts
    finally:
        due.queue_due_reminders = original


def sent_payloads(app) -> dict[str, tuple[str, str, int]]:
    """endpoint -> (payload, topic, ttl) of what the dispatcher sent, so the loop sends the same."""
    from sqlalchemy import select

    from recoverynet.extensions import db
    from recoverynet.push.models import Delivery, PushSubscription

    with app.app_context():
        rows = db.session.execute(select(PushSubscription.endpoint, Delivery.payload, Delivery.topic, Delivery.ttl)
                                  .join(Delivery, Delivery.subscription_id == PushSubscription.id)).all()
    return {endpoint: (body, topic, ttl) for endpoint, body, topic, ttl in rows}


def run_plain_loop(app, subscriptions: list[dict], payloads: dict) -> tuple[float, int, int]:
    """One pywebpush.webpush call after another; returns (seconds, sent, failed)."""
    import requests
    from py_vapid import Vapid
    from pywebpush import WebPushException, webpush

    key_path, subject = app.config["VAPID_PRIVATE_KEY"], app.config["VAPID_SUBJECT"]
    vapid = Vapid.from_file(key_path) if os.path.isfile(key_path) else Vapid.from_string(key_path)
    session = requests.Session()
    sent = failed = 0
    started = time.perf_counter()
    for subscription in subscriptions:
        body, topic, ttl = payloads[subscription["endpoint"]]
        try:
            webpush(subscription, data=body, vapid_private_key=vapid, vapid_claims={"sub": subject}, ttl=ttl,
                    timeout=10, requests_session=session, headers={"Urgency": "normal", "Topic": topic})
            sent += 1
        except (WebPushException, requests.RequestException):
            failed += 1
    return time.perf_counter() - started, sent, failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10000, help="people, subscriptions and due reminders")
    parser.add_argument("--latency-ms", type=float, default=0.0,
                        help="make the stand-in take this long to answer, like a real push service (50-300 ms)")
    parser.add_argument("--reset-database", action="store_true",
                        help="with DATABASE_URL: wipe a database that already has tables")
    args = parser.parse_args()

    instance = tempfile.mkdtemp(prefix="push-bench-")
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance}/bench.sqlite"
    if database_url.startswith(("postgres://", "postgresql://")):
        database_url = "postgresql+psycopg://" + database_url.split("://", 1)[1]
    app = make_app(instance, database_url, args.reset_database)
    database = "PostgreSQL" if database_url.startswith("postgresql") else "SQLite"

    print(f"Starting the stand-in push service and {args.n} subscriptions...", flush=True)
    stand_in = StandIn(args.n, app.config["VAPID_PUBLIC_KEY"], args.latency_ms / 1000)
    app.config["PUSH_ENDPOINT_HOSTS"] = [stand_in.origin]  # as an operator lists a self-hosted push service
    try:
        seed(app, stand_in.subscriptions)
        print(f"Seeded {args.n} people, subscriptions and due reminders ({database}). Timing the dispatcher...",
              flush=True)
        seconds, queueing, counts = run_dispatcher(app)
        dispatcher_stats = stand_in.ask("stats")
        stand_in.ask("reset")

        print("Timing the plain pywebpush loop...", flush=True)
        payloads = sent_payloads(app)
        loop_seconds, loop_sent, loop_failed = run_plain_loop(app, stand_in.subscriptions, payloads)
        loop_stats = stand_in.ask("stats")
    finally:
        stand_in.stop()
        if database == "PostgreSQL":
            from recoverynet.extensions import db
            with app.app_context():
                db.drop_all()

    dispatcher_rate, loop_rate = counts["sent"] / seconds, loop_sent / loop_seconds
    sending = seconds - queueing
    rows = [
        ("dispatcher run_once (queue + send)", counts["sent"], seconds, dispatcher_rate,
         f"{dispatcher_rate / loop_rate:.2f}x", dispatcher_stats["duplicates"]),
        ("  of which sending (claim/send/record)", counts["sent"], sending, counts["sent"] / sending,
         f"{counts['sent'] / sending / loop_rate:.2f}x", ""),
        ("plain pywebpush loop (sequential)", loop_sent, loop_seconds, loop_rate, "1.00x", loop_stats["duplicates"]),
    ]
    print(f"\nPush fan-out, N={args.n}, {database}, dispatcher batch=200 concurrency=16 (defaults), "
          f"push service latency {args.latency_ms:g} ms, {os.cpu_count()} CPU(s), "
          f"load average {os.getloadavg()[0]:.1f}\n")
    header = ("method", "messages", "seconds", "msgs/s", "vs plain", "duplicates")
    widths = (40, 9, 9, 9, 9, 10)
    print("  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths))))
    print("  ".join("-" * w for w in widths))
    for method, messages, secs, rate, ratio, duplicates in rows:
        cells = (method, str(messages), f"{secs:.1f}", f"{rate:.0f}", ratio, str(duplicates))
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))))
    print(f"\nqueueing {counts['reminders']} due reminders took {queueing:.1f} s of the dispatcher's {seconds:.1f} s")
    print(f"push service: dispatcher run received {dispatcher_stats['received']} "
          f"({dispatcher_stats['distinct']} distinct), loop received {loop_stats['received']} "
          f"({loop_stats['distinct']} distinct); loop failures {loop_failed}; "
          f"protocol rejections {dispatcher_stats['rejected'] + loop_stats['rejected']}")
    problems = []
    if counts["sent"] != args.n or dispatcher_stats["distinct"] != args.n:
        problems.append(f"dispatcher delivered {dispatcher_stats['distinct']} of {args.n}")
    if loop_sent != args.n:
        problems.append(f"plain loop delivered {loop_sent} of {args.n}")
    if dispatcher_stats["rejected"] or loop_stats["rejected"]:
        problems.append(f"rejections: {dispatcher_stats['rejections'] + loop_stats['rejections']}")
    if problems:
        sys.exit("PROBLEM: " + "; ".join(problems))


if __name__ == "__main__":
    main()
