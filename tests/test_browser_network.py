"""The network on two phones, in the real Chromium: the client's map, invites, sharing, rewards.

Two people, each on their own phone (a browser context of their own, with their own cookies):
Casey, the client, and the person she invites. Set-up that isn't the behaviour under test goes
straight into the database (the live server runs the same app); everything a test is about is
done by tapping, as a thumb would. The layout tour saves screenshots
(tests/screenshots/network-<page>-<size>-<scheme>.png) for a person to look at.
"""
import os
import re
from datetime import timedelta
from urllib.parse import quote
from uuid import uuid4

import pytest
from playwright.sync_api import expect

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.log.models import Entry, EntryTrigger
from recoverynet.meetings.models import Meeting
from recoverynet.network.invites import create_invite
from recoverynet.network.models import SCOPES, Contact, ViewRecord
from recoverynet.notifications.notify import notify
from recoverynet.rewards.models import Encouragement, Reward
from recoverynet.rewards.unlock import unlock_all_due_rewards
from recoverynet.timeutil import local_today, utcnow
from tests.helpers import PASSWORD, PHONES, SCREENSHOTS, axe_violations, confirmation_path, queued_emails, urlpath
from tests.network_world import add_member

pytestmark = pytest.mark.browser

CASEY = "casey@example.org"
ALEX = "alex@example.org"
TZ = "Europe/London"


# ---- Phones, people and the world around Casey ----

@pytest.fixture
def phones(browser, live_server):
    """Opens a fresh phone (its own browser context): phones(email=None, size=..., **options).

    With an email, that person is signed in, by one request from the phone's own cookie jar
    carrying the Origin a browser form sends (signing in is not what these tests are about).
    No service worker: nothing here is about going offline, and its precaching only slows
    every fresh phone down."""
    contexts = []

    def open_phone(email=None, size="390x844", **options):
        context = browser.new_context(viewport=PHONES[size], is_mobile=True, has_touch=True,
                                      base_url=live_server, timezone_id=TZ, locale="en-GB",
                                      service_workers="block", **options)
        context.set_default_timeout(5000)
        contexts.append(context)
        page = context.new_page()
        if email:
            response = page.request.post("/login", form={"email": email, "password": PASSWORD},
                                         headers={"Origin": live_server}, max_redirects=0)
            assert response.status == 303, response.text()
        return page

    yield open_phone
    for context in contexts:
        context.close()


def set_sober_days(app, user_id, days):
    """Set the client's sober date so that today's count is `days`."""
    with app.app_context():
        user = db.session.get(User, user_id)
        user.sober_since = local_today(user.timezone) - timedelta(days=days)
        db.session.commit()


def add_card(app, client_id, name, **fields):
    """A card on the client's map for someone without an account; returns its id."""
    with app.app_context():
        contact = Contact(client_id=client_id, name=name, **fields)
        db.session.add(contact)
        db.session.commit()
        return contact.id


def add_reward(app, client_id, giver_id, title="Dinner", target=30, **fields):
    with app.app_context():
        reward = Reward(client_id=client_id, giver_id=giver_id, title=title, kind="meal",
                        milestone_kind="sober_days", milestone_target=target, **fields)
        db.session.add(reward)
        db.session.commit()
        return reward.id


def add_entries(app, user_id):
    """Two weeks of check-ins, a few with triggers and what happened."""
    with app.app_context():
        now = utcnow()
        for n in range(12):
            entry = Entry(user_id=user_id, device_id=str(uuid4()), mood=n % 5 + 1, craving=(n * 3) % 11,
                          logged_at=now - timedelta(days=n, hours=2))
            if n % 3 == 0:
                entry.triggers = [EntryTrigger(label=label) for label in (["lonely", "payday"] if n else ["tired"])]
                entry.situation = "Friday evening after work, walked past the pub"
                entry.coping = "Rang my sponsor and went for a walk"
                entry.outcome = "on_track"
            db.session.add(entry)
        db.session.add_all([Meeting(client_id=user_id, attended_on=local_today(TZ) - timedelta(days=d), kind=k)
                            for d, k in ((1, "aa"), (6, "smart"))])
        db.session.commit()


