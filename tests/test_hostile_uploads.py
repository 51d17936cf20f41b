"""Hostile uploads: every bomb, oversized or mislabelled file is refused with a
413 or 422 in Vietnamese within seconds, while the server keeps answering its
health check quickly and its memory stays small.

The files are generated here (nothing large is kept in git): zip bombs of each
kind, ten million cells declared or in one row, 2,000 columns, a 50 MB line,
wrong encodings, a PNG named .xlsx and an XLSX named .csv. The last test runs
the server as a real process (`election serve`, one worker) and reads its
peak memory (VmHWM) from /proc.
"""

from __future__ import annotations

import asyncio
import csv
import functools
import io
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from openpyxl import Workbook

from election.errors import DomainError, PayloadTooLarge
from election.imports.limits import (
    MB,
    REGISTER,
    VOTER_LIST,
    Entry,
    FileOverBudget,
    UploadLimits,
    cell_position,
    check_entries,
    check_shape,
    column_number,
    dimension_shape,
    inspect_upload,
    sniff_type,
)
from election.imports.readers import UnreadableFile
from election.settings import PROJECT_ROOT
from tests.builders import BAC_LIEU, PASSWORD, bearer, make_structure, make_user
from tests.test_imports import to_cp1258
from tests.test_voter_import import FUTURE_ELECTION_DAY, HEADER, csv_file, row

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
SECONDS_PER_FILE = 10.0
HEALTH_BUDGET = 0.200
MEMORY_BUDGET = 300 * MB
LARGE_ROWS = 5_000
BURST_HEALTH_BUDGET = 2.0

# --- the pure checks, table by table ----------------------------------------


@pytest.mark.parametrize(
    ("letters", "number"), [("A", 1), ("Z", 26), ("AA", 27), ("AZ", 52), ("XFD", 16384)]
)
def test_column_letters_count_from_one(letters, number):
    assert column_number(letters) == number


@pytest.mark.parametrize(
    ("ref", "position"),
    [("A1", (1, 1)), ("$C$7", (7, 3)), ("XFD1048576", (1048576, 16384)), ("1A", None), ("", None)],
)
def test_cell_references(ref, position):
    assert cell_position(ref) == position


@pytest.mark.parametrize(
    ("ref", "shape"),
    [
        ("A1", (1, 1)),
        ("A1:L40001", (40001, 12)),
        ("B2:C3", (2, 2)),
        ("A1:XFD1048576", (1048576, 16384)),
        ("garbage", None),
        ("A1:B2:C3", None),
    ],
)
def test_declared_dimensions(ref, shape):
    assert dimension_shape(ref) == shape


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
ZIP = b"PK\x03\x04\x14\x00"


