"""The insights page's year from months summed on write (recoverynet/insights/months.py): the sums
give exactly what the live statements give, every way an entry is written keeps them right, a
page never writes them, and a client whose months aren't summed yet gets the live sums.

Oli's entries stand beside Casey's in each test (log_both): they are never summed into hers."""
import io
import json
import random
import threading
import uuid
import zipfile
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import event, insert, select, update

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.insights import months, queries
from recoverynet.insights.models import InsightMonth
from recoverynet.insights.queries import Window
from recoverynet.log.models import Entry, EntryTrigger
from recoverynet.timeutil import utcnow, zone
from recoverynet.yourdata.importing import import_person
from tests.network_world import add_member, sign_in_as
from tests.helpers import at

UTC = timezone.utc
LABELS = ("stress", "conflict", "tired", "own words")
COPING = ("A walk", "a walk, Called Sam", "Tea; a walk", "Music")


def entry(user_id: int, moment: datetime, rng: random.Random | None = None, **fields) -> Entry:
    rng = rng or random.Random(0)
    values = {"mood": rng.randint(1, 5), "craving": rng.choice([None, *range(11)]),
              "coping": rng.choice(("", *COPING)), "outcome": rng.choice([None, "on_track", "slipped"])} | fields
    triggers = values.pop("triggers", rng.sample(LABELS, k=rng.randint(0, 2)))
    made = Entry(user_id=user_id, device_id=str(uuid.uuid4()), logged_at=moment, **values)
    made.triggers = [EntryTrigger(label=label) for label in triggers]
    return made


def log_both(ids, *moments, rng=None, **fields) -> list[Entry]:
    """Casey's entries at these moments, and Oli's at the same ones; one commit."""
    casey, oli = ids
    made = [entry(casey, moment, rng, **fields) for moment in moments]
    db.session.add_all(made + [entry(oli, moment, mood=1, craving=10, triggers=("payday",), coping="OLI",
                                     outcome="slipped") for moment in moments])
    db.session.commit()
    return made


def set_zone(user_id: int, zone_name: str) -> None:
    db.session.get(User, user_id).timezone = zone_name
    db.session.commit()


def stored(user_id: int) -> dict[date, dict]:
    return {month: json.loads(text) for month, text in db.session.execute(
        select(InsightMonth.month, InsightMonth.numbers).where(InsightMonth.user_id == user_id))}


def assert_months_right(user_id: int) -> None:
    """Every month with entries has its row, made as month_numbers makes it now, in the client's zone."""
    db.session.expire_all()
    person = db.session.get(User, user_id)
    assert person.insights_zone == person.timezone
    moments = db.session.scalars(select(Entry.logged_at_seconds).where(Entry.user_id == user_id)).all()
    with_entries = {months.local_month(moment, person.timezone) for moment in moments}
    rows = stored(user_id)
    assert set(rows) == with_entries
    for month, numbers in rows.items():
        assert numbers == json.loads(json.dumps(months.month_numbers(user_id, month, person.timezone))), month


# ---- The same numbers as the live statements ----

ZONES_AND_DAYS = [("Europe/London", date(2026, 11, 30)), ("Pacific/Auckland", date(2026, 4, 5)),
                  ("America/Los_Angeles", date(2026, 3, 8)), ("Asia/Kolkata", date(2026, 1, 1)),
                  ("America/St_Johns", date(2026, 11, 1))]


def tricky_moments(zone_name: str, today: date, rng: random.Random) -> list[datetime]:
    """Moments over the year before `today`: around each local midnight that starts a month, each
    daylight-saving change, and at random."""
    tz = zone(zone_name)
    window = Window.months_to_date(13, zone_name, today)
    edges = [datetime.combine(start, datetime.min.time(), tz) for start in window.month_starts]
    edges += [datetime.combine(window.first_day + timedelta(days=n), datetime.min.time(), tz)
              for n in range(window.days) if rng.random() < 0.02]
    moments = []
    for edge in edges:
        for seconds in (-3601, -1, 0, 1, 3599, 7200):
            moments.append((edge + timedelta(seconds=seconds)).astimezone(UTC))
    for segment in queries.offset_segments(zone_name, window.start, window.end)[:-1]:
        moments += [segment.until + timedelta(seconds=s) for s in (-1, 0, 1, 1800, -1800)]
    span = int((window.end - window.start).total_seconds())
    moments += [window.start + timedelta(seconds=rng.randrange(span)) for _ in range(300)]
    return [moment.replace(microsecond=rng.choice((0, 999999))) for moment in moments]


