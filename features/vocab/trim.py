"""Cut the raw public source files down to the rows and columns the vocabulary needs.

Run once by a maintainer when a source is refreshed; its output is what ships in ``features/vocab/sources``
(see SOURCES.md there for repositories, commits and licences). Nothing here runs at install or request time.

    python -m features.vocab.trim --kbji RAW/kbji-2014.csv --esco RAW/esco-1.2.0-dir --out features/vocab/sources

Inputs:
    kbji-2014.csv (no header): major group, code (1-6 digits), Indonesian title, Indonesian description.
    ESCO v1.2 CSVs: occupations_en.csv, ISCOGroups_en.csv, and esco_occupation_profiles.parquet (the
    occupation -> essential/optional skill relations, since the upstream skills_en.csv is not in the copy).
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

import pandas as pd

# KBJI descriptions run to pages; the first sentence says what the job is, which is all the reader uses.
DESCRIPTION_CHARS = 240
_SPACES = re.compile(r"\s+")


def _first_sentence(text: str) -> str:
    text = _SPACES.sub(" ", str(text)).strip()
    cut = text.find(". ")
    if 0 < cut < DESCRIPTION_CHARS:
        return text[:cut + 1]
    return text[:DESCRIPTION_CHARS].rsplit(" ", 1)[0]


def trim_kbji(path: Path) -> pd.DataFrame:
    """KBJI 2014 -> ``code, title_id, description_id`` for 4-digit unit groups and 6-digit occupations.

    Raises:
        ValueError: the file does not have the 2,731 rows of the 2014 edition.
    """
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    if len(rows) != 2731:
        raise ValueError(f"{path}: expected the 2,731 rows of KBJI 2014, found {len(rows)}")
    out = [{"code": r[1].strip(), "title_id": _SPACES.sub(" ", r[2]).strip(), "description_id": _first_sentence(r[3])}
           for r in rows if len(r[1].strip()) in (4, 6)]
    return pd.DataFrame(out)


def trim_esco_occupations(esco_dir: Path) -> pd.DataFrame:
    """ESCO occupations -> ``esco_id, isco08, label_en, alt_labels_en`` (alt labels joined with ``|``)."""
    occ = pd.read_csv(esco_dir / "occupations_en.csv", dtype=str, keep_default_na=False)
    if len(occ) < 3000:
        raise ValueError(f"{esco_dir}/occupations_en.csv: expected about 3,039 ESCO v1.2 occupations, "
                         f"found {len(occ)}")
    alt = occ["altLabels"].map(lambda s: "|".join(a.strip() for a in s.splitlines() if a.strip()))
    return pd.DataFrame({"esco_id": occ["conceptUri"].str.rsplit("/", n=1).str[-1], "isco08": occ["iscoGroup"],
                         "label_en": occ["preferredLabel"].str.strip(), "alt_labels_en": alt})


def trim_isco_groups(esco_dir: Path) -> pd.DataFrame:
    """ISCO-08 unit groups (4 digits) with their English titles, as ESCO publishes them."""
    groups = pd.read_csv(esco_dir / "ISCOGroups_en.csv", dtype=str, keep_default_na=False)
    groups = groups[groups["code"].str.len() == 4]
    return pd.DataFrame({"isco08": groups["code"], "label_en": groups["preferredLabel"].str.strip()})


def trim_occupation_skills(esco_dir: Path, isco_codes: set[str]) -> pd.DataFrame:
    """ESCO occupation -> skill relations for the ISCO unit groups in ``isco_codes``.

    Returns ``isco08, esco_occupation, skill_en, relation`` (relation: essential | optional).
    """
    prof = pd.read_parquet(esco_dir / "esco_occupation_profiles.parquet")
    prof = prof[prof["isco_group"].isin(isco_codes)]
    out = []
    for row in prof.itertuples(index=False):
        for relation, skills in (("essential", row.essential_skills), ("optional", row.optional_skills)):
            for skill in [] if skills is None else list(skills):
                out.append({"isco08": row.isco_group, "esco_occupation": str(row.occupation_name).strip(),
                            "skill_en": str(skill).strip(), "relation": relation})
    return pd.DataFrame(out).drop_duplicates()


def main(argv: list[str] | None = None) -> None:
    """Write the trimmed source CSVs (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kbji", type=Path, required=True)
    parser.add_argument("--esco", type=Path, required=True, help="directory with the ESCO v1.2 CSVs")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "sources")
    parser.add_argument("--occupations", type=Path, default=Path(__file__).parents[1] / "data" / "occupations.csv",
                        help="Layak's occupations (their ISCO groups decide which ESCO skill relations to keep)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    served = set(pd.read_csv(args.occupations, dtype=str)["isco08"])
    trim_kbji(args.kbji).to_csv(args.out / "kbji2014.csv", index=False, lineterminator="\n")
    trim_esco_occupations(args.esco).to_csv(args.out / "esco_occupations.csv", index=False, lineterminator="\n")
    trim_isco_groups(args.esco).to_csv(args.out / "isco08_groups.csv", index=False, lineterminator="\n")
    trim_occupation_skills(args.esco, served).to_csv(args.out / "esco_occupation_skills.csv", index=False,
                                                     lineterminator="\n")


if __name__ == "__main__":
    main()
