"""The monthly care-team review: its schedule and the reminder the day before, once a month, to the
client and each participant (their language, their clock, their quiet hours); the review itself
(safety with the crisis plan's "reviewed" stamp, goals, medication, open practical needs, roles in
the network, the relapse-prevention plan), who took part, and who may read it.

Casey (the client) lives in Auckland, far from UTC, with the clock frozen on a Thursday evening in
London (Friday 16 January 2026, 09:00 in Auckland); Oli's network stands beside hers, unseen."""
import json
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.checkins.models import ActionItem, Checkin
from recoverynet.crisis.models import CrisisPlan
from recoverynet.extensions import db
from recoverynet.needs.models import Need, NeedHelper
from recoverynet.network.models import Contact
from recoverynet.notifications.models import Notification
from recoverynet.prevention.models import PreventionPlan
from recoverynet.push.models import Delivery, PushSubscription
from recoverynet.review.due import queue_monthly_reminders
from recoverynet.review.models import MonthlyReview, ReviewPlan
from recoverynet.review.queries import reviews_held
from tests.network_world import OLI_SECRETS, add_member, sign_in_as

pytestmark = pytest.mark.usefixtures("a_fixed_evening")

TODAY = date(2026, 1, 16)  # in Auckland
# The 20th at 18:00 in Auckland (UTC+13 in summer): the reminder the day before is 05:00 UTC on the 19th.
SCHEDULE = {"day_of_month": "20", "time": "18:00"}
REMINDER_AT = datetime(2026, 1, 19, 5, 0, tzinfo=timezone.utc)
REVIEW = {"held_on": "2026-01-16", "safety": "Plan still right", "goals": "Walk every morning",
          "medication": "Taking it with Mia's help", "needs": "Flat viewing on Tuesday",
          "roles": "Ask Nia to drive on Fridays", "private_note": "CASEY-PRIVATE-THOUGHT"}


@pytest.fixture
def casey_network(app, people, second_world):
    """Mia takes part (New York), Nia holds the scope but was not asked, Noa has no scope, Rex was
    removed, Ola belongs to Oli's network."""
    with app.app_context():
        db.session.get(User, people["client"]).timezone = "Pacific/Auckland"
        db.session.commit()
    ids = {"casey": people["client"], "oli": people["other_client"]}
    ids["mia"], ids["mia_card"] = add_member(app, ids["casey"], "mia@example.org", "Mia Partner", scopes=("checkins",))
    ids["nia"], ids["nia_card"] = add_member(app, ids["casey"], "nia@example.org", "Nia Friend", scopes=("checkins",))
    ids["noa"], _ = add_member(app, ids["casey"], "noa@example.org", "Noa Brother", scopes=("sober_days",))
    ids["rex"], rex_card = add_member(app, ids["casey"], "rex@example.org", "Rex Removed", scopes=("checkins",))
    with app.app_context():
        db.session.get(User, ids["mia"]).timezone = "America/New_York"
        card = db.session.get(Contact, rex_card)
        card.member_id, card.grants = None, []
        ids["ola"] = db.session.scalar(select(Contact.member_id).where(Contact.client_id == ids["oli"],
                                                                       Contact.member_id.is_not(None)))
        db.session.commit()
    return ids


def schedule(client, ids, **changes):
    return client.post("/review/schedule", data=dict(SCHEDULE, participants=[str(ids["mia"])]) | changes)


def save_review(client, ids, **changes):
    return client.post("/review", data=dict(REVIEW, attendees=[str(ids["mia"])]) | changes)


def _subscribe(*user_ids):
    for user_id in user_ids:
        db.session.add(PushSubscription(user_id=user_id, endpoint=f"https://push.example.org/{user_id}",
                                        p256dh="k", auth="a"))
    db.session.commit()


def test_the_client_schedules_the_monthly_review_with_its_reminder_the_day_before(app, client, auth, casey_network):
    auth.login()
    assert schedule(client, casey_network).status_code == 303
    with app.app_context():
        plan = db.session.scalar(select(ReviewPlan))
        assert (plan.client_id, plan.day_of_month, plan.time, plan.member_ids) == (
            casey_network["casey"], 20, "18:00", {casey_network["mia"]})
        assert plan.next_due_at == REMINDER_AT
    page = client.get("/review").get_data(as_text=True)
    assert "Next review: Tuesday 20 January" in page
    assert f'value="{casey_network["mia"]}" checked' in page  # this month's review starts with those asked


