"""Quotation marks in news text: which quoted segments are speech.

``find_quote_spans`` pairs quotation marks paragraph by paragraph: straight and typographic double marks,
« », „ “, '' … '' and, where they clearly quote, single marks. A quote left open at a paragraph end is
closed there and may be reopened by the next paragraph. Scare quotes around a lone term and titles of
works are dropped; short partial quotes next to a speech verb are kept. The word lists and text helpers
the attribution in ``quotes`` shares live here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from briefing.core.analysis.lexicon import word_set

# --- lexicons -------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def speech_verbs() -> frozenset[str]:
    """Every inflected speech-verb form we recognise (lower case)."""
    text = resources.files("briefing.core.data").joinpath("quotes_speech_verbs.txt").read_text("utf-8")
    words: set[str] = set()
    for line in text.splitlines():
        words.update(line.split("#", 1)[0].split())
    return frozenset(words)


@lru_cache(maxsize=1)
def base_forms() -> frozenset[str]:
    """The bare forms ('tweet', 'call'): after a quote they are nouns far more often than verbs."""
    text = resources.files("briefing.core.data").joinpath("quotes_speech_verbs.txt").read_text("utf-8")
    return frozenset(line.split()[0] for line in text.splitlines() if line.split() and not line.startswith("#"))


# Verbs that tag a quote but also name a work or a label ("a film called"): only a quote with a speaker.
_LABEL_VERBS = word_set("label_verbs")
_WORK_NOUNS = word_set("work_nouns")
SUBJECT_PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f"}
PLURAL_OR_IT = word_set("plural_or_it")
ADVERBS = word_set("adverbs")
ROLE_SYNONYMS = {
    "spokeswoman": "spokesperson",
    "spokesman": "spokesperson",
    "spokesperson": "spokesperson",
    "congressman": "representative",
    "congresswoman": "representative",
    "rep.": "representative",
    "sen.": "senator",
    "gov.": "governor",
    "pres.": "president",
    "chairwoman": "chair",
    "chairman": "chair",
    "justice": "judge",
    "magistrate": "judge",
    "premier": "prime",
    "chancellor": "chancellor",
    "boss": "chief",
    "ceo": "chief",
    "executive": "chief",
    "coach": "manager",
}
SPEAKER_ORG_WORDS = word_set("speaker_org_words")
ORG_COMMON = word_set("org_common")
TITLE_WORDS = word_set("title_words")

# --- quote marks ------------------------------------------------------------------------------------

_MARK_RE = re.compile(r"''|``|[“”„«»\"]")
_MARK_FIRST_RE = re.compile(r"[“”„«»\"'`]")  # what every _MARK_RE match starts with: a faster search
_SINGLE_RE = re.compile(r"(?<![\w’'])[‘'](?=[\w$])|(?<=[\w.,!?%])[’'](?![\w’'])")
_SINGLE_OPENER_RE = re.compile(r"(?<![\w’'])[‘'](?=[\w$])")
_PARA_RE = re.compile(r"[^\n]+")
WORD_RE = re.compile(r"[\w][\w'’.-]*")
_SENT_END_RE = re.compile(r"[.!?;]\s+(?=[\"“‘'(\[]?[A-Z0-9])|[.!?]\s*$")
_ABBREV = word_set("abbrev")


@dataclass(slots=True)
class QuoteSpan:
    """One quoted segment: ``start``/``end`` are the words inside the marks (already trimmed)."""

    start: int
    end: int
    open_at: int  # offset of the opening mark
    close_at: int | None  # offset just past the closing mark; None when left open at paragraph end
    para: int
    para_start: int
    para_end: int
    continued: bool = False  # reopens a quote left open at the end of the previous paragraph
    single: bool = False


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces and a trailing comma (the quote's own punctuation otherwise stays)."""
    while start < end and text[start] in " \t\u00a0":
        start += 1
    while end > start and text[end - 1] in " \t\u00a0,":
        end -= 1
    return start, end


def _mark_role(text: str, start: int, end: int, lo: int, hi: int) -> str:
    """'open', 'close' or 'either' for a double mark, from the spaces around it, then its shape."""
    left = text[start - 1] if start > lo else " "
    right = text[end] if end < hi else " "
    left_free = left.isspace() or left in "([{—–―-/\u00a0"
    right_free = right.isspace() or right in ".,;:!?)]}—–―-\u00a0"
    if left_free and not right_free:
        return "open"
    if right_free and not left_free:
        return "close"
    mark = text[start:end]
    if mark in ("“", "„", "«", "``"):
        return "open"
    if mark in ("”", "»"):
        return "close"
    return "either"


