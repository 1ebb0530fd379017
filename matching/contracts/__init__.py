"""Advert versus contract (issue 17): a worker's contract checked against a stored listing's verified job order.

The reading and the comparison are pure (``features.contracts``); this layer finds the listing the key may use
and turns the result into the API's shape. It sits above ``matching.eligibility`` and below ``matching.recommend``.
"""

from matching.contracts.check import (
    CHECKERS,
    check_listing_contract,
    find_listing,
    job_order_of,
    read_contract_input,
    require_checker,
)

__all__ = ["CHECKERS", "check_listing_contract", "find_listing", "job_order_of", "read_contract_input",
           "require_checker"]
