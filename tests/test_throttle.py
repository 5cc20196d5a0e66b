"""Sign-in slows guessing down without locking the owner out.

Each client here stands for one device at one address (REMOTE_ADDR, as the server sees it).
Failures are stored straight into the database when a test is about what follows them.
"""
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from recoverynet.auth.models import KnownDevice, LoginAttempt
from recoverynet.extensions import db
from recoverynet.timeutil import utcnow
from tests.helpers import PASSWORD, make_app

CASEY = "casey@example.org"
HOME = "198.51.100.4"
ELSEWHERE = "203.0.113.9"


def device(app, address):
    """A browser at this address with no cookies yet."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def sign_in(client, password=PASSWORD, email=CASEY):
    return client.post("/login", data={"email": email, "password": password})


def fail(client, times, email=CASEY):
    for _ in range(times):
        assert sign_in(client, "wrong password", email).status_code in (422, 429)


def store_failures(app, count, email=CASEY, address=ELSEWHERE, ago=timedelta(0)):
    with app.app_context():
        db.session.add_all([LoginAttempt(email=email, address=address, succeeded=False, at=utcnow() - ago)
                            for _ in range(count)])
        db.session.commit()


def test_failures_from_another_address_do_not_slow_the_owner_on_a_new_device(app, people):
    fail(device(app, ELSEWHERE), 30)
    assert sign_in(device(app, HOME)).status_code == 303


def test_a_known_device_signs_in_however_many_failures_came_from_its_address(app, people):
    phone = device(app, HOME)
    assert sign_in(phone).status_code == 303
    phone.delete_cookie("rn_session")  # the session ran out; the phone stays known
    # Someone behind the same shared address guesses, past both the account and address caps.
    fail(device(app, HOME), app.config["LOGIN_LIMIT_PER_ADDRESS"] + 5)
    assert sign_in(phone).status_code == 303


def test_after_the_wait_a_new_device_signs_in_with_the_right_password(app, people):
    store_failures(app, app.config["LOGIN_LIMIT_PER_ACCOUNT"], address=HOME)
    laptop = device(app, HOME)
    assert sign_in(laptop).status_code == 429
    with app.app_context():
        db.session.execute(update(LoginAttempt).values(at=utcnow() - timedelta(seconds=2)))
        db.session.commit()
    assert sign_in(laptop).status_code == 303


@pytest.mark.parametrize(("failures", "wait"), [(5, "1 second"), (6, "2 seconds"), (8, "8 seconds")])
def test_each_further_failure_doubles_the_wait(app, people, failures, wait):
    store_failures(app, failures, address=HOME)
    response = sign_in(device(app, HOME))
    assert response.status_code == 429
    assert f"Please wait {wait} and try again, or reset your password" in response.get_data(as_text=True)


def test_the_wait_never_passes_the_configured_minutes_and_says_so(app, people):
    app.config["LOGIN_LIMIT_MINUTES"] = 7
    store_failures(app, 40, address=HOME)
    body = sign_in(device(app, HOME)).get_data(as_text=True)
    assert "Please wait 7 minutes and try again" in body and "15 minutes" not in body


def test_a_slowed_down_attempt_is_answered_at_once_with_retry_after(app, people):
    store_failures(app, 8, address=HOME)
    response = sign_in(device(app, HOME))
    assert response.status_code == 429 and response.headers["Retry-After"] in ("7", "8")


def test_a_spray_of_many_accounts_from_one_address_is_slowed(app, people):
    spray = device(app, ELSEWHERE)
    for n in range(app.config["LOGIN_LIMIT_PER_ADDRESS"]):
        sign_in(spray, "Summer2024!", email=f"person{n}@example.org")
    assert sign_in(spray, "Summer2024!", email="oli@example.org").status_code == 429


def test_the_known_device_cookie_is_httponly_lax_and_secure_like_the_session(app, people):
    app.config["SESSION_COOKIE_SECURE"] = True
    response = sign_in(device(app, HOME))
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("rn_device="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    assert "Max-Age=31536000" in cookie


def test_a_known_device_that_keeps_getting_the_password_wrong_is_no_longer_known(app, people):
    phone = device(app, HOME)
    sign_in(phone)
    phone.delete_cookie("rn_session")
    fail(phone, app.config["LOGIN_LIMIT_PER_ACCOUNT"])
    with app.app_context():
        assert db.session.scalars(select(KnownDevice)).all() == []
    assert sign_in(phone).status_code == 429  # slowed like any other device now


def test_behind_the_proxy_a_forged_forwarded_for_does_not_escape_the_slowdown(database_url, instance_dir, app,
                                                                               people):
    proxied = make_app(database_url, instance_dir, BEHIND_PROXY=True)
    client = device(proxied, "127.0.0.1")  # the proxy
    for n in range(proxied.config["LOGIN_LIMIT_PER_ACCOUNT"]):
        # The client writes its own X-Forwarded-For; the proxy appends the address it saw.
        client.post("/login", data={"email": CASEY, "password": "wrong password"},
                    headers={"X-Forwarded-For": f"10.0.0.{n}, {ELSEWHERE}"})
    response = client.post("/login", data={"email": CASEY, "password": PASSWORD},
                           headers={"X-Forwarded-For": f"10.9.9.9, {ELSEWHERE}"})
    assert response.status_code == 429
    with proxied.app_context():
        assert set(db.session.scalars(select(LoginAttempt.address))) == {ELSEWHERE}
