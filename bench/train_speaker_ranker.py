"""Train the speaker ranker (briefing/core/analysis/speaker_ranker.py) on PolNeAR train+dev, with cross-validation.

For every quote the pipeline finds, the candidates and their features come from the real code
(``quotes.rule_attributions`` + ``speaker_ranker.candidates``), so training and inference see the same
numbers. A candidate is labelled right when it is the gold speaker (``eval_quotes.same_speaker``) or
every word of it stands in PolNeAR's raw Source span (the gold conversion sometimes kept an
organisation from an appositive: "X, head of the Y Center" -> "Y Center"). Quotes whose gold has no
speaker give negatives only (the model learns when nobody can be named), except those whose Source is
a "he"/"she" the gold could not resolve: they are left out.

Folds are whole documents (``eval_analysis_cv.fold_of``). For each fold a logistic regression is
fitted on the others and applied to it; the regularisation C and the confidence threshold are chosen
on the pooled out-of-fold predictions (the threshold: the highest one that keeps the gold-name right rate at
``--min-right``; C: the fewest wrong at that threshold), and right / wrong / None is reported per
fold at that threshold. The final
model is fitted on all documents and written to briefing/core/data/speaker_ranker.json: numbers and
feature names only, never text.

scikit-learn is needed here only (``pip install -e '.[bench]'``); the product never imports it.
Run: ``python -m bench.train_speaker_ranker [--folds 5] [--min-right 0.90] [--silver-weight 0.5] [--dry-run]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
from pathlib import Path
from typing import Any

from bench.eval_analysis_cv import fold_of, null_is_nobody, right_in_source, usable
from bench.eval_holdout import speaker_ok
from bench.eval_quotes import GOLD_RESOLUTIONS, POLNEAR, load, match, same_speaker
from briefing.core.analysis.speaker_ranker import rule_family

OUT = Path(__file__).resolve().parents[1] / "briefing" / "core" / "data" / "speaker_ranker.json"
THRESHOLDS = [round(0.05 * i, 2) for i in range(2, 20)]
CS = (0.1, 0.3, 1.0, 3.0)


def extract() -> list[dict[str, Any]]:
    """One record per found quote matched to gold: fold, subset, candidates (name, features, labels)."""
    from briefing.core.analysis.people import find_people
    from briefing.core.analysis.quotes import rule_attributions
    from briefing.core.analysis.quotes.marks import mask_markup
    from briefing.core.analysis.speaker_ranker import Article, candidates

    records = []
    for row in _own_rows() + [r for r in load("train+dev") if usable(r)]:
        text = row["text"]
        people = find_people(text)
        masked = mask_markup(text)
        spans, found, finder = rule_attributions(masked, people)
        if finder is None:
            continue
        ctx = Article(masked, finder, spans, found)
        gold = row["quotes"]
        pairs = match([text[s.start : s.end] for s in spans], [g["text"] for g in gold])
        for gi, pi in pairs.items():
            g = gold[gi]
            if row["split"] == "own":  # our own demo annotation: exact names, organisations included
                cands = candidates(ctx, pi)
                rule = found[pi]
                rec = {
                    "fold": fold_of(row["id"], 5),
                    "doc": row["id"],
                    "subset": "own" if g["speaker"] else "own_null",
                    "rule_name": rule.name if rule is not None else None,
                    "cands": [],
                    "family": rule_family(rule.rule) if rule is not None and rule.name else None,
                }
                for c in cands:
                    ok = bool(g["speaker"]) and speaker_ok(c.name, g["speaker"], g.get("speaker_kind"))
                    rec["cands"].append({"name": c.name, "f": c.features, "strict": ok, "lenient": ok})
                rec["rule_strict"] = rec["rule_lenient"] = bool(g["speaker"]) and speaker_ok(
                    rec["rule_name"], g["speaker"], g.get("speaker_kind")
                )
                records.append(rec)
                continue
            if not g["speaker"] and not null_is_nobody(g):
                continue  # a "he said" the gold could not resolve: somebody, but we do not know who
            subset = "null" if not g["speaker"] else "gold" if g["speaker_resolution"] in GOLD_RESOLUTIONS else "silver"
            cands = candidates(ctx, pi)
            rule = found[pi]
            rec = {
                "fold": fold_of(row["id"], 5),
                "doc": row["id"],
                "subset": subset,
                "rule_name": rule.name if rule is not None else None,
                "cands": [],
                "family": rule_family(rule.rule) if rule is not None and rule.name else None,
            }
            for c in cands:
                strict = bool(g["speaker"]) and same_speaker(c.name, g["speaker"])
                lenient = strict or right_in_source(c.name, g["speaker"], g["speaker_mention"])
                rec["cands"].append({"name": c.name, "f": c.features, "strict": strict, "lenient": lenient})
            rec["rule_strict"] = bool(g["speaker"]) and same_speaker(rec["rule_name"], g["speaker"])
            rec["rule_lenient"] = right_in_source(rec["rule_name"], g["speaker"], g["speaker_mention"])
            records.append(rec)
    return records


OWN_WEIGHT = 2.0  # our own annotation is exact (and the only one with organisation speakers)
SILVER_WEIGHT = 0.5  # silver speakers (CoreNLP coreference) are often wrong themselves: they count less


def rule_priors(records: list[dict[str, Any]]) -> dict[str, float]:
    """Log-odds that a rule family's pick is right (smoothed: 2 right, 1 wrong added to each family)."""
    import math

    tally: dict[str, list[int]] = {}
    for rec in records:
        fam = rec.get("family")
        if fam is None:
            continue
        right = any(c["lenient"] and "rule_pick" in c["f"] for c in rec["cands"])
        t = tally.setdefault(fam, [0, 0])
        t[0 if right else 1] += 1
    return {fam: round(math.log((r + 2) / (w + 1)), 6) for fam, (r, w) in sorted(tally.items())}


