"""Pay, time and charges of a contract against the job order and the law (used by ``compare.Checker``).

Monthly pay from a daily rate is rate × working days a month (the contract's, else its days a week × 52/12,
else the job order's hours a week ÷ 8 × 52/12, as ``features.listings.monthly_salary`` does); from an hourly
rate, rate × hours a month (the contract's, else its hours a week × 52/12). What the worker receives is the
net wage when the contract states one, else the gross wage.
"""

from __future__ import annotations

from typing import Any

from features.contracts.checker import Checker, fmt, num
from features.contracts.clause import Clause
from features.contracts.rules import RULES
from features.contracts.terms import DAYS_PER_MONTH, WEEKS_PER_MONTH

PAY_TOLERANCE = 0.005
_LABEL = {"placement": ("agency or placement fee", "biaya agensi/penempatan"),
          "training": ("training fee", "biaya pelatihan"), "loan": ("loan repayment", "cicilan pinjaman"),
          "travel_documents": ("ticket, visa, medical or document cost", "biaya tiket, visa, medis atau dokumen"),
          "insurance": ("insurance", "asuransi"), "savings": ("compulsory savings or deposit",
                                                             "tabungan wajib atau uang jaminan"),
          "accommodation": ("accommodation charge", "biaya tempat tinggal"), "food": ("food charge", "biaya makan"),
          "levy": ("levy", "levi"), "utilities": ("utilities charge", "biaya listrik/air"),
          "statutory": ("tax or statutory insurance", "pajak atau asuransi wajib negara tujuan"),
          "other": ("deduction", "potongan")}


def _fmt(chk: Checker, amount: float, lang: str) -> str:
    return fmt(amount, chk.cur, lang)


def monthly_of(chk: Checker, c: Clause) -> tuple[float | None, tuple[str, str]]:
    """A wage clause -> (monthly amount in the job order's currency, how the month was made up in English and
    Indonesian)."""
    v = c.value
    amount = v["amount"] if v.get("amount_in_words") is None else min(v["amount"], v["amount_in_words"])
    amount = chk.convert(amount, v.get("currency"))
    if amount is None:
        return None, ("the currency has no known rate", "kurs mata uangnya tidak diketahui")
    period = v.get("period") or "month"
    if period == "month":
        return amount, ("per month", "per bulan")
    if period == "year":
        return amount / 12, ("per year ÷ 12", "per tahun ÷ 12")
    if period == "week":
        return amount * WEEKS_PER_MONTH, ("per week × 52/12", "per minggu × 52/12")
    if period == "day":
        # what the rate pays for the job order's working days (hours a week / 8), else the contract's days
        if chk.o.hours_per_week:
            d = chk.o.hours_per_week / 8
            return amount * d * WEEKS_PER_MONTH, (
                f"per day × {num(d)} days a week (job order hours ÷ 8) × 52/12",
                f"per hari × {num(d, 'id')} hari seminggu (jam job order ÷ 8) × 52/12")
        if v.get("days_per_month"):
            d = v["days_per_month"]
            return amount * d, (f"per day × {num(d)} working days", f"per hari × {num(d, 'id')} hari kerja")
        if [h for h in chk.r.of("hours") if h.value.get("days_per_week")] or chk.r.of("rest_days"):
            d = chk.weekly_days()
            return amount * d * WEEKS_PER_MONTH, (f"per day × {num(d)} days a week × 52/12",
                                                  f"per hari × {num(d, 'id')} hari seminggu × 52/12")
        return None, ("per day, working days unknown", "per hari, jumlah hari kerja tidak diketahui")
    if period == "hour":
        # the contract's own monthly hours basis if it states one (e.g. Korea's 209 h), else the job order's hours
        if v.get("hours_per_month"):
            h = v["hours_per_month"]
            return amount * h, (f"per hour × {num(h)} hours a month", f"per jam × {num(h, 'id')} jam sebulan")
        week = chk.o.hours_per_week or chk.contract_hours_week()[0]
        if week:
            return amount * week * WEEKS_PER_MONTH, (f"per hour × {num(week)} hours a week × 52/12",
                                                     f"per jam × {num(week, 'id')} jam seminggu × 52/12")
    return None, (f"per {period}, hours unknown", f"per {period}, jam kerja tidak diketahui")


