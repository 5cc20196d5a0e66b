"""Early warning, by consent only: when a flag appears for a client, each member she gave the
"warning_signs" scope gets one discreet prompt to check in (an inbox item and a push that say what
to do, never why), at most once per kind of flag per her local day, held by their quiet hours;
she is told who was told. Nobody without the scope learns anything.

The flags here are a small fake set (flags_for is part C's and tested there), except in the last
test, which runs the real rules end to end. Casey lives in London; the clock is frozen.
Sam holds the scope (card "Sam"), Jo holds it with quiet hours, Noa holds another scope, Rex was
removed from the map; Oli's network (Ola holds every scope) stands beside Casey's."""
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.network.models import Contact
from recoverynet.notifications.models import Notification
from recoverynet.push.models import Delivery, PushSubscription
from recoverynet.push.texts import TELLTALE_WORDS
from recoverynet.reminders.due import EACH_PASS
from recoverynet.warning import notices
from recoverynet.warning.models import WarningNotice, WarningSign
from tests.network_world import add_member, sign_in_as

EVENING = datetime(2026, 1, 15, 20, 0, tzinfo=timezone.utc)  # 20:00 in London, Thursday 15 January
SECRET = "Craving 8 or more 2 times within 48 hours"  # the flag's words: only Casey may read them


@dataclass(frozen=True)
class FakeFlag:
    kind: str
    since: datetime
    day: date
    text: str
    need: int = 1


def flag(kind="craving", since=EVENING - timedelta(hours=1), day=None, text=SECRET, tz="Europe/London"):
    from recoverynet.timeutil import local
    return FakeFlag(kind, since, day or local(since, tz).date(), text)


@pytest.fixture
def flags(monkeypatch):
    """The flags each client has now (client id -> list), and the calls flags_for got."""
    found: dict[int, list] = {}
    calls: list[list[int]] = []

    def fake_flags_for(people, now=None):
        calls.append([person.id for person in people])
        return {person.id: list(found.get(person.id, [])) for person in people}

    monkeypatch.setattr(notices, "flags_for", fake_flags_for)
    found["calls"] = calls
    return found


@pytest.fixture
def world(app, people, second_world, time_machine):
    time_machine.move_to(EVENING, tick=False)
    ids = {"casey": people["client"], "oli": second_world["oli"], "ola": second_world["ola"]}
    ids["sam"], ids["sam_card"] = add_member(app, ids["casey"], "sam@example.org", "Sam Sponsor",
                                             scopes=("warning_signs",), card_name="Sam")
    ids["jo"], ids["jo_card"] = add_member(app, ids["casey"], "jo@example.org", "Jo Sister",
                                           scopes=("warning_signs", "sober_days"), card_name="Jo")
    ids["noa"], _ = add_member(app, ids["casey"], "noa@example.org", "Noa Brother", scopes=("sober_days",))
    ids["rex"], rex_card = add_member(app, ids["casey"], "rex@example.org", "Rex Removed", scopes=("warning_signs",))
    with app.app_context():
        card = db.session.get(Contact, rex_card)
        card.member_id, card.grants = None, []
        jo = db.session.get(User, ids["jo"])
        jo.quiet_start, jo.quiet_end = "19:00", "08:00"  # in London, like Casey
        for person in ("casey", "sam", "jo", "noa", "rex", "oli", "ola"):
            db.session.add(PushSubscription(user_id=ids[person], endpoint=f"https://push.example.org/{person}",
                                            p256dh="k", auth="a"))
        db.session.commit()
    return ids


def run_worker(time_machine, moment):
    """One pass of the worker's early-warning step at `moment`."""
    time_machine.move_to(moment, tick=False)
    notices.notice_new_signs()
    return notices.tell_waiting_members()


def told(user_id):
    return [n.text for n in db.session.scalars(select(Notification).where(Notification.user_id == user_id)
                                               .order_by(Notification.id))]


def pushes(user_id):
    return db.session.scalars(select(Delivery).where(Delivery.user_id == user_id).order_by(Delivery.id)).all()


def test_a_member_with_the_scope_gets_one_inbox_item_that_says_what_to_do(app, world, flags, time_machine):
    flags[world["casey"]] = [flag()]
    with app.app_context():
        run_worker(time_machine, EVENING)
        assert told(world["sam"]) == ["Casey Client might like a call today. A short, warm check-in helps."]
        notice = db.session.scalar(select(Notification).where(Notification.user_id == world["sam"]))
        assert (notice.kind, notice.link) == ("warning_sign", f"/support/{world['casey']}")


