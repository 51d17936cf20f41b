"""Reading an export into the batch's raw table, as PostgreSQL's own CSV parser
(COPY) reads it: transcoded on the fly from UTF-16 or Windows-1258 when
needed, composed to NFC; XLSX rows stream through openpyxl, in a worker
thread, to a temporary CSV that COPY reads. Python never holds more than a
chunk of the file, and the file is checked against `VOTER_LIST`'s limits
(size, type by content, zip and sheet shape, line length) before any of it."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import tempfile
import unicodedata
from collections.abc import AsyncIterator
from typing import IO

import anyio.to_thread
import asyncpg

from election import db
from election.imports.limits import (
    VOTER_LIST,
    FileOverBudget,
    FileType,
    inspect_upload,
    let_the_loop_run,
    parsing_slot,
)
from election.imports.mapping import ColumnMap, map_columns
from election.imports.readers import (
    SAMPLE_BYTES,
    UnreadableFile,
    clean_cell,
    detect_encoding,
    open_workbook,
    sniff_delimiter,
)
from election.voters.bulk.columns import VOTER_COLUMNS
from election.voters.queries.batch import SCHEMA, lay_out_file, raw_columns, raw_table

CHUNK = 1 << 20


class _Utf8Stream:
    """The file as NFC UTF-8, chunk by chunk (BOM dropped).

    Composing here, in C-speed chunks, spares PostgreSQL a normalize() per
    field (Windows-1258 exports write tone marks as separate characters). A
    chunk ends before its last base character, so a base letter and its
    combining marks are never split between two chunks.
    """

    def __init__(self, stream: IO[bytes], encoding: str):
        self.stream = stream
        self.encoding = encoding
        self.decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        self.digest = hashlib.sha256()
        self.carry = ""
        self.first = True

    def _decode(self, chunk: bytes, final: bool) -> str:
        try:
            return self.decoder.decode(chunk, final=final)
        except UnicodeDecodeError as error:
            raise UnreadableFile(
                f"Tệp có byte không hợp lệ với bảng mã {self.encoding}."
            ) from error

    def _next(self) -> tuple[bytes, bool]:
        """The next chunk as NFC UTF-8, and whether it is the last."""
        chunk = self.stream.read(CHUNK)
        self.digest.update(chunk)
        final = not chunk
        text = self.carry + self._decode(chunk, final)
        if self.first:
            text = text.removeprefix("\ufeff")
            self.first = False
        if final:
            self.carry = ""
        else:
            cut = len(text)
            while cut > 0 and unicodedata.combining(text[cut - 1]):
                cut -= 1
            cut = max(cut - 1, 0)
            text, self.carry = text[:cut], text[cut:]
        if text and not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        return text.encode("utf-8"), final

    async def chunks(self) -> AsyncIterator[bytes]:
        """The chunks for COPY; each is read, decoded and composed in a
        worker thread, so a large file never holds the event loop."""
        self.carry = ""
        self.first = True
        while True:
            data, final = await anyio.to_thread.run_sync(self._next)
            if data:
                yield data
            if final:
                return


def _csv_header(stream: IO[bytes]) -> tuple[str, str, list[str]]:
    """The encoding, the separator and the header of a CSV export."""
    sample = stream.read(SAMPLE_BYTES)
    stream.seek(0)
    encoding = detect_encoding(sample)
    if encoding == "utf-8-sig":
        encoding = "utf-8"
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(sample)
    first_line = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    if not first_line:
        raise UnreadableFile("Tệp không có dữ liệu.")
    delimiter = sniff_delimiter(first_line)
    header = next(csv.reader(io.StringIO(first_line), delimiter=delimiter))
    return encoding, delimiter, [clean_cell(h) for h in header]


def _copy_error(error: asyncpg.PostgresError) -> UnreadableFile:
    """PostgreSQL's complaint about a CSV's structure, in Vietnamese, with its line."""
    context = str(error.as_dict().get("context", "") or "")
    match = re.search(r"line (\d+)", context)
    line = f" ở dòng {match.group(1)}" if match else ""
    detail = str(error).split("\n")[0]
    reasons = {
        "extra data after last expected column": "thừa cột so với dòng tiêu đề",
        "missing data for column": "thiếu cột so với dòng tiêu đề",
        "unterminated CSV quoted field": "dấu ngoặc kép không đóng",
    }
    reason = next((vi for en, vi in reasons.items() if en in detail), "sai cấu trúc")
    return UnreadableFile(f"Tệp CSV sai cấu trúc{line}: {reason}.")


async def load_file(batch_id: int, stream: IO[bytes], filename: str) -> tuple[ColumnMap, str]:
    """Lay out the batch's raw table for the file and fill it; returns how the
    file's columns map to the fields, and the file's SHA-256. The file is
    checked against the voter list's limits first, off the event loop."""
    file_type = await anyio.to_thread.run_sync(_inspect, stream, filename)
    if file_type == "xlsx":
        return await _load_xlsx(batch_id, stream)
    encoding, delimiter, header = _csv_header(stream)
    columns = map_columns(header, VOTER_COLUMNS)
    await lay_out_file(batch_id, columns.positions, len(header))
    source = _Utf8Stream(stream, encoding)
    async with db.connection() as conn:
        try:
            await conn.copy_to_table(
                raw_table(batch_id),
                schema_name=SCHEMA,
                source=source.chunks(),
                columns=raw_columns(len(header)),
                format="csv",
                header=True,
                delimiter=delimiter,
            )
        except asyncpg.PostgresError as error:
            raise _copy_error(error) from error
    return columns, source.digest.hexdigest()


