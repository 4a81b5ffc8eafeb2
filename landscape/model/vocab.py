"""The controlled vocabularies of the map, each value with what it means.

The `Literal` types are what the models validate against; the dictionaries document them
(the CLI's `landscape vocab` and the README print them; their meanings are marked for the catalog).
"""

from __future__ import annotations

from typing import Literal, get_args

from landscape.i18n import N_

Sector = Literal["public", "ess", "private"]
SECTORS: dict[str, str] = {
    "public": N_("State, local authorities, public agencies and operators"),
    "ess": N_("social and solidarity economy: associations, cooperatives, foundations, ESS companies"),
    "private": N_("for-profit companies and their corporate foundations' parent groups"),
}

ActorKind = Literal[
    "association",
    "cooperative",
    "company",
    "foundation",
    "public_agency",
    "public_interest_group",
    "ministry",
    "government_office",
    "state_service",
    "local_authority",
    "public_operator",
    "advisory_body",
    "parliamentary_body",
    "audit_body",
    "network_hub",
    "coalition",
    "media",
    "person",
]
ACTOR_KINDS: dict[str, str] = {
    "association": N_("association (loi 1901)"),
    "cooperative": N_("cooperative (SCIC, SCOP)"),
    "company": N_("company"),
    "foundation": N_("foundation, including corporate foundations"),
    "public_agency": N_("State agency or national programme (ANCT, Agence du numérique)"),
    "public_interest_group": N_("groupement d'intérêt public (GIP)"),
    "ministry": N_("ministry or secretariat of State"),
    "government_office": N_("government office or interministerial service"),
    "state_service": N_("the State in a territory: préfecture, sous-préfecture or decentralised service"),
    "local_authority": N_("région, département, commune, intercommunality"),
    "public_operator": N_("operator of a public service (CAF, France Travail, La Poste)"),
    "advisory_body": N_("advisory council (CNNum)"),
    "parliamentary_body": N_("parliament or one of its missions"),
    "audit_body": N_("audit court or inspection"),
    "network_hub": N_("territorial hub or network of digital-inclusion actors"),
    "coalition": N_("collective or federation of organisations"),
    "media": N_("media outlet or publication"),
    "person": N_("a person: minister, head of organisation, elected official"),
}

Role = Literal[
    "policy_maker",
    "funder",
    "coordinator",
    "field_support",
    "tool_provider",
    "expertise",
    "detection_orientation",
    "public_service_operator",
    "advocacy_media",
    "training",
]
ROLES: dict[str, str] = {
    "policy_maker": N_("sets national or local digital-inclusion policy (government, ministries, départements)"),
    "funder": N_("funds programmes, places or actors (State, Banque des Territoires, foundations, companies)"),
    "coordinator": N_("steers or coordinates actors in a territory or a network (ANCT, hubs, départements)"),
    "field_support": N_("helps people in person: mediation, workshops, equipment (associations, conseillers)"),
    "tool_provider": N_("builds the tools and platforms mediators and aidants use (Les Bons Clics, Pix)"),
    "expertise": N_("studies, measures and advises: reports, impact studies, consulting"),
    "detection_orientation": N_("detects people in digital difficulty and orients them to help (CAF, France Travail)"),
    "public_service_operator": N_("runs public services that went online and so must keep users able to reach them"),
    "advocacy_media": N_("speaks publicly for the cause: advocacy, campaigns, media, opinion leadership"),
    "training": N_("trains mediators, aidants and social workers"),
}
RoleLevel = Literal["primary", "secondary"]

PlanStatus = Literal["none_known", "in_preparation", "finalised", "finalised_unsigned", "adopted", "in_force",
                     "renewed", "state_only", "abandoned"]
PLAN_STATUSES: dict[str, str] = {
    "none_known": N_("no plan found in the sources (not proof that none exists)"),
    "in_preparation": N_("work or a concertation under way, no plan adopted yet"),
    "finalised": N_("a roadmap was written (finalised, published or proposed); the sources do not say it was signed"),
    "finalised_unsigned": N_("a roadmap was written but the sources say it is not signed"),
    "adopted": N_("a plan was adopted (voted, signed or published)"),
    "in_force": N_("an adopted plan is being carried out"),
    "renewed": N_("a plan was followed by a new one"),
    "state_only": N_("the State carries the roadmap alone: no local authority took part"),
    "abandoned": N_("the département pulled out or the plan was dropped"),
}

