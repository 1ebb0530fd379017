"""MLproject entry point `train`: the same as `layak train [--outcomes FILE] [--force]`, printing the report."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from _entry import services


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--outcomes", default="", help="outcomes CSV (empty: the stored outcomes)")
    parser.add_argument("--force", default="false", choices=["true", "false"])
    args = parser.parse_args()
    svc = services()
    from matching.learning import ranker_training as training
    from matching.learning.outcomes import read_outcomes_csv, store_outcomes

    history, source = None, "store"
    if args.outcomes:
        parsed = read_outcomes_csv(Path(args.outcomes), svc.store)
        for err in parsed.errors:
            print(f"error: {args.outcomes}: {err}")
        if parsed.rows.empty:
            raise SystemExit(f"error: {args.outcomes}: no usable outcome rows")
        store_outcomes(svc.store, parsed.rows)
        history, source = parsed.rows.drop(columns=["row"]), args.outcomes
    report = training.train(svc, history, force=args.force == "true", source=source)
    print(json.dumps(report.to_dict(), indent=2, default=str))


if __name__ == "__main__":
    main()
