"""The archive on real SQLite files: identity, updates, paging, search, analysis, threads."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from briefing.core.models import HIT_END, HIT_START, Analysis, Cursor, ParsedEntry, Person, Quote, StoryFilter
from briefing.core.refresh import is_due
from briefing.core.store import FeedExists, FeedNotFound, Store, entry_guid

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def entry(
    guid: str | None = "g1",
    *,
    title: str = "Council approves the new tram line",
    body: str = "The city council voted to build a tram line to the harbour.",
    link: str | None = None,
    author: str | None = "Ines Marlow",
    published: datetime | None = T0,
    updated: datetime | None = None,
) -> ParsedEntry:
    return ParsedEntry(guid, link, title, author, published, updated, body)


@pytest.fixture
def feed_id(store: Store) -> int:
    return store.add_feed("https://harbour-gazette.example/rss", title="Gazette").id


def cursor(row) -> Cursor:
    return Cursor(row.published, row.id)


# --- feeds ----------------------------------------------------------------------


def test_feeds_add_get_rename_tags_remove(store: Store) -> None:
    feed = store.add_feed("https://a.example/feed", tags=("news", "local"))
    assert feed.url == "https://a.example/feed" and feed.tags == ("news", "local")
    assert feed.added is not None and feed.added.tzinfo is not None
    with pytest.raises(FeedExists):
        store.add_feed("https://a.example/feed")
    store.rename_feed(feed.id, "My paper")
    store.set_feed_tags(feed.id, ["world"])
    again = store.get_feed("https://a.example/feed")
    assert again is not None and again.name == "My paper" and again.tags == ("world",)
    store.remove_feed(feed.id)
    assert store.get_feed(feed.id) is None
    with pytest.raises(FeedNotFound):
        store.remove_feed(feed.id)
    with pytest.raises(FeedNotFound):
        store.rename_feed(999, "x")


def test_record_fetch_and_feeds_due(store: Store, feed_id: int) -> None:
    other = store.add_feed("https://b.example/feed").id
    gone = store.add_feed("https://c.example/feed").id
    store.record_fetch(
        feed_id,
        etag='"abc"',
        last_status=200,
        last_fetched=T0,
        next_due=T0 + timedelta(hours=1),
        title="Harbour Gazette",
        failures=0,
    )
    store.record_fetch(gone, gone=True, last_status=410, last_error="HTTP 410 Gone")
    feed = store.get_feed(feed_id)
    assert feed is not None and feed.etag == '"abc"' and feed.last_fetched == T0
    assert feed.title == "Harbour Gazette" and feed.name == "Gazette"  # user title wins
    assert sorted(f.id for f in store.list_feeds() if is_due(f, T0)) == [other]
    assert sorted(f.id for f in store.list_feeds() if is_due(f, T0 + timedelta(hours=2))) == [feed_id, other]
    with pytest.raises(FeedExists):
        store.record_fetch(other, url="https://harbour-gazette.example/rss")
    with pytest.raises(ValueError):
        store.record_fetch(other, colour="blue")


# --- storing entries ------------------------------------------------------------


def test_same_guid_is_one_row_and_unchanged_content_is_untouched(store: Store, feed_id: int) -> None:
    assert store.store_entries(feed_id, [entry("g1"), entry("g2", title="Second")], now=T0) == (2, 0)
    first = store.get_article(1)
    assert store.store_entries(feed_id, [entry("g1"), entry("g2", title="Second")], now=T0 + timedelta(hours=1)) == (
        0,
        0,
    )
    assert store.get_article(1) == first  # not even the fetched time moved
    assert store.count_stories() == 2


def test_changed_content_is_updated_in_place_and_analysis_dropped(store: Store, feed_id: int) -> None:
    store.store_entries(feed_id, [entry("g1")], now=T0)
    store.set_read([1])
    store.save_analysis(1, Analysis(("A tram line.",), (Person("Ines Marlow"),), (Quote("Build it", "Ines Marlow"),)))
    new, updated = store.store_entries(
        feed_id, [entry("g1", title="Council approves tram line, cost doubles")], now=T0 + timedelta(hours=1)
    )
    assert (new, updated) == (0, 1)
    article = store.get_article(1)
    assert article is not None and article.title.endswith("cost doubles")
    assert article.read  # the user's flags survive an edit
    assert not article.analysed and store.get_analysis(1) is None
    assert store.conn.execute("SELECT COUNT(*) FROM quotes").fetchone()[0] == 0
    assert [hit.id for hit in store.search("doubles")] == [1]
    assert store.search('quote:"build it"') == []
    assert [row[0] for row in store.articles_to_analyse(5)] == [1]


def test_guid_falls_back_to_link_then_title_and_date() -> None:
    assert entry_guid(entry("urn:x")) == "urn:x"
    assert entry_guid(entry(None, link="https://a.example/1")) == "https://a.example/1"
    assert entry_guid(entry("  ", link="https://a.example/1")) == "https://a.example/1"
    hashed = entry_guid(entry(None, link=None))
    assert hashed.startswith("sha1:") and hashed == entry_guid(entry(None, link=None, body="edited"))
    assert hashed != entry_guid(entry(None, link=None, published=T0 + timedelta(days=1)))


def test_entries_without_guid_dedupe_by_link_and_by_title_date(store: Store, feed_id: int) -> None:
    batch = [entry(None, link="https://a.example/1"), entry(None, link=None, title="No link here")]
    assert store.store_entries(feed_id, batch, now=T0) == (2, 0)
    assert store.store_entries(feed_id, batch, now=T0) == (0, 0)
    assert store.store_entries(feed_id, batch + batch, now=T0) == (0, 0)  # duplicates inside one feed


def test_undated_entry_keeps_its_first_seen_time(store: Store, feed_id: int) -> None:
    store.store_entries(feed_id, [entry("g1", published=None)], now=T0)
    store.store_entries(feed_id, [entry("g1", published=None, body="Edited.")], now=T0 + timedelta(days=2))
    article = store.get_article(1)
    assert article is not None and article.published == T0 and article.body == "Edited."
    assert article.fetched == T0 + timedelta(days=2)


def test_store_entries_writes_feed_status_in_the_same_transaction(store: Store, feed_id: int) -> None:
    bad_status = {"etag": '"new"', "no_such_column": 1}
    with pytest.raises(ValueError):
        store.store_entries(feed_id, [entry("g1")], now=T0, feed_status=bad_status)
    assert store.count_stories() == 0  # rolled back together
    assert store.store_entries(feed_id, [entry("g1")], now=T0, feed_status={"etag": '"new"'}) == (1, 0)
    assert store.get_feed(feed_id).etag == '"new"'  # type: ignore[union-attr]


def test_store_entries_for_unknown_feed(store: Store) -> None:
    with pytest.raises(FeedNotFound):
        store.store_entries(42, [entry()], now=T0)


def test_removing_a_feed_removes_its_articles_and_index(store: Store, feed_id: int) -> None:
    store.store_entries(feed_id, [entry("g1")], now=T0)
    store.remove_feed(feed_id)
    assert store.get_article(1) is None and store.search("tram") == []
    assert store.integrity_check() == []


# --- paging ---------------------------------------------------------------------


def fill(store: Store, feed_id: int, count: int, *, same_time_every: int = 3) -> None:
    """``count`` stories where groups of ``same_time_every`` share one timestamp."""
    entries = [
        entry(f"g{i}", title=f"Story {i}", published=T0 + timedelta(minutes=i // same_time_every)) for i in range(count)
    ]
    store.store_entries(feed_id, entries, now=T0)


def test_keyset_pages_cover_every_row_once_across_equal_timestamps(store: Store, feed_id: int) -> None:
    fill(store, feed_id, 25)
    expected = [row.id for row in store.stories(limit=1000)]
    assert expected == sorted(expected, key=lambda i: (store.get_article(i).published, i), reverse=True)  # type: ignore[union-attr]
    seen, after = [], None
    while True:
        page = store.stories(after=after, limit=4)
        if not page:
            break
        seen += [row.id for row in page]
        after = cursor(page[-1])
    assert seen == expected
    # and upward: the page before a cursor is exactly the rows above it
    middle = store.stories(limit=100)[10]
    above = store.stories(before=cursor(middle), limit=4)
    assert [row.id for row in above] == expected[6:10]
    assert store.story_position(middle.id) == 10
    assert store.story_position(cursor(middle)) == 10


def test_filters_unread_starred_feed_since_ids(store: Store, feed_id: int) -> None:
    other = store.add_feed("https://b.example/feed").id
    fill(store, feed_id, 6, same_time_every=1)
    store.store_entries(other, [entry("x", published=T0 + timedelta(days=1))], now=T0)
    store.set_read([1, 2])
    store.set_starred(3, True)
    assert [r.id for r in store.stories(filter=StoryFilter(unread=True))] == [7, 6, 5, 4, 3]
    assert [r.id for r in store.stories(filter=StoryFilter(starred=True))] == [3]
    assert [r.id for r in store.stories(filter=StoryFilter(feed_id=other))] == [7]
    assert [r.id for r in store.stories(filter=StoryFilter(since=T0 + timedelta(minutes=4)))] == [7, 6, 5]
    assert [r.id for r in store.stories(filter=StoryFilter(ids=[2, 5]))] == [5, 2]
    assert store.count_stories() == 7 and store.count_stories(filter=StoryFilter(unread=True)) == 5
    assert store.count_stories(filter=StoryFilter(feed_id=feed_id, unread=True)) == 4
    assert store.count_stories(filter=StoryFilter(starred=True)) == 1
    assert {f.id: f.unread for f in store.list_feeds()} == {feed_id: 4, other: 1}
    assert store.story_position(1, filter=StoryFilter(unread=True)) is None  # read stories are not in the unread list
    store.set_read([1, 2, 3], read=False)
    assert store.count_stories(filter=StoryFilter(unread=True)) == 7
    feeds = {f.id: f for f in store.list_feeds()}
    assert (feeds[feed_id].unread, feeds[feed_id].total) == (6, 6)


def test_cached_counts_see_writes_from_other_connections(db_path: Path, store: Store, feed_id: int) -> None:
    fill(store, feed_id, 4, same_time_every=1)
    assert store.count_stories(filter=StoryFilter(starred=True)) == 0
    other = Store(db_path)
    other.set_starred(2, True)
    other.close()
    assert store.count_stories(filter=StoryFilter(starred=True)) == 1
    store.set_starred(3, True)
    assert store.count_stories(filter=StoryFilter(starred=True)) == 2


def test_day_counts_follow_the_local_offset(store: Store, feed_id: int) -> None:
    late = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
    store.store_entries(feed_id, [entry("a", published=late), entry("b", published=late - timedelta(hours=12))], now=T0)
    assert [(d.isoformat(), n) for d, n in store.day_counts()] == [("2026-11-20", 2)]
    assert [(d.isoformat(), n) for d, n in store.day_counts(60)] == [("2026-11-21", 1), ("2026-11-20", 1)]
    assert [(d.isoformat(), n) for d, n in store.day_counts(-12 * 60)] == [
        ("2026-11-20", 1),
        ("2026-11-19", 1),
    ]
    store.set_read([1])
    assert [(d.isoformat(), n) for d, n in store.day_counts(60, filter=StoryFilter(unread=True))] == [("2026-11-20", 1)]
    store.save_analysis(1, Analysis(people=(PESKOV,)))
    assert [(d.isoformat(), n) for d, n in store.day_counts(60, filter=StoryFilter(person="Peskov"))] == [
        ("2026-11-21", 1)
    ]
    assert store.day_counts(filter=StoryFilter(feed_id=feed_id + 1)) == []


def test_paging_uses_the_index_not_a_scan(store: Store) -> None:
    plan = store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM articles a WHERE (a.published, a.id) < (?, ?) "
        "ORDER BY a.published DESC, a.id DESC LIMIT 50",
        ("2026-11-20T00:00:00Z", 10),
    ).fetchall()
    detail = " ".join(row[-1] for row in plan)
    assert "USING" in detail and "INDEX" in detail and "TEMP B-TREE" not in detail


# --- search ---------------------------------------------------------------------


@pytest.fixture
def searchable(store: Store, feed_id: int) -> Store:
    store.store_entries(
        feed_id,
        [
            entry(
                "body",
                title="Weekend markets",
                body="Stalls sold apples. The mayor praised the harbour tram plan.",
            ),
            entry(
                "title",
                title="Harbour tram opens",
                body="Crowds rode the first carriages on Sunday.",
                published=T0 - timedelta(days=2),
            ),
            entry("other", title="Storm warning", body="Winds of 90 km/h are expected along the coast."),
        ],
        now=T0,
    )
    return store


def test_title_hit_outranks_body_hit(searchable: Store) -> None:
    hits = searchable.search("tram")
    assert [hit.title for hit in hits] == ["Harbour tram opens", "Weekend markets"]
    assert hits[0].rank < hits[1].rank  # bm25: lower is better


def test_prefix_matching_and_snippets(searchable: Store) -> None:
    assert [hit.title for hit in searchable.search("carri")] == ["Harbour tram opens"]
    assert searchable.search("carri ") == []  # a finished word is a whole word
    assert [hit.title for hit in searchable.search("carri* sunday")] == ["Harbour tram opens"]
    (hit,) = searchable.search("apples")
    assert f"{HIT_START}apples{HIT_END}" in hit.snippet
    assert hit.feed == "Gazette" and hit.published == T0


def test_phrases_and_exclusion(searchable: Store) -> None:
    assert [hit.title for hit in searchable.search('"tram plan"')] == ["Weekend markets"]
    assert searchable.search('"plan tram"') == []
    assert [hit.title for hit in searchable.search("tram -apples")] == ["Harbour tram opens"]


@pytest.mark.parametrize(
    "hostile",
    [
        '"',
        '""',
        "AND (",
        "(",
        ")",
        "*",
        "-",
        "NEAR",
        "NEAR(",
        "tram AND",
        "OR",
        "NOT tram",
        "^tram",
        "tram:",
        ":",
        "title:tram",
        "{title}: tram",
        "'; DROP TABLE articles; --",
        "\\",
        "%",
        "_",
        "\x00",
        "  ",
        "",
        "ünïcödé 東京 🚋",
        "tram" * 500,
        "a " * 2000,
        "person:",
        'quote:"',
        "since:",
        "since:99999999d",
        "is:",
        "feed:%",
        '-"tram"',
        '"tram',
    ],
)
def test_hostile_queries_never_raise(searchable: Store, hostile: str) -> None:
    hits = searchable.search(hostile)
    assert isinstance(hits, list)
    assert searchable.count_stories() == 3  # and nothing was harmed


def test_operator_words_are_plain_words(searchable: Store, feed_id: int) -> None:
    searchable.store_entries(feed_id, [entry("ops", title="NEAR and NOT", body="x")], now=T0)
    assert [hit.title for hit in searchable.search("near not")] == ["NEAR and NOT"]


def test_filters_in_the_query(searchable: Store) -> None:
    searchable.set_starred(2, True)
    assert [hit.title for hit in searchable.search("is:starred")] == ["Harbour tram opens"]
    assert [hit.title for hit in searchable.search("tram is:unread since:2026-11-19")] == ["Weekend markets"]
    searchable.set_read([1])
    assert [hit.title for hit in searchable.search("tram is:unread")] == ["Harbour tram opens"]
    assert [h.title for h in searchable.search("feed:gazette since:2026-11-19")] == [
        "Storm warning",
        "Weekend markets",
    ]
    assert searchable.search("feed:nosuchpaper tram") == []
    only_filter = searchable.search("feed:harbour-gazette")
    assert [h.id for h in only_filter] == [3, 1, 2]  # newest first, ties by id
    assert only_filter[-1].snippet.startswith("Crowds rode")


# --- analysis -------------------------------------------------------------------

PESKOV = Person("Dmitry Peskov", "Kremlin spokesperson", 3, ("Peskov",))


def test_analysis_round_trip_and_search(searchable: Store) -> None:
    analysis = Analysis(
        summary=("The mayor backed the plan.", "Stalls  sold\napples."),
        people=(PESKOV, Person("Ana Ruiz", None, 1)),
        quotes=(
            Quote("We are very angry", "Dmitry Peskov", "person", 10, 27),
            Quote("No comment", "the Kremlin", "organisation", 40, 50),
            Quote("Nobody knows", None, None, 60, 72),
        ),
    )
    searchable.save_analysis(1, analysis)
    stored = searchable.get_analysis(1)
    assert stored == Analysis(("The mayor backed the plan.", "Stalls sold apples."), analysis.people, analysis.quotes)
    assert searchable.get_analysis(2) is None
    assert searchable.get_article(1).analysed  # type: ignore[union-attr]
    assert [h.id for h in searchable.search("person:Peskov")] == [1]
    assert [h.id for h in searchable.search('person:"dmitry peskov"')] == [1]
    assert searchable.search('person:"Peskov Dmitry"') == []
    (quoted,) = searchable.search('quote:"very angry"')
    assert f"{HIT_START}very angry{HIT_END}" in quoted.snippet or f"{HIT_START}very{HIT_END}" in quoted.snippet
    assert [h.id for h in searchable.search("backed")] == [1]  # a summary word
    assert [h.id for h in searchable.search("angry")] == [1]  # a quote word
    assert searchable.articles_to_analyse(10) == [
        (2, "Harbour tram opens", "Crowds rode the first carriages on Sunday."),
        (3, "Storm warning", "Winds of 90 km/h are expected along the coast."),
    ]
    # saving again replaces, it does not add
    searchable.save_analysis(1, Analysis(people=(PESKOV,)))
    assert searchable.get_analysis(1) == Analysis(people=(PESKOV,))
    assert searchable.search('quote:"very angry"') == []


def test_persons_merge_across_articles_with_most_common_role(searchable: Store) -> None:
    searchable.save_analysis(1, Analysis(people=(PESKOV,), quotes=(Quote("First words", "Dmitry Peskov", "person"),)))
    searchable.save_analysis(2, Analysis(people=(Person("dmitry  PESKOV", "spokesman", 1),)))
    searchable.save_analysis(
        3,
        Analysis(
            people=(Person("Dmitry Peskov", "Kremlin spokesperson", 2), Person("Ana Ruiz")),
            quotes=(Quote("Later words", "Dmitry Peskov", "person"),),
        ),
    )
    people = searchable.people()
    assert [(p.name, p.role, p.stories, p.quotes) for p in people] == [
        ("Dmitry Peskov", "Kremlin spokesperson", 3, 2),
        ("Ana Ruiz", None, 1, 0),
    ]
    assert [r.id for r in searchable.stories(filter=StoryFilter(person="peskov"))] == [3, 1, 2]
    assert [r.id for r in searchable.stories(filter=StoryFilter(person="Dmitry Peskov"))] == [3, 1, 2]
    assert searchable.count_stories(filter=StoryFilter(person="Peskov")) == 3
    assert searchable.stories(filter=StoryFilter(person="Nobody")) == []
    assert searchable.people(limit=1)[0].name == "Dmitry Peskov"


def test_quotes_by_newest_first_by_name_or_surname(searchable: Store) -> None:
    older, newer = 2, 1  # article 2 was published two days before article 1
    searchable.save_analysis(
        older, Analysis(people=(PESKOV,), quotes=(Quote("Old remark", "Dmitry Peskov", "person"),))
    )
    searchable.save_analysis(
        newer,
        Analysis(
            people=(PESKOV, Person("Oleg Peskov")),
            quotes=(
                Quote("New remark", "Dmitry Peskov", "person"),
                Quote("Second remark", "Dmitry Peskov", "person"),
                Quote("Statement", "the Kremlin", "organisation"),
            ),
        ),
    )
    by_name = searchable.quotes_by("dmitry peskov")
    assert [(q.text, q.article_id) for q in by_name] == [
        ("New remark", 1),
        ("Second remark", 1),
        ("Old remark", 2),
    ]
    assert by_name[0].feed == "Gazette" and by_name[0].speaker == "Dmitry Peskov"
    assert searchable.quotes_by("Peskov") == []  # two Peskovs: a surname alone is ambiguous
    assert [q.text for q in searchable.quotes_by("the kremlin")] == ["Statement"]


# --- state, errors and threads ----------------------------------------------------


def test_ui_state_holds_json_values(store: Store) -> None:
    assert store.get_state("theme", "default") == "default"
    store.set_state("theme", "nord")
    store.set_state("panels", {"people": False, "widths": [30, 40]})
    store.set_state("theme", "gruvbox")
    assert store.get_state("theme") == "gruvbox"
    assert store.get_state("panels") == {"people": False, "widths": [30, 40]}


def test_two_threads_write_and_read_at_once(db_path: Path, store: Store) -> None:
    feeds = [store.add_feed(f"https://t{n}.example/feed").id for n in range(2)]
    errors: list[BaseException] = []

    def writer(feed: int) -> None:
        try:
            for batch in range(15):
                store.store_entries(feed, [entry(f"{batch}-{i}", title=f"Item {batch} {i}") for i in range(10)], now=T0)
                assert store.count_stories(filter=StoryFilter(feed_id=feed)) == (batch + 1) * 10
                store.search("item")
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            store.close()

    threads = [threading.Thread(target=writer, args=(feed,)) for feed in feeds]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert store.count_stories() == 300
    assert store.integrity_check() == []


def test_very_common_queries_list_title_hits_first_within_the_newest_window_then_the_rest(
    store: Store, feed_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past RANK_WINDOW matches, BM25 is skipped: title hits first, then the rest, newest first."""
    import briefing.core.store.search as store_module

    monkeypatch.setattr(store_module, "RANK_WINDOW", 4)
    stories = [
        ("t-old", "Ferry strike ends", "Crews return."),  # title hit, but outside the newest window
        ("b1", "Harbour news", "The ferry ran late."),
        ("t1", "Ferry fares rise", "Tickets cost more."),
        ("b2", "Weather", "No ferry on Sunday."),
        ("t2", "New ferry named", "A vote picked the name."),
        ("b3", "Council", "The ferry contract was signed."),
    ]
    store.store_entries(
        feed_id,
        [
            entry(guid, title=title, body=body, published=T0 + timedelta(hours=n))
            for n, (guid, title, body) in enumerate(stories)
        ],
        now=T0,
    )
    ids = {
        guid: store.conn.execute("SELECT id FROM articles WHERE guid = ?", (guid,)).fetchone()[0]
        for guid, _, _ in stories
    }
    hits = store.search("ferry")
    # the window first (title hits first), then the older matches, newest first: nothing is cut off
    assert [hit.id for hit in hits] == [ids["t2"], ids["t1"], ids["b3"], ids["b2"], ids["b1"], ids["t-old"]]
    assert [hit.rank for hit in hits] == [-1.0, -1.0, 0.0, 0.0, 0.0, 0.0]
    assert all(HIT_START in hit.snippet for hit in hits)
    assert store.count_hits("ferry") == 6
    assert [hit.id for hit in store.search("ferry", limit=3, offset=3)] == [ids["b2"], ids["b1"], ids["t-old"]]
    assert [hit.id for hit in store.search("ferry", limit=3)] == [ids["t2"], ids["t1"], ids["b3"]]
    # a rare query still ranks every match (the old title hit is found)
    assert [hit.id for hit in store.search("strike")] == [ids["t-old"]]
    # the word being typed is matched whole when it is already common ("ferry" not "ferrying")
    store.store_entries(
        feed_id, [entry("p", title="Ferrying cars", body="x", published=T0 - timedelta(days=1))], now=T0
    )
    assert ids["t-old"] not in [hit.id for hit in store.search("ferr")][:4]  # not in the ranked window


