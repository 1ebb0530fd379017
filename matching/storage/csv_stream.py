"""Streaming, forgiving CSV reading for listing uploads.

A bad record never stops a file. The reader works on bytes, one physical line at a time, so a
50,000-row upload is never held in memory whole, and it survives what real uploads contain:
non-UTF-8 bytes (that row is reported, the next rows go on), a quote that is never closed (reported,
and the reader resynchronises on the next line), and rows with too many or too few values.
"""

from __future__ import annotations

import csv
import io
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from features.validation import FieldError
from matching.errors import InputError

MAX_RECORD_LINES = 50  # a quoted field may hold newlines, but an unclosed quote must not eat the file
MAX_LINE_BYTES = 1_000_000  # one physical line longer than this is rejected, not buffered


@dataclass
class CsvRecord:
    """One data record: ``row`` is the 1-based data row, ``line`` the physical line it starts on."""

    row: int
    line: int
    values: dict[str, str] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)


def _decode(raw: bytes) -> tuple[str, bool]:
    try:
        return raw.decode("utf-8"), True
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace"), False


def _lines(stream: IO[bytes]) -> Iterator[tuple[int, str, bool]]:
    """(line number, text, was valid UTF-8) for each physical line; a BOM on line 1 is dropped."""
    for number, raw in enumerate(stream, start=1):
        if len(raw) > MAX_LINE_BYTES:
            yield number, "", False
            continue
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        text, ok = _decode(raw.rstrip(b"\r\n"))
        yield number, text, ok


def _parse(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text), strict=True), [])


def read_header(lines: Iterator[tuple[int, str, bool]], required: Iterable[str], expected: Iterable[str],
                source: str) -> list[str]:
    for _, text, ok in lines:
        if not text.strip():
            continue
        if not ok:
            raise InputError("the header line is not UTF-8 text; save the file as UTF-8 CSV", source=source,
                             message_id="baris judul (header) bukan teks UTF-8; simpan file sebagai CSV UTF-8")
        header = [h.strip() for h in _parse(text)]
        missing = [c for c in required if c not in header]
        if missing:
            raise InputError(f"missing required column(s) {missing}; expected the columns {', '.join(expected)}",
                             source=source, message_id=f"kolom wajib belum ada: {', '.join(missing)}; kolom yang "
                                                       f"dikenal: {', '.join(expected)}")
        dupes = sorted({h for h in header if header.count(h) > 1})
        if dupes:
            raise InputError(f"duplicate column(s) {dupes}", source=source,
                             message_id=f"kolom ganda: {', '.join(dupes)}")
        return header
    raise InputError("the file is empty; expected a header line and data rows", source=source,
                     message_id="file kosong; seharusnya ada baris judul (header) dan baris data")


def iter_records(stream: IO[bytes], *, required: Iterable[str], expected: Iterable[str],
                 source: str = "upload") -> Iterator[CsvRecord]:
    """Records of a CSV byte stream, each with its values or its errors (never raises for a bad row).

    Raises:
        InputError: only for a problem with the file as a whole (empty, header unreadable or lacking
            required columns).
    """
    lines = _lines(stream)
    header = read_header(lines, required, expected, source)
    pending: deque[tuple[int, str, bool]] = deque()
    row = 0

    def next_line() -> tuple[int, str, bool] | None:
        if pending:
            return pending.popleft()
        return next(lines, None)

    while True:
        first = next_line()
        if first is None:
            return
        start, text, ok = first
        if not text.strip() and ok:
            continue
        row += 1
        parts, valid, taken = [text], ok, [first]
        while sum(p.count('"') for p in parts) % 2 == 1 and len(parts) < MAX_RECORD_LINES:
            more = next_line()
            if more is None:
                break
            taken.append(more)
            parts.append(more[1])
            valid = valid and more[2]
        record = CsvRecord(row=row, line=start)
        problem = _problem(parts, valid, len(header))
        if problem is None:
            record.values = {h: v for h, v in zip(header, _parse("\n".join(parts)), strict=True)}
        else:
            record.errors.append(FieldError("(row)", problem[0], row, problem[1], "csv_row"))
            if len(taken) > 1:
                # A stray quote swallowed the following lines: only the first line is this bad row;
                # the others are read again as rows of their own.
                pending.extendleft(reversed(taken[1:]))
        yield record


def _problem(parts: list[str], valid: bool, n_columns: int) -> tuple[str, str] | None:
    """What is wrong with one record's text (English, Indonesian), or None. The record is named by its data row
    (``FieldError.row``) only, never also by a line number of the file."""
    if sum(p.count('"') for p in parts) % 2 == 1:
        return ('a quote (") opened in this row is never closed',
                'tanda kutip (") yang dibuka di baris ini tidak pernah ditutup')
    if not valid:
        return ("contains bytes that are not UTF-8 text (or is longer than 1 MB); save the file as UTF-8 CSV",
                "berisi byte yang bukan teks UTF-8 (atau satu baris lebih dari 1 MB); simpan file sebagai CSV UTF-8")
    try:
        values = _parse("\n".join(parts))
    except csv.Error as exc:
        return f"broken CSV quoting ({exc})", f"tanda kutip CSV rusak ({exc})"
    if len(values) != n_columns:
        return (f"expected {n_columns} values (one per column), got {len(values)}",
                f"ada {len(values)} nilai, seharusnya {n_columns} (satu per kolom)")
    return None
