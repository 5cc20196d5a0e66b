"""The relapse-prevention plan: the client writes it (tapping suggestions from the log), looks
it over regularly, and members with the "prevention_plan" scope read it, and only that."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from recoverynet.extensions import db
from recoverynet.network.models import Contact, Grant, ViewRecord
from recoverynet.prevention.models import PreventionAction, PreventionPlan
from recoverynet.timeutil import utcnow
from tests.helpers import add_entries
from tests.network_world import OLI_SECRETS, add_member, sign_in_as

PLAN = {"triggers": "Payday\nArguments at home", "warning_signs": "Not sleeping\nSkipping meals",
        "action-0-text": "Call my sponsor", "action-0-helper": "Jo",
        "action-1-text": "Go for a run", "high_risk_times": "Friday evenings"}


def saved_plan(app, user_id):
    with app.app_context():
        plan = db.session.scalar(select(PreventionPlan).where(PreventionPlan.user_id == user_id))
        if plan is not None:
            plan.actions  # noqa: B018  (loaded before the session closes)
            db.session.expunge(plan)
        return plan


def add_card(app, client_id, name, **fields):
    with app.app_context():
        card = Contact(client_id=client_id, name=name, relationship="parent", **fields)
        db.session.add(card)
        db.session.commit()
        return card.id


@pytest.fixture
def casey_plan(app, client, auth, people):
    """Casey's saved plan."""
    auth.login()
    assert client.post("/plan/prevention", data=PLAN).status_code == 303
    client.post("/logout")
    return saved_plan(app, people["client"])


# ---- The client's plan ----

def test_the_client_writes_every_part_of_the_plan(app, client, auth, people):
    auth.login()
    assert client.post("/plan/prevention", data=PLAN).status_code == 303
    plan = saved_plan(app, people["client"])
    assert (plan.triggers, plan.warning_signs, plan.high_risk_times) == \
        ("Payday\nArguments at home", "Not sleeping\nSkipping meals", "Friday evenings")
    assert [(a.position, a.action, a.helper_name) for a in plan.actions] == \
        [(0, "Call my sponsor", "Jo"), (1, "Go for a run", "")]


def test_the_form_shows_the_saved_plan(client, auth, casey_plan):
    auth.login()
    body = client.get("/plan/prevention").get_data(as_text=True)
    assert "Arguments at home" in body and 'value="Call my sponsor"' in body and 'value="Jo"' in body


def test_the_plan_is_separate_from_the_crisis_plan(app, client, auth, people):
    from recoverynet.crisis.models import CrisisPlan
    auth.login()
    client.post("/plan/prevention", data=PLAN)
    with app.app_context():
        assert db.session.scalar(select(CrisisPlan)) is None


def test_saving_comes_back_to_the_block_open_with_the_word_saved(client, auth, people):
    auth.login()
    response = client.post("/plan/prevention", data=PLAN | {"block": "actions"})
    assert response.headers["Location"] == "/plan/prevention?block=actions#block-actions"
    body = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<details class="plan-block" id="block-actions" open>' in body
    assert '<details class="plan-block" id="block-triggers">' in body
    assert "Your relapse-prevention plan is saved." in body


def test_an_unknown_block_name_is_left_out_of_the_address(client, auth, people):
    auth.login()
    response = client.post("/plan/prevention", data=PLAN | {"block": "javascript:alert(1)"})
    assert response.headers["Location"] == "/plan/prevention"


def test_the_blocks_say_what_they_hold(client, auth, casey_plan):
    auth.login()
    body = client.get("/plan/prevention").get_data(as_text=True)
    for summary in ("My triggers: 2", "Warning signs: 2", "What I do instead: 2 things", "High-risk time: 1"):
        assert summary in body


def test_a_refusal_keeps_every_field_and_opens_the_block_with_the_problem(app, client, auth, people):
    auth.login()
    typed = PLAN | {"action-2-helper": "Sam", "block": "triggers"}
    response = client.post("/plan/prevention", data=typed)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Please write what you&#39;ll do, or clear who helps." in body and 'href="#action-2-text"' in body
    for value in ("Payday\nArguments at home", "Not sleeping\nSkipping meals", 'value="Call my sponsor"',
                  'value="Jo"', 'value="Go for a run"', 'value="Sam"', "Friday evenings"):
        assert value in body
    assert '<details class="plan-block" id="block-actions" open>' in body
    assert '<details class="plan-block" id="block-triggers" open>' in body
    assert saved_plan(app, people["client"]) is None


