"""The 30-day starter plan on Home: its weeks and steps, each ticked by what the client did (never
by what another client did), the weeks counted on the client's own calendar, hiding it and
showing it again, and the sober social activity the client plans.

Casey lives in Auckland, far from UTC, with the clock frozen at 20:00 UTC on Thursday 15 January
2026 (09:00 on Friday 16 January there). Oli, another client, has done every step: none of it
may tick Casey's."""
import re
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from recoverynet.auth.models import StarterPlan, User
from recoverynet.checkins.models import Checkin, CheckinNote, CheckinPlan
from recoverynet.crisis.models import Callee, CrisisPlan
from recoverynet.extensions import db
from recoverynet.meetings.models import Meeting
from recoverynet.needs.models import Need, NeedHelper
from recoverynet.network.models import Contact, Invite
from recoverynet.reminders.models import Reminder
from recoverynet.review.models import MonthlyReview
from tests.network_world import add_member, sign_in_as

pytestmark = pytest.mark.usefixtures("a_fixed_evening")

NOW = datetime(2026, 1, 15, 20, 0, tzinfo=timezone.utc)
ALL_STEPS = ("Safety check: the emergency numbers for your country",
             "Safety check: answer the naloxone question in your crisis plan",
             "Draw your network map: at least 3 people", "Invite a clinician",
             "Invite a peer: a peer coach or sponsor", "Invite a family member or friend",
             "Schedule your first weekly check-in", "Hold your first check-in", "Write your crisis plan",
             "Book an appointment and add a reminder for it", "Try one mutual-help meeting",
             "Write down your practical needs and who helps", "Plan one sober social activity",
             "Hold your first monthly review")


def card(client_id, name, relationship, **fields) -> Contact:
    contact = Contact(client_id=client_id, name=name, relationship=relationship, **fields)
    db.session.add(contact)
    db.session.flush()
    return contact


def invite(contact: Contact, **fields) -> None:
    db.session.add(Invite(contact_id=contact.id, token_hash=f"hash-{contact.id}-{len(fields)}",
                          expires_at=NOW + timedelta(days=7), **fields))


def checkin(client_id, with_note: bool) -> None:
    held = Checkin(client_id=client_id, held_on=date(2026, 1, 14))
    db.session.add(held)
    db.session.flush()
    if with_note:
        db.session.add(CheckinNote(checkin_id=held.id, section="wins", author_id=client_id, text="A good week"))


def need(client_id, helped: bool) -> None:
    row = Need(client_id=client_id, area="housing", title="A flat")
    db.session.add(row)
    db.session.flush()
    if helped:
        db.session.add(NeedHelper(need_id=row.id, contact_id=card(client_id, "Helper", "friend").id))


def crisis_plan(client_id, **fields) -> None:
    """The client's one crisis plan, made or changed."""
    from sqlalchemy import select
    plan = db.session.scalar(select(CrisisPlan).where(CrisisPlan.user_id == client_id)) or CrisisPlan(user_id=client_id)
    for name, value in fields.items():
        setattr(plan, name, value)
    db.session.add(plan)


# Each step, and what the client does that ticks it.
DOING = {
    ALL_STEPS[0]: lambda c: setattr(db.session.get(User, c), "country", "NZ"),
    ALL_STEPS[1]: lambda c: crisis_plan(c, uses_opioids=False),
    ALL_STEPS[2]: lambda c: [card(c, name, "friend") for name in ("Ana", "Ben", "Cat")],
    ALL_STEPS[3]: lambda c: invite(card(c, "Dr Roe", "clinician")),
    ALL_STEPS[4]: lambda c: card(c, "Sam", "sponsor", member_id=c),  # joined (any account will do)
    ALL_STEPS[5]: lambda c: invite(card(c, "Mum", "parent")),
    ALL_STEPS[6]: lambda c: db.session.add(CheckinPlan(client_id=c, weekday=4, time="18:30")),
    ALL_STEPS[7]: lambda c: checkin(c, with_note=True),
    # (A plan that shows a naloxone plan without saying who has it, so only this step ticks.)
    ALL_STEPS[8]: lambda c: crisis_plan(c, uses_opioids=True, callees=[Callee(position=0, name="Mum",
                                                                                daytime_phone="021 555 0101")]),
    ALL_STEPS[9]: lambda c: db.session.add(Reminder(user_id=c, kind="appointment", times="10:00",
                                                    on_date=date(2026, 1, 20))),
    ALL_STEPS[10]: lambda c: db.session.add(Meeting(client_id=c, attended_on=date(2026, 1, 14), kind="na")),
    ALL_STEPS[11]: lambda c: need(c, helped=True),
    ALL_STEPS[12]: lambda c: setattr(db.session.get(User, c), "sober_activity", "Football on Saturday"),
    ALL_STEPS[13]: lambda c: db.session.add(MonthlyReview(client_id=c, held_on=date(2026, 1, 15))),
}


