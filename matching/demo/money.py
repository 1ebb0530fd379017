"""Money in the demo data: legal wage floors and placement-cost caps (cached per Reference), currency
conversion, rounding to the steps employers quote, number and money formatting in Indonesian and English, and
the pay a listing offers (a market spread above the floor in force, or under it for the ``below_floor`` flaw).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Any

from features.listings import monthly_salary
from features.reference import Reference
from matching.demo.sampling import Rng
from matching.demo.world import ME, OCC_PAY_MULT, PAY, PAY_OCC, C, H, S, Tables

# the step a quoted amount is rounded to, per currency (monthly, hourly, daily pay)
_STEP: dict[str, float] = {"HKD": 50, "TWD": 100, "MYR": 50, "SGD": 10, "JPY": 1000, "KRW": 10000, "SAR": 50,
                           "AED": 50, "QAR": 50, "KWD": 5, "OMR": 5, "BHD": 5, "JOD": 5, "BND": 10, "EUR": 50,
                           "TRY": 500, "PLN": 50, "USD": 10}
_STEP_HOUR: dict[str, float] = {"JPY": 10, "KRW": 10, "PLN": 0.5, "TWD": 1}
_STEP_DAY: dict[str, float] = {"BND": 1, "MYR": 1}

_SYMBOL = {"HKD": "HK$", "TWD": "NT$", "MYR": "RM", "SGD": "S$", "KRW": "₩", "JPY": "¥", "BND": "B$", "USD": "US$",
           "EUR": "€", "IDR": "Rp"}


def wage_floor(t: Tables, ref: Reference, country: str, category: str, on: date) -> dict[str, Any] | None:
    """``ref.wage_floor`` with the same answer, looked up from the floor periods read once per Reference."""
    key = (country, category, on)
    if key in t.floors:
        return t.floors[key]
    if not t.floor_periods:
        wf = ref.wage_floors
        for c, cat_, start, end in zip(wf["country"], wf["wage_category"], wf["effective_from"],
                                       wf["effective_until"], strict=True):
            d0 = date.fromisoformat(start)
            d1 = date.fromisoformat(end) if end else None
            t.floor_periods.setdefault((c, cat_), []).append((d0, d1, ref.wage_floor(c, cat_, d0)))
        t.floor_periods.setdefault(("", ""), [])
    best = None
    for d0, d1, found in t.floor_periods.get((country, category), []):
        if d0 <= on and (d1 is None or on < d1) and (best is None or d0 > best[0]):
            best = (d0, found)
    t.floors[key] = best[1] if best else None
    return t.floors[key]


def cap_idr(t: Tables, ref: Reference, country: str, category: str) -> float | None:
    """``ref.fee_cap_idr``'s cap in IDR (None without a cap), cached per Reference."""
    key = (country, category)
    if key not in t.caps:
        cap = ref.fee_cap_idr(country, category)
        t.caps[key] = cap["max_idr"] if cap else None
    return t.caps[key]


def convert(amount: float, from_cur: str, to_cur: str, fx: dict[str, float]) -> float | None:
    """``amount`` in ``to_cur`` through the reference rates; None when a rate is missing."""
    if from_cur == to_cur:
        return amount
    a, b = fx.get(from_cur), fx.get(to_cur)
    if not a or not b:
        return None
    return amount * a / b


def _floor_requirement(floor: dict[str, Any], period: str, hours_per_week: float, currency: str,
                      fx: dict[str, float]) -> float | None:
    """The least pay per ``period`` (in ``currency``) that meets ``floor`` under every reading of it.

    The monthly floor is compared with monthly pay (``monthly_salary``); when the floor comes with an hours
    basis (KR: 209 h), an hourly rate of at least floor / basis is also required; an hourly or daily floor is
    converted to a month with the listing's hours. None when the currencies cannot be converted.
    """
    amount = convert(float(floor["amount"]), floor["currency"], currency, fx)
    if amount is None:
        return None
    fper = floor.get("period") or "month"
    monthly_hours = hours_per_week * 52 / 12
    need_month = monthly_salary(amount, fper, hours_per_week) if fper != "month" else amount
    if need_month is None:
        return None
    basis = floor.get("hours_basis_per_month")
    if fper == "month" and basis and monthly_hours > basis:
        need_month = max(need_month, amount * monthly_hours / basis)
    # back to the listing's period
    per_month_unit = monthly_salary(1.0, period, hours_per_week) if period != "month" else 1.0
    return need_month / per_month_unit if per_month_unit else None


def ceil_to(x: float, step: float) -> float:
    """``x`` rounded up to a multiple of ``step``."""
    return math.ceil(x / step - 1e-9) * step


def floor_to(x: float, step: float) -> float:
    """``x`` rounded down to a multiple of ``step``."""
    return math.floor(x / step + 1e-9) * step


def amount_str(x: float) -> str:
    """An amount for a CSV cell: no decimals when whole, else two."""
    if abs(x - round(x)) < 1e-6:
        return str(int(round(x)))
    return f"{x:.2f}"


