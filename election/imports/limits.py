"""Bounds on an uploaded CSV or XLSX file, checked before any parser builds rows.

A spreadsheet is a zip of XML: a 1 MB file can declare ten million cells in
one row, or shared strings that expand to gigabytes, and openpyxl (even in
read-only mode) pads every row to the sheet's declared width and loads all
shared strings at once. So before openpyxl opens a file we read the zip's
directory (entry count, uncompressed sizes, compression ratio, nested
archives) and stream each sheet's XML through expat counting rows and cells,
stopping at the first figure over the budget. A CSV streams once through the
decoder and the csv module, stopping at the first line or row over budget.

Everything here is synchronous and blocking: callers run it in a worker
thread (`anyio.to_thread`), off the event loop. Python's zipfile never
inflates an entry past the size its directory declares (it stops and fails
the CRC check), so the declared sizes are safe to trust.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import functools
import io
import re
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Literal
from xml.parsers import expat

from election.errors import PayloadTooLarge, TooManyRequests
from election.imports.readers import (
    SAMPLE_BYTES,
    UnreadableFile,
    detect_encoding,
    sniff_delimiter,
)
from forms import formatting

MB = 1024 * 1024
CHUNK = 1 << 20

FileType = Literal["csv", "xlsx"]


# At most this many uploads are checked or parsed at once in a server process;
# the others wait in their worker threads without holding the GIL. Twenty
# hostile files sent together otherwise shared the GIL twenty ways with the
# event loop, and held twenty parsers' memory.
PARSERS_AT_ONCE = 2
_parsers = threading.BoundedSemaphore(PARSERS_AT_ONCE)


PARSER_WAIT_SECONDS = 60.0


@contextlib.contextmanager
def parsing_slot() -> Iterator[None]:
    """Wait, in the worker thread, for one of the few parsing slots; refuse
    after a minute rather than let uploads pile up behind each other."""
    if not _parsers.acquire(timeout=PARSER_WAIT_SECONDS):
        raise TooManyRequests("Máy chủ đang xử lý nhiều tệp tải lên; hãy thử lại sau ít phút.")
    try:
        yield
    finally:
        _parsers.release()


def let_the_loop_run() -> None:
    """Hand the GIL to the event loop's thread, if it waits.

    A worker thread running pure Python keeps the GIL until the loop's thread
    has waited a whole switch interval (5 ms), and the loop gives the GIL up
    at each socket read or write: a health check that does a few dozen of
    them waited 370 ms while a 5,000-row workbook was read. Parsers call this
    every few hundred rows or elements (about a millisecond of work)."""
    time.sleep(0)


class FileOverBudget(PayloadTooLarge):
    """A file whose content (not its bytes on the wire) exceeds what we read."""

    problem = "file-over-budget"
    title = "Tệp quá lớn"


@dataclass(frozen=True)
class UploadLimits:
    """What one kind of upload may hold."""

    label: str  # "danh sách cử tri", in messages
    max_bytes: int
    max_rows: int
    max_columns: int
    max_cells: int
    max_line_chars: int = 64 * 1024
    # XLSX: the zip's directory and the sheet's XML.
    max_entries: int = 100
    max_entry_bytes: int = 128 * MB
    max_total_bytes: int = 192 * MB
    max_ratio: int = 100
    max_shared_strings_bytes: int = 16 * MB


# A commune's or ward's voter list: up to ~100,000 voters, a few dozen columns.
VOTER_LIST = UploadLimits(
    label="danh sách cử tri",
    max_bytes=64 * MB,
    max_rows=300_000,
    max_columns=100,
    max_cells=6_000_000,
    max_entry_bytes=256 * MB,
    max_total_bytes=320 * MB,
    max_shared_strings_bytes=64 * MB,
)
# The small registers (units, candidates, polling areas, staff): thousands of rows.
REGISTER = UploadLimits(
    label="tệp nhập dữ liệu",
    max_bytes=8 * MB,
    max_rows=200_000,
    max_columns=100,
    max_cells=2_000_000,
)

# Content that is certainly not a CSV export or an .xlsx workbook.
_OTHER_TYPES: dict[bytes, str] = {
    b"\x89PNG\r\n\x1a\n": "ảnh PNG",
    b"\xff\xd8\xff": "ảnh JPEG",
    b"GIF8": "ảnh GIF",
    b"%PDF-": "tệp PDF",
    b"\x1f\x8b": "tệp nén gzip",
    b"7z\xbc\xaf\x27\x1c": "tệp nén 7z",
    b"Rar!": "tệp nén RAR",
    b"\x7fELF": "tệp chương trình",
    b"MZ": "tệp chương trình",
}
_OLE2 = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 (.xls), or an encrypted .xlsx
_ZIP = b"PK\x03\x04"
_NESTED_ARCHIVES = (".zip", ".xlsx", ".xlsm", ".xls", ".docx", ".gz", ".7z", ".rar", ".jar")


def _megabytes(size: int) -> str:
    return f"{size / MB:.0f} MB" if size >= MB else f"{size // 1024} KB"


def _count(number: int) -> str:
    return formatting.vn_number(number)


def sniff_type(head: bytes, filename: str) -> FileType:
    """The file's type from its first bytes; the name's extension must agree."""
    name = filename.lower()
    if head.startswith(_OLE2):
        raise UnreadableFile(
            "Tệp .xls (Excel 97-2003) hoặc tệp Excel có mật khẩu không được hỗ trợ; "
            "hãy lưu thành .xlsx hoặc .csv."
        )
    for magic, kind in _OTHER_TYPES.items():
        if head.startswith(magic):
            raise UnreadableFile(f"Tệp là {kind}. Chỉ nhận tệp .csv hoặc .xlsx.")
    if head.startswith(_ZIP):
        if name and not name.endswith(".xlsx"):
            raise UnreadableFile(
                "Nội dung tệp là bảng tính Excel (.xlsx) nhưng tên tệp không có đuôi "
                ".xlsx; hãy đặt lại tên tệp cho đúng."
            )
        return "xlsx"
    if name.endswith(".xlsx"):
        raise UnreadableFile("Tệp có đuôi .xlsx nhưng nội dung không phải bảng tính Excel.")
    if name.endswith(".xls"):
        raise UnreadableFile(
            "Tệp .xls (Excel 97-2003) không được hỗ trợ; hãy lưu thành .xlsx hoặc .csv."
        )
    if name and not name.endswith((".csv", ".txt")):
        raise UnreadableFile("Chỉ nhận tệp .csv hoặc .xlsx.")
    return "csv"


def check_size(size: int, limits: UploadLimits) -> None:
    if size > limits.max_bytes:
        raise PayloadTooLarge(
            f"Tệp {limits.label} lớn {_megabytes(size)}, vượt mức cho phép "
            f"{_megabytes(limits.max_bytes)}."
        )
    if size == 0:
        raise UnreadableFile("Tệp rỗng, không có dữ liệu.")


def check_shape(rows: int, columns: int, cells: int, limits: UploadLimits) -> None:
    """Refuse a sheet or a CSV whose rows, columns (in one row) or cells exceed the budget."""
    if columns > limits.max_columns:
        raise FileOverBudget(
            f"Tệp có dòng dài {_count(columns)} cột, vượt mức {_count(limits.max_columns)} cột."
        )
    if rows > limits.max_rows:
        raise FileOverBudget(f"Tệp có quá {_count(limits.max_rows)} dòng.")
    if cells > limits.max_cells:
        raise FileOverBudget(f"Tệp có quá {_count(limits.max_cells)} ô dữ liệu.")


@dataclass(frozen=True)
class Entry:
    """What a zip's directory says of one member."""

    name: str
    size: int  # uncompressed
    compressed: int


