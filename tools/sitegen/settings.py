"""The site's settings (``site/site.yaml``, overridable from the environment) and the links they make."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import yaml

REPO = Path(__file__).resolve().parents[2]
SETTINGS_FILE = REPO / "site" / "site.yaml"
# Environment variables that override a setting (the workflow sets the repository).
OVERRIDES = {"repository": "KETENLES_SITE_REPOSITORY", "branch": "KETENLES_SITE_BRANCH",
             "hub": "KETENLES_SITE_HUB", "targetpath": "KETENLES_SITE_TARGETPATH"}


@dataclass(frozen=True)
class SiteSettings:
    repository: str
    branch: str
    hub: str
    targetpath: str

    @property
    def git_url(self) -> str:
        return f"https://github.com/{self.repository}"

    def file_url(self, path: str) -> str:
        """A file or folder of the repository on GitHub."""
        return f"{self.git_url}/blob/{self.branch}/{path}"

    def binder_url(self, notebook: str) -> str:
        """The README's Binder link form (default branch, HEAD), opening ``notebook``."""
        return f"https://mybinder.org/v2/gh/{self.repository}/HEAD?urlpath={quote(f'lab/tree/{notebook}')}"

    def hub_url(self, notebook: str) -> str:
        """The nbgitpuller link of course/deployment/README.md, opening ``notebook``."""
        query = urlencode({"repo": self.git_url, "branch": self.branch, "targetpath": self.targetpath,
                           "urlpath": f"lab/tree/{self.targetpath}/{notebook}"})
        return f"{self.hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def load(path: Path = SETTINGS_FILE, environ: dict | None = None) -> SiteSettings:
    environ = os.environ if environ is None else environ
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    values = {}
    for key, variable in OVERRIDES.items():
        value = environ.get(variable) or data.get(key)
        if not value or not isinstance(value, str):
            raise SystemExit(f"{path}: setting {key!r} is missing (or set {variable})")
        values[key] = value.strip()
    return SiteSettings(**values)
