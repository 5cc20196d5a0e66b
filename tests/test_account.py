"""Settings: name, time zone, country, sober date and password."""
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from tests.helpers import PASSWORD

PROFILE = {"display_name": "Casey C", "timezone": "Australia/Sydney", "country": "AU", "sober_since": "2025-03-01"}


def user(app):
    with app.app_context():
        return db.session.scalar(select(User).where(User.email == "casey@example.org"))


def test_settings_save_name_zone_country_and_date(app, client, auth, people):
    auth.login()
    response = client.post("/settings/profile", data=PROFILE)
    assert response.status_code == 303
    saved = user(app)
    assert (saved.display_name, saved.timezone, saved.country, saved.sober_since.isoformat()) == \
        ("Casey C", "Australia/Sydney", "AU", "2025-03-01")


def test_settings_show_the_current_values(client, auth, people):
    auth.login()
    body = client.get("/settings").get_data(as_text=True)
    assert 'value="Casey Client"' in body and "<option selected>Europe/London</option>" in body
    assert '<option value="GB" selected>' in body


def test_a_bad_time_zone_is_explained_and_the_rest_kept(app, client, auth, people):
    auth.login()
    response = client.post("/settings/profile", data={**PROFILE, "timezone": "Nowhere"})
    assert response.status_code == 422 and b"Please choose a time zone" in response.data
    assert b'value="Casey C"' in response.data
    assert user(app).timezone == "Europe/London"


def test_the_password_changes_with_the_current_one(app, client, auth, people):
    auth.login()
    response = client.post("/settings/password", data={"current_password": PASSWORD,
                                                       "new_password": "another long passphrase"})
    assert response.status_code == 303
    auth.logout()
    assert auth.login(password="another long passphrase").status_code == 303


def test_the_password_does_not_change_without_the_current_one(client, auth, people):
    auth.login()
    response = client.post("/settings/password", data={"current_password": "guess",
                                                       "new_password": "another long passphrase"})
    assert response.status_code == 422 and b"isn&#39;t your current password" in response.data


def test_changing_the_password_signs_out_other_devices(app, client, auth, people):
    other = app.test_client()
    other.post("/login", data={"email": "casey@example.org", "password": PASSWORD})
    auth.login()
    client.post("/settings/password", data={"current_password": PASSWORD, "new_password": "another long passphrase"})
    assert other.get("/settings").status_code == 302
    assert client.get("/settings").status_code == 200
