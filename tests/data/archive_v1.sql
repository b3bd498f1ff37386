-- A briefing archive as schema version 1 wrote it (frozen: never edit to match newer code).
-- tests/unit/test_migrations.py builds a database from this and opens it with today's Store.
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

INSERT INTO feeds (id, url, title, user_title, link, etag, last_modified, last_fetched, last_status,
                   failures, next_due, added, tags)
VALUES (1, 'https://harbour-gazette.example/rss', 'Harbour Gazette', NULL, 'https://harbour-gazette.example/',
        '"v1-etag"', 'Tue, 17 Nov 2026 08:00:00 GMT', '2026-11-17T08:05:00Z', 200,
        0, '2026-11-17T08:35:00Z', '2026-11-01T10:00:00Z', '["local"]'),
       (2, 'https://valley-courier.example/atom', 'Valley Courier', 'Courier', NULL, NULL, NULL,
        '2026-11-17T08:05:00Z', 500, 2, '2026-11-17T09:05:00Z', '2026-11-02T10:00:00Z', '[]');

INSERT INTO articles (id, feed_id, guid, link, title, author, published, updated, fetched, body, read,
                      starred, content_hash)
VALUES (1, 1, 'hg-101', 'https://harbour-gazette.example/101', 'Ferry timetable rewritten for winter',
        'Ines Marlow', '2026-11-15T07:30:00Z', NULL, '2026-11-15T08:00:00Z',
        'The harbour authority published a winter timetable that drops the late crossing.', 1, 0, 'h101'),
       (2, 1, 'hg-102', 'https://harbour-gazette.example/102', 'Lighthouse keepers return to Cape Dorran',
        NULL, '2026-11-16T12:00:00Z', NULL, '2026-11-16T12:10:00Z',
        'Two keepers will staff the lighthouse again after a decade of automation.', 0, 1, 'h102'),
       (3, 2, 'vc-7', 'https://valley-courier.example/7', 'Orchard growers count a late frost',
        'Tomas Reyl', '2026-11-16T12:00:00Z', '2026-11-16T13:00:00Z', '2026-11-16T13:05:00Z',
        'Growers in the upper valley said the frost took a third of the pear blossom.', 0, 0, 'h7');

INSERT INTO ui_state (key, value) VALUES ('theme', '"textual-dark"'), ('panels', '{"people": true}');

PRAGMA user_version = 1;
