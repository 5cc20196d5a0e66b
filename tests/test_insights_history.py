"""The insights page for a client with years of history (issue 11's quality bar): each entry keeps
its moment as whole seconds (Entry.logged_at_seconds), so the database works out local days and
hours from an index that holds them, and the charts' coordinates are worked out once per window,
not once per day. bench/history_growth.py gives the timings."""
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from flask_migrate import upgrade
from sqlalchemy import event, insert, select, text

from recoverynet import create_app
from recoverynet.extensions import db
from recoverynet.insights import charts, queries
from recoverynet.insights.queries import Window
from recoverynet.log.models import Entry, EntryTrigger
from recoverynet.timeutil import epoch_seconds
from recoverynet.yourdata import sections
from tests.helpers import at

UTC = timezone.utc


def log(user_id: int, moment: datetime | None = None, **fields) -> Entry:
    entry = Entry(user_id=user_id, device_id=str(uuid.uuid4()), mood=fields.pop("mood", 3), **fields)
    if moment is not None:
        entry.logged_at = moment
    db.session.add(entry)
    db.session.commit()
    return entry


@pytest.fixture
def casey(app, people):
    with app.app_context():
        yield people["client"]


# ---- Whole seconds ----

@pytest.mark.parametrize("moment, seconds", [
    (at(1970, 1, 1), 0),
    (at(1970, 1, 1, 0, 0, 1, 999999), 1),
    (at(1969, 12, 31, 23, 59, 59, 500000), -1),  # rounded down, before 1970 too
    (datetime(2026, 3, 29, 2, 30, tzinfo=timezone(timedelta(hours=13))), 1774704600),
])
def test_epoch_seconds_counts_whole_seconds_since_1970_rounding_down(moment, seconds):
    assert epoch_seconds(moment) == seconds


def test_an_entry_keeps_its_seconds_however_it_was_written(casey):
    made_now = log(casey)
    given = log(casey, at(2026, 3, 29, 0, 59, 59, 999999))
    moved = log(casey, at(2026, 1, 1))
    moved.logged_at = at(2026, 2, 2, 12)
    db.session.commit()
    db.session.execute(insert(Entry), [{"user_id": casey, "device_id": "bulk", "mood": 2,
                                        "logged_at": at(2025, 12, 31, 23, 59, 59)}])
    db.session.commit()
    rows = db.session.execute(select(Entry.logged_at, Entry.logged_at_seconds).where(Entry.user_id == casey)).all()
    assert len(rows) == 4 and all(seconds == epoch_seconds(moment) for moment, seconds in rows)
    assert (given.logged_at_seconds, moved.logged_at_seconds) == (1774745999, epoch_seconds(at(2026, 2, 2, 12)))
    assert made_now.logged_at_seconds == epoch_seconds(made_now.logged_at)


def test_an_entry_in_the_last_moment_of_a_local_day_counts_on_that_day(casey):
    # 23:59:59.9999 in Auckland (NZDT, +13) on 14 January; SQLite's date functions would round it
    # to the next second, the next day, and so out of the window's days altogether.
    log(casey, at(2026, 1, 14, 10, 59, 59, 999900), mood=5)
    days = queries.daily_mood(casey, Window.ending_today(30, "Pacific/Auckland", date(2026, 1, 14)))
    assert (days[-1].day, days[-1].mood) == (date(2026, 1, 14), 5)


def test_the_export_leaves_out_the_seconds_kept_for_the_insights():
    assert "logged_at" in sections.ENTRY and "logged_at_seconds" not in sections.ENTRY


def test_the_migration_fills_in_the_seconds_of_entries_logged_before_it(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.sqlite'}", "SECRET_KEY": "x",
                      "TESTING": True}, instance_path=str(tmp_path))
    with app.app_context():
        upgrade(revision="c1a100000019")
        db.session.execute(text("INSERT INTO user (id, email, password_hash, display_name, timezone, country, "
                                "created_at) VALUES (1, 'a@example.org', 'x', 'A', 'UTC', 'GB', '2026-01-01')"))
        db.session.execute(text(
            "INSERT INTO entry (user_id, device_id, mood, situation, thoughts, feelings, people_present, coping, "
            "note, logged_at, updated_at) VALUES (1, :device, 3, '', '', '', '', '', '', :at, :at)"),
            [{"device": "a", "at": "2026-03-29 00:59:59.999999"}, {"device": "b", "at": "1969-12-31 23:59:59.500000"}])
        db.session.commit()
        upgrade()
        seconds = db.session.scalars(text("SELECT logged_at_seconds FROM entry ORDER BY device_id")).all()
        db.engine.dispose()
    assert seconds == [1774745999, -1]


# ---- What the database reads ----