def do(app, client_id, step) -> None:
    with app.app_context():
        DOING[step](client_id)
        db.session.commit()


@pytest.fixture
def casey(app, people):
    """Casey, whose account is a week old on her calendar (but six days old in UTC), with no
    country chosen yet; and Oli, beside her, who has done every step."""
    with app.app_context():
        user = db.session.get(User, people["client"])
        # 23:30 on Friday 9 January in Auckland: a week before "today" there, six days in UTC.
        user.created_at, user.timezone, user.country = datetime(2026, 1, 9, 10, 30, tzinfo=timezone.utc), \
            "Pacific/Auckland", ""
        db.session.commit()
    for step in DOING:
        do(app, people["other_client"], step)
    return people["client"]


def plan_steps(page: str) -> dict[str, bool]:
    """Each step on the page, and whether it is ticked."""
    found = {}
    for classes, title in re.findall(r'<li class="step( done)?">.*?</span>\s*<a href="[^"]*"><span '
                                     r'class="visually-hidden">[^<]*</span>([^<]*)</a>', page, re.S):
        found[title.replace("&#39;", "'")] = bool(classes)
    return found


def home(client) -> str:
    return client.get("/").get_data(as_text=True)


def set_account(app, client_id, **fields) -> None:
    with app.app_context():
        user = db.session.get(User, client_id)
        for name, value in fields.items():
            setattr(user, name, value)
        db.session.commit()


def test_a_new_clients_home_shows_every_step_by_weeks_none_ticked_by_another_clients_data(client, casey):
    sign_in_as(client, "casey@example.org")
    page = home(client)
    assert list(plan_steps(page)) == list(ALL_STEPS)
    assert not any(plan_steps(page).values())
    assert [int(n) for n in re.findall(r"<strong>Week (\d)</strong>", page)] == [1, 2, 3, 4]
    assert "0 of 14 steps done" in page


@pytest.mark.parametrize("step", list(DOING))
def test_a_step_ticks_itself_from_what_the_client_did(app, client, casey, step):
    sign_in_as(client, "casey@example.org")
    assert plan_steps(home(client))[step] is False
    do(app, casey, step)
    ticked = plan_steps(home(client))
    assert ticked[step] is True
    assert [name for name, done in ticked.items() if done] == [step]


@pytest.mark.parametrize("step, almost", [
    (ALL_STEPS[1], lambda c: db.session.add(CrisisPlan(user_id=c, uses_opioids=True))),
    (ALL_STEPS[2], lambda c: [card(c, "Ana", "friend"), card(c, "Ben", "sibling"), card(c, "NA group", "group")]),
    (ALL_STEPS[3], lambda c: invite(card(c, "Dr Roe", "clinician"), withdrawn_at=NOW)),
    (ALL_STEPS[3], lambda c: card(c, "Dr Roe", "clinician")),
    (ALL_STEPS[7], lambda c: checkin(c, with_note=False)),
    (ALL_STEPS[8], lambda c: db.session.add(CrisisPlan(user_id=c, warning_signs="Not sleeping"))),
    (ALL_STEPS[9], lambda c: db.session.add(Reminder(user_id=c, kind="meeting", times="19:00", weekday=2))),
    (ALL_STEPS[11], lambda c: need(c, helped=False)),
], ids=["opioids-without-naloxone", "two-people-and-a-group", "withdrawn-invite", "card-not-invited",
        "checkin-without-notes", "plan-without-people", "meeting-reminder", "need-without-helper"])
