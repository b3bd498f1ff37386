"""Reading commands: search, show, people, quotes and digest."""

from __future__ import annotations

import sys
import textwrap
from typing import TYPE_CHECKING, Any

from briefing.cli import fulltext
from briefing.cli.errors import CliError
from briefing.cli.output import (
    PROG,
    analysis_json,
    analysis_lines,
    highlight,
    iso,
    out,
    out_json,
    short_time,
    shown,
    styled,
    width,
    wrap,
)
from briefing.cli.parsing import command, positive
from briefing.core.clean import sanitize, sanitize_line
from briefing.core.models import Analysis

if TYPE_CHECKING:
    from briefing.cli.session import Session


def add_parsers(subparsers: Any) -> None:
    search = command(subparsers, "search", 'search the archive: words, "phrases", person:, quote:, feed:, tag:, since:')
    search.add_argument("query", nargs="+", metavar="QUERY")
    search.add_argument("--limit", type=positive, default=20, metavar="N")
    search.add_argument(
        "--sort",
        choices=("rank", "date"),
        default="rank",
        help="best match first (rank, the default) or newest first (date)",
    )
    search.add_argument("--json", action="store_true")
    search.set_defaults(run=cmd_search)

    show = command(subparsers, "show", "print one article with its summary, people and quotes")
    show.add_argument("id", type=positive, metavar="ID")
    show.add_argument("--json", action="store_true")
    show.set_defaults(run=cmd_show)

    people = command(subparsers, "people", "people across the archive, with story counts")
    people.add_argument("--limit", type=positive, default=None, metavar="N")
    people.add_argument("--json", action="store_true")
    people.set_defaults(run=cmd_people)

    quotes = command(subparsers, "quotes", "what a person said, newest first")
    quotes.add_argument("name", nargs="+", metavar="NAME")
    quotes.add_argument("--json", action="store_true")
    quotes.set_defaults(run=cmd_quotes)

    digest = command(subparsers, "digest", "the briefing: new stories with summaries, people and quotes")
    digest.add_argument("--since", metavar="WHEN", help="24h, 7d, 2w or a date (default: since you last read, or 24h)")
    digest.add_argument("--format", choices=("text", "md", "json"), default="text")
    digest.add_argument("--group-by", choices=("day", "outlet"), default="day")
    digest.add_argument("--limit", type=positive, default=200, metavar="N")
    digest.set_defaults(run=cmd_digest)


def cmd_search(session: Session) -> int:
    from briefing.core.query import parse

    args = session.args
    query = " ".join(args.query)
    warnings = parse(query).warnings
    if warnings:
        raise CliError(warnings[0], code=2)
    hits = session.store.search(query, limit=args.limit, order=args.sort)
    if args.json:
        out_json(
            [
                {
                    "id": h.id,
                    "title": h.title,
                    "link": h.link,
                    "feed": h.feed,
                    "published": iso(h.published),
                    "snippet": highlight(h.snippet, bold=False),
                }
                for h in hits
            ]
        )
        return 0
    if not hits:
        out(f"No stories match {sanitize_line(query)!r}.")
        return 0
    bold = styled(sys.stdout)
    for hit in hits:
        out(f"[{hit.id}] {sanitize_line(hit.title)}")
        out(f"     {sanitize_line(hit.feed)} · {short_time(hit.published)}")
        snippet = highlight(hit.snippet, bold=bold)  # already sanitised piece by piece
        for line in textwrap.wrap(snippet, width() - 5) if not bold else [snippet]:
            sys.stdout.write(f"     {line}\n")
    return 0


