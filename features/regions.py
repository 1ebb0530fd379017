"""Indonesian provinces: the 38 official names, read from Indonesian or English names and abbreviations.

A profile's ``province`` is free text ("Jatim", "East Java", "jawa timur"); ``province_name`` gives the
official name (``"Jawa Timur"``) or None. Planner filters and cohort readings use it so a cohort is the
same whatever spelling the worker or the planner used.
"""

from __future__ import annotations

from functools import lru_cache

from features.reference import Reference, load_reference
from features.text import fold


@lru_cache(maxsize=4)
def _names(ref: Reference) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, row in zip(ref.provinces.index, ref.provinces.to_dict("records"), strict=True):
        for label in (name, row["name_en"], *row["synonyms"]):
            out.setdefault(fold(str(label)), str(name))
    return out


def province_name(text: str | None, ref: Reference | None = None) -> str | None:
    """``"Jatim"`` / ``"East Java"`` / ``"JAWA TIMUR"`` -> ``"Jawa Timur"``; unknown or empty -> None."""
    if not text:
        return None
    folded = fold(text)
    names = _names(ref or load_reference())
    if folded in names:
        return names[folded]
    for prefix in ("provinsi ", "propinsi ", "province of ", "prov "):
        if folded.startswith(prefix) and folded[len(prefix):] in names:
            return names[folded[len(prefix):]]
    return None


def province_names(ref: Reference | None = None) -> list[str]:
    """The 38 official province names."""
    return [str(p) for p in (ref or load_reference()).provinces.index]
