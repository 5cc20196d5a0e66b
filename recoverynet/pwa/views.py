"""What makes the app installable: the service worker, the manifest, the offline page."""
from flask import Blueprint, current_app, render_template, send_from_directory

bp = Blueprint("pwa", __name__)


def _from_root(filename: str, mimetype: str):
    response = send_from_directory(current_app.static_folder, filename, mimetype=mimetype, max_age=0)
    # Browsers must check for a new worker or manifest on every visit.
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/sw.js")
def service_worker():
    """Serve the service worker from the root so its scope is the whole app."""
    return _from_root("sw.js", "text/javascript")


@bp.get("/manifest.webmanifest")
def manifest():
    """Serve the web app manifest."""
    return _from_root("manifest.webmanifest", "application/manifest+json")


@bp.get("/offline")
def offline():
    """The page the service worker shows when a navigation fails; it holds nothing personal."""
    response = current_app.make_response(render_template("pwa/offline.html", public_page=True))
    response.headers["Cache-Control"] = "no-cache"
    return response
