"""The weekly network check-in: the client schedules it and chooses who takes part; each meeting
has a shared agenda (the standard 15-minute one) with notes and action items; the weekly
reminder and a day-before push for each item come from the reminder worker."""
from flask import Flask
from flask_login import current_user


def init_app(app: Flask) -> None:
    """The two blueprints, and the worker's part (reminders/due.py calls back here)."""
    from recoverynet.auth.sessions import load_with_person
    from recoverynet.checkins import agenda, due, schedule, views
    from recoverynet.reminders import due as reminders_due

    app.register_blueprint(views.bp)
    app.register_blueprint(schedule.bp)
    reminders_due.ALSO_REMINDED["checkins"] = due.participants_reminded
    reminders_due.EACH_PASS["checkins"] = due.queue_day_before_pushes
    # Home's small block of the signed-in person's open items (templates/checkins/_home.html).
    app.jinja_env.globals["open_action_items"] = lambda: agenda.open_items_owned_by(current_user)
    # ... read only when the session's lookup on Home found some.
    load_with_person(app, "owns_open_items", agenda.owns_open_items, pages=("home.index",))
