"""clean.py: HTML becomes readable text; nothing a terminal would obey survives sanitize()."""

from __future__ import annotations

import time
import unicodedata

from briefing.core.clean import MAX_TEXT_CHARS, html_to_text, plain_to_text, sanitize, sanitize_line
from tests.support.unsafe import FORBIDDEN, MAY_STAY, MUST_GO, unsafe_in


def test_paragraphs_are_blank_line_separated_and_lines_collapse() -> None:
    html = "<p>The quay  was\n   quiet.</p><p>Then the  boats came.</p>"
    assert html_to_text(html) == "The quay was quiet.\n\nThen the boats came."


def test_list_items_become_lines_and_br_breaks_a_line() -> None:
    html = "<p>Timetable:</p><ul><li>6:40</li><li>9:15 <b>new</b></li></ul><p>one<br>two</p>"
    assert html_to_text(html) == "Timetable:\n\n• 6:40\n• 9:15 new\n\none\ntwo"


def test_scripts_styles_iframes_and_pixels_are_dropped_but_their_tails_kept() -> None:
    html = (
        "<div>Lead<script>var x = '<p>not text</p>';</script> one"
        "<style>p { color: red }</style> two<iframe src='https://ads.example'>ad text</iframe>"
        " three<img src='https://pixel.example/p.gif' width='1' height='1'> four</div>"
    )
    text = html_to_text(html)
    assert text == "Lead one two three four"


def test_entities_are_decoded() -> None:
    assert (
        html_to_text("<p>Fish &amp; chips &ndash; &#8364;5 &lt;today&gt;&nbsp;only</p>")
        == "Fish & chips – €5 <today> only"
    )


def test_text_without_markup_keeps_its_paragraphs() -> None:
    assert html_to_text("First line\n\n\n\nSecond   paragraph") == "First line\n\nSecond paragraph"
    assert plain_to_text("a <b> is literal\n\nnext") == "a <b> is literal\n\nnext"


def test_inline_elements_do_not_add_spaces_inside_words() -> None:
    assert html_to_text("<p>harb<i>our</i> master</p>") == "harbour master"


def test_headings_and_tables_stay_readable() -> None:
    html = "<h2>Results</h2><table><tr><td>Gulls</td><td>3</td></tr><tr><td>Terns</td><td>1</td></tr></table>"
    assert html_to_text(html) == "Results\n\nGulls 3\n\nTerns 1"


def test_empty_and_comment_only_inputs_give_empty_text() -> None:
    assert html_to_text("") == ""
    assert html_to_text(None) == ""
    assert html_to_text("<!-- nothing here -->") == ""
    assert html_to_text("<script>only()</script>") == ""


def test_deeply_nested_html_keeps_its_words_quickly() -> None:
    html = "<div>" * 50_000 + "deep words" + "</div>" * 50_000 + "<p>after</p>"
    started = time.perf_counter()
    text = html_to_text(html)
    assert time.perf_counter() - started < 5
    assert "deep words" in text and "after" in text


def test_huge_html_is_capped() -> None:
    html = "<p>" + "word " * 400_000 + "</p>"
    text = html_to_text(html)
    assert len(text) <= MAX_TEXT_CHARS + 2
    assert text.startswith("word word")


def test_sanitize_strips_csi_and_keeps_the_words() -> None:
    assert sanitize("\x1b[31mred\x1b[0m and \x1b[2J\x1b[Hcleared") == "red and cleared"
    assert sanitize("8-bit \x9b31mcsi") == "8-bit csi"


def test_sanitize_strips_osc8_hyperlinks_and_osc52_clipboard_writes() -> None:
    link = "\x1b]8;;https://evil.example\x1b\\click here\x1b]8;;\x1b\\"
    assert sanitize(f"Please {link} now") == "Please click here now"
    clipboard = "\x1b]52;c;cm0gLXJmIH4=\x07"
    assert sanitize(f"safe{clipboard} text") == "safe text"
    assert sanitize("title\x1b]0;new window title\x1b\\ end") == "title end"


def test_sanitize_unterminated_osc_only_loses_its_introducer() -> None:
    text = sanitize("before \x1b]8;;https://x.example no terminator")
    assert "\x1b" not in text
    assert text.startswith("before ") and text.endswith("no terminator")


def test_sanitize_strips_bidi_controls_nul_c1_and_lone_surrogates() -> None:
    dirty = "abc\u202edef\u2066ghi\u2069 nul\x00 bell\x07 c1\x85\x90 del\x7f sur\ud800rogate"
    clean = sanitize(dirty)
    assert unsafe_in(clean) == []
    assert clean.startswith("abcdefghi nul bell")
    assert "surrogate" in clean


def test_sanitize_strips_the_bidi_marks_that_used_to_pass() -> None:
    # LRM, RLM and ALM reorder the neutral characters around them as surely as an override does.
    assert sanitize("Fare 12\u200f-\u200e40 crowns\u061c today") == "Fare 12-40 crowns today"
    assert sanitize_line("\ufeffQuay\u200b side\u2060 notice\U000e0041\U000e0042") == "Quay side notice"
    assert html_to_text("<p>Tide &#x200F;tables&#8206; &#x61C;out</p>") == "Tide tables out"
    # ... while right-to-left scripts, accents and emoji stay as they are
    text = "Harbour \u05e0\u05de\u05dc \u0645\u064a\u0646\u0627\u0621 caf\u00e9 \U0001f6a2\tdone\nnext"
    assert sanitize(text) == text


