"""People in a news article: names, roles, aliases and every mention, by rules.

Why rules: they run offline in a few milliseconds and need no model download. The steps:

1. cut the text into tokens and take runs of capitalised tokens (with initials, name particles
   such as "von der", hyphens and apostrophes) as candidate spans;
2. strip honorifics, titles and non-name words from the left of a span ("Kremlin", "President",
   "Secretary") and keep them, with a role phrase before the name, as the person's role;
3. accept a span as a person on positive cues (a known first name, an honorific, a title or role,
   an appositive role, being the subject of a speech verb) unless a gazetteer says it is a place,
   an organisation, a nationality, a day or a month; ordinary words that are no frequent surname
   are cut from the end of a span ("Ashworth Hid", "Golden Retriever"), products, teams, venues and
   companies are refused by their last word ("Mac Pro", "Cleveland Cavaliers", "Alexandra Palace"),
   and a text in another language keeps only spans with a clear given name or a cue;
4. link the rest of the document: a surname, a first name or a possessive that matches an accepted
   person is a mention of that person, and the fullest form used is the canonical name. A bare
   surname shared by several people ("Tom Ashworth", "Helen Ashworth") goes to the one named in
   full most recently, or to the one whose given name agrees with the pronoun that follows.

Speed: tokens are words and offsets from one regex pass; token objects, sentence-start flags and
roles are worked out only for the capitalised runs that need them.

Word lists and lexical tests live in ``people_lexicon.py`` and ``data/`` (``data/README.md`` says
where each list comes from).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from briefing.core.models import Person
from briefing.core.people_lexicon import (
    ASIAN_SURNAMES,
    DETERMINERS,
    FUNCTION_WORDS,
    GENDERED_ROLES,
    HEADLINE_TAIL,
    HONORIFIC_ROLES,
    HONORIFICS,
    MODERN_WORDS,
    NICKNAMES,
    NUMBER_WORDS,
    ORG_WORDS,
    PARTICLES,
    PLACE_PREFIXES,
    PRODUCT_WORDS,
    PRONOUNS,
    ROLE_MODIFIERS,
    SPEECH_VERBS,
    STRONG_ORG_WORDS,
    TIME_WORDS,
    TRAILING_WORDS,
    Lexicon,
    fold,
    is_common,
    is_plain_word,
    is_role_head,
    lexicon,
)
from briefing.core.text import ascii_words

__all__ = ["Mention", "PeopleResult", "find_people", "is_organisation"]


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of a person (or organisation): character offsets and the canonical name."""

    start: int
    end: int
    name: str


@dataclass(slots=True)
class PeopleResult:
    """People of one article, in salience order, with every mention and an alias map."""

    people: list[Person] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    organisations: list[Mention] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)  # normalised surface -> canonical name
    genders: dict[str, str] = field(default_factory=dict)  # canonical name -> 'm' | 'f'

    def resolve(self, surface: str) -> str | None:
        """Map "Chernogorov", "Mr. Chernogorov" or "Chernogorov's" to the canonical name, else None."""
        key = _key(_strip_surface(surface))
        if not key:
            return None
        return self.aliases.get(key)

    def gender(self, name: str) -> str | None:
        """'m', 'f' or None for a person (canonical name or any alias)."""
        canonical = self.resolve(name) or name
        return self.genders.get(canonical)

    def is_organisation(self, span: str | int, end: int | None = None) -> bool:
        """Whether a span (text, or start/end offsets of a found organisation) names an organisation."""
        if isinstance(span, int):
            return any(o.start <= span and end is not None and end <= o.end for o in self.organisations)
        if self.resolve(span):
            return False
        return is_organisation(span)


# --- word lists --------------------------------------------------------------------------------


_TOKEN = re.compile(
    r"[a-z][\w'’\-]*[^\W_]|[a-z]"  # plain lower-case words first: most tokens are
    r"|(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sr|Jr|St|Rev|Fr|Sen|Rep|Gov|Gen|Col|Capt|Lt|Sgt|Hon|Pres|Supt|Insp|Mme)\."
    r"|(?:[A-Z]\.){2,}|[A-Z]\."  # initials and dotted acronyms ("J.", "K.C.", "U.S.")
    r"|[^\W\d_](?:[\w'’\-]*[^\W_])?"  # words with inner apostrophes and hyphens
    r"|\d+(?:[.,]\d+)*|\S",
)
# The same tokens, found faster, in text whose word characters are all ASCII (``text.ascii_words``):
# the classes spelled out in ASCII, and a capital matched once, then what may follow it in _TOKEN's
# order (a title, by a look-behind on that capital; initials; the rest of a word): ~15 % faster.
_ASCII_TOKEN = re.compile(
    r"[a-z](?:[A-Za-z0-9_'’\-]*[A-Za-z0-9])?"
    r"|[A-Z](?:"
    r"(?:(?<=M)(?:rs?|s|x|me)|(?<=D)r|(?<=P)r(?:of|es)|(?<=S)(?:r|t|en|gt|upt)|(?<=J)r|(?<=R)(?:ev|ep)"
    r"|(?<=F)r|(?<=G)(?:ov|en)|(?<=C)(?:ol|apt)|(?<=L)t|(?<=H)on|(?<=I)nsp)\."
    r"|\.(?:[A-Z]\.)*"
    r"|(?:[A-Za-z0-9_'’\-]*[A-Za-z0-9])?)"
    r"|[0-9]+(?:[.,][0-9]+)*|\S",
)
_SENT_END = frozenset(".!?:;\n")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")  # they split "Kristalina \u200cGeorgieva"
_ENGLISH_MARKERS = frozenset("the and of to is that for with was on are from has have by".split())
_OPEN_PUNCT = frozenset("\"'“‘(«[—–-")
_OPEN_QUOTES = frozenset("\"'“‘«„")
_CLOSE_QUOTES = frozenset("\"'”’»“")
_KEEP_BOUNDARY = _OPEN_PUNCT | {"”", "’"}
_POSS_S = re.compile(r"['’]s$")
_LOWER_WORDS = re.compile(r"(?<![\w'’\-])[a-z][a-z'’\-]*(?![\w'’\-])")  # words the article writes in lower case
_WORDS_RE = re.compile(r"[^\W\d_][\w'’\-]*")
_PRONOUN_RE = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")


class _Tok:
    """One token: its text, character offsets, and whether it opens a sentence, line or quotation."""

    __slots__ = ("text", "start", "end", "_toks", "_i")

    def __init__(self, toks: _Tokens, i: int) -> None:
        self.text = toks.words[i]
        self.start = toks.starts[i]
        self.end = toks.ends[i]
        self._toks = toks
        self._i = i

    @property
    def initial(self) -> bool:
        return self._toks.initial(self._i)


