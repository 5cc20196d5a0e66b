"""Practical needs (recovery capital): housing, work, money, transport, childcare, legal matters
and physical health, each with where it stands, who helps and the next step. `init_app` plugs it
in: the client's pages (views.py), a member's view (members.py), and the open needs that Home and
other pages show (queries.open_needs, templates/needs/_open_list.html)."""
from flask import Flask


def init_app(app: Flask) -> None:
    from recoverynet.auth.sessions import load_with_person
    from recoverynet.needs.members import bp as members_bp
    from recoverynet.needs.queries import (has_open_needs, may_see_needs, members_sharing, open_needs,
                                          open_needs_for_home)
    from recoverynet.needs.views import bp as needs_bp

    app.register_blueprint(needs_bp)
    app.register_blueprint(members_bp)
    app.jinja_env.globals.update(open_needs=open_needs, open_needs_for_home=open_needs_for_home,
                                 may_see_needs=may_see_needs)
    # Home lists them only when its session lookup found one (no query for an empty block).
    load_with_person(app, "has_open_needs", has_open_needs, pages=("home.index",))
    # The needs page's "N members see this page", with the same lookup.
    load_with_person(app, "needs_sharing", members_sharing, pages=("needs.index",))
