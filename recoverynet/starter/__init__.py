"""Starting well (issue 9, DESIGN.md part 12): the 30-day starter plan on Home, which ticks
itself from what the client did, and the network page's "A basic working network" checklist.
`init_app` plugs it in: its pages (views.py), the two blocks' template functions, and the facts
they tick from, brought by the session's lookup on Home and on the network page."""
from flask import Flask


def init_app(app: Flask) -> None:
    from recoverynet.auth.sessions import load_with_person
    from recoverynet.starter.checklist import NETWORK_FACTS, working_network
    from recoverynet.starter.facts import FACTS
    from recoverynet.starter.plan import PLAN_FACTS, is_shown, starter_plan
    from recoverynet.starter.views import bp

    app.register_blueprint(bp)
    app.jinja_env.globals.update(starter_plan=starter_plan, starter_plan_is_shown=is_shown,
                                 working_network=working_network)
    for name, fact in FACTS.items():
        pages = ("home.index",) * (name in PLAN_FACTS) + ("network.index",) * (name in NETWORK_FACTS)
        load_with_person(app, f"starter_{name}", fact, pages=pages)