@pytest.fixture
def alex(app, people):
    """Alex, Casey's partner, already a member who sees nothing yet: (user id, card id)."""
    return add_member(app, people["client"], ALEX, "Alex Partner", phone="+44 7700 900456")


@pytest.fixture
def alex_sees_days(app, people):
    """Alex as a member Casey shares her day count with: he pledges to it and follows it."""
    return add_member(app, people["client"], ALEX, "Alex Partner", scopes=("sober_days",))


def client_space(people):
    return f"/support/{people['client']}"


def make_invite_link(page, card_id):
    """On the client's phone: open the card, tap the invite button, read the link."""
    page.goto(f"/network/{card_id}")
    page.get_by_role("button", name="Make an invite link").tap()
    expect(page.get_by_role("heading", name=re.compile(r"^Send .* this link$"))).to_be_visible()
    return page.locator("input#invite-link").input_value()


def tick_sharing(page, card_id, scope_text, ticked):
    """On the client's phone: tick or untick one thing a member sees, and save."""
    page.goto(f"/network/{card_id}")
    box = page.get_by_label(scope_text)
    expect(box).to_be_checked(checked=not ticked)
    box.tap()
    page.get_by_role("button", name="Save what they see").tap()
    expect(page.locator(".flash")).to_contain_text("Saved.")
    expect(page.get_by_label(scope_text)).to_be_checked(checked=ticked)


def expect_nothing_shared(page):
    expect(page.get_by_text("hasn't shared anything with you yet")).to_be_visible()
    expect(page.locator(".counter")).to_have_count(0)
    expect(page.locator(".big-number")).to_have_count(0)
    for heading in ("#mood-title", "#triggers-title", "#checkins-title"):
        expect(page.locator(heading)).to_have_count(0)


# ---- The client's map and invites ----

def test_client_adds_a_person_through_the_form_and_sees_them_on_the_map(phones, people):
    page = phones(CASEY)
    page.goto("/network/new")
    page.get_by_label("Name").fill("Alex Partner")
    page.get_by_label("Who they are to you").select_option("partner")
    page.get_by_label("Inner circle (most trusted)").check()
    page.get_by_label("Phone (optional)").fill("+44 7700 900456")
    page.get_by_label("Evenings, nights and weekends").check()
    page.get_by_label("Helpful", exact=True).check()
    page.get_by_role("button", name="Add to my map").tap()

    expect(page.get_by_role("heading", name="Alex Partner", exact=True, level=1)).to_be_visible()
    expect(page.locator(".flash")).to_have_text("Alex Partner is on your map.")
    expect(page.locator(".lead")).to_have_text("Partner · Inner circle (most trusted)")
    page.get_by_role("link", name="Back to your map").tap()
    expect(page.locator(".network-map svg a[aria-label='Alex Partner'] .dot.helpful")).to_be_visible()
    expect(page.locator("#circle-inner + .people")).to_contain_text("Alex Partner")


def test_client_makes_an_invite_link_to_send_by_text_message_or_qr_code(phones, app, people):
    card = add_card(app, people["client"], "Alex Partner", relationship="partner", phone="+44 7700 900456")
    page = phones(CASEY)
    link = make_invite_link(page, card)

    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/join/[\w-]{32}", link), link
    sms = page.get_by_role("link", name="Send as a text message").get_attribute("href")
    assert sms.startswith("sms:+447700900456?&body=")
    assert quote(link, safe="") in sms or quote(link) in sms
    expect(page.locator("figure.qr svg")).to_be_visible()
    # The card now says a link is open, and offers to stop it.
    page.get_by_role("link", name="Done").tap()
    expect(page.get_by_role("button", name="Stop the open link working")).to_be_visible()


