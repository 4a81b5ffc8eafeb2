"""Population per département from the official list of communes, for places per 100,000 inhabitants."""

import httpx
import pytest

from landscape.analysis.coverage import coverage_of
from landscape.errors import LandscapeError
from landscape.io.http import Policy
from landscape.io.opendata import fetch_lieux, fetch_population
from landscape.store.database import Store
from tests.test_store import digest

URL = "https://geo.example.test/communes"
COMMUNES = [
    {"codeDepartement": "51", "population": 180000},  # Reims-sized
    {"codeDepartement": "51", "population": 20000},
    {"codeDepartement": "51"},  # a commune with no population (mort pour la France) is skipped
    {"codeDepartement": "975", "population": 5000},  # not one of the 101 départements
    {"codeDepartement": "64", "population": 77000},
]


def serve(payload, status=200):
    return httpx.MockTransport(lambda request: httpx.Response(status, json=payload))


def test_population_sums_communes_and_gives_places_per_100k(tiny_db):
    store = Store.open(tiny_db)
    fetch_lieux(store, file=__import__("pathlib").Path(__file__).parent / "data" / "exemple-valide.csv")
    totals = fetch_population(store, URL, transport=serve(COMMUNES), policy=Policy(sleep=lambda s: None))
    assert totals == {"51": 200000, "64": 77000}
    row = {r["code"]: r for r in store.departements()}["51"]
    assert (row["population"], row["population_source"]) == (200000, URL)
    marne = coverage_of(store, "51")
    assert marne.places == 1 and marne.per_100k == pytest.approx(0.5)


@pytest.mark.parametrize("payload, message", [
    ({"not": "a list"}, "expected a non-empty JSON array"),
    ([{"codeDepartement": "51", "population": "many"}], "'population' is not a whole number"),
    ([{"population": 3}], "'codeDepartement' is missing"),
])
def test_bad_answers_leave_the_database_as_it_was(tiny_db, payload, message):
    store = Store.open(tiny_db)
    before = digest(tiny_db)
    with pytest.raises(LandscapeError, match=message):
        fetch_population(store, URL, transport=serve(payload), policy=Policy(sleep=lambda s: None))
    assert digest(tiny_db) == before


def test_cli_fetch_population_reports_failures_in_one_line(cli, tiny_db, monkeypatch):
    import landscape.io.http as http
    real = http.make_client
    monkeypatch.setattr(http, "make_client", lambda policy=None, transport=None: real(
        policy, httpx.MockTransport(lambda r: httpx.Response(500))))
    monkeypatch.setattr(http, "_pause", lambda seconds: None)
    r = cli("fetch", "population", "--url", URL, db=tiny_db)
    assert r.code == 2 and r.err.count("\n") == 1 and "500" in r.err
