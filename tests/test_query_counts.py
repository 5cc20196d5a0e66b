"""Database queries per page for a signed-in person: a page that grows a query per row, or a
lookup per request that could be one, fails here before it shows up as a slow server.

Counted with a before_cursor_execute listener, so the figure is exact and not timed."""
import uuid
from datetime import timedelta

import pytest

from recoverynet.auth.models import User
from recoverynet.checkins.models import ActionItem, Checkin
from recoverynet.crisis.models import Callee, CrisisPlan
from recoverynet.extensions import db
from recoverynet.log.models import CustomTrigger, Entry, EntryTrigger
from recoverynet.meetings.models import Meeting
from recoverynet.needs.models import Need, NeedStatus
from recoverynet.network.models import SCOPES, Contact, Grant, ViewRecord
from recoverynet.notifications.models import Notification
from recoverynet.rewards.models import Encouragement, Reward
from recoverynet.sobriety.models import Slip
from recoverynet.timeutil import local_today, utcnow
from tests.helpers import counted_queries, make_user
from tests.network_world import add_member, sign_in_as

MOST_QUERIES = 5


@pytest.fixture
def busy_client(app, people):
    """Casey, a month in: entries with triggers, a custom trigger, a crisis plan, meetings, a
    network of three members (one sees every scope) and two people without accounts, rewards
    and encouragement, and unread notifications. Returns the member who sees everything."""
    casey = people["client"]
    sam, _ = add_member(app, casey, "sam@example.org", "Sam", scopes=tuple(SCOPES), relationship="peer coach")
    jordan, _ = add_member(app, casey, "jordan@example.org", "Jordan", scopes=("sober_days", "crisis_alerts"))
    riley, _ = add_member(app, casey, "riley@example.org", "Riley", scopes=("mood_summary",),
                          relationship="clinician")
    with app.app_context():
        now = utcnow()
        today = local_today("Europe/London")
        db.session.get(User, casey).sober_since = today - timedelta(days=40)
        db.session.add(CustomTrigger(user_id=casey, label="night shift"))
        for n in range(45):
            entry = Entry(user_id=casey, device_id=str(uuid.UUID(int=n + 1)), mood=1 + n % 5, craving=n % 11,
                          logged_at=now - timedelta(hours=13 * n), situation="Long shift" if n % 3 == 0 else "",
                          coping="A walk" if n % 4 == 0 else "")
            entry.triggers = [EntryTrigger(label=label) for label in ("tired", "stress", "night shift")[:n % 4]]
            db.session.add(entry)
        db.session.add_all([Contact(client_id=casey, name="Kim", relationship="sibling"),
                            Contact(client_id=casey, name="Lee", relationship="friend", label="risky")])
        plan = CrisisPlan(user_id=casey, warning_signs="Not sleeping", coping_alone="Cold water",
                          uses_opioids=True, naloxone_who="Jordan", naloxone_where="Kitchen drawer")
        plan.callees = [Callee(position=0, name="Jordan", daytime_phone="07700 900111"),
                        Callee(position=1, name="Sam", daytime_phone="07700 900333", out_of_hours_phone="07700 900444"),
                        Callee(position=2, professional=True, name="Community team", daytime_phone="01632 960000")]
        db.session.add(plan)
        db.session.add_all(Meeting(client_id=casey, attended_on=today - timedelta(days=d), kind="na")
                           for d in (1, 4, 8, 11))
        db.session.add_all([
            Reward(client_id=casey, giver_id=sam, title="Cinema", kind="outing", milestone_kind="meetings",
                   milestone_target=8),
            Reward(client_id=casey, giver_id=jordan, title="Dinner", kind="meal", milestone_kind="sober_days",
                   milestone_target=60),
            Reward(client_id=casey, giver_id=jordan, title="Seaside", kind="time_together", status="redeemed",
                   milestone_kind="sober_days", milestone_target=30, unlocked_at=now - timedelta(days=10),
                   redeemed_at=now - timedelta(days=5), thanks="Thank you", thanked_at=now - timedelta(days=5)),
            Reward(client_id=casey, giver_id=riley, title="A book", kind="gift", status="unlocked",
                   unlocked_at=now),
            Encouragement(client_id=casey, sender_id=sam, text="One day at a time."),
            Encouragement(client_id=casey, sender_id=jordan, text="Proud of you."),
            Notification(user_id=casey, kind="encouragement", text="Sam: One day at a time.", link="/rewards"),
            Notification(user_id=casey, kind="encouragement", text="Jordan: Proud of you.", link="/rewards"),
        ])
        db.session.commit()
    return sam


