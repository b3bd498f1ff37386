"""Where briefing keeps its files.

Everything is computed on demand: importing this module creates nothing. The
database lives in the user data directory and the settings in the user config
directory; ``BRIEFING_DB`` and ``BRIEFING_CONFIG`` (or the CLI's ``--db`` and
``--config``) point elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path

APP_NAME = "briefing"
DB_ENV = "BRIEFING_DB"
CONFIG_ENV = "BRIEFING_CONFIG"


def data_dir() -> Path:
    """The per-user data directory (not created here)."""
    return user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    """The archive: ``$BRIEFING_DB`` when set, else ``<data dir>/briefing.db``."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override).expanduser()
    return data_dir() / "briefing.db"


def demo_db_path() -> Path:
    """A separate database for ``--demo`` so the demo never touches the user's archive."""
    return data_dir() / "demo.db"


def config_path() -> Path:
    """The settings file: ``$BRIEFING_CONFIG`` when set, else ``<config dir>/config.toml``."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


def styles_dir() -> Path:
    """The Textual CSS: ``briefing/styles`` in an installed wheel, else the repo's ``styles/``."""
    package_dir = Path(__file__).resolve().parent
    installed = package_dir / "styles"
    if installed.is_dir():
        return installed
    return package_dir.parent / "styles"


def ensure_parent(path: Path) -> Path:
    """Create the directory that will hold ``path``; return ``path`` unchanged."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
