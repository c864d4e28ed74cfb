"""Lessons for the site: executed with their widget state, with a Dutch notice where a kernel is needed.

A widget whose models only show things (HTML, labels, boxes, images, output areas)
renders on the site from its saved state with the ipywidgets HTML manager. A widget
with a control (button, slider, choice, text field) looks the same on the site but
cannot answer, because no Python runs behind a web page: after such a cell the site
says so, in Dutch, and links to the lesson on Binder and on the course's hub.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import nbformat

from sitegen.settings import SiteSettings

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
# Models that only display: everything else (buttons, sliders, choices, text
# fields, ...) needs a kernel to respond.
DISPLAY_ONLY_MODELS = frozenset({
    "HTMLModel", "HTMLMathModel", "LabelModel", "ImageModel", "OutputModel",
    "BoxModel", "VBoxModel", "HBoxModel", "GridBoxModel", "AccordionModel", "TabModel", "StackModel",
    "LayoutModel", "StyleModel", "DescriptionStyleModel", "HTMLStyleModel", "HTMLMathStyleModel",
    "LabelStyleModel", "ProgressStyleModel", "FloatProgressModel", "IntProgressModel",
})
NOTICE_CLASS = "ketenles-kernel-nodig"
NOTICE_TAG = "ketenles-site:kernel-nodig"


CACHE_VAR = "KETENLES_LESSON_CACHE"


def execute(path: Path, progress_file: Path, timeout: int = 300) -> nbformat.NotebookNode:
    """Run a lesson top to bottom in a fresh kernel, keeping the widgets' state.

    The kernel talks to us over IPC sockets rather than TCP on localhost, so the
    build also runs where even the loopback interface is down (a fresh network
    namespace). Progress goes to ``progress_file``, never to a user's own file.

    With ``KETENLES_LESSON_CACHE`` set to a folder, a lesson whose notebook, library
    and environment are unchanged is executed once and then read from there: the test
    suite sets it, so the lesson tests and the site build share one execution per
    lesson. A lesson taken from the cache writes the progress its run recorded to
    ``progress_file`` when that file does not exist yet.
    """
    cache = os.environ.get(CACHE_VAR)
    if not cache:
        return _run(path, progress_file, timeout)
    import fcntl

    folder = Path(cache)
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"{path.stem}-{_content_key(path)}"
    executed, progress = stem.with_suffix(".ipynb"), stem.with_suffix(".progress.json")
    # One execution per lesson, also when two test processes ask at once.
    with open(stem.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not executed.exists():
            with tempfile.TemporaryDirectory(prefix="ketenles-lesson-progress-") as tmp:
                own = Path(tmp) / "progress.json"
                nb = _run(path, own, timeout)
                progress.write_bytes(own.read_bytes() if own.exists() else b"")
                nbformat.write(nb, executed.with_suffix(".tmp"))
                executed.with_suffix(".tmp").replace(executed)
    if not progress_file.exists() and progress.stat().st_size:
        progress_file.write_bytes(progress.read_bytes())
    return nbformat.read(executed, as_version=4)


def _content_key(path: Path) -> str:
    """What a lesson's outputs depend on: the notebook, the library with its data, the environment."""
    import hashlib
    import sys
    from importlib import metadata

    from sitegen.settings import REPO

    digest = hashlib.sha256(path.read_bytes())
    library = REPO / "src" / "ketenles"
    for file in sorted(p for p in library.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(file.relative_to(library)).encode() + b"\0" + file.read_bytes())
    versions = [sys.version] + [metadata.version(name) for name in
                                ("ipywidgets", "ipykernel", "matplotlib", "numpy", "nbclient")]
    digest.update("\n".join(versions).encode())
    return digest.hexdigest()[:16]


