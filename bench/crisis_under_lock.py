"""Does the crisis page answer while a write lock holds every writer up?

    .venv/bin/python bench/crisis_under_lock.py [--lock 10] [--writers 8] [--models sync:4,gthread:2x4]

For each worker model, in one run: a fresh SQLite file with confirmed clients, gunicorn (127.0.0.1,
its own process group) with that model, every client signed in. Then:

  1. One signed-in client polls GET /crisis all along (one request after another, 100 ms apart),
     with its session due the "last seen" touch, so a /crisis that writes would show it.
  2. The bench opens the file and holds `BEGIN EXCLUSIVE` for --lock seconds.
  3. Meanwhile --writers threads post log entries (POST /log, each with its own device id, sent
     again with the same id after a 5xx or no answer, 0.2 s later, as a phone's outbox would,
     only faster).
  4. After the lock is released the writers run 3 s more; then every acknowledged entry must be
     in the file once.

Prints, per model: /crisis polls started during the lock, how many answered 200, within 2 s,
their max and p95, and the writers' answers (acknowledged, 503, other 5xx, no answer); plus the
load average. The target: every /crisis answer within 2 s, nothing lost or doubled.
Talks to nothing but 127.0.0.1.
"""
import argparse
import os
import sqlite3
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import sqlite_faults  # noqa: E402
from sqlite_faults import SAME_ORIGIN, _free_port, make_instance, sign_in  # noqa: E402

TARGET_S = 2.0
POLL_EVERY_S = 0.1


class Server(sqlite_faults.Server):
    """gunicorn with one worker model ("sync:4" or "gthread:2x4"), in its own process group."""

    def __init__(self, folder: str, database: str, model: str, busy_timeout_ms: int | None):
        super().__init__(folder, database, _free_port(), workers=0)
        self.model = model
        self.log_path = os.path.join(folder, f"gunicorn-{model.replace(':', '-')}.log")
        worker_class, _, size = model.partition(":")
        workers, _, threads = size.partition("x")
        self.worker_args = ["--workers", workers, "--worker-class", worker_class] + (
            ["--threads", threads] if threads else [])
        if busy_timeout_ms is not None:
            self.env["SQLITE_BUSY_TIMEOUT_MS"] = str(busy_timeout_ms)


@dataclass
class Poll:
    started: float   # seconds since the lock was taken (negative: before)
    seconds: float
    status: int | None


@dataclass
class Writes:
    acknowledged: dict[str, int] = field(default_factory=dict)   # device id -> writer
    statuses: dict[str, int] = field(default_factory=dict)      # "503", "500", "no answer"...
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, what: str) -> None:
        with self.lock:
            self.statuses[what] = self.statuses.get(what, 0) + 1


def backdate_sessions(folder: str, database: str) -> None:
    """Make every session due its "last seen" write, so a request that touches it would write."""
    from datetime import timedelta

    from recoverynet import create_app
    from recoverynet.auth.models import AuthSession
    from recoverynet.extensions import db

    app = create_app({"SECRET_KEY": "bench-only", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
                      "SESSION_COOKIE_SECURE": False, "MAIL_SERVER": ""}, instance_path=folder)
    with app.app_context():
        for row in db.session.scalars(db.select(AuthSession)):
            row.last_seen_at = row.last_seen_at - timedelta(minutes=10)
        db.session.commit()
        db.engine.dispose()


def poll_crisis(url: str, session: requests.Session, zero: list[float], polls: list[Poll],
                stop: threading.Event) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        try:
            status = session.get(url + "/crisis", allow_redirects=False, timeout=30).status_code
        except requests.RequestException:
            status = None
        polls.append(Poll(started - zero[0], time.perf_counter() - started, status))
        time.sleep(POLL_EVERY_S)


def write_entries(url: str, session: requests.Session, writer: int, writes: Writes, stop: threading.Event) -> None:
    pending = None
    while not stop.is_set():
        device_id = pending or str(uuid.uuid4())
        pending = device_id
        data = {"device_id": device_id, "mood": "3", "craving": "2", "note": f"bench {device_id}"}
        try:
            status = session.post(url + "/log", data=data, headers=SAME_ORIGIN, allow_redirects=False,
                                  timeout=(5, 60)).status_code
        except requests.RequestException:
            writes.count("no answer")
            time.sleep(0.2)
            continue
        writes.count(str(status))
        if status in (200, 201, 303):
            with writes.lock:
                writes.acknowledged[device_id] = writer
            pending = None
        elif status >= 500:
            time.sleep(0.2)  # the outbox waits 15 s and longer; this is the impatient case
        else:
            pending = None


@dataclass
class Result:
    model: str
    polls: list[Poll]
    writes: Writes
    missing: int
    doubled: int
    lock_seconds: float