def test_text_over_the_limit_is_refused_and_kept(app, client, auth, people):
    auth.login()
    response = client.post("/plan/prevention", data={"action-0-text": "x" * 301, "triggers": "Payday"})
    assert response.status_code == 422 and "Please keep this under 300 characters." in response.get_data(as_text=True)
    assert "x" * 301 in response.get_data(as_text=True) and saved_plan(app, people["client"]) is None


def test_every_field_has_the_limit_the_server_keeps(client, auth, people):
    auth.login()
    body = client.get("/plan/prevention").get_data(as_text=True)
    assert body.count('maxlength="300"') == 6 and body.count('maxlength="80"') == 6
    assert body.count('maxlength="2000"') == 3


def test_a_helper_picked_from_the_map_is_written_on_the_plan_by_name(app, client, auth, people):
    card = add_card(app, people["client"], "Mum")
    auth.login()
    client.post("/plan/prevention", data={"action-0-text": "Ring her", "action-0-contact": str(card)})
    [action] = saved_plan(app, people["client"]).actions
    assert (action.helper_name, action.contact_id) == ("Mum", card)


def test_a_card_on_another_clients_map_cannot_be_picked(app, client, auth, people, second_world):
    auth.login()
    client.post("/plan/prevention", data={"action-0-text": "Ring them",
                                          "action-0-contact": str(second_world["waiting_card"])})
    [action] = saved_plan(app, people["client"]).actions
    assert (action.helper_name, action.contact_id) == ("", None)
    assert "Pat Oli-card" not in client.get("/plan/prevention").get_data(as_text=True)


@pytest.mark.parametrize("pick", ["²", "9" * 5000, "-1", "abc"])
def test_a_nonsense_card_pick_is_ignored(app, client, auth, people, pick):
    auth.login()
    assert client.post("/plan/prevention", data={"action-0-text": "Walk", "action-0-contact": pick}).status_code == 303
    assert saved_plan(app, people["client"]).actions[0].contact_id is None


def test_deleting_a_card_keeps_the_name_written_on_the_plan(app, client, auth, people):
    card = add_card(app, people["client"], "Mum")
    auth.login()
    client.post("/plan/prevention", data={"action-0-text": "Ring her", "action-0-contact": str(card)})
    client.post(f"/network/{card}/delete")
    [action] = saved_plan(app, people["client"]).actions
    assert (action.helper_name, action.contact_id) == ("Mum", None)


# ---- Suggestions: offered, never added by themselves ----

def test_opening_the_page_adds_nothing_from_the_log(app, client, auth, people):
    add_entries(app, people["client"], 3, triggers=["conflict"], coping="A walk", outcome="on_track")
    auth.login()
    body = client.get("/plan/prevention").get_data(as_text=True)
    assert 'name="add-triggers" value="conflict"' in body and 'name="add-actions" value="A walk"' in body
    assert saved_plan(app, people["client"]) is None


def test_a_tapped_trigger_joins_the_plan_with_everything_typed(app, client, auth, people):
    add_entries(app, people["client"], 2, triggers=["conflict"])
    auth.login()
    response = client.post("/plan/prevention", data=PLAN | {"add-triggers": "conflict"})
    assert response.headers["Location"] == "/plan/prevention?block=triggers#block-triggers"
    plan = saved_plan(app, people["client"])
    assert plan.triggers == "Payday\nArguments at home\nconflict"
    assert plan.warning_signs == PLAN["warning_signs"] and len(plan.actions) == 2
    body = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Added to your plan and saved." in body and 'name="add-triggers" value="conflict"' not in body


def test_a_tapped_coping_strategy_fills_the_next_thing_i_do_instead(app, client, auth, people):
    auth.login()
    client.post("/plan/prevention", data=PLAN | {"add-actions": "Went for a walk"})
    assert [a.action for a in saved_plan(app, people["client"]).actions] == \
        ["Call my sponsor", "Go for a run", "Went for a walk"]


def test_a_tapped_time_joins_the_high_risk_times(app, client, auth, people):
    auth.login()
    client.post("/plan/prevention", data=PLAN | {"add-high_risk_times": "Sunday nights"})
    assert saved_plan(app, people["client"]).high_risk_times == "Friday evenings\nSunday nights"