PlanGeneration = Literal["strategie-2018", "charte-2019", "fne-2024"]
PLAN_GENERATIONS_SHORT: dict[str, str] = {
    "strategie-2018": "2018 strategy", "charte-2019": "2019 charter", "fne-2024": "FNE roadmap 2024-2027",
}
PLAN_GENERATIONS: dict[str, str] = {
    "strategie-2018": "départemental strategies and schemes of the 2017-2018 national strategy era "
                      "(including the hubs' first territorial work)",
    "charte-2019": "charters the State signed with pioneer territories, 2019-2020",
    "fne-2024": "France Numérique Ensemble local roadmaps, 2024-2027",
}

EventKind = Literal[
    "creation",
    "announcement",
    "report",
    "study",
    "launch",
    "funding",
    "law",
    "label",
    "budget",
    "publication",
    "governance",
    "closure",
    "meeting",
]
EVENT_KINDS: dict[str, str] = {
    "creation": N_("an organisation is created"),
    "announcement": N_("a policy or programme is announced"),
    "report": N_("a report is published or handed over"),
    "study": N_("a study or survey is published"),
    "launch": N_("a programme, platform or service starts"),
    "funding": N_("money is committed"),
    "law": N_("a law, decree, arrêté or circulaire"),
    "label": N_("a label is created or awarded"),
    "budget": N_("a finance law or budget decision"),
    "publication": N_("a publication or campaign"),
    "governance": N_("a change of governance, merger or reorganisation"),
    "closure": N_("an organisation or programme ends"),
    "meeting": N_("a conference or national meeting"),
}
Scope = Literal["national", "regional", "departmental", "european"]

RelationKind = Literal[
    "partner",
    "funds",
    "member_of",
    "founded",
    "operates",
    "works_for",
    "leads",
    "sponsors",
    "consulted_by",
    "lobbied",
    "coalition_with",
    "succeeded_by",
    "part_of",
    "supervises",
    "mentions",
]
RELATION_KINDS: dict[str, str] = {
    "partner": N_("source and target work together on a programme or territory"),
    "funds": N_("source funds target"),
    "member_of": N_("source is a member of target"),
    "founded": N_("source founded or co-founded target"),
    "operates": N_("source operates target (a network, a hub, a service on its behalf)"),
    "works_for": N_("source (a person) works or worked for target"),
    "leads": N_("source (a person) heads or chairs target"),
    "sponsors": N_("source sponsors or supports target without being its main funder"),
    "consulted_by": N_("source was consulted or heard by target (hearing, commissioned report, expert committee)"),
    "lobbied": N_("source sought to influence target on its own initiative (« interpeller »), without being asked"),
    "coalition_with": N_("source and target act together in a coalition"),
    "succeeded_by": N_("source was replaced by target"),
    "part_of": N_("source is a part of target (a programme inside an agency)"),
    "supervises": N_("source has authority over target"),
    "mentions": N_("source cites or promotes target publicly"),
}

Overlap = Literal["high", "medium", "low"]

OfferCategory = Literal["platform", "programme", "publication", "label", "service", "network", "funding_scheme", "dataset"]
OFFER_CATEGORIES: dict[str, str] = {
    "platform": N_("an online platform or tool"),
    "programme": N_("a programme or scheme run for a public"),
    "publication": N_("a publication, report series or magazine"),
    "label": N_("a label or certification"),
    "service": N_("a service to people or organisations"),
    "network": N_("a network of places or people"),
    "funding_scheme": N_("a way of paying for help (pass, voucher)"),
    "dataset": N_("an open dataset or data standard"),
}

SourceKind = Literal["thesis", "official", "press", "dataset", "web", "report", "parliament", "encyclopedia", "code",
                     "own_observation", "editorial_assessment"]
SOURCE_KINDS: dict[str, str] = {
    "thesis": N_("academic thesis or dissertation"),
    "official": N_("government or public body's own publication"),
    "press": N_("press article"),
    "dataset": N_("open dataset or data standard"),
    "web": N_("organisation's website or other web page"),
    "report": N_("report by a non-governmental body"),
    "parliament": N_("parliamentary report, question or debate"),
    "encyclopedia": N_("encyclopedia entry"),
    "code": N_("source code repository"),
    "own_observation": N_("the user's own observation (a meeting, a call), dated, with its author"),
    "editorial_assessment": N_("an editorial judgement of the map's curators (scores, rivalries), with its rationale"),
}

# The 101 départements: 01-19, 2A, 2B, 21-95, then the five overseas départements (Mayotte is 976).
DEPARTEMENT_CODES: tuple[str, ...] = (
    *(f"{n:02d}" for n in range(1, 20)),
    "2A",
    "2B",
    *(f"{n:02d}" for n in range(21, 96)),
    "971",
    "972",
    "973",
    "974",
    "976",
)


def values(literal: object) -> tuple[str, ...]:
    """The allowed values of a `Literal` type, in declaration order."""
    return get_args(literal)