@pytest.mark.parametrize(("zone_name", "today"), ZONES_AND_DAYS)
def test_the_year_from_summed_months_equals_the_live_sums(both, zone_name, today):
    rng = random.Random(zone_name)
    set_zone(both[0], zone_name)
    log_both(both, *tricky_moments(zone_name, today, rng), rng=rng)
    casey = db.session.get(User, both[0])
    for day in (today, today.replace(day=1), today - timedelta(days=40)):
        window = Window.months_to_date(12, zone_name, day)
        assert months.summed(casey, window)
        from_months, live = months.numbers_from_months(casey.id, window), queries.live_numbers(casey.id, window)
        assert from_months == live
        assert live.heat.total and live.trends.triggers and live.coping and live.craving.cells  # something to compare


def test_a_year_with_nothing_logged_is_empty_either_way(both):
    log_both(both, at(2024, 1, 5, 12))  # long before the window
    casey = db.session.get(User, both[0])
    window = Window.months_to_date(12, "Europe/London", date(2026, 6, 15))
    assert months.numbers_from_months(casey.id, window) == queries.live_numbers(casey.id, window)
    assert all(day.mood is None for day in months.numbers_from_months(casey.id, window).days)


# ---- The year's window ----

def test_the_year_is_this_month_and_the_eleven_before_it_up_to_today():
    window = Window.months_to_date(12, "Pacific/Auckland", date(2026, 11, 30))
    assert (window.first_day, window.last_day, window.days, window.calendar) == (date(2025, 12, 1), date(2026, 11, 30),
                                                                                 365, True)
    assert window.start == datetime(2025, 12, 1, tzinfo=zone("Pacific/Auckland"))
    assert window.end == datetime(2026, 12, 1, tzinfo=zone("Pacific/Auckland"))  # this month ends
    assert len(window.month_starts) == 12 and window.since == date(2025, 12, 1)


def test_on_a_months_first_day_the_year_starts_eleven_months_back_across_a_new_year():
    window = Window.months_to_date(12, "UTC", date(2026, 1, 1))
    assert (window.first_day, window.days, window.month_starts[-1]) == (date(2025, 2, 1), 335, date(2026, 1, 1))


# ---- Every way of writing keeps the months right ----

def test_a_new_entry_from_the_form_sums_its_month(app, client, both):
    sign_in_as(client, "casey@example.org")
    client.post("/log", data={"mood": "2", "craving": "7", "triggers": ["stress"], "coping": "A walk",
                              "outcome": "on_track", "logged_at": "2026-02-28 23:30"})
    [(month, numbers)] = stored(both[0]).items()
    assert month == date(2026, 2, 1) and numbers["t"] == [["stress", 1]]
    assert_months_right(both[0])


def test_an_entry_synced_from_the_offline_outbox_sums_its_month(app, client, both):
    sign_in_as(client, "casey@example.org")
    response = client.post("/log", data={"mood": "4", "device_id": str(uuid.uuid4()),
                                         "logged_at": "2026-03-31T23:30:00+01:00"},
                           headers={"Accept": "application/json"})
    assert response.status_code == 201
    assert set(stored(both[0])) == {date(2026, 3, 1)}  # 23:30 BST on 31 March is still March in London
    assert_months_right(both[0])


def test_moving_an_entry_to_another_month_sums_both(app, client, both):
    [moved, _] = log_both(both, at(2026, 1, 10, 12), at(2026, 1, 20, 12), rng=random.Random(1))
    sign_in_as(client, "casey@example.org")
    client.post(f"/log/{moved.id}", data={"mood": "5", "triggers": ["tired"], "logged_at": "2026-02-03 08:00"})
    rows = stored(both[0])
    assert set(rows) == {date(2026, 1, 1), date(2026, 2, 1)} and rows[date(2026, 2, 1)]["t"] == [["tired", 1]]
    assert_months_right(both[0])


def test_changing_only_an_entrys_triggers_sums_its_month_again(app, client, both):
    [changed] = log_both(both, at(2026, 1, 10, 12), triggers=("stress",))
    sign_in_as(client, "casey@example.org")
    client.post(f"/log/{changed.id}", data={"mood": "3", "triggers": ["conflict", "tired"],
                                            "logged_at": "2026-01-10 12:00"})
    assert stored(both[0])[date(2026, 1, 1)]["t"] == [["conflict", 1], ["tired", 1]]
    assert_months_right(both[0])


