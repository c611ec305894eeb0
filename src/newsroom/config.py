"""The site configuration, `newsroom.yml`: declared once, validated, documented from here.

Every option is one attribute with its type, its constraints and a one-line description;
the handbook's configuration reference is generated from these declarations.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from . import urls
from .branding import BrandingSettings, branding_problems, repository_file_problem
from .networks import NETWORKS
from .podcasts import PodcastShow, podcast_problems
from .problems import Problem, ProblemsFound, did_you_mean
from .safe_files import MIB, FileRefused, read_regular_file
from .scholarly import orcid_problem
from .utm import parse_template
from .validation import problems_from_validation
from .web_urls import EmailAddress, WebUrl, check_web_url
from .yamlsource import LoadedYaml, YamlSyntaxError, load_yaml

CONFIG_FILE = "newsroom.yml"
# The example configuration is 5 KB; one for a large university with hundreds of authors
# and accounts stays well under 200 KB. Past 1 MiB it is not a configuration.
MAX_CONFIG_BYTES = MIB
_TOO_LARGE = "keep newsroom.yml to the settings Newsroom reads"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ENV_VAR_PATTERN = r"^[A-Z_][A-Z0-9_]*$"
LANG_PATTERN = r"^[a-z]{2,3}(?:-[A-Z]{2})?$"

Slug = Annotated[str, Field(pattern=SLUG_PATTERN, min_length=1, max_length=60)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class SiteSettings(_Strict):
    """The site itself."""

    name: str = Field(
        min_length=1,
        description="Name of the news site, shown in every page and the handbook as text "
        "(`&`, `<` and quotes are shown as written, never read as HTML).",
    )
    publisher: str = Field(min_length=1, description="The institution publishing the news.")
    url: str = Field(
        description="Public base URL of the site, e.g. `https://news.example.edu` (no "
        "spaces, quotes or angle brackets)."
    )
    language: str = Field("en", pattern=LANG_PATTERN, description="Default language of items.")
    timezone: str = Field(description="IANA time zone of the newsroom, e.g. `Europe/Paris`.")
    description: str = Field("", description="One sentence describing the site (feeds, home).")
    accessibility_status: Literal["fully", "partially", "not"] = Field(
        "not", description="Conformity status shown in every footer: fully/partially/not compliant."
    )
    contact_email: EmailAddress = Field(
        "", description="Address readers and crawlers can write to."
    )
    output_dir: str = Field("output", description="Folder the site is built into.")
    items_per_page: int = Field(
        12, ge=1, le=100, description="Items per page on the home, theme and tag pages."
    )
    feed_entries: int = Field(
        50, ge=1, le=10000, description="Most recent items in each RSS and Atom feed."
    )
    territory: str | None = Field(
        None,
        pattern=r"^[A-Z]{2}$",
        description="Country of the site's readers (ISO 3166-1 code, e.g. `GB`): with "
        "`language` it makes the `og:locale` of link previews (`en` + `GB` = `en_GB`).",
    )
    require_image_credit: bool = Field(
        False, description="`true`: `check` refuses an item image without `image_credit`."
    )
    same_as: list[WebUrl] = Field(
        default_factory=list,
        description="Public profiles of the institution (JSON-LD `sameAs`), besides those "
        "derived from `accounts`.",
    )
    branding: BrandingSettings = Field(
        default_factory=BrandingSettings, description="Logo, favicon and colours."
    )

    @field_validator("url")
    @classmethod
    def _absolute_url(cls, url: str) -> str:
        if not re.match(r"^https?://[^/\s]+(/[^\s]*)?$", url):
            raise ValueError(
                f"{url!r} is not an absolute URL — write e.g. https://news.example.edu"
            )
        # No quote or angle bracket either: the URL is written into every page and the
        # handbook's templates, some of which do not escape it.
        return check_web_url(url).rstrip("/")

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"{name!r} is not an IANA time zone — write e.g. Europe/Paris"
            ) from None
        return name


class ThemeSettings(_Strict):
    """One theme: a folder of `content/news/`, a page of the site, feeds, and editors."""

    slug: Slug = Field(description="Folder name under `content/news/` and URL part.")
    name: str = Field(min_length=1, description="Name shown to readers.")
    description: str = Field("", description="One or two sentences shown on the theme page.")


class AuthorSettings(_Strict):
    """A person (or office) who may sign items."""

    id: Slug = Field(description="Short id contributors write in `authors:`.")
    name: str = Field(min_length=1, description="Full name as published.")
    url: WebUrl | None = Field(
        None,
        description="Their profile elsewhere (http/https), e.g. the staff directory: linked "
        "from their page, in JSON-LD `sameAs` (their `url` is their page on this site).",
    )
    type: Literal["person", "organization"] = Field(
        "person",
        description='`organization` for an office or team ("Press Office"): typed '
        "`Organization` in JSON-LD.",
    )
    role: str | None = Field(
        None,
        min_length=2,
        max_length=120,
        description="Role shown on the person's page and byline, e.g. `Professor of Physics`.",
    )
    photo: str | None = Field(
        None,
        description="Portrait, a path from the repository root (.jpg, .jpeg, .png, .webp); "
        "shown on the person's page.",
    )
    bio: str | None = Field(
        None,
        min_length=10,
        max_length=600,
        description="Short biography, plain text (two or three sentences).",
    )
    orcid: str | None = Field(
        None,
        description="ORCID iD, e.g. `0000-0002-1825-0097` (its checksum is checked): linked "
        "from the person's page, in JSON-LD `sameAs`.",
    )
    profiles: list[WebUrl] = Field(
        default_factory=list,
        max_length=10,
        description="Other public profiles (http/https): the lab page, Google Scholar, "
        "a social profile…; linked from the person's page, in JSON-LD `sameAs`.",
    )
    expert: bool = Field(
        False,
        description="`true`: listed on the experts page journalists use to find whom to ask.",
    )
    topics: list[Annotated[str, Field(min_length=2, max_length=60)]] = Field(
        default_factory=list,
        max_length=12,
        description="What the expert can speak about, e.g. `quantum sensing`; the experts "
        "page lists people by topic.",
    )

    @field_validator("orcid")
    @classmethod
    def _orcid_checksum(cls, orcid: str | None) -> str | None:
        if orcid is not None and (problem := orcid_problem(orcid)):
            raise ValueError(problem)
        return orcid

    @model_validator(mode="after")
    def _expert_has_topics(self) -> AuthorSettings:
        if self.expert and not self.topics:
            raise ValueError(
                "an expert needs `topics:` — list what they can speak about, e.g. [quantum sensing]"
            )
        return self


PHONE_PATTERN = r"^\+[0-9][0-9 ().-]{4,24}$"


class ContactSettings(_Strict):
    """A media contact: whom journalists call about an item."""

    name: str = Field(min_length=2, max_length=120, description="Full name as published.")
    role: str | None = Field(
        None, min_length=2, max_length=120, description="Role, e.g. `Press officer`."
    )
    email: EmailAddress = Field(description="E-mail address journalists write to.")
    phone: Annotated[str, Field(pattern=PHONE_PATTERN)] | None = Field(
        None,
        description="Telephone in international form, e.g. `+44 20 7946 0123` (journalists "
        "call from abroad).",
    )
    languages: list[Annotated[str, Field(pattern=LANG_PATTERN)]] = Field(
        default_factory=list, description="Languages the contact answers in (`en`, `fr`)."
    )

    @property
    def phone_uri(self) -> str | None:
        """The `tel:` link of the phone number (RFC 3966: the digits and the leading +)."""
        return "tel:+" + re.sub(r"\D", "", self.phone) if self.phone else None


class SpacingSettings(_Strict):
    """How posts are spaced on one account so followers are never flooded."""

    min_interval_minutes: int = Field(
        60, ge=0, description="Minimum minutes between two posts of the same account."
    )
    daily_cap: int = Field(6, ge=1, description="Maximum posts per account per day.")


def _moment_as_written(value: object) -> object:
    """A date-time written in quotes is read like one written without them (YAML reads
    `2026-11-01T00:00:00+01:00` as a date-time, `"2026-11-01T00:00:00+01:00"` as text)."""
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(
                f"{value!r} is not a date-time — write e.g. 2026-11-01T00:00:00+01:00"
            ) from None
    if isinstance(value, date) and not isinstance(value, datetime):
        raise ValueError(
            f"{value} is a date without a time — write the moment with its UTC offset, "
            f"e.g. {value}T00:00:00+01:00"
        )
    return value


def _per_theme_description() -> str:
    """What `per_theme` takes, from the networks' declarations (their `theme_settings`)."""
    takers = [
        f"{network.label}: " + ", ".join(f"`{s.name}` ({s.what})" for s in network.theme_settings)
        for network in NETWORKS.values()
        if network.theme_settings
    ]
    return (
        "Settings the network takes for each theme routed to the account, by theme slug "
        f"(`per_theme: {{<theme>: {{<setting>: <value>}}}}`); {'; '.join(takers) or 'none yet'}."
    )


