"""Uploads with malformed rows: every good row is processed, every bad one reported with row and column."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from features.listings import LISTING_COLUMNS, TEMPLATE_EXAMPLE
from matching.errors import InputError
from matching.screening.ingest import REQUIRED_COLUMNS, as_rows, screen_rows
from matching.storage.csv_stream import iter_records
from tests.matching.test_screening import AGENCIES, AS_OF


def csv_line(values: dict[str, str], columns: tuple[str, ...] = LISTING_COLUMNS) -> str:
    out = []
    for c in columns:
        v = values.get(c, "")
        out.append(f'"{v}"' if any(ch in v for ch in ',"\n') else v)
    return ",".join(out)


def good(ref: str, **changes: str) -> dict[str, str]:
    return {**TEMPLATE_EXAMPLE, "listing_ref": ref, "agency_licence": "KEP.001/KP2MI/2026", **changes}


def run(data: bytes) -> list[dict[str, object]]:
    records = iter_records(io.BytesIO(data), required=REQUIRED_COLUMNS, expected=LISTING_COLUMNS)
    return [r.to_dict() for r in screen_rows(as_rows(records), AGENCIES, AS_OF)]


def test_every_good_row_survives_every_kind_of_bad_row() -> None:
    header = ",".join(LISTING_COLUMNS)
    lines = [
        header,
        csv_line(good("OK-1")),
        csv_line(good("BAD-TYPE", salary_amount="lima ribu")),
        csv_line(good("BAD-CURRENCY", salary_currency="HKX")),
        csv_line(good("BAD-COUNTRY", country="XX")),
        csv_line(good("NO-TITLE", title="")),
        csv_line(good("OK-2", title="Pengasuh lansia, Taipei")),
        'BROKEN-QUOTE,"Pengasuh "lansia" murah,HK',
        csv_line(good("OK-3")),
        csv_line(good("EXTRA")) + ",surplus",
        "MISSING,Too few columns,HK",
    ]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    data += csv_line(good("LATIN1", city="São Paulo")).encode("latin-1") + b"\n"
    data += (csv_line(good("OK-4")) + "\n").encode("utf-8")
    results = run(data)
    by_row = {r["row"]: r for r in results}
    assert [r["listing_ref"] for r in results if r["status"] != "error"] == ["OK-1", "OK-2", "OK-3", "OK-4"]
    expect = {  # (field, English, Indonesian); a row is named by its row number only, never by a line number
        2: ("salary_amount", "must be a number", "harus berupa angka"),
        3: ("salary_currency", "ISO 4217", "ISO 4217"),
        4: ("country", "ISO 3166", "ISO 3166"),
        5: ("title", "required", "wajib diisi"),
        7: ("(row)", "quote", "tanda kutip"),
        9: ("(row)", "expected 34 values", "seharusnya 34"),
        10: ("(row)", "expected 34 values", "seharusnya 34"),
        11: ("(row)", "not UTF-8", "bukan teks UTF-8"),
    }
    for row, (field, text, text_id) in expect.items():
        errors = by_row[row]["errors"]
        assert any(e["field"] == field and text in e["message_en"] and text_id in e["message_id"]  # type: ignore[index]
                   for e in errors), (row, errors)  # type: ignore[union-attr]
        assert not any("line" in e["message_en"] for e in errors), (row, errors)  # type: ignore[index,union-attr]


def test_missing_required_column_fails_the_file_naming_it() -> None:
    with pytest.raises(InputError, match=r"missing required column\(s\) \['title'\]"):
        list(iter_records(io.BytesIO(b"listing_ref,country\nA,HK\n"), required=REQUIRED_COLUMNS,
                          expected=LISTING_COLUMNS))


def test_the_demo_flaw_column_is_accepted_and_ignored() -> None:
    columns = (*LISTING_COLUMNS, "flaw")
    data = (",".join(columns) + "\n" + csv_line(good("A", flaw="") | {"flaw": "visit_visa"}, columns) + "\n").encode()
    [result] = run(data)
    assert result["status"] == "verified"


class CountingStream(io.RawIOBase):
    """A byte stream that makes 50,000 rows on the fly and counts how many lines were read."""

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self.lines_read = 0
        self._lines = self._make()

    def _make(self) -> Iterator[bytes]:
        yield (",".join(LISTING_COLUMNS) + "\n").encode()
        for i in range(self.rows):
            yield (csv_line(good(f"R{i}")) + "\n").encode()

    def __iter__(self) -> Iterator[bytes]:
        for line in self._lines:
            self.lines_read += 1
            yield line


def test_a_50000_row_file_is_streamed_not_loaded_whole() -> None:
    stream = CountingStream(50_000)
    records = iter_records(stream, required=REQUIRED_COLUMNS, expected=LISTING_COLUMNS)  # type: ignore[arg-type]
    first = [next(records) for _ in range(10)]
    assert [r.values["listing_ref"] for r in first] == [f"R{i}" for i in range(10)]
    assert stream.lines_read <= 12  # header + the rows asked for (+1 look-ahead at most)
    assert sum(1 for _ in records) == 50_000 - 10