def run_model(model: str, lock_seconds: float, writer_count: int, busy_timeout_ms: int | None) -> Result:
    folder = tempfile.mkdtemp(prefix="crisis-lock-")
    database = make_instance(folder, writer_count + 1)
    server = Server(folder, database, model, busy_timeout_ms)
    server.start()
    try:
        sessions = sign_in(server.url, writer_count + 1)
        reader, writer_sessions = sessions[0], sessions[1:]
        for _ in range(3):
            reader.get(server.url + "/crisis", timeout=30)  # warm: the first request loads templates
        backdate_sessions(folder, database)

        zero, polls, writes = [time.perf_counter() + 1.0], [], Writes()
        stop_polls, stop_writes = threading.Event(), threading.Event()
        poller = threading.Thread(target=poll_crisis, args=(server.url, reader, zero, polls, stop_polls))
        poller.start()
        time.sleep(1.0)
        holder = sqlite3.connect(database, isolation_level=None, timeout=30)
        holder.execute("BEGIN EXCLUSIVE")
        zero[0] = time.perf_counter()
        writers = [threading.Thread(target=write_entries, args=(server.url, session, i, writes, stop_writes))
                   for i, session in enumerate(writer_sessions)]
        for thread in writers:
            thread.start()
        time.sleep(lock_seconds)
        holder.execute("COMMIT")
        held = time.perf_counter() - zero[0]
        holder.close()
        time.sleep(3.0)
        stop_writes.set()
        for thread in writers:
            thread.join()
        stop_polls.set()
        poller.join()
    finally:
        server.stop()
    connection = sqlite3.connect(database, timeout=30)
    counts = dict(connection.execute("SELECT device_id, count(*) FROM entry GROUP BY device_id"))
    connection.close()
    missing = sum(1 for device_id in writes.acknowledged if device_id not in counts)
    doubled = sum(count - 1 for count in counts.values() if count > 1)
    return Result(model, polls, writes, missing, doubled, held)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * 0.95), len(ordered) - 1)] if ordered else 0.0


def during_lock(result: Result) -> list[Poll]:
    """Polls started while the lock was held (their answers may come after it)."""
    return [poll for poll in result.polls if 0 <= poll.started < result.lock_seconds]


def print_table(results: list[Result], header: str) -> None:
    print(f"\n{header}\n")
    columns = ("worker model", "polls", "200", f"<= {TARGET_S:g} s", "max s", "p95 s", "entries acked", "503",
               "other 5xx", "no answer", "missing", "doubled")
    widths = (14, 5, 5, 7, 6, 6, 13, 5, 9, 9, 7, 7)
    print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(columns, widths))))
    print("  ".join("-" * w for w in widths))
    for result in results:
        polls = during_lock(result)
        seconds = [poll.seconds for poll in polls]
        statuses = result.writes.statuses
        other = sum(n for status, n in statuses.items() if status.isdigit() and int(status) >= 500 and status != "503")
        cells = (result.model, str(len(polls)), str(sum(poll.status == 200 for poll in polls)),
                 str(sum(poll.status == 200 and poll.seconds <= TARGET_S for poll in polls)),
                 f"{max(seconds, default=0):.2f}", f"{_p95(seconds):.2f}", str(len(result.writes.acknowledged)),
                 str(statuses.get("503", 0)), str(other), str(statuses.get("no answer", 0)),
                 str(result.missing), str(result.doubled))
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))))


def problems(results: list[Result]) -> list[str]:
    found = []
    for result in results:
        polls = during_lock(result)
        slow = [poll for poll in polls if poll.status != 200 or poll.seconds > TARGET_S]
        if not polls or slow:
            found.append(f"{result.model}: {len(slow)} of {len(polls)} /crisis polls failed or took over {TARGET_S:g} s")
        if result.missing or result.doubled:
            found.append(f"{result.model}: {result.missing} missing, {result.doubled} doubled")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lock", type=float, default=10, help="seconds the exclusive lock is held")
    parser.add_argument("--writers", type=int, default=8, help="writer threads posting entries during the lock")
    parser.add_argument("--models", default="sync:4,gthread:2x4",
                        help="comma-separated gunicorn worker models: sync:N or gthread:WxT")
    parser.add_argument("--busy-timeout-ms", type=int, default=None,
                        help="SQLITE_BUSY_TIMEOUT_MS for the app (default: the app's own default)")
    args = parser.parse_args()

    load_before = os.getloadavg()
    results = []
    for model in args.models.split(","):
        print(f"{model}: {args.lock:g} s lock, {args.writers} writers...", flush=True)
        results.append(run_model(model, args.lock, args.writers, args.busy_timeout_ms))
    load_after = os.getloadavg()
    if args.busy_timeout_ms is not None:
        busy = args.busy_timeout_ms
    else:
        from recoverynet.config import from_environment
        busy = f"{from_environment(tempfile.gettempdir())['SQLITE_BUSY_TIMEOUT_MS']} (the app's default)"
    print_table(results, f"GET /crisis during a {args.lock:g} s BEGIN EXCLUSIVE with {args.writers} writers, "
                         f"SQLITE_BUSY_TIMEOUT_MS={busy}, {os.cpu_count()} CPU(s), load average "
                         "{:.1f} {:.1f} {:.1f} before, {:.1f} {:.1f} {:.1f} after".format(*load_before, *load_after))
    print("\npolls = /crisis requests started while the lock was held; max/p95 are over those; "
          "writers' columns count answers over the lock and 3 s after it.")
    found = problems(results)
    if found:
        sys.exit("PROBLEM: " + "; ".join(found))
    print(f"target met: every /crisis answer within {TARGET_S:g} s, nothing lost or doubled")


if __name__ == "__main__":
    main()
