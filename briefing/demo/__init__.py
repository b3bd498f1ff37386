"""The bundled demo: our own fictional news, written for this project.

The stories live in ``articles/*.txt`` as plain text with a few header lines.
Their dates are stored as ages ("hours before the newest story"), so the demo
looks fresh whenever it is opened: :func:`demo_feed_paths` writes one feed file
per outlet, in that outlet's format, with real dates counted back from ``now``.
``gold.json`` holds hand-made people and quote annotations for some articles.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

FeedFormat = Literal["rss2-content", "rss2-description", "atom", "rss1"]

NEWEST_AGE = timedelta(hours=2)  # the newest story is this long before "now"

# The stories name weekdays ("on Thursday night") as if the newest one (age 0) came out on this
# Sunday evening. When the demo is dated to another week, weekday names move by the same whole
# number of days, so "Thursday" stays the day of the court ruling relative to every date shown.
STORY_CLOCK = datetime(2026, 3, 15, 20, 0, tzinfo=timezone.utc)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b")


def weekday_shift(newest: datetime) -> int:
    """How many days (0-6) the weekday names move when the newest story is dated ``newest``."""
    return round((newest - STORY_CLOCK) / timedelta(days=1)) % 7


def shift_weekdays(text: str, days: int) -> str:
    """Rename every weekday in ``text`` ``days`` days later ("Sunday" + 1 -> "Monday")."""
    if days % 7 == 0:
        return text
    return _WEEKDAY.sub(lambda m: WEEKDAYS[(WEEKDAYS.index(m.group(1)) + days) % 7], text)


@dataclass(frozen=True, slots=True)
class DemoOutlet:
    slug: str  # also the feed file's stem and the article file's stem
    title: str
    link: str
    description: str
    format: FeedFormat
    utc_offset_hours: int = 0  # how the outlet writes its dates; the instant is the same


DEMO_OUTLETS: tuple[DemoOutlet, ...] = (
    DemoOutlet(
        "harbour-ledger",
        "The Harbour Ledger",
        "https://harbourledger.example/",
        "Caldermouth's daily paper: the port, the council and the people who run them.",
        "rss2-content",
    ),
    DemoOutlet(
        "northwind-wire",
        "Northwind Wire",
        "https://northwindwire.example/",
        "National and foreign news from the Northwind news agency.",
        "atom",
    ),
    DemoOutlet(
        "civic-desk-radio",
        "Civic Desk Radio",
        "https://civicdesk.example/",
        "Public radio's newsroom: politics, health, science and sport.",
        "rss2-description",
        utc_offset_hours=-5,
    ),
    DemoOutlet(
        "meridian-review",
        "The Meridian Review",
        "https://meridianreview.example/",
        "Weekly analysis, long reads and correspondents' dispatches.",
        "rss1",
        utc_offset_hours=1,
    ),
)


@dataclass(frozen=True, slots=True)
class DemoArticle:
    guid: str
    outlet: str  # DemoOutlet.slug
    title: str
    author: str | None
    age_hours: float | None  # hours before the newest story; None: the feed gives no date
    paragraphs: tuple[str, ...]  # plain text, or raw HTML when a paragraph starts with "<"

    def link(self) -> str:
        return f"{outlet(self.outlet).link}news/{self.guid}"

    def html(self) -> str:
        """The body as the outlet publishes it."""
        return "\n".join(p if p.startswith("<") else f"<p>{html.escape(p, quote=False)}</p>" for p in self.paragraphs)

    def text(self) -> str:
        """The body as plain text, paragraphs separated by blank lines (what analysis sees)."""
        return "\n\n".join(p for p in self.paragraphs if not p.startswith("<"))

    def published(self, newest: datetime) -> datetime | None:
        if self.age_hours is None:
            return None
        return newest - timedelta(hours=self.age_hours)


def outlet(slug: str) -> DemoOutlet:
    for candidate in DEMO_OUTLETS:
        if candidate.slug == slug:
            return candidate
    raise KeyError(slug)


def _parse_articles(slug: str, source: str) -> list[DemoArticle]:
    """Read one outlet's file: ``=== guid`` opens an article, then ``key: value`` lines, a blank line, the body."""
    articles: list[DemoArticle] = []
    for chunk in ("\n" + source).split("\n=== ")[1:]:
        head, _, body = chunk.partition("\n\n")
        lines = head.splitlines()
        guid = lines[0].strip()
        fields = dict(line.split(": ", 1) for line in lines[1:])
        paragraphs = tuple(" ".join(p.split()) for p in body.strip().split("\n\n") if p.strip())
        age = fields.get("age")
        articles.append(
            DemoArticle(
                guid=guid,
                outlet=slug,
                title=fields["title"].strip(),
                author=fields.get("author", "").strip() or None,
                age_hours=float(age) if age is not None else None,
                paragraphs=paragraphs,
            )
        )
    return articles