def check_entries(entries: list[Entry], limits: UploadLimits) -> None:
    """Refuse a zip whose directory announces a bomb: too many members, a
    member or a total too large once inflated, a suspicious ratio, or an
    archive inside the archive."""
    if len(entries) > limits.max_entries:
        raise FileOverBudget(
            f"Tệp Excel có {_count(len(entries))} thành phần, vượt mức {limits.max_entries}."
        )
    total = 0
    for entry in entries:
        name = entry.name.lower()
        if name.endswith(_NESTED_ARCHIVES):
            raise UnreadableFile("Tệp Excel chứa tệp nén hoặc tệp nhúng bên trong; hãy bỏ chúng.")
        cap = (
            limits.max_shared_strings_bytes
            if name.endswith("sharedstrings.xml")
            else limits.max_entry_bytes
        )
        if entry.size > cap:
            raise FileOverBudget(
                f"Tệp Excel có thành phần {entry.name} giải nén ra {_megabytes(entry.size)}, "
                f"vượt mức {_megabytes(cap)}."
            )
        # Small members compress extremely well without harm; large ones may not.
        if entry.size > MB and entry.size > limits.max_ratio * max(entry.compressed, 1):
            raise FileOverBudget(
                f"Tệp Excel có thành phần {entry.name} nén với tỷ lệ bất thường "
                f"(1:{entry.size // max(entry.compressed, 1)}); tệp có thể là bom nén."
            )
        total += entry.size
    if total > limits.max_total_bytes:
        raise FileOverBudget(
            f"Tệp Excel giải nén ra {_megabytes(total)}, vượt mức "
            f"{_megabytes(limits.max_total_bytes)}."
        )


