"""Sentence splitting and word tokens on news prose we wrote ourselves."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.core.text import TOKENIZER, Span, sentences, split_sentences, to_sentences, to_words, tokens, words


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Mr. Okafor met Dr. Lindqvist in St. Albans. They talked for an hour.",
            ["Mr. Okafor met Dr. Lindqvist in St. Albans.", "They talked for an hour."],
        ),
        (
            "The plan was backed by George W. Pellow and J. R. Hartley in 2004. Nobody objected.",
            ["The plan was backed by George W. Pellow and J. R. Hartley in 2004.", "Nobody objected."],
        ),
        (
            "She moved to the U.S. from Ghana in 1998. The U.S. Senate later honoured her.",
            ["She moved to the U.S. from Ghana in 1998.", "The U.S. Senate later honoured her."],
        ),
        (
            "Sales rose 4.5% in the U.S. The company said margins held.",
            ["Sales rose 4.5% in the U.S.", "The company said margins held."],
        ),
        (
            "The vote is on Jan. 14 at 9 a.m. Eastern time. Polls close at 8 p.m. The count follows.",
            ["The vote is on Jan. 14 at 9 a.m. Eastern time.", "Polls close at 8 p.m.", "The count follows."],
        ),
        (
            'He said: "The bridge is safe." Engineers disagreed.',
            ['He said: "The bridge is safe."', "Engineers disagreed."],
        ),
        (
            "“We will rebuild.” The mayor left the stage.",
            ["“We will rebuild.”", "The mayor left the stage."],
        ),
        (
            '"Is it over?" she asked. Nobody answered.',
            ['"Is it over?" she asked.', "Nobody answered."],
        ),
        (
            "They waited... The doors finally opened. Then came the rush.",
            ["They waited...", "The doors finally opened.", "Then came the rush."],
        ),
        (
            "Acme Ltd. said profits fell. No. 2 seed Ruiz advanced.",
            ["Acme Ltd. said profits fell.", "No. 2 seed Ruiz advanced."],
        ),
        (
            "Flood Waters Recede In Harwick\nResidents returned home on Sunday. Roads stay shut.",
            ["Flood Waters Recede In Harwick", "Residents returned home on Sunday.", "Roads stay shut."],
        ),
        (
            "A rescue boat near the pier\nCoastguards searched the bay overnight.",
            ["A rescue boat near the pier", "Coastguards searched the bay overnight."],
        ),
    ],
)
def test_news_edge_cases(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_offsets_point_into_the_text() -> None:
    text = "  The council met.  It voted 7-2 for the plan!\n\nWork starts in June."
    spans = split_sentences(text)
    assert [s.text for s in spans] == ["The council met.", "It voted 7-2 for the plan!", "Work starts in June."]
    for span in spans:
        assert isinstance(span, Span)
        assert text[span.start : span.end] == span.text


def test_hard_wrapped_lines_are_joined() -> None:
    text = "The ferry service will resume next week after\nrepairs to the harbour wall. Fares are unchanged."
    spans = split_sentences(text)
    assert [s.text for s in spans] == [
        "The ferry service will resume next week after repairs to the harbour wall.",
        "Fares are unchanged.",
    ]
    assert text[spans[0].start : spans[0].end].replace("\n", " ") == spans[0].text


def test_blank_and_punctuation_only_input() -> None:
    assert split_sentences("") == []
    assert split_sentences("   \n\n ") == []
    assert split_sentences("... -- !!") == []
    assert sentences("No final stop here") == ["No final stop here"]


def test_words_and_tokens() -> None:
    assert words("Park Seo-yeon didn't say 3 words.") == ["Park", "Seo-yeon", "didn't", "say", "words"]
    assert tokens("It cost $3.5 million, or 10,000 fewer.") == ["It", "cost", "3.5", "million", "or", "10,000", "fewer"]


def test_tokenizer_object_for_sumy() -> None:
    assert TOKENIZER.language == "english"
    assert TOKENIZER.to_sentences("One thing. Another thing.") == ("One thing.", "Another thing.")
    assert to_sentences("One. Two.") == ("One.", "Two.")
    assert to_words("Officials’ plans changed") == ("Officials", "plans", "changed")


def test_sumy_parser_runs_without_nltk_data() -> None:
    from sumy.parsers.plaintext import PlaintextParser

    doc = PlaintextParser.from_string("The port reopened. Ships queued for hours.", TOKENIZER).document
    assert [str(s) for s in doc.sentences] == ["The port reopened.", "Ships queued for hours."]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab Z.?!\"'\n”’(…3")), max_size=80))
def test_spans_are_ordered_and_inside_the_text(text: str) -> None:
    spans = split_sentences(text)
    last = 0
    for span in spans:
        assert last <= span.start < span.end <= len(text)
        assert span.text.strip() == span.text and span.text
        last = span.end


def test_no_is_an_abbreviation_only_before_a_number() -> None:
    assert [s.text for s in split_sentences("Will shops run out? No. Supermarkets say they have plenty.")] == [
        "Will shops run out?",
        "No.",
        "Supermarkets say they have plenty.",
    ]
    assert [s.text for s in split_sentences("He lives at No. 10 Downing Street. Then he left.")] == [
        "He lives at No. 10 Downing Street.",
        "Then he left.",
    ]
