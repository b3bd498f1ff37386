"""Fetcher against a real HTTP server on 127.0.0.1: validators, redirects, limits, failures."""

from __future__ import annotations

import email.utils
import gzip
import os
import socket
import time
from pathlib import Path

from briefing import __version__
from briefing.core.feeds import Fetcher, parse_retry_after
from briefing.core.models import Feed
from tests.net.conftest import feed_bytes
from tests.support.http import ScriptedServer

RSS = feed_bytes("harbour_rss.xml")


def test_user_agent_and_accept_encoding_are_sent(http_server: ScriptedServer, fetcher: Fetcher) -> None:
    http_server.route("/feed.xml", RSS)
    result = fetcher.fetch(http_server.url("/feed.xml"))
    assert result.ok and result.status == 200 and result.body == RSS
    sent = http_server.requests_for("/feed.xml")[0].headers
    assert sent["user-agent"] == f"briefing/{__version__} (+https://github.com/briefing)"
    assert "gzip" in sent["accept-encoding"]
    assert "if-none-match" not in sent and "if-modified-since" not in sent


def test_etag_is_sent_back_and_304_has_no_body(http_server: ScriptedServer, fetcher: Fetcher) -> None:
    http_server.route("/feed.xml", RSS, etag='"v1"')
    first = fetcher.fetch(http_server.url("/feed.xml"))
    assert first.etag == '"v1"'
    second = fetcher.fetch(Feed(id=1, url=http_server.url("/feed.xml"), etag=first.etag))
    assert http_server.requests_for("/feed.xml")[1].headers["if-none-match"] == '"v1"'
    assert second.not_modified and second.body is None and second.error is None


def test_last_modified_is_sent_back_and_304_follows(http_server: ScriptedServer, fetcher: Fetcher) -> None:
    stamp = "Tue, 03 Nov 2026 10:00:00 GMT"
    http_server.route("/feed.xml", RSS, last_modified=stamp)
    first = fetcher.fetch(http_server.url("/feed.xml"))
    assert first.last_modified == stamp and first.etag is None
    second = fetcher.fetch(Feed(id=1, url=http_server.url("/feed.xml"), last_modified=stamp))
    assert http_server.requests_for("/feed.xml")[1].headers["if-modified-since"] == stamp
    assert second.status == 304


def test_permanent_redirects_report_the_new_url(http_server: ScriptedServer, fetcher: Fetcher) -> None:
    http_server.route("/new.xml", RSS)
    for status in (301, 308):
        http_server.redirect(f"/old{status}.xml", "/new.xml", status=status)
        result = fetcher.fetch(http_server.url(f"/old{status}.xml"))
        assert result.ok and result.body == RSS
        assert result.permanent_url == http_server.url("/new.xml")


def test_temporary_redirect_is_followed_but_not_reported_as_a_move(
    http_server: ScriptedServer, fetcher: Fetcher
) -> None:
    http_server.route("/new.xml", RSS)
    http_server.redirect("/tmp.xml", "/new.xml", status=302)
    result = fetcher.fetch(http_server.url("/tmp.xml"))
    assert result.ok and result.permanent_url is None
    assert result.final_url == http_server.url("/new.xml")


def test_a_permanent_hop_after_a_temporary_one_is_not_a_move(http_server: ScriptedServer, fetcher: Fetcher) -> None:
    http_server.route("/c.xml", RSS)
    http_server.redirect("/b.xml", "/c.xml", status=301)
    http_server.redirect("/a.xml", "/b.xml", status=307)
    assert fetcher.fetch(http_server.url("/a.xml")).permanent_url is None


def test_redirect_loop_stops_with_a_readable_error(http_server: ScriptedServer, fetcher: Fetcher) -> None:
    http_server.redirect("/a.xml", "/b.xml", status=302)
    http_server.redirect("/b.xml", "/a.xml", status=302)
    result = fetcher.fetch(http_server.url("/a.xml"))
    assert not result.ok
    assert result.error == "too many redirects (more than 5)"
    assert http_server.hits("/a.xml") + http_server.hits("/b.xml") == 6


def test_gone_feed(http_server: ScriptedServer, fetcher: Fetcher) -> None:
    http_server.route("/gone.xml", b"bye", status=410)
    result = fetcher.fetch(http_server.url("/gone.xml"))
    assert result.gone and not result.ok
    assert result.error == "HTTP 410 Gone: the feed was removed"


def test_retry_after_seconds_and_http_date(http_server: ScriptedServer, fetcher: Fetcher) -> None:
    http_server.route("/busy.xml", b"", status=429, headers={"Retry-After": "120"})
    result = fetcher.fetch(http_server.url("/busy.xml"))
    assert result.status == 429 and result.retry_after == 120
    assert result.error == "HTTP 429 Too Many Requests (retry after 2 min)"
    later = email.utils.formatdate(time.time() + 3600, usegmt=True)
    http_server.route("/down.xml", b"", status=503, headers={"Retry-After": later})
    result = fetcher.fetch(http_server.url("/down.xml"))
    assert result.status == 503 and 3590 <= (result.retry_after or 0) <= 3600
    assert result.error is not None and result.error.startswith("HTTP 503 Service Unavailable")


