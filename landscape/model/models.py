"""Pydantic models of every record in the map.

Models are strict: unknown fields, wrong types and values outside a vocabulary are errors.
Dates may be partial ISO strings (``2013``, ``2013-02``, ``2013-02-14``). Every record has a
readable slug ``id`` and cites the ``sources`` its facts rest on.

>>> Actor(id="wetechcare", name="WeTechCare", kind="association", sources=["thesis-intro"]).name
'WeTechCare'
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, ClassVar, Literal, Union

from landscape.i18n import _
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from landscape.model.vocab import (
    DEPARTEMENT_CODES,
    ActorKind,
    EventKind,
    OfferCategory,
    Overlap,
    PlanGeneration,
    PlanStatus,
    RelationKind,
    Role,
    RoleLevel,
    Scope,
    Sector,
    SourceKind,
)

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def check_partial_date(value: str) -> str:
    """Accept ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a real day or month."""
    match = _PARTIAL_DATE.match(value)
    if not match:
        raise ValueError(_("{value} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD").format(value=repr(value)))
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(_("{value} is not a real date ({error})").format(value=repr(value), error=exc)) from None
    return value


def check_departement(value: str) -> str:
    if value not in DEPARTEMENT_CODES:
        raise ValueError(_("{value} is not an official département code").format(value=repr(value)))
    return value


Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
PartialDate = Annotated[str, AfterValidator(check_partial_date)]
DepartementCode = Annotated[str, AfterValidator(check_departement)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
# No space, C0, C1 or bidirectional control anywhere in a URL: it is shown on terminals and in Markdown.
_URL_PATTERN = r"^https?://[^\s\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+$"
_HOST_LABEL = re.compile(r"^(?!-)[^\W_](?:[\w-]{0,61}[^\W_])?$")


def check_url(value: str) -> str:
    """An http(s) URL with a host made of DNS labels (or an IP address); the pattern refused controls."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
        host, port = parts.hostname, parts.port  # port: ValueError when not a number in range
    except ValueError as exc:
        raise ValueError(_("{value} is not a valid URL ({error})").format(value=repr(value[:80]), error=exc)) from None
    del port
    if parts.scheme not in ("http", "https") or not host:
        raise ValueError(_("{value} is not an http(s) URL with a host").format(value=repr(value[:80])))
    if parts.username is not None or parts.password is not None:
        raise ValueError(_("{value}: a URL with a user name or password is not accepted").format(
            value=repr(value[:80])))
    if ":" in host:  # IPv6 literal
        import ipaddress

        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise ValueError(_("{value}: {host} is not an IPv6 address").format(
                value=repr(value[:80]), host=repr(host))) from None
        return value
    if not all(_HOST_LABEL.match(label) for label in host.split(".")):
        raise ValueError(_("{value}: {host} is not a host name (letters, digits and hyphens, dot-separated, no empty "
                           "or trailing label)").format(value=repr(value[:80]), host=repr(host)))
    return value


Url = Annotated[str, StringConstraints(pattern=_URL_PATTERN, max_length=2000), AfterValidator(check_url)]
Score = Annotated[int, Field(ge=1, le=5)]
DisputedValue = Union[str, int, None]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Claim(Model):
    """One of the values sources give for a disputed field."""

    value: DisputedValue
    sources: list[Slug] = Field(min_length=1)


class Dispute(Model):
    """Sources disagree on `field`: every value is kept with its sources."""

    field: str
    claims: list[Claim] = Field(min_length=2)
    note: Text | None = None
    note_fr: Text | None = None


class Record(Model):
    """Common fields: id, sources and disputes."""

    kind_name: ClassVar[str]  # singular name used in messages and search hits
    table: ClassVar[str]  # plural name: table, JSON key and dataset file
    sources_required: ClassVar[bool] = True

    id: Slug
    sources: list[Slug] = Field(default_factory=list)
    disputes: list[Dispute] = Field(default_factory=list)

    @property
    def disputed(self) -> bool:
        return bool(self.disputes)

    @property
    def label(self) -> str:
        """A human name for the record."""
        return self.id

    @model_validator(mode="after")
    def _check_sources_and_disputes(self):
        if self.sources_required and not self.sources and not self.disputes:
            raise ValueError(_("a source is required: list at least one id in 'sources'"))
        fields = type(self).model_fields
        for dispute in self.disputes:
            if dispute.field not in fields or dispute.field in {"id", "sources", "disputes"}:
                raise ValueError(_("dispute names {field}, which is not a field of a {kind_name}").format(
                    field=repr(dispute.field), kind_name=self.kind_name))
            current = getattr(self, dispute.field)
            if current is not None and current not in [c.value for c in dispute.claims]:
                raise ValueError(
                    _("field {field} is disputed: its value must be empty or one of the disputed values").format(
                        field=repr(dispute.field))
                )
        return self

    def cited_sources(self) -> list[str]:
        """Every source id the record cites, its disputes' included, without repeats."""
        seen = dict.fromkeys(self.sources)
        for dispute in self.disputes:
            for claim in dispute.claims:
                seen.update(dict.fromkeys(claim.sources))
        return list(seen)


