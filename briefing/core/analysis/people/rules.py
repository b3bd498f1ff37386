"""Context tests the person rules (``person_rules.py``) share: a clause after the span, a speech verb
beside it, a list entry written surname first."""

from __future__ import annotations

from briefing.core.analysis.lexicon import (
    SPEECH_VERBS,
    Lexicon,
    fold,
)
from briefing.core.analysis.people.names import (
    Cand,
)
from briefing.core.analysis.people.tokens import Tokens


def person_clause_next(toks: Tokens, cand: Cand) -> bool:
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
