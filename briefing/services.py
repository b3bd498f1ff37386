"""What screens and widgets get from the reader, in one typed place.

The App builds one ``Services`` and screens reach it through ``services(self)``: no screen imports
the App (briefing/app.py) and none reaches past the type checker to the App's attributes. The callables are the
App's own operations (writes in workers, refresh, filters) so a screen never does them itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any, Protocol

from briefing.core.clean import sanitize_line

if TYPE_CHECKING:
    from briefing.config import Settings
    from briefing.core.store import Store
    from briefing.screens.main import MainScreen
    from briefing.widgets.story_window import StoryFilter

Clock = Callable[[], datetime]
UserWrite = Callable[["Store"], object]  # gets the store opened for the user's writes (short busy timeout)


class StoreWrite(Protocol):
    """``App.store_write``: run one write for the user in a worker (see app.py)."""

    def __call__(
        self,
        what: str,
        write: UserWrite,
        *,
        undo: Callable[[], object] | None = None,
        done: Callable[[], object] | None = None,
    ) -> bool: ...


@dataclass(frozen=True)
class Services:
    """The reader's parts for its screens. ``store`` is for reading (and workers' own writes);
    ``store_write`` is THE way a user's change reaches the archive."""

    store: Store
    writer: Store  # the same archive with a short busy timeout: what user writes run on
    write_retry: Callable[[], dict[str, Any]]  # retry_locked's options for a user write
    settings: Settings
    clock: Clock
    tz: tzinfo
    open_url: Callable[[str], bool | None]
    store_write: StoreWrite
    save_ui_state: Callable[..., None]
    ui_state: dict[str, Any]
    refresh: Callable[[list[int] | None], None]
    filter_stories: Callable[[StoryFilter], None]
    main_screen: Callable[[], MainScreen]
    update_counts: Callable[[], object]
    session: dict[str, str] = field(default_factory=dict)  # remembered until quit (the last pipe command)

    def now(self) -> datetime:
        return self.clock()

    @property
    def read_only(self) -> bool:
        return bool(getattr(self.store, "read_only", False))

    @property
    def read_only_reason(self) -> str:
        return sanitize_line(getattr(self.store, "read_only_reason", None) or "opened read-only")


class InApp(Protocol):
    """A screen, widget or palette provider: anything that knows its running App."""

    @property
    def app(self) -> object: ...


def services(node: InApp) -> Services:
    """The running reader's services, from any screen, widget or palette provider in it."""
    found = getattr(node.app, "services", None)
    if not isinstance(found, Services):
        raise LookupError("not running inside the briefing reader (no services)")
    return found