def _double_marks(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """Quote segments (inner start, inner end, opening mark) from paired double marks in one paragraph.

    A segment still open at the end runs to ``hi`` and is returned with mark 'open'."""
    out: list[tuple[int, int, str]] = []
    opener: str | None = None
    inner = 0
    for m in _MARK_RE.finditer(text, lo, hi):
        role = _mark_role(text, m.start(), m.end(), lo, hi)
        if opener is None:
            if role == "close" or text[m.start() - 1 : m.start()] == "=":
                continue  # a stray closer, or markup such as tweet-id="..."
            opener, inner = m.group(), m.end()
        elif role == "open" and m.start() > inner:
            # a second opener: the first quote was never closed; close it here and start again
            out.append((inner, m.start(), opener))
            inner, opener = m.end(), m.group()
        else:
            out.append((inner, m.start(), opener))
            opener = None
    if opener is not None:
        out.append((inner, hi, "open"))
    return out


def _single_marks(text: str, lo: int, hi: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """‘…’ or '…' outside double quotes whose marks stand at word edges."""
    out: list[tuple[int, int]] = []
    if text.find("'", lo, hi) == -1 and text.find("‘", lo, hi) == -1:
        return out  # no single mark at all (the regex below, led by a look-behind, scans slowly)
    if not _SINGLE_OPENER_RE.search(text, lo, hi):
        return out  # only apostrophes here
    open_at: int | None = None
    for m in _SINGLE_RE.finditer(text, lo, hi):
        pos = m.start()
        if any(a - 1 <= pos <= b for a, b in taken):
            continue
        is_open = m.end() < hi and (pos == lo or not (text[pos - 1].isalnum() or text[pos - 1] in ".,!?%"))
        if open_at is None:
            if is_open:
                open_at = m.end()
        elif not is_open:
            if pos - open_at > 1:
                out.append((open_at, pos))
            open_at = None
    return out


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PARA_RE.finditer(text) if m.group().strip()]


def _raw_spans(text: str) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    left_open = False
    for index, (lo, hi) in enumerate(_paragraphs(text)):
        if _MARK_FIRST_RE.search(text, lo, hi) is None:  # no double mark here: nothing to pair
            segments: list[tuple[int, int, str]] = []
            first_mark = None
        else:
            segments = _double_marks(text, lo, hi)
            first_mark = _MARK_RE.search(text, lo, hi)
        for inner_start, inner_end, mark in segments:
            start, end = _trim(text, inner_start, inner_end)
            if end <= start or not any(ch.isalnum() for ch in text[start:end]):
                continue
            open_at = inner_start - (2 if mark in ("''", "``") else 1)
            close_at = None if mark == "open" else inner_end + (2 if mark in ("''", "``") else 1)
            continued = (
                left_open and first_mark is not None and first_mark.start() == open_at and not text[lo:open_at].strip()
            )
            spans.append(QuoteSpan(start, end, open_at, close_at, index, lo, hi, continued))
        left_open = bool(segments) and segments[-1][2] == "open"
        taken = [(a, b) for a, b, _ in segments]
        for inner_start, inner_end in _single_marks(text, lo, hi, taken):
            start, end = _trim(text, inner_start, inner_end)
            if end > start:
                spans.append(QuoteSpan(start, end, inner_start - 1, inner_end + 1, index, lo, hi, single=True))
    spans.sort(key=lambda s: s.start)
    return spans


# --- context helpers -------------------------------------------------------------------------------


def word_tokens(s: str) -> list[str]:
    return WORD_RE.findall(s)


_LAST_TOKEN_RE = re.compile(r"([\w.]+)$")
_PHRASE_STOP_RE = re.compile(r"[,;:!?()\n\u2014\u2013\u2015\"“”]|\.")
_SENTENCE_WINDOW = 800  # look no further back than this for a sentence start: keeps long paragraphs linear


def _abbreviation_stop(text: str, at: int) -> bool:
    """Whether the full stop at ``at`` ends an abbreviation or an initial ("Sen.", "U.S.", "J.")."""
    if text[at] != ".":
        return False
    word = _LAST_TOKEN_RE.search(text, max(0, at - 40), at + 1)
    token = word.group(1).lower().rstrip(".") if word else ""
    return token in _ABBREV or len(token) == 1 or ("." in token and len(token) <= 5)  # "G.K.", "D.C."


def sentence_start(text: str, lo: int, pos: int) -> int:
    """Start of the sentence holding ``pos`` (not looking before ``lo``)."""
    best = lo = max(lo, pos - _SENTENCE_WINDOW)
    for m in _SENT_END_RE.finditer(text, lo, pos):
        if m.end() > pos:
            break
        if not _abbreviation_stop(text, m.start()):
            best = m.end()
    return best


def sentence_end(text: str, pos: int, hi: int) -> int:
    for m in _SENT_END_RE.finditer(text, pos, min(hi, pos + _SENTENCE_WINDOW)):
        if not _abbreviation_stop(text, m.start()):
            return m.start() + 1
    return hi


def phrase_end(text: str, pos: int, hi: int) -> int:
    """Where a noun phrase starting at ``pos`` stops: punctuation, but not an abbreviation's full stop."""
    for m in _PHRASE_STOP_RE.finditer(text, pos, min(hi, pos + 300)):
        if m.group() == ".":
            word = _LAST_TOKEN_RE.search(text, max(pos, m.start() - 40), m.start())
            token = word.group(1).lower() if word else ""
            if token and (token in _ABBREV or len(token.rstrip(".")) == 1 or "." in token):
                continue
        return m.start()
    return min(hi, pos + 300)


GOVERNED_GAP = word_set("governed_gap")
BASE_FORM_CUES = word_set("base_form_cues")
ADJUNCT_OPENERS = word_set("adjunct_openers")
CLAUSE_OPENERS = word_set("clause_openers")
PASSIVE_BY = re.compile(
    r"(?:as\s+)?(?:said|described|called|quoted|cited|reported|written|stated|put|noted|tweeted|posted|"
    r"announced|claimed|dubbed|labeled|labelled|branded|characterized)\s+by\s+",
    re.I,
)
TELL = word_set("tell")
SPEECH_NOUNS = word_set("speech_nouns")
_DETERMINERS = word_set("determiners_marks")


def is_noun_use(previous: str) -> bool:
    """'the states', 'his remarks', 'Brandt's claims': a verb form used as a noun."""
    if previous.lower().replace("'", "’") in ("he’s", "she’s", "it’s", "that’s", "who’s", "there’s", "what’s"):
        return False
    return previous.lower() in _DETERMINERS or previous.endswith(("’s", "'s"))


def _has_speech_verb(s: str) -> bool:
    verbs = speech_verbs()
    return any(w.rstrip(".") in verbs for w in word_tokens(s)) or "according to" in s.lower()


def _is_title_case(s: str) -> bool:
    words = [
        w
        for w in word_tokens(s)
        if w.lower() not in {"of", "the", "a", "an", "and", "in", "on", "to", "for", "at", "with", "or", "from", "by"}
    ]
    return bool(words) and all(w[0].isupper() or w[0].isdigit() for w in words)


def _is_speech_quote(text: str, span: QuoteSpan, spans: list[QuoteSpan]) -> bool:
    """Keep a quote unless it is a lone scare-quoted term or the title of a work."""
    inner = text[span.start : span.end]
    n_words = len(word_tokens(inner))
    before = text[max(span.para_start, span.open_at - 80) : span.open_at]
    prev_words = [w.lower() for w in word_tokens(before)[-2:]]
    if (
        prev_words
        and n_words <= 8
        and (
            prev_words[-1] in _WORK_NOUNS
            or (len(prev_words) == 2 and prev_words[0] in _WORK_NOUNS and prev_words[1] in _LABEL_VERBS)
        )
    ):
        if prev_words[-1] not in _LABEL_VERBS or prev_words[0] in _WORK_NOUNS:
            return False
    if span.single and n_words < 2:
        return False
    sentence_lo = sentence_start(text, span.para_start, span.open_at)
    left = text[sentence_lo : span.open_at]
    right_end = sentence_end(text, span.close_at or span.end, span.para_end)
    right = text[span.close_at or span.end : right_end]
    spoken = _has_speech_verb(left) or _has_speech_verb(right[:120]) or left.rstrip().endswith(":")
    if span.single:
        if (
            not spoken
            and n_words >= 4
            and span.close_at is not None
            and inner[:1].isupper()
            and inner.rstrip("’'")[-1:] in ".?!"
            and not text[span.para_start : span.open_at].strip()
            and not text[span.close_at : span.para_end].strip()
            and not _is_title_case(inner)
        ):
            return True  # UK style: a paragraph that is one quotation in single marks continues the speaker
        return spoken and n_words >= 2 and not _is_title_case(inner)
    if n_words >= 5 or span.continued or span.close_at is None:
        return True
    ends_like_speech = inner[-1:] in ".?!" or text[span.end : span.end + 1] == ","
    if not left.strip() and inner[:1].isupper() and inner[-1:] in ".?!":
        return True  # a whole sentence of its own: "Unbelievable."
    after_word = re.match(r"[\s\u00a0]+([a-z]\w*)", text[(span.close_at or span.end) : span.para_end])
    if (
        n_words <= 2
        and inner[:1].islower()
        and after_word
        and after_word.group(1) not in _JOINERS
        and not _has_speech_verb(left)
    ):
        return False  # a lone term inside a phrase: asked them to "verify" their accounts
    if _is_title_case(inner) and not inner.endswith(("!", "?")):
        # a capitalised short span is a name or a title unless a speech verb stands right by it
        last = word_tokens(left)[-2:]
        if last and (
            last[-1].endswith(("’s", "'s"))
            or last[-1].lower() in ("on", "in", "at", "pseudonym", "alias")
            or (
                last[-1].lower() in ("as", "called", "named", "dubbed")
                and len(last) == 2
                and last[0].islower()
                and last[0] not in ("he", "she", "they", "who", "what", "it", "him", "her")
            )
        ):
            return False  # ABC's "Good Morning America", an account called "Hypo-Cruz", known as "Guccifer"
        near = word_tokens(left)[-4:] + word_tokens(right)[:3]
        return any(w.rstrip(".") in speech_verbs() for w in near) and not _is_work_context(left)
    if spoken or ends_like_speech:
        return True
    return False


def _is_work_context(left: str) -> bool:
    words = [w.lower() for w in word_tokens(left)[-3:]]
    return any(w in _WORK_NOUNS for w in words)


_MARKUP_RE = re.compile(r"</?[A-Za-z][^<>\n]{0,400}>")


def mask_markup(text: str) -> str:
    """Blank out leftover tags (<tweet tweet-id="...">) so their attribute quotes are not quotes."""
    if "<" not in text:
        return text
    return _MARKUP_RE.sub(lambda m: " " * len(m.group()), text)


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every quoted segment that is speech, in text order."""
    return speech_spans(mask_markup(text))


def speech_spans(text: str) -> list[QuoteSpan]:
    """``find_quote_spans`` of a text whose markup is already masked."""
    spans = _raw_spans(text)
    return [s for s in spans if _is_speech_quote(text, s, spans)]


# --- words the attribution shares --------------------------------------------------------------

_NAME_WORD = (
    r"(?:(?:[A-Z]\.){2,}|[A-Z][\w’'-]*\.?"  # "G.K.", "Butterfield", "Sen."
    r"|(?:de|da|del|della|van|von|der|den|bin|ibn|al|el|la|le|du|di|dos|das|ter)(?=\s+[A-Z]))"
)
CAP_SEQ_RE = re.compile(_NAME_WORD + r"(?:\s+" + _NAME_WORD + r")*")
NAME_STOP = word_set("name_stop")
_JOINERS = word_set("joiners")
CLAUSE_WORDS = word_set("clause_words")
# "Brandt at the time said", "Smith on Monday told": adjuncts between a subject and its verb
TRAILING_ADJUNCT = re.compile(
    r"(?<=[A-Za-z.])\s+(?:at the time|(?:went|goes|go|continued|continues|proceeded) on to|"
    r"(?:declined|refused|was quick|were quick|is quick|wanted|tried|had|has|have|went on|used) to|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Twitter)"
    r"|in (?:a|an|his|her|their) (?:statement|interview|speech|email|e-mail|letter|tweet|post)"
    r"|(?:last|this|earlier this|later that) (?:week|month|year|morning|afternoon|evening|night)"
    r"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today))$"
)
DAYS = word_set("days")
