"""Error pages that answer HTML or JSON as the request wants.

An error page must render whatever broke, the database included: the session is rolled back
first, and the page is drawn without a query (no inbox count, no tab bar), keeping its Crisis
help link. A database that can't take a write just now (locked, read-only, disk full, connection
lost) gets a 503 with Retry-After, which tells the offline outbox to keep the entry and retry.
"""
import logging
from contextlib import nullcontext

from flask import Flask, current_app, g, render_template, request
from flask.globals import request_ctx
from flask_babel import force_locale, gettext, lazy_gettext
from sqlalchemy import inspect
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge, SecurityError

from recoverynet import sqlite
from recoverynet.extensions import db, login_manager

log = logging.getLogger(__name__)

# What the outbox (JSON) and the page's Save say: the entry waits on the phone and is sent again.
SAVE_LATER = lazy_gettext("Couldn't save just now — your entry is still here; we'll try again.")
# What a page says without JavaScript, where nothing retries by itself.
SAVE_AGAIN = lazy_gettext("Couldn't save just now — your entry is still here. Please tap Save again in a moment.")
RETRY_AFTER_SECONDS = 5

# werkzeug's names for the errors a person may meet (the page's <title>, and its heading where
# there is no plainer one below), marked so they come in the person's language.
_NAMES = {400: lazy_gettext("Bad Request"), 401: lazy_gettext("Unauthorized"), 403: lazy_gettext("Forbidden"),
          404: lazy_gettext("Not Found"), 405: lazy_gettext("Method Not Allowed"), 410: lazy_gettext("Gone"),
          413: lazy_gettext("Request Entity Too Large"), 422: lazy_gettext("Unprocessable Entity"),
          429: lazy_gettext("Too Many Requests"), 500: lazy_gettext("Internal Server Error"),
          503: lazy_gettext("Service Unavailable")}
_HEADINGS = {404: lazy_gettext("We can't find that page"), 403: lazy_gettext("That wasn't allowed"),
             405: lazy_gettext("That didn't work"), 400: lazy_gettext("That didn't work"),
             413: lazy_gettext("That was too much to send"), 503: lazy_gettext("Please try again in a moment")}

# SQLite's words for a moment that passes: another writer holds the lock, the file or its
# folder is read-only (until someone fixes it), the disk is full, the file can't be opened.
_SQLITE_TEMPORARY = ("database is locked", "database table is locked", "database is busy", "readonly database",
                     "database or disk is full", "disk i/o error", "unable to open database file")


def _explanation(error: HTTPException) -> str:
    """The error's description, in plain words where werkzeug's would puzzle a person."""
    if isinstance(error, RequestEntityTooLarge):
        limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
        size = f"{limit / 2**20:.0f} MB" if limit >= 2**20 else f"{limit // 1024} KB"
        return gettext("That was more than we can take at once (the limit is %(size)s). "
                       "Nothing was saved. Please send less, for example a shorter note.", size=size)
    if isinstance(error, SecurityError):
        # The Host header named an address we don't serve (see links.configure_public_address).
        return gettext("RecoveryNet doesn't answer on this address. Please open it from a link or bookmark you trust.")
    return str(error.description)  # ours are marked (lazy_gettext); werkzeug's own stay English


def _page_message(error: HTTPException) -> str:
    if isinstance(error, (RequestEntityTooLarge, SecurityError)) or error.code == 403 or \
            getattr(error, "speaks_plainly", False):
        return _explanation(error)
    if error.code == 404:
        return gettext("It may have been moved or deleted.")
    return gettext("Please go back and try again.")


def _rollback() -> None:
    """Leave the failed transaction, so nothing half-done is kept and the session works again."""
    try:
        db.session.rollback()
    except Exception:  # the connection itself is gone: the next request gets a new one
        log.warning("Rolling back after an error failed too", exc_info=True)


def _loaded_language() -> str | None:
    """The signed-in person's language if this request already loaded them, read without a query
    (the database may be what broke); None otherwise, and the cookie or browser decides."""
    person = g.get("_login_user") or g.get("auth_user")
    state = inspect(person, raiseerr=False) if person is not None else None
    return state.dict.get("language") if state is not None else None


def _handle(error: HTTPException):
    language = _loaded_language()  # before the rollback expires what was loaded
    _rollback()
    if "_login_user" not in g:
        # Flask-Login looks the person up for every template; an error page is drawn as for
        # someone signed out rather than risk that query.
        g._login_user = login_manager.anonymous_user()
    with force_locale(language) if language else nullcontext():
        if request.accept_mimetypes.best == "application/json":
            return {"error": error.name, "message": _explanation(error)}, error.code
        # public_page: the layout asks the database nothing (no signed-in person, no inbox count).
        title = str(_NAMES.get(error.code, error.name))
        if request_ctx.url_adapter is None:
            # The Host was refused before routing, so no address can be built and the layout (all
            # links) can't be drawn: the same words, as plain text.
            return f"{_HEADINGS.get(error.code, title)}\n\n{_page_message(error)}\n", error.code, \
                {"Content-Type": "text/plain; charset=utf-8"}
        return render_template("error.html", error=error, title=title, heading=str(_HEADINGS.get(error.code, title)),
                               message=_page_message(error), public_page=True), error.code


def database_unavailable(error: OperationalError) -> bool:
    """True when the database can't answer just now but will (so the request may be retried)."""
    if error.connection_invalidated or db.engine.dialect.name != "sqlite":
        return True  # PostgreSQL's OperationalError is the server or the connection going away
    return any(words in str(error.orig).lower() for words in _SQLITE_TEMPORARY)


class DatabaseUnavailable(HTTPException):
    code = 503
    description = lazy_gettext("We couldn't do that just now. Nothing you typed is lost: "
                               "please go back and try again in a moment.")
    speaks_plainly = True


def busy_response(body, headers: dict | None = None):
    """A 503 that says when to try again (the outbox and browsers read Retry-After)."""
    return body, 503, {**(headers or {}), "Retry-After": str(RETRY_AFTER_SECONDS)}


def _handle_database_error(error: OperationalError):
    if not database_unavailable(error):
        log.error("Database error", exc_info=error)
        return _handle(InternalServerError(original_exception=error))
    # One line, not a traceback: it comes in bursts. Its words let bench/sqlite_faults.py count locks.
    log.warning("Database unavailable, answered 503: %s: %s", type(error.orig).__name__, error.orig)
    _rollback()
    sqlite.recover_after(error)
    if "_login_user" not in g:  # the language is chosen without asking the database (see _handle)
        g._login_user = login_manager.anonymous_user()
    if request.accept_mimetypes.best == "application/json":
        return busy_response({"error": "database_unavailable", "message": str(SAVE_LATER)})
    return busy_response(_handle(DatabaseUnavailable())[0])


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _handle)
    app.register_error_handler(OperationalError, _handle_database_error)
