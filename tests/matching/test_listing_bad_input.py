"""Bad listing input for screening (issue 15): an empty description, a 100 KB description, bytes that are not
UTF-8, and a CSV whose columns come in another order. Each bad row gets a clear error naming its row and field
(or a cited reason why it cannot be verified); every good row is still screened."""

from __future__ import annotations

import io
import random
from typing import Any

from features.listings import LISTING_COLUMNS, MAX_TEXT
from matching.screening.ingest import REQUIRED_COLUMNS, as_rows, screen_rows
from matching.storage.csv_stream import iter_records
from tests.matching.test_csv_stream import csv_line, good
from tests.matching.test_screening import AGENCIES, AS_OF


def run(data: bytes) -> list[dict[str, Any]]:
    records = iter_records(io.BytesIO(data), required=REQUIRED_COLUMNS, expected=LISTING_COLUMNS)
    return [r.to_dict() for r in screen_rows(as_rows(records), AGENCIES, AS_OF)]


def test_each_bad_row_is_named_and_every_good_row_is_screened() -> None:
    header = ",".join(LISTING_COLUMNS).encode()
    lines = [
        header,
        csv_line(good("OK-1")).encode(),
        csv_line(good("EMPTY-DESC", description="")).encode(),
        csv_line(good("HUGE-DESC", description="Keluarga baik. " * 7_000)).encode(),  # about 100 KB
        csv_line(good("BAD-BYTES")).encode().replace(b"Kowloon", b"Kow\xff\xfeloon"),
        csv_line(good("OK-2")).encode(),
    ]
    rows = {r["listing_ref"] or f"row{r['row']}": r for r in run(b"\n".join(lines) + b"\n")}
    assert rows["OK-1"]["status"] == rows["OK-2"]["status"] == "verified"
    empty = rows["EMPTY-DESC"]
    assert empty["status"] == "needs_review"
    assert [r["rule_id"] for r in empty["reasons"]] == ["DESCRIPTION_MISSING"]
    assert empty["reasons"][0]["source"].startswith("UU 18/2017 Pasal 15")
    huge = rows["HUGE-DESC"]
    assert huge["status"] == "error" and huge["row"] == 3  # data rows count from 1 after the header
    assert huge["errors"][0]["field"] == "description" and str(MAX_TEXT) in huge["errors"][0]["message"]
    bad_bytes = next(r for r in rows.values() if r["row"] == 4)
    assert bad_bytes["status"] == "error" and "UTF-8" in bad_bytes["errors"][0]["message"]
    assert len(rows) == 5


def test_columns_in_another_order_lose_nothing() -> None:
    columns = list(LISTING_COLUMNS)
    random.Random(15).shuffle(columns)
    shuffled = tuple(columns)
    data = "\n".join([",".join(shuffled), csv_line(good("S-1"), shuffled), csv_line(good("S-2"), shuffled)]) + "\n"
    in_order = "\n".join([",".join(LISTING_COLUMNS), csv_line(good("S-1")), csv_line(good("S-2"))]) + "\n"
    assert run(data.encode()) == run(in_order.encode())
    assert [r["status"] for r in run(data.encode())] == ["verified", "verified"]
