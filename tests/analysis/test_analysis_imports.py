"""The default analysis imports neither NLTK nor numpy: each parse process would spend about
0.35 s importing them (sumy's Snowball stemmer comes from NLTK, which imports numpy), for
nothing the default ``news`` method uses. Only sumy's own methods may bring them in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FEED = REPO / "tests" / "data" / "feeds" / "harbour_rss.xml"
HEAVY = ("nltk", "numpy")


def run_probe(script: str) -> str:
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    (line,) = [line for line in done.stdout.splitlines() if line.startswith("RESULT=")]
    return line.removeprefix("RESULT=")


def test_a_parse_process_analyses_a_feed_without_nltk_or_numpy() -> None:
    script = (
        "import sys\n"
        "from briefing.core.backlog import AnalysisOptions\n"
        "from briefing.core.refresh import parse_and_analyse\n"
        f"data = open({str(FEED)!r}, 'rb').read()\n"
        "parsed, analyses = parse_and_analyse(data, {}, 'http://127.0.0.1/feed', None, AnalysisOptions())\n"
        "done = [a for a in analyses if a is not None and a.summary]\n"
        "assert len(done) == len(parsed.entries) > 0, (len(done), len(parsed.entries))\n"
        f"print('RESULT=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    assert run_probe(script) == ""


def test_a_sumy_method_still_works_when_chosen() -> None:
    story = (
        "The ferry service between Orwell Point and the island resumed on Monday after a week of storms. "
        "Harbour staff cleared the slipway overnight. The first crossing carried forty passengers. "
        "Council officers said the timetable would return to normal by the weekend."
    )
    script = (
        "from briefing.core.summarize import summarize\n"
        f"print('RESULT=' + str(len(summarize({story!r}, words=20, method='lexrank'))))\n"
    )
    assert int(run_probe(script)) >= 1