def test_feed_filter_with_common_words_and_no_matching_feed(
    store: Store, feed_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefing.core.store.search as store_module

    monkeypatch.setattr(store_module, "RANK_WINDOW", 2)
    other = store.add_feed("https://valley.example/atom", title="Valley Courier").id
    store.store_entries(feed_id, [entry(f"h{i}", title=f"Tram report {i}") for i in range(6)], now=T0)
    store.store_entries(other, [entry("v1", title="Tram in the valley", published=T0 - timedelta(days=3))], now=T0)
    assert [hit.title for hit in store.search("tram feed:valley")] == ["Tram in the valley"]
    assert store.search("tram feed:nowhere") == []
    gazette = store.search("tram feed:gazette")
    assert len(gazette) == 6 and all(hit.feed == "Gazette" for hit in gazette)  # the window, then the rest
    assert store.count_hits("tram feed:gazette") == 6 and store.count_hits("tram feed:nowhere") == 0


def test_a_writer_holding_the_lock_gives_database_locked(db_path: Path, store: Store, feed_id: int) -> None:
    import sqlite3

    from briefing.core.store import DatabaseLocked, StoreError

    quick = Store(db_path, busy_timeout_ms=100)
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseLocked) as caught:
            quick.store_entries(feed_id, [entry("g1")], now=T0)
        assert "\n" not in str(caught.value)
        assert quick.stories() == []  # reading still works beside the writer (WAL)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert quick.store_entries(feed_id, [entry("g1")], now=T0) == (1, 0)
    quick.close()
    with pytest.raises(StoreError):
        Store(db_path.parent)  # a directory is not a database


