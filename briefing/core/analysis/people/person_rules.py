"""Whether a candidate span is a person, as an ordered table: ``PERSON_RULES``.

Each rule looks at one kind of evidence and answers True (a person), False (not one) or None (no
opinion); the first answer decides, and ``explain_person`` names the rule that gave it. Refusals by the
span's own shape and the gazetteers come first, then the cues that make a person (an honorific, a title,
a role), then the weaker evidence for spans without a cue."""

from __future__ import annotations

import re
from collections.abc import Callable

from briefing.core.analysis.lexicon import (
    ASIAN_SURNAMES,
    FUNCTION_WORDS,
    NUMBER_WORDS,
    ORG_WORDS,
    PARTICLES,
    PLACE_PREFIXES,
    PRODUCT_WORDS,
    STRONG_ORG_WORDS,
    Lexicon,
    fold,
    is_common,
    is_plain_word,
    word_set,
)
from briefing.core.analysis.people import names
from briefing.core.analysis.people.names import (
    ASIAN_GIVEN,
    CAMEL,
    COMPOUND_ADJ,
    CONTRACTION,
    INITIAL,
    NAME_CAMEL,
    ROMAN,
    Cand,
)
from briefing.core.analysis.people.rules import person_clause_next, speech_next
from briefing.core.analysis.people.tokens import CLOSE_QUOTES, OPEN_QUOTES, POSS_S, Tokens


class Span:
    """One candidate with what the rules ask of it, worked out once."""

    def __init__(self, cand: Cand, toks: Tokens, lex: Lexicon, role: str | None, lower: set[str], strict: bool):
        self.cand, self.toks, self.lex, self.role, self.lower, self.strict = cand, toks, lex, role, lower, strict
        self.words = cand.words
        self.folded = [fold(w) for w in cand.words]
        self.core = [f for w, f in zip(self.words, self.folded) if w not in PARTICLES]  # "Van Holloway" keeps "Van"
        self.key = " ".join(self.folded)

    @property
    def cued(self) -> bool:
        return bool(self.cand.honorific or self.cand.stripped_role)

    def before(self) -> str:
        c = self.cand
        return self.toks.words[c.name_first - 1].lower() if c.name_first > 0 else ""


PersonRule = Callable[[Span], "bool | None"]


def too_long_or_empty(s: Span) -> bool | None:
    """No name word, or more than five."""
    return False if not s.core or len(s.core) > 5 else None


def listed_elsewhere(s: Span) -> bool | None:
    """The whole span is a listed place, organisation or non-person."""
    lex = s.lex
    return False if s.key in lex.places or s.key in lex.organisations or s.key in lex.not_people else None


def not_name_shaped(s: Span) -> bool | None:
    """ "I've", "C2I", "Twenty-seven", "League-trained": contractions, digits, number words, compounds."""
    for w in s.words:
        if CONTRACTION.search(w) or any(ch.isdigit() for ch in w) or w.split("-")[0].lower() in NUMBER_WORDS:
            return False
        if COMPOUND_ADJ.search(w):
            return False
    return None


def place_prefix(s: Span) -> bool | None:
    """ "San Bernardino", "Fort Worth"."""
    return False if s.folded[0] in PLACE_PREFIXES and len(s.core) > 1 else None


def role_or_listed_head(s: Span) -> bool | None:
    """The span is a role ("Senior Editor"), holds "St.", or starts with a listed place or organisation."""
    f, lex = s.folded, s.lex
    if s.key in lex.roles or s.key in lex.role_phrases or "st." in f:
        return False
    if (f[0] in lex.places or f[0] in lex.organisations) and f[0] not in lex.census_names:
        return False
    return None


def acronym(s: Span) -> bool | None:
    """ "NASA", "BBC News", "MPs"."""
    for w in s.words:
        if (
            len(w) > 1
            and w.isalpha()
            and w not in ROMAN
            and (w.isupper() or len(w) > 2 and w[-1] == "s" and w[:-1].isupper())
        ):
            return False
    return None


