"""``layak contract-check LISTING_REF FILE [--json]`` run as a real process against a store in a temp dir."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from features.listings import ListingIn, normalise_listing
from matching.storage.store import Store
from tests.api.test_cli import _error_lines, layak
from tests.features.contract_samples import manifest, render_pdf, render_text

TW = next(f for f in manifest()[1] if f.id == "tw_manufacturing")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-contracts")
    listing = ListingIn.model_validate(TW.listing)
    Store(f"sqlite:///{path / 'layak.db'}").upsert_listings([{
        **listing.model_dump(), "occupation_id": normalise_listing(listing).occupation_id, "status": "verified",
        "embed_text": listing.title}])
    return path


def test_json_findings_for_a_pdf_with_planted_substitutions(data_dir: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "kontrak.pdf"
    pdf.write_bytes(render_pdf(TW.planted(*TW.substitutions), TW.layout))
    proc = layak("contract-check", "TW-2026-0042", str(pdf), "--json", data_dir=data_dir)
    assert proc.returncode == 1, proc.stderr  # unlawful or mismatch findings: exit 1
    data = json.loads(proc.stdout)
    assert data["stored"] is False and data["input"]["kind"] == "pdf"
    assert {"employer", "passport", "hours", "deduction", "wage"} <= {f["topic"] for f in data["findings"]
                                                                     if f["kind"] in ("unlawful", "mismatch")}


def test_a_faithful_text_file_prints_every_clause_and_whom_to_call(data_dir: Path, tmp_path: Path) -> None:
    txt = tmp_path / "kontrak.txt"
    txt.write_text(render_text(TW.source, TW.layout), encoding="utf-8")
    proc = layak("contract-check", "TW-2026-0042", str(txt), data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    assert "0 unlawful, 0 mismatch, 0 missing" in proc.stdout
    assert "[ok] wage:" in proc.stdout and "1955" in proc.stdout and "nothing was stored" in proc.stdout


@pytest.mark.parametrize(("args", "expected"), [
    (("NO-SUCH-REF", "{file}"), "no listing with ref 'NO-SUCH-REF'"),
    (("TW-2026-0042", "{missing}"), "no such file"),
    (("TW-2026-0042", "{photo}"), "looks like a PNG image"),
])
def test_errors_are_one_clear_line(data_dir: Path, tmp_path: Path, args: tuple[str, str], expected: str) -> None:
    (tmp_path / "k.txt").write_text(render_text(TW.source, TW.layout), encoding="utf-8")
    (tmp_path / "p.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    paths = {"file": str(tmp_path / "k.txt"), "missing": str(tmp_path / "nope.pdf"), "photo": str(tmp_path / "p.png")}
    proc = layak("contract-check", args[0], args[1].format(**paths), data_dir=data_dir)
    assert proc.returncode == 2
    lines = _error_lines(proc)
    assert len(lines) == 1 and expected in lines[0], proc.stderr
