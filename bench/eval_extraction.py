"""Score ``briefing.core.fulltext.extract_article`` on the article-extraction benchmark's dev half.

    python -m bench.eval_extraction [--http] [--show-worst N]

../shared/eval/article-extraction: 91 real pages with their article bodies. Each page gets the
title and teaser a feed would carry (the page's og:title / <title> and og:description / meta
description), then our ``extract_article`` and trafilatura's plain ``extract()`` (its defaults)
run on the same pages in the same run. The metric is the benchmark's: multisets of 4-token
shingles of ``\\w+`` tokens, lower-cased; precision/recall/F1 per page, averaged over pages. A
page whose result is a teaser or a failure scores with an empty text (so the teaser fallback costs
recall here, as it should).

``--http`` serves the pages on 127.0.0.1 and fetches them through ``PageFetcher`` first (the
pages are then extracted from what came over HTTP). Both extractors are timed one page after
another in one process.

``--speed N``: N pages (the 91 cycled) served by 50 servers on 50 loopback addresses
(127.0.0.1-50, so 50 hosts for the per-host limits) behind a teaser feed, fetched and extracted by
``fetch_full_texts`` (threads + 2 extraction processes), against trafilatura's ``extract()`` on the
same N pages one after another in one process. Also checks coverage: every page ends with full
text or a recorded reason. Skips with a note without ../shared.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO.parent / "shared" / "eval" / "article-extraction"
sys.path.insert(0, str(REPO))

from briefing.core.fulltext.extract import extract_article  # noqa: E402

_TOKEN = re.compile(r"\w+")


def shingles(text: str | None) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall((text or "").lower())
    return Counter(tuple(tokens[i : i + 4]) for i in range(max(0, len(tokens) - 3)))


def score(predicted: str | None, truth: str) -> tuple[float, float, float]:
    """The benchmark's precision, recall and F1 of one page."""
    pred, true = shingles(predicted), shingles(truth)
    if not pred and not true:
        return 1.0, 1.0, 1.0
    if not pred or not true:
        return 0.0, 0.0, 0.0
    common = sum((pred & true).values())
    precision, recall = common / sum(pred.values()), common / sum(true.values())
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def feed_clues(html: str) -> tuple[str, str]:
    """The title and teaser a feed would carry for this page, from the page's own metadata."""
    from lxml import html as lxml_html

    root = lxml_html.fromstring(html)

    def meta(*names: str) -> str:
        for name in names:
            for attr in ("property", "name"):
                found = root.xpath(f"//meta[@{attr}=$n]/@content", n=name)
                if found and found[0].strip():
                    return str(found[0]).strip()
        return ""

    title = meta("og:title", "twitter:title") or (root.findtext(".//title") or "").strip()
    return title, meta("og:description", "description", "twitter:description")


