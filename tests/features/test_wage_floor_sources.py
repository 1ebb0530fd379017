"""The wage floors a card shows cite the official body, dated (issue 18: Taiwan cited "saklap.com; toolcase")."""

from __future__ import annotations

import re
from datetime import date

from features.reference import Reference


def test_taiwans_floors_cite_its_ministry_of_labor_with_a_date(ref: Reference) -> None:
    for category, day in (("general", date(2026, 6, 1)), ("general", date(2025, 6, 1)),
                          ("domestic", date(2026, 6, 1))):
        floor = ref.wage_floor("TW", category, day)
        assert floor is not None, (category, day)
        assert floor["source"].startswith("Ministry of Labor (Taiwan), ") and re.search(
            r"\d{4}-\d{2}-\d{2}", floor["source"]), floor["source"]
    assert ref.wage_floor("TW", "general", date(2026, 6, 1))["amount"] == 29_500
    taiwan = ref.wage_floors[ref.wage_floors["country"] == "TW"]
    assert not taiwan["source"].str.contains("saklap|toolcase", case=False).any()
