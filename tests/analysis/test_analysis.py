"""analyse(): summary + people + quotes from text or HTML, on a story we wrote."""

from __future__ import annotations

import subprocess
import sys

from briefing.core.analysis import analyse, strip_tags, to_text
from briefing.core.models import Analysis

STORY_HTML = """
<article>
  <h1>Riverton bridge to reopen in May</h1>
  <p>The mayor of Riverton, Jane Holloway, said on Monday that the Old Mill bridge would reopen
  to traffic in May after eighteen months of repairs.</p>
  <figure><img src="bridge.jpg"><figcaption>The bridge in March</figcaption></figure>
  <p>&ldquo;We are nearly there,&rdquo; Holloway told reporters at the town hall.
  The repairs cost $4.2 million, most of it paid by the regional government.</p>
  <script>trackVisitor();</script>
  <p>Not everyone was pleased. &ldquo;It is too little, too late,&rdquo; said Tom Ortiz,
  who runs a hardware shop beside the river.</p>
</article>
"""

STORY_TEXT = (
    "Astronomer Lena Marsh said on Thursday that her team had found a comet that will pass close "
    'to Earth in 2031. "It is bright enough to see with binoculars," Marsh said. '
    "The observatory in Kellin will publish the orbit next week."
)


def test_plain_text_analysis() -> None:
    result = analyse(STORY_TEXT, title="Comet found by Kellin observatory")
    assert isinstance(result, Analysis)
    assert result.summary and result.summary[0].startswith("Astronomer Lena Marsh said")
    assert "Lena Marsh" in [p.name for p in result.people]
    assert "Marsh" not in [p.name for p in result.people]
    quote = next(q for q in result.quotes if q.text.startswith("It is bright enough"))
    assert quote.speaker == "Lena Marsh"
    assert STORY_TEXT[quote.start : quote.end] == quote.text


def test_html_analysis_uses_the_readable_text() -> None:
    result = analyse(STORY_HTML, html=True, title="Riverton bridge to reopen in May")
    text = to_text(STORY_HTML)
    joined = " ".join(result.summary)
    assert "<" not in joined and "trackVisitor" not in joined
    assert "Jane Holloway" in joined
    names = [p.name for p in result.people]
    assert "Jane Holloway" in names and "Tom Ortiz" in names
    by_text = {q.text: q for q in result.quotes}
    assert by_text["We are nearly there"].speaker == "Jane Holloway"
    assert by_text["It is too little, too late"].speaker == "Tom Ortiz"
    for q in result.quotes:  # offsets refer to the converted text
        assert text[q.start : q.end] == q.text


def test_summary_length_and_method_are_passed_through() -> None:
    short = analyse(STORY_TEXT, summary_words=10)
    longer = analyse(STORY_TEXT, summary_words=80)
    assert len(short.summary) < len(longer.summary)
    lead = analyse(STORY_TEXT, summary_words=10, method="lead")
    assert lead.summary == (STORY_TEXT.split(". ")[0] + ".",)


def test_empty_input() -> None:
    assert analyse("") == Analysis()
    assert analyse("<p></p>", html=True).summary == ()


def test_deterministic() -> None:
    first = analyse(STORY_HTML, html=True)
    assert all(analyse(STORY_HTML, html=True) == first for _ in range(3))


def test_fallback_tag_stripper() -> None:
    assert strip_tags("<p>One &amp; two</p><script>x()</script><p>Three</p>") == "One & two\n\nThree"


def test_importing_the_package_does_not_load_the_analysis() -> None:
    code = (
        "import sys, briefing, briefing.core.models; "
        "print(any(m == 'sumy' or m.startswith(('sumy.', 'nltk')) for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    code = "import sys, briefing.core.analysis; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_evaluations_skip_cleanly_without_the_shared_sets(tmp_path) -> None:
    """A user's clone has no ../shared: the bench scripts say so and exit 0."""
    import shutil
    from pathlib import Path

    repo = tmp_path / "clone"
    shutil.copytree(Path(__file__).resolve().parents[2] / "bench", repo / "bench")
    for module in ("bench.eval_analysis", "bench.eval_summaries"):
        out = subprocess.run([sys.executable, "-m", module], cwd=repo, capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        assert "skipped" in out.stdout
