"""Every security header pinned to its exact value, the cross-site check's safe methods, and the
app behind its one trusted proxy (BEHIND_PROXY).

test_security.py walks every route for the headers that must be everywhere; here each kind of
response (page, JSON, error page, static file) is compared header by header, so a header that is
removed, garbled or loosened fails a test.
"""
import pytest
from sqlalchemy import select

from recoverynet.auth.models import EmailRequest
from recoverynet.extensions import db
from tests.helpers import PASSWORD, make_app

# What a browser may load and from where, directive by directive. Sources are compared as sets.
EXPECTED_POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "connect-src": {"'self'"},
    "manifest-src": {"'self'"},
    "worker-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'none'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}

# Every header the app itself adds to a response of its own, with its exact value.
EXPECTED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cache-Control": "no-store",
}
HSTS = "max-age=31536000"
PUBLIC = "https://recovery.example.org"


def parse_policy(value: str) -> dict[str, set[str]]:
    """'default-src 'self'; img-src 'self' data:' -> {directive: {sources}}; a repeat fails, since
    browsers obey only the first of two same-named directives."""
    policy = {}
    for directive in filter(None, (part.strip() for part in value.split(";"))):
        name, *sources = directive.split()
        assert name not in policy, f"{name} appears twice"
        policy[name] = set(sources)
    return policy


def headers_as_sent(response) -> dict[str, str]:
    """The security headers as they go out, each name spelt exactly as sent."""
    watched = {name.lower() for name in (*EXPECTED_HEADERS, "Content-Security-Policy", "Strict-Transport-Security",
                                         "Vary")}
    return {name: value for name, value in response.headers.items() if name.lower() in watched}


def assert_every_security_header(response) -> None:
    sent = headers_as_sent(response)
    assert parse_policy(sent.pop("Content-Security-Policy", "")) == EXPECTED_POLICY
    # No Strict-Transport-Security over plain HTTP (a browser would ignore it there). The page
    # depends on HX-Request (page or fragment) and Cookie (whose page it is).
    assert sent == {**EXPECTED_HEADERS, "Vary": "HX-Request, Cookie"}


@pytest.fixture
def signed_in(client, auth, people):
    auth.login()
    return client


