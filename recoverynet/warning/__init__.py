"""Early warning, by consent only (issue 10): the members a client gave the "warning_signs" scope
get a discreet prompt to check in when a flag appears (recoverynet/flags/), at most once per kind
of flag a day, held by their quiet hours; the client sees who was told (warning/views.py)."""
from flask import Flask


def init_app(app: Flask) -> None:
    """The client's page, and the worker's step (reminders/due.py calls it on each pass)."""
    from recoverynet.reminders import due as reminders_due
    from recoverynet.warning import notices, views

    app.register_blueprint(views.bp)
    reminders_due.EACH_PASS["early_warning"] = notices.each_pass
