"""Medication support: answering a medication reminder's dose "Taken" or "Not today" (from the app
or the notification's buttons), and adherence over 7 and 30 days for the client and the members
they chose. `init_app` plugs it in: the page (views.py), Home's block (home_part.py), a member's
view (member_part.py). The seam for other pages: doses.adherence_for(client), shown with
templates/medication/_adherence.html."""
from flask import Flask


def init_app(app: Flask) -> None:
    from recoverynet.auth.sessions import load_with_person
    from recoverynet.medication import member_part
    from recoverynet.medication.home_part import doses_for_home, latest_answers_column, schedules_column
    from recoverynet.medication.views import bp

    app.register_blueprint(bp)
    member_part.init_app(app)
    app.jinja_env.globals.update(medication_doses_for_home=doses_for_home)
    load_with_person(app, "medication_schedules", schedules_column, pages=("home.index",))
    load_with_person(app, "medication_answers", latest_answers_column, pages=("home.index",))