_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})")


def column_number(letters: str) -> int:
    """1 for A, 26 for Z, 27 for AA, 16384 for XFD."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def cell_position(ref: str) -> tuple[int, int] | None:
    """(row, column) of an A1 reference, or None if it is not one."""
    match = _CELL_REF.fullmatch(ref.strip())
    if match is None:
        return None
    return int(match.group(2)), column_number(match.group(1))


def dimension_shape(ref: str) -> tuple[int, int] | None:
    """(rows, columns) a `<dimension ref="A1:XFD1048576">` declares, or None if unreadable."""
    corners = [cell_position(part) for part in ref.split(":")]
    if not corners or any(c is None for c in corners) or len(corners) > 2:
        return None
    rows = [c[0] for c in corners if c]
    columns = [c[1] for c in corners if c]
    return max(rows) - min(rows) + 1, max(columns) - min(columns) + 1


def _local(tag: str) -> str:
    return tag.rsplit(":", 1)[-1]


@functools.lru_cache(maxsize=4096)
def _column_of(ref: str) -> int:
    """The column of a cell reference like "L40001" (0 if none); cached, since
    a sheet repeats the same few column letters on every row."""
    letters = ref.rstrip("0123456789")
    if not letters or len(letters) > 3 or not letters.isalpha() or not letters.isascii():
        return 0
    return column_number(letters)


def _too_many_elements(limit: int) -> FileOverBudget:
    return FileOverBudget(
        f"Tệp Excel có quá {_count(limit)} phần tử XML trong một thành phần; "
        "tệp không phải bảng dữ liệu hợp lệ."
    )


class _SheetCounter:
    """Counts one worksheet's rows and cells as expat streams it; raises at the budget.

    openpyxl pads rows up to the highest column a reference names and emits
    empty rows for every row number skipped, so the references count, not
    only the elements present. Every element counts against a budget too,
    so that a sheet of millions of other elements costs no more time than
    a full one. This runs once per element: it is kept short."""

    def __init__(self, limits: UploadLimits):
        self.limits = limits
        self.rows = 0
        self.cells = 0
        self.row_cells = 0
        self.elements = 0
        self.max_elements = 8 * limits.max_cells + 2 * limits.max_rows + 10_000

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.elements += 1
        if not self.elements & 511:
            let_the_loop_run()
        if tag == "c" or tag.endswith(":c"):
            self.cells += 1
            self.row_cells += 1
            ref = attributes.get("r")
            column = _column_of(ref) if ref else 0
            width = column if column > self.row_cells else self.row_cells
            if width > self.limits.max_columns or self.cells > self.limits.max_cells:
                check_shape(self.rows, width, self.cells, self.limits)
        elif tag == "row" or tag.endswith(":row"):
            self.row_cells = 0
            number = attributes.get("r", "")
            self.rows = max(self.rows + 1, int(number) if number.isdigit() else 0)
            check_shape(self.rows, 0, self.cells, self.limits)
        elif _local(tag) == "dimension":
            self._check_dimension(attributes.get("ref", ""))
        if self.elements > self.max_elements:
            raise _too_many_elements(self.max_elements)

    def _check_dimension(self, ref: str) -> None:
        shape = dimension_shape(ref)
        if shape is None:
            return
        rows, columns = shape
        try:
            check_shape(rows, columns, rows * columns, self.limits)
        except FileOverBudget as error:
            raise FileOverBudget(
                f"Bảng tính khai báo vùng dữ liệu {ref[:40]} ({_count(rows)} dòng × "
                f"{_count(columns)} cột), vượt mức cho phép: {error.detail} Hãy xóa "
                "các dòng, cột trống thừa rồi lưu lại."
            ) from error


class _SharedStringsCounter:
    """Counts the strings (`si`) of the shared strings, and the elements of
    any other XML member, against the budget."""

    def __init__(self, limits: UploadLimits):
        self.limits = limits
        self.strings = 0
        self.elements = 0
        self.max_elements = 16 * limits.max_cells + 10_000

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.elements += 1
        if not self.elements & 511:
            let_the_loop_run()
        if tag == "si" or tag.endswith(":si"):
            self.strings += 1
            if self.strings > self.limits.max_cells:
                raise FileOverBudget(
                    f"Tệp Excel có quá {_count(self.limits.max_cells)} chuỗi văn bản."
                )
        if self.elements > self.max_elements:
            raise _too_many_elements(self.max_elements)


def _refuse_doctype(*_: object) -> None:
    # Office never writes a DTD; one in a workbook can only be an entity bomb.
    raise UnreadableFile("Tệp Excel có khai báo DTD, không phải tệp Excel hợp lệ.")


def _stream_xml(head: bytes, member: IO[bytes], start_handler: object) -> None:
    parser = expat.ParserCreate()
    parser.StartElementHandler = start_handler  # pyright: ignore[reportAttributeAccessIssue]
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    try:
        parser.Parse(head, False)
        for chunk in iter(lambda: member.read(CHUNK), b""):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise UnreadableFile("Tệp Excel hỏng: nội dung XML không đọc được.") from error


def check_xlsx(stream: IO[bytes], limits: UploadLimits) -> None:
    """Refuse an .xlsx whose zip or worksheets exceed `limits`, reading at most
    the declared bytes of each sheet once, with constant memory."""
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
            check_entries([Entry(i.filename, i.file_size, i.compress_size) for i in infos], limits)
            for info in infos:
                name = info.filename.lower()
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    counter: _SheetCounter | _SharedStringsCounter = _SheetCounter(limits)
                elif name.endswith("sharedstrings.xml"):
                    counter = _SharedStringsCounter(limits)
                elif name.endswith(".xml") or name.endswith(".rels"):
                    counter = _SharedStringsCounter(limits)  # only the DTD refusal matters
                else:
                    continue
                with archive.open(info) as member:
                    head = member.read(4)
                    if head.startswith(_ZIP):
                        raise UnreadableFile("Tệp Excel chứa tệp nén bên trong; hãy bỏ chúng.")
                    _stream_xml(head, member, counter.start)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as error:
        raise UnreadableFile(
            "Không mở được tệp Excel (.xlsx); tệp hỏng hoặc sai định dạng."
        ) from error
    finally:
        stream.seek(0)


def _decoded_lines(stream: IO[bytes], encoding: str, limits: UploadLimits) -> Iterator[str]:
    """The text's lines (newline kept), refusing a line longer than the budget
    before it is ever held whole."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    carry = ""
    position = 0
    while True:
        chunk = stream.read(CHUNK)
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as error:
            raise UnreadableFile(
                f"Tệp có byte không hợp lệ với bảng mã {encoding} "
                f"(khoảng byte {_count(position + error.start)}). Hãy lưu tệp CSV dưới "
                "dạng UTF-8."
            ) from error
        position += len(chunk)
        if "\x00" in text:
            raise UnreadableFile("Tệp có ký tự nhị phân (NUL), không phải tệp CSV văn bản.")
        lines = (carry + text).split("\n")
        carry = lines.pop()
        for line in lines:
            if len(line) > limits.max_line_chars:
                raise _long_line(limits)
            yield line + "\n"
        if len(carry) > limits.max_line_chars:
            raise _long_line(limits)
        if not chunk:
            break
    if carry:
        yield carry


