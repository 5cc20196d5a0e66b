"""The app in Spanish on a 360 px phone (issue 16): Spanish sentences run longer than English ones,
and none may push a page wider than the phone.

A Spanish-speaking client and a Spanish-speaking member of her network each walk every page
reachable by links from Home (tests/helpers.py walk_links: pages are found, not listed), with
something on each page to show: entries with a built-in and a typed trigger, a meeting, a
reminder, a crisis plan, a pledged reward and a word of encouragement. The main pages are saved
as screenshots, light and dark, for a person to look at.
"""
import uuid
from datetime import date, timedelta

import pytest

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.log.models import Entry, EntryTrigger
from recoverynet.meetings.models import Meeting
from recoverynet.rewards.models import Encouragement, Reward
from recoverynet.reminders.models import Reminder
from tests.helpers import JO, PHONES, give_plan, screenshot, shape, sign_in_quickly, too_wide, walk_links
from tests.network_world import add_member

pytestmark = pytest.mark.browser

CASEY, ALEX = "casey@example.org", "alex@example.org"
# What the page says its language is: measured on every page of the walk.
LANGUAGE = "() => document.documentElement.lang"
# Words shown across two lines ("Recompensa|s"): no word here is too long for the phone, so a word
# broken in two is a layout that gave it too little room.
BROKEN_WORDS = """() => {
  const broken = new Set(), range = document.createRange();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  // Not shown, not counted: text for screen readers only (a 1 px box, where every word breaks) and
  // what a closed <details> holds.
  const unseen = node => {
    if (node.parentElement.closest('details:not([open]) > :not(summary)')) return true;
    for (let e = node.parentElement; e; e = e.parentElement) if (e.getBoundingClientRect().width <= 1) return true;
    return false;
  };
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (unseen(node)) continue;
    for (const word of node.data.matchAll(/[\\p{L}\\p{N}]{2,}/gu)) {
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (lines.size > 1) broken.add(word[0]);
    }
  }
  return [...broken];
}"""
# Main pages for the screenshots, as shapes the walk met (ids as N).
MAIN_PAGES = {CASEY: ["/", "/log", "/log/new", "/crisis", "/network", "/rewards", "/settings"],
              ALEX: ["/", "/support/N", "/crisis", "/settings"]}


@pytest.fixture
def spanish_network(app, people):
    """Casey and Alex (a member she shares everything with), both reading Spanish, and a little of
    everything on Casey's pages."""
    client_id = people["client"]
    alex_id, _card = add_member(app, client_id, ALEX, "Alex Pareja",
                                scopes=("sober_days", "mood_summary", "trigger_details", "checkins",
                                        "crisis_alerts"))
    give_plan(app, client_id, JO)
    with app.app_context():
        casey, alex = db.session.get(User, client_id), db.session.get(User, alex_id)
        casey.language, alex.language = "es", "es"
        casey.sober_since = date.today() - timedelta(days=40)
        db.session.add_all([
            Entry(user_id=client_id, device_id=str(uuid.uuid4()), mood=2, craving=7,
                  situation="Después del trabajo, cerca del bar", coping="Llamé a mi madrina",
                  triggers=[EntryTrigger(label="lonely"), EntryTrigger(label="Turno de noche")]),
            Meeting(client_id=client_id, attended_on=date.today() - timedelta(days=1), kind="aa"),
            Reminder(user_id=client_id, kind="checkin", times="20:00"),
            Reward(client_id=client_id, giver_id=alex_id, title="Una excursión a la sierra", kind="outing",
                   milestone_kind="sober_days", milestone_target=60),
            Encouragement(client_id=client_id, sender_id=alex_id, text="Estoy muy orgullosa de ti"),
        ])
        db.session.commit()
    return client_id


@pytest.mark.parametrize("email", [CASEY, ALEX])
def test_no_page_scrolls_sideways_in_spanish_at_360px(spanish_network, browser, live_server, email):
    context = browser.new_context(viewport=PHONES["360x740"], is_mobile=True, has_touch=True, base_url=live_server,
                                  locale="es-ES", timezone_id="Europe/Madrid", service_workers="block")
    context.set_default_timeout(10000)
    page = context.new_page()
    sign_in_quickly(page, live_server, email)

    def language(page, path, measured):
        measured[path]["lang"] = page.evaluate(LANGUAGE)
        if broken := page.evaluate(BROKEN_WORDS):
            measured[path]["broken"] = broken
        return []

    measured = walk_links(page, visit=language)
    for path, found in sorted(measured.items()):
        print(f"{found.get('overflow', found.get('status')):>5}  {found.get('lang', '')}  {path}  "
              f"{found.get('wide', '')} {found.get('broken', '')}")
    who = email.split("@")[0]
    for wanted in MAIN_PAGES[email]:
        path = next(path for path in measured if shape(path) == wanted and "lang" in measured[path])
        page.goto(path)
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            name = (wanted.replace("/N", "-id").replace("/", "-").rstrip("-") or "-home")
            screenshot(page, f"spanish-{who}{name}-360x740-{scheme}")
        page.emulate_media(color_scheme="light")
    context.close()

    assert len(measured) > 8, "the walk found almost no pages"
    assert {path for path, found in measured.items() if found.get("lang", "es") != "es"} == set()
    assert too_wide(measured) == {}
    assert {path: found["broken"] for path, found in measured.items() if "broken" in found} == {}
