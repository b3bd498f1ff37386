"""Attribution and its order: ``RULES`` (per quote, nearest evidence first; the first rule that gives a
speaker decides) and ``NEIGHBOUR_RULES`` (passes over the article that give a quote still without a speaker
its neighbour's). ``explain(text, people, by="table")`` names the entry that decided each quote."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from briefing.core.analysis.quotes.attribution import Attributor
from briefing.core.analysis.quotes.marks import QuoteSpan, sentence_end, sentence_start, word_tokens
from briefing.core.analysis.quotes.speakers import Speaker


class Where:
    """One quote's surroundings, worked out once for the rules that need them."""

    def __init__(self, attributor: Attributor, index: int) -> None:
        self.a = attributor
        self.index = index
        self.q = attributor.spans[index]
        self._lo: int | None = None
        self._prev = -1
        self._after: tuple[Speaker | None] | None = None

    @property
    def prev(self) -> int:
        """Where the previous quote of this paragraph closed (the paragraph's start when none did)."""
        if self._prev < 0:
            q = self.q
            prev = q.para_start
            for s in reversed(self.a.spans[max(0, self.index - 4) : self.index]):
                if s.para == q.para:
                    prev = max(prev, s.close_at or s.end)
            self._prev = prev
        return self._prev

    @property
    def lo(self) -> int:
        """Where the quote's own sentence (or the stretch since the previous quote) starts."""
        if self._lo is None:
            self._lo = max(self.prev, sentence_start(self.a.text, self.q.para_start, self.q.open_at))
        return self._lo

    def after(self) -> Speaker | None:
        """The tag after the quote (or one opening the next quote after a colon), when the sentence goes on."""
        if self._after is None:
            a, q, text, lo = self.a, self.q, self.a.text, self.lo
            nxt = next((s.open_at for s in a.spans[self.index + 1 :] if s.para == q.para), q.para_end)
            after_hi = sentence_end(text, q.close_at or q.end, nxt) if q.close_at is not None else nxt
            full_end = sentence_end(text, q.close_at, q.para_end) if q.close_at is not None else q.para_end
            found: Speaker | None = None
            if text[q.end - 1 : q.end] in ".!?" and not a.attribution_only(q, full_end):
                pass  # the quote ended its sentence; what follows is a new one
            else:
                if text[q.close_at : after_hi].rstrip().endswith(":") and word_tokens(text[lo : q.open_at]):
                    found = a.before_rule(q, lo)  # '... at "Q," Brandt said: "Q2"': that tag opens Q2
                    found = found if found is not None and found.name else None
                found = found or a.after_rule(q, after_hi)
            self._after = (found,)
        return self._after[0]


Rule = Callable[[Attributor, Where], "Speaker | None"]


def transcript_rule(a: Attributor, w: Where) -> Speaker | None:
    """'CHAIR: Q' / a speaker label opening a transcript line."""
    return a.transcript_rule(w.q)


def dash_rule(a: Attributor, w: Where) -> Speaker | None:
    """'Q — Name' / an embedded post's author after a dash."""
    return a.dash_rule(w.q)


def next_label_rule(a: Attributor, w: Where) -> Speaker | None:
    """A label in the next line naming who spoke."""
    return a.next_label_rule(w.q)


def governed_before_rule(a: Attributor, w: Where) -> Speaker | None:
    """'Brandt claimed that "Q," one prosecutor said': a speech verb before the quote governs it."""
    if not a.verb_governs(w.lo, w.q.open_at):
        return None
    found = a.before_rule(w.q, w.lo)
    return found if found is not None and found.name else None


def after_tag_rule(a: Attributor, w: Where) -> Speaker | None:
    """'"Q," said X' / '"Q," X said' / '"Q," according to X': a named speaker in the tag after the quote."""
    found = w.after()
    return found if found is not None and found.name else None


def before_tag_rule(a: Attributor, w: Where) -> Speaker | None:
    """'X said: "Q"': the speech verb before the quote in its sentence; it also wins over an unresolved
    pronoun after the quote ('X said its forces had made "a strike" on sites that it said ...')."""
    after = w.after()
    if after is not None and after.rule != "pronoun-unresolved":
        return None
    before = a.before_rule(w.q, w.lo)
    return before if before is not None and (before.name or after is None) else None


def unnamed_tag_rule(a: Attributor, w: Where) -> Speaker | None:
    """A tag after the quote whose speaker stays unknown ('"Q," one official said'): it ends the search."""
    return w.after()


def colon_paragraph_rule(a: Attributor, w: Where) -> Speaker | None:
    """A paragraph that ends 'X said:' before a paragraph that is the quote."""
    return a.colon_paragraph_rule(w.q)


def previous_tag_rule(a: Attributor, w: Where) -> Speaker | None:
    """The tag of the quote before, in the same sentence run."""
    return a.previous_tag_rule(w.q, w.prev, w.lo)


def clause_subject_rule(a: Attributor, w: Where) -> Speaker | None:
    """'Cruz exhorted Republicans to "vote your conscience"': the named subject of the quote's clause."""
    return a.clause_subject_rule(w.q, w.lo)


