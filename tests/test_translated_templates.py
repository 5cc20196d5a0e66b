"""Templates compiled once per language, their fixed sentences already translated
(recoverynet/translated_templates.py): the same page as the call gave, for less."""
import pytest
from jinja2 import ChoiceLoader, DictLoader

SPANISH_BROWSER = {"Accept-Language": "es-ES,es;q=0.9"}

TEMPLATES = {
    "fixed.html": '{{ _("Settings") }}|{% trans %}Settings{% endtrans %}|{{ gettext("Home") }}',
    "formatted.html": '{{ _("Hello, %(name)s", name=name) }}',
    "percent.html": '{{ _("100%% yours") }}',
    "plain.txt": '{{ _("Hello, %(name)s", name=name) }}',
    "shadowed.html": '{% set _ = none %}{{ gettext("Settings") }}',
}


@pytest.fixture
def templates(app):
    """The app's templates with a few of the test's own in front."""
    kept = app.jinja_env.loader
    app.jinja_env.loader = ChoiceLoader([DictLoader(TEMPLATES), kept])
    yield app
    app.jinja_env.loader = kept
    app.jinja_env.cache.clear()


def render(app, template_name: str, headers=None, **context) -> str:
    with app.test_request_context("/", headers=headers or {}):
        return app.jinja_env.get_template(template_name).render(**context)


@pytest.fixture
def sentence_calls(app):
    """How many times a template looked a sentence up as it rendered."""
    calls = []
    kept = app.jinja_env.globals["gettext"]

    def counted(*args, **kwargs):
        calls.append(args)
        return kept(*args, **kwargs)

    counted.jinja_pass_arg = kept.jinja_pass_arg  # newstyle gettext takes the context
    app.jinja_env.globals["gettext"] = counted
    yield calls
    app.jinja_env.globals["gettext"] = kept


def test_a_fixed_sentence_is_in_each_requests_language(templates):
    assert render(templates, "fixed.html") == "Settings|Settings|Home"
    assert render(templates, "fixed.html", SPANISH_BROWSER) == "Ajustes|Ajustes|Inicio"
    assert render(templates, "fixed.html") == "Settings|Settings|Home"


def test_a_fixed_sentence_is_no_longer_looked_up_as_the_page_renders(templates, sentence_calls):
    render(templates, "fixed.html", SPANISH_BROWSER)
    assert sentence_calls == []


def test_a_sentence_with_values_escapes_them_as_the_call_did(templates):
    shown = render(templates, "formatted.html", SPANISH_BROWSER, name="<b>Sam</b>")
    assert shown == "Hola, &lt;b&gt;Sam&lt;/b&gt;"


def test_a_sentence_with_values_in_a_text_template_is_not_escaped(templates):
    assert render(templates, "plain.txt", name="<b>Sam</b>") == "Hello, <b>Sam</b>"


def test_a_doubled_percent_reads_as_one_as_the_call_gave_it(templates):
    assert render(templates, "percent.html") == "100% yours"


def test_a_template_that_names_something_underscore_keeps_its_calls(templates, sentence_calls):
    assert render(templates, "shadowed.html", SPANISH_BROWSER) == "Ajustes"
    assert len(sentence_calls) == 1


def test_a_template_made_from_a_string_follows_the_language_it_is_rendered_in(app):
    template = app.jinja_env.from_string('{{ _("Settings") }}')
    with app.test_request_context("/", headers=SPANISH_BROWSER):
        assert template.render() == "Ajustes"
    with app.test_request_context("/"):
        assert template.render() == "Settings"


def test_an_email_in_its_readers_language_is_compiled_for_that_language(templates):
    from flask_babel import force_locale

    with templates.test_request_context("/"):
        with force_locale("es"):
            spanish = templates.jinja_env.get_template("fixed.html").render()
        english = templates.jinja_env.get_template("fixed.html").render()
    assert (spanish, english) == ("Ajustes|Ajustes|Inicio", "Settings|Settings|Home")


def test_regions_of_one_language_share_one_compiled_template(templates):
    render(templates, "fixed.html", {"Accept-Language": "es-MX,es;q=0.9"})
    size = len(templates.jinja_env.cache)
    assert render(templates, "fixed.html", {"Accept-Language": "es-ES,es;q=0.9"}) == "Ajustes|Ajustes|Inicio"
    assert len(templates.jinja_env.cache) == size