def non_person_word_inside(s: Span) -> bool | None:
    """A listed non-person word after a first word that is no given name."""
    f, lex = s.folded, s.lex
    if f[0] not in lex.first_names and any(
        w in lex.not_people and w not in lex.first_names and w not in ASIAN_SURNAMES for w in f[1:]
    ):
        return False
    return None


def organisation_word_inside(s: Span) -> bool | None:
    """ "Tarn Valley Authority", "Bank of Ardley": a strong organisation word, or "of" / "and", inside."""
    f = s.folded
    if len(s.core) >= 2 and (any(w in STRONG_ORG_WORDS for w in f[1:]) or any(w in {"of", "and"} for w in f)):
        return False
    return None


def cut_initialism(s: Span) -> bool | None:
    """ "Texas A" of "Texas A&M": a span ending in one letter."""
    return False if len(s.core) > 1 and len(s.words[-1].rstrip(".")) == 1 else None


def lone_word_unfit(s: Span) -> bool | None:
    """A lone word written in lower case elsewhere, an organisation word, an abbreviation, a brand, an
    initial, "Jr.", or a common word without honorific or title."""
    if len(s.core) != 1:
        return None
    w, f = s.words[0], s.folded[0]
    if (
        f in s.lower
        or f in ORG_WORDS
        or len(w.rstrip(".")) < 2
        or not s.cued
        and is_common(f, s.lex)
        or w.endswith(".")
        or CAMEL.match(w)
        and not NAME_CAMEL.match(w)
        or INITIAL.match(w)
        or f in {"jr.", "sr.", "jr", "sr"}
    ):
        return False
    return None


def plural_role_noun(s: Span) -> bool | None:
    """ "Paramedics said ...", "Firefighters": one word that is the plural of a role noun, and no name."""
    if len(s.core) != 1 or s.cued:
        return None
    f, lex = s.folded[0], s.lex
    if not f.endswith("s") or f in lex.surname_words or f in lex.census_names or f in lex.first_names:
        return None
    if f[:-1] in lex.roles or f.endswith("es") and f[:-2] in lex.roles:
        return False
    return None


def function_word_inside(s: Span) -> bool | None:
    """ "Marcel The Shell With Shoes": a function word inside that is no name particle."""
    f = s.folded
    if len(s.core) > 1 and any(
        w in FUNCTION_WORDS and not (i == len(f) - 1 and w in ASIAN_SURNAMES) and s.words[i] not in PARTICLES
        for i, w in enumerate(f[1:], 1)
    ):
        return False
    return None


def common_words_run(s: Span) -> bool | None:
    """ "Sage Control Freak", "Co-Benefits Risk Assessment": three words or more, two of them common, no cue."""
    c, f = s.cand, s.folded
    if (
        len(s.core) >= 3
        and sum(1 for w in f[1:] if is_common(w, s.lex)) >= 2
        and not c.honorific
        and not c.stripped_role
        and not s.role
        and f[0] not in s.lex.census_names
    ):
        return False
    return None


def trimmed_lone_word(s: Span) -> bool | None:
    """ "Golden" of "Golden Retriever": only a known person's surname links it."""
    return False if len(s.core) == 1 and s.cand.trimmed and not s.cand.honorific else None


def titled_plain_word(s: Span) -> bool | None:
    """ "Miss Universe", "Developer Bundle"; "President Marsh" has a surname."""
    return False if len(s.core) == 1 and s.cued and is_plain_word(s.folded[0], s.lex) else None


def organisation_tail(s: Span) -> bool | None:
    """ "Alexandra Palace", "Salem Radio": two words, the last an organisation word that is no name."""
    f, lex = s.folded, s.lex
    if (
        len(s.core) == 2
        and not s.cand.honorific
        and f[-1] in ORG_WORDS
        and f[-1] not in lex.surname_words
        and f[-1] not in lex.first_names
    ):
        return False
    return None