def load() -> dict[str, tuple[str, str]]:
    truth = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {}
    for key, item in truth.items():
        html = gzip.decompress((BENCH / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8")
        pages[key] = (html, item["url"])
    return {k: (pages[k][0], truth[k]["articleBody"]) for k in pages} | {
        "__urls__": json.dumps({k: v[1] for k, v in pages.items()})
    }  # type: ignore[dict-item]


def fetch_over_http(pages: dict[str, str]) -> tuple[dict[str, str], float]:
    """Serve the pages on 127.0.0.1 and fetch them with PageFetcher; (html by key, seconds)."""
    from briefing.core.fulltext.pages import PageFetcher
    from tests.support.http import ScriptedServer

    with ScriptedServer() as server:
        for key, html in pages.items():
            server.route(f"/{key}.html", html, content_type="text/html; charset=utf-8")
        fetched: dict[str, str] = {}
        started = time.perf_counter()
        with PageFetcher(feed_url=server.url("/feed.xml")) as fetcher:
            results = fetcher.fetch_many([server.url(f"/{key}.html") for key in pages])
        for key, result in zip(pages, results):
            fetched[key] = result.html if result.ok else ""
        return fetched, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--http", action="store_true", help="fetch the pages over HTTP on 127.0.0.1 first")
    parser.add_argument("--speed", type=int, default=0, metavar="N", help="time N pages from 50 hosts (see above)")
    parser.add_argument("--show-worst", type=int, default=0, metavar="N", help="list the N worst pages of ours")
    args = parser.parse_args(argv)
    if not BENCH.is_dir():
        print(f"skipped: {BENCH} not found")
        return 0
    import trafilatura

    loaded = load()
    urls = json.loads(loaded.pop("__urls__"))  # type: ignore[arg-type]
    html = {k: v[0] for k, v in loaded.items()}
    truth = {k: v[1] for k, v in loaded.items()}
    if args.speed:
        return speed(args.speed, html, urls)
    if args.http:
        html, seconds = fetch_over_http(html)
        print(f"fetched {sum(1 for h in html.values() if h)}/{len(html)} pages over HTTP in {seconds:.2f} s")
    clues = {k: feed_clues(h) if h else ("", "") for k, h in html.items()}

    ours: dict[str, str] = {}
    statuses: Counter[str] = Counter()
    methods: Counter[str] = Counter()
    started = time.perf_counter()
    for key, page in html.items():
        result = extract_article(page, urls[key], title=clues[key][0], teaser=clues[key][1])
        ours[key] = result.text
        statuses[result.status] += 1
        methods[result.method or "-"] += 1
        if result.status != "fetched":
            print(f"  {key[:12]}: {result.status}: {result.reason}")
    ours_seconds = time.perf_counter() - started

    plain: dict[str, str] = {}
    started = time.perf_counter()
    for key, page in html.items():
        plain[key] = trafilatura.extract(page, url=urls[key]) or ""
    plain_seconds = time.perf_counter() - started

    n = len(truth)
    print(f"\n{n} pages; ours: {dict(statuses)}, pass used: {dict(methods)}\n")
    print("| extractor | precision | recall | F1 | time, 91 pages one after another |")
    print("|---|---:|---:|---:|---:|")
    table = {}
    for name, got, seconds in (
        ("briefing extract_article", ours, ours_seconds),
        (f"trafilatura {trafilatura.__version__} extract() defaults", plain, plain_seconds),
    ):
        scores = [score(got[k], truth[k]) for k in truth]
        table[name] = scores
        p, r, f = (sum(s[i] for s in scores) / n for i in range(3))
        print(f"| {name} | {p:.3f} | {r:.3f} | **{f:.3f}** | {seconds:.2f} s |")
    if args.show_worst:
        worst = sorted(truth, key=lambda k: score(ours[k], truth[k])[2])[: args.show_worst]
        for key in worst:
            p, r, f = score(ours[key], truth[key])
            tp, tr, tf = score(plain[key], truth[key])
            print(f"  {key[:12]} ours P {p:.2f} R {r:.2f} F {f:.2f} | plain F {tf:.2f} | {urls[key][:70]}")
    return 0


def speed(count: int, pages: dict[str, str], urls: dict[str, str], hosts: int = 50) -> int:
    """fetch_full_texts over ``count`` pages from ``hosts`` loopback hosts vs sequential extract()."""
    import trafilatura

    from briefing.core.fulltext.batch import PageJob, fetch_full_texts
    from tests.support.http import ScriptedServer

    keys = sorted(pages)
    chosen = [keys[i % len(keys)] for i in range(count)]
    servers = [ScriptedServer(host=f"127.0.0.{n + 1}").start() for n in range(hosts)]
    try:
        jobs = []
        for i, key in enumerate(chosen):
            server = servers[i % hosts]
            server.route(f"/story/{i}", pages[key], content_type="text/html; charset=utf-8")
            title, teaser = feed_clues(pages[key])
            host = f"http://127.0.0.{i % hosts + 1}:{server.port}"  # ScriptedServer.url() always says 127.0.0.1
            jobs.append(PageJob(i, f"{host}/story/{i}", title, teaser, feed_url="http://127.0.0.1/feed.xml"))
        started = time.perf_counter()
        results = fetch_full_texts(jobs)
        ours = time.perf_counter() - started
    finally:
        for server in servers:
            server.stop()
    started = time.perf_counter()
    for key in chosen:
        trafilatura.extract(pages[key], url=urls[key])
    sequential = time.perf_counter() - started
    statuses = Counter(r.status for r in results)
    unexplained = [r for r in results if r.status != "fetched" and not r.error]
    for reason, n in Counter(r.error for r in results if r.error).most_common(5):
        print(f"  {n} x {reason}")
    print(
        f"{count} pages from {hosts} hosts: fetch_full_texts {ours:.2f} s; trafilatura extract() one after "
        f"another {sequential:.2f} s; ratio {ours / sequential:.2f}x (target <= 1.5x)"
    )
    print(f"coverage: {len(results)}/{count} results, {dict(statuses)}, without a reason: {len(unexplained)}")
    return 0 if len(results) == count and not unexplained else 1


if __name__ == "__main__":
    raise SystemExit(main())