class AccountSettings(_Strict):
    """One account on one network."""

    network: str = Field(description=f"One of: {', '.join(NETWORKS)}.")
    handle: str = Field(min_length=1, description="Handle, page id or organisation URN.")
    base_url: WebUrl | None = Field(
        None, description="API base URL (the instance, on networks that have them), http/https."
    )
    api_version: str | None = Field(
        None, description="API version, where the network versions its API (the handbook says how)."
    )
    languages: list[Annotated[str, Field(pattern=LANG_PATTERN)]] | None = Field(
        None, description="Languages this account publishes; empty means any language."
    )
    credentials: dict[str, Annotated[str, Field(pattern=ENV_VAR_PATTERN)]] = Field(
        default_factory=dict,
        description="Names of the environment variables holding secrets (never the secrets).",
    )
    spacing: SpacingSettings | None = Field(None, description="Overrides the site spacing.")
    link_wording: str | None = Field(
        None,
        min_length=2,
        max_length=100,
        description="Where links in posts are not clickable: the words that end the post "
        "instead of the link, e.g. `Link in bio`; default: the network's.",
    )
    per_theme: dict[str, dict[str, Annotated[str, Field(min_length=1)]]] | None = Field(
        None, description=_per_theme_description()
    )
    enabled: bool = Field(True, description="`false` stops all posting to this account.")
    since: Annotated[datetime | None, BeforeValidator(_moment_as_written)] = Field(
        None,
        description="Only items dated from this date-time on are posted here (with its UTC "
        "offset): keeps the archive off a newly added account.",
    )

    @field_validator("since")
    @classmethod
    def _since_has_offset(cls, since: datetime | None) -> datetime | None:
        if since is not None and since.utcoffset() is None:
            raise ValueError("needs its UTC offset, e.g. 2026-11-01T00:00:00+01:00")
        return since

    @field_validator("network")
    @classmethod
    def _known_network(cls, network: str) -> str:
        if network not in NETWORKS:
            hint = did_you_mean(network, NETWORKS)
            raise ValueError(f"{network!r} is not a supported network{hint}")
        return network

    @field_validator("credentials")
    @classmethod
    def _credentials_of_the_network(
        cls, credentials: dict[str, str], info: ValidationInfo
    ) -> dict[str, str]:
        network = NETWORKS.get(info.data.get("network", ""))
        if network is None:
            return credentials
        allowed = (*network.credentials, *network.optional_credentials)
        for key in credentials:
            if key not in allowed:
                raise ValueError(
                    f"{key!r} is not a credential of {network.label}{did_you_mean(key, allowed)}"
                    f" — {network.label} accounts name: {', '.join(allowed)}"
                )
        missing = [key for key in network.credentials if key not in credentials]
        if missing:
            raise ValueError(
                f"{network.label} needs {', '.join(missing)} — add "
                f"`{missing[0]}: ENV_VAR_NAME` (the name of the environment variable holding it)"
            )
        return credentials

    @field_validator("api_version")
    @classmethod
    def _version_of_the_network(cls, version: str | None, info: ValidationInfo) -> str | None:
        network = NETWORKS.get(info.data.get("network", ""))
        if version is None or network is None:
            return version
        if network.api_version_pattern is None:
            raise ValueError(f"{network.label} has no API versions — remove `api_version`")
        if not re.fullmatch(network.api_version_pattern, version):
            raise ValueError(
                f"{version!r} is not a {network.label} API version — write it like "
                f"{network.api_version}"
            )
        return version


