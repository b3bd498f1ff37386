"""Inputs built to make a parser's regular expressions backtrack: each must stay (near) linear.

Found while hardening: before the fixes, a 80 KB author of "a@a@…" took 28 s, 20,000 unclosed
<script> tags in an entry that lxml gives up on took 21 s, and 80,000 "<p " took 40 s; the cost
grew with the square of the size, so one hostile entry could stall a refresh for hours.
"""

from __future__ import annotations

import time

import pytest

from briefing.core.clean import html_to_text
from briefing.core.feeds import parse_feed

from .conftest import rss, rss_item

LIMIT_S = 3.0  # generous on a busy 2-core machine; the quadratic versions took minutes


def timed(function, *args, **kwargs):
    started = time.monotonic()
    result = function(*args, **kwargs)
    return result, time.monotonic() - started


@pytest.mark.parametrize(
    "author",
    ["a@" * 200_000, "x@y " * 100_000 + "(", "Name " * 50_000 + "<a@b"],
    ids=["at-signs", "mail-then-paren", "name-then-angle"],
)
def test_a_huge_author_costs_no_backtracking(author: str) -> None:
    doc = rss([rss_item(1, "Title", "Body", author=author)])
    for fast in (True, False):
        parsed, seconds = timed(parse_feed, doc, {}, "http://127.0.0.1/a", fast=fast)
        assert seconds < LIMIT_S, (fast, seconds)
        assert len(parsed.entries[0].author or "") <= 300


@pytest.mark.parametrize(
    "tail",
    ["<script>x", "<style>", "<p x", "< a", "<iframe src=", "<br"],
    ids=["scripts", "styles", "p-open", "lt", "iframes", "br"],
)
def test_fallback_html_cleaning_is_linear(tail: str) -> None:
    # 300 levels of nesting make libxml2 give up, which sends the entry down the regex fallback.
    html = "<div>" * 300 + tail * (400_000 // len(tail)) + " the end"  # under the text cap
    text, seconds = timed(html_to_text, html)
    assert seconds < LIMIT_S, seconds
    assert text.endswith("the end")
    assert "<script" not in text.lower() or tail != "<script>x"


def test_closed_blocks_are_still_dropped_by_the_fallback() -> None:
    html = "<div>" * 300 + "keep <script>drop()</script> this <STYLE>p{}</style > and <script>unclosed"
    text = html_to_text(html)
    assert "drop" not in text and "p{}" not in text
    assert text.startswith("keep this and") and "unclosed" in text


def test_many_doctypes_cost_no_rescans() -> None:
    doc = b'<?xml version="1.0"?><!ENTITY x "y">' + b"<!DOCTYPE x [" * 5_000 + b"<rss version='2.0'></rss>"
    for fast in (True, False):
        try:
            _parsed, seconds = timed(parse_feed, doc, {}, "http://127.0.0.1/d", fast=fast)
        except ValueError:  # NotAFeed is a ValueError: refusing it is fine, quickly
            continue
        assert seconds < LIMIT_S
