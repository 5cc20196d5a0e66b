"""Does SQLite hold every acknowledged write under gunicorn with 4 workers, 16 writers and kill -9?

    .venv/bin/python bench/sqlite_faults.py [--seconds 60] [--rounds 3] [--burst 10]

Makes a temporary instance with a fresh SQLite database and 16 confirmed clients, starts gunicorn
(4 sync workers, 127.0.0.1, its own process group), signs every client in, then:

  steady   16 writer threads post log entries (each with its own device id) and edit their
           settings for --seconds; every acknowledged write is recorded, then compared with the
           rows in the file.
  round N  a burst of --burst seconds; in its middle every gunicorn process gets SIGKILL. The file
           is opened directly: `PRAGMA integrity_check` must say ok and every write acknowledged
           before the kill must be there. gunicorn restarts, the writers carry on (an entry whose
           answer was lost is sent again with the same device id, as the phone's outbox does),
           and at the burst's end everything acknowledged is compared again.

Prints a table: requests, acknowledged and stored writes, missing and doubled ones, "database is
locked" errors (from gunicorn's log), 5xx answers, p95 latency, and the load average. Exits
non-zero unless there were 0 locked errors, 0 5xx, nothing missing or doubled and integrity ok.
Talks to nothing but 127.0.0.1.
"""
import argparse
import os
import random
import signal
import sqlite3
import subprocess
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

PASSWORD = "a long bench password"
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}
LOCKED = "database is locked"


# ---- The instance: a fresh database with confirmed clients ---------------------------------------

def make_instance(folder: str, clients: int) -> str:
    """Create the tables and `clients` confirmed people in a new SQLite file; returns its path."""
    from recoverynet import create_app
    from recoverynet.auth.models import User
    from recoverynet.auth.passwords import hash_password
    from recoverynet.extensions import db
    from recoverynet.timeutil import utcnow

    path = os.path.join(folder, "bench.sqlite")
    app = create_app({"SECRET_KEY": "bench-only", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                      "SESSION_COOKIE_SECURE": False, "MAIL_SERVER": ""}, instance_path=folder)
    password_hash = hash_password(PASSWORD)
    with app.app_context():
        db.create_all()
        db.session.add_all(User(email=f"writer{i}@example.org", password_hash=password_hash, display_name=f"Writer {i}",
                                timezone="Europe/London", country="GB", confirmed_at=utcnow())
                           for i in range(clients))
        db.session.commit()
        db.engine.dispose()  # the bench holds no connection while gunicorn runs
    return path


# ---- gunicorn in its own process group ---------------------------------------------------------

