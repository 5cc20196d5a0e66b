"""Security applied to every response: cross-site refusal, headers, caching, cookies."""
import pytest

from tests.routes import every_route

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def unsafe_routes(app):
    return [(method, rule.replace("<int:entry_id>", "1").replace("<token>", "x"))
            for _, method, rule in every_route(app) if method in UNSAFE]


def get_routes(app):
    return [rule.replace("<int:entry_id>", "1").replace("<token>", "x")
            for _, method, rule in every_route(app) if method == "GET"]


@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},
    {"Sec-Fetch-Site": "cross-site", "HX-Request": "true"},
    {"Sec-Fetch-Site": None, "Origin": "https://evil.example"},
], ids=["cross-site", "same-site", "cross-site-htmx", "foreign-origin"])
def test_every_unsafe_route_refuses_a_cross_site_request(app, client, auth, people, headers):
    auth.login()
    for method, url in unsafe_routes(app):
        response = client.open(url, method=method, headers=headers)
        assert response.status_code == 403, f"{method} {url}"


def test_a_post_without_origin_or_fetch_metadata_is_refused(client):
    response = client.post("/login", data={"email": "a@example.org", "password": "x"},
                           headers={"Sec-Fetch-Site": None})
    assert response.status_code == 403


def test_a_post_with_our_own_origin_is_accepted_from_older_browsers(client):
    response = client.post("/login", data={"email": "a@example.org", "password": "wrong pass"},
                           headers={"Sec-Fetch-Site": None, "Origin": "http://localhost"})
    assert response.status_code == 422


def test_a_cross_site_refusal_explains_itself(client):
    response = client.post("/login", headers={"Sec-Fetch-Site": "cross-site"})
    assert b"sent from another site" in response.data


def test_every_page_sends_the_security_headers(app, client, auth, people):
    auth.login()
    for url in get_routes(app):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, url
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
        assert headers["X-Content-Type-Options"] == "nosniff", url
        assert headers["Referrer-Policy"] == "same-origin", url
        assert "HX-Request" in headers.get("Vary", ""), url


def test_every_personal_page_is_no_store(app, client, auth, people):
    auth.login()
    public = {"/sw.js", "/manifest.webmanifest", "/offline"}
    for url in get_routes(app):
        if url not in public:
            assert client.get(url).headers["Cache-Control"] == "no-store", url


@pytest.mark.parametrize("url", ["/sw.js", "/manifest.webmanifest", "/offline"])
def test_public_shell_files_may_be_cached_but_are_revalidated(client, url):
    assert client.get(url).headers["Cache-Control"] == "no-cache"


def test_no_page_has_inline_script_or_style(app, client, auth, people):
    auth.login()
    for url in get_routes(app):
        body = client.get(url).get_data(as_text=True)
        assert "<script>" not in body and "<style" not in body and " style=" not in body, url
        assert " on" + "click=" not in body and "hx-on" not in body, url


def test_session_cookie_is_httponly_lax_and_secure_by_default(app, people):
    app.config["SESSION_COOKIE_SECURE"] = True
    client = app.test_client()
    response = client.post("/login", data={"email": "casey@example.org", "password": "correct horse battery"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_secure_cookie_is_the_default_without_configuration(monkeypatch, tmp_path):
    from recoverynet.config import from_environment
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    assert from_environment(str(tmp_path))["SESSION_COOKIE_SECURE"] is True