def test_the_insights_read_their_window_from_an_index_holding_each_entrys_numbers(sqlite_app):
    """On SQLite: the mood per day, the week's hours and the trigger trends each read the window's
    range of ix_entry_user_clock alone (a covering index), never the entries themselves."""
    with sqlite_app.app_context():
        client_id = db.session.execute(text(
            "INSERT INTO user (email, password_hash, display_name, timezone, country, created_at, is_client) "
            "VALUES ('c@example.org', 'x', 'C', 'UTC', 'GB', '2026-01-01', 1) RETURNING id")).scalar()
        log(client_id, at(2026, 1, 10, 9), craving=4, triggers=[EntryTrigger(label="stress")])
        window = Window.ending_today(365, "Europe/London", date(2026, 1, 14))
        statements = []
        keep = lambda conn, cursor, statement, parameters, context, many: statements.append((statement, parameters))  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", keep)
        try:
            queries.daily_mood(client_id, window)
            queries.week_hours(client_id, window)
            queries.trigger_trends(client_id, window)
        finally:
            event.remove(db.engine, "before_cursor_execute", keep)
        connection = db.session.connection().connection.driver_connection
        plans = [[row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + statement, parameters)]
                 for statement, parameters in statements]
    entry_reads = [detail for plan in plans for detail in plan if detail.startswith(("SCAN entry", "SEARCH entry "))]
    assert len(entry_reads) == 4  # week_hours reads the range twice: its triggers, then its cravings
    assert all(detail.startswith("SEARCH entry USING COVERING INDEX ix_entry_user_clock (user_id=? AND "
                                 "logged_at_seconds>? AND logged_at_seconds<?)") for detail in entry_reads)


def test_on_postgresql_every_count_of_a_windows_triggers_reads_them_entry_by_entry(casey):
    """PostgreSQL misjudges one client's window and hashed every client's triggers (log/counts.py's
    with_triggers): each statement that counts the window's triggers reads them entry by entry
    there (LATERAL), and joins them plainly on SQLite. Run on both databases by the suite."""
    log(casey, at(2026, 1, 10, 9), craving=4, triggers=[EntryTrigger(label="stress")])
    month = Window.ending_today(30, "Europe/London", date(2026, 1, 14))
    statements = []
    keep = lambda conn, cursor, statement, parameters, context, many: statements.append(statement)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        counted = [queries.week_hours(casey, month)[0].total, queries.trigger_heatmap(casey, month).total,
                   queries.trigger_counts(casey, month), queries.trigger_trends(casey, month).all_counts,
                   queries.monthly_trends(casey, Window.months_to_date(12, "Europe/London", date(2026, 1, 14)))
                   .all_counts]
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    assert counted == [1, 1, {"stress": 1}, {"stress": 1}, {"stress": 1}]
    on_postgresql = db.engine.dialect.name == "postgresql"
    assert [("LATERAL" in statement) for statement in statements] == [on_postgresql] * 5


def test_coping_outcomes_read_only_the_windows_entries_with_an_outcome(sqlite_app):
    with sqlite_app.app_context():
        client_id = db.session.execute(text(
            "INSERT INTO user (email, password_hash, display_name, timezone, country, created_at, is_client) "
            "VALUES ('c@example.org', 'x', 'C', 'UTC', 'GB', '2026-01-01', 1) RETURNING id")).scalar()
        log(client_id, at(2026, 1, 10, 9), coping="A walk", outcome="on_track")
        statements = []
        keep = lambda conn, cursor, statement, parameters, context, many: statements.append((statement, parameters))  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", keep)
        try:
            assert queries.coping_outcomes(client_id, Window.ending_today(365, "UTC", date(2026, 1, 14)))[0].on_track == 1
        finally:
            event.remove(db.engine, "before_cursor_execute", keep)
        connection = db.session.connection().connection.driver_connection
        plan = [row[3] for statement, parameters in statements
                for row in connection.execute("EXPLAIN QUERY PLAN " + statement, parameters)]
    assert plan[0].startswith("SEARCH entry USING INDEX ix_entry_user_outcome (user_id=? AND outcome=? AND logged_at>?")


def test_week_hours_counts_triggers_and_craving_as_the_heatmap_and_craving_by_hour_do(casey):
    log(casey, at(2026, 1, 12, 9, 10), craving=6, triggers=[EntryTrigger(label="stress"), EntryTrigger(label="tired")])
    log(casey, at(2026, 1, 12, 9, 40), craving=2)  # a craving, no trigger
    log(casey, at(2026, 1, 12, 9, 50), triggers=[EntryTrigger(label="stress")])  # a trigger, no craving
    log(casey, at(2026, 1, 13, 22), craving=0)
    window = Window.ending_today(30, "UTC", date(2026, 1, 14))
    heat, craving = queries.week_hours(casey, window)
    assert heat.cells == {(0, 9): 3} == queries.trigger_heatmap(casey, window).cells
    assert craving.cells == {(0, 9): (8, 2), (1, 22): (0, 1)}


# ---- The charts' coordinates ----

def test_days_sit_evenly_across_the_plot_and_a_lone_day_in_its_middle():
    assert charts._x_slots(1) == ("169",)
    assert charts._x_slots(3) == ("24", "169", "314")
    assert len(charts._x_slots(365)) == 365 and charts._x_slots(365)[-1] == "314"


@pytest.mark.parametrize("value, low, high, y", [(5, 1, 5, "6"), (1, 1, 5, "96"), (3.5, 1, 5, "39.75"),
                                                 (0, 0, 10, "96"), (10, 0, 10, "6")])
def test_a_value_sits_at_its_height_on_the_scale(value, low, high, y):
    assert charts._y_at(value, low, high) == y