def test_client_copies_the_invite_link_with_one_tap_at_360(phones, app, people):
    card = add_card(app, people["client"], "Alex Partner", relationship="partner")
    page = phones(CASEY, "360x740")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    link = make_invite_link(page, card)

    page.get_by_role("button", name="Copy link").tap()
    expect(page.get_by_role("status")).to_have_text("Link copied. Paste it into a message to Alex Partner.")
    assert page.evaluate("navigator.clipboard.readText()") == link
    assert page.evaluate(FITS_SCREEN)["overflow"] == 0
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        whole_page_screenshot(page, f"network-invite-copied-360x740-{scheme}")


def test_without_javascript_the_invite_link_waits_in_a_box_to_select_and_no_dead_button_shows(phones, app, people):
    card = add_card(app, people["client"], "Alex Partner", relationship="partner")
    page = phones(CASEY, "360x740", java_script_enabled=False)
    link = make_invite_link(page, card)

    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/join/[\w-]{32}", link), link
    expect(page.get_by_label("Or copy the link")).to_have_value(link)
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()
    expect(page.get_by_role("button", name="Share…")).to_be_hidden()


def test_an_empty_map_shows_one_welcome_and_the_button_to_add_the_first_person_at_360(phones, people):
    page = phones(CASEY, "360x740")
    page.goto("/network")
    expect(page.get_by_role("heading", name="Start with one person")).to_be_visible()
    expect(page.locator("main").get_by_text("Nobody")).to_have_count(0)
    assert page.evaluate(FITS_SCREEN)["overflow"] == 0
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        whole_page_screenshot(page, f"network-map-empty-360x740-{scheme}")
    page.get_by_role("link", name="Add the first person").tap()
    expect(page.get_by_role("heading", name="Add someone to your map", level=1)).to_be_visible()


def test_reloading_the_invite_page_shows_the_card_again_not_an_error(phones, app, people):
    card = add_card(app, people["client"], "Alex Partner", relationship="partner")
    page = phones(CASEY)
    make_invite_link(page, card)
    assert urlpath(page) == f"/network/{card}"

    response = page.reload()
    assert response.status == 200
    expect(page.get_by_role("heading", name="Alex Partner", exact=True, level=1)).to_be_visible()
    # The link itself is never shown again; the card says one is open.
    expect(page.locator("input#invite-link")).to_have_count(0)
    expect(page.get_by_role("button", name="Stop the open link working")).to_be_visible()


def test_invitee_joins_on_their_own_phone_and_sees_nothing_shared_yet(phones, app, people):
    card = add_card(app, people["client"], "Alex Partner", relationship="partner")
    link = make_invite_link(phones(CASEY), card)

    alex = phones()  # A different person, on their own phone, not signed in.
    alex.goto(link)
    expect(alex.get_by_role("heading", name="Casey Client would like you on their team")).to_be_visible()
    alex.get_by_label("Your name, as they know you").fill("Alex")
    alex.get_by_label("Email").fill(ALEX)
    alex.get_by_label("Password").fill("a long enough password")
    expect(alex.get_by_label("Time zone")).to_have_value(TZ)
    alex.get_by_label("Country").select_option("GB")
    alex.get_by_role("button", name="Join").tap()
    # Changed with issue 14: a new person confirms their address from the emailed link first.
    expect(alex.get_by_role("heading", name="Check your email")).to_be_visible()
    alex.goto(confirmation_path(queued_emails(app, ALEX)[0].body))
    alex.get_by_role("button", name="Confirm and join").tap()

    expect(alex).to_have_url(re.compile(re.escape(client_space(people)) + "$"))
    expect(alex.get_by_role("heading", name="Casey Client", exact=True, level=1)).to_be_visible()
    expect(alex.locator(".flash")).to_have_text("Welcome to Casey Client's support network.")
    expect_nothing_shared(alex)


# ---- What a member sees: only what the client ticked ----

def test_member_sees_sober_days_once_the_client_ticks_them_but_not_mood(phones, app, people, alex):
    set_sober_days(app, people["client"], 45)
    member = phones(ALEX)
    member.goto(client_space(people))
    expect_nothing_shared(member)

    tick_sharing(phones(CASEY), alex[1], "Sober days and milestones", True)

    member.reload()
    expect(member.locator("#sober-title")).to_have_text("45 days")
    expect(member.get_by_text("hasn't shared anything")).to_have_count(0)
    expect(member.get_by_text("Mood and craving")).to_have_count(0)
    expect(member.locator("#triggers-title")).to_have_count(0)


