"""ROUGE of our summaries against Lead-3 on ../shared/eval/summaries.jsonl.

Run: ``python -m bench.eval_summaries [--split tune|test|all] [--method news] [--words 75] [--cv]``.
The set is split by index: even articles ("tune") are the only ones any knob was
tuned on; odd articles ("test") are held out for the final figure. Scores are
rouge_score F1 with stemming, ROUGE-Lsum with one sentence per line, in points.
The comparison with Lead-3 is paired: a bootstrap 95% interval of the mean
per-article difference and a sign test. Skips cleanly when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SUMMARIES = SHARED / "eval" / "summaries.jsonl"
SPLITS = ("tune", "test", "all")


def available() -> bool:
    return SUMMARIES.is_file()


def load_articles(split: str = "all") -> list[dict]:
    """The articles of one split: 'tune' (even indices), 'test' (odd) or 'all'."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}")
    rows = [json.loads(line) for line in SUMMARIES.read_text(encoding="utf-8").splitlines() if line.strip()]
    if split == "tune":
        return rows[0::2]
    if split == "test":
        return rows[1::2]
    return rows


_SCORER = None


def rouge(summary: Sequence[str], reference: str) -> tuple[float, float, float]:
    """(ROUGE-1, ROUGE-2, ROUGE-Lsum) F1 in points."""
    global _SCORER
    if _SCORER is None:
        from rouge_score import rouge_scorer

        _SCORER = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    s = _SCORER.score(reference, "\n".join(summary))
    return (100 * s["rouge1"].fmeasure, 100 * s["rouge2"].fmeasure, 100 * s["rougeLsum"].fmeasure)


def lead3(text: str) -> list[str]:
    from briefing.core.text import sentences

    return sentences(text)[:3]


def paired(a: Sequence[float], b: Sequence[float], resamples: int = 2000) -> dict:
    """Mean of a-b with a bootstrap 95% interval, and a two-sided sign test."""
    diffs = [x - y for x, y in zip(a, b)]
    n = len(diffs)
    rng = random.Random(0)
    means = sorted(sum(diffs[rng.randrange(n)] for _ in range(n)) / n for _ in range(resamples))
    wins = sum(d > 1e-9 for d in diffs)
    losses = sum(d < -1e-9 for d in diffs)
    k, m = min(wins, losses), wins + losses
    p = min(1.0, 2 * sum(math.comb(m, i) for i in range(k + 1)) / 2**m) if m else 1.0
    return {
        "delta": sum(diffs) / n,
        "ci95": (means[int(0.025 * resamples)], means[int(0.975 * resamples) - 1]),
        "wins": wins,
        "losses": losses,
        "sign_p": p,
    }


def score_system(articles: Sequence[dict], system: Callable[[str], list[str]]) -> dict:
    per: list[tuple[float, float, float]] = []
    lengths: list[int] = []
    for a in articles:
        out = system(a["text"])
        per.append(rouge(out, a["reference"]))
        lengths.append(sum(len(s.split()) for s in out))
    return {
        "per": per,
        "r1": statistics.fmean(p[0] for p in per),
        "r2": statistics.fmean(p[1] for p in per),
        "rlsum": statistics.fmean(p[2] for p in per),
        "words": statistics.fmean(lengths),
    }


def time_system(articles: Sequence[dict], system: Callable[[str], list[str]], rounds: int = 3) -> float:
    """Best-of-rounds mean milliseconds per article."""
    best = math.inf
    for _ in range(rounds):
        t0 = time.perf_counter()
        for a in articles:
            system(a["text"])
        best = min(best, (time.perf_counter() - t0) / len(articles))
    return 1000 * best