def test_a_suggestion_already_on_the_plan_is_not_added_twice(app, client, auth, people):
    auth.login()
    client.post("/plan/prevention", data=PLAN | {"add-triggers": "payday"})
    client.post("/plan/prevention", data=PLAN | {"add-actions": "go for a RUN"})
    plan = saved_plan(app, people["client"])
    assert plan.triggers == PLAN["triggers"] and len(plan.actions) == 2


def test_a_full_list_of_things_to_do_says_to_clear_one_first(app, client, auth, people):
    full = {f"action-{n}-text": f"Thing {n}" for n in range(6)}
    auth.login()
    response = client.post("/plan/prevention", data=full | {"add-actions": "Went for a walk"})
    assert response.status_code == 422
    assert "Your plan has room for 6 things. Clear one to add this." in response.get_data(as_text=True)
    assert 'value="Thing 5"' in response.get_data(as_text=True)


def test_enter_in_a_field_saves_rather_than_adding_a_suggestion(client, auth, people, app):
    """A browser's Enter presses the form's first button: it must be a Save, not a suggestion."""
    add_entries(app, people["client"], 2, triggers=["conflict"])
    auth.login()
    body = client.get("/plan/prevention").get_data(as_text=True)
    form = body[body.index('action="/plan/prevention"'):]
    first_button = form[form.index("<button"):form.index("</button>")]
    assert 'name="block" value="triggers"' in first_button


# ---- Looking it over ----

def test_looking_it_over_stamps_today(app, client, auth, people, casey_plan):
    auth.login()
    assert casey_plan.reviewed_at is None
    response = client.post("/plan/prevention/review")
    assert response.status_code == 303 and response.headers["Location"] == "/plan/prevention"
    assert utcnow() - saved_plan(app, people["client"]).reviewed_at.replace(tzinfo=utcnow().tzinfo) < \
        timedelta(minutes=1)
    assert "Last looked over on" in client.get("/plan/prevention").get_data(as_text=True)


def test_saving_is_not_looking_it_over(app, client, auth, people, casey_plan):
    auth.login()
    client.post("/plan/prevention", data=PLAN | {"triggers": "Payday"})
    assert saved_plan(app, people["client"]).reviewed_at is None


def test_looking_over_a_plan_not_yet_written_says_to_write_it_first(app, client, auth, people):
    auth.login()
    response = client.post("/plan/prevention/review", follow_redirects=True)
    assert "Write your plan first, then mark it as looked over." in response.get_data(as_text=True)
    assert saved_plan(app, people["client"]) is None


def set_reviewed(app, user_id, days_ago):
    with app.app_context():
        plan = db.session.scalar(select(PreventionPlan).where(PreventionPlan.user_id == user_id))
        plan.reviewed_at = utcnow() - timedelta(days=days_ago)
        db.session.commit()


PROMPT = "When you have a quiet moment, read it through. Is it still right for you?"


@pytest.mark.parametrize(("days_ago", "prompted"), [(31, True), (29, False)])
def test_a_plan_not_looked_over_for_a_month_asks_gently(app, client, auth, people, casey_plan, days_ago, prompted):
    set_reviewed(app, people["client"], days_ago)
    auth.login()
    assert (PROMPT in client.get("/plan/prevention").get_data(as_text=True)) is prompted


def test_a_plan_just_written_says_it_is_not_looked_over_yet_without_asking(client, auth, casey_plan):
    auth.login()
    body = client.get("/plan/prevention").get_data(as_text=True)
    assert "Not looked over yet." in body and PROMPT not in body


def test_a_plan_never_looked_over_and_saved_a_month_ago_asks_gently(app, client, auth, people, casey_plan):
    with app.app_context():
        db.session.execute(PreventionPlan.__table__.update().values(updated_at=utcnow() - timedelta(days=31)))
        db.session.commit()
    auth.login()
    assert PROMPT in client.get("/plan/prevention").get_data(as_text=True)


def test_an_empty_page_asks_for_no_review(client, auth, people):
    auth.login()
    body = client.get("/plan/prevention").get_data(as_text=True)
    assert PROMPT not in body and "I've looked at it today" not in body


