"""People extraction on our own texts: names, roles, aliases, mentions, organisations, gender."""

from __future__ import annotations

import time

import pytest

from briefing.core.analysis.people import Mention, PeopleResult, find_people, is_organisation

WIRE = (
    "Envoys meet in Geneva as ceasefire talks resume\n"
    "GENEVA, Monday — Matvei Chernogorov, a senior adviser to the Kremlin, arrived in Geneva on Monday "
    "for a second round of talks with White House envoy Dale Huxtable. Kremlin spokesperson Arkady "
    'Lubenko said the meeting would be "businesslike". Secretary of State Rafael Quiroga told reporters '
    "in Washington that Wallace Brandt wanted a deal before the end of March.\n"
    "Officials from the European Union and NATO were not invited. Interfax reported that Chernogorov had "
    "brought a written proposal. Chernogorov's plan, seen by the Valley Courier, would freeze the front "
    "line along the Dnipro.\n"
    'Mr. Lubenko later said the Kremlin was "cautiously hopeful". Huxtable declined to comment on '
    'Thursday. Chernogorov said: "We came to listen." Quiroga is expected to join on Friday.'
)


@pytest.fixture(scope="module")
def wire() -> PeopleResult:
    return find_people(WIRE)


def _names(result: PeopleResult) -> set[str]:
    return {p.name for p in result.people}


def test_every_named_person_once_under_the_fullest_name(wire: PeopleResult) -> None:
    assert _names(wire) == {"Matvei Chernogorov", "Dale Huxtable", "Arkady Lubenko", "Rafael Quiroga", "Wallace Brandt"}


def test_roles_from_titles_and_appositives(wire: PeopleResult) -> None:
    roles = {p.name: p.role for p in wire.people}
    assert roles["Dale Huxtable"] == "White House envoy"
    assert roles["Arkady Lubenko"] == "Kremlin spokesperson"
    assert roles["Rafael Quiroga"] == "Secretary of State"
    assert roles["Matvei Chernogorov"] == "senior adviser to the Kremlin"
    assert roles["Wallace Brandt"] is None


def test_places_organisations_days_and_sentence_openers_are_not_people(wire: PeopleResult) -> None:
    found = " ".join(_names(wire) | {a for p in wire.people for a in p.aliases})
    for word in (
        "Geneva",
        "Kremlin",
        "White House",
        "Interfax",
        "NATO",
        "European",
        "Monday",
        "Thursday",
        "Friday",
        "March",
        "Officials",
        "Envoys",
        "Washington",
        "Dnipro",
        "Valley Courier",
    ):
        assert word not in found


def test_surname_possessive_and_honorific_mentions_are_merged(wire: PeopleResult) -> None:
    chernogorov = next(p for p in wire.people if p.name == "Matvei Chernogorov")
    assert chernogorov.mentions == 4
    assert chernogorov.aliases == ("Chernogorov",)
    for surface in ("Chernogorov", "Mr. Chernogorov", "Chernogorov's", "Chernogorov’s", "Matvei Chernogorov"):
        assert wire.resolve(surface) == "Matvei Chernogorov"
    assert wire.resolve("Mr. Lubenko") == "Arkady Lubenko"
    assert wire.resolve("Geneva") is None


def test_mentions_are_offsets_into_the_text(wire: PeopleResult) -> None:
    assert all(isinstance(m, Mention) for m in wire.mentions)
    assert [m.start for m in wire.mentions] == sorted(m.start for m in wire.mentions)
    surfaces = {(WIRE[m.start : m.end], m.name) for m in wire.mentions}
    assert ("Chernogorov", "Matvei Chernogorov") in surfaces  # possessive 's left outside the span
    assert ("Lubenko", "Arkady Lubenko") in surfaces  # "Mr." left outside the span
    assert ("Quiroga", "Rafael Quiroga") in surfaces
    per_person = {p.name: p.mentions for p in wire.people}
    for name, count in per_person.items():
        assert sum(m.name == name for m in wire.mentions) == count


