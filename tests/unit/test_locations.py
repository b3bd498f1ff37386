"""One check of feed locations for every way in: the CLI may name local files, OPML and the reader may not."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.core.locations import LocationRefused, check_feed_location, mask_credentials


@pytest.mark.parametrize("origin", ["cli", "reader", "opml"])
def test_web_feeds_are_accepted_from_everywhere_with_scheme_and_host_lower_cased(origin: str) -> None:
    assert check_feed_location("  HTTPS://News.Example.ORG/Feed.xml?x=1 ", origin=origin) == (  # type: ignore[arg-type]
        "https://news.example.org/Feed.xml?x=1"
    )


@pytest.mark.parametrize(
    "location",
    [
        "~/notes.xml",
        "../../etc/hostname",
        "file:///etc/shadow",
        "/etc/hostname",
        "javascript:alert(1)",
        "data:text/xml,<rss/>",
        "vbscript:msgbox",
        "ftp://example.org/feed",
        "not a url",
        "feed.xml",
        "",
    ],
)
@pytest.mark.parametrize("origin", ["reader", "opml"])
def test_outside_the_command_line_only_http_and_https_get_in(location: str, origin: str) -> None:
    with pytest.raises(LocationRefused) as refused:
        check_feed_location(location, origin=origin)  # type: ignore[arg-type]
    message = str(refused.value)
    assert "\n" not in message and message


def test_the_command_line_may_name_an_existing_local_file(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text("<rss/>", encoding="utf-8")
    assert check_feed_location(str(feed), origin="cli") == str(feed.resolve())
    assert check_feed_location(f"file://{feed}", origin="cli") == f"file://{feed}"
    with pytest.raises(LocationRefused, match="no such file"):
        check_feed_location(str(tmp_path / "missing.xml"), origin="cli")
    with pytest.raises(LocationRefused, match="directory"):
        check_feed_location(str(tmp_path), origin="cli")


@pytest.mark.parametrize(
    "location", ["javascript:alert(1)", "data:text/xml,x", "gopher://h/", "https://", "http://h:port/"]
)
def test_the_command_line_refuses_other_schemes_and_hostless_urls(location: str) -> None:
    with pytest.raises(LocationRefused):
        check_feed_location(location, origin="cli")


@pytest.mark.parametrize("bad", ["https://example.org/\x9b31m", "https://exa mple.org/", "https://example.org/\x1b[2J"])
def test_control_characters_and_spaces_are_refused_and_escaped_in_the_message(bad: str) -> None:
    with pytest.raises(LocationRefused) as refused:
        check_feed_location(bad, origin="cli")
    assert "\x1b" not in str(refused.value) and "\x9b" not in str(refused.value)


def test_credentials_are_masked_for_display_but_the_rest_of_the_url_stays() -> None:
    assert (
        mask_credentials("https://alice:secret@feeds.example.org/a?b=1") == "https://alice:***@feeds.example.org/a?b=1"
    )
    assert mask_credentials("https://token@feeds.example.org/") == "https://***@feeds.example.org/"
    assert mask_credentials("https://feeds.example.org/a@b") == "https://feeds.example.org/a@b"
    assert "secret" not in mask_credentials("http://u:secret@[::1]:8080/x")
