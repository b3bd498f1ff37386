"""The CLI fixtures (in-process ``cli`` and the real process ``run_process``) for the full-text tests."""

from tests.cli.conftest import cli, cli_db, private_dirs, run_process  # noqa: F401  (fixtures, used by name)
from tests.support.fixtures import http_server  # noqa: F401