def cmd_show(session: Session) -> int:
    store = session.store
    article = store.get_article(session.args.id)
    if article is None:
        raise CliError(f"no article with id {session.args.id}")
    analysis = store.get_analysis(article.id) or session.analyse_and_save(article)
    if session.args.json:
        data = {
            "id": article.id,
            "title": article.title,
            "link": article.link,
            "feed": article.feed,
            "feed_id": article.feed_id,
            "author": article.author,
            "published": iso(article.published),
            "updated": iso(article.updated),
            "read": article.read,
            "starred": article.starred,
            "body": article.body,
        }
        data.update(fulltext.show_fields(store, article.id))
        data.update(analysis_json(analysis or Analysis()))
        out_json(data)
        return 0
    out(sanitize_line(article.title))
    byline = [sanitize_line(article.feed), short_time(article.published) + " UTC"]
    if article.author:
        byline.insert(1, sanitize_line(article.author))
    out(" · ".join(byline))
    if article.link:
        out(sanitize_line(article.link))
    out()
    if analysis is not None:
        for line in analysis_lines(analysis):
            out(line)
        out()
    if (text_line := fulltext.show_line(store, article.id)) is not None:
        out(text_line)
        out()
    for line in wrap(article.body):
        out(line)
    return 0


def cmd_people(session: Session) -> int:
    people = session.store.people(limit=session.args.limit)
    if session.args.json:
        out_json(
            [{"id": p.id, "name": p.name, "role": p.role, "stories": p.stories, "quotes": p.quotes} for p in people]
        )
        return 0
    if not people:
        out("No people yet (they appear once articles are analysed: `briefing analyze --pending`).")
        return 0
    for p in people:
        role = f", {sanitize_line(p.role)}" if p.role else ""
        out(f"{sanitize_line(p.name)}{role}: {p.stories} stor{'y' if p.stories == 1 else 'ies'}, {p.quotes} quote(s)")
    return 0


def cmd_quotes(session: Session) -> int:
    name = " ".join(session.args.name).strip()
    quotes = session.store.quotes_by(name)
    if not quotes:
        _known_person_or_fail(session, name)
    if session.args.json:
        out_json(
            [
                {
                    "text": q.text,
                    "speaker": q.speaker,
                    "article_id": q.article_id,
                    "title": q.title,
                    "feed": q.feed,
                    "published": iso(q.published),
                }
                for q in quotes
            ]
        )
        return 0
    if not quotes:
        out(f"No quotes from {sanitize_line(name)!r} (see `briefing people`).")
        return 0
    for q in quotes:
        for line in textwrap.wrap(f"“{sanitize_line(q.text)}”", width(), subsequent_indent=" "):
            out(line)
        who = sanitize_line(q.speaker) if q.speaker else "unattributed"
        out(
            f"    ({who}) in [{q.article_id}] {sanitize_line(q.title)}, {sanitize_line(q.feed)}, {short_time(q.published)}"
        )
    return 0


def _known_person_or_fail(session: Session, name: str) -> None:
    """``CliError`` (exit 1) naming close matches when nobody in the archive is called ``name``."""
    import difflib

    from briefing.core.store import person_key

    key = person_key(name)
    people = session.store.people()
    by_key = {person_key(p.name): p.name for p in people}
    if key and (key in by_key or sum(k.rsplit(" ", 1)[-1] == key for k in by_key) == 1):
        return  # a known person (or a unique surname) who has no quotes yet
    close = difflib.get_close_matches(key, list(by_key), n=3, cutoff=0.6)
    close += [k for k in by_key if key and key in k.split() and k not in close][: 3 - len(close)]
    hint = f"; did you mean {', '.join(repr(by_key[k]) for k in close)}?" if close else ""
    raise CliError(f"no one called {shown(name)} in the archive{hint} (see `{PROG} people`)")


def cmd_digest(session: Session) -> int:
    from briefing.core.digest import as_json, build_digest, render_markdown, render_text
    from briefing.core.times import SINCE_HELP, SinceError, parse_since, utc_now

    args = session.args
    since = None
    if args.since:
        try:
            since = parse_since(args.since, utc_now())
        except SinceError:
            raise CliError(f"--since expects {SINCE_HELP}, not {args.since!r}", code=2) from None
    digest = build_digest(
        session.store, since, group_by=args.group_by, limit=args.limit, analyse=session.analyse_and_save
    )
    if args.format == "json":
        out_json(as_json(digest))
    elif args.format == "md":
        sys.stdout.write(sanitize(render_markdown(digest)))
    else:
        sys.stdout.write(sanitize(render_text(digest, width=width())))
    return 0