class ThemeRouting(_Strict):
    """Accounts a theme adds to, or removes from, the accounts of every theme."""

    add: list[str] = Field(default_factory=list, description="Extra account ids for this theme.")
    exclude: list[str] = Field(
        default_factory=list, description="Account ids, or whole networks (e.g. `x`), to skip."
    )


class RoutingSettings(_Strict):
    """Which accounts receive the items of which theme."""

    every_theme: list[str] = Field(
        default_factory=list, description="Account ids that receive items of every theme."
    )
    themes: dict[str, ThemeRouting] = Field(
        default_factory=dict, description="Per-theme additions and exclusions, by theme slug."
    )


def _plain_template(template: str) -> str:
    parse_template(template)
    return template


UtmTemplate = Annotated[str, AfterValidator(_plain_template)]


class UtmSettings(_Strict):
    """UTM parameters added to the unique link; `{network}`, `{account}`, `{theme}`, `{id}`."""

    enabled: bool = Field(True, description="`false` shares the bare unique link.")
    source: UtmTemplate = Field("{network}", description="`utm_source` template.")
    medium: UtmTemplate = Field("social", description="`utm_medium` template.")
    campaign: UtmTemplate = Field("{theme}", description="`utm_campaign` template.")


class CmsSettings(_Strict):
    """The web editor at `/admin/` (Decap CMS): where drafts go and how editors log in."""

    repo: str | None = Field(
        None,
        pattern=r"^[\w.-]+/[\w.-]+$",
        description="GitHub repository `owner/name` the editor opens pull requests on; "
        "default: `$GITHUB_REPOSITORY` when built by GitHub Actions.",
    )
    branch: str = Field("main", min_length=1, description="Branch the pull requests target.")
    auth_url: WebUrl | None = Field(
        None,
        description="Base URL of the OAuth proxy that logs editors in with GitHub "
        "(Decap `backend.base_url`); see the handbook's setup page.",
    )
    auth_endpoint: str = Field(
        "auth", min_length=1, description="Login path on the OAuth proxy (Decap `auth_endpoint`)."
    )