CLIENT_PAGES = ["/", "/log", "/log?page=2", "/crisis", "/rewards", "/network", "/settings"]
# Pages allowed more than the five, each with its reason: none now. (Home's blocks from issues
# 9 and 11 come with the session's lookup, or only when it found rows: see the tests below.)
MORE_ON: dict[str, int] = {}


@pytest.mark.parametrize("path", CLIENT_PAGES)
def test_a_client_page_runs_at_most_five_queries(app, client, people, busy_client, path):
    sign_in_as(client, "casey@example.org")
    with counted_queries(app) as statements:
        response = client.get(path)
    assert response.status_code == 200
    most = MOST_QUERIES + MORE_ON.get(path, 0)
    assert len(statements) <= most, f"{len(statements)} queries:\n" + "\n\n".join(statements)


@pytest.fixture
def full_home(app, people, busy_client):
    """Casey's Home with every block shown: beside busy_client's entries, own trigger and
    encouragement, three open needs (and a sorted one), action items she owns on her own check-in
    and on Oli's (she is in Oli's network with the check-ins scope), and a slip last week nobody
    has looked back at."""
    casey, oli = people["client"], people["other_client"]
    with app.app_context():
        today = local_today("Europe/London")
        card = Contact(client_id=oli, name="Casey", relationship="friend", member_id=casey, joined_at=utcnow())
        card.grants = [Grant(scope="checkins")]
        db.session.add(card)
        db.session.add_all([Need(client_id=casey, area="housing", title="A flat near work"),
                            Need(client_id=casey, area="money", title="Benefits form", next_step="Call them"),
                            Need(client_id=casey, area="work", title="Training course"),
                            Need(client_id=casey, area="legal", title="Court letter", status=NeedStatus.SORTED)])
        for client_id, what in ((casey, "Book the dentist"), (oli, "Lift to Oli's meeting")):
            checkin = Checkin(client_id=client_id, held_on=today - timedelta(days=2))
            db.session.add(checkin)
            db.session.flush()
            db.session.add(ActionItem(client_id=client_id, checkin_id=checkin.id, what=what, owner_id=casey,
                                      due_on=today + timedelta(days=3)))
        db.session.add(Slip(user_id=casey, happened_on=today - timedelta(days=6)))
        db.session.commit()


def test_home_with_every_block_shown_runs_at_most_five_queries(app, client, full_home):
    sign_in_as(client, "casey@example.org")
    with counted_queries(app) as statements:
        page = client.get("/").get_data(as_text=True)
    for shown in ("A flat near work", "Book the dentist", "Lift to Oli", "look back at", "Proud of you.",
                  "night shift", "Oli Other", "Recently"):
        assert shown in page
    assert len(statements) <= MOST_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


def test_home_of_a_new_client_runs_at_most_five_queries(app, client, people):
    sign_in_as(client, "casey@example.org")
    with counted_queries(app) as statements:
        response = client.get("/")
    assert response.status_code == 200
    assert len(statements) <= MOST_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


def test_a_members_home_with_action_items_runs_at_most_five_queries(app, client, people, busy_client):
    with app.app_context():
        checkin = Checkin(client_id=people["client"], held_on=local_today("Europe/London"))
        db.session.add(checkin)
        db.session.flush()
        db.session.add(ActionItem(client_id=people["client"], checkin_id=checkin.id, what="Call the GP",
                                  owner_id=busy_client))
        db.session.commit()
    sign_in_as(client, "sam@example.org")
    with counted_queries(app) as statements:
        page = client.get("/").get_data(as_text=True)
    assert "Call the GP" in page and "Casey Client" in page
    assert len(statements) <= MOST_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


# The member's page also shows the relapse-prevention plan (issue 11): one query more, for the plan
# with its actions, however long the history.
MEMBER_VIEW_QUERIES = MOST_QUERIES + 1