def test_settings_links_to_the_plan(client, auth, people):
    auth.login()
    assert 'href="/plan/prevention"' in client.get("/settings").get_data(as_text=True)


def test_the_monthly_review_can_link_to_the_plan_by_name(app):
    from flask import url_for
    with app.test_request_context():
        assert url_for("prevention.plan") == "/plan/prevention"


# ---- Members ----

def member_page(client, email, client_id):
    sign_in_as(client, email)
    return client.get(f"/support/{client_id}")


def test_a_member_with_the_scope_reads_the_plan(app, client, people, casey_plan):
    add_member(app, people["client"], "mia@example.org", "Mia", scopes=("prevention_plan",))
    body = member_page(client, "mia@example.org", people["client"]).get_data(as_text=True)
    for words in ("Relapse-prevention plan", "Arguments at home", "Skipping meals", "Call my sponsor",
                  "Jo helps", "Friday evenings"):
        assert words in body
    assert 'action="/plan/prevention"' not in body  # read-only: no form of the plan


@pytest.mark.parametrize("scopes", [(), ("sober_days", "mood_summary", "trigger_details", "checkins",
                                         "crisis_alerts")])
def test_a_member_without_the_scope_never_sees_the_plan(app, client, people, casey_plan, scopes):
    add_member(app, people["client"], "nia@example.org", "Nia", scopes=scopes)
    body = member_page(client, "nia@example.org", people["client"]).get_data(as_text=True)
    assert "Arguments at home" not in body and "Relapse-prevention plan" not in body


def test_a_member_loses_the_plan_as_soon_as_the_scope_goes(app, client, people, casey_plan):
    _, card = add_member(app, people["client"], "mia@example.org", "Mia", scopes=("prevention_plan",))
    with app.app_context():
        db.session.execute(Grant.__table__.delete().where(Grant.contact_id == card))
        db.session.commit()
    assert "Arguments at home" not in member_page(client, "mia@example.org", people["client"]).get_data(as_text=True)


def test_a_member_sees_who_helps_only_as_the_name_written_on_the_plan(app, client, auth, people):
    card = add_card(app, people["client"], "Mum Card-Name", label="risky", notes="CARD-PRIVATE-NOTE",
                    boundaries="CARD-BOUNDARY", reliability=2)
    auth.login()
    client.post("/plan/prevention", data={"action-0-text": "Ring her", "action-0-contact": str(card),
                                          "action-0-helper": "My mum"})
    add_member(app, people["client"], "mia@example.org", "Mia", scopes=("prevention_plan",))
    body = member_page(client, "mia@example.org", people["client"]).get_data(as_text=True)
    assert "My mum helps" in body
    for private in ("Mum Card-Name", "CARD-PRIVATE-NOTE", "CARD-BOUNDARY", "Risky", "risky"):
        assert private not in body


def test_a_member_without_a_plan_to_see_is_told_it_is_not_written_yet(app, client, people):
    add_member(app, people["client"], "mia@example.org", "Mia", scopes=("prevention_plan",))
    body = member_page(client, "mia@example.org", people["client"]).get_data(as_text=True)
    assert "Casey Client hasn't written a relapse-prevention plan yet." in body


def views_of(app, client_id):
    with app.app_context():
        return [(v.scope, v.shown) for v in db.session.scalars(select(ViewRecord).where(ViewRecord.client_id == client_id))]


def test_a_member_reading_the_plan_is_recorded_in_who_saw_what(app, client, people, casey_plan):
    add_member(app, people["client"], "mia@example.org", "Mia", scopes=("prevention_plan",))
    member_page(client, "mia@example.org", people["client"])
    assert views_of(app, people["client"]) == [("prevention_plan", "Relapse-prevention plan")]
    sign_in_as(client, "casey@example.org")
    assert "Relapse-prevention plan" in client.get("/network/views").get_data(as_text=True).replace(
        "relapse-prevention plan", "Relapse-prevention plan")


def test_no_plan_to_read_records_nothing(app, client, people):
    add_member(app, people["client"], "mia@example.org", "Mia", scopes=("prevention_plan",))
    member_page(client, "mia@example.org", people["client"])
    assert views_of(app, people["client"]) == []