def number_text(x: float, lang: str) -> str:
    """``x`` with thousands separators as written in ``lang`` (Indonesian: 1.234,5; English: 1,234.5)."""
    s = f"{int(round(x)):,}" if abs(x - round(x)) < 1e-6 else f"{x:,.2f}".rstrip("0")
    if lang == "id":
        s = s.replace(",", "_").replace(".", ",").replace("_", ".")
    return s


def money_text(x: float, cur: str, lang: str) -> str:
    """``x`` with its currency symbol (or code) as written in ``lang``."""
    sym = _SYMBOL.get(cur)
    return f"{sym}{number_text(x, lang)}" if sym else f"{cur} {number_text(x, lang)}"


PERIOD_WORD = {"id": {"month": "bulan", "day": "hari", "hour": "jam"}, "en": {"month": "month", "day": "day",
                                                                             "hour": "hour"}}


# ---- the pay a listing offers -------------------------------------------------------------------------

def _pay_setup(rng: Rng, t: Tables, country: str, occ: str, channel: str) -> tuple[str, float, float, str, float]:
    """Currency, market low/high per month, period, hours per week."""
    o = t.occ[occ]
    group = H if channel in (H, "household_closed") else (S if channel == S else C)
    spec = PAY_OCC.get((country, occ))
    if spec:
        cur, lo, hi = spec
    else:
        table = PAY[country]
        cur, lo, hi = table.get(group) or table[C]
        mult = OCC_PAY_MULT.get(o.sector, 1.0) if group == C else 1.0
        lo, hi = lo * mult, hi * mult
    period = "month"
    if group == C:
        if country == "JP" and occ not in ("nurse",) and rng.chance(0.45):
            period = "hour"
        elif country == "KR" and rng.chance(0.25):
            period = "hour"
        elif country == "PL" and rng.chance(0.2):
            period = "hour"
        elif country == "BN" and rng.chance(0.5):
            period = "day"
        elif country == "MY" and o.sector in ("construction", "agriculture") and rng.chance(0.15):
            period = "day"
    if group != C:
        hours = float(rng.pick([48, 54, 60]))
    elif o.sector == "fishing" and occ == "fishing_vessel_crew":
        hours = float(rng.pick([56, 60, 72]))
    elif country == "IT" and o.sector in ("hospitality", "food_service"):
        hours = float(rng.pick([60, 66, 70]))
    elif country == "DE":
        hours = float(rng.pick([38.5, 39, 40]))
    elif country == "JP":
        hours = 40.0
    elif country == "KR":
        hours = float(rng.pick([48, 52])) if period == "hour" else float(rng.pick([40, 44, 48, 52]))
    elif period == "day":
        hours = 48.0
    elif country in ME:
        hours = float(rng.pick([48, 54, 60]))
    else:
        hours = float(rng.pick([40, 44, 48]))
    return cur, lo, hi, period, hours


def listing_pay(rng: Rng, t: Tables, ref: Reference, country: str, occ: str, channel: str, emp_type: str,
                dates: Sequence[date], below: bool) -> tuple[float, str, str, float]:
    """Amount, currency, period and hours per week of a listing's pay.

    Clean pay is drawn from the corridor's market range and lifted to at least the floor in force on every date
    of ``dates`` (under every reading of it); with ``below`` it is 74-93 % of the most lenient floor instead.
    """
    cur, lo, hi, period, hours = _pay_setup(rng, t, country, occ, channel)
    category = "domestic" if emp_type == "household" else t.occ[occ].wage_category
    floors = [f for f in (wage_floor(t, ref, country, category, d) for d in dates) if f]
    unit = monthly_salary(1.0, period, hours) if period != "month" else 1.0
    assert unit
    step = {"hour": _STEP_HOUR, "day": _STEP_DAY}.get(period, _STEP).get(cur, 1 if period != "month" else 10)
    if below:
        lenient = []
        for f in floors:
            amt = convert(float(f["amount"]), f["currency"], cur, t.fx)
            if amt is not None:
                fm = monthly_salary(amt, f["period"], hours) if f["period"] != "month" else amt
                if fm:
                    lenient.append(fm / unit)
        if f_hours := [f for f in floors if f["period"] == "month" and f.get("hours_basis_per_month")]:
            # an hourly rate that looks normal but is below the floor's hourly equivalent too
            for f in f_hours:
                amt = convert(float(f["amount"]), f["currency"], cur, t.fx)
                if amt is not None and period == "hour":
                    lenient.append(amt / f["hours_basis_per_month"])
        base = min(lenient)
        amount = floor_to(base * rng.uniform(0.74, 0.93), step)
        if not 0 < amount < base:
            amount = round(base * 0.85, 2)
        return amount, cur, period, hours
    market = rng.uniform(lo, hi) / unit
    need = [r for r in (_floor_requirement(f, period, hours, cur, t.fx) for f in floors) if r]
    if need:
        market = max(market, max(need) * rng.uniform(1.0, 1.06))
    return ceil_to(market, step), cur, period, hours