def test_parse_retry_after_rejects_nonsense_and_caps_long_waits() -> None:
    assert parse_retry_after("soon") is None
    assert parse_retry_after("") is None
    assert parse_retry_after("99999999") == 7 * 24 * 3600
    assert parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT") == 0


def test_server_error_is_readable(http_server: ScriptedServer, fetcher: Fetcher) -> None:
    http_server.route("/broken.xml", b"oops", status=500)
    result = fetcher.fetch(http_server.url("/broken.xml"))
    assert result.status == 500 and result.error == "HTTP 500 Internal Server Error"


def test_slow_server_times_out(http_server: ScriptedServer, fetcher: Fetcher) -> None:
    http_server.route("/slow.xml", RSS, delay=3)
    started = time.monotonic()
    result = fetcher.fetch(http_server.url("/slow.xml"))
    assert time.monotonic() - started < 2.5
    assert result.error == "timed out after 1 s"


def test_a_body_that_trickles_hits_the_total_timeout(http_server: ScriptedServer, fetcher: Fetcher) -> None:
    # Each chunk arrives well within the read timeout; only the total deadline can stop it.
    http_server.route("/trickle.xml", size=10_000_000, chunk=100, trickle=0.05, send_length=False)
    started = time.monotonic()
    result = fetcher.fetch(http_server.url("/trickle.xml"))
    assert time.monotonic() - started < 2.5
    assert result.error == "timed out after 1 s"


def test_oversized_body_is_refused_by_content_length(http_server: ScriptedServer, fetcher: Fetcher) -> None:
    http_server.route("/huge.xml", size=50 * 1024 * 1024)
    result = fetcher.fetch(http_server.url("/huge.xml"))
    assert result.error == "response larger than 1 MB" and result.body is None


def test_oversized_body_without_length_is_cut_off_while_streaming(
    http_server: ScriptedServer, fetcher: Fetcher
) -> None:
    http_server.route("/huge.xml", size=50 * 1024 * 1024, send_length=False)
    result = fetcher.fetch(http_server.url("/huge.xml"))
    assert result.error == "response larger than 1 MB"


def test_gzip_and_deflate_bodies_are_decoded(http_server: ScriptedServer, fetcher: Fetcher) -> None:
    http_server.route("/gz.xml", RSS, encoding="gzip")
    http_server.route("/zz.xml", RSS, encoding="deflate")
    assert fetcher.fetch(http_server.url("/gz.xml")).body == RSS
    assert fetcher.fetch(http_server.url("/zz.xml")).body == RSS


def test_gzip_bomb_is_cut_off_by_decompressed_size(http_server: ScriptedServer, fetcher: Fetcher) -> None:
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024))  # ~64 KB on the wire, 64 MB unpacked
    assert len(bomb) < 1024 * 1024
    http_server.route("/bomb.xml", bomb, headers={"Content-Encoding": "gzip"})
    result = fetcher.fetch(http_server.url("/bomb.xml"))
    assert result.error == "response larger than 1 MB" and result.body is None


def test_corrupt_gzip_is_a_readable_error(http_server: ScriptedServer, fetcher: Fetcher) -> None:
    http_server.route("/bad.xml", b"this is not gzip at all", headers={"Content-Encoding": "gzip"})
    result = fetcher.fetch(http_server.url("/bad.xml"))
    assert result.error is not None and result.error.startswith("bad compressed body")


def test_connection_refused(fetcher: Fetcher) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = fetcher.fetch(f"http://127.0.0.1:{port}/feed.xml")
    assert result.error == "connection refused" and result.status is None


def test_unsupported_scheme_is_an_error_not_an_exception(fetcher: Fetcher) -> None:
    result = fetcher.fetch("gopher://127.0.0.1/feed")
    assert result.error is not None and result.error.startswith("unsupported URL")


def test_file_url_and_plain_path(tmp_path: Path, fetcher: Fetcher) -> None:
    path = tmp_path / "local feed.xml"
    path.write_bytes(RSS)
    by_path = fetcher.fetch(str(path))
    by_url = fetcher.fetch(path.as_uri())
    assert by_path.ok and by_url.ok and by_path.body == by_url.body == RSS
    # The file's mtime is its Last-Modified: unchanged file, "not modified".
    again = fetcher.fetch(Feed(id=1, url=str(path), last_modified=by_path.last_modified))
    assert again.status == 304 and again.body is None
    os.utime(path, (time.time() + 10, time.time() + 10))
    assert fetcher.fetch(Feed(id=1, url=str(path), last_modified=by_path.last_modified)).status == 200


def test_local_file_errors_and_size_limit(tmp_path: Path, fetcher: Fetcher) -> None:
    assert fetcher.fetch(str(tmp_path / "missing.xml")).error == f"file not found: {tmp_path / 'missing.xml'}"
    assert fetcher.fetch(str(tmp_path)).error == f"not a file: {tmp_path}"
    big = tmp_path / "big.xml"
    big.write_bytes(b" " * (1024 * 1024 + 1))
    assert fetcher.fetch(str(big)).error == "file larger than 1 MB"