def _long_line(limits: UploadLimits) -> FileOverBudget:
    return FileOverBudget(
        f"Tệp CSV có dòng dài hơn {_count(limits.max_line_chars)} ký tự; "
        "tệp không phải danh sách hợp lệ."
    )


def check_csv(stream: IO[bytes], limits: UploadLimits) -> str:
    """Refuse a CSV that is not text in a known encoding, or whose lines, rows,
    columns or cells exceed `limits`; returns its encoding."""
    stream.seek(0)
    encoding = detect_encoding(stream.read(SAMPLE_BYTES))
    stream.seek(0)
    lines = _decoded_lines(stream, encoding, limits)
    rows = 0
    try:
        first = next(lines, "")
        delimiter = sniff_delimiter(first.lstrip("\ufeff"))
        cells = 0
        for rows, row in enumerate(csv.reader(_chain(first, lines), delimiter=delimiter), 1):
            cells += len(row)
            if not rows & 255:
                let_the_loop_run()
            check_shape(rows, len(row), cells, limits)
    except csv.Error as error:
        raise UnreadableFile(f"Tệp CSV sai cấu trúc sau dòng {rows}.") from error
    finally:
        stream.seek(0)
    return encoding


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def inspect_upload(stream: IO[bytes], filename: str, limits: UploadLimits) -> FileType:
    """Check an upload against `limits` before it is parsed: size, type by
    content, then the zip and sheets of an .xlsx or the lines of a CSV.
    Blocking: run it in a worker thread."""
    stream.seek(0, io.SEEK_END)
    check_size(stream.tell(), limits)
    stream.seek(0)
    file_type = sniff_type(stream.read(8), filename)
    stream.seek(0)
    if file_type == "xlsx":
        check_xlsx(stream, limits)
    else:
        check_csv(stream, limits)
    return file_type
