"""Looking back at a slip (the client's side): the calm offer after a slip, a guided account saved
a step at a time that never loses what was typed, the chain without script, and the log's entries
around the day as starting points."""
import re
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from recoverynet.analysis.forms import entries_around
from recoverynet.analysis.models import Analysis
from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.log.models import Entry
from recoverynet.sobriety.models import Slip
from recoverynet.timeutil import utcnow
from tests.helpers import set_sober_since
from tests.network_world import sign_in_as

pytestmark = pytest.mark.usefixtures("a_fixed_evening")


def record_slip(client, day: str = "2026-01-14"):
    return client.post("/slip", data={"happened_on": day, "note": "", "count": "keep"})


def start(client, **form) -> int:
    response = client.post("/analysis", data=form)
    assert response.status_code == 303, response.status_code
    return int(response.headers["Location"].split("/")[2])


def analysis(app, analysis_id: int) -> Analysis:
    with app.app_context():
        found = db.session.get(Analysis, analysis_id)
        db.session.expunge(found)
        return found


@pytest.fixture
def casey(app, client, people):
    set_sober_since(app, people["client"], date(2025, 12, 1))
    sign_in_as(client, "casey@example.org")
    return people["client"]


# ---- The offer ----

def test_after_recording_a_slip_home_offers_to_look_back_calmly(app, client, casey):
    record_slip(client)
    page = client.get("/").get_data(as_text=True)
    assert "When you're ready: look back at January 14, 2026" in page
    assert "failure" not in page.lower() and "relapse" not in page.lower()


def test_home_offers_nothing_once_that_slip_is_looked_back_at(app, client, casey):
    record_slip(client)
    with app.app_context():
        slip_id = db.session.scalar(select(Slip.id))
    start(client, slip_id=slip_id)
    assert "look back at" not in client.get("/").get_data(as_text=True)


def test_home_offers_nothing_without_a_slip(app, client, casey):
    assert "When you're ready: look back" not in client.get("/").get_data(as_text=True)


def test_a_slip_older_than_sixty_days_is_no_longer_offered_on_home_but_still_listed(app, client, casey):
    record_slip(client, "2025-11-15")  # 61 days before 15 January 2026
    record_slip(client, "2025-11-16")  # 60 days before: still offered
    assert "look back at November 16, 2025" in client.get("/").get_data(as_text=True)
    with app.app_context():
        db.session.execute(Slip.__table__.delete().where(Slip.happened_on == date(2025, 11, 16)))
        db.session.commit()
    assert "When you're ready: look back" not in client.get("/").get_data(as_text=True)
    assert "Look back at November 15, 2025" in client.get("/analysis").get_data(as_text=True)


def test_a_slip_starts_a_looking_back_at_its_day_once(app, client, casey):
    record_slip(client)
    with app.app_context():
        slip_id = db.session.scalar(select(Slip.id))
    first = start(client, slip_id=slip_id)
    again = start(client, slip_id=slip_id)
    assert first == again
    assert analysis(app, first).looked_at == date(2026, 1, 14)


def test_any_past_day_can_be_looked_back_at(app, client, casey):
    analysis_id = start(client, looked_at="2024-06-03")
    assert analysis(app, analysis_id).looked_at == date(2024, 6, 3)
    assert analysis(app, analysis_id).slip_id is None


def test_the_list_shows_ten_at_a_time_newest_first(app, client, casey):
    with app.app_context():
        db.session.add_all(Analysis(client_id=casey, looked_at=date(2025, 1, day)) for day in range(1, 13))
        db.session.commit()
    first = client.get("/analysis").get_data(as_text=True)
    assert "January 12, 2025" in first and "January 3, 2025" in first and "January 2, 2025" not in first
    assert 'href="/analysis?page=2">Earlier' in first
    second = client.get("/analysis?page=2").get_data(as_text=True)
    assert "January 2, 2025" in second and "January 1, 2025" in second and "January 3, 2025" not in second
    assert 'href="/analysis?page=1">Newer' in second and "Earlier" not in second


