"""Templates build every link to the app with url_for, so a route can move without a hunt."""
import pathlib
import re

TEMPLATES = pathlib.Path(__file__).resolve().parent.parent / "templates"

# An attribute whose value starts with a path, or holds a Jinja string literal that does
# ('/log/%d' % entry.id). Static files go through static_url, which this also catches.
ATTRIBUTE = r"\b(?:href|src|action|formaction|hx-(?:get|post|put|patch|delete))"
HARD_CODED = re.compile(ATTRIBUTE + r"=\"(?:/|\{\{[^\"]*?'/)[^\"]*\"")


def hard_coded_paths():
    found = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        for number, line in enumerate(template.read_text().splitlines(), start=1):
            for match in HARD_CODED.finditer(line):
                found.append(f"{template.relative_to(TEMPLATES)}:{number}: {match.group()}")
    return found


def test_templates_link_to_the_app_only_through_url_for():
    found = hard_coded_paths()
    assert not found, "hard-coded paths (use url_for):\n" + "\n".join(found)
