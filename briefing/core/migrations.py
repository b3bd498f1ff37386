"""Versioned schema steps for the archive.

``PRAGMA user_version`` holds the number of steps applied. Each step is a
function that takes an open connection inside a transaction and moves the
schema (and the data) forward by exactly one version. Steps are never edited
once released: a change is a new step at the end of ``STEPS``.

- v1: feeds, articles, full-text index over title/author/body, ui_state.
- v2: the analysis (people, article_people, quotes, canonical persons), the
  analysis text columns joined into the full-text index, and per-feed
  unread/total counters kept by triggers.
- v3: per-person story and quote counters kept by triggers.
- v4: per-person role tallies kept by triggers (the most common role in O(1)).
- v5: new articles are indexed by ``Store.store_entries`` with one INSERT ... SELECT per
  write instead of a per-row trigger (FTS5 inside a trigger costs about twice as much per row);
  updates and deletes still go through their triggers.
- v6: full text for teaser feeds (issue 11): a feed's ``full_text`` mode (NULL: the configured
  default), and per article the feed's own text kept as ``teaser`` once the page's full text
  replaces ``body``, the full-text status, its error and when it was fetched. Stories stored
  before v6 are "skipped" (``briefing fulltext`` fills them in); a story whose feed text changes
  is judged again (its status is cleared by a trigger).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any


class SchemaTooNew(Exception):
    """The database was written by a newer briefing than this one."""


def _v1_feeds_articles_fts(conn: sqlite3.Connection) -> None:
    conn.executescript(
        """
        CREATE TABLE feeds (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            title TEXT,
            user_title TEXT,
            link TEXT,
            etag TEXT,
            last_modified TEXT,
            last_fetched TEXT,
            last_status INTEGER,
            last_error TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            next_due TEXT,
            added TEXT NOT NULL,
            gone INTEGER NOT NULL DEFAULT 0,
            tags TEXT NOT NULL DEFAULT '[]'
        );

        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
            guid TEXT NOT NULL,
            link TEXT,
            title TEXT NOT NULL DEFAULT '',
            author TEXT,
            published TEXT NOT NULL,
            updated TEXT,
            fetched TEXT NOT NULL,
            body TEXT NOT NULL DEFAULT '',
            read INTEGER NOT NULL DEFAULT 0,
            starred INTEGER NOT NULL DEFAULT 0,
            content_hash TEXT NOT NULL,
            UNIQUE (feed_id, guid)
        );
        CREATE INDEX articles_newest ON articles (published, id);
        CREATE INDEX articles_feed_newest ON articles (feed_id, published, id);
        CREATE INDEX articles_unread_newest ON articles (published, id) WHERE read = 0;
        CREATE INDEX articles_starred_newest ON articles (published, id) WHERE starred = 1;

        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, author, body,
            content='articles', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2', prefix='3'
        );
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (rowid, title, author, body)
            VALUES (new.id, new.title, new.author, new.body);
        END;
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, author, body)
            VALUES ('delete', old.id, old.title, old.author, old.body);
        END;
        CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, author, body ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, author, body)
            VALUES ('delete', old.id, old.title, old.author, old.body);
            INSERT INTO articles_fts (rowid, title, author, body)
            VALUES (new.id, new.title, new.author, new.body);
        END;

        CREATE TABLE ui_state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
    )


_FTS_COLUMNS = "title, author, body, summary, people, quotes"
_OLD = ", ".join(f"old.{c.strip()}" for c in _FTS_COLUMNS.split(","))
_NEW = ", ".join(f"new.{c.strip()}" for c in _FTS_COLUMNS.split(","))


