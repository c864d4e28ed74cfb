"""The folders of src/ketenles are layers, and a module imports only from layers below it.

This is what lets a model be tested, benchmarked and graded without a browser or
a kernel, and what keeps grading out of reach of the widgets. The layer order is
the one drawn in docs/architecture.md.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ketenles

PACKAGE = Path(ketenles.__file__).parent

# bottom first; a module may import its own layer and every layer before it
LAYERS = ["_moved", "i18n", "errors", "lean_imports", "content", "models", "display", "grading", "selfstudy",
          "classgame", "widgets", "notebook", "labsetup", "cli", "__init__"]
# layers that must never be reached from a layer, even indirectly listed as "below"
FORBIDDEN = {"models": {"ipywidgets", "matplotlib", "IPython"}, "content": {"ipywidgets", "matplotlib", "IPython"},
             "grading": {"ipywidgets"}, "selfstudy": {"ipywidgets"}, "_moved": {"ketenles"},
             "classgame": {"ipywidgets", "matplotlib", "IPython"}}


def layer_of(module: str) -> str:
    """'ketenles.models.scan' -> 'models'; 'ketenles.errors' -> 'errors'."""
    parts = module.split(".")
    if parts == ["ketenles"]:
        return "__init__"
    return parts[1]


def resolve(name: str) -> str:
    """Resolve a lazy public name of the package (``from ketenles import views``)."""
    if name in ketenles._SUBMODULES:
        return ketenles._SUBMODULES[name]
    if name in ketenles._LAZY:
        return ketenles._LAZY[name]
    return f"ketenles.{name}"


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every module of ketenles (and of the forbidden libraries) this file imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "ketenles":
                found += [(node.lineno, resolve(alias.name)) for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return found


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_module_belongs_to_a_known_layer():
    unknown = {module_name(p) for p in MODULES if layer_of(module_name(p)) not in LAYERS}
    assert not unknown, f"modules outside the layers of docs/architecture.md: {sorted(unknown)}"


def violations(path: Path, own: str) -> list[str]:
    """The imports of one file that reach above its layer ``own``."""
    upward = []
    for lineno, imported in imports_of(path):
        top = imported.split(".")[0]
        if top in FORBIDDEN.get(own, ()):
            upward.append(f"line {lineno}: {imported} (never in {own})")
        if top != "ketenles" or (imported == "ketenles" and own != "__init__"):
            continue
        target = layer_of(imported)
        if target in LAYERS and LAYERS.index(target) > LAYERS.index(own):
            upward.append(f"line {lineno}: {imported} ({target} is above {own})")
    return upward


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_module_imports_only_from_layers_below(path):
    upward = violations(path, layer_of(module_name(path)))
    assert not upward, f"{module_name(path)} imports upward:\n" + "\n".join(upward)


def test_the_check_finds_an_upward_import(tmp_path):
    # A model that draws a chart, or imports widgets lazily, must be caught.
    source = (PACKAGE / "models" / "scan.py").read_text(encoding="utf-8")
    copy = tmp_path / "scan.py"
    copy.write_text(source + "\n\ndef draw():\n    from ketenles import charts\n    import matplotlib\n",
                    encoding="utf-8")
    found = violations(copy, "models")
    assert any("ketenles.display.charts" in line for line in found)
    assert any("matplotlib" in line for line in found)
    assert violations(PACKAGE / "models" / "scan.py", "models") == []


def _is_private(part: str) -> bool:
    return part.startswith("_") and not (part.startswith("__") and part.endswith("__"))


def private_imports(path: Path, own: str) -> list[str]:
    """Imports of a private module or name of ketenles (a leading underscore) from outside
    the package that holds it (the module's package, for a name in a module); ``own`` is
    the importing module's name.

    A private name is an inside detail of its package: ``models.cooperation`` may use
    its own helpers, a widget may not, or changing the inside breaks the layer above.
    """
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            targets = [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            parts = target.split(".")
            if parts[0] != "ketenles":
                continue
            first = next((i for i, part in enumerate(parts) if _is_private(part)), None)
            if first is None:
                continue
            owner = ".".join(parts[:first])
            if not (PACKAGE.parent / owner.replace(".", "/")).is_dir():
                owner = owner.rpartition(".")[0]  # a module's private name belongs to its package
            if package != owner and not package.startswith(owner + "."):
                found.append(f"line {node.lineno}: {target} (private to {owner})")
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_module_imports_a_private_name_of_another_package(path):
    found = private_imports(path, module_name(path))
    assert not found, f"{module_name(path)} imports private names:\n" + "\n".join(found)


def test_the_check_finds_a_private_import(tmp_path):
    # The import the review found: a widget reaching into the cooperation model's helpers.
    widget = tmp_path / "trust_game.py"
    widget.write_text("from ketenles.models.cooperation import STRATEGY_IDS, _checks\n"
                      "import ketenles.models.cooperation._engine\n"
                      "from ketenles.models.progress import _store\n", encoding="utf-8")
    found = private_imports(widget, "ketenles.widgets.trust_game")
    assert [line.split(":")[0] for line in found] == ["line 1", "line 2", "line 3"]
    # Inside its own package a private helper is fine, and so are dunder names.
    inside = tmp_path / "game.py"
    inside.write_text("from ketenles.models.cooperation import _checks\n"
                      "from ketenles import __version__\n", encoding="utf-8")
    assert private_imports(inside, "ketenles.models.cooperation.game") == []


def progress_imports(path: Path) -> list[str]:
    """Every import of the progress store in a file, in any of its spellings."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        hits = [name for name in names
                if name == "ketenles.models.progress" or name.startswith("ketenles.models.progress.")]
        if hits:
            found.append(f"line {node.lineno}: {hits[-1]}")
    return found


