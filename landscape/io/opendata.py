"""Open data: the official list of départements and the national map of digital-inclusion places.

Places come as the standard's CSV (UTF-8, BOM tolerated, ``,`` or ``;`` separator) or as the
national API's JSON array of the same records. Every row is checked against the standard
(`landscape.model.standard`); valid rows are imported, rejected ones listed in a report. A source's places
are replaced in one transaction, so importing the same source twice changes nothing, and anything
that fails before that transaction (download, parsing, no valid row) leaves the database as it was.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from landscape.model import standard
from landscape.dataset import Departement
from landscape.errors import LandscapeError
from landscape.i18n import N_, _, ngettext
from landscape.io.files import write_file
from landscape.store import search_index
from landscape.io.lieux import COLUMNS, STANDARD_FIELDS, replace_origin
from landscape.io.limits import MAX_BYTES, MAX_HEADER_BYTES
from landscape.paths import exports_dir
from landscape.store.database import Store
from landscape.model.vocab import DEPARTEMENT_CODES

if TYPE_CHECKING:  # httpx is imported only when something is downloaded (it slows every CLI start)
    import httpx

    from landscape.io.http import Policy

# The API Découpage administratif (geo.api.gouv.fr): names, codes and regions of the départements.
DEPARTEMENTS_URL = "https://geo.api.gouv.fr/departements?fields=nom,code,codeRegion,region"
# Every commune with its INSEE municipal population: summed per département for places per 100,000.
POPULATION_URL = "https://geo.api.gouv.fr/communes?fields=codeDepartement,population&format=json"

# The national consolidated dataset of places, published on data.gouv.fr by the organisation
# "Cartographie nationale des lieux de médiation numérique" (ANCT), in the national standard.
# No permanent file URL could be confirmed (resources are re-uploaded as the data is republished),
# so the default is the dataset's data.gouv.fr API metadata: `fetch lieux` reads its `resources[]`
# and downloads the CSV resource in the standard at run time. Override with Settings.lieux_url or --url.
LIEUX_DATASET = "lieux-de-mediation-numerique-organisation-cartographie-nationale-des-lieux-de-mediation-numerique-2"
LIEUX_URL = f"https://www.data.gouv.fr/api/1/datasets/{LIEUX_DATASET}/"
STANDARD_SCHEMA_NAME = "LaMednum/standard-mediation-num"

Progress = Callable[[int, float], None]  # (rows read so far, rows per second)
REPORT_COLUMNS = ("line", "id", "field", "reason", "outcome")
_PROGRESS_EVERY = 2000
_CHUNK = 256 * 1024


@dataclass
class Problem:
    """One line of the import report. `line`: the CSV line, or the JSON record's position from 1."""

    line: int
    id: str | None
    field: str
    reason: str
    outcome: str  # "rejected" (row not imported) or "dropped" (value removed, place kept)


@dataclass
class ImportResult:
    origin: str
    rows: int = 0
    imported: int = 0
    rejected: int = 0
    warnings: int = 0
    replaced: int = 0
    seconds: float = 0.0
    report: Path | None = None
    format: str = "csv"
    delimiter: str | None = None
    encoding: str = "utf-8"
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {"origin": self.origin, "rows": self.rows, "imported": self.imported, "rejected": self.rejected,
                "warnings": self.warnings, "replaced": self.replaced, "seconds": round(self.seconds, 3),
                "report": str(self.report) if self.report else None, "format": self.format,
                "delimiter": self.delimiter, "encoding": self.encoding}


# --- reading ---------------------------------------------------------------------------------------
@dataclass
class _Source:
    records: Iterator[tuple[int, dict[str, Any]]]
    format: str
    delimiter: str | None = None
    encoding: str = "utf-8"
    early: list[Problem] = field(default_factory=list)  # rows broken before validation (cell counts)
    close: Callable[[], None] = lambda: None