def product_place_or_role_tail(s: Span) -> bool | None:
    """ "Mac Pro", "N. Korea", "Senior Editor", "Roman Catholic": what the last word makes of the span."""
    if len(s.core) < 2 or s.cand.honorific:
        return None
    f, lex = s.folded, s.lex
    last = f[-1].rstrip(".")
    if last in PRODUCT_WORDS:
        return False
    if f[0] not in lex.first_names and (last in lex.places or last in lex.roles):
        return False
    if (
        last in lex.not_people
        and last not in lex.first_names
        and last not in lex.surname_words
        and last not in ASIAN_SURNAMES
    ):
        return False
    return None


def honorific_or_role(s: Span) -> bool | None:
    """ "Dr Yusra Khatib", "Mayor Ilse Marwood", "Tomas Vell, the harbour director": a person cue."""
    return True if s.cued or s.role else None


def quoted_title(s: Span) -> bool | None:
    """ "Silver Harbour" in quotation marks: a title or a nickname."""
    c, toks = s.cand, s.toks
    if (
        c.first > 0
        and c.last + 1 < len(toks)
        and toks.words[c.first - 1] in OPEN_QUOTES
        and toks.words[c.last + 1] in CLOSE_QUOTES
    ):
        return False
    return None


def repeated_word(s: Span) -> bool | None:
    """ "Duran Duran"."""
    return False if len(s.core) == 2 and s.folded[0] == s.folded[1] else None


def article_before(s: Span) -> bool | None:
    """ "the Velvet Underground", "the Adler Planetarium": people take no article."""
    return False if s.cand.name_first > 0 and s.before() == "the" else None


def long_organisation_tail(s: Span) -> bool | None:
    """Three words or more ending in an organisation word."""
    return False if len(s.core) >= 3 and s.folded[-1] in ORG_WORDS else None


_LONE_PLACE_BEFORE = word_set("lone_name_prepositions")


def lone_word(s: Span) -> bool | None:
    """One word without a cue: a speaker ("Vell said") or a well-attested first name in mid-sentence
    ("with Thad"); never a listed word, one after an article, or one in capitals."""
    if len(s.core) != 1:
        return None
    f, w, lex, c, toks = s.folded[0], s.words[0], s.lex, s.cand, s.toks
    before = s.before()
    if (
        f in lex.not_people
        or f in lex.places
        or f in s.lower
        or before in {"the", "of", "a", "an"}
        or f in lex.organisations
        or f in ORG_WORDS
        or w.isupper()
    ):
        return False
    if speech_next(toks, c):
        return not is_common(f, lex) and not w.endswith(".")
    return bool(
        names.LONE_FIRST_NAMES
        and f in lex.census_names
        and not toks.initial(c.name_first)
        and before not in _LONE_PLACE_BEFORE
        and not is_common(f, lex)
        and c.last + 1 < len(toks)
        and not POSS_S.search(toks.words[c.last])
    )


def person_clause(s: Span) -> bool | None:
    """ ", who ..." and ", 34," follow people only."""
    return True if person_clause_next(s.toks, s.cand) else None


def introduced_as_speaker(s: Span) -> bool | None:
    """ "said Yusra Khatib": a full name right after "said"."""
    c = s.cand
    if c.first > 0 and fold(s.toks.words[c.first - 1]) in {"said", "says"} and len(s.core) >= 2:
        return True
    return None


def all_common_words(s: Span) -> bool | None:
    """ "Silver Clouds", "Savage Love": only common words, and no given name first."""
    if all(is_common(f, s.lex) for f in s.core) and s.folded[0] not in s.lex.census_names:
        return False
    return None


def given_name_first(s: Span) -> bool | None:
    """A known given name first ("John-Christian" counts as "John"), unless both words are ordinary words
    the article also writes in lower case ("Magic Tricks")."""
    f, lex = s.folded, s.lex
    first = f[0]
    common = first in s.lower and (f[-1] in s.lower or f[-1].rstrip("s") in s.lower)
    if "-" in first and first.split("-")[0] in lex.first_names:
        first = first.split("-")[0]
    if first in lex.first_names and first not in lex.not_people and not common:
        return not s.strict or first in lex.census_names or lex.first_names[first] != "-"
    return None