def test_deleting_an_entry_sums_its_month_and_an_empty_month_has_no_row(app, client, both):
    [gone, kept, last] = log_both(both, at(2026, 1, 10, 12), at(2026, 1, 11, 12), at(2026, 2, 11, 12))
    sign_in_as(client, "casey@example.org")
    client.post(f"/log/{gone.id}/delete")
    assert [day[0] for day in stored(both[0])[date(2026, 1, 1)]["d"]] == [20464]  # 11 January only
    client.post(f"/log/{last.id}/delete")
    assert set(stored(both[0])) == {date(2026, 1, 1)}
    assert_months_right(both[0])


def test_an_import_sums_the_months_it_brings(app, both):
    log_both(both, at(2025, 12, 1, 9))
    data = {"format": "recoverynet-export", "version": 1, "person": {"display_name": "Casey"},
            "entries": [{"device_id": str(uuid.uuid4()), "logged_at": f"2026-0{m}-15T10:00:00+00:00", "mood": m,
                         "craving": m, "coping": "Music", "outcome": "on_track", "triggers": ["pain"]}
                        for m in (1, 3)]}
    import_person(db.session.get(User, both[0]), data)
    db.session.commit()
    assert set(stored(both[0])) == {date(2025, 12, 1), date(2026, 1, 1), date(2026, 3, 1)}
    assert stored(both[0])[date(2026, 3, 1)]["o"] == [["Music", "on_track", 1]]
    assert_months_right(both[0])


def test_a_new_time_zone_sums_every_month_again_in_it(app, client, both):
    # 30 April 23:00 in London is 1 May in Auckland, 1 May 11:00 in Auckland.
    log_both(both, at(2026, 4, 30, 22), at(2026, 3, 10, 12))
    assert set(stored(both[0])) == {date(2026, 3, 1), date(2026, 4, 1)}
    sign_in_as(client, "casey@example.org")
    client.post("/settings/profile", data={"display_name": "Casey", "timezone": "Pacific/Auckland", "country": "NZ"})
    assert set(stored(both[0])) == {date(2026, 3, 1), date(2026, 5, 1)}
    assert_months_right(both[0])


def test_two_saves_at_once_in_one_month_both_count(app, both):
    """PostgreSQL lets both insert, then the second to sum waits for the first to commit and reads
    its entry too. SQLite lets one writer in at a time: the second save waits at its insert for the
    first to commit (so there the two only meet at the database's lock, not at the barrier)."""
    log_both(both, at(2026, 1, 2, 12))  # summed once, so each save sums its month only
    racing = db.engine.dialect.name == "postgresql"
    both_flushed = threading.Barrier(2, timeout=10)
    failed = []

    def save(hour: int) -> None:
        with app.app_context():
            try:
                db.session.add(entry(both[0], at(2026, 1, 20, hour)))
                db.session.flush()
                if racing:
                    both_flushed.wait()
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - the test reports it
                failed.append(error)

    savers = [threading.Thread(target=save, args=(hour,)) for hour in (9, 10)]
    for saver in savers:
        saver.start()
    for saver in savers:
        saver.join()
    assert failed == []
    text = db.session.scalar(select(InsightMonth.numbers).where(InsightMonth.user_id == both[0]))
    assert sum(day.mood_n for day in months.read_month(text).days) == 3
    assert_months_right(both[0])


def test_a_rolled_back_change_sums_nothing_and_leaves_nothing_noted(both):
    log_both(both, at(2026, 1, 10, 12))
    db.session.add(entry(both[0], at(2026, 5, 1, 12)))
    db.session.flush()
    db.session.rollback()
    assert months.CHANGED not in db.session.info
    assert set(stored(both[0])) == {date(2026, 1, 1)}


# ---- Reading: never a write; live until summed ----

def year_page(client, path="/insights?days=365") -> tuple[str, list[str]]:
    statements = []
    with client.application.app_context():
        engine = db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        response = client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    return body[body.index("<h1>"):body.index("</main>")], statements


def bulk_history(user_id: int) -> None:
    """Two years of entries written around the ORM, as a migration-era database holds them: not summed."""
    now, rng = utcnow(), random.Random(7)
    ids = db.session.scalars(insert(Entry).returning(Entry.id, sort_by_parameter_order=True), [
        {"user_id": user_id, "device_id": str(uuid.uuid4()), "mood": rng.randint(1, 5), "craving": rng.randint(0, 10),
         "coping": rng.choice(COPING), "outcome": rng.choice(["on_track", "slipped"]),
         "logged_at": now - timedelta(hours=n * 11 + 1), "updated_at": now} for n in range(1600)]).all()
    db.session.execute(insert(EntryTrigger), [{"entry_id": entry_id, "label": LABELS[n % 4]}
                                              for n, entry_id in enumerate(ids) if n % 3 == 0])
    db.session.commit()