def test_member_sees_nothing_again_once_the_client_unticks_sober_days(phones, app, people):
    set_sober_days(app, people["client"], 45)
    _, card = add_member(app, people["client"], ALEX, "Alex Partner", scopes=("sober_days",))
    member = phones(ALEX)
    member.goto(client_space(people))
    expect(member.locator("#sober-title")).to_have_text("45 days")

    tick_sharing(phones(CASEY), card, "Sober days and milestones", False)

    member.reload()
    expect_nothing_shared(member)


# ---- Rewards ----

def test_member_pledges_a_reward_for_a_sober_day_milestone(phones, app, people, alex_sees_days):
    set_sober_days(app, people["client"], 29)
    member = phones(ALEX)
    member.goto(client_space(people))
    member.get_by_role("link", name="Pledge one").tap()
    expect(member.get_by_role("heading", name="A reward for Casey Client")).to_be_visible()
    member.get_by_label("What is it?").fill("Dinner")
    member.get_by_label("Kind").select_option("meal")
    member.get_by_label("At a number of sober days").check()
    member.get_by_label("How many?").fill("30")
    member.get_by_role("button", name="Pledge").tap()

    expect(member.locator(".flash")).to_have_text("Your reward is pledged.")
    pledge = member.locator("li.reward.pledged")
    expect(pledge).to_contain_text("Dinner")
    expect(pledge).to_contain_text("At 30 sober days · Pledged")

    casey = phones(CASEY)
    casey.goto("/rewards")
    expect(casey.locator("li.reward.pledged")).to_contain_text("29 of 30 so far")
    expect(casey.get_by_text("Ready to redeem")).to_have_count(0)


def test_pledged_reward_is_ready_to_redeem_when_the_count_reaches_its_target(phones, app, people, alex_sees_days):
    set_sober_days(app, people["client"], 29)
    add_reward(app, people["client"], alex_sees_days[0], "Dinner", target=30)
    casey = phones(CASEY)
    casey.goto("/rewards")
    expect(casey.locator("li.reward.pledged")).to_contain_text("29 of 30 so far")

    set_sober_days(app, people["client"], 30)  # The sober date moves one day earlier.
    with app.app_context():
        unlock_all_due_rewards()  # the reminder worker's minute: reading a page unlocks nothing

    casey.reload()
    reward = casey.locator("li.reward.unlocked")
    expect(reward).to_contain_text("Dinner")
    expect(reward.locator(".badge")).to_have_text("Ready to redeem")


def test_client_redeems_a_reward_and_thanks_the_giver_who_is_told_both(phones, app, people, alex_sees_days):
    set_sober_days(app, people["client"], 30)
    add_reward(app, people["client"], alex_sees_days[0], "Dinner", target=30, status="unlocked", unlocked_at=utcnow())
    casey = phones(CASEY)
    casey.goto("/rewards")
    casey.get_by_role("link", name=re.compile("Dinner")).tap()
    expect(casey.get_by_role("heading", name="Dinner", exact=True)).to_be_visible()
    casey.get_by_role("button", name="I've had it: mark redeemed").tap()
    expect(casey.locator(".flash")).to_have_text("Enjoy it. You earned it.")
    casey.get_by_label("Say thank you to Alex Partner").fill("Best night in months. Thank you!")
    casey.get_by_role("button", name="Send thanks").tap()
    expect(casey.locator(".flash")).to_have_text("Your thanks are sent.")
    expect(casey.locator("p.card")).to_contain_text("Best night in months. Thank you!")

    member = phones(ALEX)
    member.goto("/")
    inbox = member.locator(".topbar .inbox-link")
    expect(inbox).to_have_accessible_name("Inbox, 2 new")
    inbox.tap()
    expect(member.get_by_role("heading", name="Inbox", exact=True)).to_be_visible()
    items = member.locator(".notifications li")
    expect(items.filter(has_text="Casey Client redeemed “Dinner”.")).to_have_count(1)
    thanks = "Casey Client says thank you: “Best night in months. Thank you!”"
    expect(items.filter(has_text=thanks)).to_have_count(1)