def _inspect(stream: IO[bytes], filename: str) -> FileType:
    with parsing_slot():
        return inspect_upload(stream, filename, VOTER_LIST)


def _xlsx_to_csv(stream: IO[bytes], spool: IO[bytes]) -> tuple[str, list[str]]:
    """The workbook's SHA-256 and header; its other rows go to `spool` as CSV
    (UTF-8, every field quoted so empty cells stay empty strings), cut to the
    header's width. Blocking: openpyxl parses in a worker thread, and the rows
    go to disk, not memory."""
    with parsing_slot():
        return _xlsx_rows_to_csv(stream, spool)


def _xlsx_rows_to_csv(stream: IO[bytes], spool: IO[bytes]) -> tuple[str, list[str]]:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
    stream.seek(0)
    workbook = open_workbook(stream)
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [clean_cell(v) for v in next(rows, ())]
        if not any(header):
            raise UnreadableFile("Tệp không có dữ liệu.")
        width = len(header)
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
        writer = csv.writer(text, quoting=csv.QUOTE_ALL)
        for count, values in enumerate(rows, start=2):
            if count > VOTER_LIST.max_rows:  # the sheet was checked; this is a backstop
                raise FileOverBudget(f"Tệp có quá {VOTER_LIST.max_rows} dòng.")
            cells = [clean_cell(v) for v in values[:width]]
            writer.writerow(cells + [""] * (width - len(cells)))
            if not count & 7:
                let_the_loop_run()
        text.flush()
        text.detach()
        spool.seek(0)
    finally:
        workbook.close()
    return digest.hexdigest(), header


async def _chunks_of(spool: IO[bytes]) -> AsyncIterator[bytes]:
    while chunk := await anyio.to_thread.run_sync(spool.read, CHUNK):
        yield chunk


async def _load_xlsx(batch_id: int, stream: IO[bytes]) -> tuple[ColumnMap, str]:
    with tempfile.TemporaryFile() as spool:
        sha256, header = await anyio.to_thread.run_sync(_xlsx_to_csv, stream, spool)
        columns = map_columns(header, VOTER_COLUMNS)
        await lay_out_file(batch_id, columns.positions, len(header))
        async with db.connection() as conn:
            await conn.copy_to_table(
                raw_table(batch_id),
                schema_name=SCHEMA,
                source=_chunks_of(spool),
                columns=raw_columns(len(header)),
                format="csv",
            )
    return columns, sha256