class Source(Record):
    kind_name = "source"
    table = "sources"
    sources_required = False

    title: Text
    publisher: Text | None = None
    url: Url | None = None
    date: PartialDate | None = None
    locator: Text | None = None
    kind: SourceKind

    @property
    def label(self) -> str:
        return self.title


class RoleAssignment(Model):
    role: Role
    level: RoleLevel = "primary"


class Positioning(Model):
    """Curated judgement of an actor's influence on and interest in digital-inclusion policy."""

    influence: Score
    interest: Score
    rationale: Text
    rationale_fr: Text | None = None


class Actor(Record):
    kind_name = "actor"
    table = "actors"

    name: Text
    aliases: list[Text] = Field(default_factory=list)
    kind: ActorKind
    sector: Sector | None = None
    founded: PartialDate | None = None
    ended: PartialDate | None = None
    departement: DepartementCode | None = None
    website: Url | None = None
    twitter: Annotated[str, StringConstraints(pattern=r"^@?[A-Za-z0-9_]{1,30}$")] | None = None
    summary: Text | None = None
    summary_fr: Text | None = None
    roles: list[RoleAssignment] = Field(default_factory=list)
    positioning: Positioning | None = None

    @property
    def label(self) -> str:
        return self.name

    @model_validator(mode="after")
    def _check_roles(self):
        names = [r.role for r in self.roles]
        if len(names) != len(set(names)):
            raise ValueError(_("a role is listed twice in 'roles'"))
        return self


class Plan(Record):
    """One plan of a département, of one generation; a département may have several, or none."""

    kind_name = "plan"
    table = "plans"

    departement_code: DepartementCode
    departement_name: Text
    region: Text
    generation: PlanGeneration | None = None  # None: recorded before generations and not classified since
    status: PlanStatus
    title: Text | None = None
    title_fr: Text | None = None
    kind: Text | None = None
    period: Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{4})?$")] | None = None
    adopted: PartialDate | None = None
    signed: PartialDate | None = None
    carriers: list[Slug] = Field(default_factory=list)
    partners: list[Slug] = Field(default_factory=list)
    summary: Text | None = None
    summary_fr: Text | None = None

    @property
    def label(self) -> str:
        return f"{self.departement_name} ({self.departement_code})"

    @property
    def lead(self) -> str | None:
        """The first carrier: the collectivity (or the State) that carries the plan."""
        return self.carriers[0] if self.carriers else None

    @model_validator(mode="after")
    def _known_status(self):
        if self.status == "none_known":
            raise ValueError(_("a plan record needs a known status: a département with no plan found has no plan "
                             "record"))
        return self


class Event(Record):
    kind_name = "event"
    table = "events"

    date: PartialDate
    title: Text
    title_fr: Text | None = None
    kind: EventKind
    scope: Scope
    departement: DepartementCode | None = None
    actors: list[Slug] = Field(default_factory=list)
    summary: Text | None = None
    summary_fr: Text | None = None

    @property
    def label(self) -> str:
        return self.title


class Relation(Record):
    kind_name = "relation"
    table = "relations"

    source: Slug
    target: Slug
    kind: RelationKind
    since: PartialDate | None = None
    until: PartialDate | None = None
    note: Text | None = None
    note_fr: Text | None = None

    @property
    def label(self) -> str:
        return f"{self.source} {self.kind} {self.target}"


class Competitor(Record):
    kind_name = "competitor"
    table = "competitors"

    actor: Slug
    competitor: Slug
    arena: Text
    arena_fr: Text | None = None
    overlap: Overlap
    note: Text | None = None
    note_fr: Text | None = None

    @property
    def label(self) -> str:
        return f"{self.actor} vs {self.competitor}: {self.arena}"


class Offer(Record):
    kind_name = "offer"
    table = "offers"

    name: Text
    aliases: list[Text] = Field(default_factory=list)
    owner: Slug
    category: OfferCategory
    launched: PartialDate | None = None
    ended: PartialDate | None = None
    website: Url | None = None
    summary: Text | None = None
    summary_fr: Text | None = None

    @property
    def label(self) -> str:
        return self.name


RECORD_TYPES: tuple[type[Record], ...] = (Source, Actor, Plan, Event, Relation, Competitor, Offer)
"""Every kind of record, in dependency order (sources first: everything cites them)."""
BY_TABLE: dict[str, type[Record]] = {t.table: t for t in RECORD_TYPES}
BY_KIND: dict[str, type[Record]] = {t.kind_name: t for t in RECORD_TYPES}
KIND_NAMES = Literal["source", "actor", "plan", "event", "relation", "competitor", "offer"]
