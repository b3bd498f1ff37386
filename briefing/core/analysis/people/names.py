"""Candidate name spans and the organisation test: what a capitalised run could be."""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.core.analysis.lexicon import (
    ASIAN_SURNAMES,
    FUNCTION_WORDS,
    HEADLINE_TAIL,
    HONORIFICS,
    MODERN_WORDS,
    ORG_WORDS,
    PARTICLES,
    SPEECH_VERBS,
    TIME_WORDS,
    TRAILING_WORDS,
    Lexicon,
    fold,
    is_common,
    is_plain_word,
    lexicon,
    word_set,
)
from briefing.core.analysis.people.tokens import POSS_S, Tokens, is_cap, is_nameish, name_key, strip_surface


def is_organisation(span: str) -> bool:
    """Whether a capitalised span names an organisation that can speak ("the Kremlin", "the Foreign Ministry")."""
    lex = lexicon()
    words = strip_surface(span.strip()).split()
    while words and words[0].lower() in {"the", "a", "an"}:
        words.pop(0)
    if not words:
        return False
    key = name_key(" ".join(words))
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


ASIAN_GIVEN = re.compile(r"[A-Z][a-z]{1,5}-[a-z]{1,5}$")  # "Jong-un", "Chung-tai"


COMPOUND_ADJ = re.compile(r"-(?:based|born|led|backed|trained|owned|run|made|style|era|like|related|funded)$")


CAMEL = re.compile(r".+[a-z][A-Z]")  # "DeepMind", "PacifiCorp": brands


NAME_CAMEL = re.compile(r"(?:Mc|Mac|O['’]|De|Di|Du|Da|La|Le|Van|Von|St)[A-Z][a-z]+$")


CONTRACTION = re.compile(r"['’](?:ve|ll|re|m|d)$|n['’]t$", re.IGNORECASE)


ROMAN = word_set("roman")  # "Vann R. Newkirk II"


INITIAL = re.compile(r"(?:[A-Z]\.)+$")


LONE_FIRST_NAMES = True  # accept a lone first name from the Census list in mid-sentence


WEAK_NAMES = True  # accept cue-less spans of unknown, non-dictionary words as names


@dataclass(slots=True)
class Cand:
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


def capital_spans(toks: Tokens, text: str) -> list[tuple[int, int]]:
    """Runs of name-like tokens on one line: (first, last) token indices, inclusive.

    A possessive ends a run ("DAB's Ben Chan" is two runs); an editor's bracket inside a name is
    passed over ("[George W.] Bush").
    """
    out = []
    words, starts, ends = toks.words, toks.starts, toks.ends
    n = len(words)
    find = text.find
    # only capitalised tokens (and "al-", "d'" prefixes before a capital) can open a run: both hold a
    # capital, so the many all-lower-case words are passed over by one test (tokens are never empty)
    opens = [i for i, w in enumerate(words) if not w.islower() and (w[0].isupper() or w[0].isalpha() and is_nameish(w))]
    after = -1
    for i in opens:
        if i <= after:
            continue
        w = words[i]
        if not w[:1].isalpha() or w in _SKIP_OPENERS and (i + 1 >= n or not words[i + 1][:1].isupper()):
            continue
        j = i
        while j + 1 < n and find("\n", ends[j], starts[j + 1]) == -1:
            if POSS_S.search(words[j]):
                break
            nxt = words[j + 1]
            if nxt[:1].isalpha() and is_nameish(nxt):
                j += 1
            elif (
                nxt in PARTICLES
                and j + 2 < n
                and (is_cap(words[j]) or words[j] in PARTICLES)
                and (is_cap(words[j + 2]) or words[j + 2] in PARTICLES)
            ):
                j += 1
            elif nxt == "]" and j + 2 < n and is_cap(words[j + 2]) and words[j + 2][:1].isalpha():
                j += 1
            elif (
                nxt == "[" and j + 3 < n and words[j + 3] == "]" and is_cap(words[j + 2]) and words[j + 2][:1].isalpha()
            ):
                j += 3  # an editor's surname: "Jeff [Drake]"
            else:
                break
        while j > i and (words[j] in PARTICLES or words[j] == "]"):
            j -= 1
        out.append((i, j))
        after = j
    return out