def test_each_listed_day_links_to_its_own_account_and_says_whether_it_is_closed(app, client, casey):
    with app.app_context():
        closed = Analysis(client_id=casey, looked_at=date(2025, 1, 1), closed_at=utcnow())
        still_open = Analysis(client_id=casey, looked_at=date(2025, 1, 2))
        db.session.add_all([closed, still_open])
        db.session.commit()
        ids = closed.id, still_open.id
    listed = re.findall(r'<li><a href="/analysis/(\d+)">([^<]*)</a>\s*<small>(\w+)</small>',
                        client.get("/analysis").get_data(as_text=True))
    assert listed == [(str(ids[1]), "January 2, 2025", "Open"), (str(ids[0]), "January 1, 2025", "Closed")]


def test_a_day_in_the_future_is_refused_calmly(app, client, casey):
    response = client.post("/analysis", data={"looked_at": "2030-01-01"})
    assert response.status_code == 422
    assert "That date is in the future" in response.get_data(as_text=True)


def test_another_clients_slip_starts_nothing(app, client, casey, people):
    with app.app_context():
        slip = Slip(user_id=people["other_client"], happened_on=date(2026, 1, 2))
        db.session.add(slip)
        db.session.commit()
        slip_id = slip.id
    assert client.post("/analysis", data={"slip_id": slip_id}).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(Analysis)) is None


# ---- A step at a time, nothing lost ----

def test_each_step_saves_what_was_typed_and_goes_on(app, client, casey):
    analysis_id = start(client, looked_at="2026-01-10")
    response = client.post(f"/analysis/{analysis_id}/before", data={
        "situation": "Payday, alone at home", "place": "Home", "people": "Nobody", "day": "Row at work",
        "go": "next"})
    assert response.headers["Location"] == f"/analysis/{analysis_id}/inside"
    saved = analysis(app, analysis_id)
    assert (saved.situation, saved.place, saved.people, saved.day) == (
        "Payday, alone at home", "Home", "Nobody", "Row at work")


def test_going_back_saves_too(app, client, casey):
    analysis_id = start(client, looked_at="2026-01-10")
    response = client.post(f"/analysis/{analysis_id}/inside", data={"thoughts": "Just one", "go": "back"})
    assert response.headers["Location"] == f"/analysis/{analysis_id}/before"
    assert analysis(app, analysis_id).thoughts == "Just one"


def test_stopping_half_way_keeps_the_draft(app, client, casey):
    analysis_id = start(client, looked_at="2026-01-10")
    response = client.post(f"/analysis/{analysis_id}/inside", data={"feelings": "Lonely", "go": "stop"})
    assert response.headers["Location"] == f"/analysis/{analysis_id}"
    page = client.get(f"/analysis/{analysis_id}/inside").get_data(as_text=True)
    assert ">Lonely</textarea>" in page


