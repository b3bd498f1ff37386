"""Quote extraction and speaker attribution measured on PolNeAR (../shared/eval/polnear, internal only).

A predicted quote matches a gold quote when their token F1 is at least 0.8 (one-to-one, best pairs
first). Speaker accuracy is over matched gold quotes that have a speaker: the gold-name subset (the
speaker comes from PolNeAR's gold Source span) and the silver subset (CoreNLP coreference) apart.
PolNeAR's conversion only paired “…” and "…" marks, so articles quoting with '' … '' have no gold
quotes at all; they are left out of the main figure (``skip_doubled_apostrophes``) and counted apart.

Speaker right (``speaker_gold_acc``): the predicted name equals the gold canonical name after folding
case, accents, apostrophes, middle initials, party tags ("D-Wis.") and a leading "Mr."/"The", or one
name's words lie within the other's with the same last word ("Glenn T. Ashworth" / "Glenn Ashworth").
``speaker_gold_acc_in_source`` also counts a prediction whose every word stands in PolNeAR's raw Source
span: the gold conversion sometimes took an organisation from an appositive as the speaker ("Len Burman,
head of the Tax Policy Center" -> "Tax Policy Center"); the strict figure is the headline one.
People come from the real ``briefing.core.analysis.people.find_people``.

Run: python -m bench.eval_quotes [--split test] [--errors N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

from tests.support.holdout import match as match  # the one copy of the quote matching (re-exported)
from tests.support.holdout import token_f1 as token_f1

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
POLNEAR = SHARED / "eval" / "polnear" / "quotes.jsonl"
GOLD_RESOLUTIONS = ("name-in-source", "surname->fullname-in-doc", "name-in-source(single-token)", "ambiguous-surname")

_TOKEN = re.compile(r"\w+", re.UNICODE)


def load(split: str = "all") -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in POLNEAR.read_text(encoding="utf-8").splitlines() if line.strip()]
    if split == "train+dev":
        return [r for r in rows if r["split"] in ("train", "dev")]
    return rows if split == "all" else [r for r in rows if r["split"] == split]


def tokens(s: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(s)]


def _norm_name(name: str) -> list[str]:
    name = re.sub(r"['’]s\b", "", name)
    name = name.replace("’", "'").replace("'", "")  # O'Neill == O’Neill == ONeill
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = re.sub(r"\b[DRI]-[A-Z][\w.]*", "", name)  # party tags the gold kept: "Gwen Moore D-Wis."
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z-]*", name.lower())]
    while words and words[0] in ("the", "mr", "mrs", "ms", "dr"):
        words.pop(0)
    return [w for w in words if len(w) > 1 or not words]  # middle initials do not decide identity


def same_speaker(pred: str | None, gold: str) -> bool:
    """Same person: equal names, or one name's words within the other's with the same surname."""
    if not pred:
        return False
    p, g = _norm_name(pred), _norm_name(gold)
    if not p or not g:
        return False
    if p == g:
        return True
    return p[-1] == g[-1] and (set(p) <= set(g) or set(g) <= set(p))


def in_mention(pred: str | None, mention: str) -> bool:
    """Every word of the predicted name stands in PolNeAR's raw Source span ("Len Burman, head of ...")."""
    if not pred:
        return False
    words = set(_norm_name(mention))
    p = _norm_name(pred)
    return bool(p) and all(w in words for w in p)


def _people(text: str, row: dict | None = None):
    from briefing.core.analysis.people import find_people

    return find_people(text)


