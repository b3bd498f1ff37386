"""Whether a candidate span is a person: the cues and refusals, in order."""

from __future__ import annotations

import re

from briefing.core.analysis.lexicon import (
    ASIAN_SURNAMES,
    FUNCTION_WORDS,
    NUMBER_WORDS,
    ORG_WORDS,
    PARTICLES,
    PLACE_PREFIXES,
    PRODUCT_WORDS,
    SPEECH_VERBS,
    STRONG_ORG_WORDS,
    Lexicon,
    fold,
    is_common,
    is_plain_word,
)
from briefing.core.analysis.people.names import (
    ASIAN_GIVEN,
    CAMEL,
    COMPOUND_ADJ,
    CONTRACTION,
    INITIAL,
    LONE_FIRST_NAMES,
    NAME_CAMEL,
    ROMAN,
    WEAK_NAMES,
    Cand,
)
from briefing.core.analysis.people.tokens import CLOSE_QUOTES, OPEN_QUOTES, POSS_S, Tokens


def _person_clause_next(toks: Tokens, cand: Cand) -> bool:
    """ ", who ..." or an age (", 25,") right after the span: only people take them."""
    i = cand.last + 1
    if i + 1 >= len(toks) or toks.words[i] != ",":
        return False
    nxt = toks.words[i + 1]
    if nxt.lower() in {"who", "whose"}:
        return True
    return nxt.isdigit() and len(nxt) <= 3 and i + 2 < len(toks) and toks.words[i + 2] == ","


def speech_next(toks: Tokens, cand: Cand) -> bool:
    """The span is the subject or object of a speech verb ("X said", "said X")."""
    after = cand.last + 1
    if after < len(toks) and fold(toks.words[after]) in SPEECH_VERBS:
        return True
    before = cand.first - 1
    return before >= 0 and fold(toks.words[before]) in {"said", "says", "added", "wrote"}


def inverted_subject(toks: Tokens, cand: Cand, lex: Lexicon, cands: list[tuple[Cand, str | None, bool]]) -> Cand | None:
    """A list entry written surname first: "Austen, Jane." or "Marx, Karl and Engels, Friedrich."."""
    i = cand.name_first
    if len(cand.words) != 1 or i < 2 or toks.words[i - 1] != "," or not cands:
        return None
    prev = cands[-1][0]
    if len(prev.words) != 1 or prev.last != i - 2 or prev.first != prev.name_first:
        return None
    opens = toks.initial(prev.first) or (prev.first > 0 and toks.words[prev.first - 1] == "and")
    closes = cand.last + 1 < len(toks) and toks.words[cand.last + 1] in {".", ",", "and"}
    given = fold(cand.words[0])
    if not (opens and closes and given in lex.first_names and given not in lex.not_people):
        return None
    surname = fold(prev.words[0])
    if (
        surname in lex.not_people
        or surname in lex.places
        or surname in lex.organisations
        or given in lex.places
        and surname in lex.census_names
    ):  # "Preston, Victoria" is a place
        return None
    return Cand(prev.first, prev.name_first, cand.last, [cand.words[0], prev.words[0]], prev.start, cand.end)


