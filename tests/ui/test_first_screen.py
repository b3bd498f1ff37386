"""The first screen does not wait for the day counts: the list shows its first page while they are
pending, and the headers (and the rest of the list) arrive after without moving what is shown."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from briefing.core.store import Store
from briefing.widgets.story_list import StoryList

from .conftest import Story, fill, make_app, settle

# 150 stories, one every half hour back from 09:45 on 26 November (the tests' clock is 10:00 UTC):
# 20 on the 26th, 48 on the 25th, 48 on the 24th, 34 on the 23rd. The first page (100) ends on the 24th.
STORIES = [
    Story("Marsh Bulletin", f"Marsh item {n:03d} on the tide gauges", 0.25 + n / 2, "A short item.", analysed=False)
    for n in range(150)
]


class GatedStore(Store):
    """A real Store whose day counts wait for the test to open the gate."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gate = threading.Event()
        self.counting = threading.Event()

    def day_counts(self, *args: Any, **kwargs: Any) -> list[tuple[date, int]]:
        self.counting.set()
        if not self.gate.wait(20):
            raise TimeoutError("the test never opened the gate")
        return super().day_counts(*args, **kwargs)


def screen_lines(story_list: StoryList) -> list[str]:
    return ["".join(s.text for s in story_list.render_line(y)).rstrip() for y in range(story_list.size.height)]


async def test_first_rows_show_while_the_counts_are_pending_and_headers_follow(tmp_path) -> None:
    store = GatedStore(tmp_path / "gated.db")
    fill(store, STORIES)
    app = make_app(store)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            story_list = app.screen.query_one(StoryList)
            for _ in range(200):  # the first page comes from a worker; the counts stay gated
                if story_list.total and store.counting.is_set():
                    break
                await pilot.pause(0.02)
            assert not store.gate.is_set()
            before = screen_lines(story_list)
            assert story_list.total == 100  # the first page only, while the counts wait
            assert story_list.pending
            assert before[0].split() == ["Today", "20"]  # a day wholly on the first page is counted
            assert "Marsh item 000 on the tide gauges" in before[1]
            assert story_list.cursor == 0 and story_list.current.title == "Marsh item 000 on the tide gauges"

            await pilot.press("j", "j")
            store.gate.set()
            await settle(pilot)

            after = screen_lines(story_list)
            assert not story_list.pending
            assert story_list.total == 150
            assert story_list.cursor == 2  # the counts landing did not move the cursor
            assert after[0] == before[0] and after[1] == before[1]  # nor the first rows
            await pilot.press("end")
            await settle(pilot)
            assert story_list.current.title == "Marsh item 149 on the tide gauges"
            story_list.move_to(116)  # the 23rd's first story, its header just above
            await pilot.pause()
            headers = [line.split() for line in screen_lines(story_list) if "November" in line]
            assert ["Monday", "23", "November", "34"] in headers  # a day the first page never reached
    finally:
        store.gate.set()
        store.close()


async def test_the_partial_last_day_gets_its_count_when_the_counts_land(tmp_path) -> None:
    store = GatedStore(tmp_path / "gated.db")
    fill(store, STORIES)
    app = make_app(store)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            story_list = app.screen.query_one(StoryList)
            for _ in range(200):
                if story_list.total and store.counting.is_set():
                    break
                await pilot.pause(0.02)
            story_list.move_to(75)  # down into the 24th, the day the first page cuts short
            await pilot.pause()
            pending = [line.split() for line in screen_lines(story_list) if "24 November" in line]
            assert pending == [["Tuesday", "24", "November"]]  # no count yet: it could only be wrong
            store.gate.set()
            await settle(pilot)
            counted = [line.split() for line in screen_lines(story_list) if "24 November" in line]
            assert counted == [["Tuesday", "24", "November", "48"]]
            assert story_list.cursor == 75
    finally:
        store.gate.set()
        store.close()