def wage(chk: Checker) -> None:
    clauses = chk.r.of("wage")
    if not clauses:
        chk.add("wage", "MISSING_WAGE", "The contract does not state the wage.", "Kontrak tidak menyebut gaji.",
                advert_field="salary_amount", advert_value=chk.o.salary_amount)
        return
    read = [(c, *monthly_of(chk, c)) for c in clauses]
    usable = [(c, m, how) for c, m, how in read if m is not None]
    if not usable:
        c, _, how = read[0]
        chk.ok("wage", f"The wage could not be turned into a monthly amount ({how[0]}).",
               f"Gaji tidak bisa dihitung per bulan ({how[1]}).", c)
        return
    nets = [x for x in usable if x[0].value.get("basis") == "net"]
    gross = [x for x in usable if x[0].value.get("basis") != "net"]
    received = min(nets or gross, key=lambda x: x[1])
    c, monthly, how = received
    advert = chk.advert_monthly
    floor = chk.ref.wage_floor(chk.o.country, chk.wage_category, chk.as_of)
    floor_monthly = None
    if floor and floor["period"] == "month":
        floor_monthly = chk.convert(floor["amount"], floor["currency"])
    elif floor and floor.get("hours_basis_per_month"):
        floor_monthly = chk.convert(floor["amount"] * floor["hours_basis_per_month"], floor["currency"])
    notes: list[tuple[str, str]] = []
    if c.value.get("amount_in_words") is not None:
        notes.append(("The amount in words differs from the amount in digits; the lower one is used.",
                      "Jumlah dalam huruf berbeda dari angka; yang lebih rendah dipakai."))
    if nets and gross and c in [x[0] for x in nets]:
        g = max(gross, key=lambda x: x[1])[1]
        notes.append((f"The gross wage is {_fmt(chk, g, 'en')}; what you receive (net) is {_fmt(chk, monthly, 'en')}.",
                      f"Gaji kotor {_fmt(chk, g, 'id')}; yang Anda terima (bersih) {_fmt(chk, monthly, 'id')}."))
    if c.value.get("period") not in (None, "month"):
        notes.append((f"Monthly pay worked out {how[0]}.", f"Gaji bulanan dihitung {how[1]}."))
    shortfall = max(0.0, (advert or 0.0) - monthly)
    below_floor = floor_monthly is not None and monthly + 1e-6 < floor_monthly * (1 - 1e-9)
    if below_floor:
        shortfall = max(shortfall, (floor_monthly or 0.0) - monthly)
    itemised = sum(d.value.get("per_instalment") or 0.0 for d in chk.r.of("deduction")
                   if d.value.get("recurring") and d.value.get("category") != "statutory")
    if c.value.get("basis") == "net":
        shortfall = max(0.0, shortfall - itemised)  # the listed deductions carry their own money at stake
    diff = {"amount": round(monthly - advert, 2) if advert else None, "unit": f"{chk.cur}/month",
            "percent": round(100 * (monthly - advert) / advert, 1) if advert else None}
    kw: dict[str, Any] = {"advert_field": "salary_amount", "advert_value": advert, "difference": diff,
                          "notes": notes}
    if below_floor and floor:
        f = chk.add("wage", "PAY_BELOW_FLOOR",
                    f"You would receive {_fmt(chk, monthly, 'en')} a month, below the legal minimum of "
                    f"{floor['amount']:,.0f} {floor['currency']}/{floor['period']}.",
                    f"Anda akan menerima {_fmt(chk, monthly, 'id')} sebulan, di bawah upah minimum resmi "
                    f"{floor['amount']:,.0f} {floor['currency']}/{floor['period']}.", c,
                    money_local=shortfall * chk.months, **kw)
        f.source = f"{floor['source']} (effective {floor['effective_from'].isoformat()})"
    elif advert and monthly < advert * (1 - PAY_TOLERANCE):
        chk.add("wage", "PAY_LOWER",
                f"You would receive {_fmt(chk, monthly, 'en')} a month; the job order promises "
                f"{_fmt(chk, advert, 'en')}: {_fmt(chk, advert - monthly, 'en')} "
                f"({100 * (advert - monthly) / advert:.0f}%) "
                "less every month.",
                f"Anda akan menerima {_fmt(chk, monthly, 'id')} sebulan; job order menjanjikan "
                f"{_fmt(chk, advert, 'id')}: {_fmt(chk, advert - monthly, 'id')} "
                f"({100 * (advert - monthly) / advert:.0f}%) lebih sedikit setiap bulan.", c,
                money_local=shortfall * chk.months, **kw)
    else:
        chk.ok("wage", f"The wage ({_fmt(chk, monthly, 'en')} a month) is at least what the job order promises.",
               f"Gaji ({_fmt(chk, monthly, 'id')} sebulan) tidak kurang dari janji job order.", c, **kw)


