"""The monthly care-team review: once a month the client and the members they ask (holding the
check-ins scope) look at safety, goals, medication, practical needs, roles in the network, the
relapse-prevention plan and (when that issue lands) the month's measures; the review is saved with
its day and who took part. Its own blueprint, not part of check-ins: another rhythm, its own
schedule, reminder and record, though it reads the check-ins' action items and uses their scope.

Other features ask `queries.reviews_held(client_id)` whether and when the first and last review
were held, and fill `views.ALONGSIDE` to show their part on the review page."""
from flask import Flask


def init_app(app: Flask) -> None:
    """The blueprint, the worker's monthly reminder, and what the client's pages bring with the session."""
    from sqlalchemy.orm import lazyload

    from recoverynet.auth.sessions import load_row_with_person, load_with_person
    from recoverynet.reminders import due as reminders_due
    from recoverynet.review import due, views
    from recoverynet.review.models import ReviewPlan
    from recoverynet.review.queries import PLANS_ALONG

    app.register_blueprint(views.bp)
    reminders_due.EACH_PASS["review"] = due.queue_monthly_reminders
    client_pages = ("review.mine", "review.save", "review.mark_crisis_reviewed")
    for name, column_for in PLANS_ALONG.items():
        load_with_person(app, name, column_for, pages=client_pages)
    load_row_with_person(app, "review_plan", ReviewPlan, lambda person_id: ReviewPlan.client_id == person_id,
                         lazyload(ReviewPlan.participants), pages=client_pages + ("review.schedule",))