def _v2_analysis(conn: sqlite3.Connection) -> None:
    conn.executescript(
        f"""
        ALTER TABLE articles ADD COLUMN analysed INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE articles ADD COLUMN summary TEXT;   -- summary sentences, one per line
        ALTER TABLE articles ADD COLUMN people TEXT;    -- names and aliases, one per line
        ALTER TABLE articles ADD COLUMN quotes TEXT;    -- quoted words, one quote per line
        CREATE INDEX articles_unanalysed ON articles (id) WHERE analysed = 0;

        ALTER TABLE feeds ADD COLUMN unread_count INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE feeds ADD COLUMN total_count INTEGER NOT NULL DEFAULT 0;
        UPDATE feeds SET
            total_count = (SELECT COUNT(*) FROM articles WHERE feed_id = feeds.id),
            unread_count = (SELECT COUNT(*) FROM articles WHERE feed_id = feeds.id AND read = 0);
        CREATE TRIGGER articles_count_insert AFTER INSERT ON articles BEGIN
            UPDATE feeds SET total_count = total_count + 1,
                             unread_count = unread_count + (new.read = 0)
            WHERE id = new.feed_id;
        END;
        CREATE TRIGGER articles_count_delete AFTER DELETE ON articles BEGIN
            UPDATE feeds SET total_count = total_count - 1,
                             unread_count = unread_count - (old.read = 0)
            WHERE id = old.feed_id;
        END;
        CREATE TRIGGER articles_count_read AFTER UPDATE OF read ON articles
        WHEN old.read IS NOT new.read BEGIN
            UPDATE feeds SET unread_count = unread_count + (new.read = 0) - (old.read = 0)
            WHERE id = new.feed_id;
        END;

        DROP TRIGGER articles_fts_insert;
        DROP TRIGGER articles_fts_delete;
        DROP TRIGGER articles_fts_update;
        DROP TABLE articles_fts;
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            {_FTS_COLUMNS},
            content='articles', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2', prefix='3'
        );
        INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
        INSERT INTO articles_fts (articles_fts, rank)
        VALUES ('rank', 'bm25(10.0, 2.0, 1.0, 3.0, 5.0, 3.0)');
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (rowid, {_FTS_COLUMNS}) VALUES (new.id, {_NEW});
        END;
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, {_FTS_COLUMNS})
            VALUES ('delete', old.id, {_OLD});
        END;
        CREATE TRIGGER articles_fts_update AFTER UPDATE OF {_FTS_COLUMNS} ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, {_FTS_COLUMNS})
            VALUES ('delete', old.id, {_OLD});
            INSERT INTO articles_fts (rowid, {_FTS_COLUMNS}) VALUES (new.id, {_NEW});
        END;

        CREATE TABLE persons (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,      -- normalised name: the identity across articles
            name TEXT NOT NULL,
            surname TEXT NOT NULL,         -- last word of key: "Peskov" finds "Dmitry Peskov"
            role TEXT                      -- the most common role given in its articles
        );
        CREATE INDEX persons_surname ON persons (surname);

        CREATE TABLE article_people (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,     -- salience order within the article
            name TEXT NOT NULL,            -- the form this article uses
            role TEXT,
            mentions INTEGER NOT NULL DEFAULT 1,
            aliases TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (article_id, person_id)
        ) WITHOUT ROWID;
        CREATE INDEX article_people_person ON article_people (person_id, article_id);

        CREATE TABLE quotes (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            speaker TEXT,
            speaker_kind TEXT,
            start INTEGER NOT NULL DEFAULT 0,
            "end" INTEGER NOT NULL DEFAULT 0,
            person_id INTEGER REFERENCES persons(id) ON DELETE SET NULL
        );
        CREATE INDEX quotes_article ON quotes (article_id, position);
        CREATE INDEX quotes_person ON quotes (person_id);
        CREATE INDEX quotes_speaker ON quotes (speaker COLLATE NOCASE);
        """
    )


def _v3_person_counters(conn: sqlite3.Connection) -> None:
    """Per-person story and quote counts kept by triggers, so the people list is O(limit)."""
    conn.executescript(
        """
        ALTER TABLE persons ADD COLUMN stories INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE persons ADD COLUMN quotes INTEGER NOT NULL DEFAULT 0;
        UPDATE persons SET
            stories = (SELECT COUNT(*) FROM article_people WHERE person_id = persons.id),
            quotes = (SELECT COUNT(*) FROM quotes WHERE person_id = persons.id);
        CREATE INDEX persons_most_stories ON persons (stories DESC, name COLLATE NOCASE);
        CREATE TRIGGER article_people_count_insert AFTER INSERT ON article_people BEGIN
            UPDATE persons SET stories = stories + 1 WHERE id = new.person_id;
        END;
        CREATE TRIGGER article_people_count_delete AFTER DELETE ON article_people BEGIN
            UPDATE persons SET stories = stories - 1 WHERE id = old.person_id;
        END;
        CREATE TRIGGER quotes_count_insert AFTER INSERT ON quotes
        WHEN new.person_id IS NOT NULL BEGIN
            UPDATE persons SET quotes = quotes + 1 WHERE id = new.person_id;
        END;
        CREATE TRIGGER quotes_count_delete AFTER DELETE ON quotes
        WHEN old.person_id IS NOT NULL BEGIN
            UPDATE persons SET quotes = quotes - 1 WHERE id = old.person_id;
        END;
        CREATE TRIGGER quotes_count_update AFTER UPDATE OF person_id ON quotes
        WHEN old.person_id IS NOT new.person_id BEGIN
            UPDATE persons SET quotes = quotes - 1 WHERE id = old.person_id;
            UPDATE persons SET quotes = quotes + 1 WHERE id = new.person_id;
        END;
        """
    )


