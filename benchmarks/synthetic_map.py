"""A clearly synthetic map of ~25,000 records for benchmarks, written to a database of its own.

Every synthetic record is marked as such: ids start with ``synth-``, places come from the origin
``synthetic-benchmark``, and communes are made-up French-like names ("Brelonac-sur-Vaudre"). The
real curated records are included too, so real queries still have their real answers.
"""

from __future__ import annotations

import random
from pathlib import Path

from landscape.store import search_index
from landscape.dataset import MapData, read_dir
from landscape.model.models import Actor, Event, Source
from landscape.store.database import Store, build

ORIGIN = "synthetic-benchmark"
SOURCE_ID = "synth-benchmark-source"

_START = ["Bre", "Ver", "Mon", "Cha", "Lan", "Ker", "Sau", "Pla", "Bou", "Tré", "Val", "Roc", "Gui", "Mar",
          "Fon", "Lou", "Vil", "Saint-Ju", "Sainte-Mé", "Beau", "Cour", "Pon", "Ar", "Es", "Oul", "Cé"]
_MIDDLE = ["lo", "ni", "va", "ré", "gue", "mi", "ta", "ro", "lé", "sa", "pe", "dou", "ber", "cail", "", "", ""]
_END = ["nac", "ville", "court", "mont", "ac", "ay", "ieux", "ères", "gny", "lès", "hem", "ouse", "an", "et",
        "ange", "ignac", "oux", "erre", "ines", "ais"]
_RIVERS = ["Vaudre", "Lisonne", "Brêche", "Ornelle", "Sarthelle", "Garonnette", "Dourbie", "Aveyrolle"]
_PLACE_TYPES = ["Médiathèque", "Espace France Services", "Maison France Services", "Centre social", "Mairie",
                "Tiers-lieu", "Bibliothèque municipale", "Point numérique", "Fablab", "Espace public numérique",
                "Cyberbase", "CCAS", "Maison des solidarités", "Centre socioculturel", "Maison de quartier"]
_PATRONS = ["Jean Moulin", "Louise Michel", "Victor Hugo", "des Tilleuls", "du Parc", "Jules Ferry",
            "Simone Veil", "des Lilas", "George Sand", "du Centre", "Marie Curie", "des Écoles"]
_ORG_FORMS = ["Association", "Collectif", "Coopérative", "Réseau", "Fédération", "Union"]
_ORG_THEMES = ["Clic Solidaire", "Numérique pour Tous", "Inclusion Connectée", "Pixels Solidaires",
               "Octets Partagés", "Écrans Ouverts", "Souris Vertes", "Clavier Citoyen", "Lien Numérique",
               "Passerelles Digitales", "Médiation Active", "Code Commun"]


def commune(rng: random.Random) -> str:
    name = rng.choice(_START) + rng.choice(_MIDDLE) + rng.choice(_END)
    roll = rng.random()
    if roll < 0.15:
        return f"{name}-sur-{rng.choice(_RIVERS)}"
    if roll < 0.22:
        return f"{name}-les-Bains"
    return name


def _consistent(data: MapData) -> MapData:
    """The curated records whose references resolve (the curated files may still be unfinished)."""
    sources = {s.id for s in data.sources}
    actors = {a.id for a in data.actors}

    def cites(record) -> dict:
        # disputes are dropped; a record left without a source cites the synthetic one
        return {"sources": [s for s in record.sources if s in sources] or [SOURCE_ID], "disputes": []}

    out = MapData(sources=[*data.sources, Source(id=SOURCE_ID, title="Synthetic benchmark data (not real)",
                                                 kind="dataset")])
    out.actors = [a.model_copy(update=cites(a)) for a in data.actors]
    out.plans = [p.model_copy(update={**cites(p), "lead": p.lead if p.lead in actors else None,
                                      "partners": [x for x in p.partners if x in actors]}) for p in data.plans]
    out.events = [e.model_copy(update={**cites(e), "actors": [x for x in e.actors if x in actors]})
                  for e in data.events]
    out.relations = [r.model_copy(update=cites(r)) for r in data.relations
                     if r.source in actors and r.target in actors]
    out.competitors = [c.model_copy(update=cites(c)) for c in data.competitors
                       if c.actor in actors and c.competitor in actors]
    out.offers = [o.model_copy(update=cites(o)) for o in data.offers if o.owner in actors]
    return out


def generate(total: int = 25_000, seed: int = 7, *, actors: int = 2_000, events: int = 300):
    """(MapData, lieux rows): the curated map plus synthetic actors, events and places, `total` records."""
    rng = random.Random(seed)
    data, _, _ = read_dir()
    data = _consistent(data)
    names: set[str] = set()
    for n in range(actors):
        while True:
            name = f"{rng.choice(_ORG_FORMS)} {rng.choice(_ORG_THEMES)} de {commune(rng)}"
            if name not in names:
                break
        names.add(name)
        words = [w for w in name.replace("-", " ").split() if w[0].isupper()]
        aliases = ["".join(w[0] for w in words).upper()] if rng.random() < 0.3 else []
        data.actors.append(Actor(id=f"synth-actor-{n:04d}", name=name, aliases=aliases, kind="association",
                                 summary=f"Synthetic association helping people online around {name.split()[-1]}.",
                                 sources=[SOURCE_ID]))
    for n in range(events):
        year = rng.randint(2010, 2025)
        data.events.append(Event(id=f"synth-event-{n:04d}", date=str(year), kind="announcement", scope="departmental",
                                 title=f"Synthetic launch of {rng.choice(_ORG_THEMES)} in {commune(rng)}",
                                 sources=[SOURCE_ID]))
    curated = sum(data.counts().values())
    lieux = []
    while curated + len(lieux) < total:
        town = commune(rng)
        kind = rng.choice(_PLACE_TYPES)
        nom = f"{kind} {rng.choice(_PATRONS)} de {town}" if rng.random() < 0.4 else f"{kind} de {town}"
        if nom in names:
            continue
        names.add(nom)
        lieux.append({"origin": ORIGIN, "id": f"synth-lieu-{len(lieux):05d}", "pivot": "00000000000000",
                      "nom": nom, "commune": town, "code_postal": f"{rng.randint(1000, 95999):05d}",
                      "adresse": f"{rng.randint(1, 120)} rue {rng.choice(_PATRONS)}", "date_maj": "2024-01-01",
                      "departement_code": rng.choice(["64", "33", "75", "2A", "971", "13", "69"])})
    return data.sort(), lieux


def write_db(path: Path, total: int = 25_000, seed: int = 7) -> tuple[MapData, list[dict]]:
    """Write the synthetic map to a new database at `path` (never the default database)."""
    data, lieux = generate(total, seed)
    build(path, data)
    store = Store.open(path, create=False)
    with store.transaction() as db:
        db["lieux"].insert_all(lieux, batch_size=2000)
        search_index.reindex(db.conn, "lieu")
    store.close()
    return data, lieux