@pytest.mark.parametrize("path", sorted((PACKAGE / "display").glob("*.py")), ids=lambda p: module_name(p))
def test_display_modules_only_render_and_record_no_progress(path):
    # A view that saved progress would mark an exercise done whenever a lesson shows it;
    # recording belongs to the widget or lesson that knows the student acted.
    found = progress_imports(path)
    assert not found, f"{module_name(path)} imports the progress store:\n" + "\n".join(found)


def test_the_check_finds_a_progress_import(tmp_path):
    view = tmp_path / "views.py"
    view.write_text("from ketenles.models import progress\n"
                    "from ketenles.models.progress import record_success\n"
                    "import ketenles.models.progress\n"
                    "from ketenles.models import scan\n", encoding="utf-8")
    assert [line.split(":")[0] for line in progress_imports(view)] == ["line 1", "line 2", "line 3"]


def drawn_layers() -> list[str]:
    """The layers in the picture of docs/architecture.md, bottom first."""
    from paths import REPO

    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    picture = text.split("```", 2)[1]
    names = [line.split()[0] for line in picture.splitlines() if line and not line[0].isspace()]
    return [name.rstrip("/").removesuffix(".py") for name in reversed(names)]


def test_the_architecture_picture_shows_the_layers_of_the_code_in_their_order():
    assert drawn_layers() == [layer for layer in LAYERS if layer != "__init__"]
    on_disk = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    on_disk |= {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    assert on_disk == set(drawn_layers())


def import_graph() -> dict[str, set[str]]:
    """Module -> the ketenles modules it imports (at any depth of the file, lazily too).

    ``from ketenles.grading.sandbox import answers`` needs the submodule, not what the
    package's ``__init__`` re-exports, so it counts as an edge to the submodule only.
    """
    known = {module_name(p) for p in MODULES}
    graph = {}
    for path in MODULES:
        own, edges = module_name(path), set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                edges |= {a.name for a in node.names if a.name in known}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [resolve(a.name) if node.module == "ketenles" else f"{node.module}.{a.name}"
                         for a in node.names]
                submodules = {n for n in names if n in known}
                edges |= submodules
                if len(submodules) < len(names) and node.module in known:
                    edges.add(node.module)
        edges.discard(own)
        graph[own] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles of a graph (strongly connected parts with more than one module)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            part = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                part.append(member)
                if member == node:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles():
    assert cycles(import_graph()) == []


def test_the_cycle_check_finds_a_cycle():
    graph = {"ketenles.selfstudy.selfcheck": {"ketenles.selfstudy.solutions"},
             "ketenles.selfstudy.solutions": {"ketenles.selfstudy.selfcheck"}, "ketenles.cli": set()}
    assert cycles(graph) == [["ketenles.selfstudy.selfcheck", "ketenles.selfstudy.solutions"]]


def test_the_code_uses_new_paths_and_every_old_path_still_imports():
    import importlib

    from ketenles import _moved

    uses_old = [f"{module_name(p)}: {name}" for p in MODULES if p.name != "_moved.py"
                for _, name in imports_of(p) if name in _moved.MOVED]
    assert uses_old == []
    for old, new in _moved.MOVED.items():
        assert importlib.import_module(old) is importlib.import_module(new), old
        assert importlib.import_module(new).__spec__.name == new  # the alias leaves the module's own spec
    # ``python -m ketenles.notebook.ui_language`` in an old postBuild still runs the module
    import subprocess
    import sys

    probe = ("import importlib.util, ketenles; s = importlib.util.find_spec('ketenles.notebook.ui_language');"
             " print(s.loader.get_code(s.name).co_filename)")
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert ran.stdout.strip().endswith("labsetup/ui_language.py")