def east_asian_name(s: Span) -> bool | None:
    """ "Kim Jong-un", "Chen Wei-lin": a listed surname first or a hyphenated given name last."""
    first = s.folded[0]
    if "-" in first and first.split("-")[0] in s.lex.first_names:
        first = first.split("-")[0]
    if (
        len(s.core) in (2, 3)
        and not is_common(first, s.lex)
        and (ASIAN_GIVEN.match(s.words[-1]) or first in ASIAN_SURNAMES and first not in s.lex.not_people)
    ):
        return True
    return None


def initial_first(s: Span) -> bool | None:
    """ "L. Dale Huxtable", "J. R. Okafor"."""
    return True if INITIAL.match(s.words[0]) else None


def speaker(s: Span) -> bool | None:
    """The subject or object of a speech verb ("Ikenna Obiorah said")."""
    return True if speech_next(s.toks, s.cand) else None


def unknown_words(s: Span) -> bool | None:
    """No cue at all: two or three capitalised words that are no English words ("Ikenna Obiorah"), in an
    English text."""
    f, lex, words = s.folded, s.lex, s.words
    return bool(
        names.WEAK_NAMES
        and not s.strict
        and len(s.core) in (2, 3)
        and not any(is_common(w, lex) for w in s.core)
        and sum(1 for w in words if len(w) == 1) < 2
        and all(
            INITIAL.match(w) or len(w) == 1 and w.isupper() or len(w) > 1 and re.sub(r"['’\-]", "", w).isalpha()
            for w in words
        )
        and not any(w in lex.not_people or w in lex.places or w in lex.organisations or w in ORG_WORDS for w in f)
    )


PERSON_RULES: list[tuple[str, PersonRule]] = [
    ("too-long-or-empty", too_long_or_empty),
    ("listed-elsewhere", listed_elsewhere),
    ("not-name-shaped", not_name_shaped),
    ("place-prefix", place_prefix),
    ("role-or-listed-head", role_or_listed_head),
    ("acronym", acronym),
    ("non-person-word-inside", non_person_word_inside),
    ("organisation-word-inside", organisation_word_inside),
    ("cut-initialism", cut_initialism),
    ("lone-word-unfit", lone_word_unfit),
    ("plural-role-noun", plural_role_noun),
    ("function-word-inside", function_word_inside),
    ("common-words-run", common_words_run),
    ("trimmed-lone-word", trimmed_lone_word),
    ("titled-plain-word", titled_plain_word),
    ("organisation-tail", organisation_tail),
    ("product-place-or-role-tail", product_place_or_role_tail),
    ("honorific-or-role", honorific_or_role),
    ("quoted-title", quoted_title),
    ("repeated-word", repeated_word),
    ("article-before", article_before),
    ("long-organisation-tail", long_organisation_tail),
    ("lone-word", lone_word),
    ("person-clause", person_clause),
    ("introduced-as-speaker", introduced_as_speaker),
    ("all-common-words", all_common_words),
    ("given-name-first", given_name_first),
    ("east-asian-name", east_asian_name),
    ("initial-first", initial_first),
    ("speaker", speaker),
    ("unknown-words", unknown_words),
]
"""In order; the first rule with an answer decides (``unknown-words`` always answers)."""


def decide(
    cand: Cand, toks: Tokens, lex: Lexicon, role: str | None, lower: set[str], strict: bool = False
) -> tuple[bool, str]:
    """Whether a candidate names a person, and the rule of ``PERSON_RULES`` that decided."""
    span = Span(cand, toks, lex, role, lower, strict)
    for name, rule in PERSON_RULES:
        answer = rule(span)
        if answer is not None:
            return answer, name
    return False, "-"


def is_person(cand: Cand, toks: Tokens, lex: Lexicon, role: str | None, lower: set[str], strict: bool = False) -> bool:
    """Whether a candidate names a person; ``lower`` holds the words the article writes in lower case.

    ``strict`` (a text that is not in English) drops the cue-less path for unknown words, which in a
    Spanish or Slovak text mostly finds ordinary words ("Consejo Europeo")."""
    return decide(cand, toks, lex, role, lower, strict)[0]