def test_save_analyses_writes_a_batch_and_skips_missing_articles(searchable: Store) -> None:
    batch = [
        (1, Analysis(people=(PESKOV,))),
        (999, Analysis(summary=("lost",))),
        (3, Analysis(summary=("Winds.",))),
    ]
    assert searchable.save_analyses(batch) == 2
    assert searchable.get_analysis(1) == Analysis(people=(PESKOV,))
    assert searchable.get_analysis(3) == Analysis(summary=("Winds.",))
    assert [row[0] for row in searchable.articles_to_analyse(10)] == [2]
    assert searchable.count_unanalysed() == 1


def test_person_filter_gives_the_same_pages_by_either_plan(searchable: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import briefing.core.store.listing as store_module

    for article_id in (1, 2, 3):
        searchable.save_analysis(article_id, Analysis(people=(PESKOV,)))
    by_person = [r.id for r in searchable.stories(limit=2, filter=StoryFilter(person="Peskov"))]
    monkeypatch.setattr(store_module, "PERSON_SCAN_THRESHOLD", 0)  # walk the index instead
    assert [r.id for r in searchable.stories(limit=2, filter=StoryFilter(person="Peskov"))] == by_person == [3, 1]
    last = searchable.stories(limit=2, filter=StoryFilter(person="Peskov"))[-1]
    assert [r.id for r in searchable.stories(after=cursor(last), filter=StoryFilter(person="Peskov"))] == [2]


def test_no_typed_text_makes_search_raise(searchable: Store) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    alphabet = st.sampled_from(list("abc \"*-():^{}+NEARORANDNOT\\%_'") + ["person:", "quote:", "is:", "é", "\x00"])

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(alphabet, max_size=30).map("".join) | st.text(max_size=60))
    def search_anything(text: str) -> None:
        assert isinstance(searchable.search(text), list)

    search_anything()


