"""extract_article on our own pages: the article is kept whole, walls and stubs never replace a teaser."""

from __future__ import annotations

import pytest

from briefing.core.fulltext.extract import extract_article
from tests.fulltext import site
from tests.fulltext.site import PARAGRAPHS, TEASER, TITLE


@pytest.mark.parametrize("page", [site.news_page, site.blog_page, site.amp_page], ids=["news", "blog", "amp"])
def test_the_article_is_extracted_with_its_paragraphs(page) -> None:  # type: ignore[no-untyped-def]
    result = extract_article(page(), "https://courier.example/news/ferry", title=TITLE, teaser=TEASER)
    assert result.status == "fetched", result.reason
    paragraphs = result.text.split("\n\n")
    assert paragraphs[0] == PARAGRAPHS[0]  # the headline is the story's title, not repeated in its body
    for paragraph in PARAGRAPHS:
        assert paragraph in paragraphs
    for boilerplate in (
        "Most read",
        "Related stories",
        "newsletter",
        "All rights reserved",
        "Great write-up",
        "Weather",
    ):
        assert boilerplate not in result.text


@pytest.mark.parametrize(
    ("page", "reason"),
    [(site.paywall_page, "paywall"), (site.cookie_page, "cookie"), (site.login_page, "login")],
    ids=["paywall", "cookie", "login"],
)
def test_a_wall_keeps_the_teaser_with_the_reason(page, reason: str) -> None:  # type: ignore[no-untyped-def]
    result = extract_article(page(), "https://courier.example/news/ferry", title=TITLE, teaser=TEASER)
    assert result.status == "teaser"
    assert result.text == ""
    assert reason in (result.reason or "")


def test_a_page_about_something_else_keeps_the_teaser() -> None:
    result = extract_article(site.unrelated_page(), "https://courier.example/", title=TITLE, teaser=TEASER)
    assert result.status == "teaser"
    assert "does not match the story" in (result.reason or "")


def test_terminal_escapes_in_the_page_never_reach_the_text() -> None:
    html = site.news_page().replace("forty thousand crowns", "forty \x1b]52;c;aGk=\x07thousand\x1b[2J crowns\u202e")
    result = extract_article(html, "https://courier.example/news/ferry", title=TITLE, teaser=TEASER)
    assert result.status == "fetched"
    assert "thousand" in result.text
    assert not any(c in result.text for c in "\x1b\x07\u202e")


@pytest.mark.parametrize("html", ["", "   ", b"\xff\xfe\x00garbage", "<html><body></body></html>"])
def test_nothing_readable_is_a_failure_not_an_exception(html: str | bytes) -> None:
    result = extract_article(html, None, title=TITLE, teaser=TEASER)
    assert result.status in ("failed", "teaser")
    assert result.text == "" and result.reason


def test_a_hostile_page_of_many_elements_is_refused_quickly() -> None:
    import time

    html = "<html><body>" + "<a href='/x'>link</a> " * 200_000 + site.news_page() + "</body></html>"
    started = time.monotonic()
    result = extract_article(html, None, title=TITLE, teaser=TEASER)
    assert time.monotonic() - started < 2
    assert result.status == "failed" and "too complex" in (result.reason or "")