class _Tokens:
    """The tokens of a text, built lazily: words and offsets come from one regex pass, and a
    token object only for the few positions the rules look at (most words are never visited)."""

    __slots__ = ("text", "words", "starts", "ends", "_made", "_initial")

    def __init__(self, text: str) -> None:
        self.text = text
        found = list((_ASCII_TOKEN if ascii_words(text) else _TOKEN).finditer(text))
        self.starts = list(map(re.Match.start, found))
        self.ends = list(map(re.Match.end, found))
        self.words = list(map(re.Match.group, found))
        self._made: dict[int, _Tok] = {}
        self._initial: dict[int, bool] = {}

    def __len__(self) -> int:
        return len(self.words)

    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self.words)))]
        if i < 0:
            i += len(self.words)
        tok = self._made.get(i)
        if tok is None:
            if not 0 <= i < len(self.words):
                raise IndexError(i)
            tok = self._made[i] = _Tok(self, i)
        return tok

    def initial(self, i: int) -> bool:
        """First word of a sentence, line or quotation (an opening quote keeps the boundary)."""
        known = self._initial.get(i)
        if known is not None:
            return known
        if i == 0:
            out = True
        elif self.text.find("\n", self.ends[i - 1], self.starts[i]) != -1:
            out = True
        else:
            word = self.words[i - 1]
            if word in _KEEP_BOUNDARY:
                out = self.initial(i - 1)
            else:
                out = word in _SENT_END or (
                    word.endswith(".") and len(word) > 2 and word[:-1].isalpha() and word[:-1].lower() not in HONORIFICS
                )
        self._initial[i] = out
        return out


def _tokenise(text: str) -> _Tokens:
    return _Tokens(text)


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


_JOINED_PREFIX = re.compile(r"(?:d|l|al|el|as|ad|ash|ibn|bin|da|de|di|van|von|mc|o)['’\-][A-Z]")


def _is_nameish(word: str) -> bool:
    """A capitalised word or initial that could belong to a name."""
    first = word[:1]
    if first.isupper():
        return True
    # "d'Ettorre", "al-Amr": lower-case prefixes joined to a capital
    return first.islower() and ("'" in word or "’" in word or "-" in word) and bool(_JOINED_PREFIX.match(word))


def _key(surface: str) -> str:
    return " ".join(fold(w) for w in surface.split())


def _strip_surface(surface: str) -> str:
    words = surface.replace("’", "'").split()
    while words and words[0].rstrip(".").lower() in HONORIFICS:
        words.pop(0)
    if words:
        words[-1] = _POSSESSIVE.sub("", words[-1]) if re.search(r"['’]s?$", words[-1]) else words[-1]
    return " ".join(words)


def is_organisation(span: str) -> bool:
    """Whether a capitalised span names an organisation that can speak ("the Kremlin", "the Foreign Ministry")."""
    lex = lexicon()
    words = _strip_surface(span.strip()).split()
    while words and words[0].lower() in {"the", "a", "an"}:
        words.pop(0)
    if not words:
        return False
    key = _key(" ".join(words))
    if key in lex.organisations:
        return True
    if key in lex.places or key in lex.not_people and key not in ORG_WORDS:
        return False
    last = fold(words[-1])
    if last in ORG_WORDS and last not in {
        "day",
        "war",
        "house",
        "hall",
        "tower",
        "street",
        "road",
        "avenue",
        "square",
        "park",
        "bridge",
        "river",
        "lake",
        "island",
        "islands",
        "bay",
        "beach",
        "coast",
        "valley",
        "hill",
        "mountain",
        "mountains",
        "city",
        "town",
        "village",
    }:
        return True
    if any(fold(w) in {"ministry", "department", "university", "agency", "council"} for w in words):
        return True
    bare = words[0].replace(".", "")
    return len(words) == 1 and bare.isupper() and 2 <= len(bare) <= 6 and bare.isalpha()


# --- candidate spans ---------------------------------------------------------------------------

_ASIAN_GIVEN = re.compile(r"[A-Z][a-z]{1,5}-[a-z]{1,5}$")  # "Jong-un", "Chung-tai"
_COMPOUND_ADJ = re.compile(r"-(?:based|born|led|backed|trained|owned|run|made|style|era|like|related|funded)$")
_CAMEL = re.compile(r".+[a-z][A-Z]")  # "DeepMind", "PacifiCorp": brands
_NAME_CAMEL = re.compile(r"(?:Mc|Mac|O['’]|De|Di|Du|Da|La|Le|Van|Von|St)[A-Z][a-z]+$")
_CONTRACTION = re.compile(r"['’](?:ve|ll|re|m|d)$|n['’]t$", re.IGNORECASE)
_ROMAN = frozenset("II III IV".split())  # "Vann R. Newkirk II"
_INITIAL = re.compile(r"(?:[A-Z]\.)+$")


LONE_FIRST_NAMES = True  # accept a lone first name from the Census list in mid-sentence
WEAK_NAMES = True  # accept cue-less spans of unknown, non-dictionary words as names


@dataclass(slots=True)
class _Cand:
    """A capitalised span after titles were stripped: the name part and what surrounds it."""

    first: int  # token index where the whole span starts (titles included)
    name_first: int  # token index of the first name token
    last: int  # token index of the last name token (inclusive)
    words: list[str]  # name tokens, possessive removed
    start: int  # char offsets of the name part
    end: int
    honorific: str | None = None
    stripped_role: bool = False
    org: bool = False
    trimmed: bool = False  # ordinary words were cut from its end ("Ashworth Hid", "Golden Retriever")


_BRACKETS = frozenset("[]")  # editor's brackets: tokens of a run, never part of a name


def _spans(toks: _Tokens, text: str) -> list[tuple[int, int]]:
    """Runs of name-like tokens on one line: (first, last) token indices, inclusive.

    A possessive ends a run ("DAB's Ben Chan" is two runs); an editor's bracket inside a name is
    passed over ("[George W.] Bush").
    """
    out = []
    words, starts, ends = toks.words, toks.starts, toks.ends
    n = len(words)
    find = text.find
    # only capitalised tokens (and "al-", "d'" prefixes) can open a run
    opens = [
        i
        for i, w in enumerate(words)
        if w[:1].isupper() or ("-" in w or "'" in w or "’" in w) and w[:1].isalpha() and _is_nameish(w)
    ]
    after = -1
    for i in opens:
        if i <= after:
            continue
        w = words[i]
        if not w[:1].isalpha() or w in _SKIP_OPENERS and (i + 1 >= n or not words[i + 1][:1].isupper()):
            continue
        j = i
        while j + 1 < n and find("\n", ends[j], starts[j + 1]) == -1:
            if _POSS_S.search(words[j]):
                break
            nxt = words[j + 1]
            if nxt[:1].isalpha() and _is_nameish(nxt):
                j += 1
            elif (
                nxt in PARTICLES
                and j + 2 < n
                and (_is_cap(words[j]) or words[j] in PARTICLES)
                and (_is_cap(words[j + 2]) or words[j + 2] in PARTICLES)
            ):
                j += 1
            elif nxt == "]" and j + 2 < n and _is_cap(words[j + 2]) and words[j + 2][:1].isalpha():
                j += 1
            elif (
                nxt == "["
                and j + 3 < n
                and words[j + 3] == "]"
                and _is_cap(words[j + 2])
                and words[j + 2][:1].isalpha()
            ):
                j += 3  # an editor's surname: "Jeff [Drake]"
            else:
                break
        while j > i and (words[j] in PARTICLES or words[j] == "]"):
            j -= 1
        out.append((i, j))
        after = j
    return out