def test_the_member_view_runs_at_most_six_queries(app, client, people, busy_client):
    sign_in_as(client, "sam@example.org")
    with counted_queries(app) as statements:
        response = client.get(f"/support/{people['client']}")
    assert response.status_code == 200 and "Long shift" in response.get_data(as_text=True)
    assert len(statements) <= MEMBER_VIEW_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


def test_the_rewards_page_runs_at_most_five_queries_with_many_pledges(app, client, people, busy_client):
    """Each pledged or offered check-in and meetings reward shows its progress: all of them are
    counted in one statement, not one each."""
    with app.app_context():
        now = utcnow()
        db.session.add_all(Reward(client_id=people["client"], giver_id=busy_client, title=f"Pledge {n}",
                                  kind="other", milestone_kind=("checkins", "meetings")[n % 2],
                                  milestone_target=10 + n, status=("pledged", "offered")[n % 3 == 0],
                                  pledged_at=now - timedelta(days=n)) for n in range(8))
        db.session.commit()
    sign_in_as(client, "casey@example.org")
    with counted_queries(app) as statements:
        response = client.get("/rewards")
    assert response.status_code == 200 and "Pledge 7" in response.get_data(as_text=True)
    assert len(statements) <= MOST_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


def test_who_saw_what_runs_at_most_five_queries_with_members_since_removed(app, client, people, busy_client):
    """A member taken off the map has no card to name them: their names come with the records in
    one statement, not one lookup each."""
    with app.app_context():
        removed = [make_user(f"removed{n}@example.org", f"Removed {n}", is_client=False).id for n in range(4)]
        db.session.add_all(ViewRecord(client_id=people["client"], member_id=member, scope="sober_days",
                                      shown="40 days") for member in removed)
        db.session.commit()
    sign_in_as(client, "casey@example.org")
    with counted_queries(app) as statements:
        response = client.get("/network/views")
    assert response.status_code == 200 and "Removed 3" in response.get_data(as_text=True)
    assert len(statements) <= MOST_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


@pytest.fixture
def full_checkins(app, people, busy_client):
    """Casey's weekly check-in with everything shown: a plan (Thursdays, by video, with its
    reminder) that Sam takes part in, two earlier check-ins with notes (one private) and action
    items (one done, ticked by Sam; one open from two weeks ago, carried). Returns the day of
    last week's check-in."""
    from recoverynet.checkins.models import CheckinNote, CheckinParticipant, CheckinPlan
    from recoverynet.reminders.models import Reminder

    casey, sam = people["client"], busy_client
    with app.app_context():
        today = local_today("Europe/London")
        reminder = Reminder(user_id=casey, kind="weekly", weekday=3, times="18:30", lead_minutes=30)
        db.session.add(reminder)
        db.session.flush()
        db.session.add(CheckinPlan(client_id=casey, weekday=3, time="18:30", mode="video",
                                   place="https://meet.example.org/casey", reminder_id=reminder.id,
                                   participants=[CheckinParticipant(member_id=sam)]))
        older = Checkin(client_id=casey, held_on=today - timedelta(days=14))
        last = Checkin(client_id=casey, held_on=today - timedelta(days=7))
        db.session.add_all([older, last])
        db.session.flush()
        db.session.add_all([
            ActionItem(client_id=casey, checkin_id=older.id, what="Carried: call the housing office", owner_id=casey),
            ActionItem(client_id=casey, checkin_id=last.id, what="Lift to the clinic", owner_id=sam,
                       due_on=today + timedelta(days=2), created_by_id=casey),
            ActionItem(client_id=casey, checkin_id=last.id, what="Pick up the prescription", owner_id=casey,
                       done_at=utcnow(), ticked_by_id=sam, ticked_at=utcnow()),
            CheckinNote(checkin_id=last.id, section="wellbeing", author_id=casey, text="Sleeping better"),
            CheckinNote(checkin_id=last.id, section="risks", author_id=casey, text="Payday worries", private=True),
            CheckinNote(checkin_id=last.id, section="wins", author_id=sam, text="Ten meetings in a row"),
        ])
        db.session.commit()
        return last.held_on


def _checkin_page(app, client, email, path, shown):
    sign_in_as(client, email)
    with counted_queries(app) as statements:
        response = client.get(path)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for text in shown:
        assert text in page, text
    return statements


