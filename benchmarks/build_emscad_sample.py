"""Build ``models/data/emscad_sample.csv.gz``: the real EMSCAD postings Layak ships, from public GitHub copies.

EMSCAD (Employment Scam Aegean Dataset; Vidros et al., *Future Internet* 9(1):6, 2017; University of the
Aegean) has 17,880 postings, 866 of them fraudulent. Every whole copy on GitHub is a 48 MB file, and the
snapshots this project can read hold no file of 4 MiB or more, so the whole corpus cannot be shipped or
re-built here. What can be read are partial copies. This script takes the ones that check out as genuine:

* copies that keep EMSCAD's own ``job_id`` (random samples and the first rows of the corpus): a row is kept
  only if every copy that has its ``job_id`` agrees on its title and label;
* one copy holding 856 of the 866 fraudulent postings with renumbered ids (its "legitimate" rows are not
  EMSCAD's: their descriptions are empty, so they are left out). Its frauds are kept only after checking that
  the frauds of the genuine copies are found in it.

Copies whose rows match no genuine copy at all (synthetic look-alikes) are rejected; they are listed in
``models/data/SOURCES.md`` with the reason. Exact duplicates (same folded title + description) are kept
once; a duplicate with conflicting labels is dropped. Text fields are trimmed to ``MAX_FIELD`` characters.

Run it (needs the snapshots fetched into ``/work/.mirror``; the shipped file is what the project uses):

    .venv/bin/python benchmarks/build_emscad_sample.py [--mirror /work/.mirror] [--check]

``--check`` rebuilds in memory and compares with the shipped file instead of writing it.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "models" / "data" / "emscad_sample.csv.gz"
MAX_FIELD = 3000
COLUMNS = ("source", "source_id", "title", "location", "industry", "function", "employment_type", "salary_range",
           "company_profile", "description", "requirements", "benefits", "fraudulent")
# (short name, GitHub repository, commit, path): copies that keep EMSCAD's job_id
GENUINE = (
    ("fjd", "Fake-Job-Detection/FJD", "9e2a39613bb764502b24c9eab6c151644cc9e520", "DataScience/Data/test.csv"),
    ("rdube", "r-dube/fakejobs", "2a5d85352f97a7942635e2accc91747b72fd4225", "data/fj_small.csv"),
    ("shinaspn", "shinaspn198/AI-POWERED-SMART-INTERNSHIP-AND-JOB-FRUAD-DETECTION",
     "e2007989d27f97c8561440340d7547229e333553", "fake_job_postings.csv"),
    ("ishita", "Ishita1604/AcrossTheBorders", "751211236eac751b767d9254121fd9a2d0ad48c7", "fake_job_postings.csv"),
    ("anil", "AnilSonawane2/JobCheck-Detecting-Fake-Job-Post-Using-NLP",
     "e459763c7bc2c18773b9e8a39d52c726cdb2fb39", "data/fake_job_postings.csv"),
)
FRAUDS = ("grv7", "grv7-deve/fakejobpost", "40699a28e7a41cbc4d3c11c4fec3d76aefbfc3fc", "fake_job_postings.csv")
csv.field_size_limit(10**9)


def _read(mirror: Path, repo: str, commit: str, path: str) -> list[dict[str, str]]:
    git_dir = mirror / repo.replace("/", "+") / "repo"
    raw = subprocess.run(["git", f"--git-dir={git_dir}", "show", f"{commit}:{path}"], capture_output=True,
                         check=True).stdout
    rows = csv.DictReader(io.StringIO(raw.decode("utf-8", "replace")))
    return [r for r in rows if (r.get("fraudulent") or "").strip() in ("0", "1")]


def _key(row: dict[str, str]) -> tuple[str, str]:
    fold = lambda s: re.sub(r"[^0-9a-z]+", " ", (s or "").lower()).strip()  # noqa: E731
    return fold(row.get("title", "")), fold(row.get("description", ""))[:600]


# The fraud copy was saved through a wrong code page: UTF-8 punctuation came out as "€™", "€¢", "Ã‚·"…
# Left in, the model would learn "this file" rather than "this posting" (after folding, "company€™s" reads
# "companytms"). Longest sequences first.
MOJIBAKE = (("Ã¢‚¬", ""), ("Ã‚·", "·"), ("Ã…", "…"), ("ï‚·", "•"), ("€™", "’"), ("€˜", "‘"), ("€œ", "“"),
            ("€\x9d", "”"), ("€¢", "•"), ("€“", "–"), ("€”", "—"), ("€¦", "…"), ("€¨", " "), ("€¯", " "),
            ("€‹", ""), ("—¦", "•"), ("¬¢", "•"), ("Ã", ""), ("€", ""))


def repair(text: str) -> str:
    """Undo the code-page damage of ``MOJIBAKE`` (a no-op on text that has none)."""
    for bad, good in MOJIBAKE:
        text = text.replace(bad, good)
    return text


def _trim(row: dict[str, str], source: str, source_id: str) -> dict[str, str]:
    out = {c: repair((row.get(c) or "").strip())[:MAX_FIELD] for c in COLUMNS[2:-1]}
    return {"source": source, "source_id": source_id, **out, "fraudulent": row["fraudulent"].strip()}


def build(mirror: Path) -> tuple[list[dict[str, str]], dict[str, object]]:
    """The rows to ship and a report of what was read, kept and dropped."""
    report: dict[str, object] = {}
    by_id: dict[str, dict[str, str]] = {}
    id_sources: dict[str, str] = {}
    conflicts = 0
    for name, repo, commit, path in GENUINE:
        rows = _read(mirror, repo, commit, path)
        report[name] = {"rows": len(rows), "fraud": sum(r["fraudulent"] == "1" for r in rows)}
        for r in rows:
            jid = r["job_id"].strip()
            seen = by_id.get(jid)
            if seen is None:
                by_id[jid], id_sources[jid] = r, name
            elif (seen["title"].strip(), seen["fraudulent"]) != (r["title"].strip(), r["fraudulent"]):
                conflicts += 1
    report["job_id_conflicts"] = conflicts
    genuine = [_trim(r, id_sources[j], f"emscad:{j}") for j, r in sorted(by_id.items(), key=lambda kv: int(kv[0]))]
    name, repo, commit, path = FRAUDS
    fraud_rows = [r for r in _read(mirror, repo, commit, path) if r["fraudulent"] == "1"]
    fraud_keys = {_key(r) for r in fraud_rows}
    genuine_frauds = {_key(r) for r in genuine if r["fraudulent"] == "1"}
    report[name] = {"fraud_rows": len(fraud_rows),
                    "genuine_frauds_found_in_it": f"{len(genuine_frauds & fraud_keys)} of {len(genuine_frauds)}"}
    rows = genuine + [_trim(r, name, f"{name}:{r['job_id'].strip()}") for r in fraud_rows]
    labels: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        labels.setdefault(_key(r), set()).add(r["fraudulent"])
    kept, seen_keys, dropped_dupes, dropped_conflicts = [], set(), 0, 0
    for r in rows:
        k = _key(r)
        if len(labels[k]) > 1:
            dropped_conflicts += 1
        elif k in seen_keys or not (r["title"] or r["description"]):
            dropped_dupes += 1
        else:
            seen_keys.add(k)
            kept.append(r)
    report.update(duplicates_dropped=dropped_dupes, label_conflicts_dropped=dropped_conflicts, kept=len(kept),
                  kept_fraud=sum(r["fraudulent"] == "1" for r in kept),
                  kept_by_source=dict(Counter(r["source"] for r in kept)))
    return kept, report


def to_bytes(rows: list[dict[str, str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return gzip.compress(buf.getvalue().encode("utf-8"), mtime=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    rows, report = build(args.mirror)
    data = to_bytes(rows)
    print(json.dumps(report, indent=2))  # noqa: T201
    if args.check:
        same = OUT.exists() and gzip.decompress(OUT.read_bytes()) == gzip.decompress(data)
        print("shipped file matches" if same else "shipped file DIFFERS")  # noqa: T201
        sys.exit(0 if same else 1)
    OUT.write_bytes(data)


if __name__ == "__main__":
    main()