def _candidate(
    toks: _Tokens,
    first: int,
    last: int,
    lex: Lexicon,
    lower: frozenset[str] | set[str] = frozenset(),
    headline: bool = False,
    named: frozenset[str] | set[str] = frozenset(),
) -> _Cand:
    words = toks.words[first : last + 1]
    whole = " ".join(fold(_POSS_S.sub("", w)) for w in words)
    n_words = len(words)  # "New Zealand", "White House" are never people; "Charlotte" may be
    if whole in lex.organisations or whole in lex.places and not (n_words == 1 and whole in lex.first_names):
        return _Cand(first, last + 1, last, [], toks.starts[first], toks.ends[last], org=whole in lex.organisations)
    if n_words == 1:  # most runs: a lone capitalised word, nothing to strip but a possessive
        name = _POSS_S.sub("", words[0])
        return _Cand(first, first, last, [name], toks.starts[first], toks.ends[last] - (len(words[0]) - len(name)))
    k = 0
    honorific = None
    stripped_role = False
    n = len(words)
    while k < n:
        w = words[k]
        f = fold(w.rstrip("."))
        if f in HONORIFICS and (
            w.endswith(".") or f in {"mr", "mrs", "ms", "sir", "dame", "lord", "lady", "madam", "mister", "miss"}
        ):
            if k + 1 >= n:
                break
            honorific = f
            k += 1
            continue
        matched = 0
        for size in range(min(4, n - k - 1), 0, -1):  # keep at least one word for the name
            key = " ".join(fold(x) for x in words[k : k + size])
            if key in lex.role_phrases or (size == 1 and key in lex.roles):
                if size == 1 and n - k == 2 and key in lex.first_names:
                    break  # "Dean Harrow", "Major Okafor": a given name, not a title
                matched, stripped_role = size, True
                break
            if key in lex.organisations or key in lex.places:
                if (
                    size == 1
                    and key in lex.first_names
                    and fold(words[k + 1]) not in lex.roles
                    and (n - k == 2 or fold(words[k + 1]) not in lex.first_names)
                ):
                    break  # "Sofia Lind", "Paris Okonkwo"
                matched = size
                break
        if matched:
            k += matched
            continue
        if f in lex.not_people and k + 1 < n:
            if f in ASIAN_SURNAMES and _ASIAN_GIVEN.match(words[k + 1]):
                break
            if f in lex.first_names and not toks.initial(first + k) and _is_cap(words[k + 1]):
                break
            k += 1
            continue
        if (
            toks.initial(first + k)
            and k + 1 < n
            and f not in lex.first_names
            and is_common(f, lex)
            and fold(words[k + 1]) in lex.first_names
        ):
            k += 1  # capitalised only because it opens the sentence: "Injecting Helen Ashworth", "Rival Helen Ashworth"
            continue
        if k + 1 < n and _modifier_compound(w, lex):
            k += 1  # "Russian-controlled Luhansk", "British-Iranian Farahani", "London-listed Intertek"
            continue
        break
    # trailing non-name words: "Hugh Pellow Sunday"
    m = n
    while m - 1 > k and (
        fold(words[m - 1]) in TIME_WORDS
        or fold(words[m - 1]) in HEADLINE_TAIL
        or fold(words[m - 1]) in TRAILING_WORDS
        and fold(words[m - 1]) not in ASIAN_SURNAMES
    ):
        m -= 1
    # ordinary words that are no surname end no name: "Ashworth Hid", "Glenn Ashworth Joins Growing List"
    # a verb inside a headline run ends the name: "Glenn Ashworth Joins Growing List"
    for r in range(k + 2, m - 1) if fold(words[k]) in lex.first_names else ():
        if _headline_verb(words[r], lex) and all(_is_cap(w) for w in words[r + 1 : m]):
            m = r
            break
    # the whole run of ordinary words goes when one of them is plainly a word here
    tail = m
    while tail - 1 > k and _tail_word(words[tail - 1], lex):
        tail -= 1
    trimmed = tail < m and (
        headline
        and not any(fold(w) in named for w in words[tail:m])
        or any(_plainly_word(w, lower) for w in words[tail:m])
        or _plural_tail(words[m - 1], words[k:tail], lex)
    )
    if trimmed:
        m = tail
    # a title inside the run: "Shadow Home Secretary Giles Penhallow"
    for r in range(m - 2, k - 1, -1):
        if fold(words[r]) in lex.roles and all(_is_cap(w) for w in words[k : r + 1]):
            if r == k and m - k == 2 and fold(words[r]) in lex.first_names:
                break  # "Dean Harrow": a given name, not a title
            k, stripped_role = r + 1, True
            break
    # an organisation or role run before a first name: "Relations Samira Haddad", "Pan-democrat Leung Wai-kit"
    if (
        m - k >= 3
        and (not honorific or is_plain_word(fold(words[k]), lex))
        and fold(words[k]) not in lex.first_names
        and not _INITIAL.match(words[k])
    ):  # "Miss Universe Lucía Arrieta" too
        for cut in range(k + 1, m - 1):
            f = fold(words[cut])
            if f not in lex.not_people and (
                f in lex.first_names or f in ASIAN_SURNAMES and cut + 1 < m and _ASIAN_GIVEN.match(words[cut + 1])
            ):
                k = cut
                break
        else:
            if is_common(fold(words[k]), lex):
                k = m - 2  # "Homeland Security Tavi Morrow": keep the last two words
    last = first + m - 1
    words = words[:m]
    for r in range(m - 2, k - 1, -1):  # "Virginia Lt. Gov. Dana Whitlock": the name follows the last title
        f = fold(words[r].rstrip("."))
        if words[r].endswith(".") and f in HONORIFICS:
            k, honorific = r + 1, f
            break
    while k < m - 1 and words[k] in PARTICLES:  # a name never opens with "de" or "von"
        k += 1
    # An editor's bracket sits inside a run ("[George W.] Bush"), but the trims above can leave
    # one at either end of the name ("A ] A" with the last word cut): a name starts and ends on a word.
    while k < m and words[k] in _BRACKETS:
        k += 1
    while m > k and words[m - 1] in _BRACKETS:
        m -= 1
    if k >= m:  # nothing but brackets left: no name here
        return _Cand(first, first + n, first + n - 1, [], toks.starts[first], toks.ends[first + n - 1])
    last = first + m - 1
    words = words[:m]
    name_words = [w for w in words[k:] if w not in _BRACKETS]
    name_words[-1] = _POSS_S.sub("", name_words[-1])
    start = toks.starts[first + k]
    end = toks.ends[last]
    if toks.words[last] != name_words[-1]:
        end -= len(toks.words[last]) - len(name_words[-1])
    return _Cand(first, first + k, last, name_words, start, end, honorific, stripped_role, trimmed=trimmed)


def _modifier_compound(word: str, lex: Lexicon) -> bool:
    """A hyphenated modifier before a name: a lower-case participle or adjective after the hyphen
    ("Iran-aligned", "Permian-focused") or two nationalities or places ("British-Iranian")."""
    if "-" not in word:
        return False
    head, _, rest = word.partition("-")
    if rest[:1].islower():
        return is_common(fold(rest), lex) and not _ASIAN_GIVEN.match(word)
    parts = [fold(x) for x in word.split("-")]
    return all(x in lex.not_people or x in lex.places for x in parts) and not all(x in lex.first_names for x in parts)


def _tail_word(word: str, lex: Lexicon) -> bool:
    """A capitalised ordinary word that cannot end a name: not a given name, surname or org word."""
    f = fold(_POSS_S.sub("", word))
    return (
        word[:1].isupper()
        and not word.isupper()
        and f not in ORG_WORDS
        and f not in lex.roles
        and is_plain_word(f, lex)
    )


def _headline_verb(word: str, lex: Lexicon) -> bool:
    """A capitalised verb form ("Joins", "Rebuked", "Wading"): an ordinary word, never a surname."""
    f = fold(word)
    if not f.endswith(("s", "ed", "ing")) or f.endswith("ss") or f in ORG_WORDS or not is_plain_word(f, lex):
        return False
    stem = f[:-3] if f.endswith("ing") else f[:-2] if f.endswith("ed") else f[:-1]
    return stem in lex.common or stem + "e" in lex.common or f.endswith("es") and f[:-2] in lex.common


