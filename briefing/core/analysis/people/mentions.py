"""find_people: furniture masked, candidates judged, mentions linked, the result built."""

from __future__ import annotations

import re
from bisect import bisect_right

from briefing.core.analysis.lexicon import (
    FUNCTION_WORDS,
    HONORIFIC_ROLES,
    HONORIFICS,
    ORG_WORDS,
    PRONOUNS,
    Lexicon,
    fold,
    is_common,
    is_plain_word,
    lexicon,
    word_set,
)
from briefing.core.analysis.people.aliases import Group, build_result, same_given_name, subsequence
from briefing.core.analysis.people.names import Cand, capital_spans, is_organisation, make_candidate, plainly_word
from briefing.core.analysis.people.person_rules import decide
from briefing.core.analysis.people.result import Mention, PeopleResult
from briefing.core.analysis.people.roles import role_after, role_before, role_copular
from briefing.core.analysis.people.rules import inverted_subject, speech_next
from briefing.core.analysis.people.tokens import (
    ENGLISH_MARKERS,
    POSS_S,
    POSSESSIVE,
    PRONOUN_RE,
    WORDS_RE,
    ZERO_WIDTH,
    Tok,
    Tokens,
    is_cap,
    tokenise,
)

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
_BODY_NOUNS = word_set("body_nouns")


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
    if any(dash in text for dash in _DASH_GAPS):  # every dateline ends in a dash and a space or tab
        text = _DATELINE.sub(blank, text)
    return text


_DASH_GAPS = tuple(d + gap for d in "-\u2013\u2014" for gap in " \t")


