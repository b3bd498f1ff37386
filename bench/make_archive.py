"""Fill a database with synthetic articles (with analysis rows) through the core's own Store.

    python -m bench.make_archive --articles 1000000 --db /tmp/big.db

Articles are spread over feeds and over time (newest now, a few hundred a day going back), so the
story list has realistic day groups. Text is generated from our own small word lists.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from briefing.core.models import Analysis, ParsedEntry, Person, Quote
from briefing.core.store import Store

PLACES = [
    "Harbourside",
    "Northfield",
    "Eastgate",
    "the valley",
    "Riverbend",
    "Old Town",
    "Millbrook",
    "the coast",
    "Westmoor",
    "Kingsbridge",
    "Ashford Vale",
    "the uplands",
]
SUBJECTS = [
    "council",
    "ferry service",
    "library",
    "hospital",
    "school board",
    "football club",
    "orchard cooperative",
    "bus company",
    "fire brigade",
    "museum",
    "market",
    "water board",
]
VERBS = [
    "approves",
    "delays",
    "expands",
    "reviews",
    "cuts",
    "celebrates",
    "opens",
    "closes",
    "questions",
    "funds",
    "rebuilds",
    "announces",
]
OBJECTS = [
    "new timetable",
    "budget plan",
    "winter hours",
    "repair works",
    "summer festival",
    "housing scheme",
    "cycle lanes",
    "night service",
    "flood defences",
    "youth programme",
]
FIRST = [
    "Mara",
    "Tomas",
    "Ines",
    "Priya",
    "Jonas",
    "Aiko",
    "Femi",
    "Lucia",
    "Dmitri",
    "Hana",
    "Oskar",
    "Nadia",
    "Rafael",
    "Yusuf",
    "Greta",
    "Kofi",
    "Leena",
    "Mateo",
    "Sanna",
    "Emeka",
]
LAST = [
    "Lindqvist",
    "Reyes",
    "Okafor",
    "Nandakumar",
    "Brandt",
    "Tanaka",
    "Adeyemi",
    "Ferreira",
    "Volkov",
    "Sato",
    "Nilsen",
    "Haddad",
    "Moreau",
    "Demir",
    "Kowalski",
    "Mensah",
    "Virtanen",
]
INITIALS = "ABCDEFGHJKLMNPRSTVW"
ROLES = ["councillor", "spokesperson", "chair", "director", "head teacher", "chief engineer", "mayor"]


def synthetic_entry(rng: random.Random, number: int, published: datetime) -> tuple[ParsedEntry, Analysis]:
    place, subject = rng.choice(PLACES), rng.choice(SUBJECTS)
    title = f"{place} {subject} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    name = f"{rng.choice(FIRST)} {rng.choice(INITIALS)}. {rng.choice(LAST)}"
    other = f"{rng.choice(FIRST)} {rng.choice(INITIALS)}. {rng.choice(LAST)}"
    role = rng.choice(ROLES)
    said = f"we expect the {rng.choice(OBJECTS)} to help {place}"
    body = (
        f"The {subject} in {place} met on Tuesday to discuss the {rng.choice(OBJECTS)}. "
        f'{name}, the {role}, said "{said}". {other} asked for more time. '
        f"A decision is expected before the end of the month."
    )
    entry = ParsedEntry(
        guid=f"synthetic-{number}",
        link=f"https://news.example/{number}",
        title=title,
        author=None,
        published=published,
        updated=None,
        body=body,
    )
    analysis = Analysis(
        summary=(f"The {subject} in {place} discussed plans.", f"{name} expects them to help."),
        people=(Person(name, role, 2), Person(other, None, 1)),
        quotes=(Quote(said, name, "person"),),
    )
    return entry, analysis


def make_archive(
    db: Path,
    articles: int,
    feeds: int = 40,
    per_day: int = 400,
    seed: int = 7,
    batch: int = 2000,
    analysed: float = 1.0,
    now: datetime | None = None,
    report=print,
) -> Store:
    """Create ``articles`` stories in ``db``; ``analysed`` is the fraction given analysis rows."""
    rng = random.Random(seed)
    now = now or datetime.now(timezone.utc).replace(microsecond=0)
    store = Store(db)
    # A throwaway bench database: skip the fsync per commit (the Store's own writes are unchanged).
    store.conn.execute("PRAGMA synchronous = OFF")
    feed_ids = [store.add_feed(f"https://news.example/feed-{i}.xml", title=f"Outlet {i:02d}").id for i in range(feeds)]
    step = 86400 / per_day
    started = time.perf_counter()
    made = 0
    while made < articles:
        size = min(batch, articles - made)
        by_feed: dict[int, list[ParsedEntry]] = {}
        analyses: list[tuple[str, Analysis]] = []
        for n in range(made, made + size):
            published = now - timedelta(seconds=n * step + rng.random() * step)
            entry, analysis = synthetic_entry(rng, n, published)
            by_feed.setdefault(feed_ids[n % feeds], []).append(entry)
            if rng.random() < analysed:
                analyses.append((entry.guid, analysis))  # type: ignore[arg-type]
        for feed_id, entries in by_feed.items():
            store.store_entries(feed_id, entries, now=now, feed_status={"last_fetched": now, "last_status": 200})
        if analyses:
            ids = dict(
                store.conn.execute(
                    "SELECT guid, id FROM articles WHERE guid IN (SELECT value FROM json_each(?))",
                    (_json([g for g, _ in analyses]),),
                ).fetchall()
            )
            for guid, analysis in analyses:
                store.save_analysis(ids[guid], analysis)
        made += size
        if made % (batch * 25) == 0 or made == articles:
            rate = made / (time.perf_counter() - started)
            report(f"{made:,} articles ({rate:,.0f}/s)")
    return store


def _json(values: list[str]) -> str:
    import json

    return json.dumps(values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--feeds", type=int, default=40)
    parser.add_argument("--per-day", type=int, default=400)
    parser.add_argument(
        "--analysed", type=float, default=0.1, help="fraction of articles given analysis rows (saving one costs ~1 ms)"
    )
    args = parser.parse_args(argv)
    if args.db.exists():
        print(f"{args.db} exists; choose a new path", file=sys.stderr)
        return 2
    started = time.perf_counter()
    store = make_archive(args.db, args.articles, feeds=args.feeds, per_day=args.per_day, analysed=args.analysed)
    store.close()
    print(f"done in {time.perf_counter() - started:.1f} s: {args.db}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