ATTACHMENT_TYPES = (
    "pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "csv", "txt", "zip", "png", "jpg",
    "mp3", "m4a", "vtt",
)  # fmt: skip
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLOCK = r"^(?:[01]\d|2[0-3]):[0-5]\d$"


class AttachmentSettings(_Strict):
    """Files items attach (`attachments:`): which types, and how large."""

    max_bytes: int = Field(
        10_000_000, ge=1, description="Largest attachment, in bytes (10 MB by default)."
    )
    max_audio_bytes: int = Field(
        200_000_000,
        ge=1,
        description="Largest audio file (MP3, M4A: attachments and podcast episodes), in "
        "bytes (200 MB by default: two hours at 192 kbps).",
    )
    types: list[Annotated[str, Field(pattern=r"^[a-z0-9]{1,10}$")]] = Field(
        default_factory=lambda: list(ATTACHMENT_TYPES),
        min_length=1,
        description="Allowed file extensions, lowercase without the dot (`pdf`, `docx`, …).",
    )


class EmbargoSettings(_Strict):
    """Sealed embargoed items (`newsroom embargo`): who can open them."""

    recipients: list[Annotated[str, Field(pattern=r"^age1[02-9ac-hj-np-z]{58}$")]] = Field(
        default_factory=list,
        description="The press office's age public keys (`age1…`): `embargo seal` seals to each.",
    )


class WorkingHours(_Strict):
    """The hours during which editors are expected to review."""

    start: str = Field("09:00", pattern=_CLOCK, description="Start of the working day, `HH:MM`.")
    end: str = Field("18:00", pattern=_CLOCK, description="End of the working day, `HH:MM`.")
    days: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = Field(
        default_factory=lambda: list(WEEKDAYS[:5]),
        min_length=1,
        description="Working days (`mon` … `sun`).",
    )

    @model_validator(mode="after")
    def _start_before_end(self) -> WorkingHours:
        if self.start >= self.end:
            raise ValueError(f"start {self.start} must be before end {self.end}")
        return self


class ReviewSettings(_Strict):
    """The review clock: when a news pull request has waited too long for its editors."""

    service_hours: float = Field(
        2, gt=0, le=200, description="Working hours a news pull request may wait for review."
    )
    working_hours: WorkingHours = Field(
        default_factory=WorkingHours, description="Only these hours count as waiting."
    )
    timezone: str | None = Field(
        None, description="IANA time zone of the working hours; default: `site.timezone`."
    )

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, name: str | None) -> str | None:
        return None if name is None else SiteSettings._known_timezone(name)


