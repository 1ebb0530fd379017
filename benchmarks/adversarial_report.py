"""The adversarial suite's rates, printed: unsafe cases caught and safe cases rejected or verified, by the
cited rules alone and by the rules with the trained listing-risk model (as ``layak evaluate-risk`` trains it).

The cases and how a case counts as caught are those of ``tests/models/test_adversarial.py`` (which asserts
the targets in ``make test``). Prints one JSON document; asserts nothing. Usage:

    .venv/bin/python benchmarks/adversarial_report.py [--generated 8000]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rates(cases: list[dict[str, str]], verdicts: dict[str, Any], caught: Any) -> dict[str, Any]:
    unsafe = [c for c in cases if c["kind"] == "unsafe"]
    safe = [c for c in cases if c["kind"] == "safe"]
    missed = {c["case_id"]: verdicts[c["case_id"]].status for c in unsafe if not caught(c, verdicts[c["case_id"]])}
    rejected = [c["case_id"] for c in safe if verdicts[c["case_id"]].status == "rejected"]
    return {
        "unsafe": len(unsafe), "unsafe_caught": round(1 - len(missed) / len(unsafe), 4),
        "unsafe_missed": missed,  # case id -> the status it got
        "safe": len(safe), "safe_rejected": round(len(rejected) / len(safe), 4), "safe_rejected_ids": rejected,
        "safe_verified": round(sum(verdicts[c["case_id"]].status == "verified" for c in safe) / len(safe), 4),
        "safe_reasons": dict(Counter(r.rule_id for c in safe for r in verdicts[c["case_id"]].reasons)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=8_000)
    args = parser.parse_args()

    from features.listings import normalise_listing
    from features.reference import load_reference
    from matching.demo.risk_set import evaluate
    from matching.screening.rules import screen
    from models.risk import ListingRiskModel
    from tests.models.test_adversarial import AGENCIES, CASES, SCREEN_DAY, caught, listing_of

    ref = load_reference()
    result, _, _ = evaluate(args.generated, n_bootstrap=100)
    model = ListingRiskModel(result.pipeline, result.threshold, "adversarial", result.gate)
    out: dict[str, Any] = {"cases": len(CASES), "threshold": result.threshold}
    for name, risk in (("rules", None), ("rules_and_model", model)):
        verdicts = {}
        for case in CASES:
            listing = listing_of(case)
            verdicts[case["case_id"]] = screen(listing, normalise_listing(listing, ref), AGENCIES, SCREEN_DAY, ref,
                                               risk)
        out[name] = rates(CASES, verdicts, caught)
    print(json.dumps(out, indent=2))  # noqa: T201 (a report prints its figures)


if __name__ == "__main__":
    main()
