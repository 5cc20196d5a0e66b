"""Error pages that answer HTML or JSON as the request wants."""
from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException


def _handle(error: HTTPException):
    if request.accept_mimetypes.best == "application/json":
        return {"error": error.name, "message": error.description}, error.code
    return render_template("error.html", error=error), error.code


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _handle)