def test_the_weekly_check_in_runs_at_most_five_queries_for_its_client(app, client, people, full_checkins):
    statements = _checkin_page(app, client, "casey@example.org", "/checkins",
                               ("Join the video call", "Taking part: Sam", full_checkins.strftime("%-d %B")))
    assert len(statements) <= MOST_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


def test_the_weekly_check_in_runs_at_most_six_queries_for_a_member(app, client, people, full_checkins):
    statements = _checkin_page(app, client, "sam@example.org", f"/checkins/{people['client']}",
                               ("Join the video call", "Taking part: Sam", full_checkins.strftime("%-d %B")))
    assert len(statements) <= MEMBER_VIEW_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


AGENDA_SHOWS = ("Carried: call the housing office", "Lift to the clinic", "Done, ticked by Sam", "Sleeping better",
                "Ten meetings in a row", "Join the video call")


def test_a_check_ins_agenda_runs_at_most_five_queries_for_its_client(app, client, people, full_checkins):
    statements = _checkin_page(app, client, "casey@example.org", f"/checkins/{people['client']}/{full_checkins}",
                               AGENDA_SHOWS + ("Payday worries", 'value="' + str(people["client"])))
    assert len(statements) <= MOST_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


def test_a_check_ins_agenda_runs_at_most_six_queries_for_a_member(app, client, people, full_checkins):
    statements = _checkin_page(app, client, "sam@example.org", f"/checkins/{people['client']}/{full_checkins}",
                               AGENDA_SHOWS + ("Add the action item",))
    assert len(statements) <= MEMBER_VIEW_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


def test_scheduling_the_weekly_check_in_runs_at_most_five_queries(app, client, people, full_checkins):
    statements = _checkin_page(app, client, "casey@example.org", "/checkins/schedule",
                               ('value="https://meet.example.org/casey"', "checked> Sam", 'value="30" selected'))
    assert len(statements) <= MOST_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


@pytest.fixture
def full_plan_needs_insights(app, people, busy_client):
    """Beside busy_client: entries whose coping stayed on track, a slip looked back at with what
    could break the chain, a relapse-prevention plan with two actions (Sam helps with one), and
    practical needs: two open ones with helpers, one changed by Sam, and twelve sorted ones (more
    than a page lists)."""
    from recoverynet.analysis.models import Analysis
    from recoverynet.needs.models import NeedHelper
    from recoverynet.prevention.models import PreventionAction, PreventionPlan

    casey, sam = people["client"], busy_client
    with app.app_context():
        now, today = utcnow(), local_today("Europe/London")
        for n, entry in enumerate(db.session.scalars(Entry.__table__.select().where(Entry.user_id == casey)
                                                     .with_only_columns(Entry.id)).all()):
            if n % 2 == 0:
                db.session.get(Entry, entry).outcome = "on_track" if n % 4 == 0 else "slipped"
        db.session.add(Analysis(client_id=casey, looked_at=today - timedelta(days=3),
                                break_chain="Ring Sam before payday\nLeave the card at home"))
        sam_card = db.session.scalar(Contact.__table__.select().where(Contact.member_id == sam)
                                     .with_only_columns(Contact.id))
        db.session.add(PreventionPlan(user_id=casey, triggers="Payday", warning_signs="Not sleeping",
                                      actions=[PreventionAction(position=0, action="Ring Sam", helper_name="Sam",
                                                                contact_id=sam_card),
                                               PreventionAction(position=1, action="Go to a meeting")]))
        db.session.add_all([Need(client_id=casey, area="housing", title="A flat near work", next_step="Call them",
                                 updated_by_id=sam, helpers=[NeedHelper(contact_id=sam_card)]),
                            Need(client_id=casey, area="money", title="Benefits form", status=NeedStatus.IN_PROGRESS)])
        db.session.add_all(Need(client_id=casey, area="work", title=f"Sorted {n}", status=NeedStatus.SORTED,
                                updated_at=now - timedelta(days=n)) for n in range(12))
        db.session.commit()
    return sam


def _page_statements(app, client, email: str, path: str, shown: tuple[str, ...]) -> list[str]:
    sign_in_as(client, email)
    with counted_queries(app) as statements:
        response = client.get(path)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for words in shown:
        assert words in page, words
    return statements