def test_salience_puts_the_most_mentioned_speaker_first(wire: PeopleResult) -> None:
    assert wire.people[0].name == "Matvei Chernogorov"
    assert wire.people[-1].name == "Wallace Brandt"


def test_organisations_are_found_with_offsets(wire: PeopleResult) -> None:
    orgs = {WIRE[o.start : o.end] for o in wire.organisations}
    assert {"Interfax", "Kremlin", "NATO"} <= orgs
    assert not orgs & _names(wire)
    interfax = WIRE.index("Interfax")
    assert wire.is_organisation(interfax, interfax + len("Interfax"))
    assert wire.is_organisation("the Kremlin")
    assert not wire.is_organisation("Chernogorov")


@pytest.mark.parametrize(
    "span",
    [
        "the Kremlin",
        "Interfax",
        "White House",
        "the Foreign Ministry",
        "Harbour Authority",
        "University of Helsinki",
        "BBC News",
        "FBI",
    ],
)
def test_is_organisation_true(span: str) -> None:
    assert is_organisation(span)


@pytest.mark.parametrize("span", ["Arkady Lubenko", "Monday", "Geneva", "Russian", "the spokesman"])
def test_is_organisation_false(span: str) -> None:
    assert not is_organisation(span)


def test_gender_from_honorific_first_name_and_pronouns() -> None:
    text = (
        "Ms. Okafor opened the hearing. Tomasz Brzezinski, the committee clerk, said he had the papers. "
        "Harriet Lindqvist said she would vote against it. Quentavius Marsh told the room his mind was made up."
    )
    result = find_people(text)
    assert result.gender("Okafor") == "f"
    assert result.gender("Tomasz Brzezinski") == "m"
    assert result.gender("Lindqvist") == "f"
    assert result.gender("Quentavius Marsh") == "m"  # an unknown first name: the pronoun decides


def test_particles_initials_hyphens_and_apostrophes() -> None:
    text = (
        "Ursula von der Leyen met J. K. Rowling and Jean-Luc O'Neill in Brussels on Tuesday. "
        "Later, von der Leyen thanked O'Neill."
    )
    result = find_people(text)
    assert _names(result) == {"Ursula von der Leyen", "J. K. Rowling", "Jean-Luc O'Neill"}
    assert next(p for p in result.people if p.name == "Jean-Luc O'Neill").mentions == 2


def test_titles_are_stripped_into_the_role() -> None:
    text = (
        "President Amara Okonjo arrived late. Former Prime Minister Lars Eklund, who lost the election, "
        "did not. Dr. Helen Voss said the data were clear. Senator Ruth Calder spoke last."
    )
    result = find_people(text)
    roles = {p.name: p.role for p in result.people}
    assert roles["Amara Okonjo"] == "President"
    assert roles["Lars Eklund"] == "Former Prime Minister"
    assert roles["Ruth Calder"] == "Senator"
    assert "Helen Voss" in roles


def test_role_in_apposition_before_the_name() -> None:
    text = "The city's port director, Ingrid Solberg, said traffic was up. Its chief executive, Omar Haddad, agreed."
    roles = {p.name: p.role for p in find_people(text).people}
    assert roles == {"Ingrid Solberg": "city's port director", "Omar Haddad": "chief executive"}


def test_lone_surname_speaker_and_asian_names() -> None:
    text = (
        "Lawmaker Leung Wai-kit of the Civic Party won the seat. Kim Ji-won finished second. "
        '"It was close," Leung said.'
    )
    result = find_people(text)
    assert _names(result) == {"Leung Wai-kit", "Kim Ji-won"}
    assert result.resolve("Leung") == "Leung Wai-kit"


def test_no_people_in_a_text_without_names() -> None:
    text = (
        "Heavy rain closed three roads in the north on Sunday. The Met Office said more rain was likely. "
        "Residents in Leeds and York were told to avoid travel. Officials said the river would peak on Monday."
    )
    result = find_people(text)
    assert result.people == []
    assert result.mentions == []