def _encoding(fh: BinaryIO, name: str) -> str:
    """The encoding of a text file, read through once in chunks: UTF-8, else Windows-1252.

    Refuses a file holding a NUL byte (no text file of places does; a sparse or binary file would).
    """
    utf8 = codecs.getincrementaldecoder("utf-8")()
    cp1252 = codecs.getincrementaldecoder("cp1252")()
    is_utf8, offset = True, 0
    while chunk := fh.read(_CHUNK):
        nul = chunk.find(b"\0")
        if nul >= 0:
            raise LandscapeError(_("{file}: not a text file (NUL byte at offset {offset})").format(
                file=name, offset=offset + nul))
        if is_utf8:
            try:
                utf8.decode(chunk)
            except UnicodeDecodeError:
                is_utf8 = False
        if not is_utf8:
            try:
                cp1252.decode(chunk)
            except UnicodeDecodeError as exc:
                raise LandscapeError(_("{file}: neither UTF-8 nor Windows-1252 text (byte {offset})").format(
                    file=name, offset=offset + exc.start)) from None
        offset += len(chunk)
    if is_utf8:
        try:
            utf8.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            pass
    # The standard says UTF-8, but spreadsheet exports are often Windows-1252: accept, and say so.
    return "cp1252"


def _delimiter(header_line: str) -> str:
    """The separator that splits the header into the most field names of the standard."""
    known = set(STANDARD_FIELDS)
    best, score = ",", -1
    for candidate in (",", ";", "\t"):
        try:
            cells = next(csv.reader([header_line], delimiter=candidate), [])
        except csv.Error:
            continue
        hits = sum(1 for c in cells if c.strip().strip('"').lower() in known)
        if hits > score:
            best, score = candidate, hits
    if score <= 0:
        try:
            return csv.Sniffer().sniff(header_line, delimiters=",;\t").delimiter
        except csv.Error:
            return ","
    return best


def read_source(path: Path, name: str | None = None, *, max_bytes: int = MAX_BYTES) -> _Source:
    """Open a file of places: JSON (array, or an object holding one) or CSV, format detected.

    The file must be a regular file of at most `max_bytes` (the cap on downloads); CSV is streamed,
    never read whole. Close the source (`_Source.close`) when done.
    """
    name = name or path.name
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # before opening: a fifo would block the open itself
            raise LandscapeError(_("{file}: cannot read: not a regular file (a folder, a device or a fifo)").format(
                file=name))
        fh = path.open("rb")
    except FileNotFoundError:
        raise LandscapeError(_("{file}: no such file").format(file=name)) from None
    except OSError as exc:
        raise LandscapeError(_("{file}: cannot read ({error})").format(file=name, error=exc.strerror or exc)) from None
    try:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise LandscapeError(_("{file}: cannot read: not a regular file (a folder, a device or a fifo)").format(
                file=name))
        if info.st_size > max_bytes:
            raise LandscapeError(_("{file}: refused: {size} bytes is over the {limit}-byte limit").format(
                file=name, size=info.st_size, limit=max_bytes))
        head = fh.read(_CHUNK).lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        if not head:
            raise LandscapeError(_("{file}: empty file").format(file=name))
        fh.seek(0)
        if head in (b"[", b"{"):
            try:
                data = fh.read(max_bytes + 1)
            finally:
                fh.close()
            return _read_json(data, name)
        return _read_csv(fh, name)
    except OSError as exc:
        fh.close()
        raise LandscapeError(_("{file}: cannot read ({error})").format(file=name, error=exc.strerror or exc)) from None
    except BaseException:
        fh.close()
        raise


