"""Looking back at a slip (network therapy's functional analysis), with the views of the members
the client asks. `init_app` plugs it in: its pages, and its parts of Home and of a member's page
of the client (templates/analysis/_offer.html, _for_member.html)."""
from flask import Flask


def init_app(app: Flask) -> None:
    from recoverynet.analysis import people
    from recoverynet.auth.sessions import load_with_person
    from recoverynet.network.support import MEMBER_PAGE_ALONG
    from recoverynet.analysis.models import MEMBER_QUESTIONS, QUESTIONS, STEP_TITLES, STEPS
    from recoverynet.analysis.perspectives import bp as perspectives_bp
    from recoverynet.analysis.views import bp as analysis_bp

    # Home's offer, one value brought with the session's lookup instead of a query of its own.
    load_with_person(app, "newest_slip_day", people.newest_slip_day, pages=("home.index",))
    # The member's page of the client lists what they were asked about: it comes with the card.
    MEMBER_PAGE_ALONG["analyses_asked"] = people.asked_of_member
    app.register_blueprint(analysis_bp)
    app.register_blueprint(perspectives_bp)
    app.jinja_env.globals.update(slip_to_offer=people.slip_to_offer, analyses_for_member=people.analyses_for_member,
                                 analysis_questions=QUESTIONS, analysis_member_questions=MEMBER_QUESTIONS,
                                 analysis_step_titles=STEP_TITLES, analysis_steps=STEPS,
                                 analysis_day=people.day_text)
