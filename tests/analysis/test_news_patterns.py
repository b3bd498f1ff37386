"""Patterns of real news that the held-out set showed the analysis getting wrong, each on our own text.

Fictional people and bodies throughout; each test is one general pattern, not one article.
"""

from __future__ import annotations

from briefing.core.analysis import analyse
from briefing.core.analysis.people import find_people
from briefing.core.analysis.quotes import explain, extract_quotes


def roles(text: str) -> dict[str, str | None]:
    return {p.name: p.role for p in find_people(text).people}


def speakers(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in extract_quotes(text, find_people(text))]


def proposed(text: str) -> list[tuple[str, str | None]]:
    """What the attribution rules propose, before the speaker ranker's confidence check."""
    pairs = [(q.text, q.speaker) for q, _ in explain(text, find_people(text), ranker=False)]
    final = speakers(text)
    # the ranker may only keep a proposal or make it None (unsure), never name somebody else
    assert all(f[1] in (p[1], None) for f, p in zip(final, pairs)), (final, pairs)
    return pairs


# --- roles ---------------------------------------------------------------------------------------


def test_long_and_coordinated_appositive_roles() -> None:
    text = (
        "Tomas Vilkas, the head of Lithuania's state grid operator and a government adviser on energy, "
        "said the line would open in May."
    )
    assert roles(text)["Tomas Vilkas"] == ("head of Lithuania's state grid operator and a government adviser on energy")


def test_an_age_before_the_appositive() -> None:
    text = "Helen Marsh, 61, the former finance director of Coastline Ferries, denied the charges."
    assert roles(text)["Helen Marsh"] == "former finance director of Coastline Ferries"


def test_copular_roles() -> None:
    text = (
        "Ana Ribeiro became Finance Minister on Monday. Jonas Brandt, a former party treasurer, was named "
        "Interior Minister. Priya Nair will serve as minister for digital affairs. "
        "Oscar Lund, who ran the rail company for a decade, will become transport secretary in May."
    )
    found = roles(text)
    assert found["Ana Ribeiro"] == "Finance Minister"
    assert found["Jonas Brandt"] == "Interior Minister"
    assert found["Priya Nair"] == "minister for digital affairs"
    assert found["Oscar Lund"] == "transport secretary"


def test_appointed_as() -> None:
    text = "The club appointed Mateo Ferrer, currently its academy director, as head coach on Friday."
    assert roles(text)["Mateo Ferrer"] == "head coach"


def test_occupations_and_kin_before_a_name() -> None:
    text = (
        "The violinist Saga Lind and the conductor Emil Storm performed. Her son, Nils Lind, said she "
        "would have loved it. Witness Jon Berg said the hall was full."
    )
    found = roles(text)
    assert found["Emil Storm"] == "conductor"
    assert found["Nils Lind"] == "son"
    assert found["Jon Berg"] == "Witness"
    assert found["Saga Lind"] == "violinist"


def test_lower_case_word_inside_a_capitalised_title() -> None:
    text = (
        "Chief operating officer Rosa Quint said costs fell. European Union trade commissioner Piet "
        "Maas said talks went on. On Monday Kremlin spokesman Ivan Sorokin said nothing. He met "
        "Foreign Minister Olga Petrova."
    )
    found = roles(text)
    assert found["Rosa Quint"] == "Chief operating officer"
    assert found["Piet Maas"] == "European Union trade commissioner"
    assert found["Ivan Sorokin"] == "Kremlin spokesman"  # the day is not part of the title
    assert found["Olga Petrova"] == "Foreign Minister"


def test_role_before_a_comma_at_the_sentence_start() -> None:
    text = (
        "Another economist, Lars Holm of Nordbank, said rates would fall. The opposition housing "
        "spokesperson, Maeve Tully, says the plan fails renters."
    )
    found = roles(text)
    assert found["Lars Holm"] == "economist"
    assert found["Maeve Tully"] == "opposition housing spokesperson"


# --- who is a person -----------------------------------------------------------------------------


def test_wire_credits_and_datelines_are_not_people() -> None:
    text = (
        "OSLO, Norway, Nov 3 (Meridian) - Norway's wealth fund sold its stake, chief executive Kari Dahl "
        "said on Monday.\n\n(Reporting by Terje Solvang; Editing by Hugh Lawson)"
    )
    names = [p.name for p in find_people(text).people]
    assert names == ["Kari Dahl"]


def test_name_particles_inside_a_name() -> None:
    text = "The talks were chaired by Joao Pereira do Amaral. Pereira do Amaral said they would resume."
    assert [p.name for p in find_people(text).people] == ["Joao Pereira do Amaral"]


def test_bodies_named_like_people() -> None:
    text = (
        "Analyst Ruth Kemper of Morgan Hale said the bid was low. The think tank Green Compass "
        "disagreed, and the Liberty Forward party called for a vote."
    )
    names = [p.name for p in find_people(text).people]
    assert names == ["Ruth Kemper"]


# --- quotes --------------------------------------------------------------------------------------


def test_the_ministry_said_names_the_body_named_before() -> None:
    text = (
        "Chile's mining ministry said output fell 4%.\n\n"
        '"The fall reflects maintenance at two large mines," the ministry said in a statement.'
    )
    assert speakers(text) == [("The fall reflects maintenance at two large mines", "Chile's mining ministry")]


