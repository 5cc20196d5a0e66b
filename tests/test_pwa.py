"""What makes the app installable and gives it an offline page."""
import json
import re
import shutil

import pytest

from recoverynet.static_files import ContentNames


def test_the_manifest_meets_the_install_criteria(client):
    response = client.get("/manifest.webmanifest")
    manifest = json.loads(response.data)
    assert response.mimetype == "application/manifest+json"
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    assert manifest["display"] == "standalone" and manifest["start_url"].startswith("/")
    assert manifest["name"] and manifest["short_name"] and manifest["theme_color"]
    assert any(shortcut["url"] == "/crisis" for shortcut in manifest["shortcuts"])


def test_every_icon_the_manifest_names_exists(client):
    manifest = json.loads(client.get("/manifest.webmanifest").data)
    icons = manifest["icons"] + [i for s in manifest["shortcuts"] for i in s.get("icons", [])]
    for icon in icons:
        assert client.get(icon["src"]).status_code == 200, icon["src"]


def test_the_service_worker_is_served_from_the_root_uncached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert b"const VERSION" in response.data


def test_everything_the_service_worker_precaches_exists(client):
    source = client.get("/sw.js").get_data(as_text=True)
    listed = source[source.index("PRECACHE_URLS = ["):source.index("];", source.index("PRECACHE_URLS"))]
    urls = [part.split('"')[1] for part in listed.splitlines() if part.strip().startswith('"')]
    assert any(re.fullmatch(r"/static/css/app\.[0-9a-f]{12}\.css", url) for url in urls)
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_service_worker_precaches_the_names_the_pages_use(client):
    """The pages link content-hashed names; a worker holding other names would fail offline."""
    source = client.get("/sw.js").get_data(as_text=True)
    page = client.get("/crisis").get_data(as_text=True)
    linked = set(re.findall(r'(?:src|rel="stylesheet" href|data-core)="(/static/[^"]+)"', page))
    assert linked and all(f'"{url}"' in source for url in linked), linked


def test_the_service_worker_version_follows_the_static_files(client, monkeypatch):
    """A changed static file gets a new hash, so the worker gets a new cache name and drops the old copies."""
    def version():
        return re.search(r'const VERSION = "([^"]+)"', client.get("/sw.js").get_data(as_text=True)).group(1)

    before = version()
    real_hashed = ContentNames.hashed
    monkeypatch.setattr(ContentNames, "hashed", lambda names, filename: "css/app.000000000000.css"
                        if filename == "css/app.css" else real_hashed(names, filename))
    after = version()
    assert before != after and before.split("-")[0] == after.split("-")[0]


def test_the_offline_page_holds_nothing_personal(client, auth, people):
    auth.login()
    body = client.get("/offline").get_data(as_text=True)
    assert "You're offline" in body or "You&#39;re offline" in body
    assert "Casey" not in body and "casey@example.org" not in body


def test_every_page_links_the_manifest_and_the_crisis_page(client):
    body = client.get("/").get_data(as_text=True)
    assert 'rel="manifest" href="/manifest.webmanifest"' in body and 'href="/crisis"' in body


def _served_version(client) -> str:
    return re.search(r'const VERSION = "([^"]+)"', client.get("/sw.js").get_data(as_text=True)).group(1)


def test_the_service_worker_precaches_exactly_the_static_files_the_offline_and_crisis_pages_use(client, auth):
    """The list is read from the pages' templates: a file a page starts using is cached offline
    without anyone editing sw.js, and nothing the pages no longer use stays in it."""
    source = client.get("/sw.js").get_data(as_text=True)
    listed = source[source.index("PRECACHE_URLS = ["):source.index("];", source.index("PRECACHE_URLS"))]
    precached = set(re.findall(r'"(/static/[^"]+)"', listed))
    auth.login()
    pages = client.get("/offline").get_data(as_text=True) + client.get("/crisis").get_data(as_text=True)
    assert precached == set(re.findall(r'"(/static/[^"]+)"', pages))


