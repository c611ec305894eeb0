"""The people of the site as its pages show them: a page per person, and the experts.

Every entry of `authors:` in newsroom.yml (the one registry of people) has a page at
`/people/<id>/`: name, role, photo, short biography, ORCID and profiles, and the stories
they signed in this build. Bylines link to it, and an item's JSON-LD gives each author
that page as `url`. People marked `expert: true` are listed by topic on `/people/experts/`
for journalists. Templates reach all of it through the site model (`site.people`,
`site.experts()`, `item.authors`), so what a page reads is recorded like any other read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import urls
from ..config import AuthorSettings
from ..scholarly import orcid_url
from .sanitize import safe_url

if TYPE_CHECKING:
    from .model import ItemView, Link


@dataclass
class PersonView:
    """One person (or office) of `authors:`, with the URL of their page."""

    id: str
    name: str
    kind: str  # "person" | "organization"
    path: str
    url: str
    absolute_url: str
    role: str | None = None
    bio: str | None = None
    orcid: str | None = None
    profiles: tuple[str, ...] = ()
    expert: bool = False
    topics: tuple[str, ...] = ()
    photo: Link | None = None
    # The stories they signed, newest first: other items' views, which point back here.
    stories: list[ItemView] = field(default_factory=list, compare=False)

    @property
    def orcid_url(self) -> str | None:
        return orcid_url(self.orcid) if self.orcid else None

    @property
    def same_as(self) -> list[str]:
        """Their public identities elsewhere (JSON-LD `sameAs`): ORCID first, then profiles."""
        found = [self.orcid_url] if self.orcid_url else []
        return found + [url for url in self.profiles if safe_url(url)]


def person_view(author: AuthorSettings, href: str, absolute: str) -> PersonView:
    """A person's view, given their page's root-relative and absolute URLs."""
    declared = [str(author.url)] if author.url else []
    return PersonView(
        id=author.id,
        name=author.name,
        kind=author.type,
        path=urls.PERSON.format(id=author.id),
        url=href,
        absolute_url=absolute,
        role=author.role,
        bio=author.bio,
        orcid=author.orcid,
        profiles=tuple(dict.fromkeys([*declared, *map(str, author.profiles)])),
        expert=author.expert,
        topics=tuple(author.topics),
    )


def experts_by_topic(people: list[PersonView]) -> list[tuple[str, list[PersonView]]]:
    """Each topic an expert declared, alphabetically (case-blind), with its experts by name."""
    topics: dict[str, tuple[str, list[PersonView]]] = {}
    for person in people:
        if not person.expert:
            continue
        for topic in person.topics:
            topics.setdefault(topic.casefold(), (topic, []))[1].append(person)
    return [
        (shown, sorted(members, key=lambda p: p.name.casefold()))
        for _, (shown, members) in sorted(topics.items())
    ]