def test_only_members_with_the_checkins_scope_can_be_asked_and_a_refused_schedule_keeps_what_was_typed(
        client, auth, casey_network):
    auth.login()
    page = client.get("/review/schedule").get_data(as_text=True)
    assert "Mia Partner" in page and "Nia Friend" in page and "Noa Brother" not in page and "Rex" not in page
    response = schedule(client, casey_network, participants=[str(casey_network["noa"]), str(casey_network["nia"])],
                        day_of_month="31")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="participants-error">Please choose from the people listed.' in body
    assert 'id="day_of_month-error">Please choose a number from 1 to 28.' in body
    assert 'value="18:00"' in body and f'value="{casey_network["nia"]}" checked' in body


def test_the_monthly_reminder_reaches_the_client_and_each_participant_in_their_language_and_quiet_hours(
        app, client, auth, casey_network, time_machine):
    auth.login()
    schedule(client, casey_network)
    with app.app_context():
        mia = db.session.get(User, casey_network["mia"])
        mia.language, mia.quiet_start, mia.quiet_end = "es", "22:00", "07:00"  # 05:00 UTC is midnight in New York
        _subscribe(casey_network["casey"], casey_network["mia"], casey_network["nia"])
        time_machine.move_to(REMINDER_AT + timedelta(minutes=1), tick=False)
        assert queue_monthly_reminders() == 2
        sent = {d.user_id: d for d in db.session.scalars(select(Delivery))}
        assert set(sent) == {casey_network["casey"], casey_network["mia"]}  # Nia was not asked
        assert sent[casey_network["mia"]].not_before == datetime(2026, 1, 19, 12, 0, tzinfo=timezone.utc)
        assert sent[casey_network["casey"]].not_before == REMINDER_AT + timedelta(minutes=1)
        to_mia = json.loads(sent[casey_network["mia"]].payload)
        assert (to_mia["title"], to_mia["body"]) == ("Mensaje", "Tienes algo pronto")
        assert to_mia["url"] == f"/review/{casey_network['casey']}"
        notices = {n.user_id: n for n in db.session.scalars(select(Notification))}
        # On each one's own clock: 18:00 in Auckland is midnight in New York.
        assert notices[casey_network["casey"]].text == (
            "Your monthly care-team review is on Tuesday 20 January at 18:00.")
        assert "00:00" in notices[casey_network["mia"]].text and "20" in notices[casey_network["mia"]].text


def test_the_monthly_reminder_is_sent_once_a_month_however_often_the_worker_looks(
        app, client, auth, casey_network, time_machine):
    auth.login()
    schedule(client, casey_network)
    with app.app_context():
        for minutes in (1, 2, 30, 60 * 24 * 7):
            time_machine.move_to(REMINDER_AT + timedelta(minutes=minutes), tick=False)
            queue_monthly_reminders()
        assert len(db.session.scalars(select(Notification)).all()) == 2  # Casey and Mia, once
        assert db.session.scalar(select(ReviewPlan.next_due_at)) == datetime(2026, 2, 19, 5, 0, tzinfo=timezone.utc)
        time_machine.move_to(datetime(2026, 2, 19, 5, 1, tzinfo=timezone.utc), tick=False)
        queue_monthly_reminders()
        queue_monthly_reminders()
        assert len(db.session.scalars(select(Notification)).all()) == 4


def test_a_reminder_missed_while_the_worker_was_down_is_not_sent_late(app, client, auth, casey_network, time_machine):
    auth.login()
    schedule(client, casey_network)
    with app.app_context():
        time_machine.move_to(REMINDER_AT + timedelta(days=1), tick=False)
        queue_monthly_reminders()
        assert db.session.scalars(select(Notification)).all() == []
        assert db.session.scalar(select(ReviewPlan.next_due_at)) == datetime(2026, 2, 19, 5, 0, tzinfo=timezone.utc)


def test_a_participant_whose_scope_was_taken_back_is_no_longer_reminded(
        app, client, auth, casey_network, time_machine):
    auth.login()
    schedule(client, casey_network)
    with app.app_context():
        db.session.get(Contact, casey_network["mia_card"]).grants = []
        db.session.commit()
        time_machine.move_to(REMINDER_AT + timedelta(minutes=1), tick=False)
        queue_monthly_reminders()
        assert [n.user_id for n in db.session.scalars(select(Notification))] == [casey_network["casey"]]