def find_people(
    text: str, title: str | None = None, *, trace: list[tuple[str, bool, str]] | None = None
) -> PeopleResult:
    """Every named person in ``text``, once, under the fullest name the article uses."""
    lex = lexicon()
    offset = 0
    if title and title.strip() and not text.lstrip().startswith(title.strip()):
        offset = len(title) + 1
        full = f"{title}\n{text}"
    else:
        full = text
    if ZERO_WIDTH.search(full):
        full = ZERO_WIDTH.sub(" ", full)  # one space for one character: offsets stay the same
    full = _mask_furniture(full)
    toks = tokenise(full)
    plain_words = [w for w in toks.words if w[0].islower()]  # any script: "в", "und", "de" (tokens are never empty)
    # the words the article writes in lower case
    lower = set(plain_words) if full.isascii() else {w for w in plain_words if w.isascii()}
    strict = len(plain_words) >= 12 and sum(map(ENGLISH_MARKERS.__contains__, plain_words)) < 0.05 * len(plain_words)
    cands: list[tuple[Cand, str | None, bool]] = []
    whole_orgs: list[Cand] = []
    headlines = _title_case_lines(full, lex)
    line_starts = [a for a, _ in headlines]
    named = _named_outside(toks, headlines)
    for first, last in _split_headline_runs(toks, capital_spans(toks, full), headlines, lex, named):
        at = bisect_right(line_starts, toks.starts[first]) - 1
        cand = make_candidate(toks, first, last, lex, lower, at >= 0 and toks.starts[first] < headlines[at][1], named)
        if not cand.words or not cand.words[0]:
            if cand.org:
                whole_orgs.append(cand)
            continue
        inverted = inverted_subject(toks, cand, lex, cands)
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
            role_copular(toks, cand, lex, full)
            or role_after(toks, cand, lex, full)
            or role_before(toks, cand, lex, full)
        )
        accepted, rule = decide(cand, toks, lex, role, lower, strict)
        if trace is not None:
            trace.append((" ".join(cand.words), accepted, rule))
        cands.append((cand, role, accepted))

    # "Dana Whitlock of Harvey Lowell": what follows a person and "of" is where they work, not a person;
    # "the think tank Green Horizon Network", "the Rising Left party": a name a body noun stands by
    person_ends = {c.last for c, _, ok in cands if ok}

    def body_named(c: Cand) -> bool:
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
            and not POSSESSIVE.search(toks.words[c.last])
        )

    cands = [(c, r, ok and not (not r and body_named(c))) for c, r, ok in cands]
    # "The operating company, Valmy Terminaux, said" / "Valmy Terminaux, which operates the port": a name
    # the text itself treats as a thing once is no person anywhere in the story
    things = {" ".join(fold(w) for w in c.words) for c, r, _ in cands if not r and _thing_named(toks, c, lex)}
    # "Valmy Terminaux, which operates the port": "which" after a name that no cue makes a person
    # (two words or more, no title or role anywhere, no known given name first)
    cued = {" ".join(fold(w) for w in c.words) for c, r, _ in cands if r or c.honorific or c.stripped_role}
    for c, _, ok in cands:
        key = " ".join(fold(w) for w in c.words)
        if (
            ok
            and len(c.words) >= 2
            and key not in cued
            and fold(c.words[0]) not in lex.first_names
            and toks.words[c.last + 1 : c.last + 3] == [",", "which"]
        ):
            things.add(key)
    if things:
        cands = [
            (c, r, ok and (bool(r) or bool(c.honorific) or " ".join(fold(w) for w in c.words) not in things))
            for c, r, ok in cands
        ]
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
        c
        for c, _, ok in cands
        if not ok
        and (
            c.org
            or _maybe_org(c.words, lex)
            and is_organisation(" ".join(c.words))
            or " ".join(fold(w) for w in c.words) in things
        )
    ]

    # "Judge Whitcombe" beside "Eleanor Whitcombe": a title word (some are given names too) before the
    # surname of another person in the story is that person's title, not a second person
    surnames: dict[str, set[str]] = {}
    for c, _, ok in cands:
        if ok and len(c.words) >= 2:
            surnames.setdefault(fold(c.words[-1]), set()).add(fold(c.words[0]))
    cands = [(_title_before_surname(c, toks, lex, surnames) if ok else c, r, ok) for c, r, ok in cands]

    groups: dict[str, Group] = {}
    for cand, _role, accepted in cands:
        if not accepted:
            continue
        key = " ".join(fold(w) for w in cand.words)
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(list(cand.words), key.split(), first_pos=cand.start)
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
            and is_cap(cand.words[-2])
            and not is_common(given, lex)
        ):
            key = f"{given} {surname}"
            if key not in groups:
                groups[key] = Group(cand.words[-2:], [given, surname], first_pos=cand.start)
                start = toks.starts[cand.last - 1]
                cands.append(
                    (Cand(cand.last - 1, cand.last - 1, cand.last, cand.words[-2:], start, cand.end), role, True)
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
            if short[-1] == long[-1] and subsequence(short, long) or (len(short) == 1 and short[0] == long[0]):
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
                and same_given_name(this[0], that[0])
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

    def nearest(options: list[str], cand: Cand) -> str:
        pos = cand.start
        latest: dict[str, int] = {}
        for start, k in full_at:
            if start < pos and k in options:
                latest[k] = start
        pronoun = PRONOUN_RE.search(full, cand.end, min(len(full), cand.end + 60))
        want = PRONOUNS[pronoun.group(1).lower()] if pronoun else None
        if want and len(options) > 1:
            agree = [k for k in options if lex.first_names.get(live[k].folded[0]) == want]
            if agree and len(agree) < len(options):
                options = agree
        ranked = [k for k in options if k in latest]
        if ranked:
            return max(ranked, key=lambda k: latest[k])
        return min(options, key=lambda k: live[k].first_pos)

    def owner(words: list[str], pos: int, cand: Cand, accepted: bool) -> str | None:
        folded = [fold(w) for w in words]
        key = " ".join(folded)
        if len(folded) == 1 and len(by_last.get(folded[0], ())) > 1:
            return nearest(by_last[folded[0]], cand)
        if key in groups:
            return canonical_key(key)
        if len(folded) == 1:
            f = folded[0]
            gazetteer = f in lex.not_people or f in lex.places or f in lex.organisations
            if gazetteer and not (cand.honorific or speech_next(toks, cand)):
                return None
            options = by_last.get(f) or ([] if len(by_first.get(f, [])) != 1 else by_first[f])
            if not options:
                return None
            before = [k for k in options if live[k].first_pos <= pos]
            return max(before or options, key=lambda k: live[k].first_pos if before else -live[k].first_pos)
        for k, g in live.items():  # "George Ashworth" for "George Walker Ashworth"
            if folded[-1] == g.folded[-1] and folded[0] == g.folded[0] and subsequence(folded, g.folded):
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
        if speech_next(toks, cand):
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
            and plainly_word(g.folded[-1], lower)
            and not any(len(form.split()) == 1 for form in g.forms)
        ):
            del live[key]
    result = build_result(full, offset, live, lex)
    taken = {(m.start, m.end) for m in result.mentions}
    for c in organisations:
        if c.start >= offset and (c.start - offset, c.end - offset) not in taken:
            result.organisations.append(Mention(c.start - offset, c.end - offset, full[c.start : c.end]))
    result.organisations.sort(key=lambda m: m.start)
    return result


