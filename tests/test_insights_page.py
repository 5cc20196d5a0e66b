"""The insights page (/insights) and a member's view of it (/support/<id>/insights): what each
person sees, what is recorded in "who saw what", and that the work does not grow with history.

Oli's network (tests/network_world.py) stands beside Casey's in every test: Oli's entries, at the
same hours, with triggers, coping and outcomes, are never counted on Casey's pages."""
import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import event, insert, select

from recoverynet.extensions import db
from recoverynet.log.models import Entry, EntryTrigger
from recoverynet.network.models import ViewRecord
from recoverynet.timeutil import utcnow
from tests.helpers import add_entries
from tests.network_world import OLI_SECRETS, add_member, sign_in_as

CASEY = "casey@example.org"


@pytest.fixture
def casey(app, people, second_world):
    """Casey's id, with Oli's whole network beside her."""
    with app.app_context():  # Oli logs the same kind of day Casey does, so a mix-up would show
        add_entries(app, people["other_client"], 30, triggers=["OLI-TRIGGER"], coping="OLI-COPING",
                    outcome="on_track")
    return people["client"]


def page(client, path="/insights") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def charts_part(client, path: str) -> str:
    """The page's own content, from its heading to its end (the layout around it may differ
    from one request to the next, e.g. the first page after signing in)."""
    body = page(client, path)
    return body[body.index("<h1>"):body.index("</main>")]


def test_the_page_draws_four_charts_each_with_its_numbers(client, casey, app):
    add_entries(app, casey, 5, triggers=["stress"], coping="Went for a walk", outcome="on_track")
    sign_in_as(client, CASEY)
    body = page(client)
    assert body.count('role="img"') >= 4  # mood, craving, heatmap, one trigger row
    assert body.count('class="chart-numbers"') == 4
    assert 'id="mood-description"' in body and 'aria-describedby="heat-description"' in body


def test_the_page_is_never_stored(client, casey):
    sign_in_as(client, CASEY)
    assert client.get("/insights").headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(("asked", "shown"), [("", 30), ("?days=90", 90), ("?days=365", 365), ("?days=7", 30),
                                               ("?days=nonsense", 30)])
def test_the_window_is_chosen_by_links(client, casey, asked, shown):
    sign_in_as(client, CASEY)
    body = page(client, "/insights" + asked)
    assert re.search(rf'href="/insights\?days={shown}" aria-current="page"', body)
    assert body.count('aria-current="page"') == 1 + 0  # the tab bar marks nothing here


def test_another_clients_entries_are_never_counted(client, casey, app):
    sign_in_as(client, CASEY)
    body = page(client, "/insights?days=365")
    assert "OLI" not in body and "payday" not in body
    assert "No triggers logged in this time." in body
    assert "Nothing logged in this time." in body


def test_with_too_little_data_the_page_says_so_and_no_sentence(client, casey, app):
    add_entries(app, casey, 2, craving=9, triggers=["conflict"], coping="Went for a walk", outcome="on_track")
    sign_in_as(client, CASEY)
    body = page(client)
    assert "When there is enough in your log to go on" in body
    assert "What stands out" not in body


def test_with_enough_data_the_sentences_say_what_stands_out(client, casey, app):
    add_entries(app, casey, 6, triggers=["conflict"], coping="Went for a walk", outcome="on_track")
    sign_in_as(client, CASEY)
    body = page(client)
    assert "Most common trigger: conflict (6 times)." in body
    assert "“Went for a walk” was followed by staying on track 6 times out of 6." in body


def test_home_and_history_link_to_insights(client, casey):
    sign_in_as(client, CASEY)
    assert 'href="/insights"' in page(client, "/")
    assert 'href="/insights"' in page(client, "/log")


# ---- Query counts ----

def count_statements(app, client, path) -> int:
    statements = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(statements)


def add_history(app, user_id: int, count: int) -> None:
    """`count` entries over the past year, a third with triggers and coping."""
    now = utcnow()
    with app.app_context():
        ids = db.session.scalars(insert(Entry).returning(Entry.id), [
            {"user_id": user_id, "device_id": str(uuid.uuid4()), "mood": n % 5 + 1, "craving": n % 11,
             "coping": f"Strategy {n % 7}" if n % 3 == 0 else "", "outcome": "on_track" if n % 2 else "slipped",
             "logged_at": now - timedelta(hours=n * 7 + 1), "updated_at": now} for n in range(count)]).all()
        db.session.execute(insert(EntryTrigger), [{"entry_id": entry_id, "label": f"t{n % 9}"}
                                                  for n, entry_id in enumerate(ids) if n % 3 == 0])
        db.session.commit()


@pytest.mark.parametrize("path", ["/insights", "/insights?days=365"])
def test_the_client_page_queries_do_not_grow_with_history(client, casey, app, path):
    sign_in_as(client, CASEY)
    client.get(path)
    few = count_statements(app, client, path)
    add_history(app, casey, 1200)
    assert count_statements(app, client, path) == few <= 8


def test_the_member_page_queries_do_not_grow_with_history(client, casey, app):
    add_member(app, casey, "mia@example.org", "Mia", scopes=("mood_summary", "trigger_details"))
    sign_in_as(client, "mia@example.org")
    path = f"/support/{casey}/insights?days=365"
    client.get(path)
    few = count_statements(app, client, path)
    add_history(app, casey, 1200)
    assert count_statements(app, client, path) == few <= 8


# ---- Members ----

