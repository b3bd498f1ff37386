"""A teaser-only RSS feed of our own stories for the full-text tests."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape


def teaser_rss(items: Sequence[tuple[str, str, str]], title: str = "The Vellmouth Courier") -> bytes:
    """RSS 2.0 whose items are (title, link, teaser): the feed carries a sentence of each story."""
    body = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link><guid>{escape(link)}</guid>"
        f"<pubDate>Thu, 19 Nov 2026 0{i % 10}:00:00 GMT</pubDate><description>{escape(teaser)}</description></item>"
        for i, (t, link, teaser) in enumerate(items)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
        f"<link>https://courier.vellmouth.test/</link><description>News</description>{body}</channel></rss>"
    ).encode()
