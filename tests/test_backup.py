"""`flask backup` and `flask restore` (issue 8 part 4, issue 18 part 4).

These run on their own SQLite file whatever TEST_DATABASE_URL says: the commands copy files.
"""
import sqlite3
import threading
import time
import uuid
from contextlib import closing

import pytest
from sqlalchemy import select

from recoverynet.extensions import db
from recoverynet.log.models import Entry
from tests.helpers import make_app, make_user


@pytest.fixture
def live(tmp_path, instance_dir):
    """An app on its own SQLite file, with Casey and two entries."""
    app = make_app(f"sqlite:///{tmp_path / 'live.sqlite'}", instance_dir)
    with app.app_context():
        db.create_all()
        casey = make_user("casey@example.org", "Casey Client")
        db.session.add_all([Entry(user_id=casey.id, device_id=str(uuid.uuid4()), mood=mood, note=note)
                            for mood, note in ((2, "Hard day"), (4, "Better"))])
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def notes(app) -> list[tuple[int, str]]:
    with app.app_context():
        rows = db.session.execute(select(Entry.mood, Entry.note).order_by(Entry.id)).all()
        db.session.remove()
        return [tuple(row) for row in rows]


def change_everything(app) -> None:
    with app.app_context():
        first, second = db.session.scalars(select(Entry).order_by(Entry.id)).all()
        first.note = "Changed"
        db.session.delete(second)
        db.session.add(Entry(user_id=first.user_id, device_id=str(uuid.uuid4()), mood=5, note="Added later"))
        db.session.commit()


def test_a_backup_restored_brings_the_data_back_as_it_was(live, tmp_path):
    runner = live.test_cli_runner()
    backup = tmp_path / "backup.sqlite"
    result = runner.invoke(args=["backup", str(backup)])
    assert result.exit_code == 0, result.output
    assert "integrity check: ok" in result.output
    change_everything(live)
    assert notes(live) == [(2, "Changed"), (5, "Added later")]
    result = runner.invoke(args=["restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    assert notes(live) == [(2, "Hard day"), (4, "Better")]


def test_restore_asks_first_and_a_no_changes_nothing(live, tmp_path):
    runner = live.test_cli_runner()
    backup = tmp_path / "backup.sqlite"
    runner.invoke(args=["backup", str(backup)])
    change_everything(live)
    result = runner.invoke(args=["restore", str(backup)], input="n\n")
    assert result.exit_code != 0 and "Anything saved since that backup will be lost" in result.output
    assert notes(live) == [(2, "Changed"), (5, "Added later")]


def test_restore_refuses_a_damaged_backup_and_changes_nothing(live, tmp_path):
    runner = live.test_cli_runner()
    backup = tmp_path / "backup.sqlite"
    runner.invoke(args=["backup", str(backup)])
    data = bytearray(backup.read_bytes())
    data[4096: 4 * 4096] = b"\xff" * (3 * 4096)  # scribble over pages 2 to 4
    backup.write_bytes(bytes(data))
    result = runner.invoke(args=["restore", str(backup), "--yes"])
    assert result.exit_code != 0 and "not a sound RecoveryNet backup" in result.output
    assert notes(live) == [(2, "Hard day"), (4, "Better")]


def test_backup_never_overwrites_an_earlier_backup(live, tmp_path):
    backup = tmp_path / "backup.sqlite"
    backup.write_text("an older backup")
    result = live.test_cli_runner().invoke(args=["backup", str(backup)])
    assert result.exit_code != 0 and "already exists" in result.output
    assert backup.read_text() == "an older backup"


def test_a_backup_file_is_readable_only_by_its_owner(live, tmp_path):
    backup = tmp_path / "backup.sqlite"
    live.test_cli_runner().invoke(args=["backup", str(backup)])
    assert backup.stat().st_mode & 0o077 == 0


def test_on_postgresql_backup_points_to_pg_dump_and_pg_restore(tmp_path, instance_dir):
    app = make_app("postgresql+psycopg://nobody@127.0.0.1:1/none", instance_dir)
    for args in (["backup", str(tmp_path / "x.dump")], ["restore", __file__, "--yes"]):
        result = app.test_cli_runner().invoke(args=args)
        assert result.exit_code != 0
        assert "pg_dump --format=custom" in result.output and "pg_restore --clean" in result.output


def test_a_backup_taken_while_writers_insert_is_sound_and_holds_every_acknowledged_entry(live, tmp_path):
    with live.app_context():
        path = db.engine.url.database
        user_id = db.session.scalar(select(Entry.user_id))
        db.session.remove()
    acknowledged, stop = [], threading.Event()

    def writer():
        with closing(sqlite3.connect(path, timeout=30)) as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            while not stop.is_set():
                device_id = str(uuid.uuid4())
                with connection:  # commits; the entry is acknowledged only after that
                    connection.execute("INSERT INTO entry (user_id, device_id, mood, situation, thoughts, feelings, "
                                       "people_present, coping, note, logged_at, logged_at_seconds, updated_at) "
                                       "VALUES (?, ?, 3, '', '', '', '', '', 'x', datetime('now'), "
                                       "CAST(strftime('%s', 'now') AS INTEGER), datetime('now'))",
                                       (user_id, device_id))
                acknowledged.append(device_id)

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    acknowledged_before = list(acknowledged)
    backup = tmp_path / "backup.sqlite"
    result = live.test_cli_runner().invoke(args=["backup", str(backup)])
    time.sleep(1.0)
    stop.set()
    for thread in threads:
        thread.join()
    assert result.exit_code == 0, result.output
    assert len(acknowledged_before) > 100 and len(acknowledged) > len(acknowledged_before)
    with closing(sqlite3.connect(backup)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = {row[0] for row in copy.execute("SELECT device_id FROM entry")}
    assert set(acknowledged_before) <= stored
