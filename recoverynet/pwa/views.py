"""What makes the app installable: the service worker, the manifest, the offline page."""
import hashlib
import re
from pathlib import Path

from flask import Blueprint, current_app, render_template, send_from_directory

from recoverynet.static_files import static_url

bp = Blueprint("pwa", __name__)

# "/static/js/app.js" in sw.js, and its `const VERSION = "v7"` line.
STATIC_LITERAL = re.compile(r'"/static/([^"]+)"')
VERSION_LINE = re.compile(r'(const VERSION = "[^"]*)"')


def _from_root(filename: str, mimetype: str):
    response = send_from_directory(current_app.static_folder, filename, mimetype=mimetype, max_age=0)
    # Browsers must check for a new worker or manifest on every visit.
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/sw.js")
def service_worker():
    """Serve the service worker from the root so its scope is the whole app, naming each static
    file by its content hash (the names the pages use), so it precaches exactly those."""
    source = (Path(current_app.static_folder) / "sw.js").read_text(encoding="utf-8")
    source = STATIC_LITERAL.sub(lambda found: f'"{static_url(found.group(1))}"', source)
    # A changed static file is a new cache name, so the old copies are dropped on activate.
    files_version = hashlib.sha256(" ".join(STATIC_LITERAL.findall(source)).encode()).hexdigest()[:8]
    source = VERSION_LINE.sub(lambda found: f'{found.group(1)}-{files_version}"', source, count=1)
    response = current_app.response_class(source, mimetype="text/javascript")
    # Browsers must check for a new worker on every visit.
    response.headers["Cache-Control"] = "no-cache"
    return response


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
