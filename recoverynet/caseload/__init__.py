"""The caseload of a clinician or peer coach: one row per client who granted them the
"measures" scope, with sober days, last entry, latest check-in, this month's measures and flags
(recoverynet/flags/), sorted by need; and the service report as CSV (report.py)."""
from flask import Flask


def init_app(app: Flask) -> None:
    from recoverynet.caseload.views import bp

    app.register_blueprint(bp)
