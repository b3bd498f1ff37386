"""Store.mark_read_where: the reader's A marks exactly what the list shows, in one write."""

from __future__ import annotations

from datetime import timedelta

from briefing.core.models import Analysis, Person, StoryFilter
from tests.ui.conftest import NOW, STORIES, fill


def test_marks_only_the_stories_matching_the_filter(store):
    fill(store, STORIES)
    gazette = next(f for f in store.list_feeds() if f.name == "Harbour Gazette")
    assert store.mark_read_where(filter=StoryFilter(feed_id=gazette.id)) == 3
    rows = store.stories(limit=100)
    assert {r.title for r in rows if r.read} == {r.title for r in rows if r.feed == "Harbour Gazette"}
    assert store.mark_read_where(filter=StoryFilter(feed_id=gazette.id)) == 0  # already read: nothing changes
    assert store.count_stories(filter=StoryFilter(unread=True)) == 3


def test_person_since_and_starred_filters_narrow_it(store):
    ids = fill(store, STORIES)
    store.save_analysis(
        ids["Bridge repairs close the river road"], Analysis(("Bridge.",), (Person("Mara Lindqvist", None, 1),), ())
    )
    recent = store.mark_read_where(filter=StoryFilter(person="Mara Lindqvist", since=NOW - timedelta(hours=48)))
    assert recent == 2  # the ferry and library stories; the bridge story is older than two days
    assert not store.get_article(ids["Bridge repairs close the river road"]).read
    store.set_starred(ids["Lighthouse keeper retires after forty years"])
    assert store.mark_read_where(filter=StoryFilter(starred=True)) == 1
    assert store.mark_read_where() == 3  # no filter: everything left
    assert store.count_stories(filter=StoryFilter(unread=True)) == 0
