"""How fast the TUI shows its first screen on a big archive, and how much memory it holds.

    python -m bench.make_archive --articles 1000000 --db /tmp/big.db
    python -m bench.tui_scale --db /tmp/big.db

Runs the real app headless (Textual's run_test) in this process. "First screen" is the time from
creating the app to the story list painting its first rows (window loaded and the first story on
show); "counts" is when the day counts have landed too (headers counted, the full scroll extent:
the list shows its first page before them). Then it jumps to the end, pages down and back, and
reports each step and the peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import time
from pathlib import Path

PROCESS_START = time.perf_counter()  # before briefing and Textual are imported


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def measure(db: Path) -> dict[str, float]:
    from briefing.app import create_app
    from briefing.config import RefreshSettings, Settings
    from briefing.core.store import Store
    from briefing.widgets.story_list import StoryList
    from briefing.widgets.story_view import StoryView

    figures: dict[str, float] = {"rss_before_mb": rss_mb()}
    started = time.perf_counter()
    store = Store(db)
    app = create_app(store, Settings(refresh=RefreshSettings(auto_interval=0)))
    async with app.run_test(size=(120, 40)) as pilot:
        while True:
            screen = app.screen
            lists = screen.query(StoryList)
            window = lists.first().window if lists else None
            if window is not None and (window.total_rows == 0 or screen.query_one(StoryView).article):
                break
            if time.perf_counter() - started > 60:
                raise TimeoutError("the first screen did not appear within 60 s")
            await asyncio.sleep(0.005)
        await pilot.pause()
        figures["first_screen_s"] = time.perf_counter() - started
        figures["incl_imports_s"] = time.perf_counter() - PROCESS_START
        story_list = app.screen.query_one(StoryList)
        figures["first_rows"] = story_list.total
        while getattr(story_list, "pending", False):  # the day counts, from the list's worker
            await asyncio.sleep(0.005)
        await pilot.pause()
        figures["counts_s"] = time.perf_counter() - started
        figures["stories"] = story_list.total
        if not story_list.total:
            store.close()
            return figures
        figures["days"] = len(story_list.window.days)

        async def timed(name: str, *keys: str) -> None:
            begin = time.perf_counter()
            await pilot.press(*keys)
            await app.workers.wait_for_complete()
            await pilot.pause()
            figures[name] = time.perf_counter() - begin

        await timed("end_s", "end")
        figures["at_end_row"] = story_list.cursor
        await timed("page_up_x10_s", *["pageup"] * 10)
        story_list.move_to(story_list.total // 2)
        await timed("jump_middle_s", "j")
        await timed("j_x50_s", *["j"] * 50)
        await timed("home_s", "home")
        figures["pages_loaded"] = story_list.window.pages_loaded
        figures["rss_after_mb"] = rss_mb()
    figures["peak_rss_mb"] = peak_mb()
    store.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    args = parser.parse_args(argv)
    if not args.db.exists():
        parser.error(f"{args.db} does not exist; build it with python -m bench.make_archive")
    for name, value in asyncio.run(measure(args.db)).items():
        print(f"{name:>16}: {value:,.3f}" if isinstance(value, float) and value % 1 else f"{name:>16}: {value:,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
