"""Roles: the role phrase the text gives before, after (appositive) or around a name (copular)."""

from __future__ import annotations

import re
from bisect import bisect_right

from briefing.core.analysis.lexicon import (
    DETERMINERS,
    FUNCTION_WORDS,
    HONORIFICS,
    ORG_WORDS,
    ROLE_MODIFIERS,
    SPEECH_VERBS,
    TIME_WORDS,
    Lexicon,
    fold,
    is_role_head,
    word_set,
)
from briefing.core.analysis.people.names import BOUNDARY_WORDS, Cand, plain_noun
from briefing.core.analysis.people.tokens import POSS_S, Tokens, is_cap


def _role_before_comma(toks: Tokens, cand: Cand, lex: Lexicon, text: str) -> str | None:
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
        if POSS_S.search(w):  # "The agency's director": the owner is part of the role
            j -= 1
            break
        if not (
            w[:1].isalpha()
            and (
                is_cap(w)
                or plain_noun(w, lex)
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


def role_before(toks: Tokens, cand: Cand, lex: Lexicon, text: str) -> str | None:
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
            or is_cap(w)
            or f in {"of", "the", "for"}
            or (w.endswith("'s") or w.endswith("’s"))
            and is_cap(w)
        ):
            if f in {"said", "says"} or (
                f in lex.not_people
                and f not in ORG_WORDS
                and f not in {"of", "the", "for"}
                and f not in lex.roles
                and f not in ROLE_MODIFIERS
                and not is_cap(w)
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
            and (plain_noun(w, lex) or w.endswith("ing") and f not in SPEECH_VERBS)
            and is_role_head(fold(toks.words[j + 1]), lex)
            and is_cap(toks.words[j - 1])
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
        and plain_noun(toks.words[j], lex)
        and (toks.words[j - 1] in BOUNDARY_WORDS or fold(toks.words[j - 1]) in SPEECH_VERBS)
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
                or not all(is_cap(t.text) for t in phrase[of + 1 :])
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


def role_after(toks: Tokens, cand: Cand, lex: Lexicon, text: str) -> str | None:
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
_APPOINTING = word_set("appointing")


_AS_ROLE = re.compile(r"(?:,[^,.;:\n]{1,80},)?\s+as\s+(?:(?:the|its|their|a|an|his|her)\s+)?(?:new\s+)?")


_WHO_LEADS = re.compile(
    r",\s+who\s+(chairs|heads|leads|runs|directs|manages|founded|co-founded)\s+"
    r"((?:the\s+)?[A-Z][^,.;:()\n]{1,70}?)(?=\s*[,.;:)]|\s+(?:and|since|in|for)\s)"
)


def role_copular(toks: Tokens, cand: Cand, lex: Lexicon, text: str) -> str | None:
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
            is_cap(w)
            or f in ROLE_MODIFIERS
            or POSS_S.search(w)
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
            and is_cap(toks.words[end + 2])
            and (is_cap(toks.words[end + 3]) or fold(toks.words[end + 3]) == "and")
        ):
            k = end + 2
            while k < len(toks) and (is_cap(toks.words[k]) or fold(toks.words[k]) == "and"):
                k += 1
            end = k - 1
    return text[toks.starts[start] : toks.ends[end]]