def _plainly_word(word: str, lower: frozenset[str] | set[str]) -> bool:
    """Plainly an ordinary word in this article: written in lower case elsewhere or a modern word, so
    that rare dictionary words that are surnames ("Quat", "Makos", "Salling") stay names."""
    f = fold(_POSS_S.sub("", word))
    return f in lower or f in MODERN_WORDS


def _plural_tail(word: str, head: list[str], lex: Lexicon) -> bool:
    """A plural after a place or a plain word: a team, a party or a group ("Cleveland Cavaliers",
    "Virginia Democrats"); after a given name it may be a surname ("Christopher Andreadis")."""
    f = fold(_POSS_S.sub("", word))
    if not f.endswith("s") or len(f) < 4:
        return False
    lead = fold(head[0]) if head else ""
    return len(head) >= 2 or lead in lex.places or lead not in lex.census_names


# capitalised sentence openers that never start a name when a lower-case word follows ("The", "But")
_SKIP_OPENERS = frozenset(w.capitalize() for w in FUNCTION_WORDS if len(w) > 1)

_BOUNDARY_WORDS = frozenset(",.;:(\"“”„‘'—–") | {
    "the",
    "The",
    "its",
    "Its",
    "their",
    "Their",
    "his",
    "His",
    "her",
    "Her",
    "a",
    "A",
    "an",
    "An",
    "our",
    "Our",
}


def _plain_noun(word: str, lex: Lexicon) -> bool:
    """A lower-case word that can modify a role noun ("port", "transport", "union")."""
    f = fold(word)
    return (
        word[:1].islower()
        and word.isalpha()
        and f not in SPEECH_VERBS
        and not f.endswith(("ed", "ing", "ly"))
        and f not in FUNCTION_WORDS
    )


def _role_before_comma(toks: _Tokens, cand: _Cand, lex: Lexicon, text: str) -> str | None:
    """ "The Aurennais transport minister, Claire Dumonteil," and "Its chief executive, Marta Kowalczyk,"."""
    comma = cand.name_first - 1
    after = cand.last + 1
    if (
        comma < 1
        or toks.words[comma] != ","
        or after >= len(toks)
        or toks.words[after] not in {",", "said", "says", "of", "told"}
    ):
        return None
    j = comma - 1
    while j >= 0 and comma - j <= 6:
        w = toks.words[j]
        if fold(w) in DETERMINERS or fold(w) in {"another", "fellow"}:
            break
        if _POSS_S.search(w):  # "The agency's director": the owner is part of the role
            j -= 1
            break
        if not (
            w[:1].isalpha()
            and (
                _is_cap(w)
                or _plain_noun(w, lex)
                or is_role_head(fold(w), lex)
                or fold(w) in ROLE_MODIFIERS
                or w.endswith("ing")
                and w.isalpha()
                and w.islower()
            )
        ):  # "housing"
            return None
        j -= 1
    if j < 0 or comma - j > 6 or j + 1 >= comma:
        return None
    if not is_role_head(fold(toks.words[comma - 1]), lex):
        return None
    return text[toks.starts[j + 1] : toks.ends[comma - 1]]


def _role_before(toks: _Tokens, cand: _Cand, lex: Lexicon, text: str) -> str | None:
    """A role phrase right before the name: "Kremlin spokesperson", "Secretary of State"."""
    if cand.name_first > 0 and toks.words[cand.name_first - 1] == ",":
        return _role_before_comma(toks, cand, lex, text)
    i = cand.name_first - 1
    if cand.honorific:  # "mission scientist Dr. Aiko Tanaka": the role stands before the honorific
        while i >= cand.first and fold(toks.words[i].rstrip(".")) in HONORIFICS:
            i -= 1
        if i < cand.first:
            i = cand.first - 1
    lo = max(0, i - 8)
    j = i
    while j >= lo:
        w = toks.words[j]
        f = fold(w)
        if "\n" in text[toks.ends[j] : toks.starts[j + 1]]:
            break
        if f in TIME_WORDS and f not in lex.roles:
            break  # "On Monday Kremlin spokesman Arkady Lubenko": the day is not part of the title
        if (
            is_role_head(f, lex)
            or f in ROLE_MODIFIERS
            or _is_cap(w)
            or f in {"of", "the", "for"}
            or (w.endswith("'s") or w.endswith("’s"))
            and _is_cap(w)
        ):
            if f in {"said", "says"} or (
                f in lex.not_people
                and f not in ORG_WORDS
                and f not in {"of", "the", "for"}
                and f not in lex.roles
                and f not in ROLE_MODIFIERS
                and not _is_cap(w)
            ):
                break
            j -= 1
            continue
        # one lower-case word inside a capitalised title: "Chief financial officer", "EU climate commissioner"
        if (
            j < i
            and j - 1 >= lo
            and w.isalpha()
            and w.islower()
            and f not in FUNCTION_WORDS
            and (_plain_noun(w, lex) or w.endswith("ing") and f not in SPEECH_VERBS)
            and is_role_head(fold(toks.words[j + 1]), lex)
            and _is_cap(toks.words[j - 1])
            and toks.words[j - 1][:1].isalpha()
            and fold(toks.words[j - 1]) not in TIME_WORDS
            and fold(toks.words[j - 1]) not in FUNCTION_WORDS
        ):
            j -= 1
            continue
        break
    # one plain noun may lead the title after a boundary: ", port director Jürgen Albrecht"
    if (
        j >= 1
        and j < i
        and _plain_noun(toks.words[j], lex)
        and (toks.words[j - 1] in _BOUNDARY_WORDS or fold(toks.words[j - 1]) in SPEECH_VERBS)
    ):
        j -= 1
    phrase = toks[j + 1 : i + 1]
    while phrase and fold(phrase[0].text) in lex.role_trim:
        phrase = phrase[1:]
    if not phrase:
        return None
    folded = [fold(t.text) for t in phrase]
    # the phrase must end in a role head, or in "<head> of <Capitalised...>"
    end = len(folded)
    if not is_role_head(folded[-1], lex) and " ".join(folded[-2:]) not in lex.role_phrases:
        if "of" in folded:
            of = len(folded) - 1 - folded[::-1].index("of")
            if (
                of == 0
                or of == len(folded) - 1
                or folded[of - 1] not in lex.roles
                or not all(_is_cap(t.text) for t in phrase[of + 1 :])
            ):
                return None
        else:
            return None
    if not any(is_role_head(f, lex) for f in folded[:end]):
        return None
    # "policies of outgoing President": a head-less "... of" before the role is not part of it
    if "of" in folded[:-1]:
        of = folded.index("of")
        if not any(f in lex.roles for f in folded[:of]):
            phrase, folded = phrase[of + 1 :], folded[of + 1 :]
    if not phrase or not any(is_role_head(f, lex) for f in folded):
        return None
    return text[phrase[0].start : phrase[-1].end]


_APPOS_STOP = frozenset(',.;:)—–("“”')