class Server:
    def __init__(self, folder: str, database: str, port: int, workers: int):
        self.port, self.workers, self.folder = port, workers, folder
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = os.path.join(folder, "gunicorn.log")
        self.env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "PUBLIC_URL": self.url,
                    "TRUSTED_HOSTS": "127.0.0.1", "SESSION_COOKIE_SECURE": "0", "SECRET_KEY": "bench-only",
                    "MAIL_SERVER": ""}
        self.worker_args = ["--workers", str(workers), "--worker-class", "sync"]
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        return [sys.executable, "-m", "gunicorn", *self.worker_args, "--bind", f"127.0.0.1:{self.port}",
                "--graceful-timeout", "5", "--no-control-socket",
                f"recoverynet:create_app(instance_path={self.folder!r})"]

    def start(self) -> None:
        """Start gunicorn in its own process group and wait until it answers."""
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(self.command(), cwd=ROOT, env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn exited with {self.process.returncode}; see {self.log_path}")
            try:
                if requests.get(self.url + "/login", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        sys.exit(f"gunicorn did not answer within 60 s; see {self.log_path}")

    def kill(self) -> None:
        """SIGKILL the master and every worker at once, as a crash or OOM kill would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_size(self) -> int:
        return os.path.getsize(self.log_path)

    def locked_errors(self, since: int) -> int:
        """Statements that failed with "database is locked", from the log since byte `since`:
        one driver error line each (a request whose error page hit the lock too counts twice)."""
        with open(self.log_path, "rb") as log:
            log.seek(since)
            text = log.read().decode("utf8", errors="replace")
        return text.count(f"OperationalError: {LOCKED}")


def sign_in(url: str, clients: int) -> list[requests.Session]:
    sessions = []
    for i in range(clients):
        session = requests.Session()
        answer = session.post(url + "/login", data={"email": f"writer{i}@example.org", "password": PASSWORD},
                              headers=SAME_ORIGIN, allow_redirects=False, timeout=30)
        if answer.status_code != 303:
            sys.exit(f"writer{i} could not sign in: {answer.status_code}")
        sessions.append(session)
    return sessions


# ---- The writers --------------------------------------------------------------------------------

@dataclass
class Tally:
    """What the writers saw: every acknowledged write, answers by status, latencies."""
    entries: dict[str, int] = field(default_factory=dict)       # device id -> writer
    edits: dict[int, list[int]] = field(default_factory=dict)   # writer -> numbers of its acked edits
    requests: int = 0
    server_errors: int = 0
    no_answer: int = 0
    latencies: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def acknowledged(self) -> int:
        with self.lock:
            return len(self.entries) + sum(len(numbers) for numbers in self.edits.values())

    def p95_ms(self) -> float:
        ordered = sorted(self.latencies)
        return ordered[int(len(ordered) * 0.95)] * 1000 if ordered else 0.0


class Writers:
    """One thread per signed-in client: three entries for every settings edit, until stopped."""

    def __init__(self, url: str, sessions: list[requests.Session]):
        self.url, self.sessions = url, sessions
        self.pending: dict[int, str | None] = {i: None for i in range(len(sessions))}  # unanswered entry
        self.edits = [0] * len(sessions)

    def run(self, tally: Tally, stop: threading.Event) -> list[threading.Thread]:
        threads = [threading.Thread(target=self._write, args=(i, tally, stop), daemon=True)
                   for i in range(len(self.sessions))]
        for thread in threads:
            thread.start()
        return threads

    def _write(self, writer: int, tally: Tally, stop: threading.Event) -> None:
        session, rng = self.sessions[writer], random.Random(writer)
        while not stop.is_set():
            if self.pending[writer] is None and rng.random() < 0.25:
                self.edits[writer] += 1
                edit = self.edits[writer]
                data = {"display_name": f"Writer {writer} edit {edit}", "timezone": "Europe/London",
                        "country": "GB", "sober_since": ""}
                status = self._post(session, "/settings/profile", data, tally)
                if status == 303:
                    with tally.lock:
                        tally.edits.setdefault(writer, []).append(edit)
                continue
            # An entry whose answer never came is sent again with the same device id.
            device_id = self.pending[writer] or str(uuid.uuid4())
            self.pending[writer] = device_id
            data = {"device_id": device_id, "mood": str(rng.randint(1, 5)), "craving": str(rng.randint(0, 10)),
                    "note": f"bench entry {device_id}", "triggers": rng.sample(["tired", "stress", "lonely"], 2)}
            status = self._post(session, "/log", data, tally)
            if status in (200, 201, 303):
                with tally.lock:
                    tally.entries[device_id] = writer
                self.pending[writer] = None
            elif status is None or status >= 500:
                time.sleep(0.2)  # the server is down or failing: wait a little, then resend
            else:
                self.pending[writer] = None  # refused (4xx): nothing to resend

    def _post(self, session: requests.Session, path: str, data: dict, tally: Tally) -> int | None:
        started = time.perf_counter()
        try:
            answer = session.post(self.url + path, data=data, headers=SAME_ORIGIN, allow_redirects=False,
                                  timeout=(5, 60))
        except requests.RequestException:
            with tally.lock:
                tally.requests += 1
                tally.no_answer += 1
            return None
        with tally.lock:
            tally.requests += 1
            tally.latencies.append(time.perf_counter() - started)
            tally.server_errors += answer.status_code >= 500
        return answer.status_code


# ---- Comparing what was acknowledged with what is in the file ----------------------------------

@dataclass
class FileCheck:
    integrity: str
    stored: int    # acknowledged writes found (an edit counts as found when it or a later one is stored)
    missing: int
    doubled: int   # entries stored more than once


def check_file(database: str, tally: Tally) -> FileCheck:
    with tally.lock:
        entries, edits = dict(tally.entries), {writer: list(numbers) for writer, numbers in tally.edits.items()}
    connection = sqlite3.connect(database, timeout=30)
    try:
        integrity = "; ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))
        counts = dict(connection.execute("SELECT device_id, count(*) FROM entry GROUP BY device_id"))
        names = dict(connection.execute("SELECT email, display_name FROM user"))
    finally:
        connection.close()
    missing_entries = sum(1 for device_id in entries if device_id not in counts)
    # Each writer's edits are sequential, so an acknowledged edit n is lost only if the stored
    # name is an earlier edit's.
    missing_edits = 0
    for writer, acked in edits.items():
        name = names.get(f"writer{writer}@example.org", "")
        stored_edit = int(name.rsplit(" ", 1)[1]) if " edit " in name else 0
        missing_edits += sum(1 for number in acked if number > stored_edit)
    doubled = sum(count - 1 for count in counts.values() if count > 1)
    missing = missing_entries + missing_edits
    acknowledged = len(entries) + sum(len(numbers) for numbers in edits.values())
    return FileCheck(integrity, acknowledged - missing, missing, doubled)


# ---- Phases -------------------------------------------------------------------------------------

@dataclass
class Row:
    phase: str
    seconds: float
    tally: Tally
    check: FileCheck
    locked: int


def steady(server: Server, writers: Writers, database: str, seconds: float) -> Row:
    tally, stop, log_from = Tally(), threading.Event(), server.log_size()
    started = time.monotonic()
    threads = writers.run(tally, stop)
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return Row("steady", elapsed, tally, check_file(database, tally), server.locked_errors(log_from))


def kill_round(number: int, server: Server, writers: Writers, database: str, burst: float) -> list[Row]:
    """A burst with kill -9 in its middle: one row for the file right after the kill, one at the end."""
    tally, stop, log_from = Tally(), threading.Event(), server.log_size()
    started = time.monotonic()
    threads = writers.run(tally, stop)
    time.sleep(burst / 2)
    server.kill()
    time.sleep(0.3)  # answers already on their way are counted; nothing new can be acknowledged
    at_kill = check_file(database, tally)
    killed_after = time.monotonic() - started
    snapshot = Tally(requests=tally.requests, server_errors=tally.server_errors, no_answer=tally.no_answer,
                     latencies=list(tally.latencies), entries=dict(tally.entries),
                     edits={writer: list(numbers) for writer, numbers in tally.edits.items()})
    locked_at_kill = server.locked_errors(log_from)
    server.start()
    time.sleep(burst / 2)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return [Row(f"round {number}: kill -9", killed_after, snapshot, at_kill, locked_at_kill),
            Row(f"round {number}: restarted", elapsed, tally, check_file(database, tally),
                server.locked_errors(log_from))]


def print_table(rows: list[Row], header: str) -> None:
    print(f"\n{header}\n")
    columns = ("phase", "seconds", "requests", "no answer", "acknowledged", "stored", "missing", "doubled",
               "locked", "5xx", "p95 ms", "integrity")
    widths = (20, 7, 8, 9, 12, 7, 7, 7, 6, 5, 7, 9)
    print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(columns, widths))))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        cells = (row.phase, f"{row.seconds:.1f}", str(row.tally.requests), str(row.tally.no_answer),
                 str(row.tally.acknowledged()), str(row.check.stored), str(row.check.missing),
                 str(row.check.doubled), str(row.locked), str(row.tally.server_errors),
                 f"{row.tally.p95_ms():.0f}", row.check.integrity)
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))))


def run(seconds: float, rounds: int, burst: float, clients: int, workers: int, port: int = 0) -> list[Row]:
    """The whole benchmark; returns its rows (the test in tests/ runs a short one)."""
    folder = tempfile.mkdtemp(prefix="sqlite-faults-")
    database = make_instance(folder, clients)
    server = Server(folder, database, port or _free_port(), workers)
    server.start()
    try:
        writers = Writers(server.url, sign_in(server.url, clients))
        rows = [steady(server, writers, database, seconds)] if seconds > 0 else []
        for number in range(1, rounds + 1):
            rows += kill_round(number, server, writers, database, burst)
    finally:
        server.stop()
    return rows


def problems(rows: list[Row]) -> list[str]:
    found = []
    for row in rows:
        for what, value in (("locked errors", row.locked), ("5xx answers", row.tally.server_errors),
                            ("missing writes", row.check.missing), ("doubled entries", row.check.doubled)):
            if value:
                found.append(f"{row.phase}: {value} {what}")
        if row.check.integrity != "ok":
            found.append(f"{row.phase}: integrity_check said {row.check.integrity!r}")
    return found


def _free_port() -> int:
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="length of the steady phase")
    parser.add_argument("--rounds", type=int, default=3, help="kill -9 rounds after it")
    parser.add_argument("--burst", type=float, default=10, help="length of each kill round (the kill is in its middle)")
    parser.add_argument("--writers", type=int, default=16, help="signed-in clients, one writer thread each")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    args = parser.parse_args()

    load_before = os.getloadavg()
    print(f"gunicorn {args.workers} sync workers, {args.writers} writers, steady {args.seconds:g} s, "
          f"{args.rounds} kill -9 rounds of {args.burst:g} s...", flush=True)
    rows = run(args.seconds, args.rounds, args.burst, args.writers, args.workers)
    load_after = os.getloadavg()
    busy = os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "1500 (default)")
    print_table(rows, f"SQLite under gunicorn, {args.workers} sync workers, {args.writers} writers "
                      f"(3 entries : 1 settings edit), SQLITE_BUSY_TIMEOUT_MS={busy}, {os.cpu_count()} CPU(s), "
                      "load average {:.1f} {:.1f} {:.1f} before, {:.1f} {:.1f} {:.1f} after".format(
                          *load_before, *load_after))
    print("\nacknowledged = entries answered 303 + settings edits answered 303; stored = those found in the "
          "file; 'kill -9' rows read the file right after every gunicorn process was killed, before the restart.")
    found = problems(rows)
    if found:
        sys.exit("PROBLEM: " + "; ".join(found))
    print("target met: 0 locked, 0 5xx, nothing missing or doubled, integrity ok")


if __name__ == "__main__":
    main()
