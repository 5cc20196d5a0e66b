"""Every page on a phone: accessible (axe-core), big enough for a thumb, fits the screen.

A tour visits every page a client meets, signed in and out, and each test checks one thing on
each stop. At each stop the colour scheme is switched between light and dark on the same page
(page.emulate_media: the same emulation new_context(color_scheme=...) sets up, without a second
tour). The layout tour saves screenshots (tests/screenshots/<page>-<size>-<scheme>.png) for a
person to look at: automatic checks can't tell whether a page feels calm.
"""
import os
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from recoverynet.timeutil import local_today
from tests.helpers import (PHONES, SCREENSHOTS, add_entries, axe_violations, screenshot, set_sober_since, sign_in,
                           wait_for_worker_control)

pytestmark = pytest.mark.browser

PAGE_NAMES = ["home", "log-new", "log-new-invalid", "history", "edit", "delete", "slip", "settings",
              "crisis", "offline", "signed-out", "welcome", "signup", "login", "forgot"]


@pytest.fixture
def client_with_entries(app, people):
    """Casey, 45 days sober, with a few entries (one with detail); returns an entry id to open."""
    client = people["client"]
    set_sober_since(app, client, local_today("Europe/London") - timedelta(days=45))
    add_entries(app, client, 2, triggers=["tired", "stress"])
    [detailed] = add_entries(app, client, 1, mood=2, craving=8, triggers=["lonely", "payday"],
                             situation="Friday evening, payday", coping="Went to a meeting",
                             outcome="on_track", note="Rang Sam on the way home; it helped a lot.")
    return detailed