def with_priors(records: list[dict[str, Any]], priors: dict[str, float]) -> None:
    """Set each rule pick's ``rule_prior`` feature from ``priors`` (those of the training folds)."""
    for rec in records:
        for c in rec["cands"]:
            c["f"].pop("rule_prior", None)
            if "rule_pick" in c["f"] and rec.get("family") in priors:
                c["f"]["rule_prior"] = priors[rec["family"]]


def _own_rows() -> list[dict[str, Any]]:
    """Our own hand-annotated demo stories (briefing/demo/gold.json) in PolNeAR's row shape."""
    from briefing.demo import demo_article, load_gold

    rows = []
    for article in load_gold()["articles"]:
        rows.append(
            {
                "id": "own:" + article["guid"],
                "split": "own",
                "text": demo_article(article["guid"]).text(),
                "quotes": article["quotes"],
            }
        )
    return rows


def _fit(records: list[dict[str, Any]], c: float, names: list[str]) -> tuple[dict[str, float], float]:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    index = {n: i for i, n in enumerate(names)}
    rows, labels, weights = [], [], []
    for rec in records:
        w = SILVER_WEIGHT if rec["subset"] == "silver" else OWN_WEIGHT if rec["subset"].startswith("own") else 1.0
        for cand in rec["cands"]:
            x = np.zeros(len(names))
            for k, v in cand["f"].items():
                x[index[k]] = v
            rows.append(x)
            labels.append(int(cand["lenient"]))
            weights.append(w)
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(np.array(rows), np.array(labels), sample_weight=np.array(weights))
    return {n: float(model.coef_[0][i]) for i, n in enumerate(names)}, float(model.intercept_[0])


def _decide(
    rec: dict[str, Any], weights: dict[str, float], bias: float
) -> tuple[dict[str, Any] | None, float, float | None]:
    """The best candidate, its score and the runner-up's (as ``speaker_ranker.rank`` does)."""
    best, best_z, second_z = None, None, None
    for cand in rec["cands"]:
        z = bias + sum(weights.get(k, 0.0) * v for k, v in cand["f"].items())
        if best_z is None or z > best_z:
            best, best_z, second_z = cand, z, best_z
        elif second_z is None or z > second_z:
            second_z = z
    return best, (best_z if best_z is not None else -30.0), second_z


def _calib_x(z: float, second: float | None) -> list[float]:
    return [z, min(z - second, 10.0) if second is not None else 10.0]


