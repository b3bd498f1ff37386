"""One person, one entry: merging short forms into the full name, gender from pronouns."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from briefing.core.analysis.lexicon import (
    GENDERED_ROLES,
    NICKNAMES,
    PRONOUNS,
    Lexicon,
    fold,
)
from briefing.core.analysis.people.result import Mention, PeopleResult
from briefing.core.analysis.people.tokens import PRONOUN_RE, name_key
from briefing.core.models import Person


@dataclass(slots=True)
class Group:
    words: list[str]  # the fullest form's words
    folded: list[str]
    spans: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, surface
    forms: Counter[str] = field(default_factory=Counter)
    role: str | None = None
    genders: list[str] = field(default_factory=list)
    speech: int = 0
    first_pos: int = 0


def same_given_name(short: str, long: str) -> bool:
    """A short form of a given name: "Chris" of "Christine", "Larry" of "Lawrence"."""
    return len(short) >= 3 and long.startswith(short) or NICKNAMES.get(short) == long


def subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(any(s == x for x in it) for s in short)


def _gender_of(group: Group, lex: Lexicon, pronouns: Counter[str]) -> str | None:
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


def _pronoun_votes(text: str, group: Group, starts: list[int]) -> Counter[str]:
    """Third-person pronouns right after this person's mentions, before anyone else is named."""
    votes: Counter[str] = Counter()
    for start, end, _ in group.spans:
        i = bisect_right(starts, start)
        nxt = starts[i] if i < len(starts) else len(text)
        window = text[end : min(nxt, end + 160)]
        m = PRONOUN_RE.search(window)
        if m:
            votes[PRONOUNS[m.group(1).lower()]] += 1
    return votes


def build_result(text: str, offset: int, live: dict[str, Group], lex: Lexicon) -> PeopleResult:
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
        role = bare_role(g.role) if g.role else None
        result.people.append(Person(name=name, role=role, mentions=len(g.spans), aliases=aliases))
        for start, end, _ in g.spans:
            if start >= offset:
                result.mentions.append(Mention(start - offset, end - offset, name))
        for form in (name, *aliases):
            result.aliases.setdefault(name_key(form), name)
        last = fold(name.split()[-1])
        if last_count[last] == 1:
            result.aliases.setdefault(last, name)
        gender = _gender_of(g, lex, _pronoun_votes(text, g, all_starts))
        if gender:
            result.genders[name] = gender
    result.mentions.sort(key=lambda m: m.start)
    return result


_OWNER = re.compile(r"(?:her|his|its|their|our)\s+(?=\S)")


def bare_role(role: str) -> str | None:
    """The role phrase without a possessive pronoun in front: "its chief executive", "her campaign director"
    -> "chief executive", "campaign director" (the pronoun points back into the story; a named owner,
    "the union's general secretary", is part of the phrase and stays)."""
    role = role.strip()
    m = _OWNER.match(role)
    if m is not None and m.end() < len(role):
        role = role[m.end() :]
    return role or None