def visit_every_page(page, entry_id):
    """Go to each page in turn, signed in first, then signed out; yield its name once it shows."""
    sign_in(page)
    yield "home"
    for name, path, heading in [
        ("log-new", "/log/new", "How are you right now?"),
        ("log-new-invalid", None, None),
        ("history", "/log", "History"),
        ("edit", f"/log/{entry_id}/edit", "Edit entry"),
        ("delete", f"/log/{entry_id}/delete", "Delete this entry?"),
        ("slip", "/slip", "Record a slip"),
        ("settings", "/settings", "Settings"),
        ("crisis", "/crisis", "You are not alone"),
    ]:
        if name == "log-new-invalid":
            page.get_by_role("button", name="Save", exact=True).tap()
            expect(page.locator("#mood-error")).to_be_visible()
        else:
            page.goto(path)
            expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        yield name

    wait_for_worker_control(page)
    page.context.set_offline(True)
    page.goto("/log")
    expect(page.get_by_role("heading", name="You're offline")).to_be_visible()
    yield "offline"
    page.context.set_offline(False)

    page.goto("/settings")
    page.get_by_role("button", name="Sign out", exact=True).tap()
    expect(page.get_by_role("heading", name="You're signed out")).to_be_visible()
    yield "signed-out"
    for name, path, heading in [
        ("welcome", "/", "Recovery is a team effort"),
        ("signup", "/signup", "Create your account"),
        ("login", "/login", "Sign in"),
        ("forgot", "/forgot", "Forgot your password?"),
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        yield name


# ---- Accessibility ----

SCHEMES = ("light", "dark")


def test_every_page_has_no_serious_accessibility_violations(open_phone, client_with_entries):
    page = open_phone()
    found = {}
    visited = []
    for name in visit_every_page(page, client_with_entries):
        visited.append(name)
        # Every rule in light; in dark only contrast can change, and that is where dark goes wrong.
        for scheme, rules in (("light", None), ("dark", ["color-contrast"])):
            page.emulate_media(color_scheme=scheme)
            for violation in axe_violations(page, rules):
                nodes = [node["target"] for node in violation["nodes"]]
                print(f"{name} [{scheme}]: {violation['id']} ({violation['impact']}) "
                      f"{violation['help']} -> {nodes}")
                if violation["impact"] in ("serious", "critical"):
                    found.setdefault(f"{name} [{scheme}]", []).append(f"{violation['id']}: {nodes}")
        page.emulate_media(color_scheme="light")
    assert visited == PAGE_NAMES
    assert found == {}


# Controls a thumb must hit on the pages people use most. Each sample is (page, selector).
KEY_CONTROLS = [
    ("/", ".mood .pick > span"),
    ("/", ".craving .pick > span"),
    ("/", ".chip > span"),
    ("/", ".detail summary"),
    ("/", ".save-bar .button"),
    ("/", ".tabbar a"),
    ("/", ".crisis-link"),
    ("/", ".entries .entry a"),
    ("/", ".heading-row a"),
    ("/", ".quiet-link a"),
    ("/log", ".heading-row .button"),
    ("/crisis", ".call-button"),
    # A checkbox's or radio's target is its whole label row (label.option, counted), not the little box.
    ("/settings", "main input:not([type=checkbox]):not([type=radio]), main select, main button, main label.option"),
    # Everything about reminders, and the way to it from Settings.
    ("/reminders", "main input:not([type=checkbox]), main a.button, main button, main label.option"),
]


@pytest.mark.parametrize("size", PHONES)
def test_key_controls_are_at_least_44_pixels_tall(open_phone, client_with_entries, size):
    page = open_phone(size)
    sign_in(page)
    too_small = []
    current = "/"
    for path, selector in KEY_CONTROLS:
        if path != current:
            page.goto(path)
            current = path
        controls = page.locator(selector)
        assert controls.count() > 0, f"nothing matches {selector} on {path}"
        for box in controls.evaluate_all(
                "els => els.filter(e => e.checkVisibility()).map(e => { const r = e.getBoundingClientRect();"
                " return {text: e.textContent.trim().slice(0, 20), w: r.width, h: r.height}; })"):
            if box["h"] < 44:
                too_small.append((path, selector, box))
    assert too_small == []


# Everything a finger can tap: links, buttons, fields, and the labels that stand in for the
# hidden radio and checkbox inputs. The skip link sits off-screen until focused.
TAP_TARGETS = """() => [...document.querySelectorAll(
    'a:not(.skip-link), button, summary, select, textarea, .pick > span, .chip > span, label.option,'
    + ' input:not([type=hidden]):not([type=radio]):not([type=checkbox])')]
  .filter(e => e.checkVisibility())
  .map(e => { const r = e.getBoundingClientRect();
    return {text: (e.name || e.textContent).trim().slice(0, 24), w: Math.round(r.width), h: Math.round(r.height)}; })"""


def test_every_tap_target_on_every_page_is_at_least_44_pixels_square_at_360(open_phone, client_with_entries):
    page = open_phone("360x740")
    too_small = {}
    for name in visit_every_page(page, client_with_entries):
        targets = page.evaluate(TAP_TARGETS)
        assert targets, name
        small = [box for box in targets if box["h"] < 44 or box["w"] < 44]
        if small:
            too_small[name] = small
    assert too_small == {}


# ---- Layout and screenshots ----

# Sideways overflow, content the tab bar hides at the end of the page, labels in the top and
# tab bars that wrap, get cut off, or run into each other ("NetworkSettings"), and elements
# marked `hidden` that a display rule shows anyway (a .button's inline-flex beats `hidden`).
FITS_SCREEN = """() => {
  const doc = document.documentElement;
  const tabbar = document.querySelector('.tabbar');
  const main = document.querySelector('main');
  window.scrollTo(0, doc.scrollHeight);
  const last = main.lastElementChild.getBoundingClientRect();
  const text = e => { const r = document.createRange(); r.selectNodeContents(e); return r; };
  const crowded = [...document.querySelectorAll('.topbar > a, .tabbar a')].filter(e => {
    const lines = new Set([...text(e).getClientRects()].map(r => Math.round(r.top))).size;
    return lines > 1 || e.scrollWidth > e.clientWidth;
  }).map(e => e.textContent.trim());
  const tabs = [...document.querySelectorAll('.tabbar a')].map(e => text(e).getBoundingClientRect());
  tabs.slice(1).forEach((t, i) => { if (t.left - tabs[i].right < 8) crowded.push('tabs ' + i + '-' + (i + 1)); });
  return {
    overflow: doc.scrollWidth - doc.clientWidth,
    wide: [...document.querySelectorAll('main *')]
      .filter(e => e.getBoundingClientRect().right > doc.clientWidth + 0.5)
      .map(e => e.tagName + '.' + e.className).slice(0, 5),
    coveredByTabbar: tabbar ? Math.max(0, last.bottom - tabbar.getBoundingClientRect().top) : 0,
    crowded,
    hiddenShown: [...document.querySelectorAll('[hidden]')].filter(e => e.checkVisibility())
      .map(e => e.tagName + '.' + e.className),
  };
}"""


@pytest.mark.parametrize("size", PHONES)
def test_every_page_fits_the_phone_without_sideways_scrolling(open_phone, client_with_entries, size):
    page = open_phone(size)
    problems = {}
    for name in visit_every_page(page, client_with_entries):
        for scheme in SCHEMES:
            # The same switch new_context(color_scheme=...) makes, without a second tour.
            page.emulate_media(color_scheme=scheme)
            shot = f"{name}-{size}-{scheme}"
            screenshot(page, shot)
            if name in ("home", "log-new", "history", "edit"):
                # What the thumb sees first: the sticky Save bar above the tab bar. (A full-page
                # shot draws fixed and sticky bars where the first screen ends, mid-page.)
                page.screenshot(path=os.path.join(SCREENSHOTS, f"{shot}-viewport.png"))
        page.emulate_media(color_scheme="light")
        fit = page.evaluate(FITS_SCREEN)
        if fit["overflow"] > 0 or fit["coveredByTabbar"] > 0 or any(
                fit[key] for key in ("wide", "crowded", "hiddenShown")):
            problems[name] = fit
    assert problems == {}