# ---- Encouragement ----

def test_member_sends_encouragement_with_one_tap_and_it_reaches_the_client_inbox(phones, people, alex):
    member = phones(ALEX)
    member.goto(client_space(people))
    member.get_by_role("button", name="I'm proud of you.").tap()
    expect(member.locator(".flash")).to_have_text("Sent to Casey Client.")

    casey = phones(CASEY)
    casey.goto("/")
    inbox = casey.locator(".topbar .inbox-link")
    expect(inbox).to_have_accessible_name("Inbox, 1 new")
    expect(inbox.locator(".count")).to_have_text("1")
    inbox.tap()
    expect(casey.locator(".notifications li").first).to_contain_text("Alex Partner: “I'm proud of you.”")
    # The page, once shown, marks what it showed read: the count is gone.
    expect(casey.locator(".topbar .inbox-link .count")).to_have_count(0)


# ---- Removal ----

def test_removed_member_gets_not_found_for_the_client_space(phones, app, people):
    set_sober_days(app, people["client"], 45)
    _, card = add_member(app, people["client"], ALEX, "Alex Partner", scopes=tuple(SCOPES))
    member = phones(ALEX)
    member.goto(client_space(people))
    expect(member.locator("#sober-title")).to_have_text("45 days")

    casey = phones(CASEY)
    casey.goto(f"/network/{card}")
    casey.get_by_role("button", name="Remove Alex Partner").tap()
    expect(casey.locator(".flash")).to_have_text("Alex Partner no longer has access to anything of yours.")
    expect(casey.get_by_role("button", name="Make an invite link")).to_be_visible()

    response = member.reload()
    assert response.status == 404
    expect(member.get_by_role("heading", name="We can't find that page")).to_be_visible()
    expect(member.locator(".big-number")).to_have_count(0)


# ---- A full world for the accessibility and layout tours ----

@pytest.fixture
def world(app, people):
    """Casey, 45 days sober, with a map that has gaps, a member who sees everything, a log,
    rewards in every state, encouragement and news in both inboxes."""
    client = people["client"]
    set_sober_days(app, client, 45)
    add_entries(app, client)
    member, member_card = add_member(app, client, ALEX, "Alex Partner", scopes=tuple(SCOPES),
                                     circle="inner", label="helpful", phone="+44 7700 900456",
                                     available_daytime=True, boundaries="Texts any time; calls after 6pm.")
    cards = {
        "risky": add_card(app, client, "Jamie Pub", relationship="friend", circle="inner", label="risky",
                          notes="We always ended up drinking."),
        "parent": add_card(app, client, "Mum", relationship="parent", circle="middle", label="mixed",
                           phone="+44 7700 900111", reliability=4, helpfulness=3),
        "sponsor": add_card(app, client, "Sam Sponsor", relationship="sponsor", circle="middle", label="helpful",
                            available_out_of_hours=True, preferred_contact="text"),
        "group": add_card(app, client, "Tuesday group", relationship="group", circle="outer", label="helpful"),
        "gp": add_card(app, client, "Dr Shah", relationship="clinician", circle="outer", label="unknown",
                       phone="+44 20 7946 0000"),
    }
    with app.app_context():
        redeemed = Reward(client_id=client, giver_id=member, title="Cinema night", kind="outing",
                          milestone_kind="sober_days", milestone_target=30, status="redeemed",
                          unlocked_at=utcnow(), redeemed_at=utcnow(), thanks="Loved it", thanked_at=utcnow())
        db.session.add(redeemed)
        db.session.add(Encouragement(client_id=client, sender_id=member, text="I'm proud of you."))
        db.session.add(Encouragement(client_id=client, sender_id=member, text="One day at a time."))
        db.session.commit()
        db.session.add_all([ViewRecord(client_id=client, member_id=member, scope=scope, shown=shown) for scope, shown in
                            (("sober_days", "45 sober days and milestones"),
                             ("mood_summary", "Mood and craving, last 14 days"))])
        notify(client, "encouragement", "Alex Partner: “I'm proud of you.”", "/rewards")
        notify(member, "reward_thanked", "Casey Client says thank you: “Loved it”", f"/rewards/{redeemed.id}")
        db.session.commit()
    unlocked = add_reward(app, client, member, "Dinner at Luigi's", target=30, status="unlocked",
                          unlocked_at=utcnow(), note="Your choice of pudding.")
    add_reward(app, client, member, "Weekend by the sea", target=60)
    with app.app_context():
        token = create_invite(db.session.get(Contact, cards["parent"]))[1]
    return {"client": client, "member": member, "member_card": member_card, "cards": cards,
            "reward": unlocked, "join": f"/join/{token}"}