def test_the_members_push_is_discreet_and_never_says_why(app, world, flags, time_machine):
    flags[world["casey"]] = [flag()]
    with app.app_context():
        run_worker(time_machine, EVENING)
        [push] = pushes(world["sam"])
        shown = json.loads(push.payload)
        assert (shown["title"], shown["body"]) == ("Message", "Casey Client might like to hear from you today")
        words = (shown["title"] + " " + shown["body"] + " " + told(world["sam"])[0]).lower()
        assert not [word for word in TELLTALE_WORDS if word in words]
        assert SECRET.lower() not in words and "8" not in words


def test_tapping_the_push_opens_the_clients_page_as_the_member_sees_it(app, client, world, flags, time_machine):
    flags[world["casey"]] = [flag()]
    with app.app_context():
        run_worker(time_machine, EVENING)
        url = json.loads(pushes(world["sam"])[0].payload)["url"]
    assert url == f"/support/{world['casey']}"
    sign_in_as(client, "sam@example.org")
    assert client.get(url).status_code == 200


def test_the_member_reads_the_prompt_in_their_own_language(app, world, flags, time_machine):
    """Needs /tmp/es/early-warning.po merged into the Spanish catalog."""
    flags[world["casey"]] = [flag()]
    with app.app_context():
        db.session.get(User, world["sam"]).language = "es"
        db.session.commit()
        run_worker(time_machine, EVENING)
        assert told(world["sam"]) == ["Puede que a Casey Client le venga bien una llamada hoy. "
                                      "Un saludo breve y cariñoso ayuda."]
        assert json.loads(pushes(world["sam"])[0].payload)["title"] == "Mensaje"


def test_a_member_without_the_scope_gets_nothing_no_inbox_item_push_or_count(
        app, client, world, flags, time_machine):
    sign_in_as(client, "noa@example.org")
    before = client.get("/notifications").get_data(as_text=True).count("unread")
    flags[world["casey"]] = [flag()]
    with app.app_context():
        run_worker(time_machine, EVENING)
        assert (told(world["noa"]), pushes(world["noa"])) == ([], [])
    after = client.get("/notifications").get_data(as_text=True)
    assert after.count("unread") == before and "Casey" not in after


def test_a_member_removed_from_the_map_gets_nothing(app, world, flags, time_machine):
    flags[world["casey"]] = [flag()]
    with app.app_context():
        run_worker(time_machine, EVENING)
        assert (told(world["rex"]), pushes(world["rex"])) == ([], [])


def test_quiet_hours_hold_the_prompt_until_they_end(app, world, flags, time_machine):
    flags[world["casey"]] = [flag()]
    with app.app_context():
        run_worker(time_machine, EVENING)  # 20:00: Jo's quiet hours (19:00 to 08:00)
        assert (told(world["jo"]), pushes(world["jo"])) == ([], [])
        run_worker(time_machine, datetime(2026, 1, 16, 7, 59, tzinfo=timezone.utc))
        assert told(world["jo"]) == []
        run_worker(time_machine, datetime(2026, 1, 16, 8, 0, tzinfo=timezone.utc))
        assert told(world["jo"]) == ["Casey Client might like a call today. A short, warm check-in helps."]
        assert [p.not_before for p in pushes(world["jo"])] == [datetime(2026, 1, 16, 8, 0, tzinfo=timezone.utc)]


def test_a_scope_taken_back_after_the_flag_but_before_sending_is_not_sent(
        app, client, auth, world, flags, time_machine):
    flags[world["casey"]] = [flag()]
    with app.app_context():
        run_worker(time_machine, EVENING)  # Jo's notice waits for her quiet hours to end
    auth.login()
    client.post(f"/network/{world['jo_card']}/sharing", data={"scopes": ["sober_days"]})
    with app.app_context():
        run_worker(time_machine, datetime(2026, 1, 16, 8, 0, tzinfo=timezone.utc))
        assert (told(world["jo"]), pushes(world["jo"])) == ([], [])
        assert db.session.scalar(select(func.count()).select_from(WarningNotice)
                                 .where(WarningNotice.member_id == world["jo"])) == 0