def hours(chk: Checker) -> None:
    week, c = chk.contract_hours_week()
    if week is None:
        chk.add("hours", "MISSING_HOURS", "The contract does not state the working hours.",
                "Kontrak tidak menyebut jam kerja.", advert_field="hours_per_week", advert_value=chk.o.hours_per_week)
        return
    want = chk.o.hours_per_week
    kw: dict[str, Any] = {"advert_field": "hours_per_week", "advert_value": want}
    if want and week > want + 0.5:
        extra = week - want
        hourly = chk.advert_monthly / (want * WEEKS_PER_MONTH) if chk.advert_monthly else None
        money = extra * WEEKS_PER_MONTH * hourly * chk.months if hourly else None
        chk.add("hours", "HOURS_LONGER",
                f"The contract has you work {num(week)} hours a week; the job order says {num(want)}: "
                f"{num(extra)} hours more every week.",
                f"Kontrak meminta Anda bekerja {num(week, 'id')} jam seminggu; job order menyebut {num(want, 'id')}: "
                f"{num(extra, 'id')} jam lebih banyak setiap minggu.", c,
                difference={"amount": round(extra, 2), "unit": "hours/week"},
                money_local=money, **kw)
        return
    chk.ok("hours", f"Working hours ({num(week)} a week) are within the job order's.",
           f"Jam kerja ({num(week, 'id')} seminggu) tidak lebih dari job order.", c, **kw)


def rest(chk: Checker) -> None:
    clauses = chk.r.of("rest_days")
    if not clauses:
        chk.add("rest_days", "MISSING_REST", "The contract does not state the rest days.",
                "Kontrak tidak menyebut hari libur.", advert_field="rest_days_per_month",
                advert_value=chk.o.rest_days_per_month)
        return
    c = min(clauses, key=lambda x: x.value["per_month"])
    days, want = float(c.value["per_month"]), chk.o.rest_days_per_month
    kw: dict[str, Any] = {"advert_field": "rest_days_per_month", "advert_value": want}
    fewer = want is not None and days < want - 0.25
    money = None
    if fewer and want is not None and chk.advert_monthly:
        money = (want - days) * chk.advert_monthly / (DAYS_PER_MONTH - want) * chk.months
    if fewer and want is not None:
        kw["difference"] = {"amount": round(days - want, 2), "unit": "days/month"}
    shown_en, shown_id = f"{days:.1f}".rstrip("0").rstrip("."), f"{days:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    if days < 1:
        rule = "NO_REST_DAY"
    elif days < 4 and chk.o.country in {"HK", "MY", "BN"}:
        rule = "REST_BELOW_MINIMUM"
    elif fewer:
        rule = "REST_FEWER"
    else:
        chk.ok("rest_days", f"Rest days ({shown_en} a month) are at least the job order's.",
               f"Hari libur ({shown_id} sebulan) tidak kurang dari job order.", c, **kw)
        return
    chk.add("rest_days", rule,
            f"The contract gives {shown_en} rest days a month; the job order gives "
            f"{want if want is not None else '?'}.",
            f"Kontrak memberi {shown_id} hari libur sebulan; job order memberi "
            f"{want if want is not None else '?'}.", c, money_local=money, **kw)


def leave(chk: Checker) -> None:
    clauses = chk.r.of("annual_leave")
    if not clauses:
        chk.add("annual_leave", "MISSING_LEAVE", "The contract does not state the annual leave.",
                "Kontrak tidak menyebut cuti tahunan.")
        return
    days = clauses[0].value.get("days")
    chk.ok("annual_leave", f"Annual leave: {days:g} days." if days else "The contract states annual leave.",
           f"Cuti tahunan: {days:g} hari." if days else "Kontrak menyebut cuti tahunan.", clauses[0])


def _total(chk: Checker, v: dict[str, Any]) -> float | None:
    total = v.get("total")
    if total is None and v.get("per_instalment") is not None:
        total = v["per_instalment"] * (v.get("instalments") or chk.months)
    return chk.convert(total, v.get("currency")) if total is not None else None