def test_odd_text_and_dates_are_stored_safely(store: Store, feed_id: int) -> None:
    ancient = datetime(812, 3, 4, 5, 6, 7, tzinfo=UTC)
    naive = datetime(2026, 11, 20, 9, 0)
    store.store_entries(
        feed_id,
        [
            entry("s", title="Broken \udcff bytes", body="nul \x00 inside", published=ancient),
            entry("n", title="Naive time", published=naive),
        ],
        now=T0,
    )
    broken = store.get_article(1)
    assert broken is not None and broken.title == "Broken \ufffd bytes" and broken.published == ancient
    assert store.get_article(2).published == T0  # type: ignore[union-attr]  # naive means UTC
    assert [row.id for row in store.stories()] == [2, 1]  # year 812 sorts before 2026
    assert store.integrity_check() == []


def test_an_archive_opened_read_only_reads_and_refuses_every_write_with_one_line(tmp_path: Path) -> None:
    from briefing.core.store import ArchiveReadOnly

    writable = Store(tmp_path / "a.db")
    writable.add_feed("https://example.org/feed")
    writable.close()
    archive = Store(tmp_path / "a.db", read_only=True)
    assert archive.read_only and archive.read_only_reason
    assert [f.url for f in archive.list_feeds()] == ["https://example.org/feed"]
    assert archive.search("anything") == []
    for write in (lambda: archive.add_feed("https://example.org/other"), lambda: archive.set_state("ui", {"a": 1})):
        with pytest.raises(ArchiveReadOnly) as refused:
            write()
        assert "read-only" in str(refused.value) and "\n" not in str(refused.value)
    archive.close()
    assert [f.url for f in Store(tmp_path / "a.db").list_feeds()] == ["https://example.org/feed"]