def client_tour(page, world):
    """The client's pages, each yielded by name once it shows."""
    for name, path, heading in [
        ("map", "/network", "Your network"),
        ("new", "/network/new", "Add someone to your map"),
        ("card-member", f"/network/{world['member_card']}", "Alex Partner"),
        ("card", f"/network/{world['cards']['gp']}", "Dr Shah"),
        ("invite", None, "Send Dr Shah this link"),
        ("views", "/network/views", "Who saw what"),
        ("rewards", "/rewards", "Support for you"),
        ("reward", f"/rewards/{world['reward']}", "Dinner at Luigi's"),
        ("inbox", "/notifications", "Inbox"),
        ("meetings", "/meetings", "Meetings"),
    ]:
        if path:
            page.goto(path)
        else:
            page.get_by_role("button", name="Make an invite link").tap()
        expect(page.get_by_role("heading", name=heading, exact=True, level=1)).to_be_visible()
        if name == "map":
            expect(page.locator(".network-map svg a")).to_have_count(6)
            expect(page.locator(".gaps")).to_contain_text("Jamie Pub is in your inner circle but marked risky")
        if name == "views":
            expect(page.locator(".log-of-views li")).to_have_count(2)
        yield name


def member_tour(page, world):
    """The member's pages, starting signed out on an invite link (for someone else)."""
    page.goto(world["join"])
    expect(page.get_by_role("heading", name="Casey Client would like you on their team")).to_be_visible()
    yield "join"
    response = page.request.post("/login", form={"email": ALEX, "password": PASSWORD},
                                 headers={"Origin": re.match(r"https?://[^/]+", page.url)[0]}, max_redirects=0)
    assert response.status == 303
    for name, path, heading in [
        ("support", f"/support/{world['client']}", "Casey Client"),
        ("pledge", f"/support/{world['client']}/rewards/new", "A reward for Casey Client"),
        ("member-inbox", "/notifications", "Inbox"),
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", name=heading, exact=True, level=1)).to_be_visible()
        if name == "support":
            expect(page.locator(".big-number")).to_have_text("45")
            expect(page.locator(".mood-chart .bar")).not_to_have_count(0)
        yield name


# ---- Accessibility ----

def serious_violations(page, name):
    """Every rule in light; in dark only contrast can change. Prints all, returns the serious."""
    found = []
    for scheme, rules in (("light", None), ("dark", ["color-contrast"])):
        page.emulate_media(color_scheme=scheme)
        for violation in axe_violations(page, rules):
            nodes = [node["target"] for node in violation["nodes"]]
            print(f"{name} [{scheme}]: {violation['id']} ({violation['impact']}) {violation['help']} -> {nodes}")
            if violation["impact"] in ("serious", "critical"):
                found.append(f"{name} [{scheme}] {violation['id']}: {nodes}")
    page.emulate_media(color_scheme="light")
    return found


def test_network_support_and_reward_pages_have_no_serious_accessibility_violations(phones, world):
    found, visited = [], []
    casey = phones(CASEY)
    for name in client_tour(casey, world):
        visited.append(name)
        found += serious_violations(casey, name)
    alex = phones()
    for name in member_tour(alex, world):
        visited.append(name)
        found += serious_violations(alex, name)
    assert len(visited) == 14
    assert found == []


# ---- Layout: fits a phone, nothing under the tab bar, big targets; screenshots ----

FITS_SCREEN = """() => {
  const doc = document.documentElement;
  const tabbar = document.querySelector('.tabbar');
  const main = document.querySelector('main');
  window.scrollTo(0, doc.scrollHeight);
  const last = main.lastElementChild.getBoundingClientRect();
  return {
    overflow: doc.scrollWidth - doc.clientWidth,
    wide: [...document.querySelectorAll('main *')]
      .filter(e => e.getBoundingClientRect().right > doc.clientWidth + 0.5)
      .map(e => e.tagName + '.' + e.className).slice(0, 5),
    coveredByTabbar: tabbar ? Math.max(0, last.bottom - tabbar.getBoundingClientRect().top) : 0,
  };
}"""

# Everything a thumb taps in the page; a checkbox or radio is tapped by its whole label.
# Links inside a sentence are exempt (WCAG 2.5.8's inline exception). Height is what a
# thumb misses on a phone, where everything is full width; the map's dots are checked both ways.
SMALL_TARGETS = """() => [...document.querySelectorAll(
    'main :is(a, button, summary, select, textarea, label.option,'
    + ' input:not([type=radio]):not([type=checkbox]):not([type=hidden]))')]
  .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
  .filter(e => !(e.tagName === 'A' && e.closest('p, li small, dd') && getComputedStyle(e).display === 'inline'))
  .map(e => { const r = e.getBoundingClientRect();
    return {what: e.tagName + ' ' + (e.getAttribute('aria-label') || e.textContent.trim().slice(0, 30)),
            w: Math.round(r.width), h: Math.round(r.height)}; })
  .filter(b => b.h < 44)"""

SHOTS = {"map", "card-member", "invite", "support", "rewards"}


def whole_page_screenshot(page, name):
    """The whole page on a phone as tall as the page, so the fixed tab bar sits after the end
    of the content, as it does once you scroll down (a full_page screenshot leaves the bar
    halfway down the picture, over whatever was at the bottom of the first screen)."""
    os.makedirs(SCREENSHOTS, exist_ok=True)
    size = page.viewport_size
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(height, size["height"])})
    page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"))
    page.set_viewport_size(size)