def test_the_relapse_prevention_plan_with_every_suggestion_runs_at_most_five_queries(
        app, client, full_plan_needs_insights):
    statements = _page_statements(app, client, "casey@example.org", "/plan/prevention", (
        "Go to a meeting", "Sam</option>", "Not looked over yet", "logged 1", "stayed on track", "A walk",
        "Leave the card at home", "hard moments"))
    assert len(statements) <= MOST_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


def test_practical_needs_with_open_and_sorted_ones_run_at_most_five_queries(app, client, full_plan_needs_insights):
    statements = _page_statements(app, client, "casey@example.org", "/needs", (
        "A flat near work", "Benefits form", "Last changed by Sam on", "Sorted 9", "Show every sorted need",
        "1 member of your network sees this page"))
    assert len(statements) <= MOST_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


def test_a_members_view_of_practical_needs_runs_at_most_six_queries(app, client, people, full_plan_needs_insights):
    statements = _page_statements(app, client, "sam@example.org", f"/support/{people['client']}/needs", (
        "A flat near work", "Benefits form", "Update</a>", "Sorted 9", "Show every sorted need"))
    assert len(statements) <= MOST_QUERIES + 1, f"{len(statements)} queries:\n" + "\n\n".join(statements)


@pytest.mark.parametrize("days", [30, 365])
def test_insights_with_every_chart_run_at_most_five_queries(app, client, full_plan_needs_insights, days):
    statements = _page_statements(app, client, "casey@example.org", f"/insights?days={days}", (
        "night shift", "A walk", "<svg"))
    assert len(statements) <= MOST_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


def test_a_members_insights_with_both_charts_run_at_most_six_queries(app, client, people, full_plan_needs_insights):
    statements = _page_statements(app, client, "sam@example.org", f"/support/{people['client']}/insights?days=90", (
        "<svg", "Triggers by", "Mood"))
    assert len(statements) <= MOST_QUERIES + 1, f"{len(statements)} queries:\n" + "\n\n".join(statements)


def test_the_member_view_with_every_part_shown_runs_at_most_six_queries(app, client, people, busy_client):
    """Sam sees every scope: beside busy_client's days, moods, triggers, check-in counts and the
    reward Sam gave, a relapse-prevention plan with its actions and three times Casey asked Sam
    to look back with her (one written, one closed, one waiting)."""
    from datetime import date

    from recoverynet.analysis.models import Analysis, Perspective
    from recoverynet.prevention.models import PreventionAction, PreventionPlan

    casey, sam = people["client"], busy_client
    with app.app_context():
        db.session.add(PreventionPlan(user_id=casey, triggers="Payday evenings", actions=[
            PreventionAction(position=0, action="Ring Sam before payday", helper_name="Sam")]))
        for day, written, closed in ((date(2026, 1, 3), True, False), (date(2026, 1, 10), False, True),
                                     (date(2026, 1, 17), False, False)):
            analysis = Analysis(client_id=casey, looked_at=day, closed_at=utcnow() if closed else None)
            db.session.add(analysis)
            db.session.flush()
            db.session.add(Perspective(analysis_id=analysis.id, member_id=sam,
                                       written_at=utcnow() if written else None))
        db.session.commit()
    sign_in_as(client, "sam@example.org")
    with counted_queries(app) as statements:
        response = client.get(f"/support/{casey}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for shown in ("Long shift", "Ring Sam before payday", "Looking back at January 3, 2026",
                  "You added your view", "Closed", "Your view is welcome", "Cinema", "Practical needs"):
        assert shown in page, shown
    assert len(statements) <= MEMBER_VIEW_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


def test_home_with_the_starter_plan_half_done_runs_at_most_five_queries(app, client, full_home):
    """Every block of full_home and the starter plan (Casey's account is new), whose steps tick
    from facts the session's lookup brings: a map, a crisis plan, meetings, needs, a check-in."""
    sign_in_as(client, "casey@example.org")
    with counted_queries(app) as statements:
        page = client.get("/").get_data(as_text=True)
    assert "Your first month" in page and 'class="step done"' in page and 'class="step"' in page
    assert len(statements) <= MOST_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


