"""A calibrated speaker ranker: which of the people around a quote said it, or nobody we can be sure of.

The attribution rules in ``quotes`` each propose one speaker. The ranker looks at every candidate
near the quote instead — person and organisation mentions from the previous paragraph to the next,
the rules' pick and the neighbouring quotes' speakers — and scores each with a small logistic model
over features taken from the rules (which rule picked it, distance, paragraph position, a speech verb
next to the mention, the subject of a speech verb, the previous and next quote's speaker, gender
agreement with a "he said"/"she said", salience). The best candidate is the speaker only when its
probability reaches the shipped threshold; below it the speaker is None: an unsure speaker is never
guessed, because a wrong name in the Quotes panel is read as a fact.

Weights and the threshold are numbers in ``data/speaker_ranker.json`` (trained by
``bench/train_speaker_ranker.py``; provenance in ``data/README.md``). Inference is plain Python,
deterministic, and costs a few dictionary look-ups per candidate.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from briefing.core.analysis.lexicon import word_set
from briefing.core.analysis.quotes.marks import SUBJECT_PRONOUNS, WORD_RE, QuoteSpan, sentence_end, sentence_start

__all__ = ["Article", "Candidate", "Choice", "Model", "candidates", "load_model", "rank"]

_BEFORE_REACH = 900  # characters before the quote's paragraph to take candidates from (bounded: fast)
_AFTER_REACH = 600
_PREPOSITIONS = word_set("prepositions_speaker_ranker")
_CONJUNCTIONS = word_set("conjunctions")
_BREAK_RE = re.compile(r"\n[\s\u00a0]*")


@dataclass(slots=True)
class Candidate:
    """One possible speaker of one quote, with its features."""

    name: str
    kind: str  # "person" | "organisation"
    features: dict[str, float]


@dataclass(frozen=True, slots=True)
class Choice:
    """The ranker's decision for one quote: ``name`` None when no candidate is probable enough."""

    name: str | None
    kind: str | None
    confidence: float
    best: str | None  # the best candidate even when below the threshold (for explain and tests)


def _sigmoid(z: float) -> float:
    return 0.0 if z < -30 else 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True, slots=True)
class Model:
    """Candidate weights, and the calibration of the best candidate's score into the probability that
    it is the speaker: sigmoid(a * score + b * margin over the runner-up + c)."""

    weights: dict[str, float]
    bias: float
    threshold: float
    calibration: tuple[float, float, float] = (1.0, 0.0, 0.0)
    priors: dict[str, float] = field(default_factory=dict)

    def score(self, features: dict[str, float]) -> float:
        return self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())

    def confidence(self, best: float, runner_up: float | None) -> float:
        a, b, c = self.calibration
        margin = min(best - runner_up, 10.0) if runner_up is not None else 10.0
        return _sigmoid(a * best + b * margin + c)


@lru_cache(maxsize=1)
def load_model() -> Model | None:
    """The shipped weights, or None when the data file is absent (then the rules decide alone)."""
    try:
        raw = resources.files("briefing.core.data").joinpath("speaker_ranker.json").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return None
    data = json.loads(raw)
    a, b, c = (float(x) for x in data.get("calibration", (1.0, 0.0, 0.0)))
    priors = {str(k): float(v) for k, v in data.get("rule_priors", {}).items()}
    return Model(
        {str(k): float(v) for k, v in data["weights"].items()},
        float(data["bias"]),
        float(data["threshold"]),
        (a, b, c),
        priors,
    )


# --- features ------------------------------------------------------------------------------------


def _paragraph_index(breaks: list[int], pos: int) -> int:
    return bisect_left(breaks, pos)


def _word_before(text: str, pos: int) -> str:
    m = re.search(r"([\w’'-]+)[\s,]*$", text[max(0, pos - 30) : pos])
    return m.group(1).lower() if m else ""


def _verb_near(words: list[str], verbs: frozenset[str], n: int) -> bool:
    return any(w.rstrip(".").lower() in verbs for w in words[:n])


def _quote_pronoun(text: str, q: QuoteSpan, lo: int, hi: int, verbs: frozenset[str]) -> str | None:
    """'m' or 'f' when a he/she stands next to a speech verb in the quote's own sentence, outside it."""
    pieces = [(lo, q.open_at), ((q.close_at or q.end), hi)]
    for a, b in pieces:
        words = [w.lower() for w in WORD_RE.findall(text[a:b])]
        for i, w in enumerate(words):
            if w in ("he", "she"):
                near = words[max(0, i - 1) : i] + words[i + 1 : i + 3]
                if any(x.rstrip(".") in verbs for x in near):
                    return SUBJECT_PRONOUNS[w]
    return None


