"""Who a phrase names: a speaker mention resolved to a canonical person or an organisation.

The rules in ``quotes`` decide where a quote's attribution is ("said X", "X, a Y, said", "he told");
``SpeakerFinder`` turns that stretch of text into a speaker through the people found in the article
(``people.PeopleResult``, used duck-typed): names to canonical names, "he"/"she" to the right earlier
person, role nouns ("the minister") to the person with that role, organisations marked as such.
Nothing is guessed: what cannot be resolved comes back with ``name=None``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

from briefing.core.analysis.lexicon import word_set
from briefing.core.analysis.quotes.marks import (
    ADJUNCT_OPENERS,
    ADVERBS,
    CAP_SEQ_RE,
    CLAUSE_WORDS,
    DAYS,
    NAME_STOP,
    ORG_COMMON,
    PLURAL_OR_IT,
    ROLE_SYNONYMS,
    SPEAKER_ORG_WORDS,
    SUBJECT_PRONOUNS,
    TITLE_WORDS,
    TRAILING_ADJUNCT,
    WORD_RE,
    QuoteSpan,
    base_forms,
    is_noun_use,
    phrase_end,
    sentence_start,
    speech_verbs,
    word_tokens,
)
from briefing.core.models import SpeakerKind

# --- people access (duck-typed over people.PeopleResult) -------------------------------------------


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    name: str


def _mentions(people: Any) -> list[_Mention]:
    out: list[_Mention] = []
    for m in getattr(people, "mentions", ()) or ():
        if isinstance(m, tuple):
            start, end, name = m[0], m[1], m[2]
        else:
            start, end = m.start, m.end
            name = getattr(m, "name", None) or getattr(m, "canonical", None) or getattr(m, "person", None)
        if name:
            out.append(_Mention(int(start), int(end), str(name)))
    out.sort(key=lambda m: m.start)
    return out


_NEXT_CAPITAL_RE = re.compile(r" ([A-Z][a-z][\w’'-]*)")


def _other_first_name(text: str, m: _Mention) -> bool:
    """'Glenn' of "Glenn Oduya" given to Glenn Ashworth: a first name followed by another surname."""
    surface = text[m.start : m.end]
    if " " in surface or not m.name.startswith(surface + " "):
        return False
    nxt = _NEXT_CAPITAL_RE.match(text, m.end)
    return nxt is not None and nxt.group(1) not in m.name.split()


def _shared_surnames(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """A bare surname two people share ("Delaney" for Mark and Paul Delaney): the one whose full name
    stands earlier in the same paragraph, else the one the article named in full first."""
    mentions = [m for m in mentions if not _other_first_name(text, m)]
    by_surname: dict[str, list[str]] = {}
    first_full: dict[str, int] = {}
    for m in mentions:
        if " " in m.name and m.name not in first_full and text[m.start : m.end] == m.name:
            first_full[m.name] = m.start
            by_surname.setdefault(m.name.rsplit(None, 1)[-1], []).append(m.name)
    shared = {k: v for k, v in by_surname.items() if len(v) > 1}
    if not shared:
        return mentions
    out: list[_Mention] = []
    last_full: dict[str, tuple[int, str]] = {}  # surname -> (paragraph start, full name) of its last full mention
    for m in mentions:
        surface = text[m.start : m.end]
        surname = m.name.rsplit(None, 1)[-1]
        if surname in shared and surface == m.name:
            last_full[surname] = (text.rfind("\n", 0, m.start) + 1, m.name)
        names = shared.get(surface)
        if names and m.name in names:
            para_lo, near = last_full.get(surface, (-1, ""))
            if para_lo != text.rfind("\n", 0, m.start) + 1:
                near = min(names, key=first_full.__getitem__)
            m = _Mention(m.start, m.end, near)
        out.append(m)
    return out


# words that make a title someone else's: "the chancellor" is not the shadow or the former one
_QUALIFIERS = word_set("qualifiers")
# bodies that put out statements: "the ministry said" names the ministry the story named before
_SPEAKING_BODIES = word_set("speaking_bodies")
_DESCRIBED_ORG_RE = re.compile(
    r"((?:[A-Z][\w’'.-]*[’']s\s+)?)\b([A-Za-z][\w-]+)\s+(ministry|department|agency|police|council|commission|"
    r"office|embassy|authority|army|military|union)\b"
)
# "the Spaniard said", "the Italian added": a nationality standing for the person just named
_DEMONYMS = word_set("demonyms")


def _is_demonym(word: str) -> bool:
    from briefing.core.analysis.lexicon import lexicon

    w = word.lower()
    return w in _DEMONYMS or w in lexicon().not_people and w.endswith(("an", "ese", "i"))


class _People:
    """What attribution needs from the people found in the article."""

    def __init__(self, text: str, people: Any) -> None:
        self.text = text
        self.source = people
        self.mentions = _shared_surnames(text, _mentions(people))
        self.persons = list(getattr(people, "people", ()) or ())

    def resolve(self, surface: str) -> str | None:
        resolve = getattr(self.source, "resolve", None)
        if resolve is not None:
            try:
                name = resolve(surface)
            except Exception:  # a stand-in or a future signature: never fail the article over it
                name = None
            if name:
                return str(getattr(name, "name", name))
        return None

    def gender(self, name: str) -> str | None:
        fn = getattr(self.source, "gender", None)
        if fn is None:
            return None
        try:
            g = fn(name)
        except Exception:
            return None
        if not g:
            return None
        g = str(g).lower()
        return "m" if g[0] == "m" else "f" if g[0] == "f" else None

    def is_organisation(self, surface: str, start: int, end: int) -> bool | None:
        fn = getattr(self.source, "is_organisation", None)
        if fn is None:
            return None
        try:
            return bool(fn(surface)) or bool(fn(start, end))
        except Exception:  # an older signature: only the text form
            try:
                return bool(fn(surface))
            except Exception:
                return None


_PRONOUN_REACH = 2  # sentences to look back for a subject before settling for the nearest mention
_PREPOSITIONS = word_set("prepositions")


@dataclass(slots=True)
class Speaker:
    """Who said a quote (``name`` None when unknown) and which rule decided it."""

    name: str | None
    kind: SpeakerKind | None
    rule: str
    via: str = ""  # the entry of rules.RULES / NEIGHBOUR_RULES that gave it


class SpeakerFinder:
    """Resolves noun phrases around the quotes of one article to speakers."""

    def __init__(self, text: str, people: Any, spans: list[QuoteSpan]) -> None:
        self.text = text
        self.p = _People(text, people)
        self.spans = spans
        self.inside = sorted((s.open_at, s.close_at or s.end) for s in spans)
        self._inside_starts = [a for a, _ in self.inside]
        self._mention_starts = [m.start for m in self.p.mentions]
        self.verbs = speech_verbs()

    def mentions_in(self, lo: int, hi: int) -> list[_Mention]:
        """Person mentions starting in [lo, hi), in text order (a bisect: long articles stay fast)."""
        starts = self._mention_starts
        return self.p.mentions[bisect_left(starts, lo) : bisect_left(starts, hi)]

    # -- noun phrases --------------------------------------------------------------------------

    def _in_quote(self, pos: int) -> bool:
        i = bisect_right(self._inside_starts, pos) - 1
        return any(a <= pos < b for a, b in self.inside[max(0, i - 1) : i + 1])

    def resolve_np(self, start: int, end: int, *, head_last: bool) -> Speaker | None:
        """The speaker named by the noun phrase text[start:end] (already bounded by the caller)."""
        text = self.text
        np = text[start:end]
        stripped = re.sub(r"\s*\([^)]*\)\s*$", "", np).rstrip(" ,")
        end = start + len(stripped)
        while start < end and text[start] in " ,":
            start += 1
        if end <= start:
            return None
        words = word_tokens(text[start:end])
        if not words:
            return None
        persons = [m for m in self.mentions_in(start, end + 2) if m.end <= end + 2]
        if len(persons) > 1:  # "Del. Naomi Strand": an abbreviated title is no person
            persons = [m for m in persons if " " in m.name or text[m.end : m.end + 1] != "."] or persons
        head = words[-1] if head_last else words[0]
        head_l = head.lower().rstrip(".")
        if head_last and head_l in SUBJECT_PRONOUNS and len(words) <= 2:
            return self.resolve_pronoun(SUBJECT_PRONOUNS[head_l], start)
        if not head_last and head_l in ("he", "she") and len(words) == 1:
            return self.resolve_pronoun(SUBJECT_PRONOUNS[head_l], start)
        if head_l in PLURAL_OR_IT:
            return Speaker(None, None, "pronoun-unresolved")
        if persons:
            chosen = persons[-1] if head_last else persons[0]
            role_head = head_last and head[0].islower() and chosen.end < end - len(head)
            if not role_head:
                return Speaker(chosen.name, "person", "name")
        if head[0].islower():
            return self.resolve_role(text[start:end], start)
        return self.resolve_capitalised(start, end, head_last=head_last)

    def resolve_capitalised(self, start: int, end: int, *, head_last: bool) -> Speaker | None:
        seqs = [m for m in CAP_SEQ_RE.finditer(self.text, start, end)]
        if not seqs:
            return None
        m = seqs[-1] if head_last else seqs[0]
        words = m.group().split()
        while words and (
            words[0].lower().rstrip(".") in TITLE_WORDS
            or words[0].lower() in NAME_STOP
            or words[0] in ("Del.", "Delegate")
        ):
            words = words[1:]
        while words and words[-1].lower() in DAYS:
            words = words[:-1]
        if not words:
            title = m.group().split()
            if len(title) == 1 and self.text[max(0, m.start() - 4) : m.start()].lower() == "the ":
                found = self.resolve_role("the " + title[0].lower().rstrip("."), m.start())
                if found.name:  # "the Chancellor said": the person holding that title
                    return found
            return None
        surface = " ".join(words).removesuffix("’s").removesuffix("'s")
        name = self.p.resolve(surface)
        if name:
            return Speaker(name, "person", "name")
        if self._is_org(surface, m.start(), m.end()):
            return Speaker(surface, "organisation", "organisation")
        if len(words) >= 2 and words[-1].lower() in TITLE_WORDS:
            # "the Finance Minister said": a title, not a name; its holder when the story has one
            found = self.resolve_role(surface, m.start())
            return found if found.name else Speaker(None, None, "role-unresolved")
        if len(words) >= 2:
            return Speaker(surface, "person", "surface")
        full = self._expand_surname(surface, start)
        if full:
            return Speaker(full, "person", "surface")
        if surface.lower() in NAME_STOP or surface.lower() in ROLE_SYNONYMS or surface.lower() in TITLE_WORDS:
            return Speaker(None, None, "unknown-name")
        if len(words) == 1 and self.text[max(0, m.start() - 4) : m.start()].lower() == "the " and _is_demonym(surface):
            recent = [x for x in self.mentions_in(max(0, m.start() - 600), m.start()) if not self._in_quote(x.start)]
            if recent:
                return Speaker(recent[-1].name, "person", "demonym")
            return Speaker(None, None, "role-unresolved")
        sentence_initial = not self.text[
            sentence_start(self.text, self.text.rfind("\n", 0, start) + 1, start) : start
        ].strip()
        if sentence_initial and surface.endswith("s") and not surface.isupper():
            return Speaker(None, None, "unknown-name")  # "Officials said", "Critics say": not a name
        # a lone capitalised word that speaks and is nobody's name: a company, an outlet, a body
        return Speaker(surface, "organisation", "organisation")

    def _is_org(self, surface: str, start: int, end: int) -> bool:
        """People's organisation test, or an organisation word in the name ("Guild", "Ministry")."""
        if self.p.is_organisation(surface, start, end):
            return True
        lowered = [w.lower().rstrip(".") for w in surface.split()]
        return any(w in SPEAKER_ORG_WORDS for w in lowered) or (surface.isupper() and len(surface) <= 6)

    def _expand_surname(self, surname: str, before: int) -> str | None:
        """An earlier 'First Surname' for a bare surname people did not resolve."""
        pattern = re.compile(r"\b((?:[A-Z][\w’'-]+\.? ){1,3})" + re.escape(surname) + r"\b")
        best = None
        for m in pattern.finditer(self.text, 0, before):
            first = m.group(1).split()
            while first and first[0].lower().rstrip(".") in TITLE_WORDS | NAME_STOP:
                first = first[1:]
            if first:
                best = " ".join(first + [surname])
        return best

    def resolve_pronoun(self, gender: str, pos: int) -> Speaker:
        """The earlier person a 'he'/'she' refers to: never an object in the pronoun's own sentence."""
        text = self.text
        para_lo = text.rfind("\n", 0, pos) + 1
        sent_lo = sentence_start(text, para_lo, pos)
        opener = re.match(r"\s*(?:(?:But|And|Then|Later|Still),?\s+)?(He|She)\b", text[sent_lo:pos])
        if opener and sent_lo + opener.start(1) < pos and SUBJECT_PRONOUNS[opener.group(1).lower()] == gender:
            return self.resolve_pronoun(gender, sent_lo + opener.start(1))
        nearest: _Mention | None = None
        sentences = 0
        last_lo = sent_lo
        for m in reversed(self.mentions_in(0, pos)):
            if self._in_quote(m.start):
                continue
            g = self.p.gender(m.name)
            if g is not None and g != gender:
                continue
            if m.start >= sent_lo and not self._starts_clause(sent_lo, m.start):
                continue  # an object in the pronoun's own sentence
            lo = sent_lo if m.start >= sent_lo else sentence_start(text, text.rfind("\n", 0, m.start) + 1, m.start)
            if lo != last_lo:
                sentences, last_lo = sentences + 1, lo
            if m.start >= sent_lo or self._starts_clause(lo, m.start):
                return Speaker(m.name, "person", "pronoun")  # a subject: the likeliest referent
            nearest = nearest or m
            if sentences > _PRONOUN_REACH:
                break
        if nearest is not None:
            return Speaker(nearest.name, "person", "pronoun")
        return Speaker(None, None, "pronoun-unresolved")

    def _starts_clause(self, lo: int, pos: int) -> bool:
        """Whether only titles and capitalised words stand between a sentence start and ``pos``."""
        words = word_tokens(self.text[lo:pos])
        return len(words) <= 6 and not any(
            w.lower() in CLAUSE_WORDS
            or w.rstrip(".") in self.verbs
            or w.lower() in SUBJECT_PRONOUNS
            or w.lower() in PLURAL_OR_IT
            for w in words
        )

    def resolve_role(self, phrase: str, pos: int) -> Speaker:
        words = [w.lower() for w in word_tokens(phrase)]
        head = ROLE_SYNONYMS.get(words[-1], words[-1])
        holders = []
        for person in self.p.persons:
            role = (getattr(person, "role", None) or "").lower()
            role_words = {ROLE_SYNONYMS.get(w, w) for w in word_tokens(role)}
            if head in role_words and not (role_words & _QUALIFIERS) - set(words):
                holders.append(person.name)  # "the chancellor" is not the "Shadow Chancellor"
        if len(holders) == 1:
            return Speaker(holders[0], "person", "role")
        if holders:
            for m in reversed(self.mentions_in(0, pos)):
                if m.name in holders:
                    return Speaker(m.name, "person", "role")
        if words[0] == "the" and len(words) == 2 and head in TITLE_WORDS and head not in ORG_COMMON:
            # "Harriet Okoro-Blake has defended ... ¶ the Chancellor said": a title standing for the one
            # person without a known role named just before it
            roleless = {p.name for p in self.p.persons if not getattr(p, "role", None)}
            recent = {m.name for m in self.mentions_in(max(0, pos - 400), pos) if not self._in_quote(m.start)}
            if len(recent) == 1 and recent <= roleless:
                return Speaker(recent.pop(), "person", "role-title")
        if head in ORG_COMMON and head in _SPEAKING_BODIES:
            named = self._described_org(phrase) or self._named_org(head, pos) or self._earlier_org(head, pos)
            if named:
                return Speaker(named, "organisation", "organisation")
        elif head in ORG_COMMON:
            org = self._named_org(head, pos)
            if org:
                return Speaker(org, "organisation", "organisation")
        return Speaker(None, None, "role-unresolved")

    @staticmethod
    def _described_org(phrase: str) -> str | None:
        """ "Russia's defence ministry", "the health ministry": the phrase names the body itself."""
        words = phrase.split()
        while words and words[0].lower() in {"the", "a", "an"}:
            words = words[1:]
        if len(words) < 2 or any(w.lower() in CLAUSE_WORDS for w in words):
            return None
        return " ".join(words)

    def _earlier_org(self, head: str, pos: int) -> str | None:
        """ "the ministry said" after "Ukraine's energy ministry said": the body named before."""
        found = None
        for m in _DESCRIBED_ORG_RE.finditer(self.text, max(0, pos - 3000), pos):
            if m.group(3).lower() == head and m.group(2).lower() not in CLAUSE_WORDS | {"the", "a", "an"}:
                found = (m.group(1) or "") + m.group(2) + " " + m.group(3)
        return found

    def _named_org(self, head: str, pos: int) -> str | None:
        pattern = re.compile(r"\b((?:[A-Z][\w’'&.-]* )+" + head.capitalize() + r")\b")
        found = None
        for m in pattern.finditer(self.text, 0, pos):
            words = m.group(1).split()
            while words and words[0].lower() in NAME_STOP:
                words = words[1:]
            if len(words) >= 2:
                found = " ".join(words)
        return found

    # -- rules --------------------------------------------------------------------------------------

    def _verb_at(self, s: str, offset: int, limit_words: int) -> tuple[int, int] | None:
        """The first speech verb (or 'according to') among the first ``limit_words`` words of s."""
        previous = ""
        for count, m in enumerate(WORD_RE.finditer(s)):
            if count >= limit_words:
                return None
            w = m.group().rstrip(".")
            if w in self.verbs and not is_noun_use(previous) and (w not in base_forms() or w == "say"):
                return offset + m.start(), offset + m.end()
            previous = m.group()
            if w.lower() == "according" and s[m.end() : m.end() + 3] == " to":
                return offset + m.start(), offset + m.end() + 3
        return None

    def _np_after_verb(self, pos: int, hi: int) -> Speaker | None:
        text = self.text
        while pos < hi and text[pos] in " \t\u00a0":
            pos += 1
        phrase_start = pos
        phrase = text[pos : phrase_end(text, pos, hi)]
        cut = re.search(
            r"\s(?:in|on|at|to|during|after|before|when|while|as|from|with|about|that|and|"
            r"who|which|last|this|earlier|later|told|said|says)\s",
            " " + phrase + " ",
        )
        if cut:
            phrase = phrase[: max(0, cut.start() - 1)]
        if not phrase.strip():
            return None
        if phrase.split()[0].lower() in ("he", "she") and len(phrase.split()) > 1:
            return None  # "said he was ..." is not an inverted attribution
        if phrase.split()[0] in ("of", "about", "to", "for", "on"):
            return None  # "Blunt ... said of Cruz": Cruz is what was talked about
        speaker = self.resolve_np(phrase_start, phrase_start + len(phrase), head_last=False)
        if speaker and (
            speaker.rule == "role-unresolved" or speaker.kind == "organisation" and re.search(r"[’']s\s+[a-z]", phrase)
        ):
            # "said the spokesman, Jane Doe", "according to Colombia's environment minister, Irene
            # Velez": the person named in the appositive is better
            rest = text[phrase_start + len(phrase) : hi]
            app = re.match(r",\s+([A-Z][^,.;:]*)", rest)
            if app:
                better = self.resolve_np(
                    phrase_start + len(phrase) + app.start(1), phrase_start + len(phrase) + app.end(1), head_last=False
                )
                if better and better.name and (speaker.rule == "role-unresolved" or better.kind == "person"):
                    return better
        return speaker

    def _np_before_verb(self, lo: int, verb_start: int) -> Speaker | None:
        text = self.text
        cleaned = text[lo:verb_start].rstrip()
        while True:
            before = cleaned
            ws = cleaned.rsplit(None, 1)
            last = ws[-1] if ws else ""
            if last.lower() in ADVERBS or (last.islower() and last.endswith("ly") and len(last) > 4):
                cleaned = ws[0].rstrip() if len(ws) == 2 else ""
            cleaned = re.sub(r"\s*\([^)]*\)$", "", cleaned)
            cleaned = TRAILING_ADJUNCT.sub("", cleaned)
            if cleaned == before:
                break
        if not cleaned.strip():
            return None
        end = lo + len(cleaned)
        first = next(iter(self.mentions_in(lo, end)), None)
        if (
            first is not None
            and not text[lo : first.start].strip()
            and re.match(r",\s+(?:a|an|the)\s", text[first.end : end])
        ):
            return Speaker(first.name, "person", "name")  # "Sam Lau, the party's spokesman said"
        if cleaned.endswith(","):
            return self._subject_with_apposition(lo, end - 1)
        return self._noun_phrase_ending(lo, end)

    def _noun_phrase_ending(self, lo: int, end: int) -> Speaker | None:
        """The subject noun phrase that ends at ``end``: a name, a pronoun or 'the/a ... noun'."""
        text = self.text
        mention = next((m for m in reversed(self.mentions_in(lo, end + 1)) if end - 1 <= m.end <= end + 1), None)
        if mention is not None:
            before = word_tokens(text[lo : mention.start])[-1:]
            if before and before[0] in _PREPOSITIONS:
                return Speaker(None, None, "role-unresolved")  # "one of the prosecutors for Petraeus"
            return Speaker(mention.name, "person", "name")
        found = list(WORD_RE.finditer(text, lo, end))
        if not found:
            return None
        head = found[-1].group()
        head_l = re.sub(r"[’'](?:s|d|ll|ve|re)$", "", head.lower().rstrip("."))
        if head_l in SUBJECT_PRONOUNS and text[found[-1].end() : end].strip() == "":
            return self.resolve_pronoun(SUBJECT_PRONOUNS[head_l], found[-1].start())
        if head_l in PLURAL_OR_IT:
            return Speaker(None, None, "pronoun-unresolved")
        start = found[-1].start()
        determined = False
        for m in reversed(found[:-1]):
            if text[m.end() : start].strip(" -"):
                break  # punctuation between words ends the phrase
            w = m.group()
            wl = w.lower()
            if wl in ("the", "a", "an", "one", "another") or w.endswith(("’s", "'s")):
                start, determined = m.start(), True
                break
            if wl in CLAUSE_WORDS or wl in self.verbs:
                break
            start = m.start()
        before = word_tokens(text[max(lo, start - 40) : start])[-2:]
        if len(before) == 2 and before[1] == "of":
            of_at = text.rfind(" of", lo, start)
            owner = next((m for m in self.mentions_in(lo, of_at) if of_at - 1 <= m.end <= of_at), None)
            if owner is not None:
                return Speaker(owner.name, "person", "name")  # "Paul D. Ryan of Wisconsin said"
            if not before[0][0].isupper():
                return None  # "32% of Republican claims": the object of "of" is no subject
        if head[0].islower() or head[0].isdigit():
            if not determined and head_l not in TITLE_WORDS:
                return None
            return self.resolve_role(text[start:end], start)
        return self.resolve_capitalised(start, end, head_last=True)

    def _subject_with_apposition(self, lo: int, end: int) -> Speaker | None:
        """'X, a Y, said' / 'X, who ..., said': the subject is the chunk before the first appositive."""
        text = self.text
        bounds = [lo] + [m.end() for m in re.finditer(r",\s*", text[lo:end])]
        chunks = []
        for i, b in enumerate(bounds):
            a = lo + b if i else lo
            e = lo + bounds[i + 1] if i + 1 < len(bounds) else end
            chunks.append((a, e))
        # an opening adjunct ("In a statement to the Observer,") is never the subject
        chunks = [
            (a, e)
            for a, e in chunks
            if (word_tokens(text[a:e])[:1] or [""])[0].lower() not in ADJUNCT_OPENERS
            or any(
                self._chunk_end(e) - 1 <= m.end and re.search(r"\b(?:what|which|whom)\s+$", text[a : m.start])
                for m in self.mentions_in(a, e)
            )
        ]  # "in what Bay Ashworth, ..., called"
        for i, (a, e) in enumerate(chunks):
            if i == 0:
                continue
            first = word_tokens(text[a:e])[:1]
            named = any(self._chunk_end(e) - 1 <= m.end for m in self.mentions_in(a, e))
            appositive = first and (first[0][0].islower() or first[0].lower() in ("a", "an", "the", "who", "which"))
            if appositive and not named:
                prev_a, prev_e = chunks[i - 1]
                found = self._np_before_verb(prev_a, self._chunk_end(prev_e))
                if found is not None and (found.name or found.rule == "unknown-name"):
                    return found  # "Others, reacting to ..., shouted": nobody we can name
                break
        for a, e in chunks:
            for m in self.mentions_in(a, e):
                if m.end <= e and text[m.end : m.end + 2] not in ("’s", "'s"):
                    return Speaker(m.name, "person", "name")
        for a, e in chunks:  # "The operating company, Valmy Terminaux, said"
            e = self._chunk_end(e)
            if re.fullmatch(r"\s*(?:[Tt]he\s+)?[A-Z][\w&’'.-]*(?:\s+(?:of|for|and\s+)?[A-Z][\w&’'.-]*)*", text[a:e]):
                found = self.resolve_capitalised(a, e, head_last=True)
                if found is not None and found.name:
                    return found
        return None

    def _chunk_end(self, e: int) -> int:
        while e > 0 and self.text[e - 1] in " ,":
            e -= 1
        return e
