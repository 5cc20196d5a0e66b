"""Measures that matter (issue 10): the validated questionnaires (BARC-10, MSPSS) whose items and
scoring live in instruments.json, the month calendar on which the client confirms the days they
used (the Timeline Followback way), and the month-by-month measures built from them and the rest
of the app (check-ins, meetings, the crisis plan, medication)."""
from flask import Flask


def init_app(app: Flask) -> None:
    """The measures blueprint (blueprint.py) with the questionnaires and the use-day calendar, and
    Home's note of a questionnaire due (its last days come with the session's lookup on Home)."""
    from recoverynet.auth.sessions import load_with_person
    from recoverynet.measures import calendar_page, progress, questionnaires  # noqa: F401  (they add their routes)
    from recoverynet.measures.blueprint import bp
    from recoverynet.measures.due import due_for_home, last_taken_column
    from recoverynet.measures.instruments import INSTRUMENTS

    app.register_blueprint(bp)
    from recoverynet.measures.progress import review_part
    from recoverynet.review.views import ALONGSIDE
    if review_part not in ALONGSIDE["measures"]:  # once, however many apps are built (tests)
        ALONGSIDE["measures"].append(review_part)  # the monthly review shows this month's measures
    app.jinja_env.globals.update(measures_due_for_home=due_for_home)
    for key in INSTRUMENTS:
        load_with_person(app, f"measures_last_{key}", last_taken_column(key), pages=("home.index",))
