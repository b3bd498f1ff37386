"""Every rule of people/person_rules.py's ordered table decides a candidate of its own, and
``explain_people`` names it. All people, outlets and places are fictional."""

from __future__ import annotations

import pytest

from briefing.core.analysis.people import explain_people
from briefing.core.analysis.people.person_rules import PERSON_RULES

# rule -> (text, the candidate's words, whether the rule takes it as a person)
CASES: dict[str, tuple[str, str, bool]] = {
    "too-long-or-empty": (
        "The Harbour Alpha Beta Gamma Delta Epsilon Zeta said nothing.",
        "Alpha Beta Gamma Delta Epsilon Zeta",
        False,
    ),
    "listed-elsewhere": ("President Middle East spoke, said Tomas Vell.", "Middle East", False),
    "not-name-shaped": ("I've told Twenty-seven people, said Tomas Vell.", "Twenty-seven", False),
    "place-prefix": ("San Brennick and Fort Lomar were flooded, said Ilse Marwood.", "Fort Lomar", False),
    "role-or-listed-head": ("Chief Executive visited, said Tomas Vell.", "Executive", False),
    "acronym": ("KTVN Lantrie reported the closure, said Tomas Vell.", "KTVN Lantrie", False),
    "non-person-word-inside": (
        "Brennick Harbour Authority said the dock was closed.",
        "Brennick Harbour Authority",
        False,
    ),
    "organisation-word-inside": ("Korvath Lantrie Inc opened, said Tomas Vell.", "Korvath Lantrie Inc", False),
    "cut-initialism": ("Brennick Lantrie B visited the dock, said Tomas Vell.", "Brennick Lantrie B", False),
    "lone-word-unfit": ("Silver Clouds played at the fair, said Tomas Vell.", "Silver", False),
    "plural-role-noun": ("The heat went on. Paramedics said calls had peaked in Brennick.", "Paramedics", False),
    "function-word-inside": ("Marcel The Shell With Shoes was shown, said Tomas Vell.", "Marcel The Shell", False),
    "common-words-run": ("Korvath Heavy Metal Lantrie came, said Tomas Vell.", "Korvath Heavy Metal Lantrie", False),
    "trimmed-lone-word": ("The Lantrie Harbour and Tomas Vell met.", "Tomas", False),
    "titled-plain-word": ("Miss Universe came, said Tomas Vell.", "Universe", False),
    "organisation-tail": ("Korvath Radio said the dock was closed.", "Korvath Radio", False),
    "product-place-or-role-tail": ("Brennick Pro was sold, said Tomas Vell.", "Brennick Pro", False),
    "honorific-or-role": ("Mayor Ilse Marwood opened the harbour.", "Ilse Marwood", True),
    "quoted-title": ('He read "Silver Harbour" on the train, said Tomas Vell.', "Silver Harbour", False),
    "repeated-word": ("Ardo Ardo played, said Tomas Vell.", "Ardo Ardo", False),
    "article-before": ("They visited the Adler Planetarium, said Tomas Vell.", "Adler Planetarium", False),
    "long-organisation-tail": (
        "Korvath Lantrie Holdings was sold, said Tomas Vell.",
        "Korvath Lantrie Holdings",
        False,
    ),
    "lone-word": ("After the storm, Obiorah said the dock was closed.", "Obiorah", True),
    "person-clause": ("Tomas Vell, who runs the harbour, left.", "Tomas Vell", True),
    "introduced-as-speaker": ("The dock closed, said Ikenna Obiorah.", "Ikenna Obiorah", True),
    "all-common-words": ("Savage Love played at the fair, said Tomas Vell.", "Savage Love", False),
    "given-name-first": ("Helena Strand visited the harbour on Monday.", "Helena Strand", True),
    "east-asian-name": ("Tarvek Ji-ran visited the harbour on Monday.", "Tarvek Ji-ran", True),
    "initial-first": ("L. Dale Huxtable visited the harbour on Monday.", "L. Dale Huxtable", True),
    "speaker": ("Korvath Lantrie said the dock was closed.", "Korvath Lantrie", True),
    "unknown-words": ("Korvath Lantrie visited the harbour on Monday.", "Korvath Lantrie", True),
}


@pytest.mark.parametrize("rule", list(CASES))
def test_explain_people_names_the_rule_that_decided(rule: str) -> None:
    text, words, accepted = CASES[rule]
    decisions = {span: (ok, fired) for span, ok, fired in explain_people(text)}
    assert decisions[words] == (accepted, rule)


def test_every_person_rule_has_its_case() -> None:
    names = [name for name, _ in PERSON_RULES]
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(CASES)
