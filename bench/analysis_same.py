"""Does a faster analysis give exactly the same output? ``analyse()`` before and after, compared.

    git archive <old commit> | tar -x -C /tmp/before
    python -m bench.analysis_same --against /tmp/before          # runs the old tree in a subprocess
    python -m bench.analysis_same --write out.json                # this tree's outputs, for later
    python -m bench.analysis_same --time [--against /tmp/before]  # CPU per analyse(), by source

Texts: the bundled demo stories, tests/data (the held-out set and the test feeds), synthetic
bench feeds (bench.feedgen), and when ``../shared`` is there the shared summary set and every
item of ``../shared/corpora/real-feeds`` (skipped, with a note, without it). Each text is analysed
with the default settings; a sample also with other words/method settings. Exit status 1 on any
difference, with the first few differences shown.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
# (words, method) settings tried on every EXTRA_EVERY-th text, besides the default (75, "news")
EXTRA_SETTINGS = ((40, "news"), (150, "news"), (75, "lead"), (75, "lexrank"), (60, "textrank"))
EXTRA_EVERY = 7


def texts() -> Iterator[tuple[str, str | None, str]]:
    """(label, title, body text) of every text in the comparison, in a fixed order."""
    from bench.feedgen import feed_xml
    from briefing.core.feeds import parse_feed

    def feed_items(label: str, data: bytes) -> Iterator[tuple[str, str | None, str]]:
        try:
            parsed = parse_feed(data, {}, "http://127.0.0.1/feed")
        except Exception as exc:  # noqa: BLE001 - a file that is not a feed is no text to compare
            print(f"  note: {label}: not parsed ({type(exc).__name__})", file=sys.stderr)
            return
        for n, entry in enumerate(parsed.entries):
            if entry.body:
                yield f"{label}#{n}", entry.title, entry.body

    with tempfile.TemporaryDirectory() as tmp:
        from briefing.demo import demo_feed_paths

        for path in sorted(demo_feed_paths(dest=Path(tmp))):
            yield from feed_items(f"demo/{path.name}", path.read_bytes())
    for path in sorted((REPO / "tests" / "data" / "feeds").glob("*")):
        if path.is_file():
            yield from feed_items(f"tests/data/feeds/{path.name}", path.read_bytes())
    holdout = REPO / "tests" / "data" / "analysis_holdout.jsonl"
    for n, line in enumerate(holdout.read_text(encoding="utf-8").splitlines()):
        if line.strip():
            row = json.loads(line)
            yield f"holdout#{n}", row.get("title"), row["text"]
    for index in range(1, 6):
        yield from feed_items(f"feedgen/{index}", feed_xml(index, 50).encode())
    if not SHARED.is_dir():
        print(f"  note: {SHARED} not found: the shared summary set and real feeds are skipped", file=sys.stderr)
        return
    summaries = SHARED / "eval" / "summaries.jsonl"
    if summaries.is_file():
        for n, line in enumerate(summaries.read_text(encoding="utf-8").splitlines()):
            if line.strip():
                row = json.loads(line)
                yield f"summaries#{n}", row.get("title"), row["text"]
    real = SHARED / "corpora" / "real-feeds"
    for path in sorted(real.glob("*")):
        if path.is_file() and path.suffix in (".xml", ".atom", ".rss", ".rdf"):
            yield from feed_items(f"real-feeds/{path.name}", path.read_bytes())


def outputs() -> dict[str, Any]:
    """Every text's analysis as plain JSON data (or the error it raised), by label and setting."""
    from briefing.core.analysis import analyse

    out: dict[str, Any] = {}
    for n, (label, title, body) in enumerate(texts()):
        settings = [(75, "news"), *(EXTRA_SETTINGS if n % EXTRA_EVERY == 0 else ())]
        for words, method in settings:
            key = f"{label} [{words} {method}]"
            try:
                out[key] = asdict(analyse(body, title=title, summary_words=words, method=method))
            except Exception as exc:  # noqa: BLE001 - an error is an output too: it must not change
                out[key] = f"{type(exc).__name__}: {exc}"
    return json.loads(json.dumps(out))  # tuples as lists, as the other tree's file reads back


def timings(rounds: int = 3) -> dict[str, float]:
    """CPU milliseconds per default ``analyse()`` by source (demo, feedgen, real-feeds...), best of
    ``rounds`` (process time: other work on a shared machine counts less than in wall time)."""
    import time

    from briefing.core.analysis import analyse

    by_source: dict[str, list[tuple[str | None, str]]] = {}
    for label, title, body in texts():
        by_source.setdefault(label.split("/")[0].split("#")[0], []).append((title, body))
    analyse('Warm-up: Dana Whitlock said "we are ready" on Monday.', title="Warm-up")
    out: dict[str, float] = {}
    for source, items in by_source.items():
        best = float("inf")
        for _ in range(rounds):
            start = time.process_time()
            for title, body in items:
                analyse(body, title=title)
            best = min(best, time.process_time() - start)
        out[f"{source} ({len(items)})"] = best / len(items) * 1000
    return out


def compare(old: dict[str, Any], new: dict[str, Any], show: int = 5) -> int:
    """Print the differences; return how many keys differ."""
    keys = sorted(set(old) | set(new))
    differ = [k for k in keys if old.get(k) != new.get(k)]
    for key in differ[:show]:
        print(
            f"DIFFERENT {key}\n  before: {json.dumps(old.get(key))[:600]}\n  after:  {json.dumps(new.get(key))[:600]}"
        )
    print(f"{len(keys)} analyses compared ({len(set(old) & set(new))} in both), {len(differ)} different")
    return len(differ)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, help="another source tree to compare with (run as a subprocess)")
    parser.add_argument("--write", type=Path, help="write this tree's outputs to this JSON file")
    parser.add_argument("--time", action="store_true", help="CPU per analyse() by source (and --against's)")
    args = parser.parse_args()
    if args.time and args.write:
        args.write.write_text(json.dumps(timings()), encoding="utf-8")
        return 0
    if args.time:
        old_times: dict[str, float] = {}
        if args.against:
            with tempfile.TemporaryDirectory() as tmp:
                target = Path(tmp) / "times.json"
                env = dict(os.environ, PYTHONPATH=str(args.against))
                cmd = [sys.executable, str(Path(__file__).resolve()), "--time", "--write", str(target)]
                subprocess.run(cmd, check=True, env=env, cwd=args.against)
                old_times = json.loads(target.read_text(encoding="utf-8"))
        for source, ms in timings().items():
            before = (
                f"  before {old_times[source]:.3f} ms ({old_times[source] / ms:.2f}x)" if source in old_times else ""
            )
            print(f"{source:24} {ms:.3f} ms per analyse(){before}")
        return 0
    if args.write:
        args.write.write_text(json.dumps(outputs(), ensure_ascii=False), encoding="utf-8")
        return 0
    if not args.against:
        parser.error("give --against TREE or --write FILE")
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "before.json"
        env = dict(os.environ, PYTHONPATH=str(args.against))  # the old tree's briefing (and its bench.feedgen)
        cmd = [sys.executable, str(Path(__file__).resolve()), "--write", str(target)]
        subprocess.run(cmd, check=True, env=env, cwd=args.against)
        old = json.loads(target.read_text(encoding="utf-8"))
    return 1 if compare(old, outputs()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