def test_a_member_removed_after_the_flag_but_before_sending_is_not_told(app, client, auth, world, flags, time_machine):
    flags[world["casey"]] = [flag()]
    with app.app_context():
        run_worker(time_machine, EVENING)
    auth.login()
    client.post(f"/network/{world['jo_card']}/remove")
    with app.app_context():
        run_worker(time_machine, datetime(2026, 1, 16, 8, 0, tzinfo=timezone.utc))
        assert (told(world["jo"]), pushes(world["jo"])) == ([], [])


def test_at_most_one_prompt_per_kind_of_flag_per_client_per_local_day(app, world, flags, time_machine):
    with app.app_context():
        flags[world["casey"]] = [flag(since=EVENING - timedelta(hours=5))]
        run_worker(time_machine, EVENING)
        flags[world["casey"]] = [flag(since=EVENING - timedelta(minutes=10))]  # new evidence, same day
        run_worker(time_machine, EVENING + timedelta(minutes=30))
        run_worker(time_machine, EVENING + timedelta(hours=2))
        assert len(told(world["sam"])) == 1
        flags[world["casey"]].append(flag(kind="low_mood", text="Mood low"))  # another kind: told
        run_worker(time_machine, EVENING + timedelta(hours=3))
        assert len(told(world["sam"])) == 2
        flags[world["casey"]] = [flag(since=datetime(2026, 1, 16, 9, 0, tzinfo=timezone.utc))]
        run_worker(time_machine, datetime(2026, 1, 16, 9, 5, tzinfo=timezone.utc))  # the next day
        assert len(told(world["sam"])) == 3


def test_a_flag_that_lasts_several_days_is_told_once(app, world, flags, time_machine):
    flags[world["casey"]] = [flag(kind="crisis_alert")]  # shows for 7 days, on the same evidence
    with app.app_context():
        for days in range(4):
            run_worker(time_machine, EVENING + timedelta(days=days, hours=1))
        assert len(told(world["sam"])) == 1


def test_a_flag_from_days_ago_is_not_news(app, world, flags, time_machine):
    since = EVENING - timedelta(days=3)
    flags[world["casey"]] = [flag(kind="overdue", since=since)]
    with app.app_context():
        run_worker(time_machine, EVENING)
        assert told(world["sam"]) == [] and told(world["casey"]) == []


def test_the_day_is_the_clients_own_past_midnight_in_her_time_zone(app, world, flags, time_machine):
    """Auckland is 13 hours ahead: 10:30 and 11:30 UTC on the 15th are the 15th and the 16th there."""
    with app.app_context():
        db.session.get(User, world["casey"]).timezone = "Pacific/Auckland"
        db.session.commit()
        first = datetime(2026, 1, 15, 10, 30, tzinfo=timezone.utc)
        flags[world["casey"]] = [flag(since=first - timedelta(minutes=5), tz="Pacific/Auckland")]
        run_worker(time_machine, first)
        second = datetime(2026, 1, 15, 11, 30, tzinfo=timezone.utc)
        flags[world["casey"]] = [flag(since=second - timedelta(minutes=5), tz="Pacific/Auckland")]
        run_worker(time_machine, second)
        assert len(told(world["sam"])) == 2
        assert [s.day for s in db.session.scalars(select(WarningSign).order_by(WarningSign.id))] == [
            date(2026, 1, 15), date(2026, 1, 16)]


def test_the_day_follows_the_clocks_going_forward(app, world, flags, time_machine):
    """London springs forward on 29 March 2026: 22:30 UTC is 23:30 on the 29th (told already that
    day), 23:30 UTC is 00:30 on the 30th (a new day), though both are the 29th in UTC and in GMT."""
    with app.app_context():
        sunday = datetime(2026, 3, 29, 0, 30, tzinfo=timezone.utc)
        for moment in (sunday, datetime(2026, 3, 29, 22, 30, tzinfo=timezone.utc),
                       datetime(2026, 3, 29, 23, 30, tzinfo=timezone.utc)):
            flags[world["casey"]] = [flag(since=moment - timedelta(minutes=5))]
            run_worker(time_machine, moment)
        assert [s.day for s in db.session.scalars(select(WarningSign).order_by(WarningSign.id))] == [
            date(2026, 3, 29), date(2026, 3, 30)]
        assert len(told(world["sam"])) == 2


def test_however_often_the_worker_looks_each_member_is_told_once(app, world, flags, time_machine):
    flags[world["casey"]] = [flag()]
    with app.app_context():
        time_machine.move_to(EVENING, tick=False)
        notices.notice_new_signs()
        notices.notice_new_signs()
        notices.tell_waiting_members()
        notices.tell_waiting_members()
        run_worker(time_machine, EVENING + timedelta(minutes=1))
        assert len(told(world["sam"])) == 1 and len(pushes(world["sam"])) == 1
        assert len(told(world["casey"])) == 1