def test_the_network_page_with_its_checklist_runs_at_most_five_queries(app, client, full_home):
    sign_in_as(client, "casey@example.org")
    with counted_queries(app) as statements:
        page = client.get("/network").get_data(as_text=True)
    assert "A basic working network" in page and 'class="step done"' in page
    assert len(statements) <= MOST_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


@pytest.fixture
def full_review(app, people, busy_client, full_checkins):
    """Casey's monthly review with everything shown: the check-ins above (Sam owns an open item), a
    schedule Sam is asked to, two earlier reviews Sam took part in (each with a private note), the
    crisis plan and the relapse-prevention plan each looked over, and an open need Sam helps with.
    Returns the newest review's id."""
    from sqlalchemy import select

    from recoverynet.needs.models import NeedHelper
    from recoverynet.prevention.models import PreventionPlan
    from recoverynet.review.models import MonthlyReview, ReviewAttendee, ReviewParticipant, ReviewPlan

    casey, sam = people["client"], busy_client
    with app.app_context():
        today = local_today("Europe/London")
        sam_card = db.session.scalar(select(Contact.id).where(Contact.client_id == casey, Contact.member_id == sam))
        db.session.get(User, casey).timezone = "Europe/London"
        db.session.scalar(select(CrisisPlan).where(CrisisPlan.user_id == casey)).reviewed_at = utcnow()
        db.session.add_all([
            PreventionPlan(user_id=casey, triggers="Payday", reviewed_at=utcnow()),
            Need(client_id=casey, area="housing", title="Find a flat", helpers=[NeedHelper(contact_id=sam_card)]),
            ReviewPlan(client_id=casey, day_of_month=20, time="18:00", participants=[ReviewParticipant(member_id=sam)])])
        reviews = [MonthlyReview(client_id=casey, held_on=today - timedelta(days=days), goals=f"Goal {days}",
                                 private_note="Only mine", attendees=[ReviewAttendee(member_id=sam)])
                   for days in (31, 3)]
        db.session.add_all(reviews)
        db.session.commit()
        return reviews[-1].id


REVIEW_SHOWS = ("Next review:", "Find a flat", "1 open action item · helps with 1 open need", "Last looked over on",
                "The crisis plan was last marked reviewed on", 'checked> Sam')


def test_the_monthly_review_runs_at_most_five_queries_for_its_client(app, client, people, full_review):
    statements = _checkin_page(app, client, "casey@example.org", "/review", REVIEW_SHOWS)
    assert len(statements) <= MOST_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


def test_scheduling_the_monthly_review_runs_at_most_five_queries(app, client, people, full_review):
    statements = _checkin_page(app, client, "casey@example.org", "/review/schedule",
                               ('value="20" selected', 'value="18:00"', "checked> Sam"))
    assert len(statements) <= MOST_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


def test_a_past_monthly_review_runs_at_most_five_queries_for_its_client(app, client, people, full_review):
    statements = _checkin_page(app, client, "casey@example.org", f"/review/{people['client']}/{full_review}",
                               ("Goal 3", "Only mine", "Taking part: Casey Client, Sam"))
    assert len(statements) <= MOST_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


def test_the_monthly_review_runs_at_most_six_queries_for_a_member(app, client, people, full_review):
    statements = _checkin_page(app, client, "sam@example.org", f"/review/{people['client']}",
                               ("Next review:", "You are asked to take part"))
    assert len(statements) <= MEMBER_VIEW_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


def test_a_past_monthly_review_runs_at_most_six_queries_for_a_member(app, client, people, full_review):
    statements = _checkin_page(app, client, "sam@example.org", f"/review/{people['client']}/{full_review}",
                               ("Goal 3", "Taking part: Casey Client, Sam"))
    assert "Only mine" not in client.get(f"/review/{people['client']}/{full_review}").get_data(as_text=True)
    assert len(statements) <= MEMBER_VIEW_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


