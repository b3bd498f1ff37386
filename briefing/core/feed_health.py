"""A feed's health in one word (``ok``, ``new``, ``failing (N)``, ``problem``, ``gone``): what
``briefing feeds`` prints and its JSON ``status`` field; one place so every view agrees."""

from __future__ import annotations

from briefing.core.models import Feed


def feed_status(feed: Feed) -> str:
    """A short word for a feed's health; ``failing`` carries the count of failures in a row."""
    if feed.gone:
        return "gone"
    if feed.last_fetched is None and not feed.last_error:
        return "new"
    if feed.failures:
        return f"failing ({feed.failures})"
    if feed.last_error:
        return "problem"
    return "ok"
