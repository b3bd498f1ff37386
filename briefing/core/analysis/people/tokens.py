"""Tokens of an article (one regex pass) and the small word tests names are built from."""

from __future__ import annotations

import re

from briefing.core.analysis.lexicon import (
    HONORIFICS,
    fold,
    word_set,
)
from briefing.core.text import ascii_words

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


ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")  # they split "Kristalina \u200cGeorgieva"


ENGLISH_MARKERS = word_set("english_markers")


_OPEN_PUNCT = frozenset("\"'“‘(«[—–-")


OPEN_QUOTES = frozenset("\"'“‘«„")


CLOSE_QUOTES = frozenset("\"'”’»“")


_KEEP_BOUNDARY = _OPEN_PUNCT | {"”", "’"}


POSS_S = re.compile(r"['’]s$")


_LOWER_WORDS = re.compile(r"(?<![\w'’\-])[a-z][a-z'’\-]*(?![\w'’\-])")  # words the article writes in lower case


WORDS_RE = re.compile(r"[^\W\d_][\w'’\-]*")


PRONOUN_RE = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)


POSSESSIVE = re.compile(r"['’]s?$")


class Tok:
    """One token: its text, character offsets, and whether it opens a sentence, line or quotation."""

    __slots__ = ("text", "start", "end", "_toks", "_i")

    def __init__(self, toks: Tokens, i: int) -> None:
        self.text = toks.words[i]
        self.start = toks.starts[i]
        self.end = toks.ends[i]
        self._toks = toks
        self._i = i

    @property
    def initial(self) -> bool:
        return self._toks.initial(self._i)


class Tokens:
    """The tokens of a text, built lazily: words and offsets come from one regex pass, and a
    token object only for the few positions the rules look at (most words are never visited)."""

    __slots__ = ("text", "words", "starts", "ends", "_made", "_initial")

    def __init__(self, text: str) -> None:
        self.text = text
        found = list((_ASCII_TOKEN if ascii_words(text) else _TOKEN).finditer(text))
        self.starts = list(map(re.Match.start, found))
        self.ends = list(map(re.Match.end, found))
        self.words = list(map(re.Match.group, found))
        self._made: dict[int, Tok] = {}
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
            tok = self._made[i] = Tok(self, i)
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


def tokenise(text: str) -> Tokens:
    return Tokens(text)


def is_cap(word: str) -> bool:
    return word[:1].isupper()


_JOINED_PREFIX = re.compile(r"(?:d|l|al|el|as|ad|ash|ibn|bin|da|de|di|van|von|mc|o)['’\-][A-Z]")


def is_nameish(word: str) -> bool:
    """A capitalised word or initial that could belong to a name."""
    first = word[:1]
    if first.isupper():
        return True
    # "d'Ettorre", "al-Amr": lower-case prefixes joined to a capital
    return first.islower() and ("'" in word or "’" in word or "-" in word) and bool(_JOINED_PREFIX.match(word))


def name_key(surface: str) -> str:
    return " ".join(fold(w) for w in surface.split())


def strip_surface(surface: str) -> str:
    words = surface.replace("’", "'").split()
    while words and words[0].rstrip(".").lower() in HONORIFICS:
        words.pop(0)
    if words:
        words[-1] = POSSESSIVE.sub("", words[-1]) if re.search(r"['’]s?$", words[-1]) else words[-1]
    return " ".join(words)
