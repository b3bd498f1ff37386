"""The attribution rules of one article: each method proposes a speaker from one kind of evidence;
``quotes/rules.py`` orders them (``RULES``, ``NEIGHBOUR_RULES``)."""

from __future__ import annotations

import re

from briefing.core.analysis.lexicon import word_set
from briefing.core.analysis.quotes.marks import (
    ADJUNCT_OPENERS,
    BASE_FORM_CUES,
    CAP_SEQ_RE,
    CLAUSE_OPENERS,
    CLAUSE_WORDS,
    GOVERNED_GAP,
    PASSIVE_BY,
    SPEECH_NOUNS,
    TELL,
    WORD_RE,
    QuoteSpan,
    base_forms,
    is_noun_use,
    phrase_end,
    sentence_start,
    word_tokens,
)
from briefing.core.analysis.quotes.speakers import Speaker, SpeakerFinder

_CAPS = r"([A-Z][\w&’'.-]*(?:\s+(?:(?:of|for|and|on)\s+)?[A-Z][\w&’'.-]*)*)"
_WHEN_WORDS = word_set("when_words")
_STATEMENT_NOUNS = word_set("statement_nouns")
_SUBORDINATORS = word_set("subordinators")


class Attributor(SpeakerFinder):
    """Ordered attribution rules over one article."""

    def after_rule(self, q: QuoteSpan, hi: int) -> Speaker | None:
        """The tag after a quote, up to ``hi``: '"Q," said X', '"Q," X said', '"Q," according to X'."""
        if q.close_at is None:
            return None
        text = self.text
        lo = q.close_at
        while lo < hi and text[lo] in " ,;\u00a0—–-":
            lo += 1
        if lo >= hi:
            return None
        stretch = text[lo:hi]
        m = re.match(r"according to\s+", stretch, re.I) or PASSIVE_BY.match(stretch)
        if m:
            return self._np_after_verb(lo + m.end(), hi)
        found = self._tag_at(lo, hi)
        if found is not None:
            return found
        bare = next(iter(self.mentions_in(lo, lo + 1)), None)
        if (
            bare is not None
            and text[q.end - 1 : q.close_at].strip("”\"' ")[-1:] in (",", "?", "!")
            and re.fullmatch(r"\s+(?:from|at|in|on|during|to)\s[^.,;:!?]{0,40}[.]?\s*", text[bare.end : hi])
        ):
            return Speaker(bare.name, "person", "name")  # '"Q," Brandt from his desk.' (the verb left out)
        # "... in the 2008 primary, said Paul Beck." / "..., Brock said.": a tag closing the sentence
        for comma in reversed([c.end() for c in re.finditer(r",\s+", stretch)]):
            tail = stretch[comma:]
            if self._verb_at(tail, lo + comma, 1) is not None or (
                len(word_tokens(tail)) <= 10 and self._verb_at(tail, lo + comma, 6) is not None
            ):
                return self._tag_at(lo + comma, hi)
        return None

    def _tag_at(self, lo: int, hi: int) -> Speaker | None:
        """An attribution starting at ``lo``: 'said X', 'X said', 'X, a Y, said', 'as X said'."""
        text = self.text
        verb = self._verb_at(text[lo:hi], lo, 40)
        if verb is None:
            return None
        pre_words = word_tokens(text[lo : verb[0]])
        if not pre_words:
            word = text[verb[0] : verb[1]].lower()
            asked_name = word == "asked" and re.match(r"\s+(?:the\s+)?[A-Z]", text[verb[1] : hi])
            if word.endswith("ing") or (word in TELL and not asked_name):
                return None  # '"Q," telling reporters ...' is not 'said X' (but '"Q?" asked Dunn' is)
            return self._np_after_verb(verb[1], hi)
        if pre_words[0] == "as" and len(pre_words) > 1:
            lo = text.index("as", lo) + 3
            pre_words = pre_words[1:]
        first = pre_words[0]
        if first.lower() in CLAUSE_WORDS or first.lower() in ("then", "so", "yet", "which", "who"):
            return None
        if len(pre_words) > 8 and "," not in text[lo : verb[0]]:
            return None
        return self._np_before_verb(lo, verb[0])

    def before_rule(self, q: QuoteSpan, lo: int) -> Speaker | None:
        """The speech verb before a quote in its sentence (from ``lo``): 'X said: "Q"', 'X said he was "Q"'."""
        text = self.text
        region = text[lo : q.open_at]
        if not region.strip():
            return None
        m = None
        pattern = r"according to\s+|\ba (?:report|study|ruling|analysis) by\s+|\b" + PASSIVE_BY.pattern
        for m in re.finditer(pattern, region, re.I):  # noqa: B007 - the last match is wanted
            pass
        if m is not None:
            found = self._np_after_verb(lo + m.end(), q.open_at)
            if found:
                return found
        words = list(WORD_RE.finditer(region))
        verbs = []
        possessor: Speaker | None = None
        if (
            words
            and words[-1].group().endswith(("’s", "'s"))
            and not region[words[-1].end() :].strip()
            and q.close_at is not None
            and word_tokens(text[q.close_at : q.close_at + 30])[:1]
            and word_tokens(text[q.close_at : q.close_at + 30])[0].lower() in SPEECH_NOUNS | {"pledge", "line", "quip"}
        ):
            owner = next((m for m in self.mentions_in(lo + words[-1].start(), lo + words[-1].end())), None)
            if owner is not None:  # 'Brandt's "no new tolls" promise'
                return Speaker(owner.name, "person", "possessive")
        for i, v in enumerate(words):
            word = v.group().rstrip(".")
            previous = words[i - 1].group() if i else ""
            if word in SPEECH_NOUNS and previous.endswith(("’s", "'s")) and previous[0].isupper():
                # "Brandt's claim that there were 'thousands of break-ins'"
                possessed = self.resolve_np(lo + words[i - 1].start(), lo + words[i - 1].end() - 2, head_last=True)
                if possessed is not None and possessed.name:
                    possessor = Speaker(possessed.name, possessed.kind, "possessive")
            if (
                word in self.verbs
                and not (i and is_noun_use(previous))
                and (word not in base_forms() or word == "say" or previous.lower() in BASE_FORM_CUES)
            ):
                verbs.append(v)
        unresolved: Speaker | None = None
        opener = re.match(
            r"\s*(?:When|As|After|While|Although|Though|If|Because|Since|Before|Once|Until)\b"
            r"[^,—―]*[,—―]",
            region,
        )
        if opener:  # "When Ashworth noted that ..., Oduya boasted, 'Q'": the main clause comes first
            verbs = [v for v in verbs if v.start() >= opener.end()] + [v for v in verbs if v.start() < opener.end()]
        for v in verbs:  # the outermost verb first: "X said Y described it as 'Q'" is X's claim
            vs, ve = lo + v.start(), lo + v.end()
            tail = text[ve : q.open_at]
            if (
                re.match(r"\s+[A-Z]", tail)
                and re.search(r"[,:]\s*$", tail)
                and len(word_tokens(tail)) <= 8
                and v.group().lower() not in TELL
                and (not word_tokens(text[lo:vs]) or text[lo:vs].rstrip().endswith(","))
            ):
                inverted = self._np_after_verb(ve, q.open_at)  # 'Said Smith: "..."'
                if inverted and inverted.name:
                    return inverted
            before_verb = word_tokens(text[lo:vs])[-1:]
            if v.group().endswith("ing") and not (
                before_verb
                and re.sub(r"[’'](s|re)$", " is", before_verb[0].lower()).split()[-1]
                in ("is", "are", "was", "were", "been", "be")
            ):
                doer = next((m for m in self.mentions_in(lo, vs) if 0 <= vs - m.end <= 1), None)
                if doer is not None:  # "with Glenn Ashworth posting that ...", "footage of Oduya asking"
                    return Speaker(doer.name, "person", "name")
                after_statement = (word_tokens(text[lo:vs])[-1:] or [""])[0].lower() in _STATEMENT_NOUNS
                if after_statement or (
                    text[lo:vs].rstrip().endswith(",") and word_tokens(text[ve : q.open_at])[:1] in ([], ["that"])
                ):
                    # "Carson shared a syllabus ..., writing “Q”": the sentence's subject wrote it
                    shared = self._sentence_subject(lo, vs)
                    if shared is not None and shared.name:
                        return shared
                continue  # "..., saying": the participle shares the subject of an earlier verb
            subject = self._np_before_verb(lo, vs)
            if subject is not None and subject.name:
                return subject
            unresolved = unresolved or subject
        if unresolved is not None:
            return unresolved
        if possessor is not None:
            return possessor
        if verbs:
            subject = self._sentence_subject(lo, lo + verbs[0].start())
            if subject is not None:
                return subject
        if region.rstrip().endswith(":"):
            return self.label_rule(lo, lo + len(region.rstrip()) - 1)
        return None

    def _sentence_subject(self, lo: int, end: int) -> Speaker | None:
        """The first named person or organisation of a clause, not inside a prepositional phrase."""
        text = self.text
        opener = re.match(r"\s*(\w+)[^,]{0,60},\s*", text[lo:end])
        if opener and opener.group(1).lower() in ADJUNCT_OPENERS:
            lo += opener.end()  # "Following a late meeting, the Security Council issued ..."
        for m in self.mentions_in(lo, end):
            if self._in_quote(m.start):
                continue
            before = word_tokens(text[lo : m.start])
            prev = before[-1] if before else ""
            if prev.islower() and prev not in _SUBORDINATORS:
                continue  # an object: "knocked Oduya", "with Brandt"
            if text[m.end : m.end + 2] in ("’s", "'s"):
                continue
            return Speaker(m.name, "person", "subject")
        head = re.match(r"\s*(?:(?:But|And|So|Yet|Still|Meanwhile),?\s+)?(?:[Tt]he\s+)?" + _CAPS, text[lo:end])
        if head:
            surface = head.group(1)
            words = surface.split()
            if len(words) > 6 or (surface.isupper() and len(words) > 2):
                return None  # a headline in capitals, not a name
            if self._is_org(surface, lo + head.start(1), lo + head.end(1)):
                return Speaker(surface, "organisation", "subject")
        # "Black Lives Matter issued a statement", "..., the Security Council issued": a name before a verb
        for run in re.finditer(r"(?:^|,)\s*(?:[Tt]he\s+)?" + _CAPS + r"\s+([a-z]{3,}(?:ed|s))\b", text[lo:end]):
            if len(run.group(1).split()) <= 6 and run.group(2) not in ("has", "does", "was", "is"):
                found = self.resolve_capitalised(lo + run.start(1), lo + run.end(1), head_last=True)
                if found is not None and found.name:
                    return Speaker(found.name, found.kind, "subject")
        return None

    def label_rule(self, lo: int, end: int) -> Speaker | None:
        """'Jeffrey M. Jones: "..."', 'Headline - Tessa Morrow: "..."': a bare name labels the quote."""
        text = self.text
        cut = max(text.rfind(d, lo, end) for d in (" - ", "–", "—", "―", "\n"))
        start = cut + 1 if cut >= lo else lo
        part_end = phrase_end(text, start, end)
        if len(word_tokens(text[start:part_end])) > 6:
            return None
        mention = next((m for m in self.mentions_in(start, part_end) if m.end <= part_end), None)
        if mention:
            return Speaker(mention.name, "person", "label")
        if not CAP_SEQ_RE.search(text, start, part_end):
            return None
        return self.resolve_capitalised(start, part_end, head_last=True)

    def dash_rule(self, q: QuoteSpan) -> Speaker | None:
        """'"..." ― Jane Doe': a name after a dash closes the paragraph."""
        if q.close_at is None:
            return None
        m = re.match(r"[\s\u00a0]*[-–—―]+\s*([A-Z][^\n]{0,60}?)[.\s\u00a0]*$", self.text[q.close_at : q.para_end])
        if not m or len(word_tokens(m.group(1))) > 6:
            return None
        return self.label_rule(q.close_at + m.start(1), q.close_at + m.end(1))

    def reported_speech_before(self, q: QuoteSpan) -> Speaker | None:
        """The named subject of the last speech verb in the paragraph before a quote-only paragraph
        that holds no quote itself ("Ash argued in his email that ...")."""
        text = self.text
        end = q.para_start
        while end > 0 and text[end - 1] in "\n \t\u00a0":
            end -= 1
        start = text.rfind("\n", 0, end) + 1
        if end - start > 1500:
            return None
        found: Speaker | None = None
        previous = ""
        for v in WORD_RE.finditer(text, start, end):
            w, before, previous = v.group().rstrip("."), previous, v.group()
            if (
                w in self.verbs
                and not w.endswith("ing")
                and w not in base_forms()
                and w.lower() not in TELL
                and not is_noun_use(before)
            ):
                lo = sentence_start(text, start, v.start())
                subject = self._np_before_verb(lo, v.start())
                if subject is not None and subject.rule == "name":
                    found = Speaker(subject.name, subject.kind, "reported-speech")
        return found

    def next_label_rule(self, q: QuoteSpan) -> Speaker | None:
        """'"Q" ¶ -President Brandt, posting after the speech.': a dashed name opens the next paragraph."""
        text = self.text
        if q.close_at is None or text[q.close_at : q.para_end].strip(" .\u00a0\t"):
            return None
        m = re.compile(r"\n[\s\u00a0]*[-–—―]+[ \u00a0]*([A-Z][^\n,.]{0,60})").match(text, q.para_end)
        if not m or len(word_tokens(m.group(1))) > 6:
            return None
        return self.label_rule(m.start(1), m.end(1))

    def transcript_rule(self, q: QuoteSpan) -> Speaker | None:
        """'"WALLACE: Do you ...' — a transcript line names its speaker in capitals before a colon."""
        m = re.match(r"([A-Z][A-Z.'’ -]{1,40}):\s", self.text[q.start : q.end])
        if not m or not any(ch.isalpha() for ch in m.group(1)):
            return None
        surface = m.group(1).strip().title()
        return self.resolve_capitalised_text(surface, q.start) or Speaker(surface, "person", "transcript")

    def resolve_capitalised_text(self, surface: str, pos: int) -> Speaker | None:
        name = self.p.resolve(surface)
        if name:
            return Speaker(name, "person", "transcript")
        full = self._expand_surname(surface, pos) or self._expand_surname(surface, len(self.text))
        return Speaker(full, "person", "transcript") if full else None

    def colon_paragraph_rule(self, q: QuoteSpan) -> Speaker | None:
        """'The Times reported:' ending the paragraph before a quote that opens its own paragraph."""
        text = self.text
        if text[q.para_start : q.open_at].strip():
            return None
        prev_end = q.para_start
        while prev_end > 0 and text[prev_end - 1] in "\n \t\u00a0":
            prev_end -= 1
        if prev_end == 0 or text[prev_end - 1] != ":":
            return None
        prev_start = text.rfind("\n", 0, prev_end) + 1
        lo = sentence_start(text, prev_start, prev_end - 1)
        shadow = QuoteSpan(prev_end, prev_end, prev_end, prev_end, q.para - 1, prev_start, prev_end)
        return self.before_rule(shadow, lo)

    def clause_subject_rule(self, q: QuoteSpan, lo: int) -> Speaker | None:
        """'Cruz exhorted Republicans to "vote your conscience"': a partial quote inside a sentence whose
        subject is a named person belongs to that person (only when no speech verb said otherwise)."""
        text = self.text
        if not text[lo : q.open_at].strip():
            return None
        opener = re.match(r"\s*(\w+)[^,]{0,60},\s*", text[lo : q.open_at])
        if opener and opener.group(1).lower() in ADJUNCT_OPENERS:
            lo += opener.end()  # "In recent weeks, Strand has gone after Brandt as a 'human leech'"
        for m in self.mentions_in(lo, q.open_at):
            if not self._in_quote(m.start):
                if self._starts_clause(lo, m.start) and text[m.end : m.end + 2] not in ("’s", "'s"):
                    return Speaker(m.name, "person", "clause-subject")
                return None
        return None

    def previous_tag_rule(self, q: QuoteSpan, prev: int, lo: int) -> Speaker | None:
        """'..., Schiff said. "Q"': a quote that opens its sentence right after a sentence ending in a tag."""
        text = self.text
        if text[lo : q.open_at].strip() or lo <= prev:
            return None
        last = text[prev:lo].rstrip()
        if not last.endswith("."):
            return None
        start = sentence_start(text, prev, len(last) + prev - 1)
        sentence = text[start : prev + len(last)]
        commas = [c.end() for c in re.finditer(r",\s+", sentence)]
        unresolved: Speaker | None = None
        for cut in reversed([0] + commas):
            tail = sentence[cut:]
            if len(word_tokens(tail)) <= 6 and self._verb_at(tail, start + cut, 6) is not None:
                found = self._tag_at(start + cut, start + len(sentence))
                if found is not None and found.name:
                    return found
                unresolved = unresolved or found
        # "Sam Lau, the communications director for the party, said in a statement. “Q”"
        if re.search(r"[\"“”]", sentence):
            return unresolved
        tokens = list(WORD_RE.finditer(sentence))
        for k in range(len(tokens) - 1, max(-1, len(tokens) - 6), -1):
            w = tokens[k].group().rstrip(".")
            if w in self.verbs and not w.endswith("ing") and w.lower() not in TELL and k > 0:
                rest = [x.group().lower().rstrip(".") for x in tokens[k + 1 :]]
                if (
                    rest[:1] in (["a"], ["an"])
                    and len(rest) == 2
                    and rest[1] in _STATEMENT_NOUNS | SPEECH_NOUNS | {"warning", "message", "reply", "response"}
                ):
                    rest = []  # "..., tweeted a warning. “Q”"
                if rest and rest[0] not in (
                    "in",
                    "on",
                    "at",
                    "of",
                    "to",
                    "during",
                    "after",
                    "before",
                    "this",
                    "last",
                    "earlier",
                    "later",
                    "monday",
                    "tuesday",
                    "wednesday",
                    "thursday",
                    "friday",
                    "saturday",
                    "sunday",
                    "yesterday",
                    "today",
                    "tonight",
                ):
                    return unresolved
                subject = self._np_before_verb(start, start + tokens[k].start())
                return subject if subject is not None and subject.name else unresolved
        # "Sami recalled how on his first trip .... “Q”": a named subject that speaks
        for v in tokens[1:8]:
            w = v.group().rstrip(".")
            if w in self.verbs and not w.endswith("ing") and w not in base_forms() and w.lower() not in TELL:
                subject = self._np_before_verb(start, start + v.start())
                # "He said his players had deserved a draw. “Q”": a pronoun or role noun resolved
                # to a person speaks on, like a name
                if subject is not None and subject.name and subject.rule in ("name", "pronoun", "role"):
                    return Speaker(subject.name, subject.kind, "previous-sentence")
                break
        return unresolved

    def verb_governs(self, lo: int, open_at: int) -> bool:
        """Whether a speech verb stands right before the quote ('said: "', 'claimed that "', 'called it "')."""
        gap = self.text[lo:open_at]
        words = word_tokens(gap)[-3:]
        if words and re.search(r"[—–―]|\s-\s", gap[gap.rfind(words[-1]) :]):
            return False  # "Moscow denies — “why ...?” asked Dunn": a dash breaks the clause
        for i, w in enumerate(words):
            if w.rstrip(".") in self.verbs and all(x.lower() in GOVERNED_GAP for x in words[i + 1 :]):
                return True
        words = word_tokens(gap)[-6:]
        if words and words[-1] == "that":  # 'Brandt claimed on Tuesday that "Q"'
            for i, w in enumerate(words[:-1]):
                if w.rstrip(".") in self.verbs and all(x.lower() in _WHEN_WORDS for x in words[i + 1 : -1]):
                    return True
        return False

    def attribution_only(self, q: QuoteSpan, hi: int) -> bool:
        """Whether the words after a quote tag it ('Ashworth said.', 'said Murphy, using ...') rather than
        start a new sentence of reported speech ('She says his temper is ...')."""
        if q.close_at is None:
            return False
        after = self.text[q.close_at : hi]
        words = [w.lower() for w in word_tokens(after)]
        verb_at = next((i for i, w in enumerate(words[:6]) if w.rstrip(".") in self.verbs), None)
        if verb_at is None or "that" in words[verb_at + 1 : verb_at + 2]:
            return False
        if len(words) - verb_at <= 6:
            return True
        return verb_at <= 4 and words[verb_at + 1] not in CLAUSE_OPENERS
