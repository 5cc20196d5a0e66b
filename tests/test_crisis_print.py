"""The crisis plan on paper (issue 12): the plan page carries the saved plan as one printable
page, with every number written out, which the print stylesheet shows alone. How it looks on A4
and Letter is checked in the real browser (tests/test_browser_crisis_print.py)."""
import re

from recoverynet.auth.models import User
from recoverynet.extensions import db

PLAN = {
    "person-0-name": "Jordan", "person-0-day": "07700 900111", "person-0-night": "07700 900222",
    "person-1-name": "Sam", "person-1-day": "07700 900333",
    "pro-0-name": "Community team", "pro-0-day": "01632 960000", "pro-0-night": "01632 960999",
    "warning_signs": "Not sleeping\nSkipping meals", "coping_alone": "Cold water on my face",
    "distractions": "The library", "reasons": "My daughter",
    "uses_opioids": "on", "naloxone_who": "Jordan", "naloxone_where": "Kitchen drawer", "naloxone_trained": "yes",
}


def printout(client) -> str:
    body = client.get("/crisis/plan").get_data(as_text=True)
    found = re.search(r'<article class="printout".*?</article>', body, re.S)
    return found.group(0) if found else ""


def test_the_printout_writes_out_every_number_of_the_plan(client, auth, people):
    auth.login()
    client.post("/crisis/plan", data=PLAN)
    paper = printout(client)
    for text in ("Crisis plan: Casey Client", "Jordan", "07700 900111", "07700 900222", "Sam", "07700 900333",
                 "Community team", "01632 960000", "01632 960999", "Not sleeping", "Skipping meals",
                 "Cold water on my face", "The library", "My daughter", "Kitchen drawer"):
        assert text in paper, text


def test_the_printout_keeps_the_order_of_the_call_list(client, auth, people):
    auth.login()
    client.post("/crisis/plan", data=PLAN)
    paper = printout(client)
    assert "1. Jordan" in paper and "2. Sam" in paper and paper.index("1. Jordan") < paper.index("2. Sam")


def test_the_printout_gives_the_emergency_numbers_of_the_clients_country(app, client, auth, people):
    with app.app_context():
        db.session.get(User, people["client"]).country = "GB"
        db.session.commit()
    auth.login()
    client.post("/crisis/plan", data=PLAN)
    paper = printout(client)
    assert "Emergency numbers in United Kingdom" in paper
    assert "<strong>999</strong>" in paper and "<strong>116 123</strong> Samaritans" in paper


def test_there_is_nothing_to_print_before_a_plan_is_written(client, auth, people):
    auth.login()
    body = client.get("/crisis/plan").get_data(as_text=True)
    assert '<article class="printout"' not in body and "Print my plan" not in body


def test_the_print_button_waits_for_script_and_the_page_says_how_without_it(client, auth, people):
    auth.login()
    client.post("/crisis/plan", data=PLAN)
    body = client.get("/crisis/plan").get_data(as_text=True)
    assert re.search(r'<button class="button" type="button" data-print hidden>Print my plan</button>', body)
    assert "<span data-print-how>To print it, choose Print in your browser's menu" in body


def test_the_printout_is_the_only_part_of_the_plan_page_printed(app, client, auth, people):
    # print.css, which the plan page links, hides the rest of the page in print, and the printout on screen.
    auth.login()
    client.post("/crisis/plan", data=PLAN)
    page = client.get("/crisis/plan").get_data(as_text=True)
    assert re.search(r'<link rel="stylesheet" href="/static/css/print\.\w+\.css">', page)
    with open(app.static_folder + "/css/print.css", encoding="utf-8") as sheet:
        rules = sheet.read()
    assert ".printout { display: none; }" in rules
    assert "[data-printout] main > :not(.printout) { display: none !important; }" in rules
