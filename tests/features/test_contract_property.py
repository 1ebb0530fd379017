"""Property: a contract written from a job order's own fields reports no mismatch (nor unlawful or missing) against
that job order, whatever the language layout, number format, currency style or way of stating the hours.

The contracts come from ``contract_maker`` (Indonesian, English or side by side; digits in local formats,
amounts repeated in words, currency as symbol, ISO code or name); hypothesis draws the job orders.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from features.contracts import JobOrder, check_text, check_upload
from features.contracts.numbers import words_to_number
from features.listings import ListingIn
from features.reference import load_reference
from tests.features.contract_maker import Style, make_contract, words_en, words_id
from tests.features.contract_samples import render_pdf, render_text

AS_OF = date(2026, 12, 1)
# country -> (currency, employer type, occupation (Indonesian, English), employers, cities)
CORRIDORS: dict[str, tuple[str, str, tuple[str, str], tuple[str, ...], tuple[str, ...]]] = {
    "HK": ("HKD", "household", ("Pengurus rumah tangga", "Domestic helper"), ("Mrs. CHAN Tai Man", "Mr. LEE Wing Kei"),
           ("Kowloon", "Sha Tin")),
    "TW": ("TWD", "company", ("Operator produksi", "Production operator"),
           ("Formosa Precision Electronics Co., Ltd.", "Tainan Textile Corporation"), ("Taoyuan", "Taichung")),
    "MY": ("MYR", "company", ("Pekerja perkebunan kelapa sawit", "Oil palm plantation worker"),
           ("Ladang Sawit Sejahtera Sdn. Bhd.", "Borneo Agro Berhad"), ("Sandakan", "Tawau")),
    "KR": ("KRW", "company", ("Operator produksi", "Production operator"), ("Daehan Metal Co., Ltd.",),
           ("Gimhae", "Ansan")),
    "SA": ("SAR", "company", ("Pengurus rumah tangga", "Housekeeper"), ("Al-Noor Manpower Company",), ("Riyadh",)),
    "SG": ("SGD", "household", ("Pengurus rumah tangga", "Domestic helper"), ("Mdm TAN Mei Ling",), ("Singapore",)),
}


def _floor(country: str, employer_type: str) -> float:
    ref = load_reference()
    floor = ref.wage_floor(country, "domestic" if employer_type == "household" else "general", AS_OF)
    return float(floor["amount"]) if floor and floor["period"] == "month" else 1000.0


@st.composite
def orders(draw: st.DrawFn) -> dict[str, Any]:
    country = draw(st.sampled_from(sorted(CORRIDORS)))
    currency, employer_type, (occ_id, occ_en), employers, cities = CORRIDORS[country]
    rest = draw(st.sampled_from([4, 5, 6, 8]))
    work_days = 6 if rest <= 5 else 5
    hours = work_days * draw(st.sampled_from([8, 9, 10]))
    floor = _floor(country, employer_type)
    salary = round(floor * draw(st.floats(1.0, 1.6)) / 10) * 10
    salary = max(salary, int(floor) + (0 if float(floor).is_integer() else 1))
    return {
        "listing_ref": "P-1", "title": f"{occ_id} / {occ_en}", "occupation": occ_id, "occupation_en": occ_en,
        "employer_name": draw(st.sampled_from(employers)), "employer_type": employer_type, "country": country,
        "city": draw(st.sampled_from(cities)), "salary_amount": salary, "salary_currency": currency,
        "salary_period": "month", "hours_per_week": hours, "rest_days_per_month": rest,
        "worker_fee_amount": 0, "worker_fee_currency": "IDR",
        "contract_months": draw(st.sampled_from([12, 18, 24, 36])),
        "accommodation_provided": draw(st.booleans()), "passport_held_by": "worker",
        "country_name": load_reference().row("countries", country)["name_en"],  # type: ignore[index]
    }


styles = st.builds(Style, layout=st.sampled_from(["id", "en", "side_by_side"]),
                   money=st.sampled_from(["symbol", "iso", "name"]), words=st.booleans(),
                   hours=st.sampled_from(["week", "day"]), labelled=st.booleans())


def _job_order(order: dict[str, Any]) -> JobOrder:
    fields = {k: v for k, v in order.items() if k not in ("occupation_en", "country_name")}
    return JobOrder.from_listing(ListingIn.model_validate(fields))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(order=orders(), style=styles)
def test_a_contract_written_from_the_job_order_reports_no_mismatch(order: dict[str, Any], style: Style) -> None:
    layout = "side_by_side" if style.layout == "side_by_side" else "plain"
    text = render_text(make_contract(order, style), layout)
    result = check_text(text, _job_order(order), as_of=AS_OF)
    bad = [f"{f.topic}:{f.kind}:{f.message_en}" for f in result.findings if f.kind != "ok"]
    assert not bad, f"{bad}\n---\n{text}"
    wage = next(f for f in result.findings if f.topic == "wage")
    assert wage.clause is not None and wage.clause.value["amount"] == order["salary_amount"], text
    assert result.months == order["contract_months"]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(order=orders(), style=styles)
def test_the_same_contract_as_a_pdf_reports_no_mismatch(order: dict[str, Any], style: Style) -> None:
    layout = "side_by_side" if style.layout == "side_by_side" else "plain"
    pdf = render_pdf(make_contract(order, style), layout)
    result = check_upload(pdf, _job_order(order), "generated.pdf", as_of=AS_OF)
    assert [f.kind for f in result.findings if f.kind != "ok"] == []


@given(st.integers(min_value=0, max_value=999_999_999))
def test_numbers_written_in_words_read_back(n: int) -> None:
    assert words_to_number(words_id(n).split()) == n
    assert words_to_number(words_en(n).replace("-", " ").split()) == n