def test_a_client_not_summed_yet_sees_the_live_year_and_then_the_same_from_the_months(app, client, runner, both):
    bulk_history(both[0])
    sign_in_as(client, "casey@example.org")
    live_page, live_statements = year_page(client)
    assert db.session.get(User, both[0]).insights_zone is None and stored(both[0]) == {}
    assert "Since" in live_page and "Stayed on track" in live_page
    result = runner.invoke(args=["insights", "rebuild"])
    assert "Months summed again for 1 account(s)." in result.output
    summed_page, summed_statements = year_page(client)
    assert summed_page == live_page
    reads_entries = lambda statements: sum("FROM entry" in s for s in statements)  # noqa: E731
    assert reads_entries(live_statements) == 4 and reads_entries(summed_statements) == 0
    assert sum("FROM insight_month" in s for s in summed_statements) == 1


def test_months_summed_in_another_zone_are_not_read(app, client, both):
    log_both(both, utcnow() - timedelta(days=3), rng=random.Random(3))
    db.session.execute(update(User).where(User.id == both[0]).values(timezone="America/Los_Angeles"))
    db.session.commit()  # around the ORM: the months stay London's
    sign_in_as(client, "casey@example.org")
    _, statements = year_page(client)
    assert not any("insight_month" in statement for statement in statements)


def writes(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]


def test_the_year_page_writes_nothing_summed_or_not(app, client, both):
    bulk_history(both[0])
    sign_in_as(client, "casey@example.org")
    client.get("/insights?days=365")
    _, statements = year_page(client)
    assert writes(statements) == [] and stored(both[0]) == {}
    months.entries_changed(both[0])
    db.session.commit()
    summed = stored(both[0])
    _, statements = year_page(client)
    assert writes(statements) == [] and stored(both[0]) == summed


def test_a_members_year_reads_the_summed_months_and_shows_the_same(app, client, both):
    bulk_history(both[0])
    add_member(app, both[0], "mia@example.org", "Mia", scopes=("mood_summary", "trigger_details"))
    sign_in_as(client, "mia@example.org")
    path = f"/support/{both[0]}/insights?days=365"
    live_page, _ = year_page(client, path)
    months.entries_changed(both[0])
    db.session.commit()
    summed_page, statements = year_page(client, path)
    assert summed_page == live_page
    assert sum("insight_month" in statement for statement in statements) == 1


def test_the_year_page_names_its_first_day_and_goes_month_by_month(app, client, both):
    log_both(both, utcnow() - timedelta(hours=2), triggers=("stress",))
    first = Window.months_to_date(12, "Europe/London").first_day
    sign_in_as(client, "casey@example.org")
    page, _ = year_page(client)
    named = f"{first:%B} {first.day}, {first.year}"
    assert f"Since {named}: this month and the eleven before it." in page
    assert f"Month by month, since {named}." in page
    assert 'aria-current="page">12 months</a>' in page


def test_the_export_leaves_out_the_zone_the_months_were_summed_in(app, client, both):
    log_both(both, at(2026, 1, 10, 12))
    sign_in_as(client, "casey@example.org")
    archive = zipfile.ZipFile(io.BytesIO(client.post("/settings/data/download").data))
    person = json.loads(archive.read("data.json"))["person"]
    assert "timezone" in person and "insights_zone" not in person


def test_the_years_table_adds_up_each_month_over_its_entries():
    days = [queries.DayMood.of_sums(date(2026, 1, 31), 8, 2, 3, 5, 10, 2, 4, 6),
            queries.DayMood.of_sums(date(2026, 2, 1), 1, 1, 1, 1, None, 0, None, None),
            queries.DayMood(date(2026, 2, 2)),
            queries.DayMood.of_sums(date(2026, 2, 3), 12, 3, 3, 5, 9, 1, 9, 9)]
    january, february = queries.by_month(days)
    assert (january.day, january.mood, january.craving) == (date(2026, 1, 31), 4.0, 5.0)
    assert (february.day, february.mood, february.mood_low, february.mood_high) == (date(2026, 2, 1), 3.2, 1, 5)
    assert (february.craving, february.craving_low, february.craving_high) == (9.0, 9, 9)


def test_the_year_page_tables_mood_by_month(app, client, both):
    log_both(both, utcnow() - timedelta(hours=2), mood=4, craving=2)
    sign_in_as(client, "casey@example.org")
    page, _ = year_page(client)
    table = page[page.index('id="mood-title"'):page.index('id="heat-title"')]
    assert '<th scope="col">Month</th>' in table and table.count('<th scope="row">') == 1
