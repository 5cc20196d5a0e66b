"""SQLite set up for several gunicorn workers writing at once (PostgreSQL is left as it is).

Every new SQLite connection gets:
- WAL: readers never wait for the writer, and the writer never waits for readers.
- synchronous=NORMAL: in WAL mode a commit is written to the WAL file before it is
  acknowledged, so killing the app (kill -9, a crashed worker) loses nothing. A power cut or
  kernel crash may roll back the last commits since a checkpoint, but never corrupts the file;
  FULL would prevent that with an fsync per commit. Use PostgreSQL where that matters.
- busy_timeout (SQLITE_BUSY_TIMEOUT_MS, 1 s by default): a writer waits for another's commit
  this long before failing with "database is locked". Short on purpose: a request waiting here
  holds a gunicorn thread, and reads (the crisis page) must not queue behind stuck writers; the
  failed save gets a 503 and the phone's outbox sends it again (errors.py). Writes take
  milliseconds, so only a lock held far longer than any request (a backup tool, a stuck
  process) makes anyone wait that long. The reminder worker may be given a longer one.
- foreign keys enforced.

At start-up the database file, its folder and its -wal/-shm files are checked for writing, and
the log says what to fix. After a "readonly" error the pool is emptied (a connection opened
while the file was read-only stays read-only) and -wal/-shm files SQLite re-created read-only
are given the database file's mode again, so saves work again without a restart.

Why there is no BEGIN IMMEDIATE: Python's sqlite3 (its legacy transaction control, which
SQLAlchemy's pysqlite dialect keeps) begins a transaction only just before the first
INSERT/UPDATE/DELETE; reads before it run on their own. So a request never has to upgrade an
open read transaction to a write one, which SQLite refuses at once with SQLITE_BUSY, busy
timeout or not, whenever another connection writes. SQLAlchemy's "BEGIN on the first statement"
recipe or Python 3.12's `autocommit=False` would bring that failure back unless writes begin
with BEGIN IMMEDIATE; tests/test_sqlite_concurrency.py catches it.
"""
import logging
import os
import stat
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from recoverynet.extensions import db

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    with app.app_context():
        engines = list(db.engines.values())
    busy_timeout_ms = int(app.config["SQLITE_BUSY_TIMEOUT_MS"])
    for engine in engines:
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _set_pragmas(busy_timeout_ms))
            path = database_file(engine)
            if path:
                for problem in unwritable(path):
                    log.error("SQLite: %s", problem)


def database_file(engine: Engine) -> Path | None:
    """The SQLite file behind the engine (None for an in-memory database)."""
    name = engine.url.database
    if not name or name == ":memory:" or engine.url.query.get("uri"):
        return None
    return Path(name).resolve()


def unwritable(path: Path) -> list[str]:
    """What stops this process writing the database, each with the command that fixes it.

    SQLite needs to write the file, its -wal and -shm files, and the folder (it creates and
    deletes those files there)."""
    problems = []
    owner = f"{_user_name()}:" if hasattr(os, "getuid") else ""
    for target in (path.parent, path, *_companions(path)):
        if target.exists() and not os.access(target, os.W_OK):
            fix = f"chmod u+w {target}"
            if hasattr(os, "getuid") and target.stat().st_uid != os.getuid():
                fix = f"chown {owner} {target} && {fix}"
            kind = "folder" if target.is_dir() else "file"
            problems.append(f"the {kind} {target} is not writable by this process, so saves will fail "
                            f"with a 503 until it is. Fix: {fix}")
    return problems


def _companions(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]


def _user_name() -> str:
    try:
        import pwd
        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):
        return str(os.getuid())


def recover_after(error: OperationalError) -> None:
    """After a "readonly" error, start over with fresh connections and sound -wal/-shm files."""
    if "readonly" not in str(error.orig).lower():
        return
    engine = db.engine
    if engine.dialect.name != "sqlite":
        return
    path = database_file(engine)
    if path:
        _repair_companions(path)
        for problem in unwritable(path):
            log.error("SQLite: %s", problem)
    # A connection that opened the file read-only stays so; the next request opens new ones.
    engine.dispose()


def _repair_companions(path: Path) -> None:
    """SQLite makes -wal/-shm with the database file's mode: made while the file was read-only,
    they stay read-only after it is fixed. Give them its mode again, if they are ours."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return
    if not mode & stat.S_IWUSR:
        return  # the file itself is still read-only: nothing to match yet
    for companion in _companions(path):
        try:
            info = companion.stat()
            if not info.st_mode & stat.S_IWUSR and info.st_uid == os.getuid():
                companion.chmod(mode & 0o666)
                log.warning("SQLite: %s was read-only; gave it the database file's mode %o", companion, mode)
        except OSError:
            continue


@contextmanager
def without_waiting_for_the_lock():
    """Writes flushed inside fail at once with "database is locked" if another connection holds
    the write lock, instead of waiting busy_timeout (SQLite only; elsewhere nothing changes).

    For bookkeeping that can wait for the next request (a session's "last seen"): a request then
    waits for a held lock at most once, for what the person asked for, so a save holds its
    gunicorn thread for one busy timeout, not two, while the crisis page may be queued behind it."""
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.exec_driver_sql("PRAGMA busy_timeout=0")
    try:
        yield
    finally:  # before the commit, while this request still holds the connection
        connection.exec_driver_sql(f"PRAGMA busy_timeout={int(current_app.config['SQLITE_BUSY_TIMEOUT_MS']):d}")


def _set_pragmas(busy_timeout_ms: int):
    def on_connect(dbapi_connection, connection_record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms:d}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
    return on_connect
