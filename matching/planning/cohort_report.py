"""Exports of the planner view: one tidy CSV and a chart (PNG or SVG) of the top gaps and courses.

Both take the already k-anonymous view (``CohortPlanner.view``), so they can never publish more than it.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from matching.errors import InputError

CSV_COLUMNS = ("table", "kind", "id", "label_en", "label_id", "workers", "share_of_cohort", "pairs", "listings",
               "closed_by", "weeks", "cost_idr", "prerequisite_weeks", "prerequisite_cost_idr")
CHART_SUFFIXES = (".png", ".svg")
# A spreadsheet reads a cell starting with one of these as a formula (CSV injection, OWASP); such text cells get a
# leading apostrophe so they stay text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_rows(view: dict[str, Any]) -> list[dict[str, Any]]:
    """The view as tidy rows: one ``table`` column says which part of the view a row comes from."""
    rows: list[dict[str, Any]] = []
    c = view["cohort"]
    for key in ("workers", "workers_reaching_a_listing", "workers_ready_now", "workers_trainable"):
        rows.append({"table": "cohort", "id": key, "workers": c[key]})
    for key in ("pairs", "pairs_ready", "pairs_blocked"):
        rows.append({"table": "cohort", "id": key, "pairs": c[key]})
    for key in ("listings_in_scope", "listings_reached"):
        rows.append({"table": "cohort", "id": key, "listings": c[key]})
    for g in view["top_gaps"]:
        rows.append({"table": "gap", **{k: g.get(k) for k in ("kind", "id", "label_en", "label_id", "workers",
                                                               "share_of_cohort", "pairs", "listings", "closed_by")}})
    for r in view["courses"]:
        pre = r["with_prerequisites"]
        rows.append({"table": "course", "kind": r["provider_type"], "id": r["course_id"], "label_en": r["title_en"],
                     "label_id": r["title_id"], "workers": r["workers_unlocked"], "pairs": r["pairs_unlocked"],
                     "listings": r["listings_unlocked"], "weeks": r["weeks"], "cost_idr": r["cost_idr"],
                     "prerequisite_weeks": pre["weeks"], "prerequisite_cost_idr": pre["cost_idr"]})
    for d in view["documents"]:
        rows.append({"table": "document", "kind": "document", "id": d["id"], "label_en": d["label_en"],
                     "label_id": d["label_id"], "workers": d["workers_missing"]})
    for part, name in (("by_country", "demand_country"), ("by_sector", "demand_sector"), ("by_skill", "demand_skill")):
        for r in view["demand"][part]:
            rows.append({"table": name, "id": r["id"], "label_en": r["label_en"], "label_id": r["label_id"],
                         "listings": r["listings"]})
    return rows


def safe_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe; anything else is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _write_rows(fh: Any, rows: list[dict[str, Any]]) -> None:
    # CRLF line ends (RFC 4180): with "\n" alone, the csv module would leave a lone CR inside a cell unquoted.
    writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: safe_cell(v) for k, v in row.items()} for row in rows)


def view_csv(view: dict[str, Any]) -> str:
    """``csv_rows`` as CSV text (header first; empty cells = suppressed or not applicable), formula-safe."""
    buf = io.StringIO(newline="")
    _write_rows(buf, csv_rows(view))
    return buf.getvalue()


def write_csv(view: dict[str, Any], path: Path) -> int:
    """Write ``csv_rows`` (UTF-8, header first; empty cells = suppressed or not applicable). Returns rows written."""
    rows = csv_rows(view)
    with _open(path, "w") as fh:
        _write_rows(fh, rows)
    return len(rows)


def check_chart_path(path: Path) -> None:
    """Raises InputError unless ``path`` ends in .png or .svg (check before any work is done)."""
    if path.suffix.lower() not in CHART_SUFFIXES:
        raise InputError(f"'{path}' must end in .png or .svg", field="chart")


def write_chart(view: dict[str, Any], path: Path, top: int = 12, lang: str = "en") -> None:
    """Two bar charts side by side: workers per top gap, and workers each course would make ready.

    Raises:
        InputError: the file name does not end in .png or .svg, or it cannot be written.
    """
    check_chart_path(path)
    from matplotlib.figure import Figure  # no pyplot: no global backend, safe in a server and in a notebook

    gaps = view["top_gaps"][:top][::-1]
    courses = view["courses"][:top][::-1]
    fig = Figure(figsize=(14, 0.42 * max(len(gaps), len(courses), 4) + 1.6))
    left, right = fig.subplots(1, 2)
    label = "label_en" if lang == "en" else "label_id"
    left.barh([g[label] for g in gaps], [g["workers"] for g in gaps], color="#c2410c")
    left.set_title("Most common gaps (workers)" if lang == "en" else "Kekurangan paling umum (pekerja)")
    right.barh([c["title_en" if lang == "en" else "title_id"] for c in courses],
               [c["workers_unlocked"] for c in courses], color="#15803d")
    right.set_title("Courses by workers made ready" if lang == "en" else "Kursus menurut pekerja yang siap")
    for ax in (left, right):
        ax.tick_params(axis="y", labelsize=8)
        ax.grid(axis="x", alpha=0.3)
        if not ax.patches:
            ax.text(0.5, 0.5, "suppressed (fewer than k workers)" if view["suppressed"] else "nothing to show",
                    ha="center", va="center", transform=ax.transAxes)
    f = view["filters"]
    scope = ", ".join(f"{k}={v}" for k, v in f.items() if v) or "all workers"
    fig.suptitle(f"Layak planner view: {scope} (as of {view['as_of']}, k={view['k_anonymity']})", fontsize=11)
    fig.tight_layout()
    with _open(path, "wb") as fh:
        fig.savefig(fh, format=path.suffix.lower().lstrip("."), dpi=120)


def _open(path: Path, mode: str) -> Any:
    try:
        if "b" in mode:
            return path.open(mode)
        return path.open(mode, encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError(f"cannot write '{path}': {exc.strerror}", field="csv" if path.suffix == ".csv"
                         else "chart") from None


__all__ = ["CSV_COLUMNS", "check_chart_path", "csv_rows", "safe_cell", "view_csv", "write_chart", "write_csv"]
