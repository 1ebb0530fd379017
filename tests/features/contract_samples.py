"""The test contracts (``tests/features/contracts``): load them, lay them out as text or PDF, plant substitutions,
and score the contract check on them.

``manifest.json`` lists five formats. Each has a faithful contract (a ``.txt`` source), the job order it was
written from, a source note for the format, and planted substitutions (find/replace edits, each with the topic
and the finding kinds that count as "found"). A ``side_by_side`` source writes ``Indonesian || English`` on one
line; ``render_text`` lays the two out as columns, ``render_pdf`` as a two-column PDF page (fpdf2).

Run ``python -m tests.features.contract_samples`` for the figures (found / planted, false findings on the
faithful contracts), per format, for text and for PDF input. ``--data tests/features/contracts_heldout`` scores
another folder with the same ``manifest.json`` layout (the held-out contracts, written blind to the reader).
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import zip_longest
from pathlib import Path
from typing import Any

from features.contracts import ContractCheck, JobOrder, check_text, check_upload
from features.listings import ListingIn

DATA = Path(__file__).resolve().parent / "contracts"
COLUMN_WIDTH = 58
BAD_KINDS = ("mismatch", "unlawful", "missing")


@dataclass(frozen=True)
class Substitution:
    id: str
    topic: str
    kinds: tuple[str, ...]
    subtle: str
    edits: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Format:
    id: str
    name: str
    file: str
    layout: str
    source_note: str
    listing: dict[str, Any]
    substitutions: tuple[Substitution, ...]
    folder: Path = DATA
    as_of: date | None = None

    @property
    def source(self) -> str:
        return (self.folder / self.file).read_text(encoding="utf-8")

    def order(self) -> JobOrder:
        return JobOrder.from_listing(ListingIn.model_validate(self.listing))

    def planted(self, *subs: Substitution) -> str:
        text = self.source
        for sub in subs:
            for find, replace in sub.edits:
                assert find in text, f"{sub.id}: edit target not in {self.file}: {find[:60]!r}"
                text = text.replace(find, replace)
        return text


@lru_cache(maxsize=4)
def manifest(data: Path = DATA) -> tuple[date, tuple[Format, ...]]:
    """The ``as_of`` date and the formats of the ``manifest.json`` in ``data`` (the five test contracts by default)."""
    raw = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    as_of = date.fromisoformat(raw["as_of"])
    formats = tuple(Format(f["id"], f["name"], f["file"], f["layout"], f["source_note"], f["listing"], tuple(
        Substitution(s["id"], s["topic"], tuple(s["kinds"]), s.get("subtle", ""),
                     tuple((a, b) for a, b in s["edits"])) for s in f["substitutions"]), data, as_of)
                    for f in raw["formats"])
    return as_of, formats


def render_text(source: str, layout: str) -> str:
    """The contract as a text file: ``A || B`` lines become two columns side by side."""
    if layout != "side_by_side":
        return source
    out: list[str] = []
    for line in source.split("\n"):
        if " || " not in line:
            out.append(line)
            continue
        left, right = line.split(" || ", 1)
        for a, b in zip_longest(textwrap.wrap(left, COLUMN_WIDTH), textwrap.wrap(right, COLUMN_WIDTH), fillvalue=""):
            out.append(f"{a:<{COLUMN_WIDTH}}    {b}".rstrip())
    return "\n".join(out)


def render_pdf(source: str, layout: str, password: str | None = None) -> bytes:
    """The contract as an A4 PDF with a text layer (two columns for ``side_by_side``), optionally encrypted."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    for line in source.split("\n"):
        if not line.strip():
            pdf.ln(3)
            continue
        if layout == "side_by_side" and " || " in line:
            left, right = line.split(" || ", 1)
            if pdf.get_y() > 250:
                pdf.add_page()
            y = pdf.get_y()
            pdf.set_xy(10, y)
            pdf.multi_cell(92, 4.2, left, new_x="LEFT", new_y="NEXT")
            end_left = pdf.get_y()
            pdf.set_xy(108, y)
            pdf.multi_cell(92, 4.2, right, new_x="LEFT", new_y="NEXT")
            pdf.set_xy(10, max(end_left, pdf.get_y()))
        else:
            pdf.set_x(10)
            pdf.multi_cell(190, 4.2, line, new_x="LMARGIN", new_y="NEXT")
    if password:
        pdf.set_encryption(owner_password="owner-" + password, user_password=password)
    return bytes(pdf.output())


def check(fmt: Format, text: str, as_pdf: bool) -> ContractCheck:
    as_of = fmt.as_of or manifest(fmt.folder)[0]
    if as_pdf:
        return check_upload(render_pdf(text, fmt.layout), fmt.order(), "contract.pdf", as_of=as_of)
    return check_text(render_text(text, fmt.layout), fmt.order(), as_of=as_of)


def found(result: ContractCheck, sub: Substitution) -> bool:
    """A planted substitution is found when a finding on its topic has one of its kinds."""
    return any(f.topic == sub.topic and f.kind in sub.kinds for f in result.findings)


def false_findings(result: ContractCheck) -> list[str]:
    """Findings other than ``ok`` on a faithful contract (each one is a false alarm)."""
    return [f"{f.topic}:{f.kind}:{f.rule.id}" for f in result.findings if f.kind in BAD_KINDS]


def figures(as_pdf: bool, data: Path = DATA) -> list[dict[str, Any]]:
    """Per format: planted substitutions found (alone and all together), and false findings on the faithful one."""
    _, formats = manifest(data)
    rows = []
    for fmt in formats:
        alone = [s.id for s in fmt.substitutions if found(check(fmt, fmt.planted(s), as_pdf), s)]
        together = check(fmt, fmt.planted(*fmt.substitutions), as_pdf)
        rows.append({"format": fmt.id, "planted": len(fmt.substitutions), "found_alone": len(alone),
                     "missed_alone": [s.id for s in fmt.substitutions if s.id not in alone],
                     "found_together": sum(found(together, s) for s in fmt.substitutions),
                     "false_on_faithful": false_findings(check(fmt, fmt.source, as_pdf))})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.features.contract_samples", description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA,
                        help="folder holding manifest.json and the .txt contracts (default: %(default)s)")
    data = parser.parse_args(argv).data.resolve()
    total = {"planted": 0, "alone": 0, "together": 0, "false": 0}
    print(f"contracts: {data}")
    for as_pdf in (False, True):
        print(f"input: {'PDF (fpdf2, text layer)' if as_pdf else 'text file'}")
        print(f"  {'format':<18} {'found alone':>12} {'found together':>15} {'false on faithful':>18}")
        for row in figures(as_pdf, data):
            print(f"  {row['format']:<18} {row['found_alone']:>5} / {row['planted']:<5} {row['found_together']:>7} / "
                  f"{row['planted']:<5} {len(row['false_on_faithful']):>11}   "
                  f"{' '.join(row['missed_alone'])} {' '.join(row['false_on_faithful'])}".rstrip())
            total["planted"] += row["planted"]
            total["alone"] += row["found_alone"]
            total["together"] += row["found_together"]
            total["false"] += len(row["false_on_faithful"])
    print(f"all: {total['alone']} / {total['planted']} found alone, {total['together']} / {total['planted']} "
          f"together, {total['false']} false findings on faithful contracts")
    return 0 if total["alone"] == total["planted"] == total["together"] and total["false"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