def evaluate(split: str = "all", method: str = "news", words: int = 75, weights=None, timing: bool = True) -> dict:
    """Scores of ``method`` and of Lead-3 / budgeted lead on one split, with paired comparisons."""
    from briefing.core.summarize import summarize

    articles = load_articles(split)
    ours = score_system(articles, lambda t: summarize(t, words=words, method=method, weights=weights))
    base = score_system(articles, lead3)
    lead_b = score_system(articles, lambda t: summarize(t, words=words, method="lead"))

    def avg(p):
        return [sum(x) / 3 for x in p]

    result = {
        "split": split,
        "articles": len(articles),
        "method": method,
        "words_budget": words,
        "ours": {k: v for k, v in ours.items() if k != "per"},
        "lead3": {k: v for k, v in base.items() if k != "per"},
        "lead_budget": {k: v for k, v in lead_b.items() if k != "per"},
        "vs_lead3": {
            "r1": paired([p[0] for p in ours["per"]], [p[0] for p in base["per"]]),
            "r2": paired([p[1] for p in ours["per"]], [p[1] for p in base["per"]]),
            "rlsum": paired([p[2] for p in ours["per"]], [p[2] for p in base["per"]]),
            "mean3": paired(avg(ours["per"]), avg(base["per"])),
        },
        "vs_lead_budget": {
            "r1": paired([p[0] for p in ours["per"]], [p[0] for p in lead_b["per"]]),
            "r2": paired([p[1] for p in ours["per"]], [p[1] for p in lead_b["per"]]),
            "mean3": paired(avg(ours["per"]), avg(lead_b["per"])),
        },
    }
    if timing:
        result["ms_per_article"] = time_system(articles, lambda t: summarize(t, words=words, method=method))
    return result


CV_GRID = {"words": (70, 75, 80, 85), "position_decay": (0.5, 1.0, 2.0), "centrality": (0.0, 0.5, 1.0)}


def cross_validate(folds: int = 5, seeds: int = 3) -> dict:
    """Pick (words, position_decay, centrality) by k-fold cross-validation on the tune half only.

    For each fold the configuration with the best mean R1+R2 on the other folds is
    scored on the fold; the pooled fold scores minus Lead-3 estimate what the
    selection procedure gains on unseen articles. Returns that estimate, the
    configurations the folds chose, and the best configuration on the whole tune half.
    """
    from dataclasses import replace

    from briefing.core.summarize import DEFAULT_WEIGHTS, summarize

    articles = load_articles("tune")
    base = [rouge(lead3(a["text"]), a["reference"]) for a in articles]
    per: dict[tuple, list[tuple[float, float, float]]] = {}
    for words in CV_GRID["words"]:
        for decay in CV_GRID["position_decay"]:
            for central in CV_GRID["centrality"]:
                w = replace(DEFAULT_WEIGHTS, position_decay=decay, centrality=central)
                per[(words, decay, central)] = [
                    rouge(summarize(a["text"], words=words, weights=w), a["reference"]) for a in articles
                ]

    def fit(config: tuple, rows: Sequence[int]) -> float:
        return statistics.fmean(per[config][i][0] + per[config][i][1] for i in rows)

    estimates, picks = [], []
    for seed in range(seeds):
        order = list(range(len(articles)))
        random.Random(seed).shuffle(order)
        parts = [order[k::folds] for k in range(folds)]
        gains = []
        for k in range(folds):
            train = [i for j in range(folds) if j != k for i in parts[j]]
            best = max(per, key=lambda c: fit(c, train))
            picks.append(best)
            gains += [(per[best][i][0] - base[i][0], per[best][i][1] - base[i][1]) for i in parts[k]]
        estimates.append((statistics.fmean(g[0] for g in gains), statistics.fmean(g[1] for g in gains)))
    return {
        "cv_gain_r1": statistics.fmean(e[0] for e in estimates),
        "cv_gain_r2": statistics.fmean(e[1] for e in estimates),
        "fold_picks": picks,
        "best_on_tune": max(per, key=lambda c: fit(c, range(len(articles)))),
    }


def _syntok_spans(text: str):
    from syntok import segmenter

    from briefing.core.text import Span

    out = []
    for paragraph in segmenter.analyze(text):
        for sentence in paragraph:
            start, end = sentence[0].offset, sentence[-1].offset + len(sentence[-1].value)
            out.append(Span(start, end, " ".join(text[start:end].split())))
    return out


