"""Opening the reader with a keymap or theme it cannot honour: one line naming the key, exit 1,
before the reader takes the screen (so nothing has to be undone in the terminal)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize(
    ("config_text", "named"),
    [
        ('[keymap]\nrefresh = "ctrl+nonsense"\n', "keymap.refresh"),
        ('[keymap]\nrefresh = "r,nonsense"\n', "keymap.refresh"),
        ('[keymap]\nno-such-binding = "x"\n', "keymap.no-such-binding"),
        ('[keymap]\ntoggle-star = "n"\n', "keymap.toggle-star"),  # n is next-unread there already
        ('[ui]\ntheme = "paisley-at-dusk"\n', "ui.theme"),
    ],
)
def test_a_bad_keymap_or_theme_stops_the_reader_with_one_line(cli, tmp_path: Path, config_text, named):
    config = tmp_path / "config.toml"
    config.write_text(config_text)
    result = cli("--config", str(config))
    assert result.code == 1
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert named in lines[0] and str(config) in lines[0]
    assert "terminal" not in lines[0]  # judged before anything else about opening the reader


def test_a_good_keymap_passes_the_check(cli, tmp_path: Path):
    config = tmp_path / "config.toml"
    config.write_text('[keymap]\nrefresh = "r,f5"\ntoggle-people = "alt+p"\n[ui]\ntheme = "nord"\n')
    result = cli("--config", str(config))
    # Only the lack of a terminal stops it here: the settings were fine.
    assert result.code == 1 and "needs a terminal" in result.err
