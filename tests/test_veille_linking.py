"""Entity linking on news text: names as whole words, capitals where names are ordinary words, context."""

from __future__ import annotations

import pytest

from benchmarks.bench_linking import load_corpus, measure, naive
from landscape.dataset import load_departements
from landscape.veille.linking import Linker


@pytest.fixture(scope="module")
def linker(real_map):
    return Linker.from_map(real_map, load_departements())


def refs(linker, title, summary=""):
    return {(l.kind, l.id) for l in linker.link(title, summary)}


def test_corpus_is_scored_and_meets_the_targets(linker, real_map):
    items = load_corpus()
    assert len(items) >= 40 and sum(len(i["expected"]) for i in items) >= 80
    assert sum(not i["expected"] for i in items) >= 5   # items that name nothing, to catch false links

    def ours(title, summary):
        return {f"{l.kind}:{l.id}" for l in linker.link(title, summary)}

    result = measure(ours, items, linker)
    assert result["precision"] >= 0.9 and result["recall"] >= 0.8, result["wrong"]
    baseline = measure(naive(real_map, load_departements()), items, linker)
    assert baseline["precision"] < result["precision"]


@pytest.mark.parametrize("text, expected", [
    ("Le pixel et les pixels", set()),
    ("Pix certifie 3 millions d'élèves", {("actor", "pix")}),
    ("EMMAUS CONNECT et emmaüs-connect", {("actor", "emmaus-connect")}),
    ("la poste de travail", set()),
    ("La Poste et la Banque Postale", {("actor", "la-poste"), ("actor", "la-banque-postale")}),
    ("une orange pressée", set()),
    ("la caf du coin", set()),
    ("la CAF du Morbihan", {("actor", "cnaf"), ("departement", "56")}),
    ("à Vannes (56)", {("departement", "56")}),
    ("Morbihan sans article", set()),
    ("en Corse-du-Sud", {("departement", "2A")}),
    ("Fondation Orange", {("actor", "fondation-orange")}),
    ("Réunion à Paris (2026)", set()),
])
def test_names_words_and_context(linker, text, expected):
    assert refs(linker, text) == expected


def test_span_and_field_are_kept(linker):
    title = "Inclusion numérique : l'ANCT s'engage dans le Morbihan"
    links = {l.id: l for l in linker.link(title, "Avec la MedNum.")}
    assert title[links["anct"].start:links["anct"].end] == "ANCT" and links["anct"].field == "title"
    assert links["56"].span == "le Morbihan"
    assert links["la-mednum"].field == "summary" and links["la-mednum"].span == "la MedNum"


def test_score_puts_focal_and_followed_first(linker):
    links = linker.link("WeTechCare et Simplon en Gironde")
    plain = linker.score(links)
    assert linker.score(links, focal="wetechcare") > plain
    assert linker.score(links, followed=frozenset({("departement", "33")})) > plain
    central = linker.score(linker.link("L'ANCT annonce"))
    assert central > linker.score(linker.link("Datactivist annonce"))
