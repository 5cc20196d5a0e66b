"""After signing in, `next` is followed only to a path on this site (issue 14)."""
import pytest

from tests.helpers import PASSWORD

CASEY = {"email": "casey@example.org", "password": PASSWORD}


@pytest.mark.parametrize("raw_next", [
    "//evil.example",
    "///evil.example",
    "/%5Cevil.example",          # /\evil.example
    "/%5C/evil.example",         # /\/evil.example
    "/%09/evil.example",         # a tab browsers drop: //evil.example
    "/%0d%0a/evil.example",      # CR/LF: once a 500
    "%0d%0aSet-Cookie:%20x=y",
    "%20//evil.example",         # a leading space browsers strip
    "%2F%2Fevil.example",        # encoded //
    "/%252F%252Fevil.example",   # //evil.example once decoded again
    "/%255Cevil.example",        # /\evil.example once decoded again
    "https://evil.example",
    "http:/evil.example",
    "javascript:alert(1)",
    "evil.example",
])
def test_sign_in_never_follows_next_off_the_site(client, people, raw_next):
    response = client.post(f"/login?next={raw_next}", data=CASEY)
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_sign_in_follows_a_local_next_with_its_query(client, people):
    response = client.post("/login?next=/log%3Fpage%3D2", data=CASEY)
    assert response.status_code == 303 and response.headers["Location"] == "/log?page=2"
