"""mask_urls: every URL password inside a line of text becomes ***, the rest of the line stays."""

from __future__ import annotations

import pytest

from briefing.core.locations import mask_credentials
from briefing.core.redact import mask_urls


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "fetch https://alice:s3cret@fen.example/rss failed: 401",
            "fetch https://alice:***@fen.example/rss failed: 401",
        ),
        (
            "two: http://a:b@x.example/ and HTTPS://c:d@y.example/f",
            "two: http://a:***@x.example/ and HTTPS://c:***@y.example/f",
        ),
        ("token https://abc123@api.example/feed", "token https://***@api.example/feed"),
        ("at sign in the password https://al:p@ss@fen.example/", "at sign in the password https://al:***@fen.example/"),
        (
            "mail odile@fen.example about https://fen.example/rss",
            "mail odile@fen.example about https://fen.example/rss",
        ),
        ("no url here", "no url here"),
    ],
)
def test_passwords_in_text_are_masked(text: str, expected: str) -> None:
    assert mask_urls(text) == expected


def test_one_url_is_masked_as_mask_credentials_masks_it() -> None:
    for url in ("https://alice:secret@fen.example/rss", "https://tok@fen.example/rss", "https://fen.example/"):
        assert mask_urls(url) == mask_credentials(url)
