"""Settings from ``config.toml``: a tree of frozen dataclasses, validated by hand.

A missing file means the defaults. Every mistake in the file becomes one
``ConfigError`` whose message names the file, the key and what was expected,
so the CLI can print it as a single line. Example file::

    [refresh]
    auto_interval = 30   # minutes between automatic refreshes in the TUI; 0 = off
    workers = 8
    timeout = 20         # seconds per feed
    full_text = "auto"   # new feeds' full-text mode: auto (fetch teaser stories' pages), always, never

    [summary]
    words = 75
    method = "news"

    [ui]
    theme = "textual-dark"
    mark_read_on_open = true
    show_people = true
    show_quotes = true
    browser = "lynx"     # or ["w3m", "%u"]: run without a shell, the screen suspended; %u = the URL

    [keymap]
    refresh = "r,f5"     # binding id -> keys, as Textual writes them
"""

from __future__ import annotations

import shlex
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

# The same names as briefing.core.summarize.METHODS (a test checks); kept here so reading
# the settings does not import sumy.
FULL_TEXT_MODES = ("auto", "always", "never")  # = briefing.core.fulltext.teaser.MODES
SUMMARY_METHODS = ("news", "lead", "lexrank", "textrank", "luhn", "lsa", "edmundson", "sumbasic", "kl")


class ConfigError(ValueError):
    """The settings file cannot be read or holds an invalid value."""


@dataclass(frozen=True, slots=True)
class RefreshSettings:
    auto_interval: int = 30  # minutes; 0 turns automatic refresh off
    workers: int = 8
    timeout: float = 20.0  # seconds per feed
    full_text: str = "auto"  # the full-text mode of feeds without their own (core.fulltext.teaser.MODES)


@dataclass(frozen=True, slots=True)
class SummarySettings:
    words: int = 75
    method: str = "news"


@dataclass(frozen=True, slots=True)
class UISettings:
    theme: str = "textual-dark"
    mark_read_on_open: bool = True
    show_people: bool = True
    show_quotes: bool = True
    browser: tuple[str, ...] = ()  # a command for links; () = the system's web browser


def _empty_keymap() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Settings:
    refresh: RefreshSettings = field(default_factory=RefreshSettings)
    summary: SummarySettings = field(default_factory=SummarySettings)
    ui: UISettings = field(default_factory=UISettings)
    keymap: Mapping[str, str] = field(default_factory=_empty_keymap, hash=False)


def load_settings(path: Path | None, *, must_exist: bool = False) -> Settings:
    """Read ``path``; no path or a missing file gives the defaults, unless ``must_exist`` (a file
    the user named, as with ``--config``: a typo there must not silently mean the defaults)."""
    if path is None or not path.exists():
        if must_exist and path is not None:
            raise ConfigError(f"{path}: no such settings file")
        return Settings()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read settings: {_reason(exc)}") from None
    return parse_settings(text, source=str(path))