class Article:
    """What the ranker needs from one article, computed once: the facts of each mention that do not
    depend on the quote (a speech verb after it, a preposition before it, ...) are cached."""

    def __init__(
        self, text: str, finder: Any, spans: list[QuoteSpan], found: list[Any], priors: dict[str, float] | None = None
    ) -> None:
        self.text = text
        self.finder = finder
        self.spans = spans
        self.found = found
        self.priors = priors or {}
        self.breaks = paragraph_breaks(text)
        people = finder.p
        self.salience = {p.name: i for i, p in enumerate(people.persons)}
        self.counts: dict[str, int] = {}
        for m in people.mentions:
            self.counts[m.name] = self.counts.get(m.name, 0) + 1
        self.orgs = sorted((o for o in (getattr(people.source, "organisations", ()) or ())), key=lambda o: o.start)
        self.org_starts = [o.start for o in self.orgs]
        self._facts: dict[tuple[int, int], dict[str, float]] = {}
        self._gender: dict[str, str | None] = {}
        self._is_org: dict[str, bool] = {}

    def gender(self, name: str) -> str | None:
        if name not in self._gender:
            self._gender[name] = self.finder.p.gender(name)
        return self._gender[name]

    def is_org(self, name: str) -> bool:
        if name not in self._is_org:
            self._is_org[name] = bool(self.finder.p.is_organisation(name, -1, -1))
        return self._is_org[name]

    def facts(self, start: int, end: int) -> dict[str, float]:
        """Quote-independent facts of the mention text[start:end]."""
        key = (start, end)
        cached = self._facts.get(key)
        if cached is not None:
            return cached
        text, verbs = self.text, self.finder.verbs
        f: dict[str, float] = {}
        following = WORD_RE.findall(text[end : end + 80])
        preceding = _word_before(text, start)
        if _verb_near(following, verbs, 2):
            f["verb2"] = 1.0
        elif _verb_near(following, verbs, 12) and re.match(r",\s", text[end : end + 2]):
            f["verb_after_appositive"] = 1.0
        if _verb_near(following, verbs, 3):
            f["verb3"] = 1.0
        if (
            preceding.rstrip(".") in verbs
            or preceding == "to"
            and text[max(0, start - 16) : start].lower().rstrip().endswith("according to")
        ):
            f["verb_before_mention"] = 1.0
        if text[end : end + 2] in ("’s", "'s"):
            f["possessive"] = 1.0
        elif preceding in _PREPOSITIONS:
            f["object"] = 1.0
        start_of = text[sentence_start(text, max(0, start - 300), start) : start]
        if not WORD_RE.findall(start_of) or preceding in _CONJUNCTIONS:
            f["clause_start"] = 1.0
        f["para"] = float(_paragraph_index(self.breaks, start))
        self._facts[key] = f
        return f


