"""A client with years of history is as fast as a new one (issue 8, part 2), checked without a
clock: the statements a page runs don't grow with history, and on SQLite their plans read a
range of an index instead of sorting or scanning everything the client ever wrote.
bench/history_growth.py gives the timings."""
import re
import uuid
from datetime import timedelta

import pytest

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.log.models import Entry, EntryTrigger
from recoverynet.meetings.models import Meeting
from recoverynet.network import summaries
from recoverynet.network.models import SCOPES
from recoverynet.notifications.models import Notification
from recoverynet.rewards.models import Encouragement, Reward
from recoverynet.rewards.unlock import progress
from recoverynet.timeutil import local, local_today, utcnow
from tests.helpers import counted_queries, make_user
from tests.network_world import add_member, sign_in_as

# The pages whose work could grow with history: the newest entries, a window of them, lists of
# notifications and messages. {client} is the client's id.
PAGES = {"home": "/", "log": "/log", "member view": "/support/{client}", "notifications": "/notifications",
         "rewards": "/rewards", "progress": "/progress", "member's progress": "/support/{client}/progress"}
MEMBER_PAGES = {"member view", "member's progress"}
# Each table with years of rows per person, and the indexes that read one person's range of it.
# (ix_entry_user_clock is one person's moments as whole seconds, with mood and craving beside them.)
HISTORY_INDEXES = {"entry": {"ix_entry_user_logged", "ix_entry_user_clock"},
                   "notification": {"ix_notification_user_created", "ix_notification_user_read"},
                   "encouragement": {"ix_encouragement_client_sent"},
                   "meeting": {"ix_meeting_client_attended"}}