def test_a_step_stays_open_for_something_short_of_it(app, client, casey, step, almost):
    with app.app_context():
        almost(casey)
        db.session.commit()
    sign_in_as(client, "casey@example.org")
    assert plan_steps(home(client))[step] is False


def test_the_naloxone_question_is_answered_by_a_naloxone_plan_that_says_who_has_it(app, client, casey):
    with app.app_context():
        db.session.add(CrisisPlan(user_id=casey, uses_opioids=True, naloxone_who="My sister"))
        db.session.commit()
    sign_in_as(client, "casey@example.org")
    assert plan_steps(home(client))[ALL_STEPS[1]] is True


def test_the_week_is_counted_on_the_clients_calendar_not_in_utc(client, casey):
    sign_in_as(client, "casey@example.org")
    page = home(client)
    # Seven days since she joined in Auckland (six in UTC): her second week.
    assert "<strong>Week 2</strong> · this week" in page
    assert page.count("this week") == 1
    assert re.search(r'<details class="week" open>\s*<summary><strong>Week 2</strong>', page)


def test_the_plan_is_still_shown_on_the_thirtieth_day_in_week_four(app, client, casey):
    # 23:30 on 18 December in Auckland: 29 days before 16 January there.
    set_account(app, casey, created_at=datetime(2025, 12, 18, 10, 30, tzinfo=timezone.utc))
    sign_in_as(client, "casey@example.org")
    assert "<strong>Week 4</strong> · this week" in home(client)


def test_after_thirty_days_on_the_clients_calendar_the_plan_is_not_shown(app, client, casey):
    # 23:30 on 17 December in Auckland is 30 days before 16 January there (29 in UTC).
    set_account(app, casey, created_at=datetime(2025, 12, 17, 10, 30, tzinfo=timezone.utc))
    sign_in_as(client, "casey@example.org")
    page = home(client)
    assert plan_steps(page) == {}
    assert "Your first month" not in page


def test_after_thirty_days_the_plan_is_shown_when_asked_for_from_settings(app, client, casey):
    set_account(app, casey, created_at=datetime(2025, 6, 1, tzinfo=timezone.utc))
    sign_in_as(client, "casey@example.org")
    assert "Show me the starter plan" in client.get("/settings").get_data(as_text=True)
    response = client.post("/starter-plan/show")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    page = home(client)
    assert list(plan_steps(page)) == list(ALL_STEPS)
    assert "Your starter plan" in page and "this week" not in page
    # No week is "this week" now: the first with steps left opens.
    assert re.search(r'<details class="week" open>\s*<summary><strong>Week 1</strong>', page)


def test_hiding_the_plan_takes_it_off_home_and_settings_can_show_it_again(app, client, casey):
    sign_in_as(client, "casey@example.org")
    assert client.post("/starter-plan/hide").status_code == 303
    assert plan_steps(home(client)) == {}
    with app.app_context():
        assert db.session.get(User, casey).starter_plan == StarterPlan.HIDDEN
    assert "Show me the starter plan" in client.get("/settings").get_data(as_text=True)
    client.post("/starter-plan/show")
    assert list(plan_steps(home(client))) == list(ALL_STEPS)
    assert "Hide the starter plan" in client.get("/settings").get_data(as_text=True)


def test_hiding_the_plan_hides_only_the_signed_in_clients(app, client, casey, people):
    sign_in_as(client, "casey@example.org")
    client.post("/starter-plan/hide")
    with app.app_context():
        assert db.session.get(User, people["other_client"]).starter_plan == StarterPlan.AUTOMATIC


def test_every_step_done_says_so(app, client, casey):
    for step in DOING:
        do(app, casey, step)
    with app.app_context():
        crisis_plan(casey, naloxone_where="Kitchen drawer")  # the plan above shows a naloxone plan
        db.session.commit()
    sign_in_as(client, "casey@example.org")
    page = home(client)
    assert all(plan_steps(page).values())
    assert "Every step is done." in page