def test_title_argument_adds_people_named_only_in_the_headline() -> None:
    body = "The minister said the budget would pass. Nwachukwu's aides declined to comment."
    result = find_people(body, title="Finance Minister Ada Nwachukwu defends budget")
    assert _names(result) == {"Ada Nwachukwu"}
    assert all(0 <= m.start < m.end <= len(body) for m in result.mentions)
    assert [body[m.start : m.end] for m in result.mentions] == ["Nwachukwu"]


def test_empty_and_odd_inputs() -> None:
    assert find_people("").people == []
    assert find_people("   \n\n").people == []
    assert find_people("A” “ ' ’s —").people == []


def test_fast_enough_for_a_long_article() -> None:
    """A loose bound (the machine is shared); bench/eval_people.py measures the real figure (~3 ms)."""
    article = (WIRE + "\n") * 6  # about 900 words
    find_people(article)
    best = min(_timed(find_people, article) for _ in range(5))
    assert best < 0.1


def _timed(fn, *args) -> float:
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


def test_demo_gold_people() -> None:
    """Regression over our hand-annotated demo articles (briefing/demo/gold.json)."""
    demo = pytest.importorskip("briefing.demo")
    gold = demo.load_gold()
    found_total = right = gold_total = roles_right = 0
    for item in gold["articles"]:
        article = demo.demo_article(item["guid"])
        result = find_people(article.text(), title=article.title)
        expected = {p["name"]: (p.get("role") or "").lower() for p in item["people"]}
        found = {p.name: (p.role or "").lower() for p in result.people}
        found_total += len(found)
        gold_total += len(expected)
        right += len(found.keys() & expected.keys())
        roles_right += sum(found[name] == expected[name] for name in found.keys() & expected.keys())
    assert gold_total
    assert right / gold_total >= 0.95
    assert right / found_total >= 0.9
    assert roles_right / right >= 0.85


def test_titles_of_works_bands_and_venues_are_not_people() -> None:
    text = (
        "The exhibition pairs Nadia Ferreira's prints with Silver Harbour, a painting lent by the Velvet "
        "Orchard gallery. Savage Garden played at the Corner Theatre. Ferreira said the show would tour."
    )
    result = find_people(text)
    assert _names(result) == {"Nadia Ferreira"}


def test_unknown_names_without_cues_are_found_when_not_english_words() -> None:
    text = "The second goal came from Obafemi Lukwago after a cross by Teodoro Zwiebach in the 70th minute."
    assert _names(find_people(text)) == {"Obafemi Lukwago", "Teodoro Zwiebach"}


def test_lone_first_name_in_mid_sentence() -> None:
    text = "We started the shop in 2009. My sister Margaret and I still run it with Dennis on weekends."
    assert {"Margaret", "Dennis"} <= _names(find_people(text))


def test_surname_first_list_entries() -> None:
    text = (
        "Reading list:\nAshdown, Charlotte. A governess finds her own way.\n"
        "Pellow, Charles and Thackley, Wilkie. Two friends write a play together.\n"
    )
    assert _names(find_people(text)) == {"Charlotte Ashdown", "Charles Pellow", "Wilkie Thackley"}


def test_title_case_headline_words_are_not_names() -> None:
    text = (
        "Veteran Senator Makes Surprise Return As Harriet Okafor Joins Race\n"
        "Harriet Okafor said on Monday she would stand again. Okafor served two terms."
    )
    result = find_people(text)
    assert _names(result) == {"Harriet Okafor"}
    assert result.people[0].mentions == 3


def test_different_middle_initials_are_different_people() -> None:
    text = "Hal R. Brennan served two terms. His son Hal T. Brennan ran in 2010. Hal R. Brennan endorsed him."
    assert _names(find_people(text)) == {"Hal R. Brennan", "Hal T. Brennan"}


