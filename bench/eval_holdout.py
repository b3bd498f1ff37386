"""Our own held-out news set: people, roles, quotes and speakers as `briefing analyze` sees them.

``tests/data/analysis_holdout.jsonl`` holds 20 articles we wrote in the styles real outlets use
(wire datelines, UK single quotes, guillemets, Q&A, live blog, obituaries, nested quotes, ...),
annotated by hand before the extractor was run on them. Each article is analysed the way a reader
feeds a saved story to the CLI: headline, blank line, body, no separate title. Unlike the ../shared
sets it is always present, so ``tests/analysis/test_holdout.py`` can hold the line on it.

Run: ``python -m bench.eval_holdout [--errors]``
"""

from __future__ import annotations

import argparse
import re
import time
from typing import Any

from tests.support.holdout import article_text, load, match, norm_name, role_ok, speaker_ok  # the one copy of the rules


def evaluate(errors: list[str] | None = None) -> dict[str, Any]:
    from briefing.core.analysis import analyse

    tp = fp = fn = 0
    q_tp = q_fp = q_fn = 0
    speakers_right = speakers_total = speakers_wrong = 0
    roles_right = roles_total = 0
    headline_repeats = datelines = 0
    for art in load():
        text = article_text(art)
        result = analyse(text)
        note = errors.append if errors is not None else (lambda _msg: None)

        gold_people = {norm_name(p["name"]): p for p in art["people"]}
        pred_people = {norm_name(p.name): p for p in result.people}
        for key, person in pred_people.items():
            if key in gold_people:
                tp += 1
                gold_role = gold_people[key]["role"]
                if gold_role:
                    roles_total += 1
                    if role_ok(person.role, gold_role):
                        roles_right += 1
                    else:
                        note(f"{art['id']}: role of {person.name}: {person.role!r} (gold {gold_role!r})")
            else:
                fp += 1
                note(f"{art['id']}: extra person {person.name!r}")
        for key, person in gold_people.items():
            if key not in pred_people:
                fn += 1
                note(f"{art['id']}: missed person {person['name']!r}")

        gold_quotes = art["quotes"]
        pred_quotes = list(result.quotes)
        pairs = match([q.text for q in pred_quotes], [q["text"] for q in gold_quotes])
        q_tp += len(pairs)
        q_fp += len(pred_quotes) - len(pairs)
        q_fn += len(gold_quotes) - len(pairs)
        for gi, gold in enumerate(gold_quotes):
            if gi not in pairs:
                note(f"{art['id']}: missed quote {gold['text'][:60]!r} ({gold['speaker']})")
                continue
            pred = pred_quotes[pairs[gi]]
            speakers_total += 1
            if speaker_ok(pred.speaker, gold["speaker"], gold["speaker_kind"]):
                speakers_right += 1
            else:
                # wrong: a name given where the gold has another one, or has none
                speakers_wrong += pred.speaker is not None
                note(f"{art['id']}: speaker of {gold['text'][:50]!r}: {pred.speaker!r} (gold {gold['speaker']!r})")
        matched = set(pairs.values())
        for pi, pred in enumerate(pred_quotes):
            if pi not in matched:
                note(f"{art['id']}: extra quote {pred.text[:60]!r} ({pred.speaker})")

        summary = " ".join(result.summary)
        if art["title"].casefold() in summary.casefold():
            headline_repeats += 1
            note(f"{art['id']}: summary repeats the headline")
        if re.search(r"\((?:Reuters|AP)\)|^[A-Z][A-Z ,.]{3,}(?:\s\w+ \d+)?\s*[-—]", summary):
            datelines += 1
            note(f"{art['id']}: summary keeps a dateline: {summary[:60]!r}")

    def f1(t: int, p: int, n: int) -> tuple[float, float, float]:
        precision = t / (t + p) if t + p else 0.0
        recall = t / (t + n) if t + n else 0.0
        return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)

    pp, pr, pf = f1(tp, fp, fn)
    qp, qr, qf = f1(q_tp, q_fp, q_fn)
    return {
        "articles": len(load()),
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
        "ms_per_600_words": _speed(),
    }


def _speed(passes: int = 3) -> float:
    """analyse() milliseconds per 600 words over the set: the best of a few passes (the machine is shared)."""
    from briefing.core.analysis import analyse

    texts = [article_text(a) for a in load()]
    words = sum(len(t.split()) for t in texts)
    best = float("inf")
    for _ in range(passes):
        started = time.perf_counter()
        for text in texts:
            analyse(text)
        best = min(best, time.perf_counter() - started)
    return 1000 * best / words * 600 if words else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    errors: list[str] | None = [] if args.errors else None
    result = evaluate(errors)
    for line in errors or []:
        print(line)
    print(" ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in result.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
