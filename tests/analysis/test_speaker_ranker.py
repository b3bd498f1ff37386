"""The speaker ranker (briefing/core/analysis/speaker_ranker.py): a wrong speaker is rare, an unsure one is None.

Our own fictional texts (people, bodies and places invented). The rules propose a speaker; the
ranker scores every candidate around the quote and names one only above its calibrated threshold.
"""

from __future__ import annotations

from briefing.core.analysis.people import find_people
from briefing.core.analysis.quotes import explain, extract_quotes, rule_attributions
from briefing.core.analysis.quotes.marks import mask_markup
from briefing.core.analysis.speaker_ranker import load_model, rank


def speakers(text: str) -> list[str | None]:
    return [q.speaker for q in extract_quotes(text, find_people(text))]


def test_another_bodys_spokesperson_is_not_credited() -> None:
    text = (
        "Anna Berg, a spokeswoman for the Harbour Authority, said Pier 9 in Valmora was safe.\n\n"
        "The Dockers' Union disagreed. “Nobody has shown us a safety report,” its spokesman said."
    )
    # the union's unnamed spokesman is not the authority's spokeswoman
    assert speakers(text) == [None]


def test_two_spokespeople_for_different_principals() -> None:
    text = (
        "Anna Berg, a spokeswoman for the Harbour Authority, and Piet Olsen, a spokesman for the "
        "Dockers' Union, met in Valmora on Monday.\n\n"
        "“The pier is safe,” the authority's spokeswoman said. “Nobody has shown us a safety report,” "
        "the union spokesman said."
    )
    first, second = speakers(text)
    assert first in ("Anna Berg", None)  # never the union's man
    assert second in ("Piet Olsen", None)


def test_an_unsure_pronoun_gives_none() -> None:
    text = (
        "Ana Ruiz met Clara Vidal at the ferry terminal in Porto Lindo on Monday. The two argued for "
        "an hour about the timetable.\n\n“It went well,” she said."
    )
    ((quote, rule),) = explain(text, find_people(text))
    assert quote.speaker is None and quote.speaker_kind is None
    assert rule == "unsure"


def test_clear_attributions_are_confident() -> None:
    text = (
        "The Harbour Authority and the Dockers' Union traded blame for the closure of Pier 9 in Valmora.\n\n"
        "“The pier is safe and will reopen on Friday,” said Anna Berg, a spokeswoman for the Harbour "
        "Authority.\n\n"
        "“Nobody has shown us a safety report,” said Piet Olsen, a spokesman for the Dockers' Union.\n\n"
        "Mayor Lena Holt stayed out of it. “We will wait for the inspectors,” she said."
    )
    model = load_model()
    assert model is not None
    masked = mask_markup(text)
    spans, found, finder = rule_attributions(masked, find_people(text))
    choices = rank(masked, finder, spans, found, model)
    assert [c.name for c in choices] == ["Anna Berg", "Piet Olsen", "Lena Holt"]
    assert all(c.confidence >= model.threshold for c in choices)
    assert speakers(text) == ["Anna Berg", "Piet Olsen", "Lena Holt"]


def test_confidences_are_probabilities_and_deterministic() -> None:
    model = load_model()
    assert model is not None and 0.0 < model.threshold < 1.0
    text = (
        "Ana Ruiz met Clara Vidal in Porto Lindo.\n\n“It went well,” she said.\n\n"
        "“The ferry stays,” said Mayor Lena Holt."
    )
    masked = mask_markup(text)
    people = find_people(text)
    spans, found, finder = rule_attributions(masked, people)
    first = rank(masked, finder, spans, found, model)
    again = rank(masked, finder, spans, found, model)
    assert first == again
    assert all(0.0 <= c.confidence <= 1.0 for c in first)
    unsure, sure = first
    assert unsure.name is None and unsure.confidence < model.threshold
    assert sure.name == "Lena Holt" and sure.confidence >= model.threshold > unsure.confidence


def test_the_shipped_weights_are_numbers_and_feature_names_only() -> None:
    import json
    import re
    from importlib import resources

    data = json.loads(resources.files("briefing.core.data").joinpath("speaker_ranker.json").read_text("utf-8"))
    assert all(re.fullmatch(r"(pr:)?[a-z0-9_]+", k) for k in data["weights"]), "a feature name that is not ours"
    assert all(isinstance(v, float | int) for v in data["weights"].values())
    assert all(re.fullmatch(r"[a-z]+", k) and isinstance(v, float | int) for k, v in data["rule_priors"].items())
    assert len(data["calibration"]) == 3 and 0.0 < data["threshold"] < 1.0
