"""The shape of the package: core without Textual, styles and demo data shipped, dependencies declared."""

from __future__ import annotations

import ast
import importlib.metadata
import os
import pkgutil
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import briefing
import briefing.core
from briefing.paths import styles_dir

REPO = Path(__file__).resolve().parents[1]


def _core_modules() -> list[str]:
    return sorted(f"briefing.core.{m.name}" for m in pkgutil.iter_modules(briefing.core.__path__))


def test_core_config_paths_and_cli_never_import_textual() -> None:
    modules = [*_core_modules(), "briefing.config", "briefing.paths", "briefing.cli", "briefing.demo"]
    assert "briefing.core.store" in modules and "briefing.core.models" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"imported by the core: {done.stdout.strip()}"


def test_core_sources_do_not_mention_textual() -> None:
    for path in (REPO / "briefing" / "core").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n.split(".")[0] in ("textual", "rich") for n in names), path


def test_every_stylesheet_is_reachable_through_styles_dir() -> None:
    sheets = sorted(p.name for p in (REPO / "styles").glob("*.tcss"))
    assert sheets, "styles/ holds the app's CSS"
    found = styles_dir()
    for name in sheets:
        assert (found / name).is_file(), name


def test_every_stylesheet_the_code_names_exists() -> None:
    named = set()
    for path in (REPO / "briefing").rglob("*.py"):
        named |= set(re.findall(r"styles_dir\(\)\s*/\s*[\"']([^\"']+\.tcss)[\"']", path.read_text(encoding="utf-8")))
    assert named, "the app loads its CSS through styles_dir()"
    assert not {name for name in named if not (styles_dir() / name).is_file()}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; (]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _declared_distributions(*extras: str) -> set[str]:
    """pyproject's dependencies (plus the named extras) and what they in turn require."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project["optional-dependencies"][extra]
    declared = {_name(dep) for dep in wanted}
    for dist in list(declared):
        try:
            requires = importlib.metadata.requires(dist) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        declared |= {_name(r) for r in requires if "extra ==" not in r}
    return declared


def _undeclared_imports(folders: list[Path], declared: set[str]) -> dict[str, str]:
    owners = importlib.metadata.packages_distributions()
    missing: dict[str, str] = {}
    for folder in folders:
        for path in folder.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    tops = [alias.name.split(".")[0] for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    tops = [node.module.split(".")[0]]
                else:
                    continue
                for top in tops:
                    if top in sys.stdlib_module_names or top in ("briefing", "tests", "bench", "__future__"):
                        continue
                    dists = {d.lower().replace("_", "-") for d in owners.get(top, [top])}
                    if not dists & declared:
                        missing[top] = str(path.relative_to(REPO))
    return missing


def test_every_third_party_import_is_a_declared_dependency() -> None:
    """A fresh install gets only what pyproject.toml names: every import the package makes must be there."""
    missing = _undeclared_imports([REPO / "briefing"], _declared_distributions())
    assert not missing, f"imported but not in pyproject dependencies: {missing}"


def test_the_test_suite_needs_only_declared_test_dependencies() -> None:
    """`pip install -e '.[test]'` must be enough for the README's test command."""
    declared = _declared_distributions("test")
    missing = _undeclared_imports([REPO / "tests"], declared)
    assert not missing, f"tests import packages missing from the [test] extra: {missing}"
    uses_snapshots = any("snap_compare" in p.read_text(encoding="utf-8") for p in (REPO / "tests").rglob("*.py"))
    if uses_snapshots:
        assert "pytest-textual-snapshot" in declared


def _build_wheel(dest: Path) -> Path:
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dest), str(REPO)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        pytest.fail(f"pip wheel failed: {done.stderr[-2000:]}")
    (wheel,) = dest.glob("briefing-*.whl")
    return wheel


@pytest.mark.slow
def test_wheel_ships_styles_and_demo_and_works_from_site_packages(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path / "dist")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    for sheet in (REPO / "styles").glob("*.tcss"):
        assert f"briefing/styles/{sheet.name}" in names
    demo_files = {n for n in names if n.startswith("briefing/demo/")}
    assert any(n.endswith(".txt") for n in demo_files), demo_files
    assert not any(n.startswith(("tests/", "bench/")) for n in names)

    # Installed, away from the repo: styles_dir() is inside the package and the demo feeds render.
    # (-I: no PYTHONPATH, no current directory; the unpacked wheel goes first on sys.path.)
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import pathlib, sys\n"
        f"sys.path.insert(0, {str(tmp_path / 'site')!r})\n"
        "import briefing, briefing.demo, briefing.paths\n"
        "print(pathlib.Path(briefing.__file__).parent)\n"
        "print(briefing.paths.styles_dir())\n"
        f"print(len(briefing.demo.demo_feed_paths(dest=pathlib.Path({str(tmp_path / 'feeds')!r}))))\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, "-I", str(probe)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    package, styles, feeds = done.stdout.split("\n")[:3]
    assert Path(package) == tmp_path / "site" / "briefing"
    assert Path(styles) == tmp_path / "site" / "briefing" / "styles"
    assert int(feeds) >= 3


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.+?)\n```", quick_start)
    assert len(commands) == 2, "Quick start has exactly two commands"
    demo, tests = commands
    assert "briefing --demo" in demo and "pytest" in tests
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.startswith("#!/usr/bin/env bash") and "set -euo pipefail" in ci
    assert ci.rstrip().splitlines()[-1] == tests
    assert "|| true" not in ci and "--exitfirst" not in ci
    assert os.access(REPO / ".ci" / "run", os.X_OK)
