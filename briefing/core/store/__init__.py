"""The archive: the only package that speaks SQL.

One sqlite3 connection per thread (``threading.local``), WAL so readers never wait for the
writer, a busy timeout so two writers queue instead of failing, foreign keys on. Every write method
is one ``BEGIN IMMEDIATE`` transaction. Lists page by key (``(published, id)``), never by OFFSET.

``Store`` is composed of one mixin per concern (in the manner of lemon24/reader's storage):
``base`` (connections, transactions, read-only detection), ``feeds``, ``articles``, ``listing``,
``search``, ``analysis``, ``state``, ``maintenance`` and ``fulltext`` (issue 11); ``rows`` maps values and rows, ``errors``
holds the one-line errors.
"""

from __future__ import annotations

from briefing.core.store.analysis import AnalysisMixin
from briefing.core.store.articles import ArticlesMixin
from briefing.core.store.base import BUSY_TIMEOUT_MS, StoreBase
from briefing.core.store.errors import (
    ArchiveReadOnly,
    BackupRefused,
    DatabaseCorrupt,
    DatabaseLocked,
    DiskFull,
    FeedExists,
    FeedNotFound,
    StoreError,
)
from briefing.core.store.feeds import FeedsMixin
from briefing.core.store.fulltext import FullTextMixin
from briefing.core.store.listing import ListingMixin
from briefing.core.store.maintenance import MaintenanceMixin
from briefing.core.store.rows import content_hash, entry_guid, from_text, person_key, storable, to_text
from briefing.core.store.search import QUOTE_SEPARATOR, SearchMixin, fts_string
from briefing.core.store.state import StateMixin


class Store(
    FeedsMixin,
    ArticlesMixin,
    ListingMixin,
    SearchMixin,
    AnalysisMixin,
    StateMixin,
    MaintenanceMixin,
    FullTextMixin,
    StoreBase,
):
    """The archive at ``path``. Safe to share between threads: each gets its own connection."""


__all__ = [
    "BUSY_TIMEOUT_MS",
    "QUOTE_SEPARATOR",
    "ArchiveReadOnly",
    "BackupRefused",
    "DatabaseCorrupt",
    "DatabaseLocked",
    "DiskFull",
    "FeedExists",
    "FeedNotFound",
    "Store",
    "StoreError",
    "content_hash",
    "entry_guid",
    "fts_string",
    "from_text",
    "person_key",
    "storable",
    "to_text",
]
