"""The validated questionnaires (issue 10): their data file, their scores at the boundaries and
with skipped items, when they are due, and answering them on the client's pages."""
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from sqlalchemy import select, update

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.measures.due import due_instruments
from recoverynet.measures.instruments import INSTRUMENTS, meets_threshold, score, subscales
from recoverynet.measures.models import Questionnaire, QuestionnaireAnswer
from recoverynet.timeutil import local_today
from tests.helpers import make_user

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


# --- when a questionnaire is due -----------------------------------------------------------------

def _taken(app, client_id: int, instrument: str, day: date) -> None:
    with app.app_context():
        db.session.add(Questionnaire(client_id=client_id, instrument=instrument, taken_on=day, score=40, answered=10))
        db.session.commit()


def test_both_questionnaires_are_due_at_the_start(app, people):
    with app.app_context():
        assert due_instruments(db.session.get(User, people["client"]), date(2026, 3, 1)) == ["barc10", "mspss"]


def test_a_questionnaire_is_due_again_on_the_30th_day_after_the_last_not_the_29th(app, people):
    _taken(app, people["client"], "barc10", date(2026, 3, 1))
    _taken(app, people["client"], "mspss", date(2026, 3, 20))
    with app.app_context():
        casey = db.session.get(User, people["client"])
        assert due_instruments(casey, date(2026, 3, 30)) == []
        assert due_instruments(casey, date(2026, 3, 31)) == ["barc10"]


def test_a_supporter_without_a_recovery_space_has_nothing_due(app, people):
    with app.app_context():
        sam = make_user("sam@example.org", "Sam", is_client=False)
        assert due_instruments(sam, date(2026, 3, 1)) == []


def test_home_offers_the_questionnaires_gently_until_answered(app, client, auth, people):
    auth.login()
    assert "A few questions, when you have a moment" in client.get("/").get_data(as_text=True)
    today = local_today("Europe/London")
    _taken(app, people["client"], "barc10", today - timedelta(days=3))
    _taken(app, people["client"], "mspss", today)
    assert "A few questions, when you have a moment" not in client.get("/").get_data(as_text=True)


def test_home_offers_them_again_30_days_after_the_last_answers(app, client, auth, people):
    today = local_today("Europe/London")
    _taken(app, people["client"], "barc10", today - timedelta(days=30))
    _taken(app, people["client"], "mspss", today - timedelta(days=2))
    auth.login()
    page = client.get("/").get_data(as_text=True)
    assert "A short questionnaire is ready" in page


# --- answering on the client's pages -------------------------------------------------------------

def test_the_questionnaire_shows_every_statement_with_its_answers_and_says_skipping_is_fine(client, auth, people):
    auth.login()
    page = client.get("/measures/mspss").get_data(as_text=True)
    for item in INSTRUMENTS["mspss"].items:
        assert item.text in page
    assert page.count('type="radio" id="item-') == 12 and "Very strongly agree" in page
    assert "Skip any question you" in page and "leave it blank" in page


def test_answers_are_saved_one_row_each_skipped_ones_absent_with_the_clients_local_day(app, client, auth, people,
                                                                                       time_machine):
    time_machine.move_to(datetime(2026, 3, 10, 23, 30, tzinfo=timezone.utc))  # already 11 March in Auckland
    with app.app_context():
        db.session.get(User, people["client"]).timezone = "Pacific/Auckland"
        db.session.commit()
    auth.login()
    answers = {f"item-{n}": "6" for n in range(1, 11)} | {"item-4": ""}
    response = client.post("/measures/barc10", data=answers)
    assert response.status_code == 303 and response.headers["Location"].endswith("/measures/barc10/result")
    with app.app_context():
        taken = db.session.scalars(select(Questionnaire)).one()
        assert (taken.client_id, taken.taken_on, taken.score, taken.answered) == (people["client"], date(2026, 3, 11),
                                                                                  60, 9)
        assert sorted(answer.item for answer in taken.answers) == sorted(set(map(str, range(1, 11))) - {"4"})


def test_an_answer_off_the_scale_is_refused_with_the_page_again(app, client, auth, people):
    auth.login()
    response = client.post("/measures/barc10", data={"item-1": "7"})
    assert response.status_code == 422 and "Please choose one of the answers, or skip this one." in response.get_data(
        as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Questionnaire)).first() is None