class StatsStep(_Strict):
    """Posts younger than `younger_than_days` are read every `every_hours`."""

    younger_than_days: float = Field(gt=0, description="Age of the post (since it was sent).")
    every_hours: float = Field(gt=0, description="Interval between two readings at that age.")


class StatsSettings(_Strict):
    """`newsroom stats`: how often each post's interactions are read, and the report."""

    schedule: list[StatsStep] = Field(
        default_factory=lambda: [
            StatsStep(younger_than_days=1, every_hours=1),
            StatsStep(younger_than_days=30, every_hours=24),
        ],
        description="Reading intervals by age, youngest first (default: hourly the first "
        "day, daily the first month).",
    )
    every_hours_after: float = Field(
        168, gt=0, description="Interval for posts older than every step (default: weekly)."
    )
    stop_after_days: float | None = Field(
        365, gt=0, description="Posts older than this are no longer read; `null`: never stop."
    )
    max_reads_per_run: dict[str, int] = Field(
        default_factory=dict,
        description="Readings per run by network, within its rate limits (defaults: "
        + ", ".join(f"{name} {network.stats_reads}" for name, network in NETWORKS.items())
        + ").",
    )
    private: bool = Field(
        False, description="`true` writes the report outside the public site (`stats-report/`)."
    )

    @field_validator("max_reads_per_run")
    @classmethod
    def _reads_of_declared_networks(cls, reads: dict[str, int]) -> dict[str, int]:
        for name in reads:
            if name not in NETWORKS:
                hint = did_you_mean(name, NETWORKS)
                raise ValueError(f"{name!r} is not a supported network{hint}")
        return reads

    output: str | None = Field(
        None,
        description="Folder of the report; default: `<site.output_dir>/stats`, or "
        "`stats-report` when private.",
    )


class AnalyticsSettings(_Strict):
    """The site's own analytics (Matomo or Plausible): its snippet on every page, and the
    visits each post brought, read by `newsroom stats` through the provider's reporting API."""

    provider: Literal["matomo", "plausible"] | None = Field(
        None, description="`matomo`, `plausible`, or `null` (no analytics, no script)."
    )
    base_url: WebUrl | None = Field(
        None, description="The analytics server, e.g. https://stats.example.edu/ (required)."
    )
    site_id: str | int | None = Field(
        None, description="Matomo: the site's `idSite` number; Plausible: the site's domain."
    )
    token: Annotated[str, Field(pattern=ENV_VAR_PATTERN)] | None = Field(
        None,
        description="NAME of the environment variable holding the reporting API token "
        "(Matomo `token_auth`, Plausible Stats API key); never the token itself.",
    )

    @model_validator(mode="after")
    def _complete(self) -> AnalyticsSettings:
        if self.provider is not None:
            missing = [n for n in ("base_url", "site_id") if getattr(self, n) in (None, "")]
            if missing:
                raise ValueError(
                    f"analytics: provider {self.provider!r} needs {' and '.join(missing)} — "
                    "add them, or set `provider: null`"
                )
        return self