def deductions(chk: Checker) -> None:
    seen: set[tuple[str, float]] = set()
    fee_idr = chk.ref.to_idr(chk.o.worker_fee_amount or 0.0, chk.o.worker_fee_currency or "IDR") or 0.0
    disclosed = chk.convert(chk.o.worker_fee_amount or 0.0, chk.o.worker_fee_currency or "IDR") or 0.0
    charged_idr = 0.0
    for c in chk.r.of("deduction"):
        v = c.value
        total = _total(chk, v)
        key = (v["category"], round(total or v.get("per_instalment") or 0.0, 0))
        if key in seen:
            continue  # the same charge in the other language
        seen.add(key)
        what_en, what_id = _LABEL.get(v["category"], _LABEL["other"])
        schedule_en, schedule_id = _schedule_words(chk, v)
        kw: dict[str, Any] = {"advert_field": "worker_fee_amount", "advert_value": chk.o.worker_fee_amount,
                              "difference": {"amount": round(total, 2) if total else None, "unit": chk.cur}}
        amount_en = _fmt(chk, total, "en") if total else v.get("amount_text", "")
        amount_id = _fmt(chk, total, "id") if total else v.get("amount_text", "")
        if total and v.get("currency") not in (None, chk.cur):
            amount_en = f"{v.get('amount_text', '')} (= {amount_en})"
            amount_id = f"{v.get('amount_text', '')} (= {amount_id})"
        if v["category"] == "statutory":
            chk.ok("deduction", f"A statutory deduction in the destination ({what_en}, {amount_en}{schedule_en}).",
                   f"Potongan wajib menurut hukum negara tujuan ({what_id}, {amount_id}{schedule_id}).", c, **kw)
            continue
        article = "an" if what_en[:1] in "aeiou" else "a"
        base_en = f"The contract charges you {article} {what_en} of {amount_en}{schedule_en}."
        base_id = f"Kontrak membebankan {what_id} sebesar {amount_id}{schedule_id}."
        if v["category"] in ("placement", "training", "loan", "travel_documents", "insurance"):
            total_idr = chk.ref.to_idr(total, chk.cur or "") if total else None
            charged_idr += total_idr or 0.0
            if chk.zero_cost and chk.o.country != "TW":
                chk.add("deduction", "FEE_ZERO_COST", base_en + " This job must cost you nothing.",
                        base_id + " Jabatan ini wajib bebas biaya bagi pekerja.", c, money_local=total, **kw)
                continue
            if v.get("from_wages") and v["category"] in ("placement", "training", "loan"):
                chk.add("deduction", "DEBT_BONDAGE", base_en + " It is taken from your wages.",
                        base_id + " Biaya ini dipotong dari gaji Anda.", c, money_local=total, **kw)
                continue
            cap = chk.ref.fee_cap_idr(chk.o.country, chk.wage_category)
            if cap is not None and charged_idr > cap["max_idr"]:
                f = chk.add("deduction", "FEE_ABOVE_CAP", base_en, base_id, c, money_local=total, **kw)
                f.source = f"{RULES['FEE_ABOVE_CAP'].source}; {cap['source']}"
                continue
            if charged_idr > fee_idr + 1:
                excess = min(total or 0.0, max(0.0, (charged_idr - fee_idr) / (chk.ref.fx.get(chk.cur or "", 1.0))))
                chk.add("deduction", "NEW_DEDUCTION",
                        base_en + f" The job order discloses a worker fee of {_fmt(chk, disclosed, 'en')}.",
                        base_id + f" Job order hanya menyebut biaya pekerja {_fmt(chk, disclosed, 'id')}.", c,
                        money_local=excess, **kw)
                continue
            chk.ok("deduction", base_en + " It is within the fee the job order discloses.",
                   base_id + " Masih dalam biaya yang disebut job order.", c, **kw)
            continue
        if v["category"] == "savings":
            chk.add("deduction", "WAGES_WITHHELD", base_en, base_id, c, money_local=total, **kw)
        elif v["category"] in ("accommodation", "food") and chk.o.country == "HK":
            chk.add("deduction", "HK_BOARD_NOT_FREE", base_en, base_id, c, money_local=total, **kw)
        elif v["category"] == "accommodation" and chk.o.accommodation_provided:
            chk.add("deduction", "ACCOMMODATION_WITHDRAWN",
                    base_en + " The job order provides accommodation.",
                    base_id + " Job order menyediakan tempat tinggal.", c, money_local=total, **kw)
        else:
            chk.add("deduction", "NEW_DEDUCTION", base_en + " The job order does not mention it.",
                    base_id + " Job order tidak menyebutnya.", c, money_local=total, **kw)


def _schedule_words(chk: Checker, v: dict[str, Any]) -> tuple[str, str]:
    n, per = v.get("instalments"), v.get("per_instalment")
    if per is not None and n:
        return (f", taken as {n} instalments of {_fmt(chk, chk.convert(per, v.get('currency')) or per, 'en')}",
                f", dipotong {n} kali masing-masing {_fmt(chk, chk.convert(per, v.get('currency')) or per, 'id')}")
    if per is not None and v.get("recurring"):
        months = f"{chk.months:g}"
        return (f" over {months} months ({_fmt(chk, chk.convert(per, v.get('currency')) or per, 'en')} a month)",
                f" selama {months} bulan ({_fmt(chk, chk.convert(per, v.get('currency')) or per, 'id')} sebulan)")
    return "", ""
