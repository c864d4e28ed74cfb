"""IPython extension: Dutch "Let op:" lines for a beginner's slips from the kernel's first cell on.

``import ketenles`` installs the friendly errors, but a student who reopens a
saved lesson and runs a widget cell first has imported nothing yet: the
``NameError`` for ``lessons`` would come as an English traceback. The course's
set-up (``python -m ketenles.labsetup.server_settings``) loads this extension in
every IPython kernel of its environment (``<prefix>/etc/ipython/ipython_kernel_config.json``).
Loading it costs little: it installs the handler, which imports the catalogue
only when a slip happens.
"""

from __future__ import annotations


def load_ipython_extension(shell) -> None:
    from ketenles.notebook.friendly_errors import install_friendly_errors

    install_friendly_errors()
