"""Static files: content-hashed names cached for a year, brotli or gzip for browsers that take it."""
import re

from whitenoise.compress import main as compress

STYLESHEET = re.compile(r'rel="stylesheet" href="(/static/css/app\.[0-9a-f]{12}\.css)"')


def test_pages_link_static_files_by_their_content_hash(client):
    assert STYLESHEET.search(client.get("/crisis").get_data(as_text=True))


def test_a_hashed_static_file_is_cached_for_a_year(client):
    url = STYLESHEET.search(client.get("/crisis").get_data(as_text=True)).group(1)
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert response.headers["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_plain_name_still_works_but_is_cached_briefly(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "max-age=60, public"


def test_a_hash_that_no_longer_matches_the_file_is_not_found(client):
    assert client.get("/static/css/app.000000000000.css").status_code == 404


def test_static_files_are_sent_compressed_to_browsers_that_accept_it(app, client):
    compress(["--quiet", app.static_folder])  # what `make setup` does
    app.wsgi_app.add_files(app.static_folder, prefix="/static/")  # WhiteNoise looks once, at start
    url = STYLESHEET.search(client.get("/crisis").get_data(as_text=True)).group(1)
    plain = client.get(url)
    zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    brotli = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert zipped.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped.headers["Vary"]
    assert brotli.headers["Content-Encoding"] == "br"
    assert len(brotli.data) < len(zipped.data) < len(plain.data) / 3