def fit_calibration(
    raw: list[tuple[dict[str, Any], dict[str, Any] | None, float, float | None]],
) -> tuple[float, float, float]:
    """P(the best candidate is the speaker) from its score and its margin: a 3-number Platt scaling
    fitted on out-of-fold decisions of every quote (quotes without a gold speaker count as not right)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    xs = [_calib_x(z, s) for rec, b, z, s in raw if b is not None]
    ys = [int(b["lenient"]) for rec, b, z, s in raw if b is not None]
    model = LogisticRegression(C=10.0, max_iter=2000).fit(np.array(xs), np.array(ys))
    return float(model.coef_[0][0]), float(model.coef_[0][1]), float(model.intercept_[0])


def calibrate(
    raw: list, calib: tuple[float, float, float]
) -> list[tuple[dict[str, Any], dict[str, Any] | None, float]]:
    import math

    a, b_, c = calib
    out = []
    for rec, b, z, s in raw:
        x = _calib_x(z, s)
        v = a * x[0] + b_ * x[1] + c
        out.append((rec, b, 0.0 if v < -30 else 1.0 / (1.0 + math.exp(-v))))
    return out


def score(decisions: list[tuple[dict[str, Any], dict[str, Any] | None, float]], threshold: float) -> dict[str, Any]:
    """right / wrong / none per subset at a threshold (strict for gold and silver; lenient apart)."""
    out: dict[str, Any] = {}
    for subset in ("gold", "silver", "own"):
        picked = [(rec, best, p) for rec, best, p in decisions if rec["subset"] == subset]
        n = len(picked)
        right = sum(1 for _, b, p in picked if b is not None and p >= threshold and b["strict"])
        lenient = sum(1 for _, b, p in picked if b is not None and p >= threshold and b["lenient"])
        given = sum(1 for _, b, p in picked if b is not None and p >= threshold)
        out[f"{subset}_n"] = n
        out[f"{subset}_right"] = round(right / n, 4) if n else None
        out[f"{subset}_wrong"] = round((given - right) / n, 4) if n else None
        out[f"{subset}_none"] = round((n - given) / n, 4) if n else None
        out[f"{subset}_right_in_source"] = round(lenient / n, 4) if n else None
        out[f"{subset}_wrong_in_source"] = round((given - lenient) / n, 4) if n else None
    nulls = [(b, p) for rec, b, p in decisions if rec["subset"] == "null"]
    own_nulls = [(b, p) for rec, b, p in decisions if rec["subset"] == "own_null"]
    out["own_null_given"] = sum(1 for b, p in own_nulls if b is not None and p >= threshold)
    out["null_given"] = (
        round(sum(1 for b, p in nulls if b is not None and p >= threshold) / len(nulls), 4) if nulls else None
    )
    return out


def rules_score(records: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for subset in ("gold", "silver"):
        rs = [r for r in records if r["subset"] == subset]
        n = len(rs)
        given = sum(1 for r in rs if r["rule_name"])
        right = sum(1 for r in rs if r["rule_strict"])
        lenient = sum(1 for r in rs if r["rule_lenient"])
        out[f"{subset}_right"] = round(right / n, 4) if n else None
        out[f"{subset}_wrong"] = round((given - right) / n, 4) if n else None
        out[f"{subset}_none"] = round((n - given) / n, 4) if n else None
        out[f"{subset}_wrong_in_source"] = round((given - lenient) / n, 4) if n else None
    return out


def cross_validate(records: list[dict[str, Any]], names: list[str], c: float, folds: int) -> list:
    """Out-of-fold (record, best candidate, score, runner-up score) for every quote."""
    raw = []
    for f in range(folds):
        train = [r for r in records if r["fold"] != f]
        with_priors(records, rule_priors(train))
        weights, bias = _fit(train, c, names)
        raw.extend((rec, *_decide(rec, weights, bias)) for rec in records if rec["fold"] == f)
    return raw


def pick_threshold(decisions: list, min_right: float) -> float:
    """The highest confidence threshold that keeps the pooled out-of-fold gold-name right rate at
    ``min_right`` or more: as few wrong speakers as the target for right ones allows."""
    best = THRESHOLDS[0]
    for t in THRESHOLDS:
        if score(decisions, t)["gold_right"] >= min_right:
            best = t
    return best


def main(argv: list[str] | None = None) -> int:
    global SILVER_WEIGHT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--min-right", type=float, default=0.90, help="gold-name right rate the threshold keeps")
    parser.add_argument("--C", type=float, default=None, help="fix the regularisation instead of choosing it")
    parser.add_argument("--silver-weight", type=float, default=SILVER_WEIGHT)
    parser.add_argument("--dry-run", action="store_true", help="cross-validate only; do not write the weights")
    args = parser.parse_args(argv)
    if not POLNEAR.exists():
        print(f"skipped: {POLNEAR} not found")
        return 0
    try:
        import sklearn
    except ImportError:
        print("skipped: scikit-learn is not installed (pip install -e '.[bench]')")
        return 0
    SILVER_WEIGHT = args.silver_weight
    records = extract()
    names = sorted({k for r in records for c in r["cands"] for k in c["f"]} | {"rule_prior"})
    print(
        f"{len(records)} matched quotes, {sum(len(r['cands']) for r in records)} candidates, "
        f"{len(names)} features; rules alone: {rules_score(records)}"
    )
    best: tuple[float, float, float, list, tuple[float, float, float]] | None = None
    for c in [args.C] if args.C else CS:
        raw = cross_validate(records, names, c, args.folds)
        calib = fit_calibration(raw)
        decisions = calibrate(raw, calib)
        t = pick_threshold(decisions, args.min_right)
        s = score(decisions, t)
        print(f"C={c}: threshold {t} pooled out-of-fold {s}")
        if best is None or s["gold_wrong"] < best[2]:
            best = (c, t, s["gold_wrong"], decisions, calib)
    assert best is not None
    c, threshold, _, decisions, calibration = best
    for t in THRESHOLDS[::2]:
        s = score(decisions, t)
        print(
            f"  threshold {t}: gold right {s['gold_right']} wrong {s['gold_wrong']} "
            f"(in source {s['gold_wrong_in_source']}) none {s['gold_none']}; silver right {s['silver_right']} "
            f"wrong {s['silver_wrong']}; null given {s['null_given']}"
        )
    per_fold = []
    for f in range(args.folds):
        part = [d for d in decisions if d[0]["fold"] == f]
        s = score(part, threshold)
        rs = rules_score([d[0] for d in part])
        per_fold.append(s)
        print(f"fold {f}: ranker {s}  | rules {rs}")
    spread = {
        k: {
            "mean": round(statistics.mean(x[k] for x in per_fold), 4),
            "sd": round(statistics.pstdev(x[k] for x in per_fold), 4),
            "min": min(x[k] for x in per_fold),
            "max": max(x[k] for x in per_fold),
        }
        for k in (
            "gold_right",
            "gold_wrong",
            "gold_none",
            "gold_right_in_source",
            "gold_wrong_in_source",
            "silver_right",
            "silver_wrong",
            "null_given",
        )
    }
    pooled = score(decisions, threshold)
    print(f"chosen C={c} threshold={threshold}; pooled {pooled}")
    for k, v in spread.items():
        print(f"  spread {k}: mean {v['mean']} sd {v['sd']} [{v['min']}, {v['max']}]")
    calib = []
    for lo in (0.0, 0.2, 0.4, 0.6, 0.8, 0.9):
        hi = {0.0: 0.2, 0.2: 0.4, 0.4: 0.6, 0.6: 0.8, 0.8: 0.9, 0.9: 1.01}[lo]
        bucket = [b["lenient"] for r, b, p in decisions if b is not None and lo <= p < hi and r["subset"] != "null"]
        if bucket:
            calib.append((lo, hi, len(bucket), round(sum(bucket) / len(bucket), 3)))
    print("calibration (probability bucket, quotes, share right):", calib)
    if args.dry_run:
        return 0
    priors = rule_priors(records)
    with_priors(records, priors)
    weights, bias = _fit(records, c, names)
    own_docs = {r["doc"] for r in records if r["subset"].startswith("own")}
    polnear_docs = {r["doc"] for r in records} - own_docs
    data = {
        "about": "speaker ranker weights (logistic regression); see briefing/core/data/README.md",
        "trained_on": f"PolNeAR train+dev ({len(polnear_docs)} documents) and our own demo gold "
        f"({len(own_docs)} stories), {len(records)} matched quotes; numbers only, no text",
        "trained": dt.date.today().isoformat(),
        "sklearn": sklearn.__version__,
        "C": c,
        "threshold": threshold,
        "calibration": [round(x, 6) for x in calibration],
        "silver_weight": SILVER_WEIGHT,
        "cv": {"folds": args.folds, "min_right": args.min_right, "pooled": pooled, "spread": spread},
        "rule_priors": priors,
        "bias": round(bias, 6),
        "weights": {k: round(v, 6) for k, v in sorted(weights.items())},
    }
    OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
