"""Deterministic synthetic RSS 2.0 feeds for benchmarks.

Each item carries what a publisher's feed carries: title, link, guid, date, author,
category, an HTML description, a ``content:encoded`` body of four paragraphs and an
image enclosure — about 2.5 KB of XML per item, like the peer benchmark's feeds, so
newsboat and briefing parse the same bytes.

    python -m bench.feedgen OUT_DIR FEEDS ITEMS
"""

from __future__ import annotations

import argparse
import email.utils
import random
from pathlib import Path
from xml.sax.saxutils import escape

VOCABULARY = (
    "council harbour minister budget storm tribunal ferry union vote bridge clinic "
    "schools rail wages inquiry drought orchard festival reservoir museum tariff "
    "pension court league hospital transit housing research mayor senate archive "
    "reporters coalition dockers inspectors farmers voters engineers nurses judges"
).split()
FIRST = "Amara Bohdan Celia Dario Esme Farid Greta Hugo Ines Jonas Keiko Lior".split()
LAST = "Adeyemi Brandt Castillo Dorsey Ekwueme Falk Guerra Holm Ilves Jansen".split()
BASE_TIME = 1_760_000_000


def _sentence(rnd: random.Random, n: int) -> str:
    words = [rnd.choice(VOCABULARY) for _ in range(n)]
    if rnd.random() < 0.3:
        words.insert(rnd.randrange(len(words)), f"{rnd.choice(FIRST)} {rnd.choice(LAST)}")
    return " ".join(words).capitalize() + "."


def feed_xml(index: int, items: int, base_url: str = "http://127.0.0.1") -> str:
    rnd = random.Random(index)
    entries = []
    for i in range(items):
        ts = BASE_TIME + index * 3600 - i * 600
        description = "<p>" + " ".join(_sentence(rnd, 12) for _ in range(3)) + "</p>"
        body = "".join("<p>" + " ".join(_sentence(rnd, 15) for _ in range(4)) + "</p>" for _ in range(4))
        entries.append(
            f"""  <item>
    <title>{escape(_sentence(rnd, 8))}</title>
    <link>{base_url}/story/{index}/{i}.html</link>
    <guid isPermaLink="false">bench-{index}-{i}</guid>
    <pubDate>{email.utils.formatdate(ts, usegmt=True)}</pubDate>
    <author>desk{index}@example.com (Desk {index})</author>
    <category>{rnd.choice(VOCABULARY)}</category>
    <description>{escape(description)}</description>
    <content:encoded><![CDATA[{body}]]></content:encoded>
    <enclosure url="{base_url}/img/{index}/{i}.jpg" length="12345" type="image/jpeg"/>
  </item>"""
        )
    newline = "\n"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Bench desk {index}</title>
  <link>{base_url}/</link>
  <description>Synthetic benchmark feed {index}</description>
{newline.join(entries)}
</channel>
</rss>
"""


def write_feeds(out: Path, feeds: int, items: int) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for f in range(1, feeds + 1):
        path = out / f"feed{f}.xml"
        path.write_text(feed_xml(f, items), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("feeds", type=int)
    parser.add_argument("items", type=int)
    args = parser.parse_args()
    paths = write_feeds(args.out, args.feeds, args.items)
    print(f"wrote {len(paths)} feeds to {args.out}")


if __name__ == "__main__":
    main()