def _v4_person_roles(conn: sqlite3.Connection) -> None:
    """How often each role is given to each person, kept by triggers, so choosing a person's
    most common role costs one index lookup however many stories they are in."""
    conn.executescript(
        """
        CREATE TABLE person_roles (
            person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            uses INTEGER NOT NULL DEFAULT 0,
            last_article INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (person_id, role)
        ) WITHOUT ROWID;
        CREATE INDEX person_roles_most_used ON person_roles (person_id, uses DESC, last_article DESC);
        INSERT INTO person_roles (person_id, role, uses, last_article)
            SELECT person_id, role, COUNT(*), MAX(article_id) FROM article_people
            WHERE role IS NOT NULL GROUP BY person_id, role;
        CREATE TRIGGER article_people_role_insert AFTER INSERT ON article_people
        WHEN new.role IS NOT NULL BEGIN
            INSERT INTO person_roles (person_id, role, uses, last_article)
            VALUES (new.person_id, new.role, 1, new.article_id)
            ON CONFLICT (person_id, role) DO UPDATE SET uses = uses + 1,
                last_article = max(last_article, excluded.last_article);
        END;
        CREATE TRIGGER article_people_role_delete AFTER DELETE ON article_people
        WHEN old.role IS NOT NULL BEGIN
            UPDATE person_roles SET uses = uses - 1
            WHERE person_id = old.person_id AND role = old.role;
        END;
        """
    )


def _v5_index_new_articles_in_bulk(conn: sqlite3.Connection) -> None:
    """Every row already inserted is indexed; from now on the writer indexes its new rows itself."""
    conn.executescript("DROP TRIGGER articles_fts_insert;")


def _v6_full_text(conn: sqlite3.Connection) -> None:
    """Full-text columns; the feed's new text for a story resets what its page gave.

    The columns go in through sqlite-utils' ``add_column`` (imported here, not at start-up: it
    imports numpy whenever numpy is installed, and only a new or upgraded archive runs a step)."""
    import sqlite_utils

    db = sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
    db.table("feeds").add_column("full_text", str)  # auto | always | never; NULL: the default
    articles = db.table("articles")
    articles.add_column("teaser", str)  # the feed's own text once body is the page's
    articles.add_column("full_text_status", str)  # fetched | teaser | failed | skipped; NULL: to do
    articles.add_column("full_text_error", str)
    articles.add_column("full_text_fetched", str)
    conn.executescript(
        """
        UPDATE articles SET full_text_status = 'skipped', full_text_error = 'stored before full text existed';
        CREATE INDEX articles_full_text_todo ON articles (id) WHERE full_text_status IS NULL;
        CREATE TRIGGER articles_full_text_reset AFTER UPDATE OF content_hash ON articles
        WHEN old.content_hash IS NOT new.content_hash BEGIN
            UPDATE articles SET teaser = NULL, full_text_status = NULL, full_text_error = NULL,
                full_text_fetched = NULL WHERE id = new.id;
        END;
        """
    )


STEPS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _v1_feeds_articles_fts,
    _v2_analysis,
    _v3_person_counters,
    _v4_person_roles,
    _v5_index_new_articles_in_bulk,
    _v6_full_text,
)
SCHEMA_VERSION = len(STEPS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Apply the missing steps up to ``target``, each in its own transaction.

    The connection must be in autocommit mode (``isolation_level=None``).
    ``BEGIN IMMEDIATE`` and a re-read of the version inside the transaction
    make two processes opening a fresh file at once safe. Returns the version.
    """
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = schema_version(conn)
            if version > SCHEMA_VERSION:
                raise SchemaTooNew(
                    f"database schema version {version} is newer than this briefing understands ({SCHEMA_VERSION})"
                )
            if version >= target:
                conn.execute("COMMIT")
                return version
            _run_step(conn, STEPS[version])
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def _run_step(conn: sqlite3.Connection, step: Callable[[sqlite3.Connection], None]) -> None:
    """executescript() would COMMIT first; run the step's statements inside our transaction."""

    def in_transaction(script: str) -> None:
        for statement in _split_statements(script):
            conn.execute(statement)

    step(_ScriptConnection(conn, in_transaction))  # type: ignore[arg-type]


class _ScriptConnection:
    """A connection whose executescript() stays inside the open transaction."""

    def __init__(self, conn: sqlite3.Connection, run_script: Callable[[str], None]) -> None:
        self._conn = conn
        self.executescript = run_script

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def _split_statements(script: str) -> list[str]:
    """Split SQL into complete statements (trigger bodies included) with sqlite3.complete_statement."""
    statements: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        stripped = line.split("--", 1)[0] if "'" not in line else line
        current += stripped
        if sqlite3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements
