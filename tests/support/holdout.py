"""Scoring of our own held-out news set (tests/data/analysis_holdout.jsonl) for tests/analysis/test_holdout.py.

The same rules as ``bench/eval_holdout.py`` (which adds timing and a command line): people by name,
roles by most of the gold role's words, quotes paired one-to-one by token F1 >= 0.8, speakers by name
(an organisation by its last word). Kept here so the tests need nothing from bench/.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "data" / "analysis_holdout.jsonl"
_ROLE_STOP = {"the", "a", "an", "of", "and", "s", "'s"}
_TOKEN = re.compile(r"\w+", re.UNICODE)


def load() -> list[dict[str, Any]]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def article_text(article: dict[str, Any]) -> str:
    """What a saved story looks like on disk: the headline, a blank line, the body."""
    return f"{article['title']}\n\n{article['text']}"


def norm_name(name: str | None) -> str:
    return " ".join((name or "").casefold().split())


def _role_words(role: str | None) -> set[str]:
    text = unicodedata.normalize("NFKC", role or "").casefold().replace("’", "'")
    return {w for w in re.findall(r"[\w.-]+", text) if w not in _ROLE_STOP}


def role_ok(pred: str | None, gold: str | None) -> bool:
    """Loose: the gold role's words mostly appear (titles are written many ways)."""
    g, p = _role_words(gold), _role_words(pred)
    if not g:
        return True
    return len(g & p) / len(g) >= 0.5


def speaker_ok(pred: str | None, gold: str | None, kind: str | None) -> bool:
    if gold is None:
        return pred is None
    if pred is None:
        return False
    if kind == "organisation":  # "the ministry said": the ministry's name in any fullness
        return gold.split()[-1].casefold() in pred.casefold()
    return norm_name(pred) == norm_name(gold)


def token_f1(a: str, b: str) -> float:
    ta = Counter(t.lower() for t in _TOKEN.findall(a))
    tb = Counter(t.lower() for t in _TOKEN.findall(b))
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p, r = common / sum(ta.values()), common / sum(tb.values())
    return 2 * p * r / (p + r)


def match(pred: list[str], gold: list[str], threshold: float = 0.8) -> dict[int, int]:
    """gold index -> predicted index, one-to-one, best-scoring pairs first."""
    pairs = sorted(
        (
            (f, -abs(gi - pi), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(pred)
            if (f := token_f1(p, g)) >= threshold
        ),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    out: dict[int, int] = {}
    for _, _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out[gi] = pi
    return out


def _f1(t: int, p: int, n: int) -> tuple[float, float, float]:
    precision = t / (t + p) if t + p else 0.0
    recall = t / (t + n) if t + n else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def evaluate() -> dict[str, Any]:
    """The set's figures: people P/R/F1, role accuracy, quote P/R/F1, speaker accuracy and wrong rate,
    summaries that repeat the headline or keep a dateline."""
    from briefing.core.analysis import analyse

    tp = fp = fn = q_tp = q_fp = q_fn = 0
    speakers_right = speakers_total = speakers_wrong = roles_right = roles_total = 0
    headline_repeats = datelines = 0
    articles = load()
    for art in articles:
        result = analyse(article_text(art))
        gold_people = {norm_name(p["name"]): p for p in art["people"]}
        pred_people = {norm_name(p.name): p for p in result.people}
        for key, person in pred_people.items():
            if key not in gold_people:
                fp += 1
                continue
            tp += 1
            if gold_people[key]["role"]:
                roles_total += 1
                roles_right += role_ok(person.role, gold_people[key]["role"])
        fn += len(set(gold_people) - set(pred_people))

        gold_quotes, pred_quotes = art["quotes"], list(result.quotes)
        pairs = match([q.text for q in pred_quotes], [q["text"] for q in gold_quotes])
        q_tp += len(pairs)
        q_fp += len(pred_quotes) - len(pairs)
        q_fn += len(gold_quotes) - len(pairs)
        for gi, pi in pairs.items():
            gold, pred = gold_quotes[gi], pred_quotes[pi]
            speakers_total += 1
            if speaker_ok(pred.speaker, gold["speaker"], gold["speaker_kind"]):
                speakers_right += 1
            else:  # wrong: a name given where the gold has another one, or has none
                speakers_wrong += pred.speaker is not None

        summary = " ".join(result.summary)
        headline_repeats += art["title"].casefold() in summary.casefold()
        datelines += bool(re.search(r"\((?:Reuters|AP)\)|^[A-Z][A-Z ,.]{3,}(?:\s\w+ \d+)?\s*[-—]", summary))

    pp, pr, pf = _f1(tp, fp, fn)
    qp, qr, qf = _f1(q_tp, q_fp, q_fn)
    return {
        "articles": len(articles),
        "people_p": pp,
        "people_r": pr,
        "people_f1": pf,
        "role_acc": roles_right / roles_total if roles_total else 0.0,
        "quote_p": qp,
        "quote_r": qr,
        "quote_f1": qf,
        "speaker_acc": speakers_right / speakers_total if speakers_total else 0.0,
        "speaker_wrong": speakers_wrong / speakers_total if speakers_total else 0.0,
        "headline_repeats": headline_repeats,
        "datelines": datelines,
    }
