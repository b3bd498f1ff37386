"""The umbrella evaluation of story analysis on the ../shared sets.

Prints people P/R/F1 and canonical rate (GUM Wikinews, bench.eval_people), quote P/R/F1
and speaker accuracy (PolNeAR, bench.eval_quotes), ROUGE-1/2/Lsum of the summaries
against Lead-3 with a paired comparison (CNN/DailyMail sample, bench.eval_summaries),
and the speed of the full ``analyse()`` in articles per second over every shared text.
Each part reports its held-out split and all documents. Skips cleanly (exit 0) when
../shared is absent, and skips a part whose evaluation module is missing.

Run: ``python -m bench.eval_analysis [--json] [--quick]``
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _module(name: str) -> Any | None:
    try:
        return importlib.import_module(f"bench.{name}")
    except ImportError:
        return None


def summaries(splits: Sequence[str] = ("tune", "test", "all")) -> dict:
    from bench import eval_summaries

    if not eval_summaries.available():
        return {"skipped": f"{eval_summaries.SUMMARIES} not found"}
    try:
        import rouge_score  # noqa: F401
    except ImportError:
        return {"skipped": "rouge-score is not installed (pip install 'briefing[bench]')"}
    return {split: eval_summaries.evaluate(split, timing=split == "all") for split in splits}


def people(splits: Sequence[str] = ("test", "all")) -> dict:
    module = _module("eval_people")
    if module is None:
        return {"skipped": "bench/eval_people.py is not there yet"}
    return {split: module.evaluate(split) for split in splits}


def quotes(splits: Sequence[str] = ("test", "all")) -> dict:
    module = _module("eval_quotes")
    if module is None:
        return {"skipped": "bench/eval_quotes.py is not there yet"}
    return {split: module.evaluate(split) for split in splits}


def shared_texts() -> list[tuple[str, str]]:
    """(set name, article text) for every article of the three shared sets that is present."""
    sources = [
        ("summaries", SHARED / "eval" / "summaries.jsonl"),
        ("gum-wikinews", SHARED / "eval" / "gum-wikinews" / "people.jsonl"),
        ("polnear", SHARED / "eval" / "polnear" / "quotes.jsonl"),
    ]
    out = []
    for name, path in sources:
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    out.append((name, json.loads(line)["text"]))
    return out


def speed(texts: list[tuple[str, str]], rounds: int = 2) -> dict:
    """Full analyse() per article on one core: best of ``rounds`` passes."""
    from briefing.core.analysis import analyse

    analyse('Warm-up: Mayor Ann Lee said, "The lists load once."')
    best: list[float] | None = None
    for _ in range(rounds):
        times = []
        for _name, text in texts:
            t0 = time.perf_counter()
            analyse(text)
            times.append(time.perf_counter() - t0)
        if best is None or sum(times) < sum(best):
            best = times
    assert best is not None
    words = sum(len(t.split()) for _n, t in texts)
    total = sum(best)
    return {
        "articles": len(texts),
        "mean_words": round(words / len(texts)),
        "articles_per_s": round(len(texts) / total, 1),
        "ms_per_article": round(1000 * total / len(texts), 2),
        "ms_p95": round(1000 * statistics.quantiles(best, n=20)[-1], 2),
        "ms_per_600_words": round(1000 * total / words * 600, 2),
    }


def _print_summaries(res: dict) -> None:
    from bench.eval_summaries import format_result

    print("== summaries (CNN/DailyMail sample; tuned on 'tune' = even articles, 'test' = odd, held out)")
    if "skipped" in res:
        print("  skipped:", res["skipped"])
        return
    for r in res.values():
        print(format_result(r))


def _print_table(title: str, res: dict, keys: Sequence[str]) -> None:
    print(f"== {title}")
    if "skipped" in res:
        print("  skipped:", res["skipped"])
        return
    for split, r in res.items():
        if "skipped" in r:
            print(f"  {split}: skipped: {r['skipped']}")
            continue
        print(f"  {split:<6} " + "  ".join(f"{k}={r.get(k)}" for k in keys))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="one JSON object instead of the report")
    parser.add_argument("--quick", action="store_true", help="speed only, one pass")
    args = parser.parse_args(argv)
    if not (SHARED / "eval").is_dir():
        print(f"skipped: {SHARED / 'eval'} not found (the shared evaluation sets are absent)")
        return 0
    texts = shared_texts()
    result: dict[str, Any] = {}
    if not args.quick:
        result["people"] = people()
        result["quotes"] = quotes()
        result["summaries"] = summaries()
    result["speed"] = speed(texts, rounds=1 if args.quick else 2) if texts else {"skipped": "no texts"}
    if args.json:
        print(json.dumps(result, default=str))
        return 0
    if not args.quick:
        _print_table("people (GUM Wikinews)", result["people"], ("docs", "precision", "recall", "f1", "canonical_rate"))
        _print_table(
            "quotes (PolNeAR)",
            result["quotes"],
            ("docs", "quote_p", "quote_r", "quote_f1", "speaker_gold_acc", "speaker_silver_acc"),
        )
        _print_summaries(result["summaries"])
    s = result["speed"]
    print("== speed: full analyse() (summary + people + quotes), one core")
    print("  " + "  ".join(f"{k}={v}" for k, v in s.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
