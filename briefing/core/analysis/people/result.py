"""The result of find_people: people, mentions, organisations, aliases and genders."""

from __future__ import annotations

from dataclasses import dataclass, field

from briefing.core.analysis.people.names import is_organisation
from briefing.core.analysis.people.tokens import name_key, strip_surface
from briefing.core.models import Person


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of a person (or organisation): character offsets and the canonical name."""

    start: int
    end: int
    name: str


@dataclass(slots=True)
class PeopleResult:
    """People of one article, in salience order, with every mention and an alias map."""

    people: list[Person] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    organisations: list[Mention] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)  # normalised surface -> canonical name
    genders: dict[str, str] = field(default_factory=dict)  # canonical name -> 'm' | 'f'

    def resolve(self, surface: str) -> str | None:
        """Map "Chernogorov", "Mr. Chernogorov" or "Chernogorov's" to the canonical name, else None."""
        key = name_key(strip_surface(surface))
        if not key:
            return None
        return self.aliases.get(key)

    def gender(self, name: str) -> str | None:
        """'m', 'f' or None for a person (canonical name or any alias)."""
        canonical = self.resolve(name) or name
        return self.genders.get(canonical)

    def is_organisation(self, span: str | int, end: int | None = None) -> bool:
        """Whether a span (text, or start/end offsets of a found organisation) names an organisation."""
        if isinstance(span, int):
            return any(o.start <= span and end is not None and end <= o.end for o in self.organisations)
        if self.resolve(span):
            return False
        return is_organisation(span)
