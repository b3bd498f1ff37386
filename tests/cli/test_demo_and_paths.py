"""--demo builds its own archive offline; default locations follow platformdirs and the env overrides."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from briefing import paths
from briefing.core.models import StoryFilter
from briefing.core.store import Store


def test_demo_builds_a_separate_archive_offline_once(cli, tmp_path: Path) -> None:
    first = cli("--demo", "feeds", "--json", db=None)
    assert first.code == 0, first.err
    assert "Building the demo archive" in first.err
    demo_db = tmp_path / "xdg-data" / "briefing" / "demo.db"
    assert demo_db.is_file()
    assert not (tmp_path / "xdg-data" / "briefing" / "briefing.db").exists()  # the user's archive is untouched
    feeds = json.loads(first.out)
    assert len(feeds) >= 3
    assert all(f["status"] == "ok" and f["total"] > 0 for f in feeds)
    assert all(Path(f["url"]).is_file() for f in feeds)  # local files: nothing came from the network
    assert sum(f["total"] for f in feeds) >= 30

    people = json.loads(cli("--demo", "people", "--json", db=None).out)
    assert len(people) >= 5  # analysed during the build
    second = cli("feeds", "--json", "--demo", db=None)  # global flags work after the command too
    assert "Building" not in second.err
    assert json.loads(second.out) == feeds


def test_demo_is_rebuilt_when_the_bundle_changes(cli, tmp_path: Path) -> None:
    demo_db = tmp_path / "mydemo.db"
    assert cli("--demo", "feeds", db=demo_db).code == 0
    with Store(demo_db) as store:
        ids = [row.id for row in store.stories(limit=5)]
        store.set_read(ids)
        store.set_state("demo_bundle", "an older bundle")
    rebuilt = cli("--demo", "search", "strike", "--json", db=demo_db)
    assert rebuilt.code == 0 and "Building the demo archive" in rebuilt.err
    assert json.loads(rebuilt.out)  # the demo has a port strike story
    with Store(demo_db) as store:
        assert store.count_stories(filter=StoryFilter(unread=True)) == store.count_stories()


def test_default_locations_follow_platformdirs_and_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BRIEFING_CONFIG", raising=False)
    assert paths.default_db_path() == tmp_path / "xdg-data" / "briefing" / "briefing.db"
    assert paths.demo_db_path() == tmp_path / "xdg-data" / "briefing" / "demo.db"
    assert paths.config_path() == tmp_path / "xdg-config" / "briefing" / "config.toml"
    monkeypatch.setenv("BRIEFING_DB", str(tmp_path / "elsewhere.db"))
    monkeypatch.setenv("BRIEFING_CONFIG", str(tmp_path / "settings.toml"))
    assert paths.default_db_path() == tmp_path / "elsewhere.db"
    assert paths.config_path() == tmp_path / "settings.toml"
    assert not (tmp_path / "xdg-data").exists() and not (tmp_path / "xdg-config").exists()  # nothing created


def test_env_database_is_used_without_db_flag(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "from-env" / "archive.db"
    monkeypatch.setenv("BRIEFING_DB", str(target))
    assert cli("add", "https://env.example/rss", db=None).code == 0
    assert target.is_file()
    with Store(target) as store:
        assert [f.url for f in store.list_feeds()] == ["https://env.example/rss"]


def test_config_flag_and_env_are_read(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "env.toml"
    bad.write_text("[ui]\nshow_quotes = 'maybe'\n")
    monkeypatch.setenv("BRIEFING_CONFIG", str(bad))
    assert "ui.show_quotes" in cli("feeds").err
    good = tmp_path / "flag.toml"
    good.write_text("[summary]\nwords = 40\n")
    assert cli("--config", str(good), "feeds").code == 0  # the flag wins over the environment


def test_ensure_parent_creates_only_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "file.db"
    assert paths.ensure_parent(target) == target
    assert target.parent.is_dir() and not target.exists()


def test_importing_the_cli_creates_nothing(run_process, tmp_path: Path) -> None:
    result = run_process("--version")
    assert result.code == 0
    assert not (tmp_path / "xdg-data").exists() and not (tmp_path / "xdg-config").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_demo_opens_the_reader_in_a_terminal_and_quits(tmp_path: Path) -> None:
    """What the README's first command ends with: `briefing --demo` in a real pseudo-terminal."""
    import fcntl
    import os
    import pty
    import select
    import struct
    import subprocess
    import termios
    import time

    from tests.cli.stories import REPO

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = dict(
        os.environ,
        TERM="xterm-256color",
        PYTHONPATH=str(REPO),
        XDG_DATA_HOME=str(tmp_path / "xdg-data"),
        XDG_CONFIG_HOME=str(tmp_path / "xdg-config"),
    )
    env.pop("BRIEFING_DB", None)
    env.pop("BRIEFING_CONFIG", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "briefing", "--demo"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        cwd=tmp_path,
    )
    os.close(follower)
    seen = b""
    quit_sent_at = None
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and process.poll() is None:
            ready, _, _ = select.select([leader], [], [], 0.2)
            if ready:
                try:
                    seen += os.read(leader, 65536)
                except OSError:
                    break
            if quit_sent_at is None and b"Harbour" in seen:  # a demo outlet is on screen
                time.sleep(0.5)
                os.write(leader, b"\x11")  # ctrl+q
                quit_sent_at = time.monotonic()
        assert quit_sent_at is not None, seen[-2000:]
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(leader)
    assert b"Traceback" not in seen
    assert (tmp_path / "xdg-data" / "briefing" / "demo.db").is_file()