@pytest.fixture
def full_medication(app, people, busy_client):
    """Casey takes two medicines (one three times a day) and answered nearly every dose of the last
    60 days; today's first dose (just after midnight) is waiting on Home."""
    from recoverynet.medication.models import MedicationAnswer
    from recoverynet.reminders.models import Reminder

    casey = people["client"]
    with app.app_context():
        today = local_today("Europe/London")
        made = utcnow() - timedelta(days=90)
        pills = [Reminder(user_id=casey, kind="medication", title="Morning pill", times="00:01", created_at=made),
                 Reminder(user_id=casey, kind="medication", title="Tablets", times="09:00,14:00,21:00",
                          created_at=made)]
        db.session.add_all(pills)
        db.session.flush()
        db.session.add_all(MedicationAnswer(user_id=casey, reminder_id=pill.id, day=today - timedelta(days=back),
                                            slot=slot, answer="taken" if back % 5 else "not_today")
                           for pill in pills for slot in pill.time_list for back in range(1, 61))
        db.session.commit()


def test_the_medication_page_with_two_months_of_answers_runs_at_most_five_queries(app, client, full_medication):
    statements = _page_statements(app, client, "casey@example.org", "/medication", (
        "Morning pill", "Tablets", "Not today", "doses taken", "Earlier"))
    assert len(statements) <= MOST_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


def test_home_with_every_block_and_a_dose_waiting_runs_at_most_five_queries(app, client, full_home, full_medication):
    statements = _page_statements(app, client, "casey@example.org", "/", (
        "Medication today", "Morning pill", "A flat near work", "Book the dentist", "Recently"))
    assert len(statements) <= MOST_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


def test_the_member_view_with_adherence_runs_at_most_six_queries(app, client, people, full_medication):
    statements = _page_statements(app, client, "sam@example.org", f"/support/{people['client']}", (
        "Long shift", "doses taken", "Last 30 days"))
    assert len(statements) <= MEMBER_VIEW_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


@pytest.fixture
def full_progress(app, people, busy_client, full_medication):
    """Casey's year: beside the busy month and two months of doses, a BARC-10 and an MSPSS every
    month, a confirmed calendar with a use day, a slip, and a signed crisis plan."""
    from sqlalchemy import select

    from recoverynet.measures.models import CalendarMonth, Questionnaire, UseDay

    casey = people["client"]
    with app.app_context():
        today = local_today("Europe/London")
        user = db.session.get(User, casey)
        user.created_at = utcnow() - timedelta(days=400)
        db.session.scalar(select(CrisisPlan).where(CrisisPlan.user_id == casey)).reviewed_at = utcnow()
        for back in range(12):
            day = today - timedelta(days=30 * back)
            db.session.add_all([Questionnaire(client_id=casey, instrument="barc10", taken_on=day, score=40 + back,
                                              answered=10),
                                Questionnaire(client_id=casey, instrument="mspss", taken_on=day, score=5.5, answered=12),
                                Meeting(client_id=casey, attended_on=day - timedelta(days=1), kind="smart")])
        this_month = today.replace(day=1)
        db.session.add_all([CalendarMonth(client_id=casey, month=this_month),
                            CalendarMonth(client_id=casey, month=(this_month - timedelta(days=1)).replace(day=1)),
                            UseDay(client_id=casey, day=today - timedelta(days=3)),
                            Slip(user_id=casey, happened_on=today - timedelta(days=3))])
        db.session.commit()


PROGRESS_SHOWS = ("Network check-ins held", "Medication doses taken", "Recovery capital (BARC-10)",
                  "Support you feel (MSPSS)", "as confirmed on the calendar", "Up to date")


def test_the_progress_page_with_a_year_of_everything_runs_at_most_five_queries(app, client, people, full_progress):
    statements = _page_statements(app, client, "casey@example.org", "/progress", PROGRESS_SHOWS)
    assert len(statements) <= MOST_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


def test_a_members_view_of_the_progress_runs_at_most_six_queries(app, client, people, full_progress):
    statements = _page_statements(app, client, "sam@example.org", f"/support/{people['client']}/progress",
                                  PROGRESS_SHOWS)
    assert len(statements) <= MEMBER_VIEW_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)


def test_the_monthly_review_with_this_months_measures_runs_at_most_five_queries(app, client, people, full_review,
                                                                                 full_progress):
    statements = _checkin_page(app, client, "casey@example.org", "/review",
                               REVIEW_SHOWS + ("This month's measures", "Recovery capital (BARC-10)"))
    assert len(statements) <= MOST_QUERIES, f"{len(statements)} queries:\n" + "\n\n".join(statements)