def test_the_record_is_worded_in_the_clients_language(app, client, people, casey_plan):
    from recoverynet.auth.models import User
    with app.app_context():
        db.session.get(User, people["client"]).language = "es"
        db.session.commit()
    add_member(app, people["client"], "mia@example.org", "Mia", scopes=("prevention_plan",))
    member_page(client, "mia@example.org", people["client"])
    [(scope, shown)] = views_of(app, people["client"])
    assert scope == "prevention_plan" and shown != ""


def test_a_member_posting_the_form_changes_only_their_own_plan(app, client, people, casey_plan):
    mia, _ = add_member(app, people["client"], "mia@example.org", "Mia", scopes=("prevention_plan",))
    sign_in_as(client, "mia@example.org")
    client.post("/plan/prevention", data={"triggers": "MIA-WROTE", "user_id": str(people["client"])})
    client.post("/plan/prevention/review", data={"user_id": str(people["client"])})
    casey = saved_plan(app, people["client"])
    assert casey.triggers == PLAN["triggers"] and casey.reviewed_at is None
    assert saved_plan(app, mia).triggers == "MIA-WROTE"


def test_a_member_of_another_network_never_sees_the_plan(app, client, people, second_world, casey_plan):
    sign_in_as(client, "ola@example.org")
    response = client.get(f"/support/{people['client']}")
    assert response.status_code == 404 and "Arguments at home" not in response.get_data(as_text=True)


def test_the_other_clients_plan_page_shows_nothing_of_caseys(app, client, people, second_world, casey_plan):
    sign_in_as(client, "oli@example.org")
    body = client.get("/plan/prevention").get_data(as_text=True)
    assert "Arguments at home" not in body and "Call my sponsor" not in body


def test_caseys_plan_page_shows_nothing_of_olis_world(app, client, auth, people, second_world, casey_plan):
    auth.login()
    body = client.get("/plan/prevention").get_data(as_text=True)
    assert [secret for secret in OLI_SECRETS if secret in body] == []


def test_the_plan_page_is_not_kept_by_the_browser(client, auth, casey_plan):
    auth.login()
    assert client.get("/plan/prevention").headers["Cache-Control"] == "no-store"


# ---- Export and deletion ----

def test_the_plan_is_in_the_clients_export(app, client, auth, people, casey_plan):
    import io
    import json
    import zipfile
    auth.login()
    response = client.post("/settings/data/download")
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        data = json.loads(archive.read("data.json"))
        actions_csv = archive.read("prevention_actions.csv").decode("utf-8-sig")
    assert data["prevention_plan"]["triggers"] == PLAN["triggers"]
    assert [(a["action"], a["helper_name"]) for a in data["prevention_plan"]["actions"]] == \
        [("Call my sponsor", "Jo"), ("Go for a run", "")]
    assert "Call my sponsor" in actions_csv


def test_a_members_export_holds_none_of_the_clients_plan(app, client, people, casey_plan):
    add_member(app, people["client"], "mia@example.org", "Mia", scopes=("prevention_plan",))
    member_page(client, "mia@example.org", people["client"])
    response = client.post("/settings/data/download")
    import io
    import zipfile
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"Arguments at home" not in everything and b"Call my sponsor" not in everything


def test_the_plan_goes_with_the_account(app, client, auth, people, second_world, casey_plan):
    sign_in_as(client, "oli@example.org")
    client.post("/plan/prevention", data={"triggers": "OLI-TRIGGER", "action-0-text": "OLI-ACTION"})
    sign_in_as(client, "casey@example.org")
    from tests.helpers import PASSWORD
    assert client.post("/settings/delete", data={"password": PASSWORD}).status_code == 303
    with app.app_context():
        assert [p.triggers for p in db.session.scalars(select(PreventionPlan))] == ["OLI-TRIGGER"]
        assert [a.action for a in db.session.scalars(select(PreventionAction))] == ["OLI-ACTION"]


def test_what_could_break_the_chain_is_offered_from_looking_back_at_a_slip(app, client, auth, people):
    from datetime import date

    from recoverynet.analysis.models import Analysis
    with app.app_context():
        db.session.add(Analysis(client_id=people["client"], looked_at=date.today(), break_chain="Leave the party early"))
        db.session.commit()
    auth.login()
    body = client.get("/plan/prevention").get_data(as_text=True)
    assert 'name="add-actions" value="Leave the party early"' in body and "what could break the chain" in body
    assert saved_plan(app, people["client"]) is None