@pytest.fixture
def own_static(app, tmp_path, monkeypatch):
    """The app serving a copy of static/ whose files a test may change (for this test only)."""
    folder = tmp_path / "static"
    shutil.copytree(app.static_folder, folder)
    monkeypatch.setattr(app, "static_folder", str(folder))
    monkeypatch.setitem(app.extensions, "content_names", ContentNames(str(folder), watch=True))
    return folder


def test_changing_a_precached_files_content_changes_the_service_worker_version(client, own_static):
    before = _served_version(client)
    script = own_static / "js" / "share.js"
    script.write_text(script.read_text(encoding="utf-8") + "\n// changed\n", encoding="utf-8")
    assert _served_version(client) != before


def test_changing_the_manifest_changes_the_service_worker_version(client, own_static):
    before = _served_version(client)
    manifest = own_static / "manifest.webmanifest"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("RecoveryNet", "Recovery Net", 1),
                        encoding="utf-8")
    assert _served_version(client) != before


def test_changing_the_crisis_template_changes_the_service_worker_version(app, client, monkeypatch):
    before = _served_version(client)
    loader = app.jinja_env.loader
    real_get_source = loader.get_source

    def edited(environment, name):
        source, filename, uptodate = real_get_source(environment, name)
        return (source + "\n{# changed #}" if name == "crisis/index.html" else source), filename, uptodate

    monkeypatch.setattr(loader, "get_source", edited)
    assert _served_version(client) != before


# ---- In the person's language (issue 16) ----

def test_a_spanish_page_links_the_manifest_in_spanish_and_an_english_one_the_file_itself(client):
    assert 'rel="manifest" href="/manifest.webmanifest?lang=es"' in client.get(
        "/login", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert 'rel="manifest" href="/manifest.webmanifest"' in client.get("/login").get_data(as_text=True)


def test_the_spanish_manifest_says_its_words_in_spanish_and_keeps_the_name(client):
    english = json.loads(client.get("/manifest.webmanifest").data)
    response = client.get("/manifest.webmanifest?lang=es")
    spanish = json.loads(response.data)
    assert response.mimetype == "application/manifest+json" and response.headers["Cache-Control"] == "no-cache"
    assert spanish["lang"] == "es" and spanish["name"] == spanish["short_name"] == "RecoveryNet"
    assert spanish["description"].startswith("Un espacio privado para tu recuperación")
    assert [s["name"] for s in spanish["shortcuts"]] == ["Ayuda en crisis", "Registrar cómo estoy"]
    # Everything else (icons, urls, colours) is the file's.
    assert {k: v for k, v in spanish.items() if k not in ("lang", "description", "shortcuts")} == \
        {k: v for k, v in english.items() if k not in ("lang", "description", "shortcuts")}


@pytest.mark.parametrize("value", ["xx", "en", "../es", ""])
def test_a_manifest_lang_we_do_not_speak_serves_the_english_file(client, value):
    response = client.get(f"/manifest.webmanifest?lang={value}")
    assert json.loads(response.data)["description"].startswith("A private space for your recovery")


def test_the_offline_page_holds_the_note_the_worker_answers_htmx_with_in_its_language(client):
    """The worker reads <template id="offline-note"> from the saved offline page (sw.js), so an
    htmx request with no signal is answered in the language that page was saved in."""
    worker = client.get("/sw.js").get_data(as_text=True)
    assert 'template id="offline-note"' in worker
    spanish = client.get("/offline", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert re.search(r'<template id="offline-note"><p class="offline-note" role="status">Sin conexión\. [^<]+</p>'
                     r'</template>', spanish)
    english = client.get("/offline").get_data(as_text=True)
    assert ("<p class=\"offline-note\" role=\"status\">You're offline. This will work again when you're "
            "back online.</p>") in english


def test_the_offline_page_names_each_country_in_the_readers_language(client):
    body = client.get("/offline", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Reino Unido:" in body and "En otros lugares:" in body and "Llamar al 999" in body