def _role_after(toks: _Tokens, cand: _Cand, lex: Lexicon, text: str) -> str | None:
    """An appositive role: "Matvei Chernogorov, a senior adviser to the Kremlin,".

    An age may come first ("Gregory Holloway, 58, the former chief operating officer of ..."), and
    two descriptions may be joined ("the head of the fund and a Kremlin envoy")."""
    i = cand.last + 1
    if i >= len(toks) or toks.words[i] != ",":
        return None
    i += 1
    if i + 1 < len(toks) and toks.words[i].isdigit() and len(toks.words[i]) <= 3 and toks.words[i + 1] == ",":
        i += 2  # ", 58,"
    if i < len(toks) and toks.words[i].lower() in {"a", "an", "the"}:
        i += 1
    start = i
    while i < len(toks) and i - start < 16 and toks.words[i] not in _APPOS_STOP:
        f = fold(toks.words[i])
        if f == "and" and i + 1 < len(toks) and toks.words[i + 1].lower() in {"a", "an", "the"} and i - start >= 2:
            i += 2  # "the head of Russia's fund and a Kremlin envoy"
            continue
        if f in {"who", "whose", "which", "that", "said", "says", "told", "and", "is", "was", "has", "had"}:
            break
        i += 1
    if i == start or i >= len(toks):
        return None
    if toks.words[i] not in _APPOS_STOP and fold(toks.words[i]) not in {"who", "whose", "which", "that"}:
        return None
    words = [fold(t) for t in toks.words[start:i]]
    head = next((k for k, w in enumerate(words) if is_role_head(w, lex)), None)
    if head is None or head > 5:
        return None
    if words[0].isdigit():
        return None
    return text[toks.starts[start] : toks.ends[i - 1]]


# "Chiyo Kanbara became Finance Minister", "was named Foreign Minister", "will serve as ..."
_COPULAR = re.compile(
    r"\s*(?:,\s*who\s+(?:\w+\s+){0,3}?)?(?:(?:has\s+|had\s+|will\s+|would\s+|to\s+)?(?:became|becomes|become)|"
    r"(?:was|is|has\s+been|had\s+been|will\s+be)\s+(?:named|appointed|elected|made|sworn\s+in\s+as|confirmed\s+as)|"
    r"(?:will\s+)?(?:serve|serves|served|take\s+over|takes\s+over|took\s+over)\s+as|"
    r"(?:was|has\s+been)\s+promoted\s+to)\s+(?:(?:the|a|an)\s+)?"
)


# "The board named Victor Osei, currently head of risk, as chief financial officer"
_APPOINTING = frozenset("named appointed elected promoted picked chose tapped nominated hired installed".split())
_AS_ROLE = re.compile(r"(?:,[^,.;:\n]{1,80},)?\s+as\s+(?:(?:the|its|their|a|an|his|her)\s+)?(?:new\s+)?")


_WHO_LEADS = re.compile(
    r",\s+who\s+(chairs|heads|leads|runs|directs|manages|founded|co-founded)\s+"
    r"((?:the\s+)?[A-Z][^,.;:()\n]{1,70}?)(?=\s*[,.;:)]|\s+(?:and|since|in|for)\s)"
)


def _role_copular(toks: _Tokens, cand: _Cand, lex: Lexicon, text: str) -> str | None:
    """A role the sentence gives the person: "X became Finance Minister", "was named Foreign Minister"."""
    m = _COPULAR.match(text, toks.ends[cand.last], min(len(text), toks.ends[cand.last] + 80))
    if m is None and cand.first > 0 and fold(toks.words[cand.first - 1]) in _APPOINTING:
        m = _AS_ROLE.match(text, toks.ends[cand.last], min(len(text), toks.ends[cand.last] + 100))
    if m is None:
        led = _WHO_LEADS.match(text, toks.ends[cand.last], min(len(text), toks.ends[cand.last] + 120))
        if led is not None and led.group(2)[:1].isupper() or led is not None and led.group(2).startswith("the "):
            return led.group(1) + " " + led.group(2)  # "Priya Mehta, who chairs the Northern Passengers Forum,"
    if m is None and cand.last + 1 < len(toks) and toks.words[cand.last + 1] == ",":
        # past an appositive: "Tadao Imaoka, a former party secretary-general, was named ..."
        k = cand.last + 2
        while k < len(toks) and k - cand.last < 16 and toks.words[k] not in _APPOS_STOP:
            k += 1
        if k < len(toks) and toks.words[k] == ",":
            m = _COPULAR.match(text, toks.ends[k], min(len(text), toks.ends[k] + 80))
    if m is None:
        return None
    i = bisect_right(toks.starts, m.end() - 1)
    if i >= len(toks) or toks.starts[i] < m.end():
        return None
    start = i
    last_head = None
    while i < len(toks) and i - start < 9 and toks.words[i] not in _APPOS_STOP:
        w = toks.words[i]
        f = fold(w)
        if is_role_head(f, lex):
            last_head = i
        elif f in {"of", "for", "and"} and last_head == i - 1:
            pass  # "minister for economic security", "Minister of Economy, Trade and Industry"
        elif not (
            _is_cap(w)
            or f in ROLE_MODIFIERS
            or _POSS_S.search(w)
            or w[:1].islower()
            and f.isalpha()
            and f not in FUNCTION_WORDS
        ):
            break
        i += 1
    if last_head is None:
        return None
    end = last_head
    # "minister for economic security": a short complement after "of"/"for" belongs to the title
    if end + 1 < len(toks) and fold(toks.words[end + 1]) in {"of", "for"}:
        k = end + 2
        while (
            k < len(toks)
            and k - end <= 6
            and toks.words[k] not in _APPOS_STOP
            and fold(toks.words[k])
            not in {"the", "a", "an", "who", "which", "that", "in", "on", "at", "since", "until", "from"}
        ):
            k += 1
        if k - 1 > end + 1:
            end = k - 1
        # "Minister of Economy, Trade and Industry": a capitalised list
        while (
            end + 3 < len(toks)
            and toks.words[end + 1] == ","
            and _is_cap(toks.words[end + 2])
            and (_is_cap(toks.words[end + 3]) or fold(toks.words[end + 3]) == "and")
        ):
            k = end + 2
            while k < len(toks) and (_is_cap(toks.words[k]) or fold(toks.words[k]) == "and"):
                k += 1
            end = k - 1
    return text[toks.starts[start] : toks.ends[end]]


def _person_clause_next(toks: _Tokens, cand: _Cand) -> bool:
    """ ", who ..." or an age (", 25,") right after the span: only people take them."""
    i = cand.last + 1
    if i + 1 >= len(toks) or toks.words[i] != ",":
        return False
    nxt = toks.words[i + 1]
    if nxt.lower() in {"who", "whose"}:
        return True
    return nxt.isdigit() and len(nxt) <= 3 and i + 2 < len(toks) and toks.words[i + 2] == ","


def _speech_next(toks: _Tokens, cand: _Cand) -> bool:
    """The span is the subject or object of a speech verb ("X said", "said X")."""
    after = cand.last + 1
    if after < len(toks) and fold(toks.words[after]) in SPEECH_VERBS:
        return True
    before = cand.first - 1
    return before >= 0 and fold(toks.words[before]) in {"said", "says", "added", "wrote"}


def _inverted(toks: _Tokens, cand: _Cand, lex: Lexicon, cands: list[tuple[_Cand, str | None, bool]]) -> _Cand | None:
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
    return _Cand(prev.first, prev.name_first, cand.last, [cand.words[0], prev.words[0]], prev.start, cand.end)


