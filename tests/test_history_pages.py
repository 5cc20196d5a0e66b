"""Pages that list a long history cost about what a new client's cost (issue 8, part 2): the
words of a listed day or time are made once, not once a row. bench/history_growth.py times it."""
from datetime import date, datetime, timezone

from flask_babel import force_locale

from recoverynet import templating


def test_a_listed_day_is_put_into_words_once_per_language(app, monkeypatch):
    made = []
    real = templating.format_skeleton
    monkeypatch.setattr(templating, "format_skeleton", lambda *args, **kw: made.append(args) or real(*args, **kw))
    templating._day_words.cache_clear()
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
