"""Helpers for tests that walk every route in the app."""
from flask import Flask

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def every_route(app: Flask) -> list[tuple[str, str, str]]:
    """(endpoint, method, rule) for every route except static files."""
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - IGNORED_METHODS):
            routes.append((rule.endpoint, method, rule.rule))
    return routes
