"""Advert versus contract: read a worker's contract and check it clause by clause against the verified job order.

Pure code (no store, no HTTP): ``document`` turns a PDF or text into text, ``clauses`` reads the clauses that
matter (each with its sentence), ``compare`` checks them against a ``JobOrder`` and the rules in ``rules``
(each with its source). ``check_text`` and ``check_upload`` do all three.
"""

from __future__ import annotations

from datetime import date

from features.contracts.clauses import ContractReading, read_contract
from features.contracts.compare import ContractCheck, Finding, check_contract
from features.contracts.document import (
    ContractDocument,
    ContractInputError,
    ContractTooLarge,
    read_pasted,
    read_upload,
)
from features.contracts.jobs import JobOrder
from features.reference import Reference, load_reference

# What a bare "$" means in a contract for each destination (else US dollars).
DOLLAR_OF = {"HK": "HKD", "TW": "TWD", "SG": "SGD", "BN": "BND"}

__all__ = ["ContractCheck", "ContractDocument", "ContractInputError", "ContractReading", "ContractTooLarge",
           "Finding", "JobOrder", "check_document", "check_text", "check_upload", "read_for_order"]


def read_for_order(text: str, order: JobOrder, ref: Reference | None = None) -> ContractReading:
    """Read a contract for a job order: amounts without a currency are in the job order's (or country's) currency."""
    ref = ref or load_reference()
    currency = order.salary_currency or order.country_currency(ref)
    return read_contract(text, currency=currency, dollar=DOLLAR_OF.get(order.country, "USD"), ref=ref)


def check_document(doc: ContractDocument, order: JobOrder, as_of: date | None = None,
                   ref: Reference | None = None) -> ContractCheck:
    """Read and check a contract document against a job order."""
    ref = ref or load_reference()
    return check_contract(read_for_order(doc.text, order, ref), order, as_of, ref)


def check_text(text: str, order: JobOrder, as_of: date | None = None, ref: Reference | None = None) -> ContractCheck:
    """Check pasted contract text. Raises ContractInputError for an empty or over-long text."""
    return check_document(read_pasted(text), order, as_of, ref)


def check_upload(data: bytes, order: JobOrder, filename: str | None = None, as_of: date | None = None,
                 ref: Reference | None = None) -> ContractCheck:
    """Check an uploaded contract file (PDF with a text layer, or plain text). Raises ContractInputError."""
    return check_document(read_upload(data, filename), order, as_of, ref)
