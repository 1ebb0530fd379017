"""MLproject entry point `train`: the same as `layak train [--outcomes FILE] [--force]`, printing the report."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from _entry import services


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--outcomes", default="", help="outcomes CSV (empty: the stored outcomes)")
    parser.add_argument("--force", default="false", choices=["true", "false"])
    args = parser.parse_args()
    svc = services()
    from matching.errors import InputError
    from matching.workflows import train_from_outcomes

    outcomes = Path(args.outcomes) if args.outcomes else None
    try:
        result = train_from_outcomes(svc, outcomes, force=args.force == "true",
                                     on_row_error=lambda line: print(f"error: {args.outcomes}: {line}",
                                                                     file=sys.stderr))
    except InputError as exc:
        raise SystemExit(f"error: {exc}") from None
    print(json.dumps(result.to_dict(), indent=2, default=str))


if __name__ == "__main__":
    main()
