"""The client's network map: cards, the picture, the gaps, sharing scopes and who saw what."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from recoverynet.extensions import db
from recoverynet.network.models import Contact, ViewRecord
from tests.network_world import add_member, sign_in_as

CARD = {"name": "Robin Example", "relationship": "sponsor", "circle": "inner", "label": "helpful",
        "reliability": "5", "helpfulness": "4", "phone": "+44 7700 900123", "preferred_contact": "text",
        "available_out_of_hours": "on", "boundaries": "Texts OK, no home visits", "notes": "Met at the Tuesday group"}


def cards(app):
    with app.app_context():
        return db.session.scalars(select(Contact).order_by(Contact.id)).all()


def test_a_client_adds_a_person_with_every_detail(app, client, auth, people):
    auth.login()
    response = client.post("/network", data=CARD)
    assert response.status_code == 303
    [card] = cards(app)
    assert (card.name, card.relationship, card.circle, card.label, card.reliability, card.helpfulness) == \
        ("Robin Example", "sponsor", "inner", "helpful", 5, 4)
    assert card.available_out_of_hours and not card.available_daytime
    assert (card.phone, card.boundaries, card.notes) == (CARD["phone"], CARD["boundaries"], CARD["notes"])


@pytest.mark.parametrize(("field", "value", "message"), [
    ("name", "", "Please give a name"),
    ("phone", "call me maybe", "Please enter a phone number"),
    ("circle", "orbit", "Please choose one of the options."),
    ("reliability", "9", "Please choose a number from 1 to 5."),
    ("boundaries", "b" * 501, "Please keep this under 500 characters."),
])
def test_a_bad_card_is_explained_and_keeps_what_was_typed(app, client, auth, people, field, value, message):
    auth.login()
    response = client.post("/network", data={**CARD, field: value})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert b"Met at the Tuesday group" in response.data and cards(app) == []


def test_the_map_is_a_picture_with_a_text_list(app, client, auth, people):
    auth.login()
    client.post("/network", data=CARD)
    client.post("/network", data={"name": "Old Mate", "relationship": "friend", "circle": "outer", "label": "risky"})
    body = client.get("/network").get_data(as_text=True)
    assert 'aria-labelledby="map-title"' in body and "<title id=\"map-title\">Your network map</title>" in body
    assert 'class="dot helpful"' in body and 'class="dot risky"' in body
    assert "<strong>Robin Example</strong>" in body and "<strong>Old Mate</strong>" in body


@pytest.mark.parametrize(("cards_posted", "gap"), [
    ([{"name": "A", "relationship": "friend", "circle": "inner"}], "No clinician"),
    ([{"name": "A", "relationship": "friend", "circle": "inner"}], "No peer supporter"),
    ([{"name": "A", "relationship": "friend", "circle": "inner"}], "Nobody marked as reachable out of hours"),
    ([{"name": "A", "relationship": "friend", "circle": "inner"}], "Only one person in your inner circle"),
    ([{"name": "Old Mate", "relationship": "friend", "circle": "inner", "label": "risky"},
      {"name": "B", "relationship": "partner", "circle": "inner"}], "Old Mate is in your inner circle but marked risky"),
])
def test_the_map_names_its_gaps_in_plain_words(client, auth, people, cards_posted, gap):
    auth.login()
    for card in cards_posted:
        client.post("/network", data=card)
    assert gap in client.get("/network").get_data(as_text=True).replace("&#39;", "'")


def test_an_empty_map_is_one_welcome_with_the_next_step_not_a_list_of_gaps(client, auth, people):
    auth.login()
    body = client.get("/network").get_data(as_text=True)
    assert "Start with one person" in body and "What your map shows" not in body
    assert "Nobody" not in body and "No clinician" not in body
    # One way on: the button to add the first person (no second "Add" beside the heading).
    assert body.count('href="/network/new"') == 1 and "Add the first person" in body


def test_a_full_map_shows_no_gaps(client, auth, people):
    auth.login()
    for card in ({"name": "Dr Lee", "relationship": "clinician", "circle": "outer", "available_out_of_hours": "on"},
                 {"name": "Robin", "relationship": "sponsor", "circle": "inner", "label": "helpful"},
                 {"name": "Pat", "relationship": "partner", "circle": "inner", "label": "helpful"}):
        client.post("/network", data=card)
    assert b"What your map shows" not in client.get("/network").data


def test_a_card_can_be_edited_and_deleted(app, client, auth, people):
    auth.login()
    client.post("/network", data=CARD)
    card_id = cards(app)[0].id
    client.post(f"/network/{card_id}", data={**CARD, "circle": "middle", "label": "mixed"})
    assert (cards(app)[0].circle, cards(app)[0].label) == ("middle", "mixed")
    assert client.post(f"/network/{card_id}/delete").status_code == 303
    assert cards(app) == []


def test_a_new_member_sees_nothing_until_something_is_granted(app, client, people):
    add_member(app, people["client"], "mia@example.org", "Mia")
    sign_in_as(client, "mia@example.org")
    body = client.get(f"/support/{people['client']}").get_data(as_text=True)
    assert "hasn't shared anything with you yet" in body
    assert "big-number" not in body and "Mood and craving" not in body and "Triggers" not in body


def test_a_member_sees_only_the_scopes_granted(app, client, people):
    add_member(app, people["client"], "mia@example.org", "Mia", scopes=["sober_days"])
    sign_in_as(client, "mia@example.org")
    body = client.get(f"/support/{people['client']}").get_data(as_text=True)
    assert "shares this with you in confidence" in body
    assert "Day count not set yet" in body or "big-number" in body
    assert "Mood and craving" not in body and "Most common this month" not in body


@pytest.mark.parametrize(("scopes", "noted"), [((), False), (("crisis_alerts",), False), (("sober_days",), True)])
def test_the_member_is_asked_to_keep_it_in_confidence_only_when_something_is_shown(app, client, people, scopes,
                                                                                  noted):
    add_member(app, people["client"], "mia@example.org", "Mia", scopes=scopes)
    sign_in_as(client, "mia@example.org")
    body = client.get(f"/support/{people['client']}").get_data(as_text=True)
    assert ("shares this with you in confidence" in body) is noted


@pytest.mark.parametrize(("scopes", "untick"), [((), False), (("mood_summary",), True)])
def test_the_sharing_card_speaks_of_unticking_only_when_something_is_shared(app, client, people, scopes, untick):
    _, card_id = add_member(app, people["client"], "mia@example.org", "Mia", scopes=scopes)
    sign_in_as(client, "casey@example.org")
    body = client.get(f"/network/{card_id}").get_data(as_text=True)
    assert ("To stop sharing something, untick it and save. It stops straight away." in body) is untick
    assert ("Mia sees nothing yet. Tick what they may see, then save." in body) is not untick
    assert "applies straight away" not in body


def test_the_client_grants_and_revokes_and_it_applies_on_the_next_request(app, client, people):
    _, card_id = add_member(app, people["client"], "mia@example.org", "Mia")
    sign_in_as(client, "casey@example.org")
    client.post(f"/network/{card_id}/sharing", data={"scopes": ["mood_summary", "trigger_details"]})
    sign_in_as(client, "mia@example.org")
    assert b"Mood and craving, last 14 days" in client.get(f"/support/{people['client']}").data
    sign_in_as(client, "casey@example.org")
    client.post(f"/network/{card_id}/sharing", data={"scopes": []})
    sign_in_as(client, "mia@example.org")
    assert b"Mood and craving, last 14 days" not in client.get(f"/support/{people['client']}").data


def test_removing_a_member_ends_all_their_access(app, client, people):
    _, card_id = add_member(app, people["client"], "mia@example.org", "Mia", scopes=["sober_days", "crisis_alerts"])
    sign_in_as(client, "casey@example.org")
    client.post(f"/network/{card_id}/remove")
    sign_in_as(client, "mia@example.org")
    assert client.get(f"/support/{people['client']}").status_code == 404
    assert client.post(f"/support/{people['client']}/encourage", data={"text": "hi"}).status_code == 404
    with app.app_context():
        card = db.session.get(Contact, card_id)
        assert card.member_id is None and card.scopes == set()


def test_the_clients_private_label_ratings_and_notes_never_reach_the_member(app, client, people):
    add_member(app, people["client"], "mia@example.org", "Mia", scopes=["sober_days", "mood_summary",
               "trigger_details", "checkins", "crisis_alerts"], label="risky", reliability=1, helpfulness=2,
               notes="SECRET-NOTE drinks every weekend")
    sign_in_as(client, "mia@example.org")
    for url in ("/", "/support", f"/support/{people['client']}", f"/support/{people['client']}/rewards/new",
                "/notifications", "/rewards", "/network"):
        body = client.get(url).get_data(as_text=True)
        assert "SECRET-NOTE" not in body and "risky" not in body.lower(), url
        assert "reliab" not in body.lower(), url


def test_each_member_view_is_recorded_for_the_client(app, client, people):
    mia, _ = add_member(app, people["client"], "mia@example.org", "Mia", scopes=["sober_days", "mood_summary"])
    sign_in_as(client, "mia@example.org")
    client.get(f"/support/{people['client']}")
    with app.app_context():
        records = db.session.scalars(select(ViewRecord)).all()
        assert {r.scope for r in records} == {"sober_days", "mood_summary"}
        assert all(r.member_id == mia and r.client_id == people["client"] for r in records)
    sign_in_as(client, "casey@example.org")
    body = client.get("/network/views").get_data(as_text=True)
    assert "<strong>Mia</strong> saw sober days and milestones" in body
    assert "Mood and craving, last 14 days" in body


def test_who_saw_what_groups_by_person_and_day_with_a_count(app, client, people):
    from datetime import datetime, timedelta, timezone

    mia, _ = add_member(app, people["client"], "mia@example.org", "Mia")
    noon = datetime(2026, 3, 3, 12, 0, tzinfo=timezone.utc)  # 12:00 in London, the client's zone
    with app.app_context():
        db.session.add_all(
            [ViewRecord(client_id=people["client"], member_id=mia, scope="sober_days", shown=f"{n} sober days",
                        viewed_at=noon + timedelta(minutes=5 * n)) for n in range(3)]
            + [ViewRecord(client_id=people["client"], member_id=mia, scope="mood_summary", shown="Mood, 14 days",
                          viewed_at=noon),
               ViewRecord(client_id=people["client"], member_id=mia, scope="sober_days", shown="Yesterday's count",
                          viewed_at=noon - timedelta(days=1))])
        db.session.commit()
    sign_in_as(client, "casey@example.org")
    body = client.get("/network/views").get_data(as_text=True)
    assert body.count('<h2 class="view-day">') == 2 and body.index("Tue 3 Mar") < body.index("Mon 2 Mar")
    # Three visits on the 3rd: one line, counted, with the last time and what it showed.
    assert body.count("<strong>Mia</strong> saw sober days and milestones") == 2
    assert "3 times, last at 12:10 · 2 sober days" in body and "0 sober days" not in body
    assert "12:00 · Mood, 14 days" in body and "12:00 · Yesterday&#39;s count" in body


def test_a_member_of_several_networks_sees_each_on_their_home(app, client, people):
    add_member(app, people["client"], "mia@example.org", "Mia")
    with app.app_context():
        from recoverynet.auth.models import User
        mia = db.session.scalar(select(User).where(User.email == "mia@example.org"))
        db.session.add(Contact(client_id=people["other_client"], name="Mia", member_id=mia.id, relationship="friend"))
        db.session.commit()
    sign_in_as(client, "mia@example.org")
    body = client.get("/").get_data(as_text=True)
    assert "Casey Client" in body and "Oli Other" in body


def test_a_supporter_can_start_their_own_recovery_space(app, client, people):
    add_member(app, people["client"], "mia@example.org", "Mia")
    sign_in_as(client, "mia@example.org")
    assert b"Start my own space" in client.get("/").data
    client.post("/settings/start-recovery")
    body = client.get("/").get_data(as_text=True)
    assert "How are you right now?" in body and "Casey Client" in body


def test_a_cards_notes_take_2000_characters_and_no_more(app, client, auth, people):
    auth.login()
    response = client.post("/network", data={**CARD, "notes": "n" * 2001})
    assert response.status_code == 422 and '<a href="#notes">Please keep this under 2000 characters.</a>' in response.text
    assert client.post("/network", data={**CARD, "notes": "n" * 2000}).status_code == 303
    assert [len(card.notes) for card in cards(app)] == [2000]


@pytest.mark.parametrize(("days", "entries", "sober_line", "trigger_line"), [
    (None, 1, "Day count not set yet", "1 recent entry with triggers"),
    (1, 2, "1 sober day and milestones", "2 recent entries with triggers"),
    (12, 0, "12 sober days and milestones", "0 recent entries with triggers"),
])
def test_who_saw_what_records_each_part_in_the_words_the_client_reads(app, client, people, days, entries,
                                                                      sober_line, trigger_line):
    """The audit's line for each part a member was shown, word for word: a garbled line, or a
    part recorded under the wrong name, is an audit the client can't trust."""
    from recoverynet.auth.models import User
    from recoverynet.prevention.models import PreventionPlan
    from recoverynet.timeutil import local_today
    from tests.helpers import add_entries
    casey = people["client"]
    mia, _ = add_member(app, casey, "mia@example.org", "Mia", scopes=("sober_days", "mood_summary", "trigger_details",
                                                                      "checkins", "prevention_plan"))
    with app.app_context():
        user = db.session.get(User, casey)
        user.sober_since = None if days is None else local_today(user.timezone) - timedelta(days=days)
        db.session.add(PreventionPlan(user_id=casey, triggers="Payday"))
        db.session.commit()
    if entries:
        add_entries(app, casey, entries, triggers=["tired"])
    sign_in_as(client, "mia@example.org")
    assert client.get(f"/support/{casey}").status_code == 200
    with app.app_context():
        recorded = {r.scope: r.shown for r in db.session.scalars(select(ViewRecord).where(ViewRecord.member_id == mia))}
    assert recorded == {"sober_days": sober_line, "mood_summary": "Mood and craving, last 14 days",
                        "trigger_details": trigger_line, "checkins": "Check-ins and meetings, last 4 weeks",
                        "prevention_plan": "Relapse-prevention plan"}


def test_a_part_registered_on_the_members_page_words_its_audit_line_from_what_it_showed(app, client, people,
                                                                                      monkeypatch):
    """The seam (network/support.MEMBER_PARTS): a part's audit line is made from what that part
    showed the member, not from nothing (today's two parts say a fixed line, so only a part that
    reads what it showed can tell)."""
    from recoverynet.network import support
    from recoverynet.prevention.models import PreventionPlan
    casey = people["client"]
    load, _ = support.MEMBER_PARTS["prevention_plan"]
    monkeypatch.setitem(support.MEMBER_PARTS, "prevention_plan", (load, lambda plan: f"Plan with {plan.triggers}"))
    mia, _ = add_member(app, casey, "mia@example.org", "Mia", scopes=("prevention_plan",))
    with app.app_context():
        db.session.add(PreventionPlan(user_id=casey, triggers="Payday"))
        db.session.commit()
    sign_in_as(client, "mia@example.org")
    assert client.get(f"/support/{casey}").status_code == 200
    with app.app_context():
        assert db.session.scalars(select(ViewRecord.shown).where(ViewRecord.member_id == mia)).all() == [
            "Plan with Payday"]
