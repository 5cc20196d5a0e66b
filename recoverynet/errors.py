"""Error pages that answer HTML or JSON as the request wants."""
from flask import Flask, current_app, render_template, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge, SecurityError


def _explanation(error: HTTPException) -> str:
    """The error's description, in plain words where werkzeug's would puzzle a person."""
    if isinstance(error, RequestEntityTooLarge):
        limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
        size = f"{limit / 2**20:.0f} MB" if limit >= 2**20 else f"{limit // 1024} KB"
        return (f"That was more than we can take at once (the limit is {size}). "
                "Nothing was saved. Please send less, for example a shorter note.")
    if isinstance(error, SecurityError):
        # The Host header named an address we don't serve (see links.configure_public_address).
        return "RecoveryNet doesn't answer on this address. Please open it from a link or bookmark you trust."
    return error.description


def _page_message(error: HTTPException) -> str:
    if isinstance(error, (RequestEntityTooLarge, SecurityError)) or error.code == 403 or \
            getattr(error, "speaks_plainly", False):
        return _explanation(error)
    return "It may have been moved or deleted." if error.code == 404 else "Please go back and try again."


def _handle(error: HTTPException):
    if request.accept_mimetypes.best == "application/json":
        return {"error": error.name, "message": _explanation(error)}, error.code
    return render_template("error.html", error=error, message=_page_message(error)), error.code


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _handle)