def parse_settings(text: str, source: str = "config.toml") -> Settings:
    """Validate TOML text into ``Settings``; errors name ``source`` and the key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from None
    check = _Checker(source)
    check.only_keys(data, "", {"refresh", "summary", "ui", "keymap"})
    refresh = check.table(data, "refresh")
    summary = check.table(data, "summary")
    ui = check.table(data, "ui")
    keymap = check.table(data, "keymap")

    d_refresh, d_summary, d_ui = RefreshSettings(), SummarySettings(), UISettings()
    check.only_keys(refresh, "refresh.", {"auto_interval", "workers", "timeout", "full_text"})
    full_text = check.string(refresh, "refresh.full_text", d_refresh.full_text).strip().lower()
    if full_text not in FULL_TEXT_MODES:
        raise ConfigError(f"{source}: refresh.full_text must be one of {', '.join(FULL_TEXT_MODES)}, got {full_text!r}")
    check.only_keys(summary, "summary.", {"words", "method"})
    check.only_keys(ui, "ui.", {"theme", "mark_read_on_open", "show_people", "show_quotes", "browser"})
    method = check.string(summary, "summary.method", d_summary.method)
    if method not in SUMMARY_METHODS:
        raise ConfigError(f"{source}: summary.method must be one of {', '.join(SUMMARY_METHODS)}, got {method!r}")
    keys: dict[str, str] = {}
    for binding_id, keys_text in keymap.items():
        if not isinstance(keys_text, str) or not keys_text.strip():
            raise ConfigError(f"{source}: keymap.{binding_id} must be a non-empty string of keys, got {keys_text!r}")
        keys[binding_id] = keys_text.strip()
    return Settings(
        refresh=RefreshSettings(
            auto_interval=check.integer(refresh, "refresh.auto_interval", d_refresh.auto_interval, 0, 24 * 60),
            workers=check.integer(refresh, "refresh.workers", d_refresh.workers, 1, 64),
            timeout=check.number(refresh, "refresh.timeout", d_refresh.timeout, 1.0, 600.0),
            full_text=full_text,
        ),
        summary=SummarySettings(
            words=check.integer(summary, "summary.words", d_summary.words, 10, 1000),
            method=method,
        ),
        ui=UISettings(
            theme=check.string(ui, "ui.theme", d_ui.theme),
            mark_read_on_open=check.boolean(ui, "ui.mark_read_on_open", d_ui.mark_read_on_open),
            show_people=check.boolean(ui, "ui.show_people", d_ui.show_people),
            show_quotes=check.boolean(ui, "ui.show_quotes", d_ui.show_quotes),
            browser=check.command(ui, "ui.browser"),
        ),
        keymap=MappingProxyType(keys),
    )


class _Checker:
    """Small typed getters that raise ``ConfigError`` naming the file and key."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, expected: str, value: Any) -> ConfigError:
        return ConfigError(f"{self.source}: {key} must be {expected}, got {value!r}")

    def only_keys(self, table: Mapping[str, Any], prefix: str, allowed: set[str]) -> None:
        unknown = sorted(set(table) - allowed)
        if unknown:
            raise ConfigError(
                f"{self.source}: unknown setting {prefix}{unknown[0]} "
                f"(known: {', '.join(prefix + k for k in sorted(allowed))})"
            )

    def table(self, data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(f"[{key}]", "a table", value)
        return value

    def integer(self, table: Mapping[str, Any], key: str, default: int, low: int, high: int) -> int:
        value = table.get(key.rsplit(".", 1)[1], default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(key, f"a whole number from {low} to {high}", value)
        return value

    def number(self, table: Mapping[str, Any], key: str, default: float, low: float, high: float) -> float:
        value = table.get(key.rsplit(".", 1)[1], default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            raise self.fail(key, f"a number from {low:g} to {high:g}", value)
        return float(value)

    def string(self, table: Mapping[str, Any], key: str, default: str) -> str:
        value = table.get(key.rsplit(".", 1)[1], default)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "a non-empty string", value)
        return value.strip()

    def command(self, table: Mapping[str, Any], key: str) -> tuple[str, ...]:
        """A program and its arguments: a string (split like a shell, none runs) or a list of strings."""
        name = key.rsplit(".", 1)[1]
        if name not in table:
            return ()
        value = table[name]
        expected = 'a command: a string such as "lynx" or a list such as ["w3m", "%u"]'
        if isinstance(value, str):
            try:
                parts = shlex.split(value)
            except ValueError as exc:
                raise self.fail(key, f"{expected} ({exc})", value) from None
        elif isinstance(value, list) and all(isinstance(part, str) for part in value):
            parts = list(value)
        else:
            raise self.fail(key, expected, value)
        if not parts or not all(part.strip() for part in parts):
            raise self.fail(key, expected, value)
        return tuple(parts)

    def boolean(self, table: Mapping[str, Any], key: str, default: bool) -> bool:
        value = table.get(key.rsplit(".", 1)[1], default)
        if not isinstance(value, bool):
            raise self.fail(key, "true or false", value)
        return value


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
