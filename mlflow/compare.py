"""MLproject entry point `compare`: one ranker per objective on the same split, with the same trees.

Prints validation and test NDCG@10 (95% bootstrap intervals) and the fitting time of each; every fit is an
MLflow run tagged ``comparison=objectives`` (nothing is registered). This is how the default objective of
`layak train` was chosen (docs/learned-ranking.md).
"""

from __future__ import annotations

import argparse
import json

from _entry import services


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--objectives", default="pointwise,pairwise,lambdarank")
    args = parser.parse_args()
    svc = services()
    from matching.workflows import compare_objectives

    rows = compare_objectives(svc, [o.strip() for o in args.objectives.split(",") if o.strip()])
    print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
