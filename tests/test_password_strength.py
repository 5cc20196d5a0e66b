"""New passwords are checked with zxcvbn at sign-up, invite-join, reset and change; a common
one is refused with a calm sentence saying what would be stronger."""
import html

import pytest

from recoverynet.auth.reset import make_reset_token
from recoverynet.extensions import db
from tests.helpers import PASSWORD

COMMON = ["password", "12345678", "iloveyou"]
STRONG = "violet harbour kettle"
SIGNUP = {"email": "sam@example.org", "display_name": "Sam", "timezone": "Europe/London", "country": "GB"}


def set_new_password(app, client, place: str, password: str):
    """Choose `password` as a new password at sign-up, reset or change (Casey's account)."""
    if place == "signup":
        return client.post("/signup", data={**SIGNUP, "password": password})
    if place == "reset":
        with app.app_context():
            from recoverynet.auth.models import User
            token = make_reset_token(db.session.scalar(db.select(User).where(User.email == "casey@example.org")))
        return client.post(f"/reset/{token}", data={"password": password})
    client.post("/login", data={"email": "casey@example.org", "password": PASSWORD})
    return client.post("/settings/password", data={"current_password": PASSWORD, "new_password": password})


@pytest.mark.parametrize("place", ["signup", "reset", "change"])
@pytest.mark.parametrize("password", COMMON)
def test_a_common_password_is_refused_with_advice(app, client, people, place, password):
    response = set_new_password(app, client, place, password)
    body = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "That password is one of the most common ones, so it is easy to guess." in body
    assert "A few unrelated words together, like 'lamp river blue tea', are easier to remember" in body


@pytest.mark.parametrize("place", ["signup", "reset", "change"])
def test_a_strong_password_is_accepted(app, client, people, place):
    response = set_new_password(app, client, place, STRONG)
    assert response.status_code in (200, 303) and b"easy to guess" not in response.data


def test_the_fixtures_password_is_strong_enough():
    from recoverynet.password_strength import weak_password_reason
    assert weak_password_reason(PASSWORD, []) is None


def test_a_password_made_of_ones_own_name_or_email_is_refused(client):
    from recoverynet.password_strength import weak_password_reason
    assert weak_password_reason("quixoticzebra7", []) is None  # strong for anyone else
    response = client.post("/signup", data={**SIGNUP, "email": "quixoticzebra@example.org",
                                            "display_name": "Quixotic Zebra", "password": "quixoticzebra7"})
    assert response.status_code == 422 and b"uses your name or email address" in response.data


def test_a_very_long_password_is_checked_by_its_start_only(client):
    # zxcvbn refuses (and is slow on) long input; the length rule still allows up to 1000.
    response = client.post("/signup", data={**SIGNUP, "password": "violet harbour kettle " * 45})
    assert response.status_code == 200 and b"Check your email" in response.data
