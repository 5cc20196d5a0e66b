"""Pages that list a long history cost about what a new client's cost (issue 8, part 2): the
words of a listed day or time are made once, not once a row. bench/history_growth.py times it."""
import re
from datetime import date, datetime, timedelta, timezone

from flask_babel import force_locale

from recoverynet import templating
from recoverynet.checkins.models import Checkin
from recoverynet.extensions import db
from recoverynet.timeutil import local_today
from tests.helpers import make_user
from tests.network_world import add_member, sign_in_as


def test_a_listed_day_is_put_into_words_once_per_language(app, monkeypatch):
    made = []
    real = templating.format_skeleton
    monkeypatch.setattr(templating, "format_skeleton", lambda *args, **kw: made.append(args) or real(*args, **kw))
    templating.day_words.cache_clear()
    with app.test_request_context("/"):
        texts = [templating.format_local_date(date(2031, 3, 4), "MMMMd") for _ in range(20)]
    assert texts == ["March 4"] * 20 and len(made) == 1


def test_a_cached_day_or_time_is_still_in_each_reader_s_language(app):
    moment = datetime(2031, 3, 4, 15, 4, 59, tzinfo=timezone.utc)
    with app.test_request_context("/"):
        english = templating.format_local_date(moment, "MMMMd"), templating.format_local_time(moment, "short")
        with force_locale("es"):
            spanish = templating.format_local_date(moment, "MMMMd"), templating.format_local_time(moment, "short")
        again = templating.format_local_date(moment, "MMMMd"), templating.format_local_time(moment, "short")
    assert english == again and english[0] == "March 4" and spanish[0] == "4 de marzo"
    assert english[1].startswith("3:04") and spanish[1] == "15:04"


def add_checkins(app, client_id: int, weeks: int) -> None:
    """A check-in every week for `weeks` weeks, the latest last week."""
    with app.app_context():
        today = local_today("Europe/London")
        db.session.add_all(Checkin(client_id=client_id, held_on=today - timedelta(weeks=n + 1)) for n in range(weeks))
        db.session.commit()


def listed_checkins(body: str) -> list[str]:
    return re.findall(r'href="/checkins/\d+/(\d{4}-\d\d-\d\d)"', body)


def test_the_checkins_page_lists_the_last_eight_and_a_link_to_earlier_ones(app, client, auth, people):
    add_checkins(app, people["client"], 20)
    auth.login()
    body = client.get("/checkins").get_data(as_text=True)
    assert len(listed_checkins(body)) == 8 and 'href="/checkins?page=2"' in body


def test_the_next_checkins_page_lists_the_eight_before_and_the_last_page_ends(app, client, auth, people):
    add_checkins(app, people["client"], 20)
    auth.login()
    first, second, third = (listed_checkins(client.get(f"/checkins?page={n}").get_data(as_text=True))
                            for n in (1, 2, 3))
    body = client.get("/checkins?page=3").get_data(as_text=True)
    assert len(second) == 8 and max(second) < min(first) and len(third) == 4 and max(third) < min(second)
    assert "Show earlier check-ins" not in body and "Back to the newest" in body


def test_a_member_pages_through_earlier_checkins_on_their_own_address(app, client, people):
    member, _ = add_member(app, people["client"], "mia@example.org", "Mia", scopes=("checkins",))
    add_checkins(app, people["client"], 9)
    sign_in_as(client, "mia@example.org")
    body = client.get(f"/checkins/{people['client']}").get_data(as_text=True)
    assert f'href="/checkins/{people["client"]}?page=2"' in body
    assert len(listed_checkins(client.get(f"/checkins/{people['client']}?page=2").get_data(as_text=True))) == 1


def test_a_page_s_sentences_are_looked_up_in_one_catalog_per_language(app, monkeypatch):
    from recoverynet import i18n

    looked_up = []
    monkeypatch.setattr(i18n, "get_translations", lambda: looked_up.append(1) or real())
    real = __import__("flask_babel").get_translations
    template = app.jinja_env.from_string('{% for n in range(50) %}{{ _("Taken") }} {% endfor %}')
    with app.test_request_context("/"):
        english = template.render()
        with force_locale("es"):
            spanish = template.render()
        again = template.render()
    assert english == again == "Taken " * 50 and spanish == "Tomada " * 50 and len(looked_up) == 3


def test_the_prevention_plan_reads_the_window_s_on_track_entries_from_their_own_index(sqlite_app):
    from sqlalchemy import event

    from recoverynet.auth.models import User
    from recoverynet.prevention import suggestions

    sent = []
    with sqlite_app.app_context():
        client = db.session.get(User, make_user("casey@example.org", "Casey Client").id)
        keep = lambda conn, cursor, sql, params, context, many: sent.append((sql, params))  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", keep)
        suggestions.coping_suggestions(client)
        event.remove(db.engine, "before_cursor_execute", keep)
        connection = db.session.connection().connection.driver_connection
        plan = [row[3] for sql, params in sent for row in connection.execute("EXPLAIN QUERY PLAN " + sql, params)]
    assert any("USING INDEX ix_entry_user_outcome (user_id=? AND outcome=? AND logged_at>?)" in step
               for step in plan), plan


def test_an_entry_s_mood_word_is_read_through_the_request_s_catalog(app, monkeypatch):
    from recoverynet import i18n

    looked_up = []
    real = __import__("flask_babel").get_translations
    monkeypatch.setattr(i18n, "get_translations", lambda: looked_up.append(1) or real())
    template = app.jinja_env.from_string('{% for n in range(20) %}{{ mood|mood_word }} {% endfor %}')
    with app.test_request_context("/"):
        english = template.render(mood=2)
        with force_locale("es"):
            spanish = template.render(mood=2)
    assert english == "Low " * 20 and spanish == "Mal " * 20 and len(looked_up) == 2


def test_the_script_sentences_every_page_writes_are_looked_up_once_per_language(app, monkeypatch):
    from recoverynet import i18n

    built = []
    real = i18n._js_sentences
    monkeypatch.setattr(i18n, "_js_sentences", lambda: built.append(1) or real())
    i18n._js_sentences_in.cache_clear()
    with app.test_request_context("/"):
        english = [i18n.js_strings() for _ in range(5)]
        with force_locale("es"):
            spanish = i18n.js_strings()
    assert len(built) == 2 and english[0] == english[4] and english[0]["all_sent"] == "All sent."
    assert spanish["all_sent"] != "All sent."