class SiteConfig(_Strict):
    """Everything `newsroom.yml` declares."""

    site: SiteSettings = Field(description="The site itself.")
    themes: list[ThemeSettings] = Field(min_length=1, description="The themes, in menu order.")
    authors: list[AuthorSettings] = Field(
        default_factory=list,
        description="The people (and offices) of the site: authors who sign items and "
        "experts; each has a page at `/people/<id>/`.",
    )
    contacts: dict[Slug, ContactSettings] = Field(
        default_factory=dict,
        description="Media contacts, by id: items name them in `contacts:`.",
    )
    accounts: dict[Slug, AccountSettings] = Field(
        default_factory=dict, description="Social accounts, by account id."
    )
    routing: RoutingSettings = Field(
        default_factory=RoutingSettings, description="Theme → accounts routing."
    )
    utm: UtmSettings = Field(default_factory=UtmSettings, description="UTM parameters.")
    spacing: SpacingSettings = Field(
        default_factory=SpacingSettings, description="Default spacing of posts per account."
    )
    cms: CmsSettings = Field(
        default_factory=CmsSettings, description="The web editor for people who do not use git."
    )
    attachments: AttachmentSettings = Field(
        default_factory=AttachmentSettings, description="Files items may attach."
    )
    embargo: EmbargoSettings = Field(
        default_factory=EmbargoSettings, description="Sealed embargoed items and their keys."
    )
    review: ReviewSettings = Field(
        default_factory=ReviewSettings, description="The review clock's service level."
    )
    stats: StatsSettings = Field(
        default_factory=StatsSettings, description="Interaction statistics and their report."
    )
    analytics: AnalyticsSettings = Field(
        default_factory=AnalyticsSettings,
        description="The site's analytics (Matomo or Plausible): snippet and visits per post.",
    )
    podcasts: dict[Slug, PodcastShow] = Field(
        default_factory=dict,
        description="Podcast shows, by show id: items join one as episodes (`podcast:`).",
    )

    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, ignored_types=(cached_property,)
    )

    @model_validator(mode="after")
    def _references_are_declared(self) -> SiteConfig:
        _unique([t.slug for t in self.themes], "themes", "slug")
        _unique([a.id for a in self.authors], "authors", "id")
        for position, author in enumerate(self.authors):
            if urls.PERSON.format(id=author.id) == urls.EXPERTS:
                raise ValueError(
                    f"authors[{position}].id: {author.id!r} is the address of the experts "
                    "page — choose another id"
                )
        for position, account_id in enumerate(self.routing.every_theme):
            self._require_account(account_id, f"routing.every_theme[{position}]")
        for slug, rules in self.routing.themes.items():
            if slug not in self.theme_slugs:
                hint = did_you_mean(slug, self.theme_slugs)
                raise ValueError(
                    f"routing.themes.{slug}: {slug!r} is not a declared theme{hint} — use a "
                    "slug of `themes:`"
                )
            for position, account_id in enumerate(rules.add):
                self._require_account(account_id, f"routing.themes.{slug}.add[{position}]")
            for position, name in enumerate(rules.exclude):
                if name not in NETWORKS:
                    self._require_account(name, f"routing.themes.{slug}.exclude[{position}]")
        for account_id, account in self.accounts.items():
            self._require_theme_settings(account_id, account)
        return self

    def _require_theme_settings(self, account_id: str, account: AccountSettings) -> None:
        """Each setting the network declares per theme, for each theme routed to the account;
        `per_theme:` only for declared themes and settings."""
        network, where = NETWORKS[account.network], f"accounts.{account_id}.per_theme"
        declared = {setting.name: setting for setting in network.theme_settings}
        given = account.per_theme or {}
        if not declared and account.per_theme is not None:
            raise ValueError(f"{where}: {network.label} takes no setting per theme — remove it")
        for slug, settings in given.items():
            if slug not in self.theme_slugs:
                hint = did_you_mean(slug, self.theme_slugs)
                raise ValueError(
                    f"{where}.{slug}: {slug!r} is not a declared theme{hint} — use a slug of "
                    "`themes:`"
                )
            for name in settings:
                if name not in declared:
                    raise ValueError(
                        f"{where}.{slug}.{name}: not a setting of {network.label}"
                        f"{did_you_mean(name, declared)} — it takes: {', '.join(declared)}"
                    )
        for slug in self.theme_slugs:
            if account_id not in self.accounts_for_theme(slug):
                continue
            for name, setting in declared.items():
                if name not in given.get(slug, {}):
                    raise ValueError(
                        f"{where}: theme {slug} is routed to this account but has no {name} — "
                        f"add `{slug}: {{{name}: ...}}` ({setting.what})"
                    )

    def _require_account(self, account_id: str, where: str) -> None:
        if account_id not in self.accounts:
            hint = did_you_mean(account_id, self.accounts)
            raise ValueError(
                f"{where}: {account_id!r} is not a declared account{hint} — use an id of "
                "`accounts:`"
            )

    @cached_property
    def theme_slugs(self) -> dict[str, ThemeSettings]:
        """Themes by slug."""
        return {t.slug: t for t in self.themes}

    @cached_property
    def authors_by_key(self) -> dict[str, AuthorSettings]:
        """Authors by id and by full name (items may use either)."""
        table = {a.name: a for a in self.authors}
        table.update({a.id: a for a in self.authors})
        return table

    @cached_property
    def zone(self) -> ZoneInfo:
        """The site's time zone."""
        return ZoneInfo(self.site.timezone)

    def accounts_for_theme(self, theme: str) -> list[str]:
        """Account ids that receive the theme's items, before per-item overrides."""
        rules = self.routing.themes.get(theme, ThemeRouting())
        chosen = list(dict.fromkeys([*self.routing.every_theme, *rules.add]))
        return [
            a
            for a in chosen
            if a not in rules.exclude and self.accounts[a].network not in rules.exclude
        ]