def evaluate(split: str = "all", *, skip_doubled_apostrophes: bool = True, errors: list | None = None) -> dict:
    """Quote P/R/F1 and speaker accuracy on a PolNeAR split; {'skipped': reason} without ../shared."""
    if not POLNEAR.exists():
        return {"skipped": f"{POLNEAR} not found"}
    from briefing.core.analysis.quotes import explain

    rows = load(split)
    tp = n_pred = n_gold = 0
    speaker = {"gold": [0, 0], "silver": [0, 0]}
    in_source = 0  # gold-name subset: right by name, or the predicted name lies in the raw Source span
    rules: Counter[str] = Counter()
    skipped_docs = 0
    elapsed = elapsed_people = 0.0
    words = 0
    for row in rows:
        text = row["text"]
        if skip_doubled_apostrophes and "''" in text and not row["quotes"]:
            skipped_docs += 1
            continue
        t_people = time.perf_counter()
        people = _people(text, row)
        t0 = time.perf_counter()
        predicted = explain(text, people)
        elapsed += time.perf_counter() - t0
        elapsed_people += t0 - t_people
        words += len(text.split())
        gold = row["quotes"]
        pairs = match([q.text for q, _ in predicted], [g["text"] for g in gold])
        tp += len(pairs)
        n_pred += len(predicted)
        n_gold += len(gold)
        for gi, pi in pairs.items():
            g = gold[gi]
            if not g["speaker"]:
                continue
            subset = "gold" if g["speaker_resolution"] in GOLD_RESOLUTIONS else "silver"
            q, rule = predicted[pi]
            right = same_speaker(q.speaker, g["speaker"])
            speaker[subset][0] += right
            speaker[subset][1] += 1
            if subset == "gold":
                rules[(rule, right)] += 1
                in_source += right or in_mention(q.speaker, g["speaker_mention"])
            if errors is not None and not right:
                errors.append(
                    {
                        "doc": row["id"],
                        "subset": subset,
                        "gold": g["speaker"],
                        "mention": g["speaker_mention"],
                        "pred": q.speaker,
                        "rule": rule,
                        "context": text[max(0, g["start"] - 160) : g["end"] + 90],
                    }
                )
        if errors is not None:
            matched_p = set(pairs.values())
            for pi, (q, _) in enumerate(predicted):
                if pi not in matched_p:
                    errors.append(
                        {
                            "doc": row["id"],
                            "subset": "fp",
                            "quote": q.text,
                            "context": text[max(0, q.start - 80) : q.end + 40],
                        }
                    )
            for gi, g in enumerate(gold):
                if gi not in pairs:
                    errors.append(
                        {
                            "doc": row["id"],
                            "subset": "fn",
                            "quote": g["text"],
                            "context": text[max(0, g["start"] - 80) : g["end"] + 40],
                        }
                    )
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {
        "split": split,
        "docs": len(rows) - skipped_docs,
        "docs_skipped_doubled_apostrophes": skipped_docs,
        "quotes_gold": n_gold,
        "quotes_pred": n_pred,
        "quote_p": round(p, 4),
        "quote_r": round(r, 4),
        "quote_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "speaker_gold_acc": round(speaker["gold"][0] / speaker["gold"][1], 4) if speaker["gold"][1] else None,
        "speaker_gold_n": speaker["gold"][1],
        "speaker_gold_acc_in_source": round(in_source / speaker["gold"][1], 4) if speaker["gold"][1] else None,
        "speaker_silver_acc": round(speaker["silver"][0] / speaker["silver"][1], 4) if speaker["silver"][1] else None,
        "speaker_silver_n": speaker["silver"][1],
        "ms_per_600_words": round(elapsed / max(words, 1) * 600 * 1000, 3),  # quotes only
        "ms_per_600_words_with_people": round((elapsed + elapsed_people) / max(words, 1) * 600 * 1000, 3),
        "rules_gold": {f"{k[0]}:{'ok' if k[1] else 'wrong'}": v for k, v in sorted(rules.items())},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default=None, choices=["all", "train", "dev", "test", "train+dev"])
    parser.add_argument("--errors", type=int, default=0, help="print this many errors of each kind")
    parser.add_argument("--kind", default=None, help="only errors of this subset (gold/silver/fp/fn)")
    args = parser.parse_args(argv)
    if not POLNEAR.exists():
        print(f"skipped: {POLNEAR} not found")
        return 0
    for split in [args.split] if args.split else ["train", "dev", "test", "all"]:
        errors: list | None = [] if args.errors else None
        result = evaluate(split, errors=errors)
        print(json.dumps(result))
        if errors:
            by_kind: dict[str, list] = {}
            for e in errors:
                by_kind.setdefault(e["subset"], []).append(e)
            for kind, items in by_kind.items():
                if args.kind and kind != args.kind:
                    continue
                print(f"--- {kind}: {len(items)}")
                for e in items[: args.errors]:
                    print(json.dumps(e, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
