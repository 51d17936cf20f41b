"""Streaming readers for CSV and XLSX files, with text-encoding detection.

Exports from the population database arrive as UTF-8 (with or without BOM),
UTF-16 or Windows-1258 (which writes tone marks as separate combining
characters). Anything else is refused with a clear message rather than read
as garbage. Rows are yielded one at a time so memory stays bounded.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Generator
from dataclasses import dataclass
from typing import IO, BinaryIO

from openpyxl import Workbook, load_workbook

from election.errors import InvalidInput

SAMPLE_BYTES = 256 * 1024
# Letters that only Vietnamese text uses; their presence confirms Windows-1258.
_VIETNAMESE_MARKS = set("ăâđêôơưĂÂĐÊÔƠƯ") | {chr(c) for c in (0x300, 0x301, 0x303, 0x309, 0x323)}


class UnreadableFile(InvalidInput):
    problem = "unreadable-file"
    title = "Không đọc được tệp"


@dataclass(frozen=True)
class Row:
    number: int  # 1-based line or sheet row, as the user sees it (header = 1)
    values: list[str]


def detect_encoding(sample: bytes) -> str:
    """The codec of a CSV export, from its first bytes."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in sample[:4096]:
        # UTF-16 without a BOM: every other byte of ASCII text is zero.
        even_zeros = sample[0:4096:2].count(0)
        odd_zeros = sample[1:4096:2].count(0)
        if odd_zeros > even_zeros:
            return "utf-16-le"
        if even_zeros > odd_zeros:
            return "utf-16-be"
        raise UnreadableFile("Tệp có ký tự nhị phân, không phải tệp CSV văn bản.")
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        # A multi-byte character may be cut at the end of the sample.
        if error.start >= len(sample) - 3:
            return "utf-8"
    try:
        text = sample.decode("cp1258")
    except UnicodeDecodeError:
        text = ""
    if text and any(ch in _VIETNAMESE_MARKS for ch in text):
        return "cp1258"
    raise UnreadableFile(
        "Không nhận diện được bảng mã của tệp. Hãy lưu tệp CSV dưới dạng UTF-8 "
        "(hoặc UTF-16, Windows-1258)."
    )


def clean_cell(value: object) -> str:
    """Cell text in NFC, trimmed; numbers from spreadsheets lose a trailing '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # A date typed into a spreadsheet: keep ISO form, the parsers accept it.
    if isinstance(value, dt.datetime):
        value = value.date().isoformat()
    elif isinstance(value, dt.date):
        value = value.isoformat()
    text = unicodedata.normalize("NFC", str(value))
    return text.replace("\u00a0", " ").strip()


def sniff_delimiter(first_line: str) -> str:
    """The separator a header line uses most: comma, semicolon or tab (comma if none)."""
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] > 0 else ","


def iter_csv(stream: BinaryIO) -> Generator[Row, None, None]:
    sample = stream.read(SAMPLE_BYTES)
    encoding = detect_encoding(sample)
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="", errors="strict")
    try:
        first = text.readline()
        delimiter = sniff_delimiter(first)
        reader = csv.reader(io.StringIO(first), delimiter=delimiter)
        for row in reader:
            yield Row(1, [clean_cell(v) for v in row])
        reader = csv.reader(text, delimiter=delimiter)
        for index, row in enumerate(reader, start=2):
            yield Row(index, [clean_cell(v) for v in row])
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            f"Tệp có byte không hợp lệ với bảng mã {encoding} (vị trí {error.start})."
        ) from error
    except csv.Error as error:
        raise UnreadableFile(f"Tệp CSV sai cấu trúc: {error}.") from error
    finally:
        # Hand the binary stream back to the caller (who closes it), unless it
        # is already closed.
        if not stream.closed:
            text.detach()


def open_workbook(stream: IO[bytes]) -> Workbook:
    """An .xlsx file opened to read its values row by row (the caller closes
    it), or a refusal the user understands."""
    try:
        return load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a broken file
        raise UnreadableFile(
            "Không mở được tệp Excel (.xlsx); tệp hỏng hoặc sai định dạng."
        ) from error


def iter_xlsx(stream: BinaryIO) -> Generator[Row, None, None]:
    workbook = open_workbook(stream)
    try:
        sheet = workbook.worksheets[0]
        for index, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield Row(index, [clean_cell(v) for v in values])
    finally:
        workbook.close()


def iter_rows(stream: BinaryIO, filename: str) -> Generator[Row, None, None]:
    """Rows of a CSV or XLSX file, skipping rows that are entirely empty."""
    name = filename.lower()
    head = stream.read(4)
    stream.seek(0)
    if name.endswith(".xlsx") or head.startswith(b"PK\x03\x04"):
        rows = iter_xlsx(stream)
    elif name.endswith((".csv", ".txt")) or not name:
        rows = iter_csv(stream)
    elif name.endswith(".xls"):
        raise UnreadableFile(
            "Tệp .xls (Excel 97-2003) không được hỗ trợ; hãy lưu thành .xlsx hoặc .csv."
        )
    else:
        raise UnreadableFile("Chỉ nhận tệp .csv hoặc .xlsx.")
    for row in rows:
        if any(row.values):
            yield row