def _is_person(
    cand: _Cand, toks: _Tokens, lex: Lexicon, role: str | None, lower: set[str], strict: bool = False
) -> bool:
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
        _CONTRACTION.search(w)
        or any(c.isdigit() for c in w)
        or w.split("-")[0].lower() in NUMBER_WORDS
        or _COMPOUND_ADJ.search(w)
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
        and w not in _ROMAN
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
        or _CAMEL.match(words[0])
        and not _NAME_CAMEL.match(words[0])
        or _INITIAL.match(words[0])
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
        and toks.words[cand.first - 1] in _OPEN_QUOTES
        and toks.words[cand.last + 1] in _CLOSE_QUOTES
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
        if _speech_next(toks, cand):
            return not is_common(f, lex) and not words[0].endswith(".")
        # a lone, well-attested first name in mid-sentence ("Rebecca and I", "with Thad")
        return (
            LONE_FIRST_NAMES
            and f in lex.census_names
            and not toks.initial(cand.name_first)
            and before not in {"in", "at", "from", "to", "near", "into", "across", "outside", "of"}
            and not is_common(f, lex)
            and cand.last + 1 < len(toks)
            and not _POSS_S.search(toks.words[cand.last])
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
        and (_ASIAN_GIVEN.match(words[-1]) or first in ASIAN_SURNAMES and first not in lex.not_people)
    ):
        return True
    if _INITIAL.match(words[0]):
        return True  # "L. Dale Huxtable", "J. R. Okafor"
    if _speech_next(toks, cand):
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
            _INITIAL.match(w) or len(w) == 1 and w.isupper() or len(w) > 1 and re.sub(r"['’\-]", "", w).isalpha()
            for w in words
        )
        and not any(f in lex.not_people or f in lex.places or f in lex.organisations or f in ORG_WORDS for f in folded)
    )


# --- linking mentions into people --------------------------------------------------------------


@dataclass(slots=True)
class _Group:
    words: list[str]  # the fullest form's words
    folded: list[str]
    spans: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, surface
    forms: Counter[str] = field(default_factory=Counter)
    role: str | None = None
    genders: list[str] = field(default_factory=list)
    speech: int = 0
    first_pos: int = 0


def _same_given_name(short: str, long: str) -> bool:
    """A short form of a given name: "Chris" of "Christine", "Larry" of "Lawrence"."""
    return len(short) >= 3 and long.startswith(short) or NICKNAMES.get(short) == long


def _subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(any(s == x for x in it) for s in short)


def _gender_of(group: _Group, lex: Lexicon, pronouns: Counter[str]) -> str | None:
    for g in group.genders:  # honorific or gendered role: the strongest evidence
        if g in ("m", "f"):
            return g
    if group.role:
        for word in group.role.lower().split():
            if GENDERED_ROLES.get(word):
                return GENDERED_ROLES[word]
    first = lex.first_names.get(group.folded[0]) if len(group.folded) > 1 else None
    if first in ("m", "f"):  # a given name that is nearly always one gender
        return first
    if pronouns:
        (top, count), *rest = pronouns.most_common()
        if not rest or count >= 2 * rest[0][1]:
            return str(top)
    return None


# "(Reporting by Ilona Vasko; Editing by Martin Greaves)": wire credits name staff, not people in the story
_CREDITS = re.compile(
    r"\((?:Additional\s+)?(?:Reporting|Writing|Editing|Compiled|Produced|Graphics)\s+by\b[^()\n]{0,300}\)"
    r"|^[ \t]*(?:Additional\s+)?(?:Reporting|Writing|Editing)\s+by\s[^\n]{0,300}$",
    re.MULTILINE,
)
# "PORTO SERENO, Lusaran, Nov 21 (Meridian) - ", "GREYHAVEN (Lakeland Press) — ",
# "PORT ALDRIC, Westmark — ": a dateline
_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z'.\-]+(?:[ \t][A-Z][A-Z'.\-]+){0,3}(?:,[ \t]*[A-Z][\w.]*(?:[ \t][A-Z][\w.]*){0,2}){0,2}"
    r"(?:,[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2})?[ \t]*(?:\([^()\n]{1,30}\))?[ \t]*[-\u2013\u2014]+[ \t]",
    re.MULTILINE,
)


# lower-case nouns for bodies: a capitalised name right by one names the body ("the charity Crisis")
_BODY_NOUNS = frozenset(
    "party group movement alliance coalition company firm bank fund charity foundation consultancy "
    "startup start-up brokerage tank network campaign outlet newspaper magazine label".split()
)


# "By Sarah Whitmore and Tom Ellis, Staff Reporters" on a line of its own; "(John Lee/Staff)" photo credits
_BYLINE_LINE = re.compile(r"^[ \t]*By[ \t]+[A-Z][^\n.!?]{0,120}$", re.MULTILINE)
_PHOTO_CREDIT = re.compile(
    r"\((?:(?:Photo|Photograph|Image)[:\s]\s*)?[A-Z][\w.'’-]*(?:[ \t][A-Z][\w.'’-]*){0,3}"
    r"[ \t]*/[ \t]*[A-Z][^()\n]{0,40}\)"
)
# a closing author note: "Sarah Whitmore is a staff reporter covering City Hall."
_AUTHOR_NOTE = re.compile(
    r"\n[ \t]*[A-Z][\w.'’-]+(?:[ \t][A-Z][\w.'’-]+){1,3}[ \t]+(?:is|was)[ \t]+(?:a|an|the)[ \t]+(?:[\w-]+[ \t]+){0,4}?"
    r"(?:reporter|correspondent|writer|editor|journalist|columnist|contributor)\b[^\n]*\s*\Z"
)