def _thing_named(toks: Tokens, c: Cand, lex: Lexicon) -> bool:
    """Whether the text sets a candidate in apposition to an organisation noun before it, between commas
    ("The operating company, X, said"; "its parent firm, X, ..."): then it names that body."""
    if c.honorific or c.stripped_role or c.first < 3:
        return False
    words = toks.words
    if words[c.first - 1] != "," or words[c.last + 1 : c.last + 2] != [","]:
        return False
    head = fold(words[c.first - 2])
    if head not in _BODY_NOUNS and (head not in ORG_WORDS or head in lex.roles):
        return False
    for at in range(c.first - 3, max(-1, c.first - 6), -1):  # "the [operating] company": the body itself,
        if fold(words[at]) in _APPOSITION_DETERMINERS:  # not "the head of the division, X," (a person)
            return at == 0 or fold(words[at - 1]) not in _OF_WORDS
    return False


_APPOSITION_DETERMINERS = word_set("apposition_determiners")
_OF_WORDS = word_set("of_words")


def _title_before_surname(c: Cand, toks: Tokens, lex: Lexicon, surnames: dict[str, set[str]]) -> Cand:
    """The candidate without its first word when that word is a role and the rest is the surname of
    a person named in full elsewhere (with another first word)."""
    if len(c.words) != 2 or c.honorific or c.stripped_role:
        return c
    title, surname = fold(c.words[0]), fold(c.words[1])
    if title not in lex.roles or not surnames.get(surname, set()) - {title}:
        return c
    at = c.name_first + 1
    return Cand(c.first, at, c.last, c.words[1:], toks.starts[at], c.end, None, True, c.org, c.trimmed)


def _maybe_org(words: list[str], lex: Lexicon) -> bool:
    """A cheap test before ``is_organisation``: a lone word is one only if listed, an org word or an acronym."""
    if len(words) > 1:
        return True
    word = POSS_S.sub("", words[0])
    f = fold(word)
    return f in lex.organisations or f in ORG_WORDS or word.replace(".", "").isupper()


def _never_a_name(word: str, lower: set[str], lex: Lexicon) -> bool:
    """A lone word that ``is_person`` rejects whatever its role: a listed place or organisation, an
    ordinary word (unless a frequent surname: "Bush, the former president,"), a word the text writes
    in lower case. Checked first because most capitalised words are sentence openers."""
    f = fold(POSS_S.sub("", word))
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
        words = [w for w in WORDS_RE.findall(line) if len(w) > 3 and w.lower() not in FUNCTION_WORDS]
        if len(words) >= 3 and all(w[:1].isupper() for w in words):
            plain = sum(1 for w in words if is_common(fold(w), lex) and fold(w) not in lex.first_names)
            if plain >= 1:
                out.append((start, start + len(line)))
        start += len(line) + 1
    return out


def _named_outside(toks: Tokens, headlines: list[tuple[int, int]]) -> set[str]:
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
    toks: Tokens,
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

    def in_headline(tok: Tok) -> bool:
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
            f = fold(POSS_S.sub("", toks.words[i]))
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


def explain_people(text: str, title: str | None = None) -> list[tuple[str, bool, str]]:
    """Every candidate span of ``text`` (its words after titles were taken off), whether the person rules
    took it, and the rule of ``person_rules.PERSON_RULES`` that decided. Later passes over the whole story
    (apposition to an organisation noun, an organisation's first word) may still refuse one."""
    trace: list[tuple[str, bool, str]] = []
    find_people(text, title, trace=trace)
    return trace