def test_given_name_recovered_from_a_run_after_an_organisation() -> None:
    text = (
        "The founder of Kestrel Labs Ngozika Okoro started the petition. "
        '"We just want answers," Okoro said. Okoro has since met the regulator.'
    )
    result = find_people(text)
    assert _names(result) == {"Ngozika Okoro"}
    assert result.people[0].mentions == 3


def test_large_hostile_inputs_stay_linear() -> None:
    headline = "Senator Makes Surprise Return As Harriet Okafor Joins Race\n" * 2000
    repeated = "Harriet Okafor met Tomas Brun. Okafor said he was right. " * 2000
    for text in (headline, repeated, "A" * 100_000, "\x00\u202e Ünïcödé – “quoted” " * 2000):
        assert _timed(find_people, text) < 5.0
    assert _names(find_people(repeated)) == {"Harriet Okafor", "Tomas Brun"}


def test_a_clear_given_name_outweighs_a_nearby_pronoun() -> None:
    result = find_people("Harriet Okafor met Tomas Brun. Okafor said he was right.")
    assert result.gender("Harriet Okafor") == "f"
    assert result.gender("Brun") == "m"


def test_brands_quoted_titles_and_inner_titles() -> None:
    text = (
        'Engineers at BrightLoom said the update was late. The album "Harold Finch" sold well, '
        "Maya Lund said. Ohio Lt. Gov. Dana Whitlock opened the plant, and Marcel The Lighthouse Keeper "
        "won the short-film prize."
    )
    result = find_people(text)
    assert _names(result) == {"Maya Lund", "Dana Whitlock"}


def test_short_given_names_join_the_full_form() -> None:
    text = "Lawrence Abara chairs the panel. Larry Abara, as colleagues call him, said little. Abara left early."
    result = find_people(text)
    assert [p.name for p in result.people] == ["Lawrence Abara"]
    assert result.people[0].mentions == 3


def test_relative_clause_age_and_profession_cues() -> None:
    text = (
        "Rucker Tallow, who runs the food bank, said demand had doubled. "
        '"We are full," Quimby Ardent, 34, said. It is temporary, says epidemiologist Vesna Korhal.'
    )
    result = find_people(text)
    assert _names(result) == {"Rucker Tallow", "Quimby Ardent", "Vesna Korhal"}
    assert {p.name: p.role for p in result.people}["Vesna Korhal"] == "epidemiologist"


def test_headline_words_after_a_name_are_cut_off() -> None:
    text = (
        "Senator Ilse Varga Praised By Former Rivals\n"
        "Ilse Varga spoke in Tampere on Monday. Varga said the plan would work.\n"
        "Party Leader Ruud Hollander Joins Growing List Of Critics\n"
        "Ruud Hollander said he had doubts. Hollander added that the vote was close."
    )
    result = find_people(text)
    assert _names(result) == {"Ilse Varga", "Ruud Hollander"}
    assert not any(p.name.endswith(("Praised", "Joins", "List", "Critics")) for p in result.people)


def test_family_members_sharing_a_surname_are_not_merged() -> None:
    text = (
        "Marta Lindqvist introduced her brother, Johan Lindqvist, at the dinner. Later Lindqvist said "
        "he would run for the council seat. Marta Lindqvist said she was proud. Lindqvist added that "
        "she would manage his campaign."
    )
    result = find_people(text)
    assert _names(result) == {"Marta Lindqvist", "Johan Lindqvist"}
    bare = [(m.start, m.name) for m in result.mentions if text[m.start : m.end] == "Lindqvist"]
    assert [name for _, name in bare] == ["Johan Lindqvist", "Marta Lindqvist"]


def test_teams_products_and_venues_with_a_name_like_first_word() -> None:
    text = (
        "The Cleveland Cavaliers beat the Charlotte Panthers on Sunday. Fans queued at Alexandra Palace "
        "for the launch, and downloads of Mozilla Firefox rose. Players downloaded Super Mario Run, "
        "which lets them run and jump. Analyst Priya Raman said sales were strong."
    )
    assert _names(find_people(text)) == {"Priya Raman"}


