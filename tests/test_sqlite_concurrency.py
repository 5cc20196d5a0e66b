"""SQLite under several gunicorn workers: no "database is locked", nothing lost to kill -9.

These tests make their own SQLite file whatever TEST_DATABASE_URL says, so SQLite is tested on
every run, the PostgreSQL one included. The long version is bench/sqlite_faults.py.
"""
import importlib.util
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from recoverynet import create_app
from recoverynet.extensions import db

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def sqlite_app(tmp_path):
    """An app of its own on a fresh SQLite file; returns (app, path of the file)."""
    path = tmp_path / "own.sqlite"

    def make(**config):
        app = create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                          "MAIL_SERVER": "", **config}, instance_path=str(tmp_path / "instance"))
        with app.app_context():
            db.create_all()
        return app, path
    return make


def _scalar(app, sql: str):
    with app.app_context():
        return db.session.execute(text(sql)).scalar()


def test_busy_timeout_comes_from_the_setting(sqlite_app):
    app, _ = sqlite_app(SQLITE_BUSY_TIMEOUT_MS=1234)
    assert _scalar(app, "PRAGMA busy_timeout") == 1234


def test_sqlite_runs_in_wal_with_synchronous_normal(sqlite_app):
    app, _ = sqlite_app()
    assert _scalar(app, "PRAGMA journal_mode") == "wal"
    assert _scalar(app, "PRAGMA synchronous") == 1  # NORMAL: a commit survives kill -9 of the app
    assert _scalar(app, "PRAGMA foreign_keys") == 1


def test_a_write_after_a_read_waits_for_another_writer_instead_of_failing(sqlite_app):
    """A request reads, another worker writes and commits, then the request writes: it must wait
    for the lock, not fail at once as a read transaction upgraded to a write one would."""
    app, path = sqlite_app(SQLITE_BUSY_TIMEOUT_MS=5000)
    with app.app_context():
        db.session.execute(text("CREATE TABLE scratch (n INTEGER)"))
        db.session.commit()
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    with app.app_context():
        db.session.execute(text("SELECT count(*) FROM scratch")).scalar()
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO scratch VALUES (1)")
        releaser = threading.Timer(0.5, other.execute, args=("COMMIT",))
        releaser.start()
        started = time.monotonic()
        db.session.execute(text("INSERT INTO scratch VALUES (2)"))
        db.session.commit()
        waited = time.monotonic() - started
        releaser.join()
    other.close()
    assert waited >= 0.3
    assert _scalar(app, "SELECT count(*) FROM scratch") == 2


def _bench():
    spec = importlib.util.spec_from_file_location("sqlite_faults", ROOT / "bench" / "sqlite_faults.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gunicorn_writers_meet_no_lock_and_lose_nothing_to_kill_9():
    """8 writers against 2 workers for 5 s, then a burst with kill -9 in its middle: 0 "database
    is locked", 0 5xx, every acknowledged write stored once, integrity ok."""
    bench = _bench()
    rows = bench.run(seconds=5, rounds=1, burst=3, clients=8, workers=2)
    assert [row.tally.acknowledged() > 0 for row in rows] == [True, True, True]
    assert bench.problems(rows) == []