def test_every_listed_character_is_stripped_from_every_kind_of_feed_text() -> None:
    line_ends = {"\r": "quay\nside", "\x85": "quay\nside"}  # CR and NEL end a line like LF
    introducers = set("\x1b\x90\x98\x9b\x9d\x9e\x9f")  # start an escape sequence: it goes with what follows
    for first, last, why in MUST_GO:
        for cp in range(first, last + 1):
            ch, name = chr(cp), (f"U+{cp:04X}", why)
            for clean in (sanitize, sanitize_line, plain_to_text):
                assert unsafe_in(clean(f"quay{ch}side")) == [], name
            if ch not in introducers:
                assert sanitize_line(f"quay{ch}side") in ("quayside", "quay side"), name
                assert sanitize(f"quay{ch}side") == line_ends.get(ch, "quayside"), name
            if cp > 0x9F:  # C0/C1 as references are the HTML parser's business (tested above)
                assert html_to_text(f"<p>quay{ch}side &#x{cp:X};end</p>") == "quayside end", name


def test_every_control_and_bidi_class_character_of_unicode_is_on_the_list() -> None:
    """Unicode's own tables, not our pattern: each Cc (but tab and newline) and each bidi control must go,
    and each format character (Cf) is either stripped or kept on purpose."""
    bidi_controls = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
    for cp in range(0x110000):
        ch = chr(cp)
        category = unicodedata.category(ch)
        if category == "Cc" and ch not in "\t\n":
            assert ch in FORBIDDEN, f"U+{cp:04X}"
        if unicodedata.bidirectional(ch) in bidi_controls:
            assert ch in FORBIDDEN, f"U+{cp:04X} {unicodedata.name(ch, '')}"
        if category == "Cf":
            assert (ch in FORBIDDEN) != (cp in MAY_STAY), f"U+{cp:04X} {unicodedata.name(ch, '')}: strip or keep?"
            if cp not in MAY_STAY:
                assert sanitize(f"a{ch}b") == "ab", f"U+{cp:04X} {unicodedata.name(ch, '')}"
    kept = "".join(chr(cp) for cp in MAY_STAY)
    assert sanitize(kept) == kept


def test_sanitize_keeps_tabs_newlines_and_normalises_carriage_returns() -> None:
    assert sanitize("a\tb\r\nc\rd\ne") == "a\tb\nc\nd\ne"
    assert sanitize("") == ""


def test_sanitize_line_makes_one_line() -> None:
    assert sanitize_line("  Ferry\n  news\t today \x1b[1m!\u2028more ") == "Ferry news today ! more"
    assert sanitize_line(None) == ""


def test_entities_that_decode_to_escapes_are_stripped_after_decoding() -> None:
    text = html_to_text("<p>&#27;[31mred&#x1b;[0m &#x202E;txet &#0;end</p>")
    assert unsafe_in(text) == []
    assert "red" in text and "end" in text


def test_control_character_references_never_fake_breaks() -> None:
    # \x01 and \x02 mark breaks inside html_to_text; a feed must not be able to forge them.
    assert html_to_text("a &#1; b &#x02; c") == "a b c"
    assert html_to_text("0<P>&#3<P>0") == "0\n\n0"  # found by hypothesis
    assert html_to_text("&#32;x&#160;y &#8364;") == "x y €"


def test_raw_escape_bytes_inside_html_are_stripped() -> None:
    text = html_to_text("<p>\x1b]8;;https://evil.example\x1b\\win\x1b]8;;\x1b\\ \x00prizes\u202e</p>")
    assert text == "win prizes"


def test_html_to_text_is_fast_enough_for_a_big_refresh() -> None:
    body = "".join(f"<p>{'The council met on Tuesday to discuss the harbour budget. ' * 4}</p>" for _ in range(4))
    started = time.perf_counter()
    for _ in range(500):
        html_to_text(body)
    per_item = (time.perf_counter() - started) / 500
    # ~50 µs here on one core; the bound leaves room for a loaded shared machine.
    assert per_item < 0.002


# --- properties: any input at all -------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

TRICKY = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<li>",
        "<br>",
        "<script>",
        "</script>",
        "&amp;",
        "&#27;",
        "&#x202e;",
        "&#0;",
        "\x1b[",
        "\x1b]8;;",
        "\x1b\\",
        "\x07",
        "\x9b",
        "\u202e",
        "\u2066",
        "\u200e",
        "\u200f",
        "\u061c",
        "\ufeff",
        "\ud800",
        "\x00",
        "\r\n",
        "<!--",
        "-->",
        "<pre>",
        "&",
    ]
)
MIXED = st.lists(st.one_of(st.text(max_size=8), TRICKY), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_sanitize_never_lets_a_control_through(text: str) -> None:
    clean = sanitize(text)
    assert unsafe_in(clean) == []
    assert "\n" not in sanitize_line(text) and unsafe_in(sanitize_line(text)) == []


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_html_to_text_never_raises_and_is_always_safe(html: str) -> None:
    text = html_to_text(html)
    assert unsafe_in(text) == []
    assert text == text.strip() and "\n\n\n" not in text
    text.encode("utf-8")  # valid Unicode: no lone surrogates