@pytest.mark.parametrize(
    ("head", "filename", "expected"),
    [
        (b"So dinh danh,Ho ten\n", "ds.csv", "csv"),
        (b"So dinh danh,Ho ten\n", "ds.txt", "csv"),
        (b"So dinh danh,Ho ten\n", "", "csv"),
        (ZIP, "ds.xlsx", "xlsx"),
        (ZIP, "", "xlsx"),
        (ZIP, "ds.csv", "nội dung tệp là bảng tính excel"),
        (PNG, "ds.xlsx", "ảnh png"),
        (PNG, "ds.csv", "ảnh png"),
        (b"%PDF-1.7", "ds.csv", "tệp pdf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1", "ds.xls", ".xls"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1", "ds.xlsx", "mật khẩu"),
        (b"\x1f\x8b\x08", "ds.csv", "gzip"),
        (b"So dinh danh", "ds.xlsx", "không phải bảng tính"),
        (b"So dinh danh", "ds.docx", "chỉ nhận"),
    ],
)
def test_the_type_comes_from_the_content_and_the_name_must_agree(head, filename, expected):
    if expected in ("csv", "xlsx"):
        assert sniff_type(head, filename) == expected
    else:
        with pytest.raises(UnreadableFile) as refused:
            sniff_type(head, filename)
        assert expected in refused.value.detail.lower()


SMALL = UploadLimits(
    label="tệp thử", max_bytes=MB, max_rows=100, max_columns=10, max_cells=500, max_entries=5
)


@pytest.mark.parametrize(
    ("rows", "columns", "cells", "refused"),
    [
        (100, 10, 500, None),
        (101, 10, 500, "dòng"),
        (100, 11, 500, "cột"),
        (100, 10, 501, "ô dữ liệu"),
        (1, 16384, 16384, "cột"),
    ],
)
def test_the_shape_budget(rows, columns, cells, refused):
    if refused is None:
        check_shape(rows, columns, cells, SMALL)
    else:
        with pytest.raises(FileOverBudget) as error:
            check_shape(rows, columns, cells, SMALL)
        assert refused in error.value.detail
        assert error.value.status_code == 413


@pytest.mark.parametrize(
    ("entries", "refused"),
    [
        ([Entry("xl/worksheets/sheet1.xml", 900_000, 9_000)], None),  # small: any ratio
        ([Entry("xl/worksheets/sheet1.xml", 100 * MB, 1 * MB)], None),  # 1:100 is allowed
        ([Entry("xl/worksheets/sheet1.xml", 100 * MB, MB // 2)], "tỷ lệ"),
        ([Entry("xl/worksheets/sheet1.xml", 129 * MB, 64 * MB)], "giải nén ra"),
        ([Entry("xl/sharedStrings.xml", 17 * MB, 16 * MB)], "giải nén ra"),
        ([Entry(f"x{i}.xml", 10, 10) for i in range(6)], "thành phần"),
        ([Entry("xl/embeddings/inner.zip", 10, 10)], "tệp nén"),
        ([Entry("a.xml", 100 * MB, 90 * MB), Entry("b.xml", 100 * MB, 90 * MB)], "giải nén ra"),
    ],
)
def test_the_zip_directory_budget(entries, refused):
    limits = UploadLimits(**{**SMALL.__dict__, "max_total_bytes": 192 * MB})
    if refused is None:
        check_entries(entries, limits)
    else:
        with pytest.raises(DomainError) as error:
            check_entries(entries, limits)
        assert refused in error.value.detail


# --- hostile files -----------------------------------------------------------


def _workbook(rows: Iterable[Iterable[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for values in rows:
        sheet.append(list(values))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@functools.cache
def _base_xlsx() -> bytes:
    return _workbook([HEADER, row(1)])


def _xlsx_with(members: dict[str, Callable[[], Iterator[bytes]]]) -> bytes:
    """The small valid workbook with `members` added or replaced, each written
    in chunks so that a 150 MB member never sits in memory."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_base_xlsx())) as base,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for info in base.infolist():
            if info.filename not in members:
                archive.writestr(info, base.read(info))
        for name, chunks in members.items():
            with archive.open(name, "w", force_zip64=True) as member:
                for chunk in chunks():
                    member.write(chunk)
    return out.getvalue()


def _repeat(head: bytes, unit: bytes, total: int, tail: bytes) -> Callable[[], Iterator[bytes]]:
    def chunks() -> Iterator[bytes]:
        yield head
        block = unit * max(1, MB // len(unit))
        for _ in range(total // len(block)):
            yield block
        yield tail

    return chunks


SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _sheet(body: bytes) -> Callable[[], Iterator[bytes]]:
    return lambda: iter([SHEET_HEAD, body, b"</worksheet>"])


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def _csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def _wide_csv(columns: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER + [f"Cột {i}" for i in range(columns - len(HEADER))])
    writer.writerow(row(1) + ["x"] * (columns - len(HEADER)))
    return buffer.getvalue().encode()


def _random_wide_row(columns: int) -> list[int]:
    rng = random.Random(15)
    return [rng.randrange(10**9) for _ in range(columns)]


ENTITY_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10)
    )
    + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<si><t>&lol9;</t></si></sst>"
)


@dataclass(frozen=True)
class Hostile:
    name: str  # what it is, for the report
    filename: str
    make: Callable[[], bytes]
    status: int
    says: str  # a word of the Vietnamese refusal


HOSTILE = [
    Hostile(
        "shared strings expanding to 160 MB",
        "bom-chuoi.xlsx",
        lambda: _xlsx_with(
            {
                "xl/sharedStrings.xml": _repeat(
                    b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
                    b'spreadsheetml/2006/main">',
                    b"<si><t>" + b"A" * 1000 + b"</t></si>",
                    160 * MB,
                    b"</sst>",
                )
            }
        ),
        413,
        "nén",
    ),
    Hostile(
        "one row of 10 M cells (150 MB of sheet XML)",
        "mot-dong.xlsx",
        lambda: _xlsx_with(
            {
                "xl/worksheets/sheet1.xml": _repeat(
                    SHEET_HEAD + b'<sheetData><row r="1">',
                    b"<c><v>1</v></c>",
                    150 * MB,
                    b"</row></sheetData></worksheet>",
                )
            }
        ),
        413,
        "nén",
    ),
    Hostile(
        "10 M cells declared by the dimension",
        "khai-bao.xlsx",
        lambda: _xlsx_with(
            {
                "xl/worksheets/sheet1.xml": _sheet(
                    b'<dimension ref="A1:XFD1048576"/><sheetData><row r="1">'
                    b'<c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
                )
            }
        ),
        413,
        "cột",
    ),
    Hostile(
        "one cell at column XFD (openpyxl pads the row)",
        "cot-xa.xlsx",
        lambda: _xlsx_with(
            {
                "xl/worksheets/sheet1.xml": _sheet(
                    b'<sheetData><row r="1"><c r="XFD1"><v>1</v></c></row></sheetData>'
                )
            }
        ),
        413,
        "cột",
    ),
    Hostile(
        "one row numbered 1,048,576 (openpyxl yields every row before it)",
        "dong-xa.xlsx",
        lambda: _xlsx_with(
            {
                "xl/worksheets/sheet1.xml": _sheet(
                    b'<sheetData><row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData>'
                )
            }
        ),
        413,
        "dòng",
    ),
    Hostile(
        "2,000 columns of random numbers (ratio and sizes pass)",
        "rong.xlsx",
        lambda: _workbook([_random_wide_row(2000)]),
        413,
        "cột",
    ),
    Hostile(
        "5,000 members in the zip",
        "nhieu-tep.xlsx",
        lambda: _xlsx_with(
            {f"customXml/item{i}.xml": (lambda: iter([b"<a/>"])) for i in range(5000)}
        ),
        413,
        "thành phần",
    ),
    Hostile(
        "a zip inside the workbook",
        "long-nhau.xlsx",
        lambda: _xlsx_with(
            {"xl/embeddings/inner.zip": lambda: iter([_zip({"a.xml": b"<a/>" * 1000})])}
        ),
        422,
        "tệp nén",
    ),
    Hostile(
        "a zip disguised as an XML member",
        "long-nhau-an.xlsx",
        lambda: _xlsx_with({"xl/media/image1.xml": lambda: iter([_zip({"a.xml": b"<a/>"})])}),
        422,
        "tệp nén",
    ),
    Hostile(
        "a member compressed 1:1000 (40 MB of spaces)",
        "ti-le.xlsx",
        lambda: _xlsx_with({"docProps/custom.xml": _repeat(b"<a>", b" " * 1024, 40 * MB, b"</a>")}),
        413,
        "tỷ lệ",
    ),
    Hostile(
        "an XML entity bomb in the shared strings",
        "thuc-the.xlsx",
        lambda: _xlsx_with({"xl/sharedStrings.xml": lambda: iter([ENTITY_BOMB])}),
        422,
        "DTD",
    ),
    Hostile("a CSV of 2,000 columns", "rong.csv", lambda: _wide_csv(2000), 413, "cột"),
    Hostile("a CSV of 1,601 columns", "rong-1601.csv", lambda: _wide_csv(1601), 413, "cột"),
    Hostile(
        "a 50 MB line",
        "dong-dai.csv",
        lambda: ",".join(HEADER).encode() + b"\n" + b"9" * (50 * MB),
        413,
        "dòng dài",
    ),
    Hostile(
        "Latin-1 text",
        "latin1.csv",
        lambda: _csv("Name;Ort\nÄrger;Straße\n", "latin-1"),
        422,
        "bảng mã",
    ),
    Hostile(
        "UTF-8 broken after the first 256 KB",
        "utf8-hong.csv",
        lambda: csv_file([row(i) for i in range(1, 3000)]).getvalue() + b"\xff\xfe\xfa\n",
        422,
        "bảng mã utf-8",
    ),
    Hostile(
        "UTF-32 (read as UTF-16, full of NULs)",
        "utf32.csv",
        lambda: _csv(",".join(HEADER) + "\n", "utf-32-le"),
        422,
        "NUL",
    ),
    Hostile("a PNG named .xlsx", "anh.xlsx", lambda: PNG + os.urandom(2000), 422, "ảnh PNG"),
    Hostile("an XLSX named .csv", "bang-tinh.csv", _base_xlsx, 422, "đuôi"),
    Hostile("a PDF named .csv", "bien-ban.csv", lambda: b"%PDF-1.7\n" + b"0" * 100, 422, "PDF"),
    Hostile(
        "an Excel 97 file",
        "cu.xls",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
        422,
        ".xls",
    ),
    Hostile(
        "an encrypted or OLE2 file named .xlsx",
        "mat-khau.xlsx",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
        422,
        ".xls",
    ),
]


@functools.cache
def _content(hostile: Hostile) -> bytes:
    return hostile.make()


@pytest.mark.parametrize("hostile", HOSTILE, ids=[h.filename for h in HOSTILE])
def test_each_hostile_file_is_refused_before_parsing(hostile: Hostile):
    content = _content(hostile)
    started = time.perf_counter()
    with pytest.raises(DomainError) as refused:
        inspect_upload(io.BytesIO(content), hostile.filename, VOTER_LIST)
    assert time.perf_counter() - started < SECONDS_PER_FILE
    assert refused.value.status_code == hostile.status, refused.value.detail
    assert hostile.says.lower() in refused.value.detail.lower()


def test_a_register_file_over_its_own_limit_names_the_limit():
    content = b"a,b\n" + b"1,2\n" * (REGISTER.max_bytes // 4 + 1)
    with pytest.raises(PayloadTooLarge) as refused:
        inspect_upload(io.BytesIO(content), "don-vi.csv", REGISTER)
    assert "8 MB" in refused.value.detail


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_ordinary_exports_pass(encoding):
    rows = [row(i, "Lê Thị Hồng Phượng") for i in range(1, 200)]
    if encoding == "cp1258":
        content = to_cp1258(csv_file(rows).getvalue().decode())
    else:
        content = csv_file(rows, encoding).getvalue()
    assert inspect_upload(io.BytesIO(content), "ds.csv", VOTER_LIST) == "csv"
    workbook = _workbook([HEADER] + [row(i) for i in range(1, 200)])
    assert inspect_upload(io.BytesIO(workbook), "ds.xlsx", VOTER_LIST) == "xlsx"


# --- the real server ---------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _process_tree(pid: int) -> list[int]:
    """The process and its descendants, from /proc (one worker has none)."""
    found = [pid]
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in children.read_text().split():
            found += _process_tree(int(child))
    return found


def _peak_memory(pid: int) -> int:
    """The largest peak resident size (VmHWM) of the server and its children, in bytes."""
    peaks = []
    for each in _process_tree(pid):
        status = Path(f"/proc/{each}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
        peaks.append(int(line.split()[1]) * 1024)
    return max(peaks)


class HealthWatch:
    """Asks /api/v1/health every 50 ms from a thread of its own and keeps the
    slowest answers."""

    def __init__(self, url: str):
        self.url = url
        self.worst = 0.0
        self.latencies: list[float] = []
        self.calls = 0
        self.failures: list[str] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(timeout=10) as client:
            while not self.stopping.is_set():
                started = time.perf_counter()
                try:
                    status = client.get(self.url + "/api/v1/health").status_code
                except httpx.HTTPError as error:
                    status = 0
                    self.failures.append(repr(error))
                elapsed = time.perf_counter() - started
                self.calls += 1
                self.worst = max(self.worst, elapsed)
                self.latencies.append(elapsed)
                if status != 200:
                    self.failures.append(f"health answered {status}")
                self.stopping.wait(0.05)

    def __enter__(self) -> HealthWatch:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stopping.set()
        self.thread.join(15)

    def slow_calls(self, budget: float) -> list[float]:
        return sorted(t for t in self.latencies if t >= budget)


def _start_server(database: str) -> tuple[subprocess.Popen[bytes], str, Path]:
    port = _free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / f"hostile-uploads-{os.getpid()}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "election", "serve", "--workers", "1"],
            env={
                **os.environ,
                "ELECTION_DATABASE_URL": database,
                "ELECTION_SECRET_KEY": "hostile-test-secret-" + "z" * 32,
                "ELECTION_PORT": str(port),
            },
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=PROJECT_ROOT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            if httpx.get(url + "/api/v1/health/ready", timeout=2).status_code == 200:
                return process, url, log_path
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the server did not start; see {log_path}")
        time.sleep(0.2)


@pytest.fixture
def hostile_files() -> list[tuple[Hostile, bytes]]:
    # Made before the server is watched: the test's own CPU must not count.
    return [(hostile, _content(hostile)) for hostile in HOSTILE]


async def test_the_server_refuses_every_hostile_file_and_stays_responsive(
    clean_db, hostile_files, capsys
):
    election, national, *_ = await make_structure(FUTURE_ELECTION_DAY)
    await make_user(username="quantri.upload", password=PASSWORD)
    large_workbook = _workbook(
        [HEADER] + [row(i, area=1 + i % 3) for i in range(1, LARGE_ROWS + 1)]
    )
    process, url, log_path = _start_server(clean_db)
    voters_path = f"/api/v1/elections/{election.id}/communes/{BAC_LIEU}/imports/voters"
    contest = national.id
    results: list[tuple[str, str, int, float]] = []
    try:
        async with httpx.AsyncClient(base_url=url, timeout=60) as client:
            response = await client.post(
                "/api/v1/auth/token", json={"username": "quantri.upload", "password": PASSWORD}
            )
            assert response.status_code == 201, response.text
            auth = {"Authorization": f"Bearer {response.json()['access_token']}"}
            # The route reaches the checks: an ordinary file is staged.
            ordinary = csv_file([row(1), row(2)]).getvalue()
            response = await client.post(
                voters_path, files={"file": ("ds.csv", ordinary, "text/csv")}, headers=auth
            )
            assert response.status_code == 201, response.text
            with HealthWatch(url) as health:
                for hostile, content in hostile_files:
                    started = time.perf_counter()
                    response = await client.post(
                        voters_path,
                        files={"file": (hostile.filename, content, "application/octet-stream")},
                        headers=auth,
                    )
                    elapsed = time.perf_counter() - started
                    results.append((hostile.name, "voters", response.status_code, elapsed))
                    assert response.status_code == hostile.status, (hostile.name, response.text)
                    assert hostile.says.lower() in response.json()["detail"].lower()
                    assert elapsed < SECONDS_PER_FILE, hostile.name
                await _registers_and_json(client, auth, contest, results)
            # A burst: the one worker then has twenty requests of its own to
            # serve on the loop (bodies, sign-in, transactions), so health
            # waits its turn; the bound shows it is never held for long.
            with HealthWatch(url) as during_burst:
                await _all_at_once(client, auth, voters_path, hostile_files, results)
            # An ordinary but large workbook is parsed off the loop too. Its
            # SQL checks keep PostgreSQL's parallel workers busy on both cores,
            # so here the bound only shows the loop never waits for the parse.
            with HealthWatch(url) as during_large:
                started = time.perf_counter()
                response = await client.post(
                    voters_path,
                    files={"file": ("ds-lon.xlsx", large_workbook, "application/octet-stream")},
                    headers=auth,
                )
                large_seconds = time.perf_counter() - started
            assert response.status_code == 201, response.text
            assert response.json()["total_rows"] == LARGE_ROWS
        memory = _peak_memory(process.pid)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    with capsys.disabled():
        print(
            f"\nhostile uploads: {len(results)} requests ({len(HOSTILE)} files), "
            f"slowest answer {max(r[3] for r in results):.2f} s, worst health latency "
            f"{health.worst * 1000:.0f} ms over {health.calls} calls, "
            f"server peak memory {memory / MB:.0f} MB; all {len(HOSTILE)} sent at once: worst "
            f"health latency {during_burst.worst * 1000:.0f} ms; a {LARGE_ROWS}-row workbook staged in "
            f"{large_seconds:.1f} s, worst health latency meanwhile "
            f"{during_large.worst * 1000:.0f} ms"
        )
    assert not health.failures, health.failures[:5]
    # A file parsed on the loop would hold a health check for each such file;
    # one slow answer alone is the other test process taking the cores.
    slow = health.slow_calls(HEALTH_BUDGET)
    assert len(slow) <= 1, f"health waited {', '.join(f'{t:.3f}' for t in slow)} s"
    assert during_burst.worst < BURST_HEALTH_BUDGET, f"health waited {during_burst.worst:.3f} s"
    assert during_large.worst < large_seconds / 2, f"health waited {during_large.worst:.3f} s"
    assert memory < MEMORY_BUDGET, f"server peak memory {memory / MB:.0f} MB; see {log_path}"


async def _all_at_once(
    client: httpx.AsyncClient,
    auth: dict[str, str],
    path: str,
    hostile_files: list[tuple[Hostile, bytes]],
    results: list[tuple[str, str, int, float]],
) -> None:
    """Every hostile file sent at the same moment: each still refused in seconds."""

    async def send(hostile: Hostile, content: bytes) -> None:
        started = time.perf_counter()
        response = await client.post(
            path,
            files={"file": (hostile.filename, content, "application/octet-stream")},
            headers=auth,
        )
        elapsed = time.perf_counter() - started
        results.append((hostile.name, "voters, all at once", response.status_code, elapsed))
        assert response.status_code == hostile.status, (hostile.name, response.text)
        assert elapsed < SECONDS_PER_FILE, hostile.name

    await asyncio.gather(*(send(hostile, content) for hostile, content in hostile_files))


async def _registers_and_json(
    client: httpx.AsyncClient,
    auth: dict[str, str],
    contest: int,
    results: list[tuple[str, str, int, float]],
) -> None:
    """The small registers' upload (units) and deeply nested JSON bodies."""
    path = f"/api/v1/contests/{contest}/imports/units"
    for filename, content, status in [
        ("mot-dong.xlsx", _content(HOSTILE[1]), 413),
        ("rong.csv", _wide_csv(2000), 413),
        ("lon.csv", b"a,b\n" + b"1,2\n" * (REGISTER.max_bytes // 4 + 1), 413),
        ("qua-lon.csv", b"a,b\n" + b"1" * (12 * MB), 413),  # over the body limit
        ("anh.xlsx", PNG, 422),
    ]:
        started = time.perf_counter()
        response = await client.post(
            path, files={"file": (filename, content, "text/csv")}, headers=auth
        )
        results.append((filename, "units", response.status_code, time.perf_counter() - started))
        assert response.status_code == status, (filename, response.text)
        assert response.json()["detail"]
    for body in (b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 20_000 + b"1" + b"}" * 20_000):
        for headers in ({}, auth):
            started = time.perf_counter()
            response = await client.post(
                "/api/v1/auth/token",
                content=body,
                headers={**headers, "Content-Type": "application/json"},
            )
            results.append(("nested JSON", "token", response.status_code, 0.0))
            assert response.status_code == 400, response.text
            assert "lồng nhau" in response.json()["detail"]


async def test_deeply_nested_json_is_a_400_on_every_api_route(app, client, capsys):
    from tests.test_no_500 import routes

    await make_user(username="quantri.json", password=PASSWORD)
    headers = await bearer(client, "quantri.json")
    bodies = [b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 20_000 + b"1" + b"}" * 20_000]
    failures, refused_as_nested = [], 0
    for method, path in routes(app, api=True):
        if method in ("GET", "DELETE"):
            continue
        for body in bodies:
            response = await client.request(
                method, path, content=body, headers={**headers, "Content-Type": "application/json"}
            )
            if response.status_code >= 500:
                failures.append(f"{method} {path}: {response.status_code}")
            elif response.status_code == 400 and "lồng nhau" in response.json()["detail"]:
                refused_as_nested += 1
    with capsys.disabled():
        print(f"\nnested JSON: {refused_as_nested} requests refused as too deep, no 500")
    assert failures == []
    assert refused_as_nested > 20


def test_a_sheet_of_other_elements_costs_no_more_than_a_full_one():
    """Every element counts: 20,000 unknown elements exceed the small budget
    (8 per allowed cell, 2 per allowed row, 10,000 more)."""
    sheet = _sheet(b"<sheetData>" + b"<x/>" * 20_000 + b"</sheetData>")
    content = _xlsx_with({"xl/worksheets/sheet1.xml": sheet})
    with pytest.raises(FileOverBudget) as refused:
        inspect_upload(
            io.BytesIO(content), "x.xlsx", UploadLimits(**{**SMALL.__dict__, "max_entries": 20})
        )
    assert "phần tử XML" in refused.value.detail


@pytest.mark.parametrize(
    "hostile", [HOSTILE[3], HOSTILE[11], HOSTILE[17]], ids=lambda h: h.filename
)
async def test_the_voter_import_page_shows_the_refusal(client, hostile: Hostile):
    """The page re-renders with the Vietnamese reason (no 500, no batch)."""
    from election import db
    from election.actor import Role
    from tests.builders import login_page

    election, *_ = await make_structure(FUTURE_ELECTION_DAY)
    await make_user(Role.COMMUNE_STAFF, username="clerk.upload")
    await login_page(client, "clerk.upload")
    await client.get(f"/elections/{election.id}/communes/{BAC_LIEU}/voters")
    response = await client.post(
        f"/elections/{election.id}/communes/{BAC_LIEU}/voters/import",
        data={"_csrf_token": client.cookies.get("csrftoken")},
        files={"file": (hostile.filename, _content(hostile), "application/octet-stream")},
        follow_redirects=False,
    )
    assert response.status_code == 422
    assert hostile.says.lower() in response.text.lower()
    assert await db.fetchval("SELECT count(*) FROM import_batch") == 0