def _run(path: Path, progress_file: Path, timeout: int) -> nbformat.NotebookNode:
    from nbclient import NotebookClient
    from traitlets.config import Config

    nb = nbformat.read(path, as_version=4)
    old = os.environ.get("KETENLES_PROGRESS")
    os.environ["KETENLES_PROGRESS"] = str(progress_file)
    try:
        with tempfile.TemporaryDirectory(prefix="ketenles-kernel-") as sockets:
            config = Config()
            config.KernelManager.transport = "ipc"
            config.KernelManager.ip = str(Path(sockets) / "kernel")
            client = NotebookClient(nb, config=config, kernel_name="python3", timeout=timeout,
                                    allow_errors=False, store_widget_state=True,
                                    resources={"metadata": {"path": str(path.parent)}})
            client.execute()
    finally:
        if old is None:
            os.environ.pop("KETENLES_PROGRESS", None)
        else:
            os.environ["KETENLES_PROGRESS"] = old
    return nb


def widget_states(nb) -> dict:
    return nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})


def _models_below(model_id: str, states: dict, seen: set) -> list[str]:
    """The model names of a widget and of every widget it contains."""
    if model_id in seen or model_id not in states:
        return []
    seen.add(model_id)
    entry = states[model_id]
    names = [entry.get("model_name", "")]
    children = entry.get("state", {}).get("children", [])
    for child in children if isinstance(children, list) else []:
        if isinstance(child, str) and child.startswith("IPY_MODEL_"):
            names += _models_below(child[len("IPY_MODEL_"):], states, seen)
    return names


def needs_kernel(cell, states: dict) -> bool:
    """True when a cell shows a widget with a control that only a kernel can answer."""
    for output in cell.get("outputs", []):
        view = output.get("data", {}).get(WIDGET_VIEW)
        if not view:
            continue
        names = _models_below(view.get("model_id", ""), states, set())
        # A view whose state was not saved cannot be shown at all: a kernel is needed.
        if not names or any(name not in DISPLAY_ONLY_MODELS for name in names):
            return True
    return False


def notice(notebook: str, settings: SiteSettings) -> str:
    """The Dutch block after a widget that needs a kernel."""
    return "\n".join([
        ":::{admonition} Dit onderdeel werkt alleen in het notebook",
        f":class: {NOTICE_CLASS}",
        "",
        "Op deze website zie je hoe het onderdeel begint, maar de knoppen, keuzes en "
        "schuifregelaars geven hier geen antwoord: achter een webpagina draait geen Python. "
        "Open de les om het echt te doen:",
        "",
        f"- [Open de les op Binder]({settings.binder_url(notebook)}) (zelfstudie, zonder account; "
        "je werk verdwijnt als je de sessie sluit)",
        f"- [Open de les op de JupyterHub van de cursus]({settings.hub_url(notebook)}) (met je "
        "account van de opleiding; je werk blijft bewaard)",
        ":::",
    ])


def intro(notebook: str, settings: SiteSettings) -> str:
    """The Dutch note at the top of every lesson page."""
    return "\n".join([
        ":::{note}",
        "Dit is de leesversie van de les, met de uitkomsten van de cellen zoals ze bij het bouwen "
        "van de website waren. Oefeningen, quizzen en spellen doe je in het notebook zelf: "
        f"[op Binder]({settings.binder_url(notebook)}) of "
        f"[op de JupyterHub van de cursus]({settings.hub_url(notebook)}).",
        ":::",
    ])


def for_site(nb, notebook: str, settings: SiteSettings):
    """The executed lesson with the intro after its title and a notice after each kernel-only widget."""
    states = widget_states(nb)
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        if cell.cell_type == "code" and needs_kernel(cell, states):
            cells.append(nbformat.v4.new_markdown_cell(notice(notebook, settings),
                                                       metadata={"tags": [NOTICE_TAG]}))
    first_heading = next((i for i, c in enumerate(cells) if c.cell_type == "markdown"
                          and c.source.lstrip().startswith("# ")), None)
    position = 0 if first_heading is None else first_heading + 1
    cells.insert(position, nbformat.v4.new_markdown_cell(intro(notebook, settings),
                                                         metadata={"tags": [NOTICE_TAG]}))
    nb.cells = cells
    return nb
