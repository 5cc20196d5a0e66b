"""Links that leave the app start with PUBLIC_URL, and only its host is answered (issue 14)."""
import pytest
from sqlalchemy import select

from recoverynet import create_app
from recoverynet.extensions import db
from recoverynet.links import public_url
from recoverynet.network.models import Contact
from tests.helpers import make_app, queued_emails

PUBLIC = "https://recovery.example.org"


def queued_bodies(app) -> list[str]:
    """The reset email is queued for the worker; its body is what will be sent."""
    return [email.body for email in queued_emails(app)]


@pytest.fixture
def proxied_app(app, database_url, instance_dir):
    """The app as the README runs it behind the TLS proxy (BEHIND_PROXY=1), on the test database."""
    return make_app(database_url, instance_dir, BEHIND_PROXY=True, PUBLIC_URL=PUBLIC)


def test_a_forged_host_is_refused_and_no_email_is_queued(app, client, people):
    response = client.post("/forgot", data={"email": "casey@example.org"}, headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert b"answer on this address" in response.data
    assert queued_bodies(app) == []


def test_behind_the_proxy_a_forged_forwarded_host_is_refused_and_no_email_is_queued(proxied_app, people):
    response = proxied_app.test_client().post(
        "/forgot", data={"email": "casey@example.org"},
        headers={"Host": "recovery.example.org", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"})
    assert response.status_code == 400
    assert queued_bodies(proxied_app) == []


def test_behind_the_proxy_the_emailed_link_ignores_the_forwarded_host(proxied_app, people):
    # Even with the host check opened up, the link is built from PUBLIC_URL, never a header.
    proxied_app.config["TRUSTED_HOSTS"] = ["recovery.example.org", "evil.example"]
    response = proxied_app.test_client().post(
        "/forgot", data={"email": "casey@example.org"},
        headers={"Host": "recovery.example.org", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    [body] = queued_bodies(proxied_app)
    assert f"{PUBLIC}/reset/" in body and "evil.example" not in body


def test_the_reset_link_starts_with_public_url(app, client, people):
    app.config["PUBLIC_URL"] = PUBLIC
    client.post("/forgot", data={"email": "casey@example.org"})
    [body] = queued_bodies(app)
    assert f"\n{PUBLIC}/reset/" in body and "localhost" not in body


def test_the_invite_link_starts_with_public_url(app, client, auth, people):
    app.config["PUBLIC_URL"] = PUBLIC
    auth.login()
    client.post("/network", data={"name": "Robin", "relationship": "sponsor", "circle": "inner"})
    with app.app_context():
        card_id = db.session.scalar(select(Contact.id))
    body = client.post(f"/network/{card_id}/invite").get_data(as_text=True)
    assert f'value="{PUBLIC}/join/' in body and "http://localhost" not in body


def test_the_public_host_is_answered_on_any_port(client):
    # Browser tests serve on 127.0.0.1 and a random port; Flask ignores the port when matching.
    assert client.get("/login", headers={"Host": "127.0.0.1:8123"}).status_code == 200
    assert client.get("/login", headers={"Host": "localhost:5000"}).status_code == 200


def test_trusted_hosts_are_public_urls_host_and_the_trusted_hosts_list(monkeypatch, tmp_path):
    monkeypatch.setenv("PUBLIC_URL", PUBLIC + "/")
    monkeypatch.setenv("TRUSTED_HOSTS", "www.recovery.example.org, recovery.example.net")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"}, instance_path=str(tmp_path))
    assert app.config["PUBLIC_URL"] == PUBLIC
    assert app.config["TRUSTED_HOSTS"] == ["recovery.example.org", "www.recovery.example.org", "recovery.example.net"]


def test_production_refuses_to_start_without_public_url(monkeypatch, tmp_path):
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    monkeypatch.delenv("FLASK_RUN_FROM_CLI", raising=False)  # as gunicorn loads app:app
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)  # the production default: on
    with pytest.raises(RuntimeError, match="PUBLIC_URL is not set"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"}, instance_path=str(tmp_path))


def test_the_flask_command_starts_without_public_url_but_builds_no_link(monkeypatch, tmp_path):
    # `flask db upgrade` needs no link; a link built without PUBLIC_URL fails with the same message.
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"}, instance_path=str(tmp_path))
    with app.app_context(), pytest.raises(RuntimeError, match="PUBLIC_URL is not set"):
        public_url("auth.reset", token="t")


def test_public_url_builds_links_outside_a_request(app):
    # The worker composes mail with no request at all.
    app.config["PUBLIC_URL"] = PUBLIC + "/app"
    with app.app_context():
        assert public_url("auth.reset", token="abc") == f"{PUBLIC}/app/reset/abc"


def test_a_refused_host_is_refused_before_any_other_hook(app, client):
    # The session check and the cross-site check never run (nor touch the database) for it.
    hooks_run = []
    app.before_request_funcs[None].append(lambda: hooks_run.append(True))
    try:
        assert client.get("/login", headers={"Host": "evil.example"}).status_code == 400
    finally:
        app.before_request_funcs[None].pop()
    assert hooks_run == []