RULES: list[tuple[str, Rule]] = [
    ("transcript", transcript_rule),
    ("dash", dash_rule),
    ("next-label", next_label_rule),
    ("governed-before", governed_before_rule),
    ("after-tag", after_tag_rule),
    ("before-tag", before_tag_rule),
    ("unnamed-tag", unnamed_tag_rule),
    ("colon-paragraph", colon_paragraph_rule),
    ("previous-tag", previous_tag_rule),
    ("clause-subject", clause_subject_rule),
]
"""The per-quote rules, nearest evidence first; the first that gives a speaker decides."""


def quote_only_paragraph(text: str, members: list[QuoteSpan]) -> bool:
    """Whether a paragraph holds nothing but its quotes (and punctuation)."""
    if not members:
        return False
    lo, hi = members[0].para_start, members[0].para_end
    rest = text[lo:hi]
    for s in reversed(members):
        rest = rest[: s.open_at - lo] + rest[(s.close_at or s.end) - lo :]
    return not any(ch.isalnum() for ch in rest)


_COORDINATION_RE = re.compile(r"\s*,?\s*(?:and|or|nor)\s+", re.I)


def share_coordinated(a: Attributor, found: list[Speaker | None]) -> None:
    """'Brandt said he was “very angry” and “upset”': partial quotes joined only by a conjunction or a
    comma belong to one clause, so they share its speaker whatever tag follows the last one."""
    text, spans = a.text, a.spans
    for i in range(1, len(spans)):
        x, y = spans[i - 1], spans[i]
        if x.close_at is None or x.para != y.para or not _COORDINATION_RE.fullmatch(text[x.close_at : y.open_at]):
            continue
        first, second = found[i - 1], found[i]
        if first is not None and first.name:
            found[i] = Speaker(first.name, first.kind, "coordinated", "coordinated")
        elif second is not None and second.name:
            found[i - 1] = Speaker(second.name, second.kind, "coordinated", "coordinated")


def same_speaker(speaker: Speaker | None, rule: str) -> Speaker | None:
    """The speaker of a neighbouring quote, credited by ``rule``."""
    return None if speaker is None else Speaker(speaker.name, speaker.kind, rule, rule)


def continued_rule(a: Attributor, found: list[Speaker | None]) -> None:
    """A quote running over paragraphs has one speaker (the attribution may come in either part)."""
    spans = a.spans
    for i, q in enumerate(spans):
        if found[i] is None and q.continued and i > 0 and found[i - 1] is not None:
            found[i] = same_speaker(found[i - 1], "continued")
    for i in range(len(spans) - 2, -1, -1):  # the attribution may come in the last paragraph
        if found[i] is None and spans[i].close_at is None and spans[i + 1].continued and found[i + 1] is not None:
            found[i] = same_speaker(found[i + 1], "continued")


def _by_para(spans: list[QuoteSpan]) -> dict[int, list[int]]:
    by_para: dict[int, list[int]] = {}
    for i, q in enumerate(spans):
        by_para.setdefault(q.para, []).append(i)
    return by_para


def paragraph_rule(a: Attributor, found: list[Speaker | None]) -> None:
    """An unattributed quote takes the speaker of the nearest attributed quote of its paragraph
    (the one before it first)."""
    by_para = _by_para(a.spans)
    sources = {i for i, f in enumerate(found) if f is not None}
    for i, q in enumerate(a.spans):
        if found[i] is not None:
            continue
        same = [j for j in by_para[q.para] if j in sources]
        earlier = [j for j in same if j < i]
        later = [j for j in same if j > i]
        pick = earlier[-1] if earlier else (later[0] if later else None)
        if pick is not None:
            found[i] = same_speaker(found[pick], "paragraph")


def quote_only_rule(a: Attributor, found: list[Speaker | None]) -> None:
    """A paragraph that is only a quote: reported speech just before it, else the previous quote's speaker."""
    by_para = _by_para(a.spans)
    for i, q in enumerate(a.spans):
        if found[i] is None and quote_only_paragraph(a.text, [a.spans[j] for j in by_para[q.para]]):
            if q.para - 1 not in by_para:  # "Ash argued in his email, the incident ... ¶ “Q”"
                reported = a.reported_speech_before(q)
                found[i] = None if reported is None else replace(reported, via="quote-only")
            if found[i] is None and i > 0 and found[i - 1] is not None:
                found[i] = same_speaker(found[i - 1], "quote-only")


NeighbourRule = Callable[[Attributor, list["Speaker | None"]], None]

NEIGHBOUR_RULES: list[tuple[str, NeighbourRule]] = [
    ("coordinated", share_coordinated),
    ("continued", continued_rule),
    ("paragraph", paragraph_rule),
    ("quote-only", quote_only_rule),
]
"""Passes over the whole article after ``RULES``, in order: a quote still without a speaker may take
a neighbour's."""


def attribute(a: Attributor, index: int) -> Speaker | None:
    """The speaker of one quote from its own sentence and tags (neighbours come later), or None:
    the first rule of ``RULES`` that gives a speaker decides (its name is kept in ``Speaker.via``)."""
    where = Where(a, index)
    for name, rule in RULES:
        found = rule(a, where)
        if found is not None:
            return replace(found, via=name)
    return None


def attribute_all(a: Attributor) -> list[Speaker | None]:
    """Every quote's speaker by ``RULES``, then ``NEIGHBOUR_RULES``."""
    found: list[Speaker | None] = [attribute(a, i) for i in range(len(a.spans))]
    for _name, rule in NEIGHBOUR_RULES:
        rule(a, found)
    return found