def is_person(cand: Cand, toks: Tokens, lex: Lexicon, role: str | None, lower: set[str], strict: bool = False) -> bool:
    """Whether a candidate names a person; ``lower`` holds the words the article writes in lower case.

    ``strict`` (a text that is not in English) drops the cue-less path for unknown words, which in a
    Spanish or Slovak text mostly finds ordinary words ("Consejo Europeo")."""
    words = cand.words
    folded = [fold(w) for w in words]
    core = [f for w, f in zip(words, folded) if w not in PARTICLES]  # "Van Holloway" keeps "Van"
    if not core or len(core) > 5:
        return False
    key = " ".join(folded)
    if key in lex.places or key in lex.organisations or key in lex.not_people:
        return False
    if any(
        CONTRACTION.search(w)
        or any(c.isdigit() for c in w)
        or w.split("-")[0].lower() in NUMBER_WORDS
        or COMPOUND_ADJ.search(w)
        for w in words
    ):
        return False  # "I've", "C2I", "Twenty-seven", "League-trained"
    if folded[0] in PLACE_PREFIXES and len(core) > 1:
        return False  # "San Bernardino", "Fort Worth"
    if (
        key in lex.roles
        or key in lex.role_phrases
        or "st." in folded
        or (folded[0] in lex.places or folded[0] in lex.organisations)
        and folded[0] not in lex.census_names
    ):
        return False
    if any(
        len(w) > 1
        and w.isalpha()
        and w not in ROMAN
        and (w.isupper() or len(w) > 2 and w[-1] == "s" and w[:-1].isupper())
        for w in words
    ):
        return False  # acronyms: "NASA", "BBC News", "MPs"
    if folded[0] not in lex.first_names and any(
        f in lex.not_people and f not in lex.first_names and f not in ASIAN_SURNAMES for f in folded[1:]
    ):
        return False
    if len(core) >= 2 and (any(f in STRONG_ORG_WORDS for f in folded[1:]) or any(f in {"of", "and"} for f in folded)):
        return False
    if len(core) > 1 and len(words[-1].rstrip(".")) == 1:
        return False  # "Texas A" of "Texas A&M"
    if len(core) == 1 and (
        folded[0] in lower
        or folded[0] in ORG_WORDS
        or len(words[0].rstrip(".")) < 2
        or not (cand.honorific or cand.stripped_role)
        and is_common(folded[0], lex)
        or words[0].endswith(".")
        or CAMEL.match(words[0])
        and not NAME_CAMEL.match(words[0])
        or INITIAL.match(words[0])
        or folded[0] in {"jr.", "sr.", "jr", "sr"}
    ):
        return False
    if (
        len(core) > 1
        and any(
            w in FUNCTION_WORDS
            and not (i == len(folded) - 1 and w in ASIAN_SURNAMES)
            and words[i] not in PARTICLES  # "Inês Carvalho do Amaral"
            for i, w in enumerate(folded[1:], 1)
        )
    ):
        return False  # "Marcel The Shell With Shoes"
    if (
        len(core) >= 3
        and sum(1 for f in folded[1:] if is_common(f, lex)) >= 2
        and not cand.honorific
        and not cand.stripped_role
        and not role
        and folded[0] not in lex.census_names
    ):
        return False  # "Sage Control Freak", "Co-Benefits Risk Assessment"
    if len(core) == 1 and cand.trimmed and not cand.honorific:
        return False  # "Golden" of "Golden Retriever": only a known person's surname links it
    if len(core) == 1 and (cand.honorific or cand.stripped_role) and is_plain_word(folded[0], lex):
        return False  # "Miss Universe", "Developer Bundle"; "President Marsh" has a surname
    if (
        len(core) == 2
        and not cand.honorific
        and folded[-1] in ORG_WORDS
        and folded[-1] not in lex.surname_words
        and folded[-1] not in lex.first_names
    ):
        return False  # "Alexandra Palace", "Salem Radio", "Private Jet Services"
    if len(core) >= 2 and not cand.honorific:
        last_word = folded[-1].rstrip(".")
        if last_word in PRODUCT_WORDS:
            return False  # "Mac Pro", "Echo Plus", "Waterford Rd"
        if folded[0] not in lex.first_names and (last_word in lex.places or last_word in lex.roles):
            return False  # "N. Korea", "Senior Editor", "Anti-Corruption Prosecutor"
        if (
            last_word in lex.not_people
            and last_word not in lex.first_names
            and last_word not in lex.surname_words
            and last_word not in ASIAN_SURNAMES
        ):
            return False  # "Roman Catholic"
    if cand.honorific or cand.stripped_role or role:
        return True
    if (
        cand.first > 0
        and cand.last + 1 < len(toks)
        and toks.words[cand.first - 1] in OPEN_QUOTES
        and toks.words[cand.last + 1] in CLOSE_QUOTES
    ):
        return False  # a quoted title or nickname: "Silver Harbour", 'Nickinator'
    if len(core) == 2 and folded[0] == folded[1]:
        return False  # "Duran Duran"
    if cand.name_first > 0 and toks.words[cand.name_first - 1].lower() == "the":
        return False  # "the Velvet Underground", "the Adler Planetarium": people take no article
    if len(core) >= 3 and folded[-1] in ORG_WORDS:
        return False
    if len(core) == 1:
        f = folded[0]
        before = toks.words[cand.name_first - 1].lower() if cand.name_first > 0 else ""
        if (
            f in lex.not_people
            or f in lex.places
            or f in lower
            or before in {"the", "of", "a", "an"}
            or f in lex.organisations
            or f in ORG_WORDS
            or words[0].isupper()
        ):
            return False
        if speech_next(toks, cand):
            return not is_common(f, lex) and not words[0].endswith(".")
        # a lone, well-attested first name in mid-sentence ("Rebecca and I", "with Thad")
        return (
            LONE_FIRST_NAMES
            and f in lex.census_names
            and not toks.initial(cand.name_first)
            and before not in {"in", "at", "from", "to", "near", "into", "across", "outside", "of"}
            and not is_common(f, lex)
            and cand.last + 1 < len(toks)
            and not POSS_S.search(toks.words[cand.last])
        )
    first = folded[0]
    # ordinary words in capitals ("Magic Tricks", "Art Gallery"): the article writes both in lower case
    common = folded[0] in lower and (folded[-1] in lower or folded[-1].rstrip("s") in lower)
    if _person_clause_next(toks, cand):
        return True  # ", who ..." and ", 34," follow people only
    if cand.first > 0 and fold(toks.words[cand.first - 1]) in {"said", "says"} and len(core) >= 2:
        return True  # "said Yusra Khatib": introduced as a speaker
    plain = [is_common(f, lex) for f in core]
    if all(plain) and first not in lex.census_names:
        return False  # "Silver Clouds", "Savage Love", "Heaven Sent Gaming"
    if "-" in first and first.split("-")[0] in lex.first_names:
        first = first.split("-")[0]  # "John-Christian"
    if first in lex.first_names and first not in lex.not_people and not common:
        return not strict or first in lex.census_names or lex.first_names[first] != "-"
    if (
        len(core) in (2, 3)
        and not is_common(first, lex)
        and (ASIAN_GIVEN.match(words[-1]) or first in ASIAN_SURNAMES and first not in lex.not_people)
    ):
        return True
    if INITIAL.match(words[0]):
        return True  # "L. Dale Huxtable", "J. R. Okafor"
    if speech_next(toks, cand):
        return True
    # no cue at all: two or three capitalised words that are not English words ("Ikenna Obiorah")
    bare_letters = sum(1 for w in words if len(w) == 1)
    return (
        WEAK_NAMES
        and not strict
        and len(core) in (2, 3)
        and not any(plain)
        and bare_letters < 2
        and all(
            INITIAL.match(w) or len(w) == 1 and w.isupper() or len(w) > 1 and re.sub(r"['’\-]", "", w).isalpha()
            for w in words
        )
        and not any(f in lex.not_people or f in lex.places or f in lex.organisations or f in ORG_WORDS for f in folded)
    )