def _nupunkt_spans(text: str):
    import nupunkt

    from briefing.core.text import Span

    out = []
    for start, end in nupunkt.sent_spans(text):
        chunk = text[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        stripped = chunk.strip()
        if stripped:
            out.append(Span(start + lead, start + lead + len(stripped), " ".join(stripped.split())))
    return out


def compare_splitters(split: str = "tune", words: int = 75) -> list[dict]:
    """Lead-3 and the news summary with each sentence splitter that is installed, and its speed."""
    from briefing.core import summarize as summarize_module
    from briefing.core import text as text_module

    splitters = {"ours (regex)": text_module.split_sentences}
    for name, fn, package in (("syntok", _syntok_spans, "syntok"), ("nupunkt", _nupunkt_spans, "nupunkt")):
        try:
            __import__(package)
        except ImportError:
            continue
        splitters[name] = fn
    articles = load_articles(split)
    rows = []
    original = summarize_module.split_sentences
    try:
        for name, fn in splitters.items():
            summarize_module.split_sentences = fn
            lead = score_system(articles, lambda t, split=fn: [s.text for s in split(t)][:3])
            news = score_system(articles, lambda t: summarize_module.summarize(t, words=words))
            t0 = time.perf_counter()
            count = sum(len(fn(a["text"])) for a in articles)
            ms = 1000 * (time.perf_counter() - t0) / len(articles)
            rows.append(
                {
                    "splitter": name,
                    "lead3": (lead["r1"], lead["r2"], lead["rlsum"]),
                    "news": (news["r1"], news["r2"], news["rlsum"]),
                    "sentences_per_article": count / len(articles),
                    "split_ms": ms,
                }
            )
    finally:
        summarize_module.split_sentences = original
    return rows


def format_result(r: dict) -> str:
    def row(name: str, s: dict) -> str:
        return f"  {name:<22} R1 {s['r1']:6.2f}  R2 {s['r2']:6.2f}  RLsum {s['rlsum']:6.2f}  words {s['words']:5.1f}"

    def cmp(name: str, c: dict) -> str:
        lo, hi = c["ci95"]
        return (
            f"  {name:<22} {c['delta']:+.2f} [{lo:+.2f}, {hi:+.2f}]  "
            f"wins {c['wins']} / losses {c['losses']}  sign-test p={c['sign_p']:.3g}"
        )

    lines = [
        f"split={r['split']} ({r['articles']} articles), method={r['method']}, budget={r['words_budget']} words",
        row(f"{r['method']}", r["ours"]),
        row("Lead-3 (fixed)", r["lead3"]),
        row(f"lead to {r['words_budget']} words", r["lead_budget"]),
        "  paired vs Lead-3 (points, bootstrap 95% CI):",
        cmp("R1", r["vs_lead3"]["r1"]),
        cmp("R2", r["vs_lead3"]["r2"]),
        cmp("RLsum", r["vs_lead3"]["rlsum"]),
        cmp("mean(R1,R2,RLsum)", r["vs_lead3"]["mean3"]),
        f"  paired vs lead cut to the same budget ({r['lead_budget']['words']:.0f} words):",
        cmp("R1", r["vs_lead_budget"]["r1"]),
        cmp("R2", r["vs_lead_budget"]["r2"]),
        cmp("mean(R1,R2,RLsum)", r["vs_lead_budget"]["mean3"]),
    ]
    if "ms_per_article" in r:
        lines.append(f"  summary time: {r['ms_per_article']:.2f} ms per article")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS + ("each",), default="each")
    parser.add_argument("--method", default="news")
    parser.add_argument("--words", type=int, default=75)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--splitters", action="store_true", help="compare sentence splitters instead")
    parser.add_argument("--cv", action="store_true", help="cross-validate the news knobs on the tune half")
    args = parser.parse_args(argv)
    if not available():
        print(f"skipped: {SUMMARIES} not found (the shared evaluation sets are absent)")
        return 0
    try:
        import rouge_score  # noqa: F401
    except ImportError:
        print("skipped: rouge-score is not installed (pip install 'briefing[bench]')")
        return 0
    splits = SPLITS if args.split == "each" else (args.split,)
    if args.cv:
        cv = cross_validate()
        print(
            f"5-fold CV on tune (words, position_decay, centrality): gain over Lead-3 "
            f"R1 {cv['cv_gain_r1']:+.2f}  R2 {cv['cv_gain_r2']:+.2f}; best on all of tune {cv['best_on_tune']}"
        )
        print("  fold picks:", ", ".join(map(str, cv["fold_picks"])))
        return 0
    if args.splitters:
        for split in splits:
            for row in compare_splitters(split, args.words):
                lead, news = row["lead3"], row["news"]
                print(
                    f"{split:<5} {row['splitter']:<13} Lead-3 {lead[0]:.2f}/{lead[1]:.2f}/{lead[2]:.2f}  "
                    f"news {news[0]:.2f}/{news[1]:.2f}/{news[2]:.2f}  "
                    f"{row['sentences_per_article']:.1f} sentences  split {row['split_ms']:.2f} ms/article"
                )
        return 0
    for split in splits:
        r = evaluate(split, args.method, args.words)
        print(json.dumps(r) if args.json else format_result(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
