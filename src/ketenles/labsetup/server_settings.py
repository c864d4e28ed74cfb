"""Server settings for a student's JupyterLab: kernels that do not pile up, a terminal that knows ``ketenles``.

Kernels. JupyterLab keeps a notebook's kernel running when its tab closes, and a
reload reconnects to all of them: after a walk through the lessons seven to nine
kernels ran, and on Binder (about 2 GB) that ends the session. Two settings:

- JupyterLab shuts a notebook's kernel down when its tab closes
  (``@jupyterlab/notebook-extension:tracker`` ``kernelShutdown``, a settings
  override a student can still change);
- jupyter_server culls a kernel that no tab is connected to and that has been
  idle for :data:`IDLE_MINUTES` minutes (``MappingKernelManager.cull_*``). A
  kernel with an open tab is never culled, and culling never touches a file:
  saved notebooks and the progress file stay (lessons save progress as it is made).

Terminal. jupyter_server starts the terminal as a login shell, which reads
``/etc/profile``; on Debian that resets ``PATH``, so the environment's
``bin`` folder (with ``ketenles`` and ``jupyter``) is gone unless the environment
was activated system-wide. The terminal here is a login shell that puts that
folder back in front and then becomes an ordinary interactive shell.

Slips. Every IPython kernel of the environment loads
:mod:`ketenles.notebook.kernel_start`, so a cell run before the cells above it
(a reopened lesson) or an answer without quotes gets a Dutch "Let op:" line
from the first cell on, not an English ``NameError`` traceback.

All are written for this Python environment. The lab setting is a file of its
own in ``overrides.d/``. jupyter_server reads ``jupyter_server_config.d/`` only
to enable extensions, so the server settings are merged into the environment's
``jupyter_server_config.json``: only the keys named here change, every other
setting in that file stays; ``scripts/setup.sh`` runs ``python -m ketenles.labsetup.server_settings``
(Binder's ``postBuild`` and the hub's image must run it too).

>>> import json, tempfile
>>> config = json.loads(write_server_config(tempfile.mkdtemp(), bin_dir="/opt/env/bin").read_text())
>>> config["MappingKernelManager"]["cull_connected"], config["MappingKernelManager"]["cull_idle_timeout"]
(False, 1200)
>>> "/opt/env/bin" in config["ServerApp"]["terminado_settings"]["shell_command"][-1]
True
"""

from __future__ import annotations

import json
import shlex
import shutil
import sys
from pathlib import Path

from ketenles.errors import ArgumentError
from ketenles.i18n import msg

CONFIG_NAME = "jupyter_server_config.json"
OVERRIDE_NAME = "ketenles-kernels.json"
TRACKER = "@jupyterlab/notebook-extension:tracker"
IDLE_MINUTES = 20
CULL_INTERVAL_SECONDS = 120


def _shell() -> str:
    return shutil.which("bash") or "/bin/sh"


def terminal_command(bin_dir: str | Path, shell: str | None = None) -> list[str]:
    """A login shell (system profile read) that puts ``bin_dir`` first on ``PATH``, then an interactive shell."""
    shell = shell or _shell()
    folder = shlex.quote(str(bin_dir))
    return [shell, "-l", "-c", f'export PATH={folder}:"$PATH"; exec {shlex.quote(shell)} -i']


def write_server_config(config_dir: str | Path | None = None, bin_dir: str | Path | None = None,
                        idle_minutes: int = IDLE_MINUTES) -> Path:
    """Culling and the terminal, merged into ``<config_dir>/jupyter_server_config.json``."""
    if config_dir is not None and not isinstance(config_dir, (str, Path)):
        raise ArgumentError("config_dir", config_dir, msg("saved_widgets.expect.config_dir"))
    if isinstance(idle_minutes, bool) or not isinstance(idle_minutes, int) or idle_minutes < 1:
        raise ArgumentError("idle_minutes", idle_minutes, msg("server_settings.expect.minutes"))
    folder = Path(config_dir) if config_dir is not None else Path(sys.prefix) / "etc" / "jupyter"
    # The environment's own folder, links resolved: a checkout whose .venv is a link to another
    # one (the website build's clean copy) must not write its own temporary path into the
    # settings of the environment it links to.
    bin_dir = bin_dir if bin_dir is not None else Path(sys.prefix).resolve() / "bin"
    path = folder / CONFIG_NAME
    config = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    server = config.setdefault("ServerApp", {})
    server.setdefault("terminado_settings", {})["shell_command"] = terminal_command(bin_dir)
    config.setdefault("MappingKernelManager", {}).update({
        "cull_idle_timeout": idle_minutes * 60,
        "cull_interval": CULL_INTERVAL_SECONDS,
        "cull_connected": False,  # a kernel with an open tab keeps its state
        "cull_busy": False,
    })
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return path


def write_lab_override(settings_dir: str | Path | None = None) -> Path:
    """``<settings_dir>/overrides.d/ketenles-kernels.json``: closing a notebook's tab shuts its kernel down."""
    from ketenles.labsetup.ui_language import default_settings_dir

    folder = Path(settings_dir) if settings_dir is not None else default_settings_dir()
    path = folder / "overrides.d" / OVERRIDE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({TRACKER: {"kernelShutdown": True}}, indent=2) + "\n", encoding="utf-8")
    return path


KERNEL_EXTENSION = "ketenles.notebook.kernel_start"


def write_kernel_config(config_dir: str | Path | None = None) -> Path:
    """Load the Dutch "Let op:" handler in every IPython kernel: ``<config_dir>/ipython_kernel_config.json``.

    Default folder: this environment's ``etc/ipython``, which IPython reads for
    every kernel it starts. Other settings in the file stay.
    """
    folder = Path(config_dir) if config_dir is not None else Path(sys.prefix) / "etc" / "ipython"
    path = folder / "ipython_kernel_config.json"
    config = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    extensions = config.setdefault("IPKernelApp", {}).setdefault("extensions", [])
    if KERNEL_EXTENSION not in extensions:
        extensions.append(KERNEL_EXTENSION)
    # The kernel's links in the Help menu ("Python Reference", "NumPy Reference", ...) are
    # English labels no translation reaches; one Dutch-labelled link to Python's manual remains.
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    config.setdefault("IPythonKernel", {})["help_links"] = [
        {"text": msg("server_settings.python_manual"), "url": f"https://docs.python.org/{version}/"}]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return path


def main() -> int:
    write_kernel_config()
    server, lab = write_server_config(), write_lab_override()
    print(msg("server_settings.done", server=str(server), lab=str(lab), minutes=IDLE_MINUTES))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
