"""Sessions: the idle limit, the devices list in Settings, and signing devices out.

Each test client is one device; its User-Agent names it in the list.
"""
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from recoverynet.auth.devices import describe_device
from recoverynet.auth.models import AuthSession, KnownDevice
from recoverynet.extensions import db
from recoverynet.timeutil import utcnow
from tests.helpers import PASSWORD

ANDROID_CHROME = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                  "Chrome/131.0.0.0 Mobile Safari/537.36")
IPHONE_SAFARI = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                 "Version/17.5 Mobile/15E148 Safari/604.1")
WINDOWS_FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
SIGNED_OUT_ELSEWHERE = '"cache", "storage"'


def signed_in_device(app, user_agent=ANDROID_CHROME, email="casey@example.org"):
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = user_agent
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 303
    return client


def is_signed_in(client) -> bool:
    return client.get("/log").status_code == 200


def session_of(app, user_agent) -> AuthSession:
    with app.app_context():
        return db.session.scalar(select(AuthSession).where(AuthSession.device == describe_device(user_agent)))


def last_seen(app, when):
    with app.app_context():
        db.session.execute(update(AuthSession).values(last_seen_at=when))
        db.session.commit()


# ---- The idle limit ----

def test_a_session_unused_past_the_idle_limit_is_refused(app, people):
    phone = signed_in_device(app)
    last_seen(app, utcnow() - timedelta(days=app.config["SESSION_IDLE_DAYS"], minutes=1))
    assert not is_signed_in(phone)


def test_using_the_app_keeps_the_session_alive_past_the_idle_limit(app, people):
    phone = signed_in_device(app)
    last_seen(app, utcnow() - timedelta(days=app.config["SESSION_IDLE_DAYS"] - 1))
    assert is_signed_in(phone)
    assert utcnow() - session_of(app, ANDROID_CHROME).last_seen_at < timedelta(minutes=1)


def test_last_seen_is_written_at_most_every_few_minutes(app, people):
    phone = signed_in_device(app)
    two_minutes_ago = utcnow() - timedelta(minutes=2)
    last_seen(app, two_minutes_ago)
    assert is_signed_in(phone)
    assert session_of(app, ANDROID_CHROME).last_seen_at == two_minutes_ago


# ---- Naming a device ----

@pytest.mark.parametrize(("user_agent", "name"), [
    (ANDROID_CHROME, "Chrome on Android"),
    (IPHONE_SAFARI, "Safari on iPhone"),
    (WINDOWS_FIREFOX, "Firefox on Windows"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
     "Safari/537.36 Edg/131.0.0.0", "Edge on Windows"),
    ("Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 "
     "Chrome/122.0.0.0 Mobile Safari/537.36", "Samsung Internet on Android"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1", "Chrome on iPhone"),
    ("curl/8.5.0", "An unknown browser"),
    ("", "An unknown browser"),
])
def test_a_device_is_named_by_its_browser_and_system(user_agent, name):
    assert describe_device(user_agent) == name


# ---- The devices list in Settings ----

def test_settings_lists_each_device_signed_in_and_marks_this_one(app, people):
    signed_in_device(app, IPHONE_SAFARI)
    phone = signed_in_device(app, ANDROID_CHROME)
    signed_in_device(app, WINDOWS_FIREFOX, email="oli@example.org")  # someone else's
    body = phone.get("/settings").get_data(as_text=True)
    assert "Chrome on Android</strong> <span class=\"badge\">This device</span>" in body
    assert "Safari on iPhone" in body and body.count("This device") == 1
    assert "Firefox on Windows" not in body


def test_signing_out_one_device_ends_only_that_session(app, people):
    iphone = signed_in_device(app, IPHONE_SAFARI)
    laptop = signed_in_device(app, WINDOWS_FIREFOX)
    phone = signed_in_device(app, ANDROID_CHROME)
    response = phone.post("/settings/devices/sign-out", data={"session_id": session_of(app, IPHONE_SAFARI).id})
    assert response.status_code == 303
    assert not is_signed_in(iphone)
    assert is_signed_in(laptop) and is_signed_in(phone)


def test_someone_elses_session_cannot_be_signed_out(app, people):
    olis_phone = signed_in_device(app, IPHONE_SAFARI, email="oli@example.org")
    caseys_phone = signed_in_device(app, ANDROID_CHROME)
    caseys_phone.post("/settings/devices/sign-out", data={"session_id": session_of(app, IPHONE_SAFARI).id})
    assert is_signed_in(olis_phone)


def test_signing_out_all_other_devices_keeps_this_one(app, people):
    iphone = signed_in_device(app, IPHONE_SAFARI)
    phone = signed_in_device(app, ANDROID_CHROME)
    assert phone.post("/settings/devices/sign-out-others").status_code == 303
    assert not is_signed_in(iphone)
    assert is_signed_in(phone)


def test_signing_out_everywhere_ends_this_session_too_and_wipes_this_device(app, people):
    iphone = signed_in_device(app, IPHONE_SAFARI)
    phone = signed_in_device(app, ANDROID_CHROME)
    response = phone.post("/settings/devices/sign-out-everywhere")
    assert response.status_code == 303 and response.headers["Location"] == "/signed-out"
    assert response.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert not is_signed_in(phone) and not is_signed_in(iphone)


def test_signing_out_other_devices_makes_them_unknown_to_sign_in(app, people):
    signed_in_device(app, IPHONE_SAFARI)
    phone = signed_in_device(app, ANDROID_CHROME)
    phone.post("/settings/devices/sign-out-others")
    with app.app_context():
        assert len(db.session.scalars(select(KnownDevice)).all()) == 1  # this phone's only


# ---- What a device signed out from elsewhere keeps ----

def test_a_device_signed_out_from_elsewhere_is_told_to_drop_what_it_keeps(app, people):
    iphone = signed_in_device(app, IPHONE_SAFARI)
    signed_in_device(app, ANDROID_CHROME).post("/settings/devices/sign-out-others")
    response = iphone.get("/crisis")
    assert response.headers["Clear-Site-Data"] == SIGNED_OUT_ELSEWHERE
    assert response.headers["X-Crisis-Plan"] == "generic"


def test_a_new_password_tells_the_other_devices_to_drop_what_they_keep(app, people):
    iphone = signed_in_device(app, IPHONE_SAFARI)
    signed_in_device(app, ANDROID_CHROME).post("/settings/password", data={
        "current_password": PASSWORD, "new_password": "another long passphrase"})
    assert iphone.get("/").headers["Clear-Site-Data"] == SIGNED_OUT_ELSEWHERE


def test_a_session_that_merely_expired_keeps_the_phones_crisis_copy(app, people):
    phone = signed_in_device(app)
    last_seen(app, utcnow() - timedelta(days=app.config["SESSION_IDLE_DAYS"] + 1))
    response = phone.get("/crisis")
    assert response.headers["X-Crisis-Plan"] == "generic" and "Clear-Site-Data" not in response.headers
