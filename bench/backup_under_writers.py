"""How long `flask backup` takes on a database with a long history while writers keep inserting,
and whether every copy is sound and holds every entry acknowledged before it began.

    .venv/bin/python bench/backup_under_writers.py [--entries 20000] [--writers 4] [--rounds 5]

Bounded: each round runs the writers for about a second around one backup, then stops them.
"""
import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import uuid
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from recoverynet import create_app  # noqa: E402
from recoverynet.backup import backup_to  # noqa: E402
from recoverynet.extensions import db  # noqa: E402

INSERT = ("INSERT INTO entry (user_id, device_id, mood, situation, thoughts, feelings, people_present, coping, "
          "note, logged_at, logged_at_seconds, updated_at) VALUES (1, ?, 3, 'At home', '', 'tired', '', 'walked', ?, "
          "datetime('now'), CAST(strftime('%s', 'now') AS INTEGER), datetime('now'))")


def build(path: str, entries: int) -> None:
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                      "PUBLIC_URL": "http://localhost"}, instance_path=str(Path(path).parent / "instance"))
    with app.app_context():
        db.create_all()
        db.session.remove()
        db.engine.dispose()
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("INSERT INTO user (id, email, password_hash, display_name, timezone, country, is_client, "
                           "detailed_notifications, quiet_start, quiet_end, created_at) VALUES (1, 'casey@example.org', "
                           "'x', 'Casey', 'Europe/London', 'GB', 1, 0, '', '', datetime('now'))")
        connection.executemany(INSERT, ((str(uuid.uuid4()), "A note about the day " * 5) for _ in range(entries)))
        connection.commit()


def one_round(path: str, writers: int, target: Path) -> dict:
    acknowledged, stop = [], threading.Event()

    def write():
        with closing(sqlite3.connect(path, timeout=30)) as connection:
            while not stop.is_set():
                device_id = str(uuid.uuid4())
                with connection:
                    connection.execute(INSERT, (device_id, "written during the backup"))
                acknowledged.append(device_id)

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    before = list(acknowledged)
    seconds = backup_to(path, target)
    time.sleep(0.5)
    stop.set()
    for thread in threads:
        thread.join()
    with closing(sqlite3.connect(target)) as copy:
        integrity = copy.execute("PRAGMA integrity_check").fetchone()[0]
        stored = {row[0] for row in copy.execute("SELECT device_id FROM entry")}
    return {"seconds": seconds, "integrity": integrity, "missing": len(set(before) - stored),
            "acknowledged_before": len(before), "written_meanwhile": len(acknowledged) - len(before),
            "megabytes": target.stat().st_size / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "live.sqlite")
        build(path, args.entries)
        print(f"load average {os.getloadavg()[0]:.2f}; {args.entries} entries; {args.writers} writers")
        print("round  seconds  MB     integrity  acknowledged-before  missing  written-meanwhile")
        results = []
        for n in range(args.rounds):
            result = one_round(path, args.writers, Path(folder) / f"backup-{n}.sqlite")
            results.append(result)
            print(f"{n + 1:>5}  {result['seconds']:7.3f}  {result['megabytes']:5.1f}  {result['integrity']:>9}  "
                  f"{result['acknowledged_before']:>19}  {result['missing']:>7}  {result['written_meanwhile']:>17}")
        print(f"median {statistics.median(r['seconds'] for r in results):.3f} s; "
              f"sound {sum(r['integrity'] == 'ok' for r in results)}/{len(results)}; "
              f"missing {sum(r['missing'] for r in results)}")


if __name__ == "__main__":
    main()