@pytest.mark.parametrize("size", PHONES)
def test_network_pages_fit_the_phone_in_light_and_dark(phones, world, size):
    problems = {}
    casey, alex = phones(CASEY, size), phones(size=size)
    for page, tour in ((casey, client_tour), (alex, member_tour)):
        for name in tour(page, world):
            if name in SHOTS:
                for scheme in ("light", "dark"):
                    page.emulate_media(color_scheme=scheme)
                    whole_page_screenshot(page, f"network-{name}-{size}-{scheme}")
                page.emulate_media(color_scheme="light")
            fit = page.evaluate(FITS_SCREEN)
            if fit["overflow"] > 0 or fit["wide"] or fit["coveredByTabbar"] > 0:
                problems[name] = fit
    assert problems == {}


def test_every_control_on_network_pages_is_big_enough_for_a_thumb_at_360(phones, world):
    small = {}
    casey, alex = phones(CASEY, "360x740"), phones(size="360x740")
    for page, tour in ((casey, client_tour), (alex, member_tour)):
        for name in tour(page, world):
            boxes = page.evaluate(SMALL_TARGETS)
            # The map's dots are a picture of the list under it, whose rows are the real targets.
            dots = page.locator(".network-map svg a").evaluate_all(
                "els => els.map(e => Math.round(e.getBoundingClientRect().width))")
            boxes += [{"what": "map dot", "w": w, "h": w} for w in dots if w < 44]
            if boxes:
                small[name] = boxes
                print(name, boxes)
    assert small == {}
