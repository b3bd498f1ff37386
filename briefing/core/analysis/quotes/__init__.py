"""Quotations in news text and who said them.

Two passes. ``find_quote_spans`` pairs quotation marks paragraph by paragraph (a quote left open at a
paragraph end is closed there and may be reopened by the next paragraph) and drops scare quotes and
titles of works. ``extract_quotes`` then attributes every quote by ordered rules, nearest evidence
first: the attribution right after the quote (`"Q," said X` / `"Q," X said`), the speech verb before it
in the same sentence (`X said: "Q"`, `X said he was "angry"`), `according to X`, then the quote's
neighbours (`"Q1," he said. "Q2."`, a paragraph that is only a quote, a quote running over paragraphs).
A speaker mention is resolved to a canonical name through the people found in the article; pronouns
and role nouns go to the right earlier person; organisations are kept and marked; anything unknown
stays None.
"""

from __future__ import annotations

import re
from typing import Any

from briefing.core.analysis.quotes.marks import (
    QuoteSpan,
    find_quote_spans,
    mask_markup,
    speech_spans,
    speech_verbs,
)
from briefing.core.analysis.quotes.speakers import Speaker
from briefing.core.models import Quote

__all__ = ["extract_quotes", "explain", "find_quote_spans", "speech_verbs", "QuoteSpan"]

from briefing.core.analysis.quotes.attribution import Attributor
from briefing.core.analysis.quotes.rules import attribute_all


def extract_quotes(text: str, people: Any) -> list[Quote]:
    """Quotes in ``text`` with their speakers, resolved against ``people`` (a people.PeopleResult)."""
    return [quote for quote, _ in explain(text, people)]


def rule_attributions(text: str, people: Any) -> tuple[list[QuoteSpan], list[Speaker | None], Attributor | None]:
    """The quotes of ``text`` (already masked) and the speaker each rule pass gave them, before ranking."""
    spans = speech_spans(text)
    if not spans:
        return spans, [], None
    attributor = Attributor(text, people, spans)
    found = attribute_all(attributor)
    return spans, found, attributor


def _ranked(
    text: str, spans: list[QuoteSpan], found: list[Speaker | None], attributor: Attributor
) -> list[Speaker | None]:
    """The ranker's choice over the candidates around each quote (the rules' pick is one feature):
    below the model's confidence threshold the speaker is None ('unsure')."""
    from briefing.core.analysis.speaker_ranker import load_model, rank

    model = load_model()
    if model is None:
        return found
    out: list[Speaker | None] = []
    for rule, choice in zip(found, rank(text, attributor, spans, found, model)):
        if choice.name is None:
            out.append(Speaker(None, None, "unsure"))
        elif rule is not None and rule.name == choice.name:
            out.append(rule)
        else:
            out.append(Speaker(choice.name, choice.kind, "ranker"))  # type: ignore[arg-type]
    return out


def explain(text: str, people: Any, *, ranker: bool = True, by: str = "rule") -> list[tuple[Quote, str]]:
    """Each quote with the name of the rule that attributed it ('-' when none did; 'unsure' when the
    ranker found no candidate probable enough, 'ranker' when it chose another candidate than the rules).

    ``ranker=False`` keeps the rules' own choice (the baseline the ranker is measured against).
    ``by="table"`` names the entry of ``rules.RULES`` / ``rules.NEIGHBOUR_RULES`` that decided instead of
    the finer label the speaker resolution gave ('name', 'pronoun', 'role', ...)."""
    original, text = text, mask_markup(text)
    spans, found, attributor = rule_attributions(text, people)
    answers = _interview_answers(text, people, spans)
    if not spans or attributor is None:
        return [
            (
                Quote(text=original[a:b], speaker=name, speaker_kind="person" if name else None, start=a, end=b),
                "interview",
            )
            for a, b, name in answers
        ]
    if ranker:
        found = _ranked(text, spans, found, attributor)
    out = []
    for q, speaker in zip(spans, found):
        name = speaker.name if speaker else None
        kind = speaker.kind if speaker and name else None
        quote = Quote(text=original[q.start : q.end], speaker=name, speaker_kind=kind, start=q.start, end=q.end)
        label = ((speaker.via or speaker.rule) if by == "table" else speaker.rule) if speaker else "-"
        out.append((quote, label))
    if answers:
        out.extend(
            (
                Quote(text=original[a:b], speaker=name, speaker_kind="person" if name else None, start=a, end=b),
                "interview",
            )
            for a, b, name in answers
        )
        out.sort(key=lambda pair: pair[0].start)
    return out


_QUESTION_RE = re.compile(r"^[ \t]*(?:Q|Question)[:.][ \t]", re.MULTILINE)
_ANSWER_RE = re.compile(r"^[ \t]*([A-Z][\w’'.-]*(?:[ \t][A-Z][\w’'.-]*){0,3}|A):[ \t]+(\S[^\n]*)", re.MULTILINE)


def _interview_answers(text: str, people: Any, spans: list[QuoteSpan]) -> list[tuple[int, int, str]]:
    """A Q&A interview's answers ("Q: ... ¶ Donnelly: Because ..."): the interviewee's words, unmarked.

    Only in a text with question lines; an answer is a paragraph opened by a person's name (or "A")
    and a colon, with no quotation marks of its own."""
    if "Q" not in text or not _QUESTION_RE.search(text):  # every question line holds a "Q"
        return []
    resolve = getattr(people, "resolve", None)
    out: list[tuple[int, int, str]] = []
    last_name: str | None = None
    for m in _ANSWER_RE.finditer(text):
        label = m.group(1)
        name = last_name if label == "A" else (resolve(label) if resolve else None)
        if name is None:
            continue  # an answer nobody in the story is named for: its speaker is unknown
        start, end = m.start(2), m.end(2)
        while end > start and text[end - 1] in " \t":
            end -= 1
        if any(q.start < end and q.end > start for q in spans):
            continue
        out.append((start, end, name))
        last_name = name
    return out
