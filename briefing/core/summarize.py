"""Extractive summaries of news stories, built on sumy.

On news, every stock sumy summarizer scores well below the first sentences of the
story (the lede). The default ``"news"`` method therefore keeps the lede and fills
the rest of a word budget with a :class:`NewsSummarizer` (a sumy
``AbstractSummarizer``): each later sentence scores ``position prior x (1 +
centrality + title overlap)``, captions, bylines, questions and fragments are never
taken, a sentence opening with a dangling "He said" or "But" only follows the
sentence before it, and near-duplicates are skipped. Two knobs (position decay,
centrality weight) and the budget were picked by cross-validation on half of the
shared news set (``python -m bench.eval_summaries --cv``). The other sumy algorithms
are available by name and fill the same budget. Everything runs offline: the
tokenizer is :mod:`briefing.core.text`, and no NLTK data is needed.

The default path imports neither NLTK nor numpy (each parse worker would pay about 0.35 s
for them): the stems come from ``snowballstemmer`` (the Snowball project's own English
stemmer, pure Python), the stop words straight from sumy's data file, and
:class:`NewsSummarizer` speaks sumy's summarizer interface without inheriting from
``AbstractSummarizer`` (whose module imports NLTK). sumy's own algorithms, which do
need them, are imported only when chosen.
"""

from __future__ import annotations

import heapq
import math
import pkgutil
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING, Any

import snowballstemmer

from .text import TOKENIZER, Span, split_sentences, word_count
from .text import words as word_list

if TYPE_CHECKING:
    from sumy.summarizers._summarizer import AbstractSummarizer, SentenceInfo

__all__ = ["METHODS", "NewsWeights", "NewsSummarizer", "summarize", "candidates"]

METHODS = ("news", "lead", "lexrank", "textrank", "luhn", "lsa", "edmundson", "sumbasic", "kl")

# sumy's stock algorithms are quadratic or worse in the number of sentences (KL is
# cubic), so they only see the start of very long documents.
MAX_SENTENCES = {"kl": 60, "lexrank": 150, "lsa": 150, "textrank": 150, "edmundson": 150}
DEFAULT_MAX_SENTENCES = 300
# A summary is drawn from the start of a story: longer input is cut here (about 10,000 words).
MAX_CHARS = 60_000

_SNOWBALL = snowballstemmer.stemmer("english")
# sumy's English stop-word list, read as sumy.utils.get_stop_words reads it (that module
# imports requests and pycountry, which the default path does not need).
STOP_WORDS = frozenset(
    w.rstrip()
    for w in (pkgutil.get_data("sumy", "data/stopwords/english.txt") or b"").decode("utf-8").splitlines()
    if w
)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201b": "'"})


