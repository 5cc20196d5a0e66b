"""A contact card read from its form, the gaps a map names and where each dot sits
(network/forms.py, network/cards.py), checked value by value without a browser."""
import pytest

from recoverynet import models  # noqa: F401  (every table, so a Contact can be made without the app)
from recoverynet.forms import Form
from recoverynet.network.cards import Dot, gaps, map_dots
from recoverynet.network.forms import read_contact_form
from recoverynet.network.models import Contact

EMPTY_CARD = {"name": "Robin", "relationship": "other", "circle": "middle", "label": "unknown", "reliability": None,
              "helpfulness": None, "phone": "", "preferred_contact": "", "available_daytime": False,
              "available_out_of_hours": False, "boundaries": "", "notes": ""}
CHOOSE = "Please choose one of the options."


def read(**typed) -> tuple[dict, dict]:
    form = Form({"name": "Robin", **typed})
    return read_contact_form(form), form.errors


def card(name="A", relationship="friend", circle="inner", label="helpful", out_of_hours=False) -> Contact:
    return Contact(name=name, relationship=relationship, circle=circle, label=label,
                   available_out_of_hours=out_of_hours)


# ---- Reading the form ----

def test_a_card_with_only_a_name_gets_the_plain_defaults():
    assert read() == (EMPTY_CARD, {})


def test_every_field_of_a_card_is_read_as_typed():
    values, errors = read(name=" Dr Lee ", relationship="clinician", circle="outer", label="helpful",
                          reliability="1", helpfulness="5", phone="+44 20 7946 0000", preferred_contact="call",
                          available_daytime="on", available_out_of_hours="on", boundaries="Weekdays",
                          notes="Clinic on Fridays")
    assert errors == {}
    assert values == {"name": "Dr Lee", "relationship": "clinician", "circle": "outer", "label": "helpful",
                      "reliability": 1, "helpfulness": 5, "phone": "+44 20 7946 0000", "preferred_contact": "call",
                      "available_daytime": True, "available_out_of_hours": True, "boundaries": "Weekdays",
                      "notes": "Clinic on Fridays"}


@pytest.mark.parametrize("flag", ["available_daytime", "available_out_of_hours"])
def test_an_availability_box_counts_only_when_ticked(flag):
    assert read(**{flag: "yes"})[0][flag] is False


@pytest.mark.parametrize(("typed", "errors"), [
    ({"name": ""}, {"name": "Please give a name, or a nickname only you understand."}),
    ({"name": "n" * 81}, {"name": "Please keep this under 80 characters."}),
    ({"boundaries": "b" * 501}, {"boundaries": "Please keep this under 500 characters."}),
    ({"notes": "n" * 2001}, {"notes": "Please keep this under 2000 characters."}),
    ({"relationship": "rival"}, {"relationship": CHOOSE}),
    ({"circle": "orbit"}, {"circle": CHOOSE}),
    ({"label": "great"}, {"label": CHOOSE}),
    ({"preferred_contact": "pigeon"}, {"preferred_contact": CHOOSE}),
    ({"reliability": "0", "helpfulness": "6"}, {"reliability": "Please choose a number from 1 to 5.",
                                                 "helpfulness": "Please choose a number from 1 to 5."}),
    ({"phone": "call me"}, {"phone": "Please enter a phone number using digits, spaces and + only."}),
], ids=["no-name", "long-name", "long-boundaries", "long-notes", "relationship", "circle", "label",
        "preferred-contact", "ratings", "phone"])
def test_each_mistake_on_a_card_gets_its_own_sentence(typed, errors):
    assert read(**typed)[1] == errors


def test_the_longest_allowed_name_boundaries_and_notes_are_taken():
    values, errors = read(name="n" * 80, boundaries="b" * 500, notes="t" * 2000)
    assert errors == {} and (len(values["name"]), len(values["boundaries"]), len(values["notes"])) == (80, 500, 2000)


# ---- The gaps a map names ----

def test_an_empty_map_names_every_gap_but_the_single_inner_person():
    assert gaps([]) == [
        "No clinician or counsellor on your map yet.",
        "No peer supporter: someone who has been where you are (a sponsor, peer coach or group).",
        "Nobody marked as reachable out of hours, for nights and weekends.",
        "Nobody in your inner circle yet.",
    ]


def test_one_inner_person_marked_risky_is_named_twice_over():
    assert gaps([card("Old Mate", label="risky")])[-2:] == [
        "Only one person in your inner circle. If they're unavailable, who else could you turn to?",
        "Old Mate is in your inner circle but marked risky. Is that where they belong?",
    ]


@pytest.mark.parametrize("peer", ["peer coach", "sponsor", "group"])
def test_any_kind_of_peer_supporter_fills_that_gap(peer):
    found = gaps([card(relationship=peer), card(relationship="clinician", circle="outer", out_of_hours=True)])
    assert found == ["Only one person in your inner circle. If they're unavailable, who else could you turn to?"]


def test_a_risky_person_outside_the_inner_circle_is_not_questioned():
    full = [card("Dr Lee", "clinician", out_of_hours=True), card("Robin", "sponsor"),
            card("Old Mate", "friend", circle="outer", label="risky")]
    assert gaps(full) == []


# ---- Where each dot sits ----

def test_each_circle_is_a_ring_around_the_middle_of_the_picture():
    inner, middle, outer = card("Pat Smith"), card("robin", circle="middle"), card("Group Two", circle="outer")
    assert map_dots([outer, middle, inner]) == [
        Dot(inner, 170.0, 110.0, "PS"),     # top of the inner ring (radius 60)
        Dot(middle, 207.7, 66.7, "R"),      # the middle ring (110) turned a little, so names don't line up
        Dot(outer, 170.0, 15.0, "GT"),      # top of the outer ring (155)
    ]


def test_people_on_one_ring_are_spread_evenly_from_the_top():
    pat, sam = card("Pat"), card("Sam Lee Jones")
    assert map_dots([pat, sam]) == [Dot(pat, 170.0, 110.0, "P"), Dot(sam, 170.0, 230.0, "SL")]


def test_people_on_one_ring_go_round_clockwise_from_the_top():
    first, second, third = card("A"), card("B"), card("C")
    assert [(dot.x, dot.y) for dot in map_dots([first, second, third])] == [
        (170.0, 110.0), (222.0, 200.0), (118.0, 200.0)]  # top, then lower right, then lower left


def test_a_card_whose_name_gives_no_initials_shows_a_question_mark():
    assert map_dots([card("  ")])[0].initials == "?"


@pytest.mark.parametrize(("name", "expected"), [
    ("Lee (old friend)", "L"), ("(Old) friend", "F"), ("Ángel", "Á"), ("ángel ruiz", "ÁR"),
    ("A\u0301ngel", "Á"), ("Øystein Ødegård", "ØØ"), ("Дмитрий", "Д"), ("9am group", "G"), ("#1 fan", "F"),
])
def test_map_initials_come_from_letters_only_in_any_alphabet(name, expected):
    assert map_dots([card(name)])[0].initials == expected