def _mask_furniture(text: str) -> str:
    """Blank out datelines, bylines, wire and photo credits and a closing author note (same length, so
    offsets stay) before looking for names: they name the outlet's staff, not people in the story."""

    def blank(m: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", m.group(0))

    if "By " in text:
        text = _BYLINE_LINE.sub(lambda m: blank(m) if len(m.group(0).split()) <= 14 else m.group(0), text)
    if "/" in text:
        text = _PHOTO_CREDIT.sub(blank, text)
    if "by" in text:
        text = _CREDITS.sub(blank, text)
    if " is " in text or " was " in text:
        text = _AUTHOR_NOTE.sub(blank, text)
    return _DATELINE.sub(blank, text)


def find_people(text: str, title: str | None = None) -> PeopleResult:
    """Every named person in ``text``, once, under the fullest name the article uses."""
    lex = lexicon()
    offset = 0
    if title and title.strip() and not text.lstrip().startswith(title.strip()):
        offset = len(title) + 1
        full = f"{title}\n{text}"
    else:
        full = text
    if _ZERO_WIDTH.search(full):
        full = _ZERO_WIDTH.sub(" ", full)  # one space for one character: offsets stay the same
    full = _mask_furniture(full)
    toks = _tokenise(full)
    plain_words = [w for w in toks.words if w[0].islower()]  # any script: "в", "und", "de" (tokens are never empty)
    # the words the article writes in lower case
    lower = set(plain_words) if full.isascii() else {w for w in plain_words if w.isascii()}
    strict = len(plain_words) >= 12 and sum(map(_ENGLISH_MARKERS.__contains__, plain_words)) < 0.05 * len(plain_words)
    cands: list[tuple[_Cand, str | None, bool]] = []
    whole_orgs: list[_Cand] = []
    headlines = _title_case_lines(full, lex)
    line_starts = [a for a, _ in headlines]
    named = _named_outside(toks, headlines)
    for first, last in _split_headline_runs(toks, _spans(toks, full), headlines, lex, named):
        at = bisect_right(line_starts, toks.starts[first]) - 1
        cand = _candidate(toks, first, last, lex, lower, at >= 0 and toks.starts[first] < headlines[at][1], named)
        if not cand.words or not cand.words[0]:
            if cand.org:
                whole_orgs.append(cand)
            continue
        inverted = _inverted(toks, cand, lex, cands)
        if inverted is not None:
            cands[-1] = (inverted, None, True)
            continue
        if (
            len(cand.words) == 1
            and not (cand.honorific or cand.stripped_role)
            and _never_a_name(cand.words[0], lower, lex)
        ):
            cands.append((cand, None, False))  # "However", "Parliament": no role to look for
            continue
        role = (
            _role_copular(toks, cand, lex, full)
            or _role_after(toks, cand, lex, full)
            or _role_before(toks, cand, lex, full)
        )
        cands.append((cand, role, _is_person(cand, toks, lex, role, lower, strict)))

    # "Dana Whitlock of Harvey Lowell": what follows a person and "of" is where they work, not a person;
    # "the think tank Green Horizon Network", "the Rising Left party": a name a body noun stands by
    person_ends = {c.last for c, _, ok in cands if ok}

    def body_named(c: _Cand) -> bool:
        if c.honorific or c.stripped_role:
            return False
        before = toks.words[c.first - 1] if c.first > 0 else ""
        after = toks.words[c.last + 1] if c.last + 1 < len(toks) else ""
        return (
            before == "of"
            and c.first - 2 in person_ends
            or before in _BODY_NOUNS
            or after in _BODY_NOUNS
            and before[:1].islower()
            and not _POSSESSIVE.search(toks.words[c.last])
        )

    cands = [(c, r, ok and not (not r and body_named(c))) for c, r, ok in cands]
    # a lone word that starts an organisation's name elsewhere ("Lumora" of "Lumora Pay") is that organisation
    org_heads = {
        fold(c.words[0]) for c, _, ok in cands if not ok and len(c.words) > 1 and fold(c.words[-1]) in ORG_WORDS
    }
    org_heads.update(fold(toks.words[c.first]) for c in whole_orgs if c.last > c.first)  # "Berkshire Hathaway"
    cands = [
        (
            c,
            r,
            ok
            and not (
                len(c.words) == 1
                and not c.honorific
                and not c.stripped_role
                and not r
                and fold(c.words[0]) in org_heads
            ),
        )
        for c, r, ok in cands
    ]
    organisations = whole_orgs + [
        c for c, _, ok in cands if not ok and (c.org or _maybe_org(c.words, lex) and is_organisation(" ".join(c.words)))
    ]

    groups: dict[str, _Group] = {}
    for cand, _role, accepted in cands:
        if not accepted:
            continue
        key = " ".join(fold(w) for w in cand.words)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(list(cand.words), key.split(), first_pos=cand.start)
    # a lone surname accepted as a speaker, written in full once inside a longer run
    # ("University of Texas Arlington Samira Haddad" ... "Haddad said"): take the given name too
    for cand, role, accepted in cands:
        if accepted or len(cand.words) < 2:
            continue
        surname = fold(cand.words[-1])
        given = fold(cand.words[-2])
        if (
            surname in groups
            and len(groups[surname].folded) == 1
            and given not in lex.not_people
            and given not in lex.places
            and given not in ORG_WORDS
            and given not in lex.roles
            and _is_cap(cand.words[-2])
            and not is_common(given, lex)
        ):
            key = f"{given} {surname}"
            if key not in groups:
                groups[key] = _Group(cand.words[-2:], [given, surname], first_pos=cand.start)
                start = toks.starts[cand.last - 1]
                cands.append(
                    (_Cand(cand.last - 1, cand.last - 1, cand.last, cand.words[-2:], start, cand.end), role, True)
                )

    # fold shorter accepted forms into longer ones ("George Ashworth" into "George W. Ashworth")
    merged: dict[str, str] = {}
    by_length = sorted(groups, key=lambda k: (-len(groups[k].folded), groups[k].first_pos))
    for key in by_length:
        short = groups[key].folded
        for other in by_length:
            if other == key or other in merged or len(groups[other].folded) <= len(short):
                continue
            long = groups[other].folded
            if len(short) > 2 and short[0] == long[0]:
                continue  # "George W. Ashworth" is not "George H. W. Ashworth"
            if short[-1] == long[-1] and _subsequence(short, long) or (len(short) == 1 and short[0] == long[0]):
                merged[key] = other
                break
    # "Larry Pellow" and "Lawrence Pellow", "Chris Delacroix" and "Christine Delacroix": one person
    for key in by_length:
        if key in merged:
            continue
        this = groups[key].folded
        for other in by_length:
            that = groups[other].folded
            if (
                other != key
                and other not in merged
                and len(this) == len(that) == 2
                and this[1] == that[1]
                and len(that[0]) > len(this[0])
                and _same_given_name(this[0], that[0])
            ):
                merged[key] = other
                break
    for key, target in merged.items():
        while target in merged:
            target = merged[target]
        merged[key] = target

    def canonical_key(key: str) -> str:
        return merged.get(key, key)

    live = {k: g for k, g in groups.items() if k not in merged}
    by_last: dict[str, list[str]] = {}
    by_first: dict[str, list[str]] = {}
    for k, g in live.items():
        by_last.setdefault(g.folded[-1], []).append(k)
        if len(g.folded) > 1:
            by_first.setdefault(g.folded[0], []).append(k)

    # where each person was last named in full: a bare surname shared by a family goes to the one
    # named most recently before it ("Tom Ashworth ... Ashworth said"), and to one whose given name
    # agrees with the pronoun that follows ("Ashworth said she")
    full_at: list[tuple[int, str]] = []
    for cand, _, _accepted in cands:
        if len(cand.words) > 1:
            k = canonical_key(" ".join(fold(w) for w in cand.words))
            if k in live:
                full_at.append((cand.start, k))

    def nearest(options: list[str], cand: _Cand) -> str:
        pos = cand.start
        latest: dict[str, int] = {}
        for start, k in full_at:
            if start < pos and k in options:
                latest[k] = start
        pronoun = _PRONOUN_RE.search(full, cand.end, min(len(full), cand.end + 60))
        want = PRONOUNS[pronoun.group(1).lower()] if pronoun else None
        if want and len(options) > 1:
            agree = [k for k in options if lex.first_names.get(live[k].folded[0]) == want]
            if agree and len(agree) < len(options):
                options = agree
        ranked = [k for k in options if k in latest]
        if ranked:
            return max(ranked, key=lambda k: latest[k])
        return min(options, key=lambda k: live[k].first_pos)

    def owner(words: list[str], pos: int, cand: _Cand, accepted: bool) -> str | None:
        folded = [fold(w) for w in words]
        key = " ".join(folded)
        if len(folded) == 1 and len(by_last.get(folded[0], ())) > 1:
            return nearest(by_last[folded[0]], cand)
        if key in groups:
            return canonical_key(key)
        if len(folded) == 1:
            f = folded[0]
            gazetteer = f in lex.not_people or f in lex.places or f in lex.organisations
            if gazetteer and not (cand.honorific or _speech_next(toks, cand)):
                return None
            options = by_last.get(f) or ([] if len(by_first.get(f, [])) != 1 else by_first[f])
            if not options:
                return None
            before = [k for k in options if live[k].first_pos <= pos]
            return max(before or options, key=lambda k: live[k].first_pos if before else -live[k].first_pos)
        for k, g in live.items():  # "George Ashworth" for "George Walker Ashworth"
            if folded[-1] == g.folded[-1] and folded[0] == g.folded[0] and _subsequence(folded, g.folded):
                return k
        return None

    for cand, role, accepted in cands:
        owned = owner(cand.words, cand.start, cand, accepted)
        if owned is None and accepted:
            owned = canonical_key(" ".join(fold(w) for w in cand.words))
        if owned is None:
            continue
        group = live[owned]
        group.spans.append((cand.start, cand.end, " ".join(cand.words)))
        group.forms[" ".join(cand.words)] += 1
        if role and group.role is None:
            group.role = role
        if cand.honorific and HONORIFICS.get(cand.honorific):
            group.genders.append(HONORIFICS[cand.honorific])
        if cand.honorific and group.role is None and cand.honorific in HONORIFIC_ROLES:
            group.role = HONORIFIC_ROLES[cand.honorific]
        if _speech_next(toks, cand):
            group.speech += 1
        group.first_pos = min(group.first_pos, cand.start)

    # a given name and an ordinary word that the article never shortens to that "surname", with no
    # role, honorific or speech: a product or a title ("Mario Run"), not a person
    for key, g in list(live.items()):
        if (
            len(g.folded) == 2
            and not g.role
            and not g.genders
            and not g.speech
            and is_plain_word(g.folded[-1], lex)
            and _plainly_word(g.folded[-1], lower)
            and not any(len(form.split()) == 1 for form in g.forms)
        ):
            del live[key]
    result = _result(full, offset, live, lex)
    taken = {(m.start, m.end) for m in result.mentions}
    for c in organisations:
        if c.start >= offset and (c.start - offset, c.end - offset) not in taken:
            result.organisations.append(Mention(c.start - offset, c.end - offset, full[c.start : c.end]))
    result.organisations.sort(key=lambda m: m.start)
    return result


def _maybe_org(words: list[str], lex: Lexicon) -> bool:
    """A cheap test before ``is_organisation``: a lone word is one only if listed, an org word or an acronym."""
    if len(words) > 1:
        return True
    word = _POSS_S.sub("", words[0])
    f = fold(word)
    return f in lex.organisations or f in ORG_WORDS or word.replace(".", "").isupper()


def _never_a_name(word: str, lower: set[str], lex: Lexicon) -> bool:
    """A lone word that ``_is_person`` rejects whatever its role: a listed place or organisation, an
    ordinary word (unless a frequent surname: "Bush, the former president,"), a word the text writes
    in lower case. Checked first because most capitalised words are sentence openers."""
    f = fold(_POSS_S.sub("", word))
    if f in lex.surname_words:
        return False
    return (
        f in lower
        or f in ORG_WORDS
        or f in lex.places
        or f in lex.organisations
        or f in lex.not_people
        or is_common(f, lex)
    )


_LONG_LOWER = re.compile(r"(?<![\w'’\-])[a-z]{4,}(?![\w'’\-])")


def _title_case_lines(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Lines In Title Case (headlines): every content word capitalised, so capitals are no cue.

    A list of names is also all capitals; a headline has ordinary words ("Makes", "Comeback") too.
    """
    out = []
    start = 0
    for line in text.split("\n"):
        lower_word = _LONG_LOWER.search(line)
        if lower_word and lower_word.group() not in FUNCTION_WORDS:
            start += len(line) + 1  # an ordinary word in lower case: not a headline
            continue
        words = [w for w in _WORDS_RE.findall(line) if len(w) > 3 and w.lower() not in FUNCTION_WORDS]
        if len(words) >= 3 and all(w[:1].isupper() for w in words):
            plain = sum(1 for w in words if is_common(fold(w), lex) and fold(w) not in lex.first_names)
            if plain >= 1:
                out.append((start, start + len(line)))
        start += len(line) + 1
    return out


def _named_outside(toks: _Tokens, headlines: list[tuple[int, int]]) -> set[str]:
    """Words the article capitalises mid-sentence outside its Title Case lines: names, not headline words."""
    if not headlines:
        return set()
    starts = [a for a, _ in headlines]
    out = set()
    for i, w in enumerate(toks.words):
        if w[:1].isupper() and not toks.initial(i):
            at = bisect_right(starts, toks.starts[i]) - 1
            if not (at >= 0 and toks.starts[i] < headlines[at][1]):
                out.add(fold(w))
    return out


def _split_headline_runs(
    toks: _Tokens,
    runs: list[tuple[int, int]],
    headlines: list[tuple[int, int]],
    lex: Lexicon,
    named: set[str] | None = None,
) -> list[tuple[int, int]]:
    """In a Title Case line, an ordinary word ends a run unless the article capitalises it elsewhere.

    "Anthony Pellow Makes A Comeback" gives "Anthony Pellow"; "Marsh" stays a name word when the body
    writes "Donald Marsh" mid-sentence.
    """
    if not headlines:
        return runs

    starts = [a for a, _ in headlines]

    def in_headline(tok: _Tok) -> bool:
        i = bisect_right(starts, tok.start) - 1
        return i >= 0 and tok.start < headlines[i][1]

    if named is None:
        named = _named_outside(toks, headlines)
    out: list[tuple[int, int]] = []
    for first, last in runs:
        if not in_headline(toks[first]):
            out.append((first, last))
            continue
        start = None
        for i in range(first, last + 1):
            f = fold(_POSS_S.sub("", toks.words[i]))
            plain = f not in named and (f in FUNCTION_WORDS or is_common(f, lex)) and f not in lex.census_names
            after_given = start == i - 1 and fold(toks.words[i - 1]) in lex.census_names
            if plain and not (after_given and f not in FUNCTION_WORDS):  # "Sean Mills" keeps "Mills"
                if start is not None:
                    out.append((start, i - 1))
                start = None
            elif start is None:
                start = i
        if start is not None:
            out.append((start, last))
    return out


def _pronoun_votes(text: str, group: _Group, starts: list[int]) -> Counter[str]:
    """Third-person pronouns right after this person's mentions, before anyone else is named."""
    votes: Counter[str] = Counter()
    for start, end, _ in group.spans:
        i = bisect_right(starts, start)
        nxt = starts[i] if i < len(starts) else len(text)
        window = text[end : min(nxt, end + 160)]
        m = _PRONOUN_RE.search(window)
        if m:
            votes[PRONOUNS[m.group(1).lower()]] += 1
    return votes


def _result(text: str, offset: int, live: dict[str, _Group], lex: Lexicon) -> PeopleResult:
    result = PeopleResult()
    all_starts = sorted(s for g in live.values() for s, _, _ in g.spans)
    ranked = []
    for g in live.values():
        if not g.spans:
            continue
        longest = max(g.forms, key=lambda f: (len(f.split()), len(f), g.forms[f]))
        name = longest
        aliases = tuple(sorted(f for f in g.forms if f != name))
        ranked.append((g, name, aliases))
    ranked.sort(key=lambda r: (-(len(r[0].spans) + 2 * r[0].speech), r[0].first_pos))
    last_count = Counter(fold(n.split()[-1]) for _, n, _ in ranked)
    for g, name, aliases in ranked:
        role = g.role.strip() if g.role else None
        result.people.append(Person(name=name, role=role, mentions=len(g.spans), aliases=aliases))
        for start, end, _ in g.spans:
            if start >= offset:
                result.mentions.append(Mention(start - offset, end - offset, name))
        for form in (name, *aliases):
            result.aliases.setdefault(_key(form), name)
        last = fold(name.split()[-1])
        if last_count[last] == 1:
            result.aliases.setdefault(last, name)
        gender = _gender_of(g, lex, _pronoun_votes(text, g, all_starts))
        if gender:
            result.genders[name] = gender
    result.mentions.sort(key=lambda m: m.start)
    return result
