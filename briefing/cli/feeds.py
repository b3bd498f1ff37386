"""Feed commands: add, remove, feeds, import and export (OPML)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.cli import fulltext
from briefing.cli.errors import CliError
from briefing.cli.output import PROG, iso, out, out_json, short_time, shown
from briefing.cli.parsing import command
from briefing.core.clean import sanitize, sanitize_line
from briefing.core.feed_health import feed_status

if TYPE_CHECKING:
    from briefing.cli.session import Session
    from briefing.core.models import Feed


def add_parsers(subparsers: Any) -> None:
    add = command(subparsers, "add", "add a feed by URL (http, https, file) or local path")
    add.add_argument("url", metavar="URL_OR_PATH")
    add.add_argument("--title", help="your own name for the feed")
    add.add_argument("--tag", action="append", default=[], help="a tag (repeat for more)")
    fulltext.add_full_text_option(add)
    add.set_defaults(run=cmd_add)

    remove = command(subparsers, "remove", "remove a feed and its articles")
    remove.add_argument("feed", metavar="URL_OR_ID")
    remove.set_defaults(run=cmd_remove)

    feeds = command(subparsers, "feeds", "list feeds with status, unread/total, last fetch and last error")
    feeds.add_argument("--json", action="store_true")
    feeds.set_defaults(run=cmd_feeds)

    import_ = command(subparsers, "import", "import feeds from an OPML file (folders become tags)")
    import_.add_argument("file", type=Path, metavar="FILE.opml")
    import_.set_defaults(run=cmd_import)

    export = command(subparsers, "export", "export feeds as OPML 2.0 (tags become folders)")
    export.add_argument("file", type=Path, nargs="?", metavar="FILE", help="default: standard output")
    export.add_argument(
        "--with-credentials",
        action="store_true",
        help="keep passwords in feed URLs (they are written as *** otherwise)",
    )
    export.set_defaults(run=cmd_export)


def normalise_feed_location(text: str, must_exist: bool = True) -> str:
    """A feed URL (http, https, file) or an existing file's absolute path, as typed on the command
    line (``core.locations``, origin "cli"); else ``CliError`` (exit 2)."""
    from briefing.core.locations import LocationRefused, check_feed_location

    try:
        return check_feed_location(text, origin="cli", must_exist=must_exist)
    except LocationRefused as exc:
        raise CliError(str(exc), code=2) from None


def feed_json(feed: Feed) -> dict[str, Any]:
    return {
        "id": feed.id,
        "url": feed.url,
        "title": feed.name,
        "feed_title": feed.title,
        "user_title": feed.user_title,
        "link": feed.link,
        "tags": list(feed.tags),
        "status": feed_status(feed).split(" ")[0],
        "unread": feed.unread,
        "total": feed.total,
        "last_fetched": iso(feed.last_fetched),
        "last_status": feed.last_status,
        "last_error": feed.last_error,
        "failures": feed.failures,
        "next_due": iso(feed.next_due),
        "gone": feed.gone,
    }


def cmd_add(session: Session) -> int:
    args = session.args
    url = normalise_feed_location(args.url)
    title = args.title.strip() if args.title else None
    tags = tuple(dict.fromkeys(t.strip() for t in args.tag if t.strip()))
    existing = session.store.get_feed(url)
    if existing is not None:
        raise CliError(f"feed already added: {url} (id {existing.id})")
    feed = session.store.add_feed(url, title=title, tags=tags)
    session._set_full_text(feed.id, args.full_text)
    out(f"Added feed {feed.id}: {feed.name}")
    out("Run `briefing fetch` to fetch it.")
    return 0


def cmd_remove(session: Session) -> int:
    feed = session._find_feed(session.args.feed)
    session.store.remove_feed(feed.id)
    out(f"Removed feed {feed.id}: {feed.name} ({feed.total} article(s))")
    return 0


def cmd_feeds(session: Session) -> int:
    feeds = session.store.list_feeds()
    if session.args.json:
        modes = fulltext.feed_modes(session.store, session.settings.refresh.full_text)
        out_json([feed_json(f) | {"full_text": modes.get(f.id)} for f in feeds])
        return 0
    if not feeds:
        out("No feeds yet. Add one with `briefing add URL`.")
        return 0
    out(f"{'ID':>4}  {'STATUS':<13} {'UNREAD/TOTAL':>12}  {'LAST FETCHED':<16}  FEED")
    for feed in feeds:
        counts = f"{feed.unread}/{feed.total}"
        out(
            f"{feed.id:>4}  {feed_status(feed):<13} {counts:>12}  {short_time(feed.last_fetched):<16}  "
            f"{sanitize_line(feed.name)}"
        )
        if feed.name != feed.url:
            out(f"{'':>4}  {'':<13} {'':>12}  {'':<16}  {sanitize_line(feed.url)}")
        if feed.last_error:
            out(f"{'':>4}  error: {sanitize_line(feed.last_error)}")
    return 0


def cmd_import(session: Session) -> int:
    """Subscribe to an OPML file's feeds. The file may come from anywhere, so each outline is
    checked as ``origin="opml"`` (http and https only: never a local file) and a refused one
    is one line on stderr; the summary counts added, already present and refused."""
    from briefing.core.locations import LocationRefused, check_feed_location
    from briefing.core.opml import OpmlError, read_opml
    from briefing.core.store import FeedExists

    file = session.args.file
    try:
        entries = read_opml(file)
    except OpmlError as exc:
        raise CliError(str(exc)) from None
    store = session.store
    added = present = refused = 0
    for entry in entries:
        try:
            url = check_feed_location(entry.url, origin="opml")
        except LocationRefused as exc:
            refused += 1
            name = f" {shown(entry.title)}" if entry.title else ""
            session._note(f"{PROG}: {file}: outline{name} refused: {exc}")
            continue
        if store.get_feed(url) is not None:
            present += 1
            continue
        try:
            store.add_feed(url, title=entry.title, tags=entry.tags)
        except FeedExists:  # added by another process meanwhile
            present += 1
            continue
        added += 1
    out(f"Imported {file}: {added} added, {present} already present, {refused} refused")
    return 0


def cmd_export(session: Session) -> int:
    from briefing.core.opml import export_opml

    feeds = session.store.list_feeds()
    document = export_opml(feeds, with_credentials=session.args.with_credentials)
    if session.args.file is None:
        sys.stdout.write(sanitize(document))
        return 0
    path: Path = session.args.file
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(document, encoding="utf-8")
    os.replace(tmp, path)
    out(f"Exported {len(feeds)} feed(s) to {path}")
    return 0