def test_a_notice_another_worker_tells_in_the_meantime_is_not_told_again(app, world, flags, time_machine, monkeypatch):
    """Between this worker's look at the waiting notices and its claim, another worker told them."""
    from sqlalchemy import update
    flags[world["casey"]] = [flag()]
    with app.app_context():
        time_machine.move_to(EVENING, tick=False)
        notices.notice_new_signs()
        real = notices.holders_of_scope

        def another_worker_tells_first():
            db.session.execute(update(WarningNotice).values(told_at=EVENING))
            return real()

        monkeypatch.setattr(notices, "holders_of_scope", another_worker_tells_first)
        assert notices.tell_waiting_members() == 0
        assert told(world["sam"]) == [] and pushes(world["sam"]) == []


def test_a_sign_nobody_was_told_of_says_so_under_its_day(app, client, auth, world):
    with app.app_context():
        db.session.add(WarningSign(client_id=world["casey"], kind="craving", day=date(2026, 1, 15),
                                   since=EVENING - timedelta(hours=9), text="Craving high twice"))
        db.session.commit()
    auth.login()
    page = client.get("/network/early-warning").get_data(as_text=True)
    assert "<strong>Thu 15 Jan</strong> · Craving high twice<br>\n    <small>Nobody was told.</small>" in page
    assert "We let" not in page and "will get the prompt" not in page


def test_a_sign_claimed_by_another_worker_is_not_claimed_again(app, world, flags, time_machine):
    flags[world["casey"]] = [flag()]
    with app.app_context():
        time_machine.move_to(EVENING, tick=False)
        db.session.add(WarningSign(client_id=world["casey"], kind="craving", day=date(2026, 1, 15),
                                   since=EVENING - timedelta(hours=9), text="claimed elsewhere"))
        db.session.commit()
        assert notices.notice_new_signs() == 0
        assert db.session.scalar(select(func.count()).select_from(WarningSign)) == 1


def test_a_notice_the_worker_was_too_late_for_is_not_sent_a_day_on(app, world, flags, time_machine):
    flags[world["casey"]] = [flag()]
    with app.app_context():
        time_machine.move_to(EVENING, tick=False)
        notices.notice_new_signs()
        flags[world["casey"]] = []
        notices.tell_waiting_members(EVENING + timedelta(days=1))
        assert told(world["sam"]) == []


def test_the_client_is_told_who_was_told_by_the_names_on_her_cards_and_what_was_noticed(
        app, world, flags, time_machine):
    flags[world["casey"]] = [flag()]
    with app.app_context():
        db.session.get(User, world["jo"]).quiet_start = ""  # no quiet hours: both told at once
        db.session.commit()
        run_worker(time_machine, EVENING)
        assert told(world["casey"]) == [f"We let Jo and Sam know you might like a call. What we noticed: {SECRET}"]
        notice = db.session.scalar(select(Notification).where(Notification.user_id == world["casey"]))
        assert (notice.kind, notice.link) == ("warning_told", "/network/early-warning")


def test_each_client_is_told_only_of_her_own_and_members_only_of_their_client(app, world, flags, time_machine):
    flags[world["casey"]] = [flag()]
    flags[world["oli"]] = [flag(kind="slip", text="OLI-FLAG")]
    with app.app_context():
        run_worker(time_machine, EVENING)
        assert told(world["ola"]) == ["Oli Other might like a call today. A short, warm check-in helps."]
        assert told(world["sam"]) == ["Casey Client might like a call today. A short, warm check-in helps."]
        assert told(world["oli"]) == ["We let Ola know you might like a call. What we noticed: OLI-FLAG"]
        assert "OLI-FLAG" not in " ".join(told(world["casey"]))


def test_the_flags_of_every_client_are_read_in_one_call_and_only_for_clients_who_chose_someone(
        app, world, flags, time_machine):
    with app.app_context():
        run_worker(time_machine, EVENING)
        assert flags["calls"] == [[world["casey"], world["oli"]]]  # the ids of both, together
        flags["calls"].clear()
        db.session.get(Contact, world["sam_card"]).grants = []
        db.session.get(Contact, world["jo_card"]).grants = []
        db.session.commit()
        run_worker(time_machine, EVENING + timedelta(minutes=5))
        assert flags["calls"] == [[world["oli"]]]


