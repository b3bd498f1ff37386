"""Stored analysis: summaries, people and quotes of articles, and the people across the archive."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from briefing.core.models import Analysis, Person, PersonSummary, Quote, QuoteInStory
from briefing.core.store.base import StoreBase
from briefing.core.store.errors import StoreError
from briefing.core.store.rows import FEED_NAME, from_text, person_key


@dataclass(frozen=True, slots=True)
class AnalysisRows:
    """An analysis as the store writes it: people merged by key (in order) and the three text
    columns the search index holds (summary, people, quotes)."""

    analysis: Analysis
    people: dict[str, Person]
    order: list[str]
    texts: tuple[str | None, str | None, str | None]

    @classmethod
    def of(cls, analysis: Analysis) -> AnalysisRows:
        people: dict[str, Person] = {}
        order: list[str] = []
        for person in analysis.people:
            key = person_key(person.name)
            if not key:
                continue
            if key in people:
                earlier = people[key]
                people[key] = Person(
                    earlier.name,
                    earlier.role or person.role,
                    earlier.mentions + person.mentions,
                    tuple(dict.fromkeys(earlier.aliases + person.aliases)),
                )
            else:
                people[key] = person
                order.append(key)
        summary = "\n".join(" ".join(sentence.split()) for sentence in analysis.summary)
        people_text = "\n".join(" ".join(dict.fromkeys([people[k].name, *people[k].aliases])) for k in order)
        quotes_text = "\n".join(" ".join(q.text.split()) for q in analysis.quotes)
        return cls(analysis, people, order, (summary or None, people_text or None, quotes_text or None))


class AnalysisMixin(StoreBase):
    """The analysis of stored articles, and the people and quotes across the archive."""

    def articles_to_analyse(self, limit: int = 100, *, ids: Sequence[int] | None = None) -> list[tuple[int, str, str]]:
        """(id, title, body) of stories without analysis, oldest stored first (only ``ids`` if given)."""
        if ids is not None:
            sql = (
                "SELECT id, title, body FROM articles WHERE analysed = 0 "
                "AND id IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT ?"
            )
            params: tuple[Any, ...] = (json.dumps([int(i) for i in ids]), max(0, int(limit)))
        else:
            sql, params = (
                "SELECT id, title, body FROM articles WHERE analysed = 0 ORDER BY id LIMIT ?",
                (max(0, int(limit)),),
            )
        return [(row[0], row[1], row[2]) for row in self._rows(sql, params)]

    def count_unanalysed(self) -> int:
        return int(self._rows("SELECT COUNT(*) FROM articles WHERE analysed = 0")[0][0])

    def save_analysis(self, article_id: int, analysis: Analysis) -> None:
        """Store an article's summary, people and quotes (replacing any earlier ones),
        merge its people into the canonical persons, and index the text for search."""
        with self._write() as conn:
            self._save_analysis(conn, article_id, analysis)

    def save_analyses(self, results: Iterable[tuple[int, Analysis]]) -> int:
        """Many ``save_analysis`` in ONE transaction (a backlog goes much faster this way).
        Articles deleted meanwhile are skipped. Returns how many were saved."""
        saved = 0
        with self._write() as conn:
            for article_id, analysis in results:
                try:
                    self._save_analysis(conn, article_id, analysis)
                except StoreError:
                    continue
                saved += 1
        return saved

    def _save_analysis(self, conn: sqlite3.Connection, article_id: int, analysis: Analysis) -> None:
        rows = AnalysisRows.of(analysis)
        if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
            raise StoreError(f"no article with id {article_id}")
        conn.execute("DELETE FROM article_people WHERE article_id = ?", (article_id,))
        conn.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
        write_analysis_rows(conn, article_id, rows)
        conn.execute(
            "UPDATE articles SET summary = ?, people = ?, quotes = ?, analysed = 1 WHERE id = ?",
            (*rows.texts, article_id),
        )

    def get_analysis(self, article_id: int) -> Analysis | None:
        """The stored analysis, or None when the article has not been analysed (yet)."""
        rows = self._rows("SELECT analysed, summary FROM articles WHERE id = ?", (article_id,))
        if not rows or not rows[0][0]:
            return None
        summary = tuple(line for line in (rows[0][1] or "").split("\n") if line)
        people = tuple(
            Person(name=name, role=role, mentions=mentions, aliases=tuple(json.loads(aliases)))
            for name, role, mentions, aliases in self._rows(
                "SELECT name, role, mentions, aliases FROM article_people WHERE article_id = ? ORDER BY position",
                (article_id,),
            )
        )
        quotes = tuple(
            Quote(text=text, speaker=speaker, speaker_kind=kind, start=start, end=end)
            for text, speaker, kind, start, end in self._rows(
                'SELECT text, speaker, speaker_kind, start, "end" FROM quotes WHERE article_id = ? ORDER BY position',
                (article_id,),
            )
        )
        return Analysis(summary=summary, people=people, quotes=quotes)

    def people(self, limit: int | None = None) -> list[PersonSummary]:
        """People across the archive, most stories first, with their quote counts."""
        sql = (
            "SELECT id, name, role, stories, quotes FROM persons WHERE stories > 0 "
            "ORDER BY stories DESC, name COLLATE NOCASE"
        )
        params: list[Any] = []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [PersonSummary(*row) for row in self._rows(sql, params)]

    def quotes_by(self, name: str) -> list[QuoteInStory]:
        """What a person (or an organisation, by its speaker name) said, newest story first."""
        person_ids = resolve_person(self, name)
        rows = self._rows(
            f"SELECT q.text, q.speaker, a.id, a.title, {FEED_NAME}, a.published FROM quotes q "
            "JOIN articles a ON a.id = q.article_id JOIN feeds f ON f.id = a.feed_id "
            "WHERE q.person_id IN (SELECT value FROM json_each(?)) "
            "OR (q.speaker = ? COLLATE NOCASE) "
            "ORDER BY a.published DESC, a.id DESC, q.position",
            (json.dumps(person_ids), " ".join(name.split())),
        )
        return [
            QuoteInStory(
                text=row[0],
                speaker=row[1],
                article_id=row[2],
                title=row[3],
                feed=row[4],
                published=from_text(row[5]),  # type: ignore[arg-type]
            )
            for row in rows
        ]


def write_analysis_rows(conn: sqlite3.Connection, article_id: int, rows: AnalysisRows) -> None:
    """An article's people and quotes rows (the article's own columns are the caller's)."""
    people, order, analysis = rows.people, rows.order, rows.analysis
    person_ids: dict[str, int] = {}
    for key in order:
        person = people[key]
        conn.execute(
            "INSERT INTO persons (key, name, surname, role) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO NOTHING",
            (key, person.name, key.rsplit(" ", 1)[-1], person.role),
        )
        person_ids[key] = conn.execute("SELECT id FROM persons WHERE key = ?", (key,)).fetchone()[0]
    conn.executemany(
        "INSERT INTO article_people (article_id, person_id, position, name, role, mentions, "
        "aliases) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                article_id,
                person_ids[key],
                position,
                people[key].name,
                people[key].role,
                people[key].mentions,
                json.dumps(list(people[key].aliases), ensure_ascii=False),
            )
            for position, key in enumerate(order)
        ],
    )
    quote_rows = []
    for position, quote in enumerate(analysis.quotes):
        speaker_id = None
        if quote.speaker and quote.speaker_kind != "organisation":
            speaker_id = person_ids.get(person_key(quote.speaker))
            if speaker_id is None:
                row = conn.execute("SELECT id FROM persons WHERE key = ?", (person_key(quote.speaker),)).fetchone()
                speaker_id = row[0] if row else None
        quote_rows.append(
            (
                article_id,
                position,
                quote.text,
                quote.speaker,
                quote.speaker_kind,
                quote.start,
                quote.end,
                speaker_id,
            )
        )
    conn.executemany(
        'INSERT INTO quotes (article_id, position, text, speaker, speaker_kind, start, "end", '
        "person_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        quote_rows,
    )
    if person_ids:
        conn.execute(
            "UPDATE persons SET role = (SELECT r.role FROM person_roles r "
            "WHERE r.person_id = persons.id AND r.uses > 0 "
            "ORDER BY r.uses DESC, r.last_article DESC LIMIT 1) "
            "WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(person_ids.values())),),
        )


def resolve_person(store: StoreBase, name: str) -> list[int]:
    """Person ids for a name: the canonical name (any case, accents), else a unique surname."""
    key = person_key(name)
    if not key:
        return []
    rows = store._rows("SELECT id FROM persons WHERE key = ?", (key,))
    if rows:
        return [rows[0][0]]
    rows = store._rows(
        "SELECT id FROM persons WHERE surname = ? AND stories > 0 LIMIT 2",
        (key,),
    )
    return [rows[0][0]] if len(rows) == 1 else []