@cache
def demo_articles() -> tuple[DemoArticle, ...]:
    """Every demo article, outlet by outlet, in file order."""
    folder = resources.files(__package__) / "articles"
    found: list[DemoArticle] = []
    for demo_outlet in DEMO_OUTLETS:
        source = (folder / f"{demo_outlet.slug}.txt").read_text(encoding="utf-8")
        found.extend(_parse_articles(demo_outlet.slug, source))
    return tuple(found)


def demo_article(guid: str) -> DemoArticle:
    for article in demo_articles():
        if article.guid == guid:
            return article
    raise KeyError(guid)


def load_gold() -> dict:
    """Our hand annotation of people and quotes for some demo articles (see gold.json's notes)."""
    return json.loads((resources.files(__package__) / "gold.json").read_text(encoding="utf-8"))


# --- writing the feeds -------------------------------------------------------------------------


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _local(moment: datetime, offset_hours: int) -> datetime:
    return moment.astimezone(timezone(timedelta(hours=offset_hours)))


def _rss2(demo_outlet: DemoOutlet, articles: list[DemoArticle], newest: datetime) -> str:
    items = []
    for a in articles:
        parts = [
            f"    <title>{_esc(a.title)}</title>",
            f"    <link>{_esc(a.link())}</link>",
            f'    <guid isPermaLink="false">{_esc(a.guid)}</guid>',
        ]
        if a.author:
            parts.append(f"    <dc:creator>{_esc(a.author)}</dc:creator>")
        published = a.published(newest)
        if published is not None:
            local = _local(published, demo_outlet.utc_offset_hours)
            parts.append(f"    <pubDate>{format_datetime(local)}</pubDate>")
        if demo_outlet.format == "rss2-content":
            parts.append(f"    <description>{_esc(a.paragraphs[0])}</description>")
            parts.append(f"    <content:encoded>{_cdata(a.html())}</content:encoded>")
        else:
            parts.append(f"    <description>{_esc(a.html())}</description>")
        items.append("  <item>\n" + "\n".join(parts) + "\n  </item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
        f"  <title>{_esc(demo_outlet.title)}</title>\n"
        f"  <link>{_esc(demo_outlet.link)}</link>\n"
        f"  <description>{_esc(demo_outlet.description)}</description>\n"
        "  <language>en</language>\n"
        f"  <lastBuildDate>{format_datetime(_local(newest, demo_outlet.utc_offset_hours))}</lastBuildDate>\n"
        + "\n".join(items)
        + "\n</channel>\n</rss>\n"
    )


def _iso(moment: datetime, offset_hours: int) -> str:
    text = _local(moment, offset_hours).isoformat(timespec="seconds")
    return text.replace("+00:00", "Z")


