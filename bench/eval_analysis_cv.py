"""Who said what, measured as the People and Quotes panels are read: right, WRONG or None.

On PolNeAR train+dev (../shared/eval/polnear, internal only) every matched gold quote with a speaker
counts once as **right** (the predicted speaker is the gold one, ``eval_quotes.same_speaker``),
**wrong** (another name was given: the error a reader cannot see) or **none** (no speaker given).
The gold-name subset (speaker from PolNeAR's gold Source name) is the headline; the silver subset
(CoreNLP coreference) is shown apart. ``null_given`` is the share of matched quotes whose gold has no
speaker (and whose Source is no "he"/"she" the gold failed to resolve) that still got one.
Quote P/R/F1 as in ``eval_quotes`` (token F1 >= 0.8).

People on GUM Wikinews (the 28 documents present): P/R/F1 and canonical rate (``eval_people``).
GUM has no roles; the role rate comes from our own held-out set (``eval_holdout``).

With ``--folds K`` the quote figures are also given per document fold (the same folds as
``bench.train_speaker_ranker``), so the spread shows; a model fitted on the other folds is
measured on each fold by the training script itself.

Run: ``python -m bench.eval_analysis_cv [--no-ranker] [--folds 5] [--json]``.
Skips cleanly (exit 0) without ../shared.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from typing import Any

from bench.eval_quotes import GOLD_RESOLUTIONS, POLNEAR, _norm_name, load, match, same_speaker


def right_in_source(pred: str | None, gold: str | None, mention: str | None) -> bool:
    """Right, or a full name (two words or more) standing word for word in PolNeAR's raw Source span.

    The gold conversion sometimes took an organisation from an appositive ("Len Burman, head of the
    Tax Policy Center" -> "Tax Policy Center"); the person named first is the speaker there. A bare
    surname inside a description ("a senior Cruz adviser") does not count."""
    if not pred or not gold:
        return False
    if same_speaker(pred, gold):
        return True
    p, m = _norm_name(pred), _norm_name(mention or "")
    if len(p) < 2:
        return False
    return any(m[i : i + len(p)] == p for i in range(len(m) - len(p) + 1))


def fold_of(doc_id: str, k: int) -> int:
    """A stable fold for a document: the same in every run and script (no random state)."""
    import hashlib

    return int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % k


_PERSONAL = frozenset("he she him her his hers i me my who whom".split())


def null_is_nobody(quote: dict[str, Any]) -> bool:
    """A gold quote without a speaker whose Source names nobody in particular ("officials", "a
    spokesman", "critics", none): no person can be named. A "he"/"she"/"who" or a definite singular
    "the senator" the gold could not resolve is somebody the gold does not know: such quotes are
    left out of ``null_given`` and of training."""
    mention = (quote.get("speaker_mention") or "").strip().lower()
    words = mention.split()
    if mention in _PERSONAL:
        return False
    if words and words[0] == "the" and len(words) <= 4 and not words[-1].endswith("s"):
        return False
    return True


def usable(row: dict[str, Any]) -> bool:
    """PolNeAR's conversion paired only “…” and "…": articles quoting with '' have no gold quotes."""
    return not ("''" in row["text"] and not row["quotes"])


def score_docs(rows: list[dict[str, Any]], *, ranker: bool = True) -> dict[str, Any]:
    """Quote P/R/F1 and right/wrong/none counts over documents."""
    from briefing.core.analysis.people import find_people
    from briefing.core.analysis.quotes import explain

    tp = n_pred = n_gold = 0
    counts = {s: {"right": 0, "wrong": 0, "none": 0} for s in ("gold", "silver")}
    in_source = 0  # gold-name quotes whose wrong speaker is the person named in the raw Source span
    null_given = null_n = 0
    for row in rows:
        text = row["text"]
        people = find_people(text)
        predicted = explain(text, people, ranker=ranker)
        gold = row["quotes"]
        pairs = match([q.text for q, _ in predicted], [g["text"] for g in gold])
        tp += len(pairs)
        n_pred += len(predicted)
        n_gold += len(gold)
        for gi, pi in pairs.items():
            g = gold[gi]
            q = predicted[pi][0]
            if not g["speaker"]:
                if not null_is_nobody(g):
                    continue
                null_n += 1
                null_given += q.speaker is not None
                continue
            subset = "gold" if g["speaker_resolution"] in GOLD_RESOLUTIONS else "silver"
            key = "none" if q.speaker is None else "right" if same_speaker(q.speaker, g["speaker"]) else "wrong"
            counts[subset][key] += 1
            if subset == "gold" and key == "wrong" and right_in_source(q.speaker, g["speaker"], g["speaker_mention"]):
                in_source += 1
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    out: dict[str, Any] = {
        "docs": len(rows),
        "quote_p": round(p, 4),
        "quote_r": round(r, 4),
        "quote_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
    }
    for subset, c in counts.items():
        n = sum(c.values())
        out[f"{subset}_n"] = n
        for key, v in c.items():
            out[f"{subset}_{key}"] = round(v / n, 4) if n else None
    n = out["gold_n"]
    out["gold_right_in_source"] = round((counts["gold"]["right"] + in_source) / n, 4) if n else None
    out["gold_wrong_in_source"] = round((counts["gold"]["wrong"] - in_source) / n, 4) if n else None
    out["null_n"] = null_n
    out["null_given"] = round(null_given / null_n, 4) if null_n else None
    return out


def quotes_report(*, ranker: bool = True, folds: int = 0) -> dict[str, Any]:
    rows = [r for r in load("train+dev") if usable(r)]
    report: dict[str, Any] = {
        "train": score_docs([r for r in rows if r["split"] == "train"], ranker=ranker),
        "dev": score_docs([r for r in rows if r["split"] == "dev"], ranker=ranker),
        "train+dev": score_docs(rows, ranker=ranker),
    }
    if folds:
        per = [score_docs([r for r in rows if fold_of(r["id"], folds) == f], ranker=ranker) for f in range(folds)]
        report["folds"] = per
        report["fold_spread"] = {
            key: {
                "mean": round(statistics.mean(x[key] for x in per), 4),
                "sd": round(statistics.pstdev(x[key] for x in per), 4),
                "min": min(x[key] for x in per),
                "max": max(x[key] for x in per),
            }
            for key in (
                "quote_f1",
                "gold_right",
                "gold_wrong",
                "gold_none",
                "gold_right_in_source",
                "gold_wrong_in_source",
            )
        }
    return report


def people_report() -> dict[str, Any]:
    from bench import eval_holdout, eval_people

    gum = eval_people.evaluate("all")
    hold = eval_holdout.evaluate()
    return {
        "gum": gum,
        "holdout_role_acc": hold.get("role_acc"),
        "holdout_people_f1": hold.get("people_f1"),
        "holdout_speaker_acc": hold.get("speaker_acc"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-ranker", action="store_true", help="the rules alone (the baseline)")
    parser.add_argument("--folds", type=int, default=5, help="document folds for the spread (0: none)")
    parser.add_argument("--no-people", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not POLNEAR.exists():
        print(f"skipped: {POLNEAR} not found")
        return 0
    result: dict[str, Any] = {
        "ranker": not args.no_ranker,
        "quotes": quotes_report(ranker=not args.no_ranker, folds=args.folds),
    }
    if not args.no_people:
        result["people"] = people_report()
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"== quotes and speakers (PolNeAR train+dev), ranker={'on' if result['ranker'] else 'off'}")
    q = result["quotes"]
    keys = (
        "docs",
        "quote_f1",
        "gold_n",
        "gold_right",
        "gold_wrong",
        "gold_none",
        "gold_right_in_source",
        "gold_wrong_in_source",
        "silver_n",
        "silver_right",
        "silver_wrong",
        "silver_none",
        "null_n",
        "null_given",
    )
    for name in ("train", "dev", "train+dev"):
        print(f"  {name:<9} " + "  ".join(f"{k}={q[name][k]}" for k in keys))
    for i, f in enumerate(q.get("folds", [])):
        print(f"  fold {i}    " + "  ".join(f"{k}={f[k]}" for k in keys))
    for key, s in q.get("fold_spread", {}).items():
        print(f"  spread {key}: mean {s['mean']} sd {s['sd']} [{s['min']}, {s['max']}]")
    if "people" in result:
        p = result["people"]
        g = p["gum"]
        print("== people (GUM Wikinews, 28 docs present)")
        print("  " + "  ".join(f"{k}={g.get(k)}" for k in ("docs", "precision", "recall", "f1", "canonical_rate")))
        print(
            "  own held-out set (the shipped pipeline, ranker on): "
            f"people_f1={p['holdout_people_f1']} role_acc={p['holdout_role_acc']} "
            f"speaker_acc={p['holdout_speaker_acc']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
