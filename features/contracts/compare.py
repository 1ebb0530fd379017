"""A contract's clauses against the verified job order and the rules: one finding per clause.

Each finding has a ``kind`` (``unlawful``, ``mismatch``, ``missing`` or ``ok``), the rule and its source, the
contract sentence, the job-order field it was compared with, the difference, and the worker's money at stake
over the contract (local currency and rupiah). Money at stake is, per clause:

- pay: the monthly shortfall against the job order (or the legal floor, if that is higher) × contract months;
- hours: the extra hours a month at the job order's hourly rate × months;
- rest days: the lost rest days a month at the job order's daily rate × months;
- a deduction or fee: its total over the contract (a monthly one × months), less what the job order disclosed;
- a shorter contract: the job order's monthly pay × the months cut; the ticket home: its amount if written.

The months are the contract's length, else the job order's, else 24.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from features.contracts import compare_pay
from features.contracts.checker import Checker, Finding
from features.contracts.clauses import ContractReading
from features.contracts.help import advice_for, contacts_for
from features.contracts.jobs import JobOrder
from features.contracts.rules import KINDS, OK
from features.reference import Reference, load_reference


@dataclass
class ContractCheck:
    """Every finding (worst first), the months money is counted over, and the totals at stake."""

    listing_ref: str
    country: str
    findings: list[Finding]
    months: float
    months_basis: str
    currency: str | None
    reading: ContractReading

    @property
    def money_local(self) -> float:
        return sum(f.money_local or 0.0 for f in self.findings if f.kind != OK)

    @property
    def money_idr(self) -> float:
        return sum(f.money_idr or 0.0 for f in self.findings if f.kind != OK)

    def count(self, kind: str) -> int:
        return sum(f.kind == kind for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "listing_ref": self.listing_ref,
            "summary": {kind: self.count(kind) for kind in KINDS},
            "money_at_stake": {"amount": _round(self.money_local), "currency": self.currency,
                               "idr": _round(self.money_idr), "months": self.months,
                               "months_basis": self.months_basis},
            "findings": [f.to_dict() for f in self.findings],
            "reading": {k: v for k, v in self.reading.to_dict().items() if k != "clauses"},
            "help": {"advice": advice_for(self.findings[0].kind if self.findings else "ok"),
                     "contacts": contacts_for(self.country)},
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def _run(chk: Checker) -> list[Finding]:
    for step in (chk.employer, chk.job, chk.worksite, chk.length):
        step()
    for pay_step in (compare_pay.wage, compare_pay.hours, compare_pay.rest, compare_pay.leave, compare_pay.deductions):
        pay_step(chk)
    for step in (chk.accommodation, chk.passport, chk.repatriation):
        step()
    rank = {k: i for i, k in enumerate(KINDS)}
    chk.findings.sort(key=lambda f: (rank[f.kind], -(f.money_idr or 0.0)))
    return chk.findings


def check_contract(reading: ContractReading, order: JobOrder, as_of: date | None = None,
                   ref: Reference | None = None) -> ContractCheck:
    """Compare a contract's reading with a job order and the rules; findings come worst first."""
    checker = Checker(reading, order, as_of or date.today(), ref or load_reference())
    findings = _run(checker)
    return ContractCheck(order.listing_ref, order.country, findings, checker.months, checker.months_basis,
                         checker.cur, reading)

