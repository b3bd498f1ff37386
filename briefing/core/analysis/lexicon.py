"""Word lists and lexical tests for people extraction (``people.py``).

The lists in ``data/`` are read once, lazily; see ``data/README.md`` for where each comes from.
The small sets here are function words and name-shape cues that belong with the code.
"""

from __future__ import annotations

import gzip
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources


def read_lines(name: str) -> list[str]:
    text = resources.files("briefing.core.data").joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


@cache
def word_set(name: str) -> frozenset[str]:
    """One word list of ``core/data/words/<name>.txt`` (one word a line, ``#`` comments), read once.

    Every word list of the analysis lives there, so a list is changed in one place and measured."""
    return frozenset(read_lines(f"words/{name}.txt"))


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower case without accents, so "Hernán" finds "hernan"."""
    if word.isascii():  # nothing to decompose or drop (most words; the word lists load faster)
        return word.lower()
    word = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in word if not unicodedata.combining(c)).replace("’", "'")


def is_role_head(word: str, lex: Lexicon) -> bool:
    """A role noun: listed, or a profession by its ending ("psychologist", "statistician")."""
    return (
        word in lex.roles
        or len(word) > 6
        and (
            word.endswith(("ologist", "ician", "grapher", "ographer", "chemist"))
            or word.endswith("ist")
            and word not in _IST_NOT_ROLES
            and word.isalpha()
        )
    )


# "-ist" words that are not professions ("violinist", "economist" and "activist" are)
_IST_NOT_ROLES = word_set("ist_not_roles")


def is_common(word: str, lex: Lexicon) -> bool:
    """An ordinary English word, plurals included ("galleries", "springs")."""
    common = lex.common
    if word in common:
        return True
    if word.endswith("ies") and word[:-3] + "y" in common:
        return True
    if word.endswith("s") and (word[:-1] in common or word.endswith("es") and word[:-2] in common):
        return True
    if word.endswith("ed") and (word[:-2] in common or word[:-1] in common):  # "thanked", "raised"
        return True
    if word.endswith("ing") and len(word) > 5 and (word[:-3] in common or word[:-3] + "e" in common):
        return True
    # British spellings of words the 1934 American list has: "harbour", "centre", "organise"
    us = word.replace("our", "or") if "our" in word else word
    if us.endswith("re"):
        us = us[:-2] + "er"
    us = us.replace("ise", "ize").replace("yse", "yze")
    return us != word and us in common


def is_plain_word(word: str, lex: Lexicon) -> bool:
    """An ordinary word that is neither a clear given name nor a frequent surname ("retriever", "run")."""
    return (
        word not in lex.surname_words
        and word not in lex.census_names
        and lex.first_names.get(word, "-") == "-"
        and is_common(word, lex)
    )


@dataclass(frozen=True, slots=True)
class Lexicon:
    first_names: dict[str, str]  # folded name -> 'm' | 'f' | '-'
    census_names: frozenset[str]  # first names on the US Census list: the well-attested ones
    common: frozenset[str]  # ordinary lower-case English words (Webster's 1934 list)
    surname_words: frozenset[str]  # frequent Census surnames that are also ordinary words ("bush", "mills")
    not_people: frozenset[str]
    places: frozenset[str]
    organisations: frozenset[str]
    roles: frozenset[str]  # single-word role heads
    role_phrases: frozenset[str]  # multiword roles
    role_trim: frozenset[str]  # words a role phrase never starts with


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    first: dict[str, str] = {}
    census: set[str] = set()
    for line in read_lines("first_names.tsv"):
        name, gender, in_census = (line.split("\t") + ["-", "0"])[:3]
        first[fold(name)] = gender or "-"
        if in_census == "1":
            census.add(fold(name))
    raw = resources.files("briefing.core.data").joinpath("common_words.txt.gz").read_bytes()
    common = frozenset(gzip.decompress(raw).decode("ascii").split()) | MODERN_WORDS
    roles = read_lines("roles.txt")
    not_people = frozenset(fold(w) for w in read_lines("not_people.txt"))
    for word in not_people - WORD_NAMES:
        first.pop(word, None)
    return Lexicon(
        first_names=first,
        census_names=frozenset(census),
        common=common,
        surname_words=frozenset(read_lines("surname_words.txt")),
        not_people=not_people,
        places=frozenset(fold(w) for w in read_lines("places.txt")),
        organisations=frozenset(fold(w) for w in read_lines("organisations.txt")),
        roles=frozenset(r for r in roles if " " not in r),
        role_phrases=frozenset(r for r in roles if " " in r),
        role_trim=frozenset({"of", "the", "for"} | FUNCTION_WORDS | DETERMINERS),
    )


# Ordinary words newer than the 1934 word list.
MODERN_WORDS = word_set("modern_words")


# Ordinary words that are also common first names: kept in the first-name list.
WORD_NAMES = word_set("word_names")


HONORIFICS = {
    "mr": "m",
    "mister": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "mx": "",
    "dr": "",
    "prof": "",
    "sir": "m",
    "dame": "f",
    "lord": "m",
    "lady": "f",
    "rev": "",
    "fr": "m",
    "sr": "",
    "sen": "",
    "rep": "",
    "gov": "",
    "gen": "",
    "col": "",
    "capt": "",
    "lt": "",
    "sgt": "",
    "hon": "",
    "madam": "f",
    "mme": "f",
    "herr": "m",
    "frau": "f",
    "sheikh": "m",
    "pres": "",
    "supt": "",
    "insp": "",
}


HONORIFIC_ROLES = {
    "sen": "Senator",
    "rep": "Representative",
    "gov": "Governor",
    "gen": "General",
    "col": "Colonel",
    "capt": "Captain",
    "lt": "Lieutenant",
    "sgt": "Sergeant",
    "pres": "President",
    "prof": "Professor",
    "rev": "Reverend",
}


GENDERED_ROLES = {
    "spokesman": "m",
    "spokeswoman": "f",
    "chairman": "m",
    "chairwoman": "f",
    "king": "m",
    "queen": "f",
    "prince": "m",
    "princess": "f",
    "emperor": "m",
    "empress": "f",
    "actress": "f",
    "businessman": "m",
    "businesswoman": "f",
    "congressman": "m",
    "congresswoman": "f",
    "councilman": "m",
    "councilwoman": "f",
    "father": "m",
    "sister": "f",
    "pope": "m",
    "sultan": "m",
    "emir": "m",
    "first lady": "f",
    "sheikh": "m",
}


# Short forms of given names that do not start like the full name.
NICKNAMES = {
    "larry": "lawrence",
    "bob": "robert",
    "bobby": "robert",
    "bill": "william",
    "billy": "william",
    "will": "william",
    "dick": "richard",
    "rick": "richard",
    "jim": "james",
    "jimmy": "james",
    "jack": "john",
    "johnny": "john",
    "ted": "edward",
    "ned": "edward",
    "hank": "henry",
    "chuck": "charles",
    "betty": "elizabeth",
    "liz": "elizabeth",
    "beth": "elizabeth",
    "kate": "katherine",
    "peggy": "margaret",
    "meg": "margaret",
    "sally": "sarah",
    "tony": "anthony",
    "sandy": "alexander",
    "sasha": "alexander",
    "dima": "dmitry",
    "misha": "mikhail",
    "kolya": "nikolai",
}


# Name particles that may stand lower-case inside a name ("Ursula von der Leyen").
PARTICLES = word_set("particles")


# Lower-case words that may modify a role before a name ("former senior adviser").
ROLE_MODIFIERS = word_set("role_modifiers")


# Words that end an organisation or place name ("University of Helsinki", "Baker Street").
ORG_WORDS = word_set("org_words_1") | word_set("org_words_2")


SPEECH_VERBS = word_set("speech_verbs")


PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}


STRONG_ORG_WORDS = word_set("strong_org_words_1") | word_set("strong_org_words_2")


ASIAN_SURNAMES = word_set("asian_surnames")


PLACE_PREFIXES = word_set("place_prefixes")


# Last words of products, not of people ("Mac Pro", "Echo Plus", "Windows Vista Ultimate").
PRODUCT_WORDS = word_set("product_words")


HEADLINE_TAIL = SPEECH_VERBS | word_set("headline_tail")


NUMBER_WORDS = word_set("number_words")


TIME_WORDS = word_set("time_words")


TRAILING_WORDS = word_set("trailing_words")


FUNCTION_WORDS = word_set("function_words")


DETERMINERS = word_set("determiners")