def test_each_step_links_to_the_page_that_does_it(client, casey):
    sign_in_as(client, "casey@example.org")
    page = home(client)
    links = dict((title, href) for href, title in re.findall(
        r'<li class="step">.*?<a href="([^"]*)"><span class="visually-hidden">[^<]*</span>([^<]*)</a>', page, re.S))
    assert links[ALL_STEPS[0]] == "/settings#country"
    assert links[ALL_STEPS[1]] == "/crisis/plan?block=naloxone#block-naloxone"
    assert links[ALL_STEPS[9]] == "/reminders/new?kind=appointment"
    assert links[ALL_STEPS[12]] == "/starter-plan/activity"
    assert links[ALL_STEPS[13]] == "/review"
    for href in set(links.values()):
        assert client.get(href.split("#")[0]).status_code == 200, href


def test_planning_a_sober_activity_keeps_the_clients_words(app, client, casey):
    sign_in_as(client, "casey@example.org")
    response = client.post("/starter-plan/activity", data={"sober_activity": "  Cinema with Mia  "})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(User, casey).sober_activity == "Cinema with Mia"
    assert "Cinema with Mia" in client.get("/starter-plan/activity").get_data(as_text=True)


def test_an_empty_activity_is_refused_beside_its_field(client, casey):
    sign_in_as(client, "casey@example.org")
    response = client.post("/starter-plan/activity", data={"sober_activity": "  "})
    assert response.status_code == 422
    assert 'id="sober_activity-error"' in response.get_data(as_text=True)
    assert "Write a few words about what you plan." in response.get_data(as_text=True)


def test_a_too_long_activity_is_refused_and_what_was_typed_stays(client, casey):
    sign_in_as(client, "casey@example.org")
    typed = "A long walk " * 12
    response = client.post("/starter-plan/activity", data={"sober_activity": typed})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Please keep this under 120 characters." in page and typed.strip() in page


def test_clearing_the_activity_opens_its_step_again(app, client, casey):
    do(app, casey, ALL_STEPS[12])
    sign_in_as(client, "casey@example.org")
    assert client.post("/starter-plan/activity/clear").status_code == 303
    assert plan_steps(home(client))[ALL_STEPS[12]] is False


def test_home_shown_again_after_a_form_error_still_ticks_the_steps(app, client, casey):
    """Home's POST (thanking someone) reads the facts itself, as its lookup didn't bring them."""
    from recoverynet.rewards.models import Encouragement
    do(app, casey, ALL_STEPS[10])
    sam, _ = add_member(app, casey, "sam@example.org", "Sam", relationship="peer coach")
    with app.app_context():
        message = Encouragement(client_id=casey, sender_id=sam, text="Hi")
        db.session.add(message)
        db.session.commit()
        message_id = message.id
    sign_in_as(client, "casey@example.org")
    response = client.post(f"/messages/{message_id}/thank", data={"thanks": "x" * 400})
    assert response.status_code == 422
    assert plan_steps(response.get_data(as_text=True))[ALL_STEPS[10]] is True


def test_a_supporter_without_a_recovery_space_sees_no_plan(app, client, people):
    from tests.helpers import make_user
    with app.app_context():
        make_user("mia@example.org", "Mia", is_client=False)
    sign_in_as(client, "mia@example.org")
    assert plan_steps(home(client)) == {}


def test_the_planned_activity_comes_back_when_an_export_is_brought_in(app, runner, casey, tmp_path):
    import io
    from recoverynet.models import recreate_tables
    from recoverynet.yourdata.export import write_export
    do(app, casey, ALL_STEPS[12])
    with app.test_request_context():
        archive = io.BytesIO()
        write_export(db.session.get(User, casey), archive)
        db.session.remove()  # end the export's transaction: PostgreSQL's DROP SCHEMA would wait on it
        recreate_tables()
    (tmp_path / "export.zip").write_bytes(archive.getvalue())
    result = runner.invoke(args=["import-person", str(tmp_path / "export.zip"), "--email", "casey@example.org",
                                 "--create"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(User.sober_activity).where(User.email == "casey@example.org")) == \
            "Football on Saturday"