def add_history(app, client_id: int, entries: int) -> None:
    """`entries` entries, one every five hours back from now (triggers on every third, detail on
    every fourth), as many read notifications, and a tenth as many messages and meetings."""
    with app.app_context():
        now, today = utcnow(), local_today("Europe/London")
        for n in range(entries):
            entry = Entry(user_id=client_id, device_id=str(uuid.uuid4()), mood=1 + n % 5, craving=n % 11,
                          logged_at=now - timedelta(hours=5 * n, minutes=1), situation="Long shift" if n % 4 == 0 else "")
            entry.triggers = [EntryTrigger(label=label) for label in ("tired", "stress")[:1 + n % 2]] if n % 3 == 0 else []
            db.session.add(entry)
            db.session.add(Notification(user_id=client_id, kind="encouragement", text="A message.", link="/rewards",
                                        created_at=now - timedelta(hours=5 * n), read_at=now))
        db.session.add_all(Encouragement(client_id=client_id, text="One day at a time.",
                                         sent_at=now - timedelta(days=n)) for n in range(entries // 10))
        db.session.add_all(Meeting(client_id=client_id, attended_on=today - timedelta(days=n), kind="na")
                           for n in range(entries // 10))
        db.session.commit()


@pytest.fixture
def new_and_old(app, people):
    """Casey with 500 entries and all that goes with them, Oli with 10; each has a member who
    sees every scope. Returns {name: (client id, client email, member email)}."""
    return long_and_short_histories(app, people)


@pytest.fixture
def on_sqlite(sqlite_app):
    """new_and_old on a SQLite file of its own, whatever TEST_DATABASE_URL says: EXPLAIN QUERY PLAN
    is SQLite's (bench/history_growth.py shows PostgreSQL's plans). Returns (app, client, new_and_old)."""
    with sqlite_app.app_context():
        people = {"client": make_user("casey@example.org", "Casey Client").id,
                  "other_client": make_user("oli@example.org", "Oli Other").id}
    return sqlite_app, sqlite_app.test_client(), long_and_short_histories(sqlite_app, people)


def long_and_short_histories(app, people: dict) -> dict:
    add_member(app, people["client"], "sam@example.org", "Sam", scopes=tuple(SCOPES))
    add_member(app, people["other_client"], "ria@example.org", "Ria", scopes=tuple(SCOPES))
    add_history(app, people["client"], 500)
    add_history(app, people["other_client"], 10)
    return {"old": (people["client"], "casey@example.org", "sam@example.org"),
            "new": (people["other_client"], "oli@example.org", "ria@example.org")}


def open_page(app, client, who: tuple, page: str) -> list:
    """Sign in as the client (or their member, for a member's page), open the page once to warm
    up, then return the statements of a second opening."""
    client_id, client_email, member_email = who
    sign_in_as(client, member_email if page in MEMBER_PAGES else client_email)
    path = PAGES[page].format(client=client_id)
    assert client.get(path).status_code == 200
    with counted_queries(app, with_parameters=True) as statements:
        assert client.get(path).status_code == 200
    return statements


def query_plan(app, statement: str, parameters) -> list[tuple[int, int, str]]:
    """SQLite's plan as (node, parent node, detail) rows."""
    with app.app_context():
        connection = db.session.connection().connection.driver_connection
        return [(row[0], row[1], row[3]) for row in connection.execute("EXPLAIN QUERY PLAN " + statement, parameters)]


def reads_history(detail: str) -> bool:
    return re.match(rf"(SCAN|SEARCH) ({'|'.join(HISTORY_INDEXES)})\b", detail) is not None


def sorts_history(plan: list[tuple[int, int, str]]) -> bool:
    """A temporary sort at the level that reads a history table sorts the rows it read there.
    (A sort of the page's few rows, say after joining their triggers, sits a level above.)"""
    sorted_levels = {parent for _, parent, detail in plan if detail == "USE TEMP B-TREE FOR ORDER BY"}
    return any(parent in sorted_levels and reads_history(detail) for _, parent, detail in plan)


@pytest.mark.parametrize("page", PAGES)
def test_a_page_runs_as_many_statements_for_500_entries_as_for_10(app, client, new_and_old, page):
    counts = {age: len(open_page(app, client, new_and_old[age], page)) for age in ("new", "old")}
    assert counts["old"] == counts["new"], counts


def test_the_newest_entries_are_read_from_the_index_without_sorting(on_sqlite):
    app, client, new_and_old = on_sqlite
    [newest] = [(sql, params) for sql, params in open_page(app, client, new_and_old["old"], "log")
                if re.search(r"FROM entry\b.*ORDER BY entry\.logged_at DESC", sql, re.S)]
    plan = query_plan(app, *newest)
    assert any("USING INDEX ix_entry_user_logged" in detail for _, _, detail in plan), plan
    assert not sorts_history(plan), plan


@pytest.mark.parametrize("page", PAGES)
def test_a_page_reads_history_through_an_index_range(on_sqlite, page):
    app, client, new_and_old = on_sqlite
    for sql, params in open_page(app, client, new_and_old["old"], page):
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        plan = query_plan(app, sql, params)
        for _, _, detail in plan:
            if reads_history(detail):
                table = detail.split()[1]
                # Through one of the table's history indexes, or one row by its key (Home's newest message).
                assert (any(f"INDEX {name} (" in detail for name in HISTORY_INDEXES[table])
                        or "USING INTEGER PRIMARY KEY (rowid=?)" in detail), f"{detail}\n{sql}"
        assert not sorts_history(plan), f"{plan}\n{sql}"


def test_the_member_view_summarises_the_month_as_the_entries_say(app, client, people):
    """The summaries are sums and counts in SQL now: same averages per day, same triggers, same order."""
    casey = people["client"]
    add_member(app, casey, "sam@example.org", "Sam", scopes=tuple(SCOPES))
    with app.app_context():
        now = utcnow()
        moments = [now - timedelta(hours=h) for h in (1, 2, 30, 31, 24 * 20, 24 * 40)]
        labels = [["tired", 'late "shift", café'], ["stress"], ["tired"], [], ["tired", "stress"], ["tired"]]
        for n, (moment, chosen) in enumerate(zip(moments, labels)):
            entry = Entry(user_id=casey, device_id=str(uuid.uuid4()), mood=1 + n % 5, craving=None if n == 1 else n,
                          logged_at=moment, coping="A walk" if n == 3 else "")
            entry.triggers = [EntryTrigger(label=label) for label in chosen]
            db.session.add(entry)
        db.session.commit()
        user = db.session.get(User, casey)
        month = summaries.month_summary(user, {"mood_summary", "trigger_details"})
        recent, common = month["trigger_details"]
        assert [e.trigger_labels for e in recent] == [['late "shift", café', "tired"], ["stress"], ["tired"], [],
                                                      ["stress", "tired"]]
        by_day = {d.day: (d.mood, d.craving) for d in month["mood_summary"]}
        days = [local(m, user.timezone).date() for m in moments[:4]]
        expected = {}
        for day, mood, craving in zip(days, (1, 2, 3, 4), (0, None, 2, 3)):
            moods, cravings = expected.setdefault(day, ([], []))
            moods.append(mood)
            cravings.extend([craving] if craving is not None else [])
        # Between 01:00 and 02:00 the entries of an hour and two hours ago fall on two days, and the
        # later day's only entry has no craving: that day's craving is None, not an average.
        for day, (moods, cravings) in expected.items():
            craving = round(sum(cravings) / len(cravings), 1) if cravings else None
            assert by_day[day] == (round(sum(moods) / len(moods), 1), craving)
        assert [e.mood for e in recent] == [1, 2, 3, 4, 5]
        assert common == [("tired", 3), ("stress", 2), ('late "shift", café', 1)]
    sign_in_as(client, "sam@example.org")
    body = client.get(f"/support/{casey}").get_data(as_text=True)
    assert "late &#34;shift&#34;, café ×1" in body and "tired ×3" in body


@pytest.mark.parametrize("kind", ["checkins", "meetings"])
def test_reward_progress_is_counted_only_up_to_its_target(app, people, kind):
    """Past the target the page says the same ("Reached"), so a pledge made long ago counts no
    further than its target instead of every entry or meeting since."""
    add_history(app, people["client"], 100)  # 100 entries and 10 meetings in the last month
    with app.app_context():
        casey = db.session.get(User, people["client"])
        pledged = dict(client_id=casey.id, title="Cinema", milestone_kind=kind, pledged_at=utcnow() - timedelta(days=40))
        far, near = Reward(**pledged, milestone_target=1000), Reward(**pledged, milestone_target=3)
        db.session.add_all([far, near])
        db.session.commit()
        assert progress(far, casey) == (100 if kind == "checkins" else 10)
        assert progress(near, casey) == 3


def test_the_member_view_builds_the_ten_recent_entries_not_one_per_entry_of_the_month(app, client, new_and_old,
                                                                                    monkeypatch):
    """About 150 entries in Casey's last month: the database sums and counts them, and Python gets
    the ten latest with detail."""
    built = []

    class CountedEntry(summaries.SummaryEntry):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            built.append(self)

    monkeypatch.setattr(summaries, "SummaryEntry", CountedEntry)
    client_id, _, member_email = new_and_old["old"]
    sign_in_as(client, member_email)
    body = client.get(f"/support/{client_id}").get_data(as_text=True)
    assert "Mood and craving, last 14 days" in body and 0 < len(built) <= 10


def test_the_member_view_never_joins_the_cards_grants_to_its_rewards(app, client, people):
    """Five grants joined to ten rewards came back as fifty rows."""
    sam, _ = add_member(app, people["client"], "sam@example.org", "Sam", scopes=tuple(SCOPES))
    with app.app_context():
        db.session.add_all(Reward(client_id=people["client"], giver_id=sam, title=f"Reward {n}", status="redeemed")
                           for n in range(10))
        db.session.commit()
    sign_in_as(client, "sam@example.org")
    with counted_queries(app, with_parameters=True) as statements:
        body = client.get(f"/support/{people['client']}").get_data(as_text=True)
    assert "Reward 9" in body
    assert not [sql for sql, _ in statements if re.search(r"\bgrant\b", sql) and re.search(r"\breward\b", sql)]