def test_the_client_saves_a_review_with_its_day_and_who_took_part(app, client, auth, casey_network):
    auth.login()
    response = save_review(client, casey_network)
    assert response.status_code == 303
    with app.app_context():
        review = db.session.scalar(select(MonthlyReview))
        assert (review.client_id, review.held_on, review.goals, review.private_note) == (
            casey_network["casey"], TODAY, "Walk every morning", "CASEY-PRIVATE-THOUGHT")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "16 January 2026" in page  # listed among the earlier reviews
    shown = client.get(f"/review/{casey_network['casey']}/{review.id}").get_data(as_text=True)
    assert "Taking part: Casey Client, Mia Partner" in shown and "CASEY-PRIVATE-THOUGHT" in shown


def test_a_refused_review_keeps_every_field_that_was_typed(client, auth, casey_network):
    auth.login()
    response = save_review(client, casey_network, held_on="2026-02-01", attendees=[str(casey_network["nia"])])
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="held_on-error">That date is in the future. Please choose today or earlier.' in body
    for text in ("Plan still right", "Walk every morning", "Taking it with Mia&#39;s help",
                 "Flat viewing on Tuesday", "Ask Nia to drive on Fridays", "CASEY-PRIVATE-THOUGHT"):
        assert text in body
    assert f'value="{casey_network["nia"]}" checked' in body and f'value="{casey_network["mia"]}" checked' not in body


def test_an_empty_review_asks_gently_for_a_few_words(client, auth, casey_network):
    auth.login()
    empty = {topic: "" for topic in ("safety", "goals", "medication", "needs", "roles")}
    response = save_review(client, casey_network, **empty)
    assert response.status_code == 422
    assert 'id="goals-error">Please write a few words in at least one part' in response.get_data(as_text=True)


def test_a_second_review_on_the_same_day_is_refused_with_what_was_typed_kept(client, auth, casey_network):
    auth.login()
    save_review(client, casey_network)
    response = save_review(client, casey_network, goals="Another goal")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is already a review on that day." in body and "Another goal" in body


def test_marking_the_crisis_plan_reviewed_stamps_it_and_keeps_the_review_typed_so_far(app, client, auth,
                                                                                      casey_network):
    with app.app_context():
        db.session.add(CrisisPlan(user_id=casey_network["casey"], warning_signs="Tired"))
        db.session.commit()
    auth.login()
    assert "hasn't been marked reviewed yet" in client.get("/review").get_data(as_text=True)
    response = client.post("/review/crisis-plan-reviewed", data=dict(REVIEW, attendees=[str(casey_network["mia"])]))
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The crisis plan was last marked reviewed on 16 January 2026." in body
    assert "Walk every morning" in body and "CASEY-PRIVATE-THOUGHT" in body
    assert f'value="{casey_network["mia"]}" checked' in body
    with app.app_context():
        assert db.session.scalar(select(CrisisPlan.reviewed_at)
                                 .where(CrisisPlan.user_id == casey_network["casey"])) is not None
        assert db.session.scalars(select(MonthlyReview)).all() == []  # not saved until Save


def test_the_review_shows_open_needs_each_persons_load_and_the_prevention_plans_last_look(
        app, client, auth, casey_network):
    with app.app_context():
        casey = casey_network["casey"]
        db.session.add(Need(client_id=casey, area="housing", title="Find a flat",
                            helpers=[NeedHelper(contact_id=casey_network["mia_card"])]))
        checkin = Checkin(client_id=casey, held_on=TODAY - timedelta(days=7))
        db.session.add(checkin)
        db.session.flush()
        db.session.add_all([ActionItem(client_id=casey, checkin_id=checkin.id, what=f"Call {n}",
                                       owner_id=casey_network["mia"]) for n in range(3)])
        db.session.add(PreventionPlan(user_id=casey, triggers="Payday",
                                      reviewed_at=datetime(2026, 1, 2, 1, 0, tzinfo=timezone.utc)))
        db.session.commit()
    auth.login()
    page = client.get("/review").get_data(as_text=True)
    assert "Find a flat" in page
    assert "3 open action items · helps with 1 open need · that's a lot for one person" in page
    assert "0 open action items · helps with 0 open needs" in page  # Nia
    assert "Last looked over on 2 January 2026." in page
    assert "There is no crisis plan yet." in page


def test_members_with_the_scope_read_past_reviews_without_the_private_note(app, client, auth, casey_network):
    auth.login()
    schedule(client, casey_network)
    save_review(client, casey_network)
    with app.app_context():
        review_id = db.session.scalar(select(MonthlyReview.id))
    for email in ("mia@example.org", "nia@example.org"):
        sign_in_as(client, email)
        overview = client.get(f"/review/{casey_network['casey']}").get_data(as_text=True)
        assert "16 January 2026" in overview
        shown = client.get(f"/review/{casey_network['casey']}/{review_id}").get_data(as_text=True)
        assert "Walk every morning" in shown and "CASEY-PRIVATE-THOUGHT" not in shown
        assert [secret for secret in OLI_SECRETS if secret in overview + shown] == []
    assert "You are asked to take part" not in overview  # Nia was not asked