def test_a_named_subject_beats_an_unresolved_pronoun_after_the_quote() -> None:
    text = (
        'Chile\'s army said its units had repelled "a large-scale assault" on positions that it said '
        "were held by reservists."
    )
    assert speakers(text) == [("a large-scale assault", "Chile's army")]


def test_a_pronoun_sentence_carries_the_speaker_to_the_next_quote() -> None:
    text = (
        'Coach Dana Whitfield was furious after the game. "That was not a foul," she told reporters.\n\n'
        'She said her players had done enough to win. "We dominated the second half. I am proud of them."'
    )
    assert [s for _, s in speakers(text)] == ["Dana Whitfield", "Dana Whitfield"]


def test_according_to_a_titled_person_named_in_apposition() -> None:
    text = (
        "The draft was weakened overnight, according to Peru's environment minister, Rosa Quispe, who "
        'called the change "a step in the wrong direction."'
    )
    assert speakers(text) == [("a step in the wrong direction.", "Rosa Quispe")]


def test_interview_answers_belong_to_the_interviewee() -> None:
    text = (
        "Transport Secretary Alan Greer spoke to us about the new rail line.\n\n"
        "Q: When will it open?\n\n"
        "Greer: Not before 2030. We want to get it right rather than fast.\n\n"
        "Q: Critics say it costs too much.\n\n"
        "Greer: Every big project is called too expensive until people use it."
    )
    quotes = extract_quotes(text, find_people(text))
    assert [(q.text, q.speaker) for q in quotes] == [
        ("Not before 2030. We want to get it right rather than fast.", "Alan Greer"),
        ("Every big project is called too expensive until people use it.", "Alan Greer"),
    ]
    assert all(text[q.start : q.end] == q.text for q in quotes)


def test_a_single_quoted_paragraph_continues_the_speaker() -> None:
    text = (
        "‘We were second best today,’ said manager Keith Rowe.\n\n"
        "‘There is no hiding from that. We have to be better on Saturday.’"
    )
    assert speakers(text) == [
        ("We were second best today", "Keith Rowe"),
        ("There is no hiding from that. We have to be better on Saturday.", "Keith Rowe"),
    ]


# --- summary -------------------------------------------------------------------------------------


def test_summary_skips_a_headline_line_and_a_dateline() -> None:
    text = (
        "Port strike ends as workers accept 'fair' offer\n\n"
        "ROTTERDAM, Netherlands, May 2 (Meridian) - Dock workers in Rotterdam voted on Friday to accept a "
        "pay offer, ending a strike that had stranded hundreds of containers for two weeks.\n\n"
        "The union said 81% of members backed the deal, which raises wages by 6% this year."
    )
    result = analyse(text)
    assert result.summary[0].startswith("Dock workers in Rotterdam voted")
    assert not any("Port strike ends" in s for s in result.summary)
    assert not any(q.text == "fair" for q in result.quotes)  # a headline's quote is not reported


def test_bylines_photo_credits_and_author_notes_are_not_people() -> None:
    text = (
        "Library opening hours to be extended\n\n"
        "By Nadia Okoro and Liam Pratt, Staff Writers\n\n"
        "The county library will open on Sundays from March, director Paula Reyes said on Tuesday.\n\n"
        "Photo: Readers queue outside the main branch. (Sam Ortiz/Staff)\n\n"
        "By Monday, more than 400 residents had signed a petition in favour, Reyes said.\n\n"
        "Nadia Okoro is a staff writer covering local government."
    )
    result = analyse(text)
    assert [p.name for p in result.people] == ["Paula Reyes"]
    assert not any("staff writer" in s for s in result.summary)


def test_a_bare_title_names_its_holder_not_the_shadow_one() -> None:
    text = (
        "Finance Minister Ilse Vogt defended the budget on Sunday.\n\n"
        'Shadow Finance Minister Karl Brenner called it reckless. "It will cost jobs," he said.\n\n'
        'Speaking on radio, the Finance Minister said: "Every figure in it is funded."'
    )
    assert proposed(text)[-1] == ("Every figure in it is funded.", "Ilse Vogt")


def test_a_title_for_the_one_person_just_named() -> None:
    text = (
        "Marta Lindqvist has defended her decision to freeze the thresholds.\n\n"
        "Speaking to reporters on Sunday, the Chancellor said: ‘I kept every promise I made.’"
    )
    assert speakers(text) == [("I kept every promise I made.", "Marta Lindqvist")]


def test_the_union_said_and_a_nationality_for_the_person_just_named() -> None:
    text = (
        "Talks between the GMB union and Coastway Buses broke down on Monday.\n\n"
        '"Our drivers have run out of patience," the union said in a statement.\n\n'
        'Ines Duarte beat Mia Kovac in the final. Kovac said she had been tired. "Ines deserved it," '
        "the Croatian said."
    )
    assert proposed(text) == [("Our drivers have run out of patience", "GMB union"), ("Ines deserved it", "Mia Kovac")]


def test_who_chairs_gives_a_role() -> None:
    text = "Omar Haddad, who chairs the Riverside Tenants Association, said rents had doubled."
    assert roles(text)["Omar Haddad"] == "chairs the Riverside Tenants Association"
