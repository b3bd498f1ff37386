"""People in a news article: names, roles, aliases and every mention, by rules.

Why rules: they run offline in a few milliseconds and need no model download. The steps:

1. cut the text into tokens and take runs of capitalised tokens (with initials, name particles
   such as "von der", hyphens and apostrophes) as candidate spans;
2. strip honorifics, titles and non-name words from the left of a span ("Kremlin", "President",
   "Secretary") and keep them, with a role phrase before the name, as the person's role;
3. accept a span as a person on positive cues (a known first name, an honorific, a title or role,
   an appositive role, being the subject of a speech verb) unless a gazetteer says it is a place,
   an organisation, a nationality, a day or a month; ordinary words that are no frequent surname
   are cut from the end of a span ("Ashworth Hid", "Golden Retriever"), products, teams, venues and
   companies are refused by their last word ("Mac Pro", "Cleveland Cavaliers", "Alexandra Palace"),
   and a text in another language keeps only spans with a clear given name or a cue;
4. link the rest of the document: a surname, a first name or a possessive that matches an accepted
   person is a mention of that person, and the fullest form used is the canonical name. A bare
   surname shared by several people ("Tom Ashworth", "Helen Ashworth") goes to the one named in
   full most recently, or to the one whose given name agrees with the pronoun that follows.

Speed: tokens are words and offsets from one regex pass; token objects, sentence-start flags and
roles are worked out only for the capitalised runs that need them.

Word lists and lexical tests live in ``analysis/lexicon.py`` and ``data/`` (``data/README.md`` says
where each list comes from).
"""

from __future__ import annotations

from briefing.core.analysis.people.mentions import explain_people, find_people
from briefing.core.analysis.people.names import is_organisation
from briefing.core.analysis.people.result import Mention, PeopleResult

__all__ = ["Mention", "PeopleResult", "explain_people", "find_people", "is_organisation"]