@pytest.mark.parametrize("email", ["noa@example.org", "rex@example.org", "ola@example.org", "oli@example.org"])
def test_anyone_else_finds_no_reviews_at_all(app, client, auth, casey_network, email):
    auth.login()
    save_review(client, casey_network)
    with app.app_context():
        review_id = db.session.scalar(select(MonthlyReview.id))
    sign_in_as(client, email)
    assert client.get(f"/review/{casey_network['casey']}").status_code == 404
    assert client.get(f"/review/{casey_network['casey']}/{review_id}").status_code == 404


def test_another_clients_review_is_not_found_under_the_clients_address(app, client, auth, casey_network):
    auth.login()
    save_review(client, casey_network)
    with app.app_context():
        review_id = db.session.scalar(select(MonthlyReview.id))
    sign_in_as(client, "oli@example.org")
    assert client.get(f"/review/{casey_network['oli']}/{review_id}").status_code == 404


def test_other_features_can_ask_when_the_first_and_last_reviews_were_held(app, client, auth, casey_network):
    auth.login()
    with app.app_context():
        assert reviews_held(casey_network["casey"]) == (None, None)
    save_review(client, casey_network, held_on="2025-12-10")
    save_review(client, casey_network)
    with app.app_context():
        assert reviews_held(casey_network["casey"]) == (date(2025, 12, 10), TODAY)
        assert reviews_held(casey_network["oli"]) == (None, None)


def _export(client, email):
    import io
    import zipfile
    sign_in_as(client, email)
    response = client.post("/settings/data/download")
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        return json.loads(archive.read("data.json")), archive.read("reviews.csv").decode("utf-8-sig")


def test_the_clients_export_holds_her_reviews_with_who_took_part_and_her_private_note(client, auth, casey_network):
    auth.login()
    schedule(client, casey_network)
    save_review(client, casey_network)
    data, reviews_csv = _export(client, "casey@example.org")
    assert data["review_plan"]["day_of_month"] == 20 and data["review_plan"]["participants"] == ["Mia Partner"]
    [review] = data["reviews"]
    assert (review["held_on"], review["goals"], review["private_note"], review["took_part"]) == (
        "2026-01-16", "Walk every morning", "CASEY-PRIVATE-THOUGHT", ["Mia Partner"])
    assert "CASEY-PRIVATE-THOUGHT" in reviews_csv


def test_a_members_export_holds_nothing_of_the_reviews_they_took_part_in(client, auth, casey_network):
    auth.login()
    schedule(client, casey_network)
    save_review(client, casey_network)
    data, reviews_csv = _export(client, "mia@example.org")
    assert (data["review_plan"], data["reviews"]) == (None, [])
    assert "Walk every morning" not in json.dumps(data) and "Walk every morning" not in reviews_csv


def test_deleting_the_client_takes_her_reviews_schedule_and_the_reminders_members_got(
        app, client, auth, casey_network, time_machine):
    auth.login()
    schedule(client, casey_network)
    save_review(client, casey_network)
    with app.app_context():
        time_machine.move_to(REMINDER_AT + timedelta(minutes=1), tick=False)
        queue_monthly_reminders()
    from tests.helpers import PASSWORD
    assert client.post("/settings/delete", data={"password": PASSWORD}).status_code == 303
    with app.app_context():
        assert db.session.get(User, casey_network["casey"]) is None
        assert db.session.scalars(select(MonthlyReview)).all() == []
        assert db.session.scalars(select(ReviewPlan)).all() == []
        assert db.session.scalars(select(Notification).where(Notification.kind == "monthly_review")).all() == []


def test_deleting_a_member_takes_their_name_off_the_reviews_and_the_list_of_those_asked(
        app, client, auth, casey_network):
    from tests.helpers import PASSWORD
    auth.login()
    schedule(client, casey_network)
    save_review(client, casey_network)
    sign_in_as(client, "mia@example.org")
    assert client.post("/settings/delete", data={"password": PASSWORD}).status_code == 303
    with app.app_context():
        review = db.session.scalar(select(MonthlyReview))
        assert review.goals == "Walk every morning"
        assert db.session.scalar(select(ReviewPlan)).member_ids == set()
    sign_in_as(client, "casey@example.org")
    shown = client.get(f"/review/{casey_network['casey']}/{review.id}").get_data(as_text=True)
    assert "Taking part: Casey Client</p>" in shown
