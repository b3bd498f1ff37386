"""Render the bundled demo into screenshots/*.svg with the real app (headless).

    python -m bench.screenshots [--out screenshots]

The demo is dated from the current hour (as the CLI's --demo does) and shown in UTC with a fixed
theme; undated demo stories are stamped with the time of the build, so "Today" is today.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from briefing.app import create_app
from briefing.config import RefreshSettings, Settings, UISettings
from briefing.core.store import Store
from briefing.messages import OpenStory

NOW = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0)
SIZE = (132, 42)
SETTINGS = Settings(refresh=RefreshSettings(auto_interval=0), ui=UISettings(theme="textual-dark"))


def build_demo(db: Path) -> Store:
    """The demo archive, built offline from the bundled feeds and fully analysed."""
    from briefing.core.analysis import analyse
    from briefing.core.refresh import refresh
    from briefing.demo import demo_feed_paths

    store = Store(db)
    for path in demo_feed_paths(now=NOW, dest=db.parent / "feeds"):
        store.add_feed(str(path.resolve()), tags=("demo",))
    refresh(store, force=True, analyse=True)
    while batch := store.articles_to_analyse(50):
        for article_id, title, body in batch:
            store.save_analysis(article_id, analyse(body, title=title))
    return store


async def settle(pilot, delay: float = 0.3) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(delay)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def richest_story(store: Store) -> int:
    """The story with the most quotes (and people): the best one to show the panels."""
    best, best_score = None, -1
    for row in store.stories(limit=500):
        analysis = store.get_analysis(row.id)
        if analysis is not None:
            score = len(analysis.quotes) * 10 + len(analysis.people)
            if score > best_score:
                best, best_score = row.id, score
    assert best is not None, "the demo has no analysed stories"
    return best


async def shoot(store: Store, out: Path) -> list[Path]:
    saved: list[Path] = []

    async def save(app, name: str) -> None:
        saved.append(Path(app.save_screenshot(filename=f"{name}.svg", path=str(out))))

    app = create_app(store, SETTINGS, clock=lambda: NOW, tz=timezone.utc)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await save(app, "main")
        app.post_message(OpenStory(richest_story(store)))
        await settle(pilot)
        await save(app, "story-people-quotes")
        await pilot.press("b")
        await settle(pilot)
        await save(app, "briefing")
        await pilot.press("escape", "slash")
        await settle(pilot)
        top = store.people(limit=1)
        query = f"person:{top[0].name.split()[-1]}" if top else "council"
        await pilot.press(*query)
        await settle(pilot, 0.5)
        await save(app, "search")
        await pilot.press("escape", "P")
        await settle(pilot)
        await save(app, "person-quotes")
        await pilot.press("escape", "f")
        await settle(pilot)
        await save(app, "feeds")
    app = create_app(store, SETTINGS, clock=lambda: NOW, tz=timezone.utc)
    async with app.run_test(size=(80, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        await save(app, "narrow")
        await pilot.press("enter")  # one pane at a time: the story takes the screen
        await settle(pilot)
        await save(app, "narrow-story")
    app = create_app(store, SETTINGS, clock=lambda: NOW, tz=timezone.utc)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app.post_message(OpenStory(richest_story(store)))
        await settle(pilot)
        await save(app, "wide")
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        store = build_demo(Path(folder) / "demo.db")
        try:
            for path in asyncio.run(shoot(store, args.out)):
                print(path)
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