def test_honorific_or_title_before_an_ordinary_word_is_no_person() -> None:
    text = (
        "Critics said the host called the winner \u201cMiss Piggy\u201d. The former Miss Universe Aurelia "
        "Montane said she was hurt. Buy the Developer Bundle today, said the ad."
    )
    assert _names(find_people(text)) == {"Aurelia Montane"}


def test_plural_acronyms_and_zero_width_characters() -> None:
    text = "MPs must be safe, said IMF Managing Director Kristalina \u200cVelcheva on Tuesday."
    result = find_people(text)
    assert _names(result) == {"Kristalina Velcheva"}
    mention = result.mentions[0]
    assert text[mention.start : mention.end] == "Kristalina \u200cVelcheva"


def test_a_text_in_another_language_keeps_only_clear_names() -> None:
    text = (
        "El presidente del Consejo Europeo dijo que la reunión de la Revista Hola fue un éxito, y que "
        "el Imperio Ruso cayó en 1917 cuando la revolución llegó a la capital de la región. Según el "
        "ministro Carlos Ortega, la economía de la provincia crece más que la del resto del país."
    )
    names = _names(find_people(text))
    assert "Carlos Ortega" in names
    assert not names & {"Consejo Europeo", "Revista Hola", "Imperio Ruso"}


def test_sports_clubs_are_not_people() -> None:
    text = (
        "Eastfield Athletic had led for most of the match. Rovers manager Sergio Lindqvist praised his "
        "side. Joel Mbatha scored twice for Caldermouth Rovers, and Lindqvist said Eastfield Athletic "
        "were unlucky."
    )
    assert [p.name for p in find_people(text).people] == ["Sergio Lindqvist", "Joel Mbatha"]


def test_a_name_set_beside_an_organisation_noun_is_no_person_anywhere_in_the_story() -> None:
    # the demo's port operator: two unknown capitalised words, once the subject of "said"
    text = (
        "Dockers at Tarnwick walked out on Monday. The operating company, Korvath Lantrie, said in a statement "
        'that it was "weighing every option". Union leader Hedda Solvang said the strike would go on.\n\n'
        "Korvath Lantrie said on Tuesday that it would meet the union next month."
    )
    result = find_people(text)
    assert [p.name for p in result.people] == ["Hedda Solvang"]
    assert "Korvath Lantrie" in {text[o.start : o.end] for o in result.organisations}


def test_a_role_drops_the_possessive_pronoun_that_points_back_into_the_story() -> None:
    text = (
        "Ilse Marwood launched her bid for mayor of Brennick on Monday. Tomas Vell, her campaign director, "
        "said the first rally would be held at the harbour."
    )
    roles = {p.name: p.role for p in find_people(text).people}
    assert roles["Tomas Vell"] == "campaign director"


def test_a_title_before_a_surname_named_in_full_elsewhere_is_that_persons_title() -> None:
    # "Judge" is also a given name in the name lists: it must not make "Judge Whitcombe" a second person
    text = (
        "Justice Eleanor Whitcombe ruled on Thursday that the strike at Brennick could go ahead. "
        '"Judge Whitcombe has close knowledge of the docks," said Professor Nathaniel Aldous.'
    )
    people = find_people(text).people
    assert sorted(p.name for p in people) == ["Eleanor Whitcombe", "Nathaniel Aldous"]
    assert next(p for p in people if p.name == "Eleanor Whitcombe").mentions == 2


def test_a_name_followed_by_which_and_no_person_cue_is_no_person() -> None:
    text = (
        "Dockers at Tarnwick went back to work on Friday. Korvath Lantrie, which runs the ferry terminal, "
        "said it would meet union leader Hedda Solvang next month. Korvath Lantrie said talks would be long."
    )
    result = find_people(text)
    assert [p.name for p in result.people] == ["Hedda Solvang"]