def _read_csv(fh: BinaryIO, name: str) -> _Source:
    encoding = _encoding(fh, name)
    fh.seek(0)
    text = io.TextIOWrapper(fh, encoding="utf-8-sig" if encoding == "utf-8" else encoding, newline="")
    first = text.readline(MAX_HEADER_BYTES + 1)
    if len(first) > MAX_HEADER_BYTES:
        text.close()
        raise LandscapeError(_("{file}: the header line is longer than {kib} KiB: not a file of the national standard").format(
            
            file=name, kib=MAX_HEADER_BYTES // 1024))
    first = first.rstrip("\r\n")
    delimiter = _delimiter(first)
    try:
        header = [h.strip().lower() for h in next(csv.reader([first], delimiter=delimiter), [])]
    except csv.Error as exc:
        text.close()
        raise LandscapeError(_("{file}: line 1: malformed CSV header ({error})").format(file=name, error=exc)) from None
    missing = [f for f in standard.required_fields() if f not in header]
    if missing:
        text.close()
        raise LandscapeError(ngettext("{file}: not a file of the national standard: missing column {columns}",
                                      "{file}: not a file of the national standard: missing columns {columns}",
                                      len(missing)).format(file=name, columns=", ".join(missing)))
    reader = csv.reader(text, delimiter=delimiter)
    positions = [(i, h) for i, h in enumerate(header) if h in standard.rules()]
    width = len(header)
    plain = len(positions) == width and len(set(header)) == width  # every column is a field: zip is enough
    source = _Source(iter(()), "csv", delimiter, encoding, close=text.close)

    def records() -> Iterator[tuple[int, dict[str, Any]]]:
        start = 2  # the line after the header
        try:
            for cells in reader:
                line, start = start, reader.line_num + 2
                if not cells or (len(cells) == 1 and not cells[0].strip()):
                    continue
                if len(cells) != width:
                    source.early.append(Problem(line, cells[0][:80] if cells else None, "(row)",
                                                f"{len(cells)} cells where the header has {width}", "rejected"))
                    continue
                yield line, dict(zip(header, cells)) if plain else {h: cells[i] for i, h in positions}
        except csv.Error as exc:
            raise LandscapeError(_("{file}: line {line}: malformed CSV ({error})").format(
                file=name, line=reader.line_num + 1, error=exc)) from None
        finally:
            text.close()

    source.records = records()
    return source


_NESTED = {("presentation", "resume"): "presentation_resume", ("presentation", "detail"): "presentation_detail",
           ("localisation", "lat"): "latitude", ("localisation", "lng"): "longitude",
           ("localisation", "lon"): "longitude"}


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    """A JSON record of the national API as a flat row of the standard (lists joined with ``|``).

    ``adresse`` may be an object {commune, code_postal, code_insee, numero_voie, repetition, nom_voie};
    other objects (``localisation``, ``contact``, ``presentation``) lend the standard fields they hold.
    """
    row: dict[str, Any] = {}
    nested: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            if key == "adresse":
                street = " ".join(str(value[k]).strip() for k in ("numero_voie", "repetition", "nom_voie", "voie")
                                  if isinstance(value.get(k), (str, int)) and value[k] != "")
                if street:
                    row["adresse"] = street
            for sub, v in value.items():
                target = _NESTED.get((key, sub), sub)
                if target in standard.rules() and target != "adresse":
                    nested.setdefault(target, v)
            continue
        row[key] = value
    for key, value in nested.items():
        row.setdefault(key, value)
    for key, value in list(row.items()):
        if isinstance(value, list):
            # Only scalars: a nested list is no value of the standard (and could be nested too deep to print).
            row[key] = standard.MULTI_SEPARATOR.join(str(v) for v in value
                                                     if isinstance(v, (str, int, float)) and v != "")
        elif isinstance(value, bool):
            row[key] = str(value).lower()
        elif isinstance(value, (int, float)):
            row[key] = repr(value) if isinstance(value, float) else str(value)
        elif value is not None and not isinstance(value, str):
            row[key] = None
    return row


def _read_json(data: bytes, name: str) -> _Source:
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LandscapeError(_("{file}: not valid JSON ({error})").format(file=name, error=exc)) from None
    except RecursionError:
        raise LandscapeError(_("{file}: JSON nested too deeply to be a file of places").format(file=name)) from None
    if isinstance(value, dict):
        inner = next((value[k] for k in ("data", "items", "lieux", "results") if isinstance(value.get(k), list)), None)
        if inner is None:
            raise LandscapeError(_("{file}: JSON object without a list of places (expected an array)").format(
                file=name))
        value = inner
    if not isinstance(value, list):
        raise LandscapeError(_("{file}: expected a JSON array of places").format(file=name))
    source = _Source(iter(()), "json")

    def records() -> Iterator[tuple[int, dict[str, Any]]]:
        for position, item in enumerate(value, 1):
            if not isinstance(item, dict):
                source.early.append(Problem(position, None, "(record)", "not a JSON object", "rejected"))
                continue
            yield position, flatten(item)

    source.records = records()
    return source


# --- importing -------------------------------------------------------------------------------------
def import_file(store: Store, path: Path, *, origin: str, report: Path | None = None,
                progress: Progress | None = None, name: str | None = None,
                max_bytes: int = MAX_BYTES) -> ImportResult:
    """Validate every place of `path` and replace the places of `origin` with the valid ones.

    Rejected rows and dropped values go to a CSV report (`report`, else a dated file in the exports
    folder when there is anything to report). Nothing is written to the database if no row is valid.
    """
    started = time.perf_counter()
    source = read_source(path, name, max_bytes=max_bytes)
    try:
        return _import(store, source, started, origin=origin, report=report, progress=progress,
                       label=name or path.name)
    finally:
        source.close()


def _import(store: Store, source: _Source, started: float, *, origin: str, report: Path | None,
            progress: Progress | None, label: str) -> ImportResult:
    result = ImportResult(origin, format=source.format, delimiter=source.delimiter, encoding=source.encoding)
    problems = result.problems
    rows: list[tuple] = []
    seen: dict[str, int] = {}
    validate = standard.validate
    fields = COLUMNS[1:]
    count = 0
    for line, raw in source.records:
        count += 1
        if progress and count % _PROGRESS_EVERY == 0:
            progress(count, count / max(time.perf_counter() - started, 1e-9))
        clean, warnings, errors = validate(raw)
        ident = clean.get("id")
        if ident is not None and ident in seen:
            errors.append(standard.Issue("id", f"duplicate id (first seen at line {seen[ident]})"))
        if errors:
            problems += [Problem(line, ident, e.field, e.reason, "rejected") for e in errors]
            result.rejected += 1
            continue
        seen[ident] = line
        if warnings:
            problems += [Problem(line, ident, w.field, w.reason, "dropped") for w in warnings]
            result.warnings += len(warnings)
        rows.append((origin, *map(clean.__getitem__, fields)))
    problems += source.early
    result.rejected += len(source.early)
    result.rows = count + len(source.early)
    result.imported = len(rows)
    problems.sort(key=lambda p: p.line)
    if problems or report:
        result.report = write_report(problems, report)
    if not rows:
        where = _(" (see {path})").format(path=result.report) if result.report else ""
        raise LandscapeError(_("{label}: no valid place among {rows} rows; database unchanged{where}").format(
            label=label, rows=result.rows, where=where))
    with store.transaction() as db:
        result.replaced = replace_origin(db, origin, rows)
        search_index.reindex(db.conn, "lieu")
        from landscape.store.changes import journal_import

        journal_import(store, summary=f"{len(rows)} places imported from {origin} "
                                      f"(replacing {result.replaced})", origin="fetch")
    result.seconds = time.perf_counter() - started
    if progress:
        progress(result.rows, result.rows / max(result.seconds, 1e-9))
    return result


def write_report(problems: list[Problem], path: Path | None = None) -> Path:
    """The import report as CSV (line, id, field, reason, outcome), written atomically."""
    if path is None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = exports_dir() / f"lieux-import-report-{stamp}.csv"
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(REPORT_COLUMNS)
    writer.writerows((p.line, p.id or "", p.field, p.reason, p.outcome) for p in problems)
    write_file(path, buffer.getvalue().encode("utf-8"), what=N_("the import report"))
    return path


def pick_resource(meta: dict[str, Any], url: str) -> str:
    """The URL of the CSV resource in the standard, from a data.gouv.fr dataset's metadata."""
    resources = [r for r in meta.get("resources") or [] if isinstance(r, dict) and r.get("url")]

    def is_csv(r: dict) -> bool:
        return (r.get("format") or "").lower() == "csv" or r["url"].lower().split("?")[0].endswith(".csv")

    def in_standard(r: dict) -> bool:
        return ((r.get("schema") or {}).get("name") or "") == STANDARD_SCHEMA_NAME

    candidates = [r for r in resources if is_csv(r)]
    if not candidates:
        raise LandscapeError(_("{url}: the dataset has no CSV resource").format(url=url))
    candidates.sort(key=lambda r: (in_standard(r), r.get("last_modified") or ""), reverse=True)
    return candidates[0].get("latest") or candidates[0]["url"]


def fetch_lieux(store: Store, *, url: str | None = None, file: Path | None = None, report: Path | None = None,
                progress: Progress | None = None, policy: Policy | None = None,
                transport: httpx.BaseTransport | None = None) -> ImportResult:
    """Import places from a local `file` (origin: its name) or from `url` (origin: the URL).

    A URL may also be a data.gouv.fr dataset's API metadata, whose CSV resource is then downloaded.
    """
    if file is not None:
        path = Path(file)
        return import_file(store, path, origin=path.name, report=report, progress=progress, name=str(path),
                           max_bytes=policy.max_bytes if policy else MAX_BYTES)
    from landscape.io.http import CSV_TYPES, JSON_TYPES, Policy, download, make_client

    url = url or LIEUX_URL
    policy = policy or Policy()
    with make_client(policy, transport) as client:
        with download(url, accept=CSV_TYPES + JSON_TYPES, policy=policy, client=client) as got:
            meta = _dataset_metadata(got.path) if got.content_type in JSON_TYPES or got.content_type == "" else None
            if meta is None:
                return import_file(store, got.path, origin=url, report=report, progress=progress, name=url)
        resource = pick_resource(meta, url)
        with download(resource, accept=CSV_TYPES + JSON_TYPES, policy=policy, client=client) as got:
            return import_file(store, got.path, origin=url, report=report, progress=progress, name=resource)


def _dataset_metadata(path: Path) -> dict[str, Any] | None:
    """The metadata of a data.gouv.fr dataset (an object with ``resources``), or None for data."""
    with path.open("rb") as fh:
        head = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"{"):
        return None
    try:
        value = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None
    return value if isinstance(value, dict) and isinstance(value.get("resources"), list) else None


# --- départements ----------------------------------------------------------------------------------
def parse_departements(value: Any, url: str, regions: dict[str, str] | None = None) -> list[Departement]:
    """Départements from the API Découpage administratif's JSON array.

    `region` may be an object {code, nom} or absent (then `regions` maps codeRegion to a name).
    Entries with a code that is not one of the 101 départements are ignored.
    """
    if not isinstance(value, list) or not value:
        raise LandscapeError(_("{url}: expected a non-empty JSON array of départements").format(url=url))
    known = set(DEPARTEMENT_CODES)
    out = []
    for position, item in enumerate(value, 1):
        if not isinstance(item, dict):
            raise LandscapeError(_("{url}: item {position}: not a JSON object").format(url=url, position=position))
        for key in ("code", "nom", "codeRegion"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise LandscapeError(_("{url}: item {position}: field {key} is missing or not text").format(
                    url=url, position=position, key=repr(key)))
        if item["code"] not in known:
            continue
        region = item.get("region")
        name = region.get("nom") if isinstance(region, dict) else region if isinstance(region, str) else None
        name = name or (regions or {}).get(item["codeRegion"])
        if not name:
            raise LandscapeError(_("{url}: département {code}: field 'region' is missing").format(
                url=url, code=repr(item['code'])))
        out.append(Departement(item["code"], item["nom"].strip(), item["codeRegion"], name.strip()))
    if not out:
        raise LandscapeError(_("{url}: no known département code in the answer").format(url=url))
    return out


def fetch_departements(store: Store, url: str | None = None, *, policy: Policy | None = None,
                       transport: httpx.BaseTransport | None = None) -> tuple[int, int]:
    """Update names and regions from the official list; return (départements read, changed)."""
    from landscape.io.http import get_json

    url = url or DEPARTEMENTS_URL
    value = get_json(url, policy=policy, transport=transport)
    regions = {r["region_code"]: r["region"] for r in store.departements()}
    departements = parse_departements(value, url, regions)
    return len(departements), store.update_departements(departements)


def parse_population(value: Any, url: str) -> dict[str, int]:
    """Population per département, summed from the API's communes (those without a population are skipped)."""
    if not isinstance(value, list) or not value:
        raise LandscapeError(_("{url}: expected a non-empty JSON array of communes").format(url=url))
    known = set(DEPARTEMENT_CODES)
    totals: dict[str, int] = {}
    for position, item in enumerate(value, 1):
        if not isinstance(item, dict):
            raise LandscapeError(_("{url}: item {position}: not a JSON object").format(url=url, position=position))
        code, population = item.get("codeDepartement"), item.get("population")
        if not isinstance(code, str):
            raise LandscapeError(_("{url}: item {position}: field 'codeDepartement' is missing or not text").format(
                url=url, position=position))
        if population is None or code not in known:
            continue
        if isinstance(population, bool) or not isinstance(population, int) or population < 0:
            raise LandscapeError(_("{url}: item {position}: field 'population' is not a whole number").format(
                url=url, position=position))
        totals[code] = totals.get(code, 0) + population
    if not totals:
        raise LandscapeError(_("{url}: no commune of a known département in the answer").format(url=url))
    return totals


def fetch_population(store: Store, url: str | None = None, *, policy: Policy | None = None,
                     transport: httpx.BaseTransport | None = None) -> dict[str, int]:
    """Store each département's population (sum of its communes'), citing `url`; return the totals."""
    from landscape.io.http import get_json

    url = url or POPULATION_URL
    totals = parse_population(get_json(url, policy=policy, transport=transport), url)
    store.update_population(totals, source=url)
    return totals