def _snowball(low: str) -> str:
    """English Snowball stem of a lower-cased word, as NLTK's ``EnglishStemmer`` gives it (what
    sumy used): words of one or two characters are kept, curly apostrophes count as "'"."""
    if len(low) <= 2:
        return low
    return str(_SNOWBALL.stemWord(low.translate(_APOSTROPHES)))


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Snowball stem of a lower-cased word (cached: news repeats its words)."""
    return _snowball(word.lower())


@lru_cache(maxsize=50_000)
def content_stem(word: str) -> str:
    """The stem of a content word; "" for a stop word."""
    low = word.lower()
    return "" if low in STOP_WORDS else _snowball(low)


def content_stems(words: Sequence[str]) -> frozenset[str]:
    return frozenset(filter(None, map(content_stem, words)))


# --- candidate sentences -----------------------------------------------------

# "(CNN)", "LONDON (Reuters) -", "WASHINGTON —": agency tags and datelines at the start.
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z .,'\-]{1,40}\s*)?\((?:CNN|Reuters|AP|AFP|UPI|BBC|PA|dpa|Xinhua|Bloomberg)[^)]{0,30}\)\s*[-\u2013\u2014:]*\s*"
    r"|^[A-Z][A-Z .,'\-]{2,30}\s+[-\u2013\u2014]{1,2}\s+"
    # "MOSCOW, Nov 25 (Wire) - ": a dateline with a date and any agency name
    r"|^[A-Z][A-Z .'\-]{1,30},\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*\([^)]{1,30}\)\s*[-\u2013\u2014:]+\s*"
    # "BELEM, Brazil, Nov 21 (Wire) - " and "MANCHESTER, England — ": the place named with its country
    r"|^[A-Z][A-Z'\-]{2,}(?:\s[A-Z][A-Z'\-]+){0,2}(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2}){1,2}"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([^)]{1,30}\))?\s*[-\u2013\u2014]{1,2}\s+"
)
# Phrases that are page furniture, not news.
_FURNITURE = re.compile(
    r"\b(?:Scroll down for (?:video|more)|Scroll down|Click here for [^.]*|CLICK HERE[^.]*"
    r"|READ MORE:?|Share this article|Advertisement|Follow us on [^.]*|Last updated at [^.]*"
    r"|PUBLISHED:[^|]*\|?|UPDATED:[^|]*\|?)",
    re.IGNORECASE,
)
# Every _FURNITURE match holds one of these words (lower-cased, without spaces).
_FURNITURE_WORDS = ("scroll", "click", "read", "share", "advertisement", "follow", "last", "published:", "updated:")
_CASE_TRAPS = frozenset("\u0130\u0131\u017f\u212a")
# Every _GLUE match is followed by whitespace, one of these words and whitespace (a superset test).
# Written to start at a capital (a look-behind checks the space before it): the regex engine then
# skips ahead to the few capitals instead of trying the alternation at every space, ~4x faster.
_GLUE_HINT = re.compile(
    r"[TAIHSWBPO](?<=\s[TAIHSWBPO])(?:(?<=T)(?:he(?:y|ir)?|his)|(?<=A)(?:nd?)?|(?<=I)t|(?<=H)(?:e|is|er)"
    r"|(?<=S)he|(?<=W)e|(?<=B)ut|(?<=P)olice|(?<=O)fficials)\s"
)


def _no_furniture(text: str) -> bool:
    """True when ``_FURNITURE`` cannot match in ``text``: text without any of its words, lower-cased.
    The four characters that match an ASCII letter only under the regex's case rules (dotted and
    dotless i, long s, Kelvin sign) leave it to the regex."""
    if not text.isascii() and not _CASE_TRAPS.isdisjoint(text):
        return False
    low = text.lower()
    return not any(word in low for word in _FURNITURE_WORDS)


# "By Jane Doe | ..." or "By Jane Doe and Sam Roe" (but not "By Monday, the river ..."); credits.
_BYLINE = re.compile(
    r"^(?:By\s+[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){1,3}\s*(?:[|]|$|and\b|for\b|,\s*[A-Z])"
    r"|(?:Photo|Image|Credit|Pictured|Source):)"
)
# "Sarah Whitmore is a staff reporter covering City Hall." closing a story: about the author, not news
_AUTHOR_NOTE = re.compile(
    r"^[A-Z][\w.'\u2019\-]+(?:\s[A-Z][\w.'\u2019\-]+){1,3}\s+(?:is|was)\s+(?:a|an|the)\s+(?:[\w\-]+\s+){0,4}?"
    r"(?:reporter|correspondent|writer|editor|journalist|columnist|contributor)\b"
)
# A photo caption glued onto the next sentence: "... at the harbour in 2019 It then turned out ..."
_GLUE = re.compile(
    r"(?<=[a-z0-9)\]'\u2019\"\u201d])\s+(?=(?:The|A|An|It|He|She|They|His|Her|Their|This|We|But|And|Police|Officials)\s+[a-z])"
)
# "Haul: the cherry picker ..." or "Star-crossed lovers: Jamie ...": a caption label.
_CAPTION_LABEL = re.compile(r"^[A-Z][\w'\u2019\-]*(?:\s+[\w'\u2019\-]+){0,3}:\s")
# "• Related story headline": a list of links, not the story.
_LIST_ITEM = re.compile(r"^[\u2022\u00b7\u25aa\u25cf\u25e6*\-\u2013]\s")
_BYLINE_FIRST = frozenset("BPICS")  # what every _BYLINE match starts with
_LIST_FIRST = frozenset("\u2022\u00b7\u25aa\u25cf\u25e6*-\u2013")  # and every _LIST_ITEM match
_SPEECH = re.compile(r"\b(?:said|says|told|added|asked|explained|wrote|tweeted|insisted|warned)\b")
_DANGLING = frozenset(
    """he she it they his her its their them him this these those that there such both
    but and or so yet also however meanwhile still then nor instead furthermore moreover
    besides however thus hence otherwise""".split()
)
_QUOTE_OPEN = "\"'\u201c\u2018"


@dataclass(slots=True)
class Candidate:
    """One sentence as the summarizer sees it."""

    index: int  # position among the story's sentences
    text: str  # cleaned for display
    words: int
    stems: frozenset[str]
    caption: bool = False
    question: bool = False
    dangling: bool = False
    quote: bool = False


def _is_headline_line(text: str, first: Span) -> bool:
    """A first line standing alone, without closing punctuation, then a blank line: a headline."""
    line_end = text.find("\n", first.start)
    if line_end == -1 or first.end > line_end + 1:
        return False
    line = text[first.start : line_end].strip()
    bare = line.rstrip("\"'\u201d\u2019")  # "... call Budget 'a betrayal'" is still a headline
    return (
        bool(bare)
        and bare[-1] not in ".!?:,"
        and (bare == line or len(line) - len(bare) == 1 and any(q in line[:-1] for q in "\"'\u201c\u2018"))
        and len(line.split()) <= 25
        and text[line_end + 1 : line_end + 8].lstrip(" \t\r").startswith("\n")
        and text[line_end + 1 :].strip() != ""
    )


def candidates(text: str, title: str | None = None) -> list[Candidate]:
    """Split the story into sentences, clean page furniture off them and flag the junk."""
    pieces: list[tuple[str, bool]] = []  # (text, looks like a caption)
    spans = split_sentences(text)
    headline = bool(spans) and _is_headline_line(text, spans[0])
    # Most stories hold no page furniture and no glued caption: when the whole text cannot match,
    # no sentence can (a sentence is a piece of the text, its whitespace folded), so the two
    # regexes are skipped; where furniture was cut, the glue is looked for as always.
    furniture = not _no_furniture(text)
    glue = _GLUE_HINT.search(text) is not None
    for n, span in enumerate(spans):
        sentence = span.text
        if n == 0 and headline:
            continue  # the story's own headline: the reader shows it already
        if n == 0 and title and " ".join(sentence.split()).casefold() == " ".join(title.split()).casefold():
            continue  # the title given again as the first line
        if n == int(headline):
            sentence = _DATELINE.sub("", sentence)
        cut = furniture and not _no_furniture(sentence)
        if cut:
            sentence = _FURNITURE.sub(" ", sentence)
        sentence = sentence.strip(" -|\u2013\u2014")
        parts = _GLUE.split(sentence) if glue or cut else [sentence]
        for k, part in enumerate(parts):
            part = " ".join(part.split())
            if not part:
                continue
            glued_caption = k < len(parts) - 1 and not part.endswith((".", "!", "?", '."', ".\u201d", ".'"))
            pieces.append((part, glued_caption))
    out: list[Candidate] = []
    for i, (sentence, glued) in enumerate(pieces):
        tokens = word_list(sentence)
        if not tokens:
            continue
        first = tokens[0].lower()
        # each regex is tried only where its first characters can stand (a label needs a colon)
        label = _CAPTION_LABEL.match(sentence) if ":" in sentence else None
        caption = (
            glued
            or bool(
                sentence[0] in _BYLINE_FIRST
                and _BYLINE.match(sentence)
                or sentence[0] in _LIST_FIRST
                and _LIST_ITEM.match(sentence)
            )
            or (i >= len(pieces) - 3 and _AUTHOR_NOTE.match(sentence) is not None)
            or (label is not None and first not in STOP_WORDS and not _SPEECH.search(label.group()))
        )
        out.append(
            Candidate(
                index=len(out),
                text=sentence,
                words=word_count(sentence),
                stems=content_stems(tokens),
                caption=caption,
                question=sentence.rstrip("\"'\u201d\u2019").endswith("?"),
                dangling=first in _DANGLING,
                quote=sentence[0] in _QUOTE_OPEN,
            )
        )
    return out


# --- the news summarizer ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewsWeights:
    """The news summarizer's few knobs.

    A sentence's score is ``prior * (1 + centrality * c + title * t)``: ``prior`` is
    ``1 / (1 + distance from the lede) ** position_decay``, ``c`` its similarity to the
    whole story (0..1, the most central sentence is 1) and ``t`` the share of the
    title's content words it holds. Only ``words``, ``position_decay`` and
    ``centrality`` were chosen by measurement (5-fold cross-validation on the even half
    of bench/eval_summaries.py's set); the rest are fixed rules.
    """

    position_decay: float = 0.5
    centrality: float = 0.5
    title: float = 0.5  # no titles in the evaluation set: set a priori, equal to centrality
    redundancy: float = 0.7  # skip a sentence when this share of its content stems is covered
    short_words: int = 8  # fewer words: a fragment, never chosen
    fill: float = 0.87  # stop once the summary has this share of the word budget
    overshoot: float = 0.1  # a sentence that would pass the budget by more than this share ends it


DEFAULT_WEIGHTS = NewsWeights()


class NewsSummarizer:
    """Lede first, then the best of what follows, in sumy's summarizer interface.

    Called like any sumy summarizer (``summarizer(document, sentences_count)``), with its
    ``stem_word``; it does not inherit ``AbstractSummarizer`` so that using it never imports
    NLTK. The lede (the first sentence that is not junk and does not lean on an earlier
    one) counts as the story's most central sentence, so it is always taken unless a
    title points elsewhere. Captions, bylines, questions and fragments are never
    taken; a sentence opening with "He"/"But"... only after the sentence before it.
    """

    def __init__(self, weights: NewsWeights = DEFAULT_WEIGHTS, title: str | None = None) -> None:
        self.weights = weights
        self.title_stems = content_stems(word_list(title or ""))

    @staticmethod
    def normalize_word(word: str) -> str:
        """sumy's interface: the form a word is stemmed in."""
        return str(word).lower()

    def stem_word(self, word: str) -> str:
        """sumy's interface: the stem of a word."""
        return stem(word)

    def __call__(self, document: Any, sentences_count: int) -> tuple[str, ...]:  # sumy interface: a sentence count
        texts = [str(s) for s in document.sentences]
        chosen = self.select(candidates("\n".join(texts)), words=10_000, limit=int(sentences_count))
        return tuple(c.text for c in chosen)

    def usable(self, cands: Sequence[Candidate]) -> list[Candidate]:
        """The sentences that may be chosen: not captions, questions or fragments."""
        w = self.weights
        good = [c for c in cands if not (c.caption or c.question or c.words < w.short_words)]
        return good or [c for c in cands if not c.caption] or list(cands)

    def ratings(self, cands: Sequence[Candidate]) -> dict[int, float]:
        """Score of each usable sentence, by its index."""
        w = self.weights
        usable = self.usable(cands)
        if not usable:
            return {}
        lede = next((c for c in usable if not c.dangling), usable[0])
        centrality = _centrality(cands)
        scores: dict[int, float] = {}
        for c in usable:
            if c.index < lede.index:
                continue  # before the lede: a dangling opener with nothing to lean on
            prior = 1.0 / (1.0 + c.index - lede.index) ** w.position_decay
            central = 1.0 if c is lede else centrality[c.index]
            titled = len(c.stems & self.title_stems) / len(self.title_stems) if self.title_stems else 0.0
            scores[c.index] = prior * (1.0 + w.centrality * central + w.title * titled)
        return scores

    def select(self, cands: Sequence[Candidate], *, words: int, limit: int | None = None) -> list[Candidate]:
        """Greedy choice by score within the word budget; returned in story order.

        A dangling sentence joins the heap only once the sentence before it is chosen.
        """
        w = self.weights
        scores = self.ratings(cands)
        heap = [(-score, i) for i, score in scores.items() if not cands[i].dangling]
        heapq.heapify(heap)
        chosen: dict[int, Candidate] = {}
        covered: set[str] = set()
        total = 0
        while heap and total < words * w.fill and (limit is None or len(chosen) < limit):
            _, best = heapq.heappop(heap)
            c = cands[best]
            if c.stems and covered and len(c.stems & covered) / len(c.stems) > w.redundancy:
                continue
            if chosen and total + c.words > words * (1 + w.overshoot):
                break
            chosen[best] = c
            covered |= c.stems
            total += c.words
            after = best + 1
            if after in scores and cands[after].dangling:
                heapq.heappush(heap, (-scores[after], after))
        return [chosen[i] for i in sorted(chosen)]


def _centrality(cands: Sequence[Candidate]) -> list[float]:
    """Cosine of each sentence's content stems with the rest of the story, scaled so the best is 1."""
    counts = Counter(chain.from_iterable(c.stems for c in cands))
    norm = math.sqrt(sum(v * v for v in counts.values())) or 1.0
    get = counts.__getitem__
    # sum(counts[s] - 1 for s in stems), as integers: the same value, computed faster
    values = [
        (sum(map(get, c.stems)) - len(c.stems)) / (norm * math.sqrt(len(c.stems))) if c.stems else 0.0 for c in cands
    ]
    top = max(values, default=0.0) or 1.0
    return [v / top for v in values]


# --- entry point --------------------------------------------------------------


def summarize(
    text: str,
    title: str | None = None,
    *,
    words: int = 75,
    method: str = "news",
    weights: NewsWeights | None = None,
) -> list[str]:
    """Summary sentences of ``text`` in story order, about ``words`` words long.

    ``method`` is one of :data:`METHODS`. The summary may run past the budget by the
    last sentence it takes, never by more than that.
    """
    if method not in METHODS:
        raise ValueError(f"unknown summary method {method!r}; choose from {', '.join(METHODS)}")
    words = max(1, int(words))
    if not text or not text.strip():
        return []
    text = text[:MAX_CHARS]
    if method == "news":
        cands = candidates(text, title)
        return [c.text for c in NewsSummarizer(weights or DEFAULT_WEIGHTS, title).select(cands, words=words)]
    if method == "lead":
        return _fill([s.text for s in split_sentences(text)], words)
    return _sumy_summary(text, title, words, method)


def _fill(sentences: Sequence[str], words: int, w: NewsWeights = DEFAULT_WEIGHTS) -> list[str]:
    """Lead: the first sentences, under the same budget rule as the news method."""
    out: list[str] = []
    total = 0
    for s in sentences:
        n = word_count(s)
        if total >= words * w.fill or (out and total + n > words * (1 + w.overshoot)):
            break
        out.append(s)
        total += n
    return out


def _budget(words: int, w: NewsWeights = DEFAULT_WEIGHTS) -> Callable[[list[SentenceInfo]], list[SentenceInfo]]:
    """A sumy 'sentences count': the best-rated sentences that fit the word budget.

    Same rule as the news method, except that a sentence too long for what is left
    is passed over (sumy's ratings favour long sentences, so stopping would starve it).
    """

    def take(infos: list[SentenceInfo]) -> list[SentenceInfo]:
        out: list[SentenceInfo] = []
        total = 0
        for info in infos:
            if total >= words * w.fill:
                break
            n = word_count(str(info.sentence))
            if out and total + n > words * (1 + w.overshoot):
                continue
            out.append(info)
            total += n
        return out

    return take


def _sumy_summary(text: str, title: str | None, words: int, method: str) -> list[str]:
    from sumy.parsers.plaintext import PlaintextParser

    limit = MAX_SENTENCES.get(method, DEFAULT_MAX_SENTENCES)
    sentences = [s.text for s in split_sentences(text)][:limit]
    body = "\n".join(sentences)
    if title:
        body = title.upper() + "\n" + body  # sumy reads an upper-case line as a heading
    document = PlaintextParser.from_string(body, TOKENIZER).document
    if not document.sentences:
        return []
    summarizer = _sumy_summarizer(method)
    return [str(s) for s in summarizer(document, _budget(words))]


def _sumy_summarizer(method: str) -> AbstractSummarizer:
    from sumy.summarizers.edmundson import EdmundsonSummarizer
    from sumy.summarizers.kl import KLSummarizer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    classes = {
        "lexrank": LexRankSummarizer,
        "textrank": TextRankSummarizer,
        "luhn": LuhnSummarizer,
        "lsa": LsaSummarizer,
        "edmundson": EdmundsonSummarizer,
        "sumbasic": SumBasicSummarizer,
        "kl": KLSummarizer,
    }
    summarizer = classes[method](stem)
    if method == "edmundson":
        # sumy ships no English cue words; these make its cue method mean something for news.
        summarizer.bonus_words = ("significant", "important", "first", "new", "announced", "killed", "found")
        summarizer.stigma_words = ("pictured", "video", "click", "scroll", "photo")
        summarizer.null_words = STOP_WORDS
    else:
        summarizer.stop_words = STOP_WORDS
    return summarizer
