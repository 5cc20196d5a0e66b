"""Layers only import downward: no package imports a package that imports it back.

The unit is a package: each folder under recoverynet/ (auth, push, reminders, ...) is one, and
so is each top-level module (models.py, forms.py, timeutil.py, mail.py, templating.py, ...),
because a shared module is a layer of its own: mail.py sends what features give it, and must
not reach back into one of them. recoverynet/__init__.py, the app factory, is the package
"recoverynet": it sits on top and imports everything; nothing imports it back. Imports inside a
package are its own business and are not checked.

Imports are read from the source (ast, nothing is run), at every level: an import inside a
function still ties two packages together, it only hides the cycle until that function runs.
`from recoverynet.x import y` counts as importing module recoverynet.x.y when that is a module,
else recoverynet.x.
"""
import ast
from pathlib import Path


PACKAGE_ROOT = Path(__file__).resolve().parent.parent / "recoverynet"


def module_files() -> dict[str, Path]:
    """Every module under recoverynet/, by dotted name."""
    modules = {}
    for path in PACKAGE_ROOT.rglob("*.py"):
        parts = path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def package_of(module: str) -> str:
    """recoverynet.push.queue -> push; recoverynet.forms -> forms; recoverynet -> recoverynet."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def imported_modules(path: Path, modules: dict[str, Path]) -> list[tuple[int, str]]:
    """(line, module) for every recoverynet module this file imports, at any level."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.append((node.lineno, submodule if submodule in modules else node.module))
    return [(line, name) for line, name in found if name.split(".")[0] == "recoverynet"]


def package_imports() -> dict[tuple[str, str], list[str]]:
    """(importing package, imported package) -> where, e.g. 'recoverynet.push.queue:11 -> ...'."""
    modules = module_files()
    edges: dict[tuple[str, str], list[str]] = {}
    for module, path in sorted(modules.items()):
        for line, target in imported_modules(path, modules):
            where = f"{module}:{line} -> {target}"
            pair = package_of(module), package_of(target)
            if pair[0] != pair[1] and where not in edges.get(pair, []):
                edges.setdefault(pair, []).append(where)
    return edges


def cycles(edges: dict[tuple[str, str], list[str]]) -> list[str]:
    """Each pair of packages that import each other, with the imports that make the pair."""
    pairs = sorted({tuple(sorted(pair)) for pair in edges if (pair[1], pair[0]) in edges})
    return [f"{a} <-> {b}:\n    " + "\n    ".join(edges[(a, b)] + edges[(b, a)]) for a, b in pairs]


def test_the_walker_sees_imports_inside_functions(tmp_path):
    source = tmp_path / "example.py"
    source.write_text("import os\n\ndef later():\n    from recoverynet.push import queue\n"
                      "    from recoverynet.timeutil import utcnow\n")
    modules = {"recoverynet.push.queue": source, "recoverynet.timeutil": source}
    assert imported_modules(source, modules) == [(4, "recoverynet.push.queue"), (5, "recoverynet.timeutil")]


def test_no_package_imports_a_package_that_imports_it_back():
    found = cycles(package_imports())
    assert not found, "Packages importing each other:\n" + "\n".join(found)
