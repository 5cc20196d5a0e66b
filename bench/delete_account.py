"""How long does deleting a client with five years of history take, and a member of their network?

    .venv/bin/python bench/delete_account.py [--entries 20000] [--database-url URL]

Seeds the same world as bench/history_growth.py (a 5-year client with 20,000 entries, triggers on
about 40% of them, a year of meetings, 4,000 notifications, 6,000 member views, 600 messages,
300 old sessions and six members; a new client beside them and 200 other clients with 100 entries
each), adds to the 5-year client a crisis plan, reminders, three phones with 2,000 pushes queued
and sent, and notices to members about them. Then deletes, each in one transaction as Settings
does (yourdata/deletion.py): first a member of the 5-year client's network, then the client.
Prints the seconds and the rows deleted or changed, by table, with the load average.

A temporary SQLite file, or PostgreSQL with --database-url or DATABASE_URL (the tables are
created and dropped again; --reset-database wipes a database that already has a `user` table).
"""
import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.history_growth import (  # noqa: E402
    HISTORY_ENTRIES, add_database_options, open_database, seed, server_version)


def add_phones_and_plan(client_id: int, member_ids: list[int]) -> None:
    """What history_growth leaves out: a crisis plan, reminders, phones and their pushes, and
    notices members got about the client's space."""
    from sqlalchemy import insert

    from recoverynet.crisis.models import Callee, CrisisPlan
    from recoverynet.extensions import db
    from recoverynet.notifications.models import Notification
    from recoverynet.push.models import Delivery, PushSubscription
    from recoverynet.reminders.models import Reminder
    from recoverynet.timeutil import utcnow

    now = utcnow()
    db.session.add(CrisisPlan(user_id=client_id, warning_signs="Not sleeping",
                              callees=[Callee(position=n, name=f"Person {n}", daytime_phone="01632 960000")
                                       for n in range(5)]))
    reminders = [Reminder(user_id=client_id, kind="checkin", times="20:00") for _ in range(6)]
    phones = [PushSubscription(user_id=client_id, endpoint=f"https://push.example.org/{client_id}/{n}",
                               p256dh="key", auth="auth") for n in range(3)]
    db.session.add_all(reminders + phones)
    db.session.flush()
    db.session.execute(insert(Delivery), [
        {"user_id": client_id, "subscription_id": phones[n % 3].id, "reminder_id": reminders[n % 6].id,
         "kind": "reminder", "payload": '{"title":"Check in","url":"/log/new"}', "status": "sent",
         "created_at": now - timedelta(minutes=n), "not_before": now - timedelta(minutes=n)} for n in range(2000)])
    db.session.execute(insert(Notification), [
        {"user_id": member_ids[n % len(member_ids)], "kind": "crisis_alert", "text": "Old Client needs you.",
         "link": f"/support/{client_id}", "created_at": now - timedelta(days=n)} for n in range(200)])
    db.session.commit()


def timed_deletion(app, email: str) -> tuple[float, dict[str, int]]:
    """Delete one account as the Settings view does (everything in one transaction); (seconds, rows)."""
    from sqlalchemy import select

    from recoverynet.auth.models import User
    from recoverynet.extensions import db
    from recoverynet.yourdata.deletion import delete_account

    with app.test_request_context():
        person = db.session.scalar(select(User).where(User.email == email))
        started = time.perf_counter()
        rows = delete_account(person)
        db.session.commit()
        seconds = time.perf_counter() - started
        db.session.remove()
    return seconds, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=HISTORY_ENTRIES, help="entries of the 5-year client")
    add_database_options(parser)
    args = parser.parse_args()

    app, database = open_database(args, "delete-bench-")
    print(f"Seeding a 5-year client ({args.entries:,} entries) and their world on {database}...", flush=True)
    try:
        from sqlalchemy import func, select

        from recoverynet.auth.models import User
        from recoverynet.extensions import db
        from recoverynet.network.models import Contact

        people = seed(app, args.entries)["old"]
        with app.app_context():
            members = db.session.scalars(select(Contact.member_id).where(
                Contact.client_id == people["client"], Contact.member_id.is_not(None)).order_by(Contact.id)).all()
            add_phones_and_plan(people["client"], members)
            if db.engine.dialect.name == "postgresql":
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                    connection.exec_driver_sql("VACUUM ANALYZE")
            everyone = db.session.scalar(select(func.count()).select_from(User))
        load_before = os.getloadavg()
        member_seconds, member_rows = timed_deletion(app, people["member_email"])
        client_seconds, client_rows = timed_deletion(app, people["client_email"])
        load_after = os.getloadavg()
        version = server_version(app)
    finally:
        if database == "PostgreSQL":
            with app.app_context():
                db.session.remove()
                db.drop_all()

    print(f"\nDeleting accounts on {database} {version} ({everyone} people in the database), "
          "each in one transaction, in process")
    print(f"{os.cpu_count()} CPU(s); load average (1, 5, 15 min) before "
          f"{' '.join(f'{x:.2f}' for x in load_before)}, after {' '.join(f'{x:.2f}' for x in load_after)}\n")
    tables = sorted(set(client_rows) | set(member_rows), key=lambda name: -client_rows.get(name, 0))
    print(f"{'table':22}  {'member':>8}  {'5-year client':>13}")
    print(f"{'-' * 22}  {'-' * 8}  {'-' * 13}")
    for name in tables:
        if client_rows.get(name) or member_rows.get(name):
            print(f"{name:22}  {member_rows.get(name, 0):>8,}  {client_rows.get(name, 0):>13,}")
    print(f"{'rows in all':22}  {sum(member_rows.values()):>8,}  {sum(client_rows.values()):>13,}")
    print(f"{'seconds':22}  {member_seconds:>8.2f}  {client_seconds:>13.2f}")
    print("\nRows are deleted or changed (a member's card stays on the map without an account; what they "
          "sent is kept as from a former member).")


if __name__ == "__main__":
    main()
