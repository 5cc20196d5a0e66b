"""SQLite set up for several gunicorn workers writing at once (PostgreSQL is left as it is).

Every new SQLite connection gets:
- WAL: readers never wait for the writer, and the writer never waits for readers.
- synchronous=NORMAL: in WAL mode a commit is written to the WAL file before it is
  acknowledged, so killing the app (kill -9, a crashed worker) loses nothing. A power cut or
  kernel crash may roll back the last commits since a checkpoint, but never corrupts the file;
  FULL would prevent that with an fsync per commit. Use PostgreSQL where that matters.
- busy_timeout (SQLITE_BUSY_TIMEOUT_MS): a writer waits for another's commit this long before
  failing with "database is locked".
- foreign keys enforced.

Why there is no BEGIN IMMEDIATE: Python's sqlite3 (its legacy transaction control, which
SQLAlchemy's pysqlite dialect keeps) begins a transaction only just before the first
INSERT/UPDATE/DELETE; reads before it run on their own. So a request never has to upgrade an
open read transaction to a write one, which SQLite refuses at once with SQLITE_BUSY, busy
timeout or not, whenever another connection writes. SQLAlchemy's "BEGIN on the first statement"
recipe or Python 3.12's `autocommit=False` would bring that failure back unless writes begin
with BEGIN IMMEDIATE; tests/test_sqlite_concurrency.py catches it.
"""
from flask import Flask
from sqlalchemy import event

from recoverynet.extensions import db


def init_app(app: Flask) -> None:
    with app.app_context():
        engines = list(db.engines.values())
    busy_timeout_ms = int(app.config["SQLITE_BUSY_TIMEOUT_MS"])
    for engine in engines:
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _set_pragmas(busy_timeout_ms))


def _set_pragmas(busy_timeout_ms: int):
    def on_connect(dbapi_connection, connection_record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms:d}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
    return on_connect