def test_a_page_sends_every_security_header_with_its_exact_value(signed_in):
    response = signed_in.get("/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert_every_security_header(response)


def test_a_json_answer_sends_every_security_header_with_its_exact_value(signed_in):
    response = signed_in.post("/log", data={"mood": "3"}, headers={"Accept": "application/json"})
    assert response.status_code == 201 and response.is_json
    assert_every_security_header(response)


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_an_error_page_sends_every_security_header_with_its_exact_value(signed_in, accept):
    response = signed_in.get("/no-such-page", headers={"Accept": accept})
    assert response.status_code == 404 and response.mimetype == accept
    assert_every_security_header(response)


def test_a_refused_cross_site_form_sends_every_security_header_with_its_exact_value(client):
    response = client.post("/login", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert_every_security_header(response)


def test_a_static_file_is_sent_with_nosniff_and_nothing_personal(client):
    # Served by WhiteNoise before the app sees the request: only these headers, no cookie, and no
    # Access-Control-Allow-Origin (our files are for our own pages). Vary: Accept-Encoding comes
    # too once `make setup` has made the compressed copies.
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert set(response.headers.keys()) - {"Vary"} == {"Content-Type", "Content-Length", "Cache-Control", "ETag",
                                                       "Last-Modified", "X-Content-Type-Options"}
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Type"] == 'text/css; charset="utf-8"'


def test_the_policy_parser_sees_a_loosened_or_missing_directive():
    # The check above is only as good as this parser: `default-src *` or a dropped directive differ.
    loosened = parse_policy("default-src *; script-src 'self'")
    assert loosened["default-src"] == {"*"} and loosened != EXPECTED_POLICY
    with pytest.raises(AssertionError):
        parse_policy("script-src 'self'; script-src *")


def test_over_https_the_browser_is_told_to_keep_to_https(client):
    response = client.get("/login", base_url="https://localhost")
    assert headers_as_sent(response)["Strict-Transport-Security"] == HSTS


def test_over_plain_http_no_hsts_is_sent(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers


@pytest.mark.parametrize(("method", "status"), [("HEAD", 200), ("OPTIONS", 200), ("POST", 403)])
def test_a_cross_site_head_or_options_is_answered_but_a_cross_site_post_is_refused(client, method, status):
    response = client.open("/login", method=method, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == status


@pytest.mark.parametrize("headers", [{"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": None, "Origin": PUBLIC}],
                         ids=["fetch-metadata", "origin"])
def test_a_cross_site_refusal_says_why_in_one_plain_sentence(client, headers):
    response = client.post("/login", headers={**headers, "Accept": "application/json"})
    assert (response.status_code, response.json) == (403, {
        "error": "Forbidden", "message": "This form was sent from another site, so it was refused."})


@pytest.mark.parametrize("method", ["HEAD", "OPTIONS"])
def test_a_head_or_options_from_an_old_browser_with_a_foreign_origin_is_answered(client, method):
    response = client.open("/login", method=method, headers={"Sec-Fetch-Site": None, "Origin": "https://evil.example"})
    assert response.status_code == 200


# ---- Behind the TLS proxy (BEHIND_PROXY=1): exactly one hop is trusted ----

@pytest.fixture
def proxied_app(app, database_url, instance_dir):
    """The app as the README runs it: behind one proxy, secure cookies, at its public address."""
    return make_app(database_url, instance_dir, BEHIND_PROXY=True, PUBLIC_URL=PUBLIC, SESSION_COOKIE_SECURE=True)


def through_proxy(app, **headers):
    """A client whose requests arrive from the proxy on 127.0.0.1 with these forwarded headers."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "127.0.0.1"
    return client, {"Host": "recovery.example.org", **headers}


def email_request_addresses(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(EmailRequest.client_address)))


def test_behind_the_proxy_the_client_address_is_the_one_the_proxy_appended(proxied_app, people):
    # The client forged the first entry; the proxy appended the address it really saw.
    client, headers = through_proxy(proxied_app, **{"X-Forwarded-For": "10.6.6.6, 203.0.113.9"})
    client.post("/forgot", data={"email": "casey@example.org"}, headers=headers)
    assert email_request_addresses(proxied_app) == ["203.0.113.9"]


def test_without_the_proxy_setting_a_forwarded_for_is_ignored(app, client, people):
    client.environ_base["REMOTE_ADDR"] = "198.51.100.4"
    client.post("/forgot", data={"email": "casey@example.org"}, headers={"X-Forwarded-For": "203.0.113.9"})
    assert email_request_addresses(app) == ["198.51.100.4"]


def test_behind_the_proxy_forwarded_https_gets_hsts(proxied_app):
    client, headers = through_proxy(proxied_app, **{"X-Forwarded-Proto": "https"})
    assert headers_as_sent(client.get("/login", headers=headers))["Strict-Transport-Security"] == HSTS


def test_behind_the_proxy_a_request_the_proxy_got_over_http_gets_no_hsts(proxied_app):
    client, headers = through_proxy(proxied_app, **{"X-Forwarded-Proto": "http"})
    assert "Strict-Transport-Security" not in client.get("/login", headers=headers).headers


def test_behind_the_proxy_a_sign_in_over_https_gets_secure_cookies(proxied_app, people):
    # An older browser sends Origin, not Sec-Fetch-Site: it matches only if the proxy's https is believed.
    client, headers = through_proxy(proxied_app, **{"X-Forwarded-Proto": "https", "Sec-Fetch-Site": None,
                                                    "Origin": PUBLIC})
    response = client.post("/login", data={"email": "casey@example.org", "password": PASSWORD}, headers=headers)
    assert response.status_code == 303
    cookies = {cookie.split("=", 1)[0]: cookie for cookie in response.headers.getlist("Set-Cookie")}
    assert set(cookies) == {"rn_session", "rn_device"}
    for cookie in cookies.values():
        assert "; Secure" in cookie and "; HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert response.headers["Strict-Transport-Security"] == HSTS
