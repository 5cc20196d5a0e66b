"""The validated questionnaires (issue 10): their data file, their scores at the boundaries and
with skipped items, when they are due, and answering them on the client's pages."""
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file

from recoverynet.measures.instruments import INSTRUMENTS, meets_threshold, score, subscales

MEASURES = Path(__file__).resolve().parent.parent / "recoverynet" / "measures"


def answers_all(key: str, value: int, skip: tuple[str, ...] = ()) -> dict[str, int]:
    return {item: value for item in INSTRUMENTS[key].item_keys if item not in skip}


# --- the data file -------------------------------------------------------------------------------

def test_barc10_has_ten_statements_on_a_six_point_agreement_scale_with_its_citation():
    barc = INSTRUMENTS["barc10"]
    assert len(barc.items) == 10 and (barc.low, barc.high) == (1, 6)
    assert barc.labels[0] == "Strongly disagree" and barc.labels[-1] == "Strongly agree"
    assert "Vilsaint" in barc.citation and "2017" in barc.citation and barc.source.startswith("https://")
    assert barc.threshold["at_least"] == 47 and "sustained remission" in barc.threshold["finding"]


def test_mspss_has_twelve_items_on_a_seven_point_scale_and_three_subscales_of_four():
    mspss = INSTRUMENTS["mspss"]
    assert len(mspss.items) == 12 and (mspss.low, mspss.high) == (1, 7)
    assert mspss.labels[0] == "Very strongly disagree" and mspss.labels[-1] == "Very strongly agree"
    assert {key: spec["items"] for key, spec in mspss.subscales.items()} == {
        "family": ["3", "4", "8", "11"], "friends": ["6", "7", "9", "12"], "significant_other": ["1", "2", "5", "10"]}
    assert "Zimet" in mspss.citation and "1988" in mspss.citation


def test_every_shown_text_of_the_data_file_is_extracted_for_translation():
    """`make messages` reads instruments_i18n.py: every text a page shows from instruments.json is
    there word for word, so no question ever appears untranslated."""
    extracted = {message for _line, message, _comments, _context in
                 extract_from_file("python", str(MEASURES / "instruments_i18n.py"), keywords={"lazy_gettext": None})}
    for instrument in INSTRUMENTS.values():
        shown = {instrument.title, instrument.intro, *instrument.labels, *(i.text for i in instrument.items),
                 *(spec["label"] for spec in instrument.subscales.values())}
        if instrument.threshold:
            shown |= {instrument.threshold[k] for k in ("finding", "at_or_above", "below")}
        assert shown <= extracted, shown - extracted


# --- BARC-10 scores ------------------------------------------------------------------------------

def test_barc10_all_lowest_answers_total_10_and_all_highest_60():
    assert score("barc10", answers_all("barc10", 1)) == 10
    assert score("barc10", answers_all("barc10", 6)) == 60


def test_barc10_one_skipped_item_is_prorated_from_the_other_nine():
    answers = answers_all("barc10", 5, skip=("4",))
    assert score("barc10", answers) == 50  # nine fives: 45, times 10/9
    answers["1"] = 2  # 42 over nine answers: 46.67 rounds to 46.7
    assert score("barc10", answers) == 46.7


def test_barc10_two_skipped_items_have_no_total():
    assert score("barc10", answers_all("barc10", 6, skip=("4", "9"))) is None


def test_barc10_a_skipped_answer_may_come_as_none():
    answers = answers_all("barc10", 4)
    answers["3"] = None
    assert score("barc10", answers) == 40


def test_barc10_47_meets_the_published_threshold_and_46_9_does_not():
    assert meets_threshold("barc10", 47) is True
    assert meets_threshold("barc10", 46.9) is False
    assert meets_threshold("barc10", None) is None
    assert meets_threshold("mspss", 7) is None


def test_an_answer_off_the_scale_is_refused():
    with pytest.raises(ValueError):
        score("barc10", answers_all("barc10", 7))
    with pytest.raises(ValueError):
        score("mspss", answers_all("mspss", 0))


def test_nothing_answered_has_no_score():
    assert score("barc10", {}) is None and score("mspss", {}) is None


# --- MSPSS scores --------------------------------------------------------------------------------

def test_mspss_all_lowest_answers_score_1_and_all_highest_7():
    assert score("mspss", answers_all("mspss", 1)) == 1
    assert score("mspss", answers_all("mspss", 7)) == 7
    assert subscales("mspss", answers_all("mspss", 7)) == {"family": 7, "friends": 7, "significant_other": 7}


def test_mspss_score_is_the_mean_of_the_answered_items_with_two_skipped():
    answers = answers_all("mspss", 4, skip=("1", "6"))
    answers["3"] = 7  # ten answers: nine 4s and a 7 = 43 / 10
    assert score("mspss", answers) == 4.3


def test_mspss_three_skipped_items_have_no_score():
    assert score("mspss", answers_all("mspss", 5, skip=("1", "6", "11"))) is None


def test_mspss_subscales_are_the_means_of_their_own_items():
    answers = {item: 1 for item in ("3", "4", "8", "11")} | {item: 4 for item in ("6", "7", "9", "12")} \
        | {"1": 7, "2": 6, "5": 7, "10": 6}
    assert subscales("mspss", answers) == {"family": 1, "friends": 4, "significant_other": 6.5}


def test_mspss_subscale_with_one_item_skipped_is_scored_and_with_two_is_not():
    answers = answers_all("mspss", 6, skip=("3",))
    assert subscales("mspss", answers)["family"] == 6
    answers.pop("4")
    assert subscales("mspss", answers)["family"] is None
    assert subscales("mspss", answers)["friends"] == 6


def test_barc10_has_no_subscales():
    assert subscales("barc10", answers_all("barc10", 3)) == {}
