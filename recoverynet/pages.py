"""One helper decides whether a request gets a whole page or just a fragment; one reads a posted
form or shows it again; two end a POST; one makes a list's links."""
from collections.abc import Callable

from flask import abort, make_response, render_template, request, url_for

_STAND_IN_ID = 987654321


def wants_fragment() -> bool:
    """True for an htmx request that swaps part of a page; boosted navigations and
    history restores load whole pages, so they get one."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-Boosted") != "true"
        and headers.get("HX-History-Restore-Request") != "true"
    )


def render(page_template: str, fragment: str | None = None, status: int = 200, **context):
    """Render `fragment` for a fragment request, else the full page (which includes it)."""
    template = fragment if fragment and wants_fragment() else page_template
    headers = {}
    if request.method != "GET":
        # A form shown again (say with errors) keeps the address of the page it came from;
        # htmx would otherwise push the POST-only URL, and a reload would fail.
        headers["HX-Push-Url"] = "false"
    return render_template(template, **context), status, headers


def read_form(read, show_again, *args):
    """What `read(form, *args)` finds in the posted form. When a field has a problem the request
    ends here, with `show_again(form)`: the page again, each error beside its field, as 422."""
    from recoverynet.forms import Form

    form = Form(request.form)
    values = read(form, *args)
    if not form.ok:
        response = make_response(show_again(form))
        response.status_code = 422
        abort(response)  # a response, not an error: the error pages leave it as it is
    return values


def flash_and_redirect(message: str, endpoint: str, **values):
    """After a POST: the next page says `message`, reached by a 303 so a reload sends nothing again."""
    from flask import flash, redirect, url_for

    flash(message)
    return redirect(url_for(endpoint, **values), code=303)


def commit_and_redirect(message: str, endpoint: str, **values):
    """The end of a POST that changed something: the request's one commit, then flash_and_redirect."""
    from recoverynet.extensions import db

    db.session.commit()
    return flash_and_redirect(message, endpoint, **values)


def page_number() -> int:
    """The list page asked for (?page=N), 1 if none or nonsense; bounded, so the offset fits the
    database's integers (a huge page number was a 500)."""
    from recoverynet.forms import RECORD_ID_MAX

    return min(max(request.args.get("page", 1, type=int), 1), RECORD_ID_MAX)


def wants_json() -> bool:
    """True for the offline outbox and other scripts that ask for JSON."""
    return request.accept_mimetypes.best == "application/json"


def owned_or_404(model, record_id: int, owner_column: str = "user_id"):
    """The signed-in person's own record, or 404 (never 403: another's record is not even
    confirmed to exist)."""
    from flask import abort
    from flask_login import current_user

    from recoverynet.extensions import db

    record = db.session.get(model, record_id)
    if record is None or getattr(record, owner_column) != current_user.id:
        abort(404)
    return record


def add_delete_views(bp, rule: str, load, template: str, name: str, deleted) -> None:
    """The two views every deletable record shares, under `rule` + "/delete": GET asks first, so a
    stray tap loses nothing; POST deletes for good, then says so. `load(record_id)` finds the
    signed-in person's own record (or 404s); `deleted(record)` gives (message, endpoint), read
    before the commit expires the record."""
    from flask_login import login_required

    from recoverynet.extensions import db

    @login_required
    def confirm_delete(**ids):
        """Ask before deleting."""
        return render(template, **{name: load(*ids.values())})

    @login_required
    def delete(**ids):
        """Delete the record for good."""
        record = load(*ids.values())
        message, endpoint = deleted(record)
        db.session.delete(record)
        return commit_and_redirect(message, endpoint)

    bp.add_url_rule(rule + "/delete", "confirm_delete", confirm_delete, methods=["GET"])
    bp.add_url_rule(rule + "/delete", "delete", delete, methods=["POST"])


def id_links(endpoint: str, key: str, **values) -> Callable[[int], str]:
    """url_for(endpoint, key=id, **values) for each of a list's ids, the address worked out once
    with a stand-in id (url_for takes ~15 µs, and a long history's page lists dozens of links)."""
    before, after = url_for(endpoint, **values, **{key: _STAND_IN_ID}).split(str(_STAND_IN_ID))
    return lambda record_id: f"{before}{record_id}{after}"
