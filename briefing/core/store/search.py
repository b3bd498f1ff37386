"""Full-text search: the query language's plan, BM25 over a window of the newest matches, snippets."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from briefing.core import query as query_language
from briefing.core.models import HIT_END, HIT_START, SearchHit
from briefing.core.store.base import StoreBase
from briefing.core.store.errors import is_query_error, translate
from briefing.core.store.rows import FEED_NAME, from_text, to_text

SNIPPET_TOKENS = 14
PLAIN_SNIPPET_CHARS = 180
MIN_TYPING_PREFIX = 3  # the word being typed matches as a prefix from this length (FTS prefix='3')
RANK_WINDOW = 500  # a query matching more stories than this ranks the newest this many
QUOTE_SEPARATOR = " ┃ "  # between quotes in a quote: search hit's snippet
_FTS_JOINS = "JOIN articles a ON a.id = articles_fts.rowid JOIN feeds f ON f.id = a.feed_id "


def fts_string(text: str) -> str:
    """``text`` as an FTS5 string token: never an operator, never a syntax error."""
    return '"' + text.replace('"', '""') + '"'


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class SearchMixin(StoreBase):
    """The search box: ``core.query`` text to FTS5, never an error for what the user typed."""

    def search(self, query: str, limit: int = 50, offset: int = 0, order: str = "rank") -> list[SearchHit]:
        """Hits for the user's query, ``limit`` of them after the first ``offset``. Never raises on
        what the user typed. ``order``: "rank" (relevance) or "date" (newest first).

        BM25 costs microseconds per matching story, so a very common query would cost
        hundreds of ms on a large archive. Ranking therefore runs over the newest
        ``RANK_WINDOW`` matches (found cheaply by walking the index in rowid order, with the
        filters applied), then the older matches follow newest first; rarer queries rank every match."""
        plan = self._search_plan(query)
        if plan is None or limit <= 0:
            return []
        parsed, match, where, params = plan
        offset = max(0, int(offset))
        by_date = order == "date"
        try:
            if match is None:
                rows = self._search_filters_only(where, params, limit, offset)
            else:
                rows = self._search_text(parsed, match, where, params, limit, offset, by_date)
        except sqlite3.DatabaseError as error:  # a damaged index is not "no results"
            if isinstance(error, sqlite3.OperationalError) and is_query_error(error):
                return []
            raise translate(error, self.path) from None
        quotes_only = bool(parsed.quotes) and not (parsed.words or parsed.phrases)
        return [
            SearchHit(
                id=row[0],
                title=row[1],
                link=row[2],
                feed=row[3],
                published=from_text(row[4]),  # type: ignore[arg-type]
                snippet=_snippet_text(row[5], quotes_only),
                rank=float(row[6] or 0.0),
                read=bool(row[7]),
                starred=bool(row[8]),
            )
            for row in rows
        ]

    def count_hits(self, query: str) -> int:
        """How many stories ``search(query)`` can list in all (the total behind its pages)."""
        plan = self._search_plan(query)
        if plan is None:
            return 0
        parsed, match, where, params = plan
        try:
            if match is None:
                sql = "SELECT COUNT(*) FROM articles a JOIN feeds f ON f.id = a.feed_id " + (
                    f"WHERE {' AND '.join(where)}" if where else ""
                )
                return int(self.conn.execute(sql, params).fetchone()[0])
            found = self._text_conditions(parsed, match, where, params)
            if found is None:
                return 0
            conditions, all_params, _, _ = found
            sql = f"SELECT COUNT(*) FROM articles_fts {_FTS_JOINS}WHERE {conditions}"
            return int(self.conn.execute(sql, all_params).fetchone()[0])
        except sqlite3.DatabaseError as error:
            if isinstance(error, sqlite3.OperationalError) and is_query_error(error):
                return 0
            raise translate(error, self.path) from None

    def _search_plan(self, query: str) -> tuple[query_language.SearchQuery, str | None, list[str], list[Any]] | None:
        """The parsed query, its MATCH text and the row filters; None when nothing can match."""
        parsed = query_language.parse(query)
        if parsed.is_empty:
            return None
        match = _fts_expression(parsed)
        if match is None and (parsed.has_text or parsed.people):
            return None  # text was asked for but none of it is searchable
        where: list[str] = []
        params: list[Any] = []
        if parsed.feeds:
            feed_terms = []
            for name in parsed.feeds:
                feed_terms.append(
                    "(title LIKE ? ESCAPE '\\' OR user_title LIKE ? ESCAPE '\\' OR url LIKE ? ESCAPE '\\')"
                )
                params += [_like_pattern(name)] * 3
            where.append(f"a.feed_id IN (SELECT id FROM feeds WHERE {' OR '.join(feed_terms)})")
        for tag in parsed.tags:  # each tag: the story's feed carries it (any case)
            where.append(
                "a.feed_id IN (SELECT feeds.id FROM feeds, json_each(feeds.tags) "
                "WHERE json_each.value = ? COLLATE NOCASE)"
            )
            params.append(tag)
        if parsed.since is not None:
            where.append("a.published >= ?")
            params.append(to_text(parsed.since))
        if parsed.unread:
            where.append("a.read = 0")
        if parsed.read:
            where.append("a.read = 1")
        if parsed.starred:
            where.append("a.starred = 1")
        return parsed, match, where, params

    def _search_filters_only(
        self, where: list[str], params: list[Any], limit: int, offset: int = 0
    ) -> list[tuple[Any, ...]]:
        sql = (
            f"SELECT a.id, a.title, a.link, {FEED_NAME}, a.published, "
            f"substr(a.body, 1, {PLAIN_SNIPPET_CHARS}), 0.0, a.read, a.starred "
            "FROM articles a JOIN feeds f ON f.id = a.feed_id "
            + (f"WHERE {' AND '.join(where)} " if where else "")
            + "ORDER BY a.published DESC, a.id DESC LIMIT ? OFFSET ?"
        )
        return self.conn.execute(sql, [*params, limit, offset]).fetchall()

    def _text_conditions(
        self, parsed: query_language.SearchQuery, match: str, where: list[str], params: list[Any]
    ) -> tuple[str, list[Any], bool, Any] | None:
        """The WHERE text and parameters of a text query (None: the filters leave no story),
        whether the word being typed stays a prefix, and the RANK_WINDOW-th newest match's row
        (None when fewer match)."""
        conn = self.conn
        fts_where = ["articles_fts MATCH ?"]
        fts_params: list[Any] = [match]
        # Narrow the index walk by rowid where a filter allows it (rowids grow with time).
        bounds = self._rowid_bounds(parsed)
        if bounds is None:
            return None
        low, high = bounds
        if low is not None:
            fts_where.append("articles_fts.rowid >= ?")
            fts_params.append(low)
        if high is not None:
            fts_where.append("articles_fts.rowid <= ?")
            fts_params.append(high)
        conditions = " AND ".join([*fts_where, *where])
        boundary_sql = (
            f"SELECT articles_fts.rowid FROM articles_fts {_FTS_JOINS}WHERE {conditions} "
            "ORDER BY articles_fts.rowid DESC LIMIT 1 OFFSET ?"
        )
        boundary = None
        typing_prefix = True
        if parsed.typing and len(parsed.words[-1]) > 3:
            # Expanding a long prefix merges every matching term's list, which is costly;
            # when the word as typed is already a common word, search for it as it is.
            whole_word = _fts_expression(parsed, typing_prefix=False)
            boundary = conn.execute(boundary_sql, [whole_word, *fts_params[1:], *params, RANK_WINDOW - 1]).fetchone()
            if boundary is not None:
                fts_params[0] = whole_word
                typing_prefix = False
        if boundary is None:
            boundary = conn.execute(boundary_sql, [*fts_params, *params, RANK_WINDOW - 1]).fetchone()
        return conditions, [*fts_params, *params], typing_prefix, boundary

    def _search_text(
        self,
        parsed: query_language.SearchQuery,
        match: str,
        where: list[str],
        params: list[Any],
        limit: int,
        offset: int = 0,
        by_date: bool = False,
    ) -> list[tuple[Any, ...]]:
        conn = self.conn
        found = self._text_conditions(parsed, match, where, params)
        if found is None:
            return []  # the filters leave no story at all
        conditions, all_params, typing_prefix, boundary = found
        joins = _FTS_JOINS
        if parsed.quotes and not (parsed.words or parsed.phrases):
            # quote: alone: the quotes themselves (one per line; the hit keeps them apart)
            snippet = f"snippet(articles_fts, 5, '{HIT_START}', '{HIT_END}', '…', {SNIPPET_TOKENS * 2})"
        elif parsed.has_text:
            # The body reads best; FTS5's own choice (-1) can pick the bare list of people's names.
            body = f"snippet(articles_fts, 2, '{HIT_START}', '{HIT_END}', '…', {SNIPPET_TOKENS})"
            best = f"snippet(articles_fts, -1, '{HIT_START}', '{HIT_END}', '…', {SNIPPET_TOKENS})"
            snippet = f"CASE WHEN instr({body}, '{HIT_START}') > 0 THEN {body} ELSE {best} END"
        else:  # people only: a list of their stories, newest first
            snippet = f"substr(a.body, 1, {PLAIN_SNIPPET_CHARS})"
        select = f"SELECT a.id, a.title, a.link, {FEED_NAME}, a.published, {snippet}"
        flags = "a.read, a.starred"
        if boundary is None or by_date:  # a rare enough query (or newest first asked): every match
            order = "articles_fts.rank" if parsed.has_text and not by_date else "a.published DESC, a.id DESC"
            sql = (
                f"{select}, articles_fts.rank, {flags} FROM articles_fts {joins}"
                f"WHERE {conditions} ORDER BY {order} LIMIT ? OFFSET ?"
            )
            return conn.execute(sql, [*all_params, limit, offset]).fetchall()
        # A very common query. BM25 would first count every match of every phrase (its IDF),
        # which alone costs tens of ms here; instead: the newest RANK_WINDOW matches, those
        # with the words in the title first, each group newest first; then the older ones.
        wanted = offset + limit
        window = conditions + " AND articles_fts.rowid >= ?"
        window_params = [*all_params, boundary[0]]
        newest_first = "ORDER BY articles_fts.rowid DESC LIMIT ?"
        title_ids: list[int] = []
        title_match = _fts_expression(parsed, typing_prefix=typing_prefix, title_only=True)
        if title_match is not None:
            title_ids = [
                row[0]
                for row in conn.execute(
                    f"SELECT articles_fts.rowid FROM articles_fts {joins}WHERE {window} {newest_first}",
                    [title_match, *window_params[1:], wanted],
                )
            ]
        ids_json = json.dumps(title_ids)
        # unary + keeps this a row filter: pushed into FTS5 it would re-run the MATCH per id
        in_title = "+articles_fts.rowid IN (SELECT value FROM json_each(?))"
        rows = []
        if title_ids:
            rows = conn.execute(
                f"{select}, -1.0, {flags} FROM articles_fts {joins}WHERE {window} AND {in_title} {newest_first}",
                [*window_params, ids_json, wanted],
            ).fetchall()
        if len(rows) < wanted:
            rows += conn.execute(
                f"{select}, 0.0, {flags} FROM articles_fts {joins}WHERE {window} AND NOT {in_title} {newest_first}",
                [*window_params, ids_json, wanted - len(rows)],
            ).fetchall()
        if len(rows) < wanted:  # past the window: the older matches, newest first
            rows += conn.execute(
                f"{select}, 0.0, {flags} FROM articles_fts {joins}"
                f"WHERE {conditions} AND articles_fts.rowid < ? {newest_first}",
                [*all_params, boundary[0], wanted - len(rows)],
            ).fetchall()
        return rows[offset:]

    def _rowid_bounds(self, parsed: query_language.SearchQuery) -> tuple[int | None, int | None] | None:
        """The id range that can hold stories passing ``since:`` and ``feed:`` (an end of None:
        open), or None when no story passes them."""
        low: int | None = None
        high: int | None = None
        conn = self.conn
        if parsed.since is not None:
            row = conn.execute(
                "SELECT MIN(id), MAX(id) FROM articles WHERE published >= ?", (to_text(parsed.since),)
            ).fetchone()
            if row[0] is None:
                return None
            low, high = row
        if parsed.feeds:
            terms = " OR ".join(
                "(title LIKE ? ESCAPE '\\' OR user_title LIKE ? ESCAPE '\\' OR url LIKE ? ESCAPE '\\')"
                for _ in parsed.feeds
            )
            feed_params = [_like_pattern(name) for name in parsed.feeds for _ in range(3)]
            matched = conn.execute(f"SELECT id, total_count FROM feeds WHERE {terms}", feed_params).fetchall()
            stories = sum(count for _, count in matched)
            if stories == 0:
                return None
            everything = conn.execute("SELECT COALESCE(SUM(total_count), 0) FROM feeds").fetchone()[0]
            if stories * 4 > everything:  # not selective: finding the range costs more than it saves
                return low, high
            row = conn.execute(
                "SELECT MIN(id), MAX(id) FROM articles WHERE feed_id IN (SELECT value FROM json_each(?))",
                (json.dumps([feed_id for feed_id, _ in matched]),),
            ).fetchone()
            if row[0] is None:
                return None
            low = row[0] if low is None else max(low, row[0])
            high = row[1] if high is None else min(high, row[1])
            if low > high:
                return None
        return low, high


def _fts_expression(
    parsed: query_language.SearchQuery, typing_prefix: bool = True, title_only: bool = False
) -> str | None:
    """The FTS5 MATCH text for the query's words, phrases, people and quotes (None: nothing).

    Every piece of user text goes in as a quoted string, so nothing the user types is ever
    read as an operator. ``typing_prefix=False`` matches the word being typed as a whole word;
    ``title_only`` asks for the words and phrases in the title."""
    positive: list[str] = []
    last = len(parsed.words) - 1
    for index, (word, is_prefix) in enumerate(zip(parsed.words, parsed.prefix, strict=True)):
        token = fts_string(word)
        typed = index == last and parsed.typing
        if typed and not typing_prefix:
            is_prefix = False
        # a one- or two-letter prefix would expand to half the vocabulary: only on request (ab*)
        if is_prefix and len(word) >= (MIN_TYPING_PREFIX if typed else 2):
            token += " *"
        positive.append(token)
    positive += [fts_string(phrase) for phrase in parsed.phrases]
    if title_only:
        if not positive:
            return None
        positive = ["title : (" + " AND ".join(positive) + ")"]
    positive += ["people : " + fts_string(name) for name in parsed.people]
    positive += ["quotes : " + fts_string(text) for text in parsed.quotes]
    if not positive:
        return None
    expression = " AND ".join(positive)
    if parsed.excluded:
        expression = f"({expression}) NOT (" + " OR ".join(fts_string(x) for x in parsed.excluded) + ")"
    return expression


def _snippet_text(snippet: str | None, quotes: bool) -> str:
    """A snippet on one line; quotes (one per line in the index) stay apart by a separator."""
    if not quotes:
        return " ".join((snippet or "").split())
    lines = (" ".join(line.split()) for line in (snippet or "").splitlines())
    return QUOTE_SEPARATOR.join(line for line in lines if line)
