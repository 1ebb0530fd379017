"""How well screening separates the demo's labelled listings (``layak evaluate --screening``).

The demo generator labels every listing it made unsafe with its flaw. Unsafe recall is the share of
labelled listings that did NOT come out verified; the false-rejection rate is the share of clean
listings that were rejected (needs_review is reported separately: a person looks at those).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from matching.storage.store import Store


def screening_report(store: Store) -> dict[str, Any]:
    """Confusion counts, unsafe recall, false rejections and per-flaw recall over the labelled demo listings.

    Raises:
        ValueError: the store holds no generator-labelled listings (only the demo has labels).
    """
    rows = store.listings_frame_rows(["status", "demo_flaw", "submitted_by"])
    labelled = [(status, flaw) for status, flaw, by in rows if by == "demo"]
    if not labelled:
        raise ValueError("no demo listings in this store: screening can only be evaluated against the demo's labels")
    unsafe = [(s, f) for s, f in labelled if f]
    clean = [s for s, f in labelled if not f]
    per_flaw: dict[str, Counter[str]] = {}
    for status, flaw in unsafe:
        per_flaw.setdefault(flaw, Counter())[status] += 1
    clean_counts = Counter(clean)
    caught = sum(1 for s, _ in unsafe if s != "verified")
    return {
        "listings": len(labelled),
        "unsafe": len(unsafe),
        "clean": len(clean),
        "unsafe_recall": round(caught / len(unsafe), 4) if unsafe else None,
        "unsafe_verified": len(unsafe) - caught,
        "clean_rejected_share": round(clean_counts["rejected"] / len(clean), 4) if clean else None,
        "clean_needs_review_share": round(clean_counts["needs_review"] / len(clean), 4) if clean else None,
        "clean_statuses": dict(clean_counts),
        "per_flaw": {flaw: {"n": sum(c.values()), "recall": round(1 - c["verified"] / sum(c.values()), 4),
                            "statuses": dict(c)} for flaw, c in sorted(per_flaw.items())},
        "targets": {"unsafe_recall_min": 0.98, "clean_rejected_max": 0.02},
    }