def _unique(values: list[str], section: str, key: str) -> None:
    seen: set[str] = set()
    for position, value in enumerate(values):
        if value in seen:
            raise ValueError(f"{section}[{position}].{key}: {value!r} is declared twice")
        seen.add(value)


def load_config(root: Path) -> SiteConfig:
    """Read and validate `newsroom.yml`; raise ProblemsFound naming each bad key."""
    path = root / CONFIG_FILE
    if not path.exists() and not path.is_symlink():
        raise ProblemsFound(
            [Problem(CONFIG_FILE, 1, "", f"no {CONFIG_FILE} in {root} — create one: docs/setup.md")]
        )
    try:
        text = read_regular_file(path, MAX_CONFIG_BYTES, _TOO_LARGE).decode("utf-8")
    except FileRefused as refused:
        raise ProblemsFound([Problem(CONFIG_FILE, 1, "", refused.message)]) from None
    except UnicodeDecodeError as error:
        raise ProblemsFound(
            [
                Problem(
                    CONFIG_FILE,
                    1,
                    "",
                    f"not UTF-8 text ({error.reason}) — save the file as UTF-8 in your editor",
                )
            ]
        ) from None
    try:
        source = load_yaml(text)
    except YamlSyntaxError as error:
        problem = Problem(CONFIG_FILE, error.line, error.field, error.message)
        raise ProblemsFound([problem]) from None
    problems = [
        Problem(
            CONFIG_FILE, line, ".".join(map(str, key)), f"declared twice (first at line {first})"
        )
        for key, line, first in source.duplicates
    ]
    if not isinstance(source.data, dict):
        problems.append(
            Problem(CONFIG_FILE, 1, "", "expected a mapping of sections (site:, themes:, …)")
        )
        raise ProblemsFound(problems)
    try:
        config = SiteConfig.model_validate(source.data)
    except ValidationError as error:
        problems += _config_problems(error, source)
        raise ProblemsFound(problems) from None
    problems += branding_problems(root, config.site.branding, source)
    problems += podcast_problems(root, config.podcasts, source)
    problems += _photo_problems(root, config, source)
    if problems:
        raise ProblemsFound(problems)
    return config


PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


def _photo_problems(root: Path, config: SiteConfig, source: LoadedYaml) -> list[Problem]:
    """A person's photo must be an image file of the repository, like the logo."""
    problems = []
    for position, person in enumerate(config.authors):
        if person.photo is None:
            continue
        wrong = repository_file_problem(root, person.photo, PHOTO_SUFFIXES)
        if wrong:
            line = source.line_of(("authors", position, "photo"))
            field = f"authors[{position}].photo"
            problems.append(Problem(CONFIG_FILE, line, field, f"{person.photo!r} {wrong}"))
    return problems


def _config_problems(error: ValidationError, source: LoadedYaml) -> list[Problem]:
    problems = []
    for problem in problems_from_validation(error, SiteConfig, source, CONFIG_FILE, CONFIG_FILE):
        # Cross-reference errors carry their own `path: message` (raised by the model).
        field, _, message = problem.message.partition(": ")
        if problem.field == "front matter" and message and re.match(r"^[\w.\[\]-]+$", field):
            keys = tuple(int(k) if k.isdigit() else k for k in re.findall(r"[\w-]+", field))
            problems.append(Problem(CONFIG_FILE, source.line_of(keys), field, message))
        else:
            problem_field = "" if problem.field == "front matter" else problem.field
            problems.append(Problem(CONFIG_FILE, problem.line, problem_field, problem.message))
    return problems