def test_the_worker_runs_early_warning_on_each_pass_looking_for_new_flags_about_once_a_minute(
        app, world, flags, time_machine, monkeypatch):
    monkeypatch.setattr(notices, "_last_look", float("-inf"))
    flags[world["casey"]] = [flag()]
    with app.app_context():
        time_machine.move_to(EVENING, tick=False)
        assert EACH_PASS["early_warning"] is notices.each_pass
        EACH_PASS["early_warning"](EVENING)
        EACH_PASS["early_warning"](EVENING)
        assert len(told(world["sam"])) == 1 and len(flags["calls"]) == 1


def test_the_sharing_card_says_plainly_what_early_warning_gives_a_member(client, auth, world):
    auth.login()
    page = client.get(f"/network/{world['sam_card']}").get_data(as_text=True)
    assert "they get a short prompt to check in with you" in page
    assert "They never see what you logged or why." in page
    assert 'href="/network/early-warning"' in page


def test_the_client_sees_who_gets_a_prompt_who_was_told_and_why(app, client, auth, world, flags, time_machine):
    flags[world["casey"]] = [flag()]
    with app.app_context():
        run_worker(time_machine, EVENING)  # Sam is told; Jo waits for her quiet hours
    auth.login()
    page = client.get("/network/early-warning").get_data(as_text=True)
    assert f'href="/network/{world["sam_card"]}">Sam</a>' in page
    assert f'href="/network/{world["jo_card"]}">Jo</a>' in page
    assert SECRET in page
    assert "We let Sam know you might like a call." in page
    assert "Jo will get the prompt when their quiet hours end." in page
    assert "Noa" not in page and "Rex" not in page and "OLI" not in page


def test_a_member_sees_nothing_of_a_clients_signs_on_their_own_early_warning_page(
        app, client, world, flags, time_machine):
    flags[world["casey"]] = [flag()]
    with app.app_context():
        run_worker(time_machine, EVENING)
    sign_in_as(client, "sam@example.org")
    page = client.get("/network/early-warning").get_data(as_text=True)
    assert SECRET not in page and "Nobody has been told anything yet." in page


def _export(client, email):
    import io
    import zipfile
    sign_in_as(client, email)
    response = client.post("/settings/data/download")
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        return json.loads(archive.read("data.json")), archive.read("early_warnings.csv").decode("utf-8-sig")


def test_the_clients_export_holds_her_signs_with_who_was_told_and_who_waits(app, client, world, flags, time_machine):
    flags[world["casey"]] = [flag()]
    with app.app_context():
        run_worker(time_machine, EVENING)
    data, csv = _export(client, "casey@example.org")
    [sign] = data["early_warnings"]
    assert (sign["day"], sign["kind"], sign["text"], sign["told"], sign["waiting"]) == (
        "2026-01-15", "craving", SECRET, ["Sam"], ["Jo"])
    assert SECRET in csv


def test_a_members_export_holds_nothing_of_the_signs_they_were_told_about(app, client, world, flags, time_machine):
    flags[world["casey"]] = [flag()]
    with app.app_context():
        run_worker(time_machine, EVENING)
    data, csv = _export(client, "sam@example.org")
    assert data["early_warnings"] == [] and SECRET not in json.dumps(data) and SECRET not in csv


def test_deleting_the_client_takes_her_signs_and_the_prompts_members_got(app, client, auth, world, flags, time_machine):
    flags[world["casey"]] = [flag()]
    with app.app_context():
        run_worker(time_machine, EVENING)
    from tests.helpers import PASSWORD
    auth.login()
    assert client.post("/settings/delete", data={"password": PASSWORD}).status_code == 303
    with app.app_context():
        assert db.session.scalars(select(WarningSign)).all() == []
        assert db.session.scalars(select(WarningNotice)).all() == []
        assert told(world["sam"]) == [] and pushes(world["sam"]) == []


def test_deleting_a_member_takes_their_prompts_off_the_clients_list(app, client, world, flags, time_machine):
    flags[world["casey"]] = [flag()]
    with app.app_context():
        run_worker(time_machine, EVENING)
    from tests.helpers import PASSWORD
    sign_in_as(client, "jo@example.org")
    assert client.post("/settings/delete", data={"password": PASSWORD}).status_code == 303
    with app.app_context():
        assert [n.member_id for n in db.session.scalars(select(WarningNotice))] == [world["sam"]]


