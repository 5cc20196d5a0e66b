"""The templates' url_for remembers the links it built (templating.remembered_url_for): the same
link as Flask's url_for, built once."""
import pytest


@pytest.fixture
def url_for(app):
    return app.jinja_env.globals["url_for"]


def test_a_remembered_link_is_the_one_flask_builds(app, url_for):
    with app.test_request_context("/"):
        for endpoint, values in (("home.index", {}), ("log.index", {"page": 2}),
                                 ("account.settings", {"_anchor": "sober_since"}), ("pwa.manifest", {"lang": None})):
            assert url_for(endpoint, **values) == app.url_for(endpoint, **values)


def test_a_link_is_built_once_for_many_pages(app, url_for):
    with app.test_request_context("/"):
        url_for("meetings.index")
        before = url_for.cache_info().hits
        url_for("meetings.index")
        assert url_for.cache_info().hits == before + 1


def test_a_link_under_another_path_carries_that_path(app, url_for):
    with app.test_request_context("/"):
        assert url_for("rewards.index") == "/rewards"
    with app.test_request_context("/", base_url="http://localhost/recovery"):
        assert url_for("rewards.index") == "/recovery/rewards"


def test_true_and_one_build_different_links(app, url_for):
    with app.test_request_context("/"):
        assert url_for("log.index", page=1) == "/log?page=1"
        assert url_for("log.index", page=True) == "/log?page=True"


def test_a_blueprint_relative_link_follows_the_page_it_is_on(app, url_for):
    with app.test_request_context("/log"):
        assert url_for(".index") == "/log"
    with app.test_request_context("/rewards"):
        assert url_for(".index") == "/rewards"


def test_an_external_link_names_the_requests_host(app, url_for):
    with app.test_request_context("/", base_url="http://localhost"):
        assert url_for("home.index", _external=True) == "http://localhost/"


def test_a_url_defaults_hook_is_asked_every_time(app, url_for):
    def add_a_marker(endpoint, values):
        values.setdefault("marker", "x")

    with app.test_request_context("/"):
        assert url_for("meetings.index") == "/meetings"
        app.url_default_functions[None].append(add_a_marker)
        try:
            assert url_for("meetings.index") == "/meetings?marker=x"
        finally:
            app.url_default_functions[None].remove(add_a_marker)
