"""The reader's side of full text (issue 11), kept out of main.py: the story pane's note on the
text it shows (full text, or the teaser and why), the "fetch this story's full text now" key, the
refresh's page progress, and re-showing the story when its full text lands.

Functions of the main screen (``screen``: a ``MainScreen``). Writes and page fetching run in a
worker thread; the UI thread reads only what it shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import ProgressBar, Static

from briefing.core.clean import sanitize_line
from briefing.core.models import Article, PagesSummary

if TYPE_CHECKING:
    from briefing.screens.main import MainScreen

KEY_ID = "fetch-full-text"


def _key(screen: MainScreen) -> str:
    from briefing.keys import keys_for

    for key in keys_for("main"):
        if key.id == KEY_ID:
            return key.key_display or key.keys.split(",")[0]
    return "F"


def _default_mode(screen: MainScreen) -> str:
    return screen.briefing.settings.refresh.full_text


def show_note(screen: MainScreen, article: Article) -> None:
    """The line under the story's link: full text, or the teaser and why."""
    from briefing.core.fulltext.records import reader_note

    info = screen.briefing.store.full_text_info(article.id)
    screen.reader.show_text_note(reader_note(info, _default_mode(screen), title=article.title), _key(screen))


def pages_progress(screen: MainScreen, pages: PagesSummary) -> None:
    """The refresh counts pages too; a story on show whose full text just landed is shown anew."""
    if pages.done == 0:  # the feeds are stored: their new stories can be read (teasers) meanwhile
        screen.reload(keep_current=True)
    bar = screen.query_one("#refresh-progress", ProgressBar)
    bar.update(total=max(pages.wanted, 1), progress=pages.done)
    label = f"Fetching article pages {pages.done}/{pages.wanted} · {pages.fetched} full text"
    screen.query_one("#refresh-label", Static).update(label)
    recheck(screen)


def recheck(screen: MainScreen) -> None:
    """Show the story again when its full text (or its analysis on it) has landed meanwhile."""
    reader = screen.reader
    article = reader.article
    if article is None:
        return
    info = screen.briefing.store.full_text_info(article.id)
    if info is None:
        return
    landed = info.status == "fetched" and not reader.full_text
    analysed_now = reader.full_text and reader.analysis is None
    if landed or analysed_now:
        screen.show_story(article.id, mark_read=False, force=True)
    else:  # the page failed or was a wall meanwhile: say so
        show_note(screen, article)


def fetch_now(screen: MainScreen) -> None:
    article = screen.reader.article
    app = screen.briefing
    if article is None:
        return
    if app.read_only:
        screen.notify("The archive is read-only: the full text cannot be stored.", severity="warning", markup=False)
        return
    if not article.link:
        screen.notify("This story has no web link to fetch.", severity="warning", markup=False)
        return
    screen.reader.show_text_note(("Fetching the article page…", False), _key(screen))
    screen.run_worker(
        lambda: _fetch(screen, article),
        thread=True,
        group="full-text-now",
        exclusive=True,
        exit_on_error=False,
        description="Fetching the full text",
    )


def _fetch(screen: MainScreen, article: Article) -> None:
    """Worker: fetch, extract, store and analyse this one story, then show it again."""
    from briefing.core.backlog import AnalysisOptions
    from briefing.core.fulltext.pipeline import fill_full_texts

    app = screen.briefing
    options = AnalysisOptions.from_settings(app.settings.summary)
    problem: str | None = None
    try:
        pages = fill_full_texts(app.store, ids=[article.id], force=True, options=options)
    except Exception as exc:  # noqa: BLE001 - said in one line; the story keeps what it had
        problem = f"{type(exc).__name__}: {exc}"
    else:
        problem = pages.refused
    screen.app.call_from_thread(_landed, screen, article.id, problem)


def _landed(screen: MainScreen, article_id: int, problem: str | None) -> None:
    if problem:
        screen.notify(sanitize_line(f"Full text not stored: {problem}"), severity="warning", markup=False)
    if screen.reader.article is not None and screen.reader.article.id == article_id:
        screen.show_story(article_id, mark_read=False, force=True)
    info = screen.briefing.store.full_text_info(article_id)
    if info is not None and info.status != "fetched" and not problem:
        screen.notify(sanitize_line(f"No full text: {info.error or info.status}"), severity="warning", markup=False)
