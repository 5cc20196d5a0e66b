"""Static files, served by WhiteNoise: compressed, and named by their content so a phone keeps
them for a year and still never runs an old script.

Templates ask for `static_url("css/app.css")` and get `/static/css/app.<hash>.css`, where the
hash is the file's content. That URL is served for as long as the content is the same, with
`immutable` caching; the plain name still works, cached for a minute. No build step: the names
are worked out when the app starts (or, in development, when a file changes), and the gzip
copies come from `python -m whitenoise.compress static` (run by `make setup`)."""
import hashlib
import re
from pathlib import Path

from flask import Flask, current_app
from whitenoise import WhiteNoise

PREFIX = "/static/"
# app.<12 hex digits>.css: only such a URL is cached for good.
HASHED_NAME = re.compile(r"\.([0-9a-f]{12})(\.[^./]+)$")


class ContentNames:
    """The content-hashed name of each file in one folder, re-read when a file changes."""

    def __init__(self, folder: str, watch: bool = False):
        self.folder = Path(folder)
        # Without watching (production), a name is worked out once: files don't change under a
        # running app, and a page links ten of them.
        self.watch = watch
        self._known: dict[str, tuple[tuple[int, int], str]] = {}

    def hashed(self, filename: str) -> str:
        """'css/app.css' -> 'css/app.3f2a9c1b7d4e.css' (the name unchanged if the file is missing)."""
        known = self._known.get(filename)
        if known is not None and not self.watch:
            return known[1]
        path = self.folder / filename
        try:
            stat = path.stat()
        except OSError:
            return filename
        signature = (stat.st_mtime_ns, stat.st_size)
        if known is None or known[0] != signature:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            stem, dot, extension = filename.rpartition(".")
            known = (signature, f"{stem}.{digest}.{extension}" if dot else f"{filename}.{digest}")
            self._known[filename] = known
        return known[1]

    def original(self, hashed_name: str) -> str | None:
        """The file a hashed name stands for, if its content still has that hash."""
        match = HASHED_NAME.search(hashed_name)
        if not match:
            return None
        filename = hashed_name[:match.start()] + match.group(2)
        return filename if self.hashed(filename) == hashed_name else None


class ContentHashedWhiteNoise(WhiteNoise):
    """WhiteNoise that also answers each file's content-hashed URL."""

    def __init__(self, application, names: ContentNames, **options):
        self.names = names
        super().__init__(application, **options)

    def add_file_to_dictionary(self, url, path, stat_cache=None):
        super().add_file_to_dictionary(url, path, stat_cache=stat_cache)
        if url in self.files and url.startswith(PREFIX):  # not a .gz copy
            hashed_url = PREFIX + self.names.hashed(url[len(PREFIX):])
            self.files[hashed_url] = self.get_static_file(path, hashed_url, stat_cache=stat_cache)

    def candidate_paths_for_url(self, url):
        # Development (autorefresh): a hashed URL is the file itself, if the content still matches.
        if url.startswith(PREFIX):
            original = self.names.original(url[len(PREFIX):])
            if original:
                url = PREFIX + original
        yield from super().candidate_paths_for_url(url)

    def get_static_file(self, path, url, stat_cache=None):
        static_file = super().get_static_file(path, url, stat_cache=stat_cache)
        if self.autorefresh:
            # Development: a file edited since `make setup` has an out-of-date gzip copy; send the
            # file itself. (Each alternative is (encoding pattern, path, headers).)
            static_file.alternatives = [choice for choice in static_file.alternatives if choice[1] == path]
        return static_file

    def immutable_file_test(self, path, url):
        return bool(HASHED_NAME.search(url))


def _security_headers(headers, path, url):
    # The app's own after_request never sees these responses.
    headers["X-Content-Type-Options"] = "nosniff"


def static_url(filename: str) -> str:
    """The URL of a file in static/, named by its content: the one way templates link them."""
    return PREFIX + current_app.extensions["content_names"].hashed(filename)


def init_app(app: Flask) -> None:
    autorefresh = bool(app.config.get("STATIC_AUTOREFRESH"))
    names = ContentNames(app.static_folder, watch=autorefresh)
    app.extensions["content_names"] = names
    app.jinja_env.globals["static_url"] = static_url
    app.wsgi_app = ContentHashedWhiteNoise(
        app.wsgi_app, names, root=app.static_folder, prefix=PREFIX, autorefresh=autorefresh,
        # Same-origin files only (no CDN), so no Access-Control-Allow-Origin: fewer bytes per file.
        max_age=60, allow_all_origins=False, add_headers_function=_security_headers)
