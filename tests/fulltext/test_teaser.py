"""The teaser rule and the per-feed full-text modes (our own texts; fictional outlets)."""

from __future__ import annotations

import pytest

from briefing.core.fulltext.teaser import (
    FeedTextStats,
    ends_with_more_link,
    feed_stats,
    is_teaser,
    needs_full_text,
    parse_mode,
    word_count,
)

ARTICLE = "\n\n".join(
    f"Paragraph {n}: the harbour board of Vellmouth met on Tuesday and argued for an hour about the "
    "ferry timetable, the cost of dredging the north channel, and whether the old customs house "
    "should become a library, a market hall or a museum of the herring fleet."
    for n in range(1, 6)
)
STANDFIRST = "Vellmouth's harbour board delays its vote on the ferry timetable for a third month."


def test_a_one_sentence_standfirst_is_a_teaser() -> None:
    assert is_teaser("Ferry vote delayed", STANDFIRST)


def test_an_empty_body_is_a_teaser() -> None:
    assert is_teaser("Ferry vote delayed", "")


def test_a_whole_article_is_not_a_teaser() -> None:
    assert word_count(ARTICLE) > 150
    assert not is_teaser("Ferry vote delayed", ARTICLE)


@pytest.mark.parametrize(
    "tail",
    [
        "Continue reading...",
        "Read full article\n\nComments",
        "This story continues at The Vellmouth Post\nOr just read more coverage about: Ferries",
        "To read this article in full, please click here",
        "Read full article >>",
        "and the board will meet again in May …",
    ],
)
def test_a_long_excerpt_ending_with_a_link_to_the_rest_is_a_teaser(tail: str) -> None:
    text = ARTICLE + "\n\n" + tail
    assert ends_with_more_link(text)
    assert is_teaser("Ferry vote delayed", text)


def test_an_ellipsis_inside_the_last_line_is_not_a_more_link() -> None:
    assert not ends_with_more_link(ARTICLE + "\n\nShe said... well, nothing more that day, and left the hall.")


def test_a_read_more_anchor_in_the_feed_html_counts() -> None:
    html = f"<p>{ARTICLE}</p><p><a href='https://post.example/ferry'>Keep reading: read more</a></p>"
    assert is_teaser("Ferry vote delayed", ARTICLE, html)


def test_ideographs_count_as_words() -> None:
    chinese = "港口委员会周二开会讨论渡轮时刻表。" * 20  # 340 characters, no spaces
    assert word_count(chinese) > 150
    assert not is_teaser("渡轮", chinese)
    assert is_teaser("渡轮", chinese[:60])


def test_modes() -> None:
    assert not needs_full_text("never", "t", STANDFIRST)
    assert needs_full_text("always", "t", ARTICLE)
    assert needs_full_text("auto", "t", STANDFIRST)
    assert not needs_full_text("auto", "t", ARTICLE)


def test_a_full_text_feed_keeps_its_short_briefs_but_fetches_a_more_link() -> None:
    full_feed = feed_stats([("t", ARTICLE)] * 9 + [("t", STANDFIRST)])
    assert full_feed.teaser_feed is False
    assert not needs_full_text("auto", "brief", STANDFIRST, feed=full_feed)
    assert needs_full_text("auto", "brief", STANDFIRST + " Continue reading...", feed=full_feed)


def test_a_teaser_feed_fetches_even_its_longer_stories() -> None:
    teaser_feed = feed_stats([("t", STANDFIRST)] * 8 + [("t", ARTICLE)] * 2)
    assert teaser_feed.teaser_feed is True
    assert needs_full_text("auto", "long one", ARTICLE, feed=teaser_feed)


def test_too_few_stories_judge_each_story_alone() -> None:
    assert FeedTextStats(3, 3).teaser_feed is None
    assert not needs_full_text("auto", "t", ARTICLE, feed=FeedTextStats(3, 3))


def test_parse_mode_gives_a_one_line_error() -> None:
    assert parse_mode(" Always ") == "always"
    with pytest.raises(ValueError, match="one of auto, always, never") as info:
        parse_mode("sometimes")
    assert "\n" not in str(info.value)