def test_signs_older_than_a_year_are_pruned_with_their_notices(app, world, flags, time_machine):
    from recoverynet.retention import prune_old_rows
    flags[world["casey"]] = [flag()]
    with app.app_context():
        run_worker(time_machine, EVENING)
        year_on = datetime(2027, 1, 15, 20, 0, tzinfo=timezone.utc)
        assert prune_old_rows(year_on - timedelta(days=1))["early-warning signs"] == 0
        counts = prune_old_rows(year_on)
        assert (counts["early-warning notices"], counts["early-warning signs"]) == (2, 1)
        assert db.session.scalars(select(WarningSign)).all() == []


def _many_signs(app, world, days, kind="craving"):
    """`days` days of signs for Casey, each told to Sam and waiting for Jo, one a member since removed."""
    with app.app_context():
        for n in range(days):
            sign = WarningSign(client_id=world["casey"], kind=kind, day=date(2026, 1, 15) - timedelta(days=n),
                               since=EVENING - timedelta(days=n), text=f"Sign {n}")
            db.session.add(sign)
            db.session.flush()
            db.session.add_all([WarningNotice(sign_id=sign.id, member_id=world["sam"], send_at=EVENING,
                                              told_at=EVENING),
                                WarningNotice(sign_id=sign.id, member_id=world["jo"], send_at=EVENING),
                                WarningNotice(sign_id=sign.id, member_id=world["rex"], send_at=EVENING,
                                              told_at=EVENING)])
        db.session.commit()


def test_the_early_warning_page_runs_at_most_five_queries_however_many_signs(app, client, world):
    from tests.helpers import counted_queries
    sign_in_as(client, "casey@example.org")
    _many_signs(app, world, 3)
    with counted_queries(app) as few:
        assert "Sign 2" in client.get("/network/early-warning").get_data(as_text=True)
    _many_signs(app, world, 40, kind="low_mood")
    with counted_queries(app) as many:
        page = client.get("/network/early-warning").get_data(as_text=True)
    assert "Rex Removed" in page  # a member since removed is named by their own name
    assert len(many) == len(few) <= 5, "\n\n".join(many)


def test_the_early_warning_page_shows_the_20_newest_signs_and_a_link_to_earlier_ones(app, client, world):
    sign_in_as(client, "casey@example.org")
    _many_signs(app, world, 25)
    page = client.get("/network/early-warning").get_data(as_text=True)
    assert "Sign 0" in page and "Sign 19" in page and "Sign 20" not in page
    assert 'href="/network/early-warning?page=2"' in page


def test_the_next_page_of_signs_goes_on_from_the_21st_and_the_last_page_ends(app, client, world):
    sign_in_as(client, "casey@example.org")
    _many_signs(app, world, 25)
    page = client.get("/network/early-warning?page=2").get_data(as_text=True)
    assert "Sign 20" in page and "Sign 24" in page and "Sign 19" not in page
    assert "?page=3" not in page
    assert "Back to the newest" in page


def test_an_early_warning_page_past_the_end_is_a_calm_empty_page(app, client, world):
    sign_in_as(client, "casey@example.org")
    _many_signs(app, world, 2)
    response = client.get("/network/early-warning?page=99999999999999999999")
    assert response.status_code == 200 and "Nothing earlier." in response.get_data(as_text=True)


def test_real_flags_a_craving_twice_in_48_hours_prompts_the_chosen_members(app, world, time_machine):
    """End to end with part C's flags_for: two cravings of 9 this evening."""
    from tests.helpers import add_entries
    add_entries(app, world["casey"], 2, craving=9, mood=3)
    with app.app_context():
        run_worker(time_machine, EVENING)
        assert told(world["sam"]) == ["Casey Client might like a call today. A short, warm check-in helps."]
        [sign] = db.session.scalars(select(WarningSign)).all()
        assert (sign.kind, sign.day, sign.text) == ("craving", date(2026, 1, 15),
                                                    "Craving 8 or more 2 times within 48 hours")
        assert told(world["noa"]) == [] and told(world["ola"]) == []


def test_the_demo_client_has_a_sign_her_peer_coach_and_clinician_were_told_about(app, client, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    from recoverynet.demo import DEMO_EMAIL, DEMO_PASSWORD
    client.post("/login", data={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    page = client.get("/network/early-warning").get_data(as_text=True)
    assert "Mood 2 or lower on average, 3 days running" in page
    assert "We let Dr Riley, Sam know you might like a call." in page