def _atom(demo_outlet: DemoOutlet, articles: list[DemoArticle], newest: datetime) -> str:
    entries = []
    for a in articles:
        published = a.published(newest) or newest
        stamp = _iso(published, demo_outlet.utc_offset_hours)
        author = f"    <author><name>{_esc(a.author)}</name></author>\n" if a.author else ""
        entries.append(
            "  <entry>\n"
            f"    <id>tag:northwindwire.example,2026:{_esc(a.guid)}</id>\n"
            f'    <title type="text">{_esc(a.title)}</title>\n'
            f'    <link rel="alternate" type="text/html" href="{_esc(a.link())}"/>\n'
            f"    <published>{stamp}</published>\n"
            f"    <updated>{stamp}</updated>\n"
            f"{author}"
            f'    <summary type="text">{_esc(a.paragraphs[0])}</summary>\n'
            f'    <content type="html">{_esc(a.html())}</content>\n'
            "  </entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n'
        f"  <id>{_esc(demo_outlet.link)}</id>\n"
        f"  <title>{_esc(demo_outlet.title)}</title>\n"
        f"  <subtitle>{_esc(demo_outlet.description)}</subtitle>\n"
        f'  <link rel="alternate" href="{_esc(demo_outlet.link)}"/>\n'
        f"  <updated>{_iso(newest, demo_outlet.utc_offset_hours)}</updated>\n"
        f"  <author><name>{_esc(demo_outlet.title)}</name></author>\n" + "\n".join(entries) + "\n</feed>\n"
    )


def _rss1(demo_outlet: DemoOutlet, articles: list[DemoArticle], newest: datetime) -> str:
    seq = "\n".join(f'        <rdf:li rdf:resource="{_esc(a.link())}"/>' for a in articles)
    items = []
    for a in articles:
        published = a.published(newest)
        date = (
            f"    <dc:date>{_iso(published, demo_outlet.utc_offset_hours)}</dc:date>\n" if published is not None else ""
        )
        creator = f"    <dc:creator>{_esc(a.author)}</dc:creator>\n" if a.author else ""
        items.append(
            f'  <item rdf:about="{_esc(a.link())}">\n'
            f"    <title>{_esc(a.title)}</title>\n"
            f"    <link>{_esc(a.link())}</link>\n"
            f"    <description>{_esc(a.paragraphs[0])}</description>\n"
            f"{creator}{date}"
            f"    <content:encoded>{_cdata(a.html())}</content:encoded>\n"
            "  </item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns="http://purl.org/rss/1.0/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/">\n'
        f'  <channel rdf:about="{_esc(demo_outlet.link)}">\n'
        f"    <title>{_esc(demo_outlet.title)}</title>\n"
        f"    <link>{_esc(demo_outlet.link)}</link>\n"
        f"    <description>{_esc(demo_outlet.description)}</description>\n"
        "    <items>\n      <rdf:Seq>\n"
        f"{seq}\n"
        "      </rdf:Seq>\n    </items>\n  </channel>\n" + "\n".join(items) + "\n</rdf:RDF>\n"
    )


_WRITERS = {"rss2-content": _rss2, "rss2-description": _rss2, "atom": _atom, "rss1": _rss1}


def render_feed(demo_outlet: DemoOutlet, newest: datetime) -> str:
    """One outlet's feed document, its newest story dated ``newest``, newest item first."""
    days = weekday_shift(newest)
    articles = [
        replace(a, title=shift_weekdays(a.title, days), paragraphs=tuple(shift_weekdays(p, days) for p in a.paragraphs))
        for a in demo_articles()
        if a.outlet == demo_outlet.slug
    ]
    articles.sort(key=lambda a: a.age_hours if a.age_hours is not None else 0.5)
    return _WRITERS[demo_outlet.format](demo_outlet, articles, newest)


def default_demo_dir() -> Path:
    """Where the demo feeds go by default: beside the demo database, a stable place so feed URLs stay put."""
    from briefing.paths import data_dir

    return data_dir() / "demo-feeds"


def demo_feed_paths(now: datetime | None = None, dest: Path | None = None) -> list[Path]:
    """Write the demo feeds, dated so the newest story is two hours before ``now``; return their paths.

    Files are rewritten on every call (same paths, fresh dates), in ``DEMO_OUTLETS`` order.
    """
    moment = now or datetime.now(timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    newest = (moment.astimezone(timezone.utc) - NEWEST_AGE).replace(second=0, microsecond=0)
    folder = dest if dest is not None else default_demo_dir()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for demo_outlet in DEMO_OUTLETS:
        path = folder / f"{demo_outlet.slug}.xml"
        path.write_text(render_feed(demo_outlet, newest), encoding="utf-8")
        paths.append(path)
    return paths
