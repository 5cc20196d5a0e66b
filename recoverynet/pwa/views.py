"""What makes the app installable: the service worker, the manifest, the offline page."""
import hashlib
import json
import re
from pathlib import Path

from flask import Blueprint, current_app, render_template, request, send_from_directory
from flask_babel import force_locale, lazy_gettext

from recoverynet.i18n import DEFAULT_LANGUAGE, known_language
from recoverynet.static_files import static_url

bp = Blueprint("pwa", __name__)

# "/static/js/app.js" in sw.js, its `const VERSION = "v7"` line and its precache list.
STATIC_LITERAL = re.compile(r'"/static/([^"]+)"')
VERSION_LINE = re.compile(r'(const VERSION = "[^"]*)"')
PRECACHE_LIST = re.compile(r"(const PRECACHE_URLS = \[)([^\]]*)\]")
# The pages that must work with no network (the crisis page is cached apart, the offline page
# with the static files), and `static_url("css/app.css")` in their templates.
OFFLINE_TEMPLATES = ("base.html", "pwa/offline.html", "crisis/index.html")
STATIC_URL_CALL = re.compile(r"""static_url\(\s*["']([^"']+)["']\s*\)""")
# The manifest's words a person sees (the install prompt, the home-screen shortcuts), by their
# English in static/manifest.webmanifest; the name, RecoveryNet, is the same in every language.
MANIFEST_WORDS = {
    "A private space for your recovery: track how you feel, stay close to your support network, "
    "and reach crisis help fast.": lazy_gettext(
        "A private space for your recovery: track how you feel, stay close to your support network, "
        "and reach crisis help fast."),
    "Crisis help": lazy_gettext("Crisis help"),
    "Crisis": lazy_gettext("Crisis"),
    "Log how I feel": lazy_gettext("Log how I feel"),
    "Log": lazy_gettext("Log"),
}
MANIFEST_FIELDS = ("name", "short_name", "description")


def _from_root(filename: str, mimetype: str):
    response = send_from_directory(current_app.static_folder, filename, mimetype=mimetype, max_age=0)
    # Browsers must check for a new worker or manifest on every visit.
    response.headers["Cache-Control"] = "no-cache"
    return response


def _offline_sources() -> list[str]:
    loader = current_app.jinja_env.loader
    return [loader.get_source(current_app.jinja_env, name)[0] for name in OFFLINE_TEMPLATES]


def precached_files() -> list[str]:
    """Every static file the offline and crisis pages use, as named in their templates."""
    return sorted({name for source in _offline_sources() for name in STATIC_URL_CALL.findall(source)})


def worker_source() -> str:
    """sw.js with its precache list filled in, every static file named by its content hash, and
    a VERSION that changes whenever anything it caches, or the worker itself, does."""
    static = Path(current_app.static_folder)
    original = (static / "sw.js").read_text(encoding="utf-8")
    listed = "".join(f'  "/static/{name}",\n' for name in precached_files())
    source = PRECACHE_LIST.sub(lambda found: f"{found.group(1)}{found.group(2)}{listed}]", original, count=1)
    source = STATIC_LITERAL.sub(lambda found: f'"{static_url(found.group(1))}"', source)
    digest = hashlib.sha256(original.encode())
    for part in [*STATIC_LITERAL.findall(source), *_offline_sources()]:
        digest.update(part.encode())
    digest.update((static / "manifest.webmanifest").read_bytes())
    # A new cache name: the new worker precaches afresh and drops the old copies on activate.
    return VERSION_LINE.sub(lambda found: f'{found.group(1)}-{digest.hexdigest()[:8]}"', source, count=1)


@bp.get("/sw.js")
def service_worker():
    """Serve the service worker from the root so its scope is the whole app, precaching the
    content-hashed names the pages use."""
    response = current_app.response_class(worker_source(), mimetype="text/javascript")
    # Browsers must check for a new worker on every visit.
    response.headers["Cache-Control"] = "no-cache"
    return response


def manifest_in(language: str) -> dict:
    """The manifest with its words in `language` (and `lang` saying so)."""
    manifest = json.loads((Path(current_app.static_folder) / "manifest.webmanifest").read_text(encoding="utf-8"))
    with force_locale(language):
        for part in [manifest, *manifest.get("shortcuts", [])]:
            for field in MANIFEST_FIELDS:
                if part.get(field) in MANIFEST_WORDS:
                    part[field] = str(MANIFEST_WORDS[part[field]])
    manifest["lang"] = language
    return manifest


@bp.get("/manifest.webmanifest")
def manifest():
    """Serve the web app manifest: the file itself in English, or its words in the language the
    page's link names (`?lang=es`: a browser fetches the manifest without the person's cookies)."""
    language = known_language(request.args.get("lang"))
    if language in (None, DEFAULT_LANGUAGE):
        return _from_root("manifest.webmanifest", "application/manifest+json")
    response = current_app.response_class(json.dumps(manifest_in(language), ensure_ascii=False, indent=2),
                                          mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/offline")
def offline():
    """The page the service worker shows when a navigation fails; it holds nothing personal."""
    response = current_app.make_response(render_template("pwa/offline.html", public_page=True))
    response.headers["Cache-Control"] = "no-cache"
    return response
