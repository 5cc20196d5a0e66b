"""The test suite's own shape: each helper has one home and one import path, fixtures come only
from conftest.py, and browser tests wait for a condition, never for a fixed time.

pytest loads conftest.py itself (under the name `conftest`); importing it again as
`tests.conftest` runs it a second time as another module, and a fixture imported into a test
module is registered twice. Plain helpers live in modules like tests/helpers.py instead.
"""
import ast
import re
from pathlib import Path

TESTS = Path(__file__).parent
MODULES = {path.stem: ast.parse(path.read_text(), str(path)) for path in sorted(TESTS.glob("*.py"))}


def is_test_module(name):
    return name.startswith("test_")


def fixtures_in(tree):
    """The names of the functions a module decorates with @pytest.fixture."""
    def is_fixture(decorator):
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        return ast.unparse(target) in ("pytest.fixture", "fixture")
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
            and any(is_fixture(decorator) for decorator in node.decorator_list)}


def local_imports(tree):
    """(module under tests/, names imported from it, how it was spelled, line) for every import."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            spelled, names = node.module, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield from _local(alias.name, [], node.lineno)
            continue
        else:
            continue
        yield from _local(spelled, names, node.lineno)


def _local(spelled, names, line):
    stem = spelled.removeprefix("tests.")
    if stem in MODULES and "." not in stem:
        yield stem, names, spelled, line


def offences(rule):
    return [f"tests/{name}.py:{line} {message}" for name, tree in MODULES.items()
            for stem, names, spelled, line in local_imports(tree)
            for message in rule(name, stem, names, spelled)]


def test_no_test_module_imports_another_test_module():
    def rule(name, stem, names, spelled):
        if is_test_module(stem) and stem != name:
            yield f"imports {spelled}: move what it shares to conftest.py (fixtures) or tests/helpers.py"
    assert offences(rule) == []


def test_no_module_imports_a_fixture_by_name():
    fixtures = {stem: fixtures_in(tree) for stem, tree in MODULES.items()}

    def rule(name, stem, names, spelled):
        for imported in sorted(set(names) & fixtures[stem]):
            yield f"imports the fixture {imported} from {spelled}: ask for it as an argument (conftest.py)"
    assert offences(rule) == []


def test_no_module_imports_conftest():
    def rule(name, stem, names, spelled):
        if stem == "conftest":
            yield f"imports {spelled}: import plain helpers from tests.helpers; fixtures are arguments"
    assert offences(rule) == []


def test_helper_modules_are_imported_by_one_path():
    def rule(name, stem, names, spelled):
        if spelled != f"tests.{stem}":
            yield f"imports {spelled}: spell it tests.{stem}, the one path every module uses"
    assert offences(rule) == []


def test_no_test_waits_a_fixed_time():
    sleeps = [f"tests/{name}.py:{node.lineno}" for name, tree in MODULES.items() for node in ast.walk(tree)
              if isinstance(node, ast.Attribute) and node.attr == "wait_for_" + "timeout"]
    assert sleeps == [], "wait for the condition itself (expect, wait_for_function, an event)"


# A condition whose answer is a Promise: an async function, or an arrow whose expression is a .then.
_PROMISED = re.compile(r"^\s*(async\b|\(?[^(){}]*\)?\s*=>\s*[^{\s].*\.then\()", re.S)


def test_no_wait_for_function_is_given_an_async_condition():
    """Playwright's wait_for_function counts the Promise an async condition returns as true and
    passes at once (microsoft/playwright#29132): such a wait never waited. helpers.wait_until
    waits for an async condition."""
    promised = [f"tests/{name}.py:{node.lineno}" for name, tree in MODULES.items() for node in ast.walk(tree)
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "wait_for_function" and node.args and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str) and _PROMISED.match(node.args[0].value)]
    assert promised == [], "use helpers.wait_until for a condition that answers with a Promise"
