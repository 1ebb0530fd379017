"""Build the bilingual occupation and skill vocabulary from the public sources shipped in the repo.

    python -m features.vocab.build            # or: make vocab
    python -m features.vocab.build --check    # exit 1 if the shipped vocabulary is not what the sources build

Inputs (``features/vocab/sources``, provenance in SOURCES.md there): KBJI 2014 titles (Indonesian, ISCO-08
aligned), ESCO v1.2 occupations with ISCO-08 groups and alternative labels (English), ISCO-08 unit-group
titles, ESCO occupation -> essential/optional skill relations, the BNSP/SKKNI competency schemes, Layak's own
curated occupations and skills (``features/data``), and ``slang.csv``: the only hand-written part, each row
with a note of where the term was seen.

Outputs (``features/data/vocab``), all plain CSV so a reviewer can read a diff:
    occupation_labels.csv  label, lang, isco08, occupation_id, source, ref, primary (0: an ESCO alternative label)
    skill_labels.csv       label, lang, skill_id, source, ref
    isco08.csv             isco08, label_en, label_id, occupation_ids, schemes
    occupation_skills.csv  isco08, skill_id, relation, occupations          (ESCO relations, served groups)
    manifest.json          sha256 and row count of every input and output
The build is deterministic: the same sources give byte-identical outputs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

import pandas as pd

from features.text import fold

HERE = Path(__file__).parent
SOURCES = HERE / "sources"
DATA = HERE.parent / "data"
OUT = DATA / "vocab"
OCC_COLUMNS = ["label", "lang", "isco08", "occupation_id", "source", "ref", "primary"]
SKILL_COLUMNS = ["label", "lang", "skill_id", "source", "ref"]
# KBJI "... Lainnya" (other ...) and "YTDL" (not elsewhere classified) rows name a residual group; the words
# add nothing a worker would write, so the label is kept without them.
_RESIDUAL = re.compile(r"\s+(lainnya|ytdl)\b.*$", re.IGNORECASE)
_PAREN = re.compile(r"\s*\(([^)]*)\)")


# Row counts below which a source is taken as truncated (KBJI 2014 has 2,551 unit groups and occupations,
# ESCO v1.2 3,039 occupations). A test building a small slice passes ``sizes={}``.
EXPECTED_ROWS = {"isco08_groups.csv": 400, "kbji2014.csv": 2500, "esco_occupations.csv": 3000,
                 "esco_occupation_skills.csv": 1000, "slang.csv": 10, "occupations.csv": 10, "skills.csv": 50,
                 "competency_schemes.csv": 5}


class SourceError(ValueError):
    """A source file is missing, malformed, or has an unexpected size."""


def _read(path: Path, required: list[str], sizes: dict[str, int]) -> pd.DataFrame:
    if not path.exists():
        raise SourceError(f"{path}: missing (see features/vocab/sources/SOURCES.md)")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: not a readable CSV ({str(exc).strip()})") from exc
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise SourceError(f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(required)}")
    if len(frame) < sizes.get(path.name, 1):
        raise SourceError(f"{path}: {len(frame)} rows, expected at least {sizes[path.name]}")
    return frame


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def _label_forms(label: str) -> list[str]:
    """A label and its parts: ``"Pengemudi Van/Mobil Box"`` also gives the parenthesis-free form.

    A parenthesis is often a synonym or an acronym (``"Asisten Apoteker (AA)"``), so both the text without it
    and the text inside it (when longer than an acronym's 3 letters) are kept.
    """
    label = _RESIDUAL.sub("", re.sub(r"\s+", " ", label)).strip()
    forms = [label]
    bare = _PAREN.sub("", label).strip()
    if bare and bare != label:
        forms.append(bare)
        forms += [inner.strip() for inner in _PAREN.findall(label) if len(inner.strip()) > 3]
    return [f for f in forms if fold(f)]


def occupation_labels(sources: Path = SOURCES, data: Path = DATA, sizes: dict[str, int] | None = None) -> pd.DataFrame:
    """Every occupation label from every source, one row per (folded label, ISCO-08 code, source)."""
    sizes = EXPECTED_ROWS if sizes is None else sizes
    groups = _read(sources / "isco08_groups.csv", ["isco08", "label_en"], sizes)
    isco = set(groups["isco08"])
    rows: list[dict[str, str]] = []

    def add(label: str, lang: str, code: str, occupation_id: str, source: str, ref: str, primary: bool = True) -> None:
        if code not in isco:
            return  # KBJI's armed-forces codes (01xx-03xx) and 5331 have no ISCO-08 unit group
        rows.extend({"label": form, "lang": lang, "isco08": code, "occupation_id": occupation_id, "source": source,
                     "ref": ref, "primary": "1" if primary else "0"} for form in _label_forms(label))

    layak = _read(data / "occupations.csv", ["occupation_id", "label_en", "label_id", "isco08"], sizes)
    for r in layak.to_dict("records"):
        for lang, cols in (("en", ("label_en", "synonyms_en")), ("id", ("label_id", "synonyms_id"))):
            for label in [r[cols[0]], *_split(r.get(cols[1], ""))]:
                add(label, lang, r["isco08"], r["occupation_id"], "layak", r["occupation_id"])
    slang = _read(sources / "slang.csv", ["phrase", "lang", "kind", "target", "note"], sizes)
    by_occ = dict(zip(layak["occupation_id"], layak["isco08"], strict=True))
    for r in slang[slang["kind"] == "occupation"].to_dict("records"):
        target = r["target"]
        if target in by_occ:
            add(r["phrase"], r["lang"], by_occ[target], target, "slang", r["note"])
        elif target in isco:
            add(r["phrase"], r["lang"], target, "", "slang", r["note"])
        else:
            raise SourceError(f"{sources / 'slang.csv'}: phrase '{r['phrase']}': target '{target}' is neither a "
                              "Layak occupation_id nor an ISCO-08 unit group")
    kbji = _read(sources / "kbji2014.csv", ["code", "title_id"], sizes)
    for r in kbji.to_dict("records"):
        add(r["title_id"], "id", r["code"][:4], "", "kbji2014", r["code"])
    esco = _read(sources / "esco_occupations.csv", ["esco_id", "isco08", "label_en", "alt_labels_en"], sizes)
    for r in esco.to_dict("records"):
        add(r["label_en"], "en", r["isco08"], "", "esco", r["esco_id"][:8])  # a UUID prefix is unique among 3,039
        for label in _split(r["alt_labels_en"]):
            add(label, "en", r["isco08"], "", "esco", r["esco_id"][:8], primary=False)
    for r in groups.to_dict("records"):
        add(r["label_en"], "en", r["isco08"], "", "isco08", r["isco08"])
    frame = pd.DataFrame(rows, columns=OCC_COLUMNS)
    frame["_key"] = frame["label"].map(fold)
    # One row per folded label, code and source; the first spelling seen is kept.
    frame = frame.drop_duplicates(["_key", "isco08", "occupation_id", "source"]).drop(columns="_key")
    return frame.sort_values(["isco08", "source", "label", "occupation_id"], kind="stable").reset_index(drop=True)


def esco_skill_id(label: str) -> str:
    """A stable id for an ESCO skill known only by its English label: ``esco:operate_forklift``."""
    return "esco:" + fold(label).replace(" ", "_")[:80]


def skill_labels(sources: Path = SOURCES, data: Path = DATA,
                 sizes: dict[str, int] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Skill labels (Layak's curated bilingual skills, ESCO skills of the served ISCO groups, slang) and the
    ESCO occupation -> skill relations re-keyed to those skill ids.

    An ESCO skill whose label folds to a Layak skill label or synonym takes the Layak id, so the two
    vocabularies do not hold the same concept twice.
    """
    sizes = EXPECTED_ROWS if sizes is None else sizes
    layak = _read(data / "skills.csv", ["skill_id", "label_en", "label_id"], sizes)
    rows: list[dict[str, str]] = []
    known: dict[str, str] = {}
    for r in layak.to_dict("records"):
        for lang, cols in (("en", ("label_en", "synonyms_en")), ("id", ("label_id", "synonyms_id"))):
            for label in [r[cols[0]], *_split(r.get(cols[1], ""))]:
                rows.append({"label": label, "lang": lang, "skill_id": r["skill_id"], "source": "layak",
                             "ref": r["skill_id"]})
                known.setdefault(fold(label), r["skill_id"])
    slang = _read(sources / "slang.csv", ["phrase", "lang", "kind", "target", "note"], sizes)
    ids = set(layak["skill_id"])
    for r in slang[slang["kind"] == "skill"].to_dict("records"):
        if r["target"] not in ids:
            raise SourceError(f"{sources / 'slang.csv'}: phrase '{r['phrase']}': skill '{r['target']}' is unknown")
        rows.append({"label": r["phrase"], "lang": r["lang"], "skill_id": r["target"], "source": "slang",
                     "ref": r["note"]})
    rel = _read(sources / "esco_occupation_skills.csv", ["isco08", "esco_occupation", "skill_en", "relation"], sizes)
    rel = rel.assign(skill_id=[known.get(fold(s)) or esco_skill_id(s) for s in rel["skill_en"]])
    for label, sid in sorted(set(zip(rel["skill_en"], rel["skill_id"], strict=True))):
        rows.append({"label": label, "lang": "en", "skill_id": sid, "source": "esco", "ref": label})
    frame = pd.DataFrame(rows, columns=SKILL_COLUMNS)
    frame = frame[frame["label"].map(fold) != ""]
    frame = frame.assign(_key=frame["label"].map(fold)).drop_duplicates(["_key", "skill_id"]).drop(columns="_key")
    relations = (rel.groupby(["isco08", "skill_id", "relation"]).size().rename("occupations").reset_index()
                 .sort_values(["isco08", "relation", "occupations", "skill_id"], ascending=[True, True, False, True],
                              kind="stable"))
    return frame.sort_values(["skill_id", "source", "label"], kind="stable").reset_index(drop=True), relations


def isco_table(sources: Path = SOURCES, data: Path = DATA, sizes: dict[str, int] | None = None) -> pd.DataFrame:
    """One row per ISCO-08 unit group: English (ISCO/ESCO) and Indonesian (KBJI) titles, the Layak
    occupations coded to it, and the BNSP/SKKNI schemes that certify them."""
    sizes = EXPECTED_ROWS if sizes is None else sizes
    groups = _read(sources / "isco08_groups.csv", ["isco08", "label_en"], sizes)
    kbji = _read(sources / "kbji2014.csv", ["code", "title_id"], sizes)
    titles_id = {r["code"]: r["title_id"] for r in kbji.to_dict("records") if len(r["code"]) == 4}
    layak = _read(data / "occupations.csv", ["occupation_id", "isco08"], sizes)
    schemes = _read(data / "competency_schemes.csv", ["occupation_id", "cert_ids"], sizes)
    by_occ = {r["occupation_id"]: _split(r["cert_ids"]) for r in schemes.to_dict("records")}
    out = []
    for r in groups.to_dict("records"):
        occs = sorted(layak.loc[layak["isco08"] == r["isco08"], "occupation_id"])
        certs = sorted({c for o in occs for c in by_occ.get(o, [])})
        out.append({"isco08": r["isco08"], "label_en": r["label_en"], "label_id": titles_id.get(r["isco08"], ""),
                    "occupation_ids": "|".join(occs), "schemes": "|".join(certs)})
    return pd.DataFrame(out)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(sources: Path = SOURCES, data: Path = DATA, sizes: dict[str, int] | None = None) -> dict[str, pd.DataFrame]:
    """All outputs as frames, keyed by file name (nothing is written)."""
    skills, relations = skill_labels(sources, data, sizes)
    return {"occupation_labels.csv": occupation_labels(sources, data, sizes), "skill_labels.csv": skills,
            "isco08.csv": isco_table(sources, data, sizes), "occupation_skills.csv": relations}


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def manifest(sources: Path, outputs: dict[str, bytes]) -> dict[str, object]:
    """Provenance record: sha256 and rows of every input file and every output."""
    inputs = {p.name: {"sha256": _sha(p), "rows": max(0, len(p.read_text(encoding="utf-8").splitlines()) - 1)}
              for p in sorted(sources.glob("*.csv"))}
    made = {name: {"sha256": hashlib.sha256(blob).hexdigest(), "rows": blob.count(b"\n") - 1}
            for name, blob in sorted(outputs.items())}
    return {"builder": "features/vocab/build.py", "inputs": inputs, "outputs": made}


def write(out: Path = OUT, sources: Path = SOURCES, data: Path = DATA,
          sizes: dict[str, int] | None = None) -> dict[str, object]:
    """Build and write every output plus manifest.json into ``out``; returns the manifest."""
    blobs = {name: _csv_bytes(frame) for name, frame in build(sources, data, sizes).items()}
    out.mkdir(parents=True, exist_ok=True)
    for name, blob in blobs.items():
        (out / name).write_bytes(blob)
    record = manifest(sources, blobs)
    (out / "manifest.json").write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return record


def check(out: Path = OUT, sources: Path = SOURCES, data: Path = DATA) -> list[str]:
    """Names of shipped outputs that differ from what the sources build now (empty: up to date)."""
    stale = []
    for name, frame in build(sources, data).items():
        path = out / name
        if not path.exists() or path.read_bytes() != _csv_bytes(frame):
            stale.append(name)
    return stale


def main(argv: list[str] | None = None) -> int:
    """Command line entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(description="Build Layak's bilingual vocabulary from public sources.")
    parser.add_argument("--check", action="store_true", help="only verify the shipped files are up to date")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    try:
        if args.check:
            stale = check(args.out)
            if stale:
                print(f"vocabulary out of date: {', '.join(stale)}; run `make vocab`", file=sys.stderr)
                return 1
            print("vocabulary up to date", file=sys.stderr)
            return 0
        record = write(args.out)
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for name, info in record["outputs"].items():  # type: ignore[attr-defined]
        print(f"{name}: {info['rows']} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
