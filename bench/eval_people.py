"""People extraction measured on GUM Wikinews (../shared/eval/gum-wikinews/people.jsonl).

A found person matches a gold person when its name (or one of its aliases) equals the gold
canonical name or one of the gold aliases (case, accents, hyphen-or-space and spaces between
initials ignored); each gold person matches once. Canonical rate: the share of matched people whose name is the gold canonical name.

Held-out split: the 41 documents sorted by id; every third (index % 3 == 2) is ``test``, the rest
``dev``. Rules were developed on ``dev`` only; ``test`` is the untouched figure.

Usage: python -m bench.eval_people [--split all|dev|test] [--errors]
Skips cleanly (exit 0, a note on stderr) when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "gum-wikinews" / "people.jsonl"


def _norm(name: str) -> str:
    name = unicodedata.normalize("NFKD", name.replace("’", "'")).lower()
    name = "".join(c for c in name if not unicodedata.combining(c)).replace("-", " ")
    return re.sub(r"\b(\w)\. (?=\w\.)", r"\1.", " ".join(name.split()))  # "o. j." == "o.j."


def load(split: str = "all") -> list[dict]:
    """The documents of one split ('all', 'dev' or 'test'); [] without ../shared."""
    if not DATA.exists():
        return []
    docs = sorted(
        (json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()),
        key=lambda d: d["id"],
    )
    if split == "all":
        return docs
    want = 2 if split == "test" else None
    return [d for i, d in enumerate(docs) if (i % 3 == 2) == (want == 2)]


def _score_doc(doc: dict, found: list) -> tuple[int, int, int, int, list[str], list[str]]:
    """(true positives, predicted, gold, canonical among matched, false positives, misses)."""
    gold = [
        (_norm(p["name"]), {_norm(p["name"]), *(_norm(a) for a in p.get("aliases", []))}) for p in doc["people_detail"]
    ]
    used: set[int] = set()
    tp = canonical = 0
    false_pos: list[str] = []
    pending = []
    for person in found:  # first pass: found names that are a gold canonical name
        forms = [_norm(person.name), *(_norm(a) for a in person.aliases)]
        hit = next((i for i, (name, _) in enumerate(gold) if i not in used and forms[0] == name), None)
        if hit is None:
            pending.append((person, forms))
            continue
        used.add(hit)
        tp += 1
        canonical += 1
    for person, forms in pending:  # then names or aliases that are a gold alias
        hit = next((i for i, (_, names) in enumerate(gold) if i not in used and forms[0] in names), None)
        if hit is None:
            hit = next(
                (i for i, (_, names) in enumerate(gold) if i not in used and any(f in names for f in forms)), None
            )
        if hit is None:
            false_pos.append(person.name)
            continue
        used.add(hit)
        tp += 1
    misses = [doc["people_detail"][i]["name"] for i in range(len(gold)) if i not in used]
    return tp, len(found), len(gold), canonical, false_pos, misses


def evaluate(split: str = "all", *, errors: bool = False) -> dict:
    """People P/R/F1, canonical rate and speed on one split; {'skipped': reason} without data."""
    docs = load(split)
    if not docs:
        return {"skipped": f"no data at {DATA}"}
    from briefing.core.analysis.people import find_people

    find_people("warm up the word lists, Mr. Smith said.")
    tp = pred = gold = canonical = words = 0
    elapsed = 0.0
    details = []
    for doc in docs:
        best = float("inf")
        for _ in range(3):  # best of three CPU times: the machine is shared, wall time is noise
            t0 = time.process_time()
            result = find_people(doc["text"])
            best = min(best, time.process_time() - t0)
        elapsed += best
        words += len(doc["text"].split())
        a, b, c, d, fp, miss = _score_doc(doc, result.people)
        tp, pred, gold, canonical = tp + a, pred + b, gold + c, canonical + d
        if errors and (fp or miss):
            details.append({"id": doc["id"], "false_positives": fp, "missed": miss})
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    out = {
        "split": split,
        "docs": len(docs),
        "gold": gold,
        "found": pred,
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        "canonical_rate": round(canonical / tp, 3) if tp else 0.0,
        "ms_per_doc": round(1000 * elapsed / len(docs), 2),
        "ms_per_600_words": round(1000 * elapsed / words * 600, 2),
    }
    if errors:
        out["errors"] = details
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("all", "dev", "test"), default=None)
    parser.add_argument("--errors", action="store_true", help="list false positives and misses per document")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"eval_people: skipped, {DATA} not found", file=sys.stderr)
        return 0
    print("people on GUM Wikinews (41 docs sorted by id; every 3rd doc is the held-out test split)")
    for split in [args.split] if args.split else ["dev", "test", "all"]:
        res = evaluate(split, errors=args.errors)
        errs = res.pop("errors", [])
        print(json.dumps(res))
        for e in errs:
            print("  ", json.dumps(e, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
