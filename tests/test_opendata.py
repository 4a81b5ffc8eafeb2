"""Open data over httpx (no real network: httpx.MockTransport and respx) and the import of places."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import httpx
import pytest
import respx

from landscape.analysis.coverage import coverage_of
from landscape.errors import LandscapeError
from landscape.io.http import Policy, download
from landscape.io.lieux import STANDARD_FIELDS
from landscape.io.opendata import (DEPARTEMENTS_URL, fetch_departements, fetch_lieux, flatten, import_file,
                                pick_resource)
from landscape.store.database import Store

EXAMPLE = Path(__file__).parent / "data" / "exemple-valide.csv"
URL = "https://data.example.org/lieux.csv"


def place(i: int, **extra: str) -> dict[str, str]:
    row = dict.fromkeys(STANDARD_FIELDS, "")
    row.update(id=f"lieu-{i}", pivot="43493312300029", nom=f"Lieu {i}", commune="Pau", code_postal="64000",
               code_insee="64445", adresse=f"{i} rue des Arts", date_maj="2024-03-01",
               services="Aide aux démarches administratives|Accès internet et matériel informatique")
    row.update(extra)
    return row


def csv_bytes(rows: list[dict[str, str]], delimiter: str = ",", bom: bool = False) -> bytes:
    import io

    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=STANDARD_FIELDS, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8")


GOOD = csv_bytes([place(1), place(2), place(3, services="Loisirs et créations numériques")])


def db_hash(store: Store) -> str:
    return hashlib.sha256("\n".join(store.db.conn.iterdump()).encode()).hexdigest()


@pytest.fixture
def store(tiny_db):
    s = Store.open(tiny_db)
    yield s
    s.close()


class Server:
    """A scripted server: each request gets the next response (the last one repeats)."""

    def __init__(self, *responses):
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        item = self.responses[min(len(self.requests), len(self.responses)) - 1]
        if isinstance(item, Exception):
            raise item
        return item(request) if callable(item) else item


def csv_response(body: bytes = GOOD, **headers: str) -> httpx.Response:
    return httpx.Response(200, headers={"Content-Type": "text/csv; charset=utf-8", **headers}, content=body)


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def policy(sleeps) -> Policy:
    return Policy(sleep=sleeps.append, backoff=0.5)


def lieux_of(store: Store) -> list[dict]:
    return list(store.db.query("SELECT * FROM lieux ORDER BY origin, id"))


# --- downloads -------------------------------------------------------------------------------------
def test_success(store, policy, tmp_path):
    server = Server(csv_response())
    result = fetch_lieux(store, url=URL, policy=policy, transport=httpx.MockTransport(server),
                         report=tmp_path / "r.csv")
    assert (result.rows, result.imported, result.rejected, result.origin) == (3, 3, 0, URL)
    assert [r["id"] for r in lieux_of(store)] == ["lieu-1", "lieu-2", "lieu-3"]
    assert {r["origin"] for r in lieux_of(store)} == {URL}
    assert server.requests[0].headers["User-Agent"].startswith("landscape/")
    assert coverage_of(store, "64").places == 3


def test_a_single_503_does_not_fail_and_retry_after_is_capped(store, policy, sleeps):
    server = Server(httpx.Response(503, headers={"Retry-After": "3600"}), csv_response())
    result = fetch_lieux(store, url=URL, policy=policy, transport=httpx.MockTransport(server))
    assert result.imported == 3 and len(server.requests) == 2
    assert sleeps == [policy.max_delay]


def test_backoff_is_exponential(store, policy, sleeps):
    server = Server(httpx.ConnectError("refused"), httpx.Response(502), httpx.Response(429), csv_response())
    fetch_lieux(store, url=URL, policy=policy, transport=httpx.MockTransport(server))
    assert sleeps == [0.5, 1.0, 2.0]


def test_repeated_500_fails_with_one_line_and_leaves_the_db_as_it_was(store, policy):
    before = db_hash(store)
    server = Server(httpx.Response(500))
    with pytest.raises(LandscapeError) as info:
        fetch_lieux(store, url=URL, policy=policy, transport=httpx.MockTransport(server))
    message = str(info.value)
    assert "\n" not in message and "after 4 attempts" in message and "HTTP 500" in message
    assert len(server.requests) == policy.attempts
    assert db_hash(store) == before


def test_timeout(store, policy):
    before = db_hash(store)
    server = Server(httpx.ReadTimeout("slow"))
    with pytest.raises(LandscapeError, match="timed out"):
        fetch_lieux(store, url=URL, policy=policy, transport=httpx.MockTransport(server))
    assert db_hash(store) == before and len(server.requests) == 4


def test_truncated_body(store, policy):
    before = db_hash(store)
    server = Server(csv_response(GOOD, **{"Content-Length": str(len(GOOD) + 500)}))
    with pytest.raises(LandscapeError, match=f"truncated body: got {len(GOOD)} of {len(GOOD) + 500} bytes"):
        fetch_lieux(store, url=URL, policy=policy, transport=httpx.MockTransport(server))
    assert db_hash(store) == before


def test_a_truncated_body_then_a_whole_one_succeeds(store, policy):
    server = Server(csv_response(GOOD, **{"Content-Length": str(len(GOOD) + 1)}), csv_response())
    assert fetch_lieux(store, url=URL, policy=policy, transport=httpx.MockTransport(server)).imported == 3


def test_wrong_content_type_is_refused_at_once(store, policy):
    before = db_hash(store)
    server = Server(httpx.Response(200, headers={"Content-Type": "text/html"}, content=b"<html>maintenance</html>"))
    with pytest.raises(LandscapeError, match="unexpected content type 'text/html'"):
        fetch_lieux(store, url=URL, policy=policy, transport=httpx.MockTransport(server))
    assert len(server.requests) == 1 and db_hash(store) == before


def test_404_is_not_retried(store, policy):
    server = Server(httpx.Response(404))
    with pytest.raises(LandscapeError, match="HTTP 404"):
        fetch_lieux(store, url=URL, policy=policy, transport=httpx.MockTransport(server))
    assert len(server.requests) == 1


def test_size_cap(store, sleeps):
    before = db_hash(store)
    small = Policy(sleep=sleeps.append, max_bytes=100)
    with pytest.raises(LandscapeError, match="over the 100-byte limit"):
        fetch_lieux(store, url=URL, policy=small, transport=httpx.MockTransport(Server(csv_response())))

    def streamed(request):  # no Content-Length: the cap applies while reading
        return httpx.Response(200, headers={"Content-Type": "text/csv"}, stream=httpx.ByteStream(GOOD))

    with pytest.raises(LandscapeError, match="exceeds the 100-byte limit"):
        fetch_lieux(store, url=URL, policy=small, transport=httpx.MockTransport(Server(streamed)))
    assert db_hash(store) == before


def test_redirect_limit(policy):
    def loop(request):
        return httpx.Response(302, headers={"Location": str(request.url.copy_with(path="/again"))})

    with pytest.raises(LandscapeError, match="more than 5 redirects"):
        with download(URL, policy=policy, transport=httpx.MockTransport(loop)):
            pass


def test_download_cleans_up_its_temporary_file(policy):
    with download(URL, policy=policy, transport=httpx.MockTransport(Server(csv_response()))) as got:
        path = got.path
        assert path.read_bytes() == GOOD
    assert not path.exists()


def test_a_data_gouv_dataset_metadata_url_picks_its_csv_resource(store, policy):
    meta = {"resources": [
        {"url": "https://static.example.org/old.csv", "format": "csv", "last_modified": "2023-01-01"},
        {"url": "https://static.example.org/lieux.json", "format": "json", "last_modified": "2024-06-01"},
        {"url": "https://static.example.org/lieux.csv", "format": "csv", "last_modified": "2024-06-01",
         "schema": {"name": "LaMednum/standard-mediation-num"}},
    ]}
    assert pick_resource(meta, "x") == "https://static.example.org/lieux.csv"
    routes = {"/api/1/datasets/lieux/": httpx.Response(200, json=meta), "/lieux.csv": csv_response()}
    transport = httpx.MockTransport(lambda request: routes[request.url.path])
    result = fetch_lieux(store, url="https://data.example.org/api/1/datasets/lieux/", policy=policy,
                         transport=transport)
    assert result.imported == 3 and result.origin == "https://data.example.org/api/1/datasets/lieux/"
    with pytest.raises(LandscapeError, match="no CSV resource"):
        pick_resource({"resources": []}, "x")


# --- files -----------------------------------------------------------------------------------------
def test_the_standards_example_imports_with_no_rejection(store):
    result = fetch_lieux(store, file=EXAMPLE)
    assert (result.imported, result.rejected, result.warnings, result.report) == (1, 0, 0, None)
    (row,) = lieux_of(store)
    assert (row["origin"], row["id"], row["departement_code"]) == ("exemple-valide.csv", "structure-1", "51")


def test_bom_and_semicolon_files(store, tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_bytes(csv_bytes([place(1)], bom=True))
    result = import_file(store, bom, origin="bom")
    assert result.imported == 1 and result.delimiter == ","
    semi = tmp_path / "semi.csv"
    semi.write_bytes(csv_bytes([place(1, horaires="Mo-Fr 09:00-12:00; Sa 10:00-12:00"), place(2)], ";", bom=True))
    result = import_file(store, semi, origin="semi")
    assert (result.imported, result.rejected, result.delimiter) == (2, 0, ";")
    row = store.db.execute("SELECT horaires, services FROM lieux WHERE origin = 'semi' AND id = 'lieu-1'").fetchone()
    assert row == ("Mo-Fr 09:00-12:00; Sa 10:00-12:00",
                   "Aide aux démarches administratives|Accès internet et matériel informatique")


def test_windows_1252_files_are_read(store, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(csv_bytes([place(1, nom="Médiathèque")]).decode().encode("cp1252"))
    result = import_file(store, path, origin="excel")
    assert result.encoding == "cp1252"
    assert store.db.execute("SELECT nom FROM lieux WHERE origin = 'excel'").fetchone()[0] == "Médiathèque"


def test_rejected_rows_go_to_the_report_with_line_numbers(store, tmp_path):
    rows = [place(1, presentation_detail="line one\nline two"), place(2, nom="", code_postal="ABC"),
            place(3, telephone="05 59 00 00 00"), place(1, nom="again")]
    path = tmp_path / "mixed.csv"
    path.write_bytes(csv_bytes(rows))
    report = tmp_path / "report.csv"
    result = import_file(store, path, origin="mixed", report=report)
    assert (result.rows, result.imported, result.rejected, result.warnings) == (4, 2, 2, 1)
    with report.open(encoding="utf-8", newline="") as fh:
        lines = list(csv.DictReader(fh))
    # line 2 holds a two-line quoted field, so place 2 starts on line 4
    assert [(r["line"], r["id"], r["field"], r["outcome"]) for r in lines] == [
        ("4", "lieu-2", "nom", "rejected"), ("4", "lieu-2", "code_postal", "rejected"),
        ("5", "lieu-3", "telephone", "dropped"), ("6", "lieu-1", "id", "rejected")]
    assert lines[0]["reason"] == "required field is missing"
    assert "first seen at line 2" in lines[3]["reason"]
    kept = store.db.execute("SELECT telephone FROM lieux WHERE origin = 'mixed' AND id = 'lieu-3'").fetchone()
    assert kept == (None,)


def test_a_report_goes_to_the_exports_folder_by_default(store, tmp_path, monkeypatch):
    monkeypatch.setenv("LANDSCAPE_EXPORTS", str(tmp_path / "exports"))
    path = tmp_path / "one-bad.csv"
    path.write_bytes(csv_bytes([place(1), place(2, pivot="")]))
    result = import_file(store, path, origin="one-bad")
    assert result.report.parent == tmp_path / "exports" and result.report.exists()


def test_a_file_with_no_valid_row_changes_nothing(store, tmp_path):
    fetch_lieux(store, file=EXAMPLE)
    before = db_hash(store)
    path = tmp_path / "exemple-valide.csv"
    path.write_bytes(csv_bytes([place(1, date_maj="hier"), place(2, adresse="")]))
    with pytest.raises(LandscapeError, match="no valid place among 2 rows; database unchanged"):
        fetch_lieux(store, file=path, report=tmp_path / "r.csv")
    assert db_hash(store) == before


def test_files_that_are_not_of_the_standard(store, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("name,town\nA,B\n", encoding="utf-8")
    with pytest.raises(LandscapeError, match="missing columns id, pivot"):
        import_file(store, path, origin="other")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"\xef\xbb\xbf\n")
    with pytest.raises(LandscapeError, match="empty file"):
        import_file(store, empty, origin="empty")
    with pytest.raises(LandscapeError, match="no such file"):
        fetch_lieux(store, file=tmp_path / "missing.csv")


def test_reimporting_a_source_replaces_its_places(store, tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_bytes(GOOD)
    first = import_file(store, path, origin="lieux.csv")
    snapshot = lieux_of(store)
    second = import_file(store, path, origin="lieux.csv")
    assert (first.replaced, second.replaced) == (0, 3)
    assert lieux_of(store) == snapshot
    path.write_bytes(csv_bytes([place(9)]))
    import_file(store, path, origin="lieux.csv")
    import_file(store, EXAMPLE, origin="other")
    assert [(r["origin"], r["id"]) for r in lieux_of(store)] == [("lieux.csv", "lieu-9"), ("other", "structure-1")]


def test_json_array_of_the_national_api(store, tmp_path):
    records = [
        {"id": "a1", "pivot": "43493312300029", "nom": "Espace A", "date_maj": "2024-02-01T08:00:00.000Z",
         "adresse": {"commune": "Ajaccio", "code_postal": "20000", "code_insee": "2A004", "numero_voie": 3,
                     "repetition": "bis", "nom_voie": "cours Napoléon"},
         "localisation": {"latitude": 41.92, "longitude": 8.73},
         "services": ["Aide aux démarches administratives", "Loisirs et créations numériques"],
         "mediateurs": [{"nom": "X"}]},
        {"id": "a2", "nom": "Sans pivot", "date_maj": "2024-02-01", "adresse": {"commune": "Bastia"}},
        "not an object",
    ]
    path = tmp_path / "lieux.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    result = import_file(store, path, origin="api", report=tmp_path / "r.csv")
    assert (result.format, result.imported, result.rejected) == ("json", 1, 2)
    (row,) = lieux_of(store)
    assert (row["adresse"], row["commune"], row["departement_code"]) == ("3 bis cours Napoléon", "Ajaccio", "2A")
    assert (row["latitude"], row["date_maj"]) == (41.92, "2024-02-01")
    assert row["services"] == "Aide aux démarches administratives|Loisirs et créations numériques"
    assert flatten({"typologie": ["ASSO", "TIERS_LIEUX"], "x": {"y": 1}})["typologie"] == "ASSO|TIERS_LIEUX"


def test_progress_reports_rows_and_rate(store, tmp_path):
    path = tmp_path / "many.csv"
    path.write_bytes(csv_bytes([place(i) for i in range(4100)]))
    seen: list[tuple[int, float]] = []
    import_file(store, path, origin="many", progress=lambda rows, rate: seen.append((rows, rate)))
    assert [rows for rows, _ in seen] == [2000, 4000, 4100]
    assert all(rate > 0 for _, rate in seen)


# --- départements ----------------------------------------------------------------------------------
GEO = [{"nom": "Pyrénées-Atlantiques (nouveau)", "code": "64", "codeRegion": "75",
        "region": {"code": "75", "nom": "Nouvelle-Aquitaine"}},
       {"nom": "Ain", "code": "01", "codeRegion": "84", "region": {"code": "84", "nom": "Auvergne-Rhône-Alpes"}},
       {"nom": "Ailleurs", "code": "999", "codeRegion": "00", "region": {"code": "00", "nom": "Nulle part"}}]


def test_departements_update(store, policy):
    server = Server(httpx.Response(200, json=GEO))
    read, changed = fetch_departements(store, policy=policy, transport=httpx.MockTransport(server))
    assert (read, changed) == (2, 1)
    assert str(server.requests[0].url) == DEPARTEMENTS_URL
    assert store.db.execute("SELECT name FROM departements WHERE code = '64'").fetchone()[0] \
        == "Pyrénées-Atlantiques (nouveau)"
    plan = store.db.execute("SELECT departement_name FROM plans WHERE departement_code = '64'").fetchone()[0]
    assert plan == "Pyrénées-Atlantiques (nouveau)"
    assert store.db.execute("SELECT count(*) FROM departements").fetchone()[0] == 101


def test_departements_bad_answers_change_nothing(store, policy):
    before = db_hash(store)
    for body in ([], [{"nom": "Ain", "codeRegion": "84"}], {"error": "x"}):
        with pytest.raises(LandscapeError):
            transport = httpx.MockTransport(Server(httpx.Response(200, json=body)))
            fetch_departements(store, policy=policy, transport=transport)
    with pytest.raises(LandscapeError, match="not valid JSON"):
        fetch_departements(store, policy=policy, transport=httpx.MockTransport(
            Server(httpx.Response(200, headers={"Content-Type": "application/json"}, content=b"[{"))))
    assert db_hash(store) == before


# --- CLI -------------------------------------------------------------------------------------------
def test_cli_fetch_lieux_stats_and_coverage(cli, tiny_db, tmp_path):
    path = tmp_path / "places.csv"
    path.write_bytes(csv_bytes([place(1), place(2), place(3, code_postal="x")]))
    report = tmp_path / "report.csv"
    r = cli("fetch", "lieux", "--file", path, "--report", report, db=tiny_db)
    assert r.code == 0, r.err
    assert "2 places imported from places.csv, 1 rejected" in r.out and f"report: {report}" in r.out
    assert cli("stats", "--json", db=tiny_db).json()["lieux"] == 2
    cov = cli("coverage", "--json", db=tiny_db).json()
    pau = next(d for d in cov["departements"] if d["code"] == "64")
    assert (pau["places"], pau["per_100k"], pau["plan_status"]) == (2, None, "in_preparation")  # the newest generation decides
    assert pau["services"][0] == {"service": "Accès internet et matériel informatique", "places": 2}
    text = cli("coverage", db=tiny_db).out
    assert "Pyrénées-Atlantiques" in text and "2 places in 1 départements" in text


def test_cli_errors_are_one_line(cli, tiny_db, tmp_path):
    r = cli("fetch", "lieux", "--file", tmp_path / "nope.csv", db=tiny_db)
    assert r.code == 2 and r.err.count("\n") == 1 and "no such file" in r.err
    r = cli("fetch", "lieux", "--file", EXAMPLE, "--url", URL, db=tiny_db)
    assert r.code == 2 and "not both" in r.err


def test_cli_fetch_departements_and_default_url_through_respx(cli, tiny_db, monkeypatch):
    import landscape.io.http as http

    waits: list[float] = []
    monkeypatch.setattr(http, "_pause", waits.append)
    with respx.mock(assert_all_called=True) as mock:
        mock.get(DEPARTEMENTS_URL).mock(side_effect=[httpx.Response(503), httpx.Response(200, json=GEO)])
        r = cli("fetch", "departements", "--json", db=tiny_db)
    assert r.code == 0, r.err
    assert r.json() == {"url": DEPARTEMENTS_URL, "departements": 2, "changed": 1}
    assert waits == [1.0]
    with respx.mock() as mock:
        mock.get(URL).mock(return_value=httpx.Response(500))
        r = cli("fetch", "lieux", "--url", URL, db=tiny_db)
    assert r.code == 2 and "HTTP 500" in r.err and r.err.count("\n") == 1
    assert waits == [1.0, 1.0, 2.0, 4.0]


def test_an_unreadable_file_or_report_is_one_error_and_changes_nothing(store, tmp_path):
    before = db_hash(store)
    with pytest.raises(LandscapeError, match="cannot read"):
        import_file(store, tmp_path, origin="folder")  # a folder where a file was expected
    path = tmp_path / "one-bad.csv"
    path.write_bytes(csv_bytes([place(1), place(2, pivot="")]))
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(LandscapeError, match="cannot write the import report"):
        import_file(store, path, origin="one-bad", report=tmp_path / "a-file" / "report.csv")
    assert db_hash(store) == before