def test_a_refused_step_keeps_every_word_typed_and_saves_nothing(app, client, casey):
    analysis_id = start(client, looked_at="2026-01-10")
    response = client.post(f"/analysis/{analysis_id}/before", data={
        "situation": "x" * 2001, "place": "The park by the river", "go": "next"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The park by the river" in page and "x" * 2001 in page
    assert "Please keep this under 2000 characters." in page
    assert analysis(app, analysis_id).place == ""


def test_the_last_step_leads_to_the_whole_account(app, client, casey):
    analysis_id = start(client, looked_at="2026-01-10")
    response = client.post(f"/analysis/{analysis_id}/change", data={"break_chain": "Call Sam first", "go": "done"})
    assert response.headers["Location"] == f"/analysis/{analysis_id}"
    page = client.get(f"/analysis/{analysis_id}").get_data(as_text=True)
    assert "Call Sam first" in page and "What could break the chain next time?" in page


# ---- The chain, without script ----

def chain(app, analysis_id):
    return analysis(app, analysis_id).steps


def test_add_another_step_saves_the_steps_and_offers_an_empty_one(app, client, casey):
    analysis_id = start(client, looked_at="2026-01-10")
    response = client.post(f"/analysis/{analysis_id}/chain", data={"step": ["Got paid", ""], "add_step": "1"})
    assert response.headers["Location"] == f"/analysis/{analysis_id}/chain#chain"
    assert chain(app, analysis_id) == ["Got paid"]
    page = client.get(f"/analysis/{analysis_id}/chain").get_data(as_text=True)
    assert 'name="step" value="Got paid"' in page and 'name="step" value=""' in page


def test_a_step_moves_up_and_down(app, client, casey):
    analysis_id = start(client, looked_at="2026-01-10")
    client.post(f"/analysis/{analysis_id}/chain", data={"step": ["B", "A", "C"], "chain_action": "up:1"})
    assert chain(app, analysis_id) == ["A", "B", "C"]
    client.post(f"/analysis/{analysis_id}/chain", data={"step": ["A", "B", "C"], "chain_action": "down:0"})
    assert chain(app, analysis_id) == ["B", "A", "C"]


def test_a_step_can_be_taken_out(app, client, casey):
    analysis_id = start(client, looked_at="2026-01-10")
    client.post(f"/analysis/{analysis_id}/chain", data={"step": ["A", "B", "C"], "chain_action": "remove:1"})
    assert chain(app, analysis_id) == ["A", "C"]


def test_a_step_is_one_line(app, client, casey):
    analysis_id = start(client, looked_at="2026-01-10")
    client.post(f"/analysis/{analysis_id}/chain", data={"step": ["Walked\npast the pub", "Went in"], "go": "next"})
    assert chain(app, analysis_id) == ["Walked past the pub", "Went in"]


def test_moving_a_step_that_is_not_there_changes_nothing(app, client, casey):
    analysis_id = start(client, looked_at="2026-01-10")
    client.post(f"/analysis/{analysis_id}/chain", data={"step": ["A", "B"], "chain_action": "up:9"})
    assert chain(app, analysis_id) == ["A", "B"]


# ---- Starting points from the log ----

def entry_at(app, user_id, moment: datetime, **fields) -> int:
    import uuid
    with app.app_context():
        entry = Entry(user_id=user_id, device_id=str(uuid.uuid4()), mood=2, logged_at=moment, **fields)
        db.session.add(entry)
        db.session.commit()
        return entry.id


def test_entries_from_two_days_around_the_day_are_offered(app, client, casey, people):
    utc = timezone.utc
    entry_at(app, casey, datetime(2026, 1, 8, 0, 30, tzinfo=utc), situation="TWO-DAYS-BEFORE")
    entry_at(app, casey, datetime(2026, 1, 7, 23, 30, tzinfo=utc), situation="THREE-DAYS-BEFORE")
    entry_at(app, casey, datetime(2026, 1, 12, 23, 30, tzinfo=utc), situation="TWO-DAYS-AFTER")
    entry_at(app, casey, datetime(2026, 1, 13, 0, 30, tzinfo=utc), situation="THREE-DAYS-AFTER")
    entry_at(app, people["other_client"], datetime(2026, 1, 10, 12, tzinfo=utc), situation="OLI-ENTRY-NOTE")
    analysis_id = start(client, looked_at="2026-01-10")
    page = client.get(f"/analysis/{analysis_id}/before").get_data(as_text=True)
    assert "TWO-DAYS-BEFORE" in page and "TWO-DAYS-AFTER" in page
    assert "THREE-DAYS" not in page and "OLI-ENTRY-NOTE" not in page


def test_the_days_around_are_the_clients_own_days(app, people):
    """Auckland is 13 hours ahead in January: 7 January 10:30 UTC is already 8 January there."""
    with app.app_context():
        casey = db.session.get(User, people["client"])
        casey.timezone = "Pacific/Auckland"
        db.session.commit()
    entry_at(app, people["client"], datetime(2026, 1, 7, 10, 30, tzinfo=timezone.utc), situation="early")
    entry_at(app, people["client"], datetime(2026, 1, 7, 11, 30, tzinfo=timezone.utc), situation="in")
    with app.app_context():
        casey = db.session.get(User, people["client"])
        assert [e.situation for e in entries_around(casey, date(2026, 1, 10))] == ["in"]


def test_across_a_summer_time_change_the_window_still_ends_at_local_midnight(app, people):
    """London went to summer time on 29 March 2026: the day after the window ends at 23:00 UTC."""
    entry_at(app, people["client"], datetime(2026, 3, 30, 22, 59, tzinfo=timezone.utc), situation="last in")
    entry_at(app, people["client"], datetime(2026, 3, 30, 23, 1, tzinfo=timezone.utc), situation="next day")
    with app.app_context():
        casey = db.session.get(User, people["client"])
        assert [e.situation for e in entries_around(casey, date(2026, 3, 28))] == ["last in"]


def test_use_this_copies_an_entrys_words_into_the_answer_without_script(app, client, casey):
    entry_id = entry_at(app, casey, datetime(2026, 1, 10, 19, tzinfo=timezone.utc), thoughts="Nobody would know")
    analysis_id = start(client, looked_at="2026-01-10")
    response = client.post(f"/analysis/{analysis_id}/inside", data={
        "thoughts": "I deserved it", "feelings": "Tired", "copy": f"{entry_id}:thoughts"})
    assert response.headers["Location"] == f"/analysis/{analysis_id}/inside#thoughts"
    saved = analysis(app, analysis_id)
    assert saved.thoughts == "I deserved it\nNobody would know" and saved.feelings == "Tired"


def test_an_entrys_craving_is_offered_as_words(app, client, casey):
    entry_at(app, casey, datetime(2026, 1, 10, 19, 45, tzinfo=timezone.utc), craving=8)
    analysis_id = start(client, looked_at="2026-01-10")
    assert "Urge 8 of 10 at 19:45" in client.get(f"/analysis/{analysis_id}/inside").get_data(as_text=True)


def test_another_clients_entry_cannot_be_copied(app, client, casey, people):
    entry_id = entry_at(app, people["other_client"], datetime(2026, 1, 10, 19, tzinfo=timezone.utc),
                        thoughts="OLI-ENTRY-NOTE")
    analysis_id = start(client, looked_at="2026-01-10")
    client.post(f"/analysis/{analysis_id}/inside", data={"thoughts": "", "copy": f"{entry_id}:thoughts"})
    assert analysis(app, analysis_id).thoughts == ""


# ---- Closing, and the words ----

def test_a_closed_looking_back_refuses_changes_and_keeps_the_text(app, client, casey):
    analysis_id = start(client, looked_at="2026-01-10")
    client.post(f"/analysis/{analysis_id}/close")
    response = client.post(f"/analysis/{analysis_id}/before", data={"situation": "typed after closing"})
    assert response.status_code == 409
    assert "typed after closing" in response.get_data(as_text=True)
    assert analysis(app, analysis_id).situation == ""


def test_opening_it_again_allows_changes(app, client, casey):
    analysis_id = start(client, looked_at="2026-01-10")
    client.post(f"/analysis/{analysis_id}/close")
    client.post(f"/analysis/{analysis_id}/reopen")
    client.post(f"/analysis/{analysis_id}/before", data={"situation": "later", "go": "stop"})
    assert analysis(app, analysis_id).situation == "later"


def test_another_client_cannot_open_or_change_it(app, client, casey):
    analysis_id = start(client, looked_at="2026-01-10")
    sign_in_as(client, "oli@example.org")
    assert client.get(f"/analysis/{analysis_id}").status_code == 404
    assert client.post(f"/analysis/{analysis_id}/before", data={"situation": "Oli was here"}).status_code == 404
    assert analysis(app, analysis_id).situation == ""


@pytest.mark.parametrize("path", ["/analysis", "/analysis/{id}", "/analysis/{id}/before", "/analysis/{id}/chain",
                                  "/analysis/{id}/delete"])
def test_the_pages_use_neutral_words(app, client, casey, path):
    analysis_id = start(client, looked_at="2026-01-10")
    page = client.get(path.format(id=analysis_id)).get_data(as_text=True).lower()
    assert [word for word in ("failure", "failed", "relapse", "danger") if word in page] == []