def make_candidate(
    toks: Tokens,
    first: int,
    last: int,
    lex: Lexicon,
    lower: frozenset[str] | set[str] = frozenset(),
    headline: bool = False,
    named: frozenset[str] | set[str] = frozenset(),
) -> Cand:
    words = toks.words[first : last + 1]
    n_words = len(words)  # "New Zealand", "White House" are never people; "Charlotte" may be
    if n_words == 1:
        lone = POSS_S.sub("", words[0])
        whole = fold(lone)
    else:
        whole = " ".join(fold(POSS_S.sub("", w)) for w in words)
    if whole in lex.organisations or whole in lex.places and not (n_words == 1 and whole in lex.first_names):
        return Cand(first, last + 1, last, [], toks.starts[first], toks.ends[last], org=whole in lex.organisations)
    if n_words == 1:  # most runs: a lone capitalised word, nothing to strip but a possessive
        name = lone
        return Cand(first, first, last, [name], toks.starts[first], toks.ends[last] - (len(words[0]) - len(name)))
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
            if f in ASIAN_SURNAMES and ASIAN_GIVEN.match(words[k + 1]):
                break
            if f in lex.first_names and not toks.initial(first + k) and is_cap(words[k + 1]):
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
        if _headline_verb(words[r], lex) and all(is_cap(w) for w in words[r + 1 : m]):
            m = r
            break
    # the whole run of ordinary words goes when one of them is plainly a word here
    tail = m
    while tail - 1 > k and _tail_word(words[tail - 1], lex):
        tail -= 1
    trimmed = tail < m and (
        headline
        and not any(fold(w) in named for w in words[tail:m])
        or any(plainly_word(w, lower) for w in words[tail:m])
        or _plural_tail(words[m - 1], words[k:tail], lex)
    )
    if trimmed:
        m = tail
    # a title inside the run: "Shadow Home Secretary Giles Penhallow"
    for r in range(m - 2, k - 1, -1):
        if fold(words[r]) in lex.roles and all(is_cap(w) for w in words[k : r + 1]):
            if r == k and m - k == 2 and fold(words[r]) in lex.first_names:
                break  # "Dean Harrow": a given name, not a title
            k, stripped_role = r + 1, True
            break
    # an organisation or role run before a first name: "Relations Samira Haddad", "Pan-democrat Leung Wai-kit"
    if (
        m - k >= 3
        and (not honorific or is_plain_word(fold(words[k]), lex))
        and fold(words[k]) not in lex.first_names
        and not INITIAL.match(words[k])
    ):  # "Miss Universe Lucía Arrieta" too
        for cut in range(k + 1, m - 1):
            f = fold(words[cut])
            if f not in lex.not_people and (
                f in lex.first_names or f in ASIAN_SURNAMES and cut + 1 < m and ASIAN_GIVEN.match(words[cut + 1])
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
        return Cand(first, first + n, first + n - 1, [], toks.starts[first], toks.ends[first + n - 1])
    last = first + m - 1
    words = words[:m]
    name_words = [w for w in words[k:] if w not in _BRACKETS]
    name_words[-1] = POSS_S.sub("", name_words[-1])
    start = toks.starts[first + k]
    end = toks.ends[last]
    if toks.words[last] != name_words[-1]:
        end -= len(toks.words[last]) - len(name_words[-1])
    return Cand(first, first + k, last, name_words, start, end, honorific, stripped_role, trimmed=trimmed)


def _modifier_compound(word: str, lex: Lexicon) -> bool:
    """A hyphenated modifier before a name: a lower-case participle or adjective after the hyphen
    ("Iran-aligned", "Permian-focused") or two nationalities or places ("British-Iranian")."""
    if "-" not in word:
        return False
    head, _, rest = word.partition("-")
    if rest[:1].islower():
        return is_common(fold(rest), lex) and not ASIAN_GIVEN.match(word)
    parts = [fold(x) for x in word.split("-")]
    return all(x in lex.not_people or x in lex.places for x in parts) and not all(x in lex.first_names for x in parts)


def _tail_word(word: str, lex: Lexicon) -> bool:
    """A capitalised ordinary word that cannot end a name: not a given name, surname or org word."""
    f = fold(POSS_S.sub("", word))
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


def plainly_word(word: str, lower: frozenset[str] | set[str]) -> bool:
    """Plainly an ordinary word in this article: written in lower case elsewhere or a modern word, so
    that rare dictionary words that are surnames ("Quat", "Makos", "Salling") stay names."""
    f = fold(POSS_S.sub("", word))
    return f in lower or f in MODERN_WORDS


def _plural_tail(word: str, head: list[str], lex: Lexicon) -> bool:
    """A plural after a place or a plain word: a team, a party or a group ("Cleveland Cavaliers",
    "Virginia Democrats"); after a given name it may be a surname ("Christopher Andreadis")."""
    f = fold(POSS_S.sub("", word))
    if not f.endswith("s") or len(f) < 4:
        return False
    lead = fold(head[0]) if head else ""
    return len(head) >= 2 or lead in lex.places or lead not in lex.census_names


# capitalised sentence openers that never start a name when a lower-case word follows ("The", "But")
_SKIP_OPENERS = frozenset(w.capitalize() for w in FUNCTION_WORDS if len(w) > 1)


BOUNDARY_WORDS = frozenset(",.;:(\"“”„‘'—–") | {
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


def plain_noun(word: str, lex: Lexicon) -> bool:
    """A lower-case word that can modify a role noun ("port", "transport", "union")."""
    f = fold(word)
    return (
        word[:1].islower()
        and word.isalpha()
        and f not in SPEECH_VERBS
        and not f.endswith(("ed", "ing", "ly"))
        and f not in FUNCTION_WORDS
    )