def views_of(app, casey) -> list[tuple[str, str]]:
    with app.app_context():
        return [(r.scope, r.shown) for r in db.session.scalars(
            select(ViewRecord).where(ViewRecord.client_id == casey).order_by(ViewRecord.id))]


def test_a_member_with_mood_summary_sees_the_mood_chart_only(client, casey, app):
    add_entries(app, casey, 3, triggers=["stress"], coping="Went for a walk", outcome="on_track")
    add_member(app, casey, "mia@example.org", "Mia", scopes=("mood_summary",))
    sign_in_as(client, "mia@example.org")
    body = page(client, f"/support/{casey}/insights?days=90")
    assert 'class="series-chart mood"' in body and 'class="heatmap"' not in body
    assert "stress" not in body and "Went for a walk" not in body and "stands out" not in body
    assert views_of(app, casey) == [("mood_summary", "Mood and craving chart, last 90 days")]


def test_a_member_with_trigger_details_sees_the_heatmap_only(client, casey, app):
    add_entries(app, casey, 3, mood=1, triggers=["stress"], coping="Went for a walk", outcome="on_track")
    add_member(app, casey, "mia@example.org", "Mia", scopes=("trigger_details",))
    sign_in_as(client, "mia@example.org")
    body = page(client, f"/support/{casey}/insights")
    assert 'class="heatmap"' in body and "series-chart" not in body and "Mood per day" not in body
    assert "Went for a walk" not in body
    assert views_of(app, casey) == [("trigger_details", "Triggers by day and hour, last 30 days")]


def test_a_member_with_neither_scope_sees_no_chart_and_nothing_is_recorded(client, casey, app):
    add_entries(app, casey, 3, triggers=["stress"])
    add_member(app, casey, "nia@example.org", "Nia", scopes=("sober_days", "checkins", "crisis_alerts"))
    sign_in_as(client, "nia@example.org")
    body = page(client, f"/support/{casey}/insights")
    assert "series-chart" not in body and "heatmap" not in body and "shared their mood or triggers with you" in body
    assert views_of(app, casey) == []


def test_what_a_mood_member_sees_does_not_change_with_triggers(client, casey, app):
    add_entries(app, casey, 3)
    add_member(app, casey, "mia@example.org", "Mia", scopes=("mood_summary",))
    sign_in_as(client, "mia@example.org")
    before = charts_part(client, f"/support/{casey}/insights")
    with app.app_context():
        for entry in db.session.scalars(select(Entry).where(Entry.user_id == casey)):
            entry.triggers = [EntryTrigger(label="conflict")]
            entry.coping, entry.outcome = "Called Sam", "slipped"
        db.session.commit()
    assert charts_part(client, f"/support/{casey}/insights") == before


def test_what_a_trigger_member_sees_does_not_change_with_entries_without_triggers(client, casey, app):
    add_entries(app, casey, 3, triggers=["stress"])
    add_member(app, casey, "mia@example.org", "Mia", scopes=("trigger_details",))
    sign_in_as(client, "mia@example.org")
    before = charts_part(client, f"/support/{casey}/insights")
    add_entries(app, casey, 5, mood=1, craving=10)  # no triggers
    assert charts_part(client, f"/support/{casey}/insights") == before


def test_the_heatmap_is_in_the_clients_time_not_the_members(client, casey, app):
    from recoverynet.auth.models import User
    add_member(app, casey, "mia@example.org", "Mia", scopes=("trigger_details",), )
    with app.app_context():
        db.session.get(User, casey).timezone = "Pacific/Auckland"
        db.session.scalar(select(User).where(User.email == "mia@example.org")).timezone = "America/Los_Angeles"
        now = utcnow().replace(minute=30, second=0, microsecond=0) - timedelta(hours=2)
        entry = Entry(user_id=casey, device_id=str(uuid.uuid4()), mood=3, logged_at=now,
                      triggers=[EntryTrigger(label="stress")])
        db.session.add(entry)
        db.session.commit()
        from recoverynet.timeutil import local
        auckland_hour = local(now, "Pacific/Auckland").hour
    sign_in_as(client, "mia@example.org")
    body = page(client, f"/support/{casey}/insights")
    assert f"<td>{auckland_hour:02d}:00</td><td>1</td>" in body


def test_the_members_page_of_the_client_links_to_the_charts_only_with_a_scope(client, casey, app):
    add_member(app, casey, "mia@example.org", "Mia", scopes=("mood_summary",))
    add_member(app, casey, "nia@example.org", "Nia", scopes=("sober_days",))
    sign_in_as(client, "mia@example.org")
    assert f'href="/support/{casey}/insights"' in page(client, f"/support/{casey}")
    sign_in_as(client, "nia@example.org")
    assert f'href="/support/{casey}/insights"' not in page(client, f"/support/{casey}")


def test_oli_never_appears_on_a_members_charts(client, casey, app):
    add_member(app, casey, "mia@example.org", "Mia", scopes=("mood_summary", "trigger_details"))
    sign_in_as(client, "mia@example.org")
    body = page(client, f"/support/{casey}/insights?days=365")
    assert [secret for secret in (*OLI_SECRETS, "OLI-TRIGGER") if secret in body] == []
    assert "No triggers logged in this time." in body and "Nothing logged in this time." in body


def test_a_long_window_tables_mood_by_week(client, casey, app):
    add_entries(app, casey, 3)
    sign_in_as(client, CASEY)
    assert "Week from" not in page(client, "/insights")
    body = page(client, "/insights?days=90")
    assert "Week from" in body and body.count('<th scope="row">') < 90 // 7 + 30  # weeks, not days