def candidates(ctx: Article, index: int) -> list[Candidate]:
    """The candidates for quote ``index`` of the article with their features."""
    text, finder, spans, found, breaks, priors = ctx.text, ctx.finder, ctx.spans, ctx.found, ctx.breaks, ctx.priors
    q = spans[index]
    verbs = finder.verbs
    close = q.close_at or q.end
    lo = max(0, q.para_start - _BEFORE_REACH)
    hi = min(len(text), q.para_end + _AFTER_REACH)
    para = _paragraph_index(breaks, q.open_at)
    sent_lo = sentence_start(text, q.para_start, q.open_at)
    sent_hi = sentence_end(text, close, q.para_end)
    pronoun = _quote_pronoun(text, q, sent_lo, sent_hi, verbs)
    tag_after = _verb_near(WORD_RE.findall(text[close:sent_hi]), verbs, 4)
    tag_before = _verb_near(WORD_RE.findall(text[sent_lo : q.open_at])[-4:], verbs, 4)
    by_name: dict[str, Candidate] = {}
    salience, counts = ctx.salience, ctx.counts
    org_mentions = ctx.orgs[bisect_left(ctx.org_starts, lo) : bisect_left(ctx.org_starts, hi)]
    person_mentions = finder.mentions_in(lo, hi)
    agreeing: list[str] = []  # for a "he said" quote: the people of that gender before it, nearest first
    speaking: list[str] = []  # ... of them, those who were the subject of a speech verb
    if pronoun is not None:
        for m in reversed(finder.mentions_in(max(0, q.open_at - 2000), q.open_at)):
            if finder._in_quote(m.start) or ctx.gender(m.name) not in (pronoun, None):
                continue
            if m.name not in agreeing:
                agreeing.append(m.name)
            if m.name not in speaking and "verb3" in ctx.facts(m.start, m.end):
                speaking.append(m.name)

    def add(name: str, kind: str) -> Candidate:
        cand = by_name.get(name)
        if cand is None:
            cand = by_name[name] = Candidate(name, kind, {"no_mention": 1.0})
        return cand

    for kind, mentions in (("person", person_mentions), ("organisation", org_mentions)):
        for m in mentions:
            if q.open_at <= m.start < close or finder._in_quote(m.start):
                continue
            cand = add(str(m.name), kind)
            f = cand.features
            f.pop("no_mention", None)
            after = m.start >= close
            dist = m.start - close if after else q.open_at - m.end
            key = "after" if after else "before"
            d = math.log1p(max(dist, 0)) / 7.0
            if d < f.get(f"dist_{key}", 9.0):
                f[f"dist_{key}"] = d
            f["mentions_near"] = f.get("mentions_near", 0.0) + 0.25
            facts = ctx.facts(m.start, m.end)
            delta = int(facts["para"]) - para
            f[{0: "same_para", -1: "prev_para", 1: "next_para"}.get(delta, "far_para")] = 1.0
            if sent_lo <= m.start < sent_hi:
                f["same_sentence_" + key] = 1.0
            if "verb2" in facts:
                f["verb_after_mention"] = 1.0
                if delta == 0 or (delta == 1 and after):
                    f["verb_after_near"] = 1.0
            for name in ("verb_after_appositive", "verb_before_mention", "possessive", "object", "clause_start"):
                if name in facts:
                    f[name] = 1.0
    rule = found[index]
    if rule is not None and rule.name:
        cand = add(rule.name, "organisation" if rule.kind == "organisation" else "person")
        family = rule_family(rule.rule)
        cand.features["rule_pick"] = 1.0
        cand.features["rule_" + family] = 1.0
        if family in priors:  # how often this kind of rule was right in training: small families borrow it
            cand.features["rule_prior"] = priors[family]
        if tag_after or tag_before:
            cand.features["rule_pick_tagged"] = 1.0  # a speech verb stands right by the quote
        if rule.kind == "organisation":
            cand.features["rule_org"] = 1.0
    for offset, label in ((-1, "prev_quote"), (1, "next_quote")):
        j = index + offset
        if 0 <= j < len(spans) and found[j] is not None and found[j].name:
            near = abs(_paragraph_index(breaks, spans[j].open_at) - para) <= 1
            cand = add(found[j].name, "organisation" if found[j].kind == "organisation" else "person")
            cand.features[label] = 1.0
            if near:
                cand.features[label + "_near"] = 1.0
    n = len(by_name)
    words = len(WORD_RE.findall(text[q.start : q.end]))
    rule_none = rule is None or not rule.name
    for cand in by_name.values():
        f = cand.features
        f["log_candidates"] = math.log1p(n) / 3.0
        if words <= 5:
            f["partial_quote"] = 1.0
        if q.continued:
            f["continued_quote"] = 1.0
        if rule_none:
            f["rule_none"] = 1.0
        elif "rule_pick" not in f:
            f["rule_other"] = 1.0
        if cand.kind == "organisation" or ctx.is_org(cand.name):
            f["is_org"] = 1.0
        rank_ = salience.get(cand.name)
        if rank_ is not None:
            f["salience_top"] = 1.0 if rank_ == 0 else 0.0
            f["salience_rank"] = min(rank_, 10) / 10.0
        f["doc_mentions"] = math.log1p(counts.get(cand.name, 0)) / 3.0
        if pronoun is not None:
            g = ctx.gender(cand.name)
            f["pronoun_" + ("agree" if g == pronoun else "clash" if g else "unknown")] = 1.0
            if cand.name in agreeing:
                f[f"pronoun_nearest_{min(agreeing.index(cand.name) + 1, 3)}"] = 1.0
            if cand.name in speaking:
                f[f"pronoun_speaker_{min(speaking.index(cand.name) + 1, 3)}"] = 1.0
            for k in [k for k in f if not k.startswith("pronoun")]:
                f["pr:" + k] = f[k]  # a "he said" quote weighs the evidence its own way
    return list(by_name.values())


_FAMILIES = {
    "name": "name",
    "surface": "name",
    "label": "label",
    "transcript": "label",
    "interview": "label",
    "subject": "subject",
    "clause-subject": "subject",
    "previous-sentence": "previous",
    "reported-speech": "previous",
    "paragraph": "neighbour",
    "continued": "neighbour",
    "quote-only": "neighbour",
    "coordinated": "neighbour",
    "pronoun": "pronoun",
    "role": "role",
    "role-title": "role",
    "demonym": "role",
    "organisation": "organisation",
    "possessive": "possessive",
}


def rule_family(rule: str) -> str:
    return _FAMILIES.get(rule, "other")


def paragraph_breaks(text: str) -> list[int]:
    return [m.start() for m in _BREAK_RE.finditer(text)]


def rank(text: str, finder: Any, spans: list[QuoteSpan], found: list[Any], model: Model) -> list[Choice]:
    """The ranker's choice for every quote, in order."""
    ctx = Article(text, finder, spans, found, model.priors)
    out: list[Choice] = []
    for i in range(len(spans)):
        cands = candidates(ctx, i)
        best: Candidate | None = None
        best_z = second_z = None
        for cand in cands:  # ties go to the earlier candidate: deterministic
            z = model.score(cand.features)
            if best_z is None or z > best_z:
                best, best_z, second_z = cand, z, best_z
            elif second_z is None or z > second_z:
                second_z = z
        best_p = model.confidence(best_z, second_z) if best_z is not None else 0.0
        if best is None:
            out.append(Choice(None, None, 0.0, None))
        elif best_p >= model.threshold:
            out.append(Choice(best.name, best.kind, best_p, best.name))
        else:
            out.append(Choice(None, None, best_p, best.name))
    return out
