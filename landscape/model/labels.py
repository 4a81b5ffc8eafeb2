"""What people read in place of vocabulary codes: ``public_operator`` -> "public operator".

Codes stay the stable identifiers (JSON, ``--json``, options); every text meant for a person goes
through `label()` (one value) or `prose()` (curated text that quotes codes). The labels live here,
in one place, so they can be translated later.

>>> label("plan_status", "in_force"), label("role", "advocacy_media")
('in force', 'advocacy and media')
"""

from __future__ import annotations

import re
from functools import lru_cache

from landscape.i18n import N_
from landscape.model import vocab

LABELS: dict[str, dict[str, str]] = {
    "role": {
        "policy_maker": "policy maker", "funder": "funder", "coordinator": "coordinator",
        "field_support": "field support", "tool_provider": "tool provider", "expertise": "expertise",
        "detection_orientation": "detection and orientation", "public_service_operator": "public-service operator",
        "advocacy_media": "advocacy and media", "training": "training",
    },
    "role_level": {"primary": "primary", "secondary": "secondary"},
    "actor_kind": {
        "association": "association", "cooperative": "cooperative", "company": "company",
        "foundation": "foundation", "public_agency": "public agency",
        "public_interest_group": "public interest group (GIP)", "ministry": "ministry",
        "government_office": "government office", "state_service": "State in the territory (préfecture)", "local_authority": "local authority",
        "public_operator": "public operator", "advisory_body": "advisory body",
        "parliamentary_body": "parliamentary body", "audit_body": "audit body", "network_hub": "network hub",
        "coalition": "coalition", "media": "media", "person": "person",
    },
    "sector": {"public": "public sector", "ess": "social and solidarity economy", "private": "private sector"},
    "plan_status": {
        "none_known": "none known", "in_preparation": "in preparation", "finalised": "written", "finalised_unsigned": "written, unsigned",
        "adopted": "adopted", "in_force": "in force", "renewed": "renewed", "state_only": "carried by the State alone",
        "abandoned": "abandoned",
    },
    "plan_generation": {
        "strategie-2018": "2018 strategy", "charte-2019": "2019 charter", "fne-2024": "FNE roadmap 2024-2027",
    },
    "event_kind": {k: k for k in vocab.EVENT_KINDS},
    "scope": {"national": "national", "regional": "regional", "departmental": "departmental",
              "european": "European"},
    "relation_kind": {
        "partner": "partner", "funds": "funds", "member_of": "member of", "founded": "founded",
        "operates": "operates", "works_for": "works for", "leads": "leads", "sponsors": "sponsors",
        "consulted_by": "consulted by", "lobbied": "lobbied",
        "coalition_with": "coalition with", "succeeded_by": "succeeded by",
        "part_of": "part of", "supervises": "supervises", "mentions": "mentions",
    },
    "overlap": {"high": "high", "medium": "medium", "low": "low"},
    "offer_category": {
        "platform": "platform", "programme": "programme", "publication": "publication", "label": "label",
        "service": "service", "network": "network", "funding_scheme": "funding scheme", "dataset": "dataset",
    },
    "source_kind": {
        "thesis": "thesis", "official": "official publication", "press": "press", "dataset": "dataset",
        "web": "web page", "report": "report", "parliament": "parliament", "encyclopedia": "encyclopedia",
        "code": "source code", "own_observation": "own observation", "editorial_assessment": "editorial assessment",
    },
    "record_kind": {
        "source": "source", "actor": "actor", "plan": "plan", "event": "event", "relation": "relation",
        "competitor": "competitor", "offer": "offer", "lieu": "place", "departement": "département",
    },
    "contact_kind": {"meeting": "meeting", "call": "call", "email": "email", "letter": "letter", "event": "event"},
}
"""Per vocabulary, each code's label (a test checks every code of `vocab` has one)."""

LABELS_FR: dict[str, dict[str, str]] = {
    "role": {
        "policy_maker": "décideur public", "funder": "financeur", "coordinator": "coordinateur",
        "field_support": "accompagnement de terrain", "tool_provider": "fournisseur d'outils",
        "expertise": "expertise", "detection_orientation": "repérage et orientation",
        "public_service_operator": "opérateur de service public", "advocacy_media": "plaidoyer et médias",
        "training": "formation",
    },
    "role_level": {"primary": "principal", "secondary": "secondaire"},
    "actor_kind": {
        "association": "association", "cooperative": "coopérative", "company": "entreprise",
        "foundation": "fondation", "public_agency": "agence publique", "public_interest_group": "GIP",
        "ministry": "ministère", "government_office": "service du gouvernement",
        "state_service": "État dans le territoire (préfecture)", "local_authority": "collectivité territoriale",
        "public_operator": "opérateur public", "advisory_body": "instance consultative",
        "parliamentary_body": "instance parlementaire", "audit_body": "juridiction financière ou inspection",
        "network_hub": "hub ou réseau territorial", "coalition": "collectif", "media": "média", "person": "personne",
    },
    "sector": {"public": "secteur public", "ess": "économie sociale et solidaire", "private": "secteur privé"},
    "plan_status": {
        "none_known": "aucun connu", "in_preparation": "en préparation", "finalised": "rédigé",
        "finalised_unsigned": "rédigé, non signé", "adopted": "adopté", "in_force": "en vigueur",
        "renewed": "renouvelé", "state_only": "porté par l'État seul", "abandoned": "abandonné",
    },
    "plan_generation": {
        "strategie-2018": "stratégie de 2018", "charte-2019": "charte de 2019",
        "fne-2024": "feuille de route FNE 2024-2027",
    },
    "event_kind": {
        "creation": "création", "announcement": "annonce", "report": "rapport", "study": "étude",
        "launch": "lancement", "funding": "financement", "law": "texte officiel", "label": "label",
        "budget": "budget", "publication": "publication", "governance": "gouvernance", "closure": "fin",
        "meeting": "rencontre",
    },
    "scope": {"national": "national", "regional": "régional", "departmental": "départemental",
              "european": "européen"},
    "relation_kind": {
        "partner": "partenaire de", "funds": "finance", "member_of": "membre de", "founded": "a fondé",
        "operates": "opère", "works_for": "travaille pour", "leads": "dirige", "sponsors": "soutient",
        "consulted_by": "consulté par", "lobbied": "a interpellé", "coalition_with": "en coalition avec",
        "succeeded_by": "remplacé par", "part_of": "fait partie de", "supervises": "a autorité sur",
        "mentions": "cite",
    },
    "overlap": {"high": "fort", "medium": "moyen", "low": "faible"},
    "offer_category": {
        "platform": "plateforme", "programme": "programme", "publication": "publication", "label": "label",
        "service": "service", "network": "réseau", "funding_scheme": "dispositif de financement",
        "dataset": "jeu de données",
    },
    "source_kind": {
        "thesis": "mémoire", "official": "publication officielle", "press": "presse", "dataset": "jeu de données",
        "web": "page web", "report": "rapport", "parliament": "Parlement", "encyclopedia": "encyclopédie",
        "code": "code source", "own_observation": "observation personnelle",
        "editorial_assessment": "appréciation éditoriale",
    },
    "record_kind": {
        "source": "source", "actor": "acteur", "plan": "plan", "event": "événement", "relation": "relation",
        "competitor": "concurrent", "offer": "offre", "lieu": "lieu", "departement": "département",
    },
    "contact_kind": {"meeting": "rendez-vous", "call": "appel", "email": "courriel", "letter": "courrier",
                     "event": "événement"},
}
"""The same labels in French (a test checks every code has one)."""

