"""Settings from config.toml: defaults, every section read, and one clear line per mistake."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from briefing.config import SUMMARY_METHODS, ConfigError, Settings, load_settings, parse_settings

FULL = """
[refresh]
auto_interval = 0
workers = 3
timeout = 7.5

[summary]
words = 60
method = "lexrank"

[ui]
theme = "nord"
mark_read_on_open = false
show_people = false
show_quotes = true

[keymap]
refresh = "r,f5"
search = " slash "
"""


def test_missing_file_and_no_path_give_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "absent.toml") == Settings()
    assert load_settings(None) == Settings()
    assert not (tmp_path / "absent.toml").exists()  # reading never creates the file


def test_every_section_is_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(FULL, encoding="utf-8")
    settings = load_settings(path)
    assert (settings.refresh.auto_interval, settings.refresh.workers, settings.refresh.timeout) == (0, 3, 7.5)
    assert (settings.summary.words, settings.summary.method) == (60, "lexrank")
    assert settings.ui.theme == "nord"
    assert settings.ui.mark_read_on_open is False
    assert settings.ui.show_people is False
    assert settings.ui.show_quotes is True
    assert dict(settings.keymap) == {"refresh": "r,f5", "search": "slash"}


def test_partial_file_keeps_other_defaults() -> None:
    settings = parse_settings("[summary]\nwords = 90\n")
    assert settings.summary.words == 90
    assert settings.summary.method == Settings().summary.method
    assert settings.refresh == Settings().refresh
    assert settings.ui == Settings().ui


def test_settings_are_frozen() -> None:
    settings = parse_settings(FULL)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.ui.theme = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        settings.keymap["refresh"] = "q"  # type: ignore[index]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("[refresh]\nworkers = 0\n", "refresh.workers must be a whole number from 1 to 64, got 0"),
        ("[refresh]\nworkers = true\n", "refresh.workers must be a whole number"),
        ("[refresh]\nauto_interval = -5\n", "refresh.auto_interval must be a whole number from 0"),
        ("[refresh]\ntimeout = 'soon'\n", "refresh.timeout must be a number from 1 to 600, got 'soon'"),
        ("[refresh]\ntimeot = 3\n", "unknown setting refresh.timeot"),
        ("[summary]\nmethod = 'magic'\n", "summary.method must be one of news, lead"),
        ("[summary]\nwords = 2.5\n", "summary.words must be a whole number"),
        ("[ui]\nshow_people = 'yes'\n", "ui.show_people must be true or false, got 'yes'"),
        ("[ui]\ntheme = ''\n", "ui.theme must be a non-empty string"),
        ("[keymap]\nquit = 3\n", "keymap.quit must be a non-empty string of keys, got 3"),
        ("ui = 3\n", "[ui] must be a table, got 3"),
        ("[colours]\nx = 1\n", "unknown setting colours"),
        ("[ui\ntheme = 'x'\n", "not valid TOML"),
    ],
)
def test_mistakes_are_one_clear_line(text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_settings(text, source="/home/me/config.toml")
    message = str(caught.value)
    assert message.startswith("/home/me/config.toml: ")
    assert expected in message
    assert "\n" not in message


def test_unreadable_file_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"[ui]\ntheme = '\xff\xfe'\n")
    with pytest.raises(ConfigError, match="config.toml"):
        load_settings(path)
    folder = tmp_path / "dir.toml"
    folder.mkdir()
    with pytest.raises(ConfigError, match="cannot read settings"):
        load_settings(folder)


def test_summary_methods_match_the_summarizer() -> None:
    from briefing.core.summarize import METHODS

    assert tuple(SUMMARY_METHODS) == tuple(METHODS)


def test_a_named_settings_file_that_is_missing_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "typo.toml"
    assert load_settings(missing) == Settings()  # the default location may be absent
    with pytest.raises(ConfigError) as caught:
        load_settings(missing, must_exist=True)
    assert str(caught.value) == f"{missing}: no such settings file"


def test_ui_browser_is_a_command_string_or_list() -> None:
    assert parse_settings("").ui.browser == ()
    assert parse_settings('[ui]\nbrowser = "w3m -o confirm_qq=false %u"').ui.browser == (
        "w3m",
        "-o",
        "confirm_qq=false",
        "%u",
    )
    assert parse_settings('[ui]\nbrowser = ["lynx", "-accept_all_cookies"]').ui.browser == (
        "lynx",
        "-accept_all_cookies",
    )
    for bad in ('""', "[]", "3", '"lynx \\"unclosed"', '["", "x"]', '["lynx", 2]'):
        with pytest.raises(ConfigError) as caught:
            parse_settings(f"[ui]\nbrowser = {bad}")
        assert "ui.browser" in str(caught.value) and "\n" not in str(caught.value)