def test_the_barc10_result_says_the_total_and_the_published_finding_without_judgement(client, auth, people):
    auth.login()
    client.post("/measures/barc10", data={f"item-{n}": "4" for n in range(1, 11)})
    page = client.get("/measures/barc10/result").get_data(as_text=True)
    assert "Your total: 40 out of 60" in page
    assert "a total of 47 or more was associated with sustained remission" in page
    assert "Recovery capital grows as life changes" in page and "Your total is in that range." not in page


def test_a_barc10_total_of_47_is_said_to_be_in_that_range(client, auth, people):
    auth.login()
    client.post("/measures/barc10", data={f"item-{n}": ("5" if n <= 7 else "4") for n in range(1, 11)})
    page = client.get("/measures/barc10/result").get_data(as_text=True)
    assert "Your total: 47 out of 60" in page and "Your total is in that range." in page


def test_the_mspss_result_shows_the_average_and_each_subscale(client, auth, people):
    auth.login()
    answers = {f"item-{n}": "7" for n in (1, 2, 5, 10)} | {f"item-{n}": "3" for n in (3, 4, 8, 11)} \
        | {f"item-{n}": "5" for n in (6, 7, 9, 12)}
    page = client.post("/measures/mspss", data=answers, follow_redirects=True).get_data(as_text=True)
    assert "Your average: 5 on a scale of 1 to 7" in page
    assert "<dt>Family</dt><dd>3</dd>" in page and "<dt>Friends</dt><dd>5</dd>" in page
    assert "<dt>A special person</dt><dd>7</dd>" in page


def test_too_many_skipped_answers_are_kept_without_a_total(app, client, auth, people):
    auth.login()
    page = client.post("/measures/barc10", data={"item-1": "3"}, follow_redirects=True).get_data(as_text=True)
    assert "there is no total this time" in page
    with app.app_context():
        assert db.session.scalars(select(Questionnaire.score)).one() is None


def test_the_result_before_any_answer_leads_to_the_questions(client, auth, people):
    auth.login()
    response = client.get("/measures/mspss/result")
    assert response.status_code == 303 and response.headers["Location"].endswith("/measures/mspss")


def test_a_supporter_has_no_measures_pages(app, client, auth, people):
    with app.app_context():
        make_user("sam@example.org", "Sam", is_client=False)
    auth.login("sam@example.org")
    for path in ("/measures", "/measures/barc10", "/measures/calendar/2026-01"):
        assert client.get(path).status_code == 404
    assert client.post("/measures/barc10", data={"item-1": "3"}).status_code == 404


# --- queries per page ----------------------------------------------------------------------------

@pytest.fixture
def answered_often(app, people):
    """A year of Casey's answers: both questionnaires every 30 days, each with every item."""
    today = local_today("Europe/London")
    with app.app_context():
        for n in range(13):
            for key in INSTRUMENTS:
                db.session.add(Questionnaire(
                    client_id=people["client"], instrument=key, taken_on=today - timedelta(days=30 * n), score=4,
                    answered=len(INSTRUMENTS[key].items),
                    answers=[QuestionnaireAnswer(item=item, value=4) for item in INSTRUMENTS[key].item_keys]))
        db.session.commit()


@pytest.mark.parametrize(("path", "shown"), [("/measures", "total 40 out of 60"), ("/measures/mspss", "Very strongly"),
                                             ("/measures/barc10/result", "Your total: 40 out of 60")])
def test_a_measures_page_with_a_year_of_answers_runs_at_most_five_queries(app, client, auth, answered_often, path,
                                                                         shown):
    from tests.helpers import counted_queries

    with app.app_context():
        db.session.execute(update(Questionnaire).where(Questionnaire.instrument == "barc10").values(score=40))
        db.session.commit()
    auth.login()
    with counted_queries(app) as statements:
        page = client.get(path).get_data(as_text=True)
    assert shown in page
    assert len(statements) <= 5, f"{len(statements)} queries:\n" + "\n\n".join(statements)


def test_home_with_the_questionnaires_due_runs_no_query_more(app, client, auth, people):
    """Home's note comes with the session's lookup: no statement names the questionnaire table alone."""
    from tests.helpers import counted_queries

    auth.login()
    with counted_queries(app) as statements:
        page = client.get("/").get_data(as_text=True)
    assert "A few questions, when you have a moment" in page
    assert len(statements) <= 5
    assert [s for s in statements if "questionnaire" in s and "auth_session" not in s] == []