# Which vocabulary a record's field takes its values from: (record kind, field) -> vocabulary.
FIELD_VOCABULARY: dict[tuple[str, str], str] = {
    ("actor", "kind"): "actor_kind", ("actor", "sector"): "sector", ("plan", "status"): "plan_status", ("plan", "generation"): "plan_generation",
    ("event", "kind"): "event_kind", ("event", "scope"): "scope", ("relation", "kind"): "relation_kind",
    ("competitor", "overlap"): "overlap", ("offer", "category"): "offer_category",
    ("source", "kind"): "source_kind",
}


def label(vocabulary: str, code: str | None) -> str:
    """The label of `code` in `vocabulary`; an unknown code reads as words (``a_b`` -> ``a b``)."""
    if code is None:
        return ""
    from landscape.i18n import get_lang

    table = LABELS_FR if get_lang() == "fr" else LABELS
    return table.get(vocabulary, {}).get(code) or LABELS.get(vocabulary, {}).get(code) or str(code).replace("_", " ")


# What people read for a record's field (the models' field names stay identifiers in JSON and options).
FIELD_NAMES: dict[str, str] = {
    "aliases": N_("also known as"), "departement": N_("département"), "adopted": N_("adopted on"),
    "kind": N_("kind"), "sector": N_("sector"), "founded": N_("founded"), "ended": N_("ended"),
    "website": N_("website"), "twitter": N_("twitter"), "region": N_("region"), "generation": N_("generation"),
    "status": N_("status"), "period": N_("period"), "signed": N_("signed"), "carriers": N_("carriers"),
    "partners": N_("partners"), "date": N_("date"), "scope": N_("scope"), "actors": N_("actors"),
    "source": N_("source"), "target": N_("target"), "since": N_("since"), "until": N_("until"), "note": N_("note"),
    "actor": N_("actor"), "competitor": N_("competitor"), "arena": N_("arena"), "overlap": N_("overlap"),
    "owner": N_("owner"), "category": N_("category"), "launched": N_("launched"), "publisher": N_("publisher"),
    "url": N_("url"), "locator": N_("locator"), "title": N_("title"), "summary": N_("summary"), "name": N_("name"),
}
DATE_FIELDS = frozenset({"founded", "ended", "adopted", "signed", "date", "since", "until", "launched"})
"""Fields holding a (partial) date: `landscape.i18n.display_date` shows them (« 12 décembre 2017 »)."""


def claimed_value(field: str, value: object) -> str:
    """A disputed field's claimed value as read: a date in words in French."""
    from landscape.i18n import display_date

    return display_date(value) if field in DATE_FIELDS else str(value)  # type: ignore[arg-type]


def field_name(field: str) -> str:
    """A field's name as the reader reads it ("also known as", « aussi appelé »)."""
    from landscape.i18n import _

    return _(FIELD_NAMES[field]) if field in FIELD_NAMES else field.replace("_", " ")


def field_label(kind: str, field: str, value: str | None) -> str:
    """A record field's value as read: its vocabulary's label when the field has one, else the value."""
    vocabulary = FIELD_VOCABULARY.get((kind, field))
    return label(vocabulary, value) if vocabulary else ("" if value is None else str(value))


@lru_cache(maxsize=2)
def _codes(lang: str = "en") -> tuple[re.Pattern[str], dict[str, str]]:
    # Only codes with an underscore: "adopted" or "funder" are words already, and read the same.
    found = {code: label(vocabulary, code) for vocabulary, labels in LABELS.items() for code in labels if "_" in code}
    pattern = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, found), key=len, reverse=True))
                         + r")(?![\w-])")
    return pattern, found


def prose(text: str | None) -> str:
    """Curated text with the vocabulary codes it quotes read as labels ("Status in_force" -> "Status in force")."""
    if not text:
        return text or ""
    from landscape.i18n import get_lang

    pattern, found = _codes(get_lang())
    return pattern.sub(lambda m: found[m.group(1)], text)
