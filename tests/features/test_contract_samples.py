"""The five test contracts (``contracts/manifest.json``): every planted substitution is found, alone and all
together, and the faithful contracts give no mismatch, unlawful or missing finding, as text and as PDF."""

from __future__ import annotations

import pytest

from tests.features.contract_samples import Format, Substitution, check, false_findings, found, manifest

FORMATS = manifest()[1]
CASES = [(f, s) for f in FORMATS for s in f.substitutions]


def test_the_test_data_covers_five_formats_and_the_subtle_substitutions() -> None:
    assert len(FORMATS) == 5 and all(f.source_note and "[gen]" in f.source_note or "(" in f.source_note
                                     for f in FORMATS)
    subtle = " ".join(s.subtle for _, s in CASES)
    for kind in ("net versus gross", "per-day rate", "7 monthly", "other language only", "in words"):
        assert kind in subtle, kind


@pytest.mark.parametrize("as_pdf", [False, True], ids=["text", "pdf"])
@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.id)
def test_a_faithful_contract_gives_no_finding_but_ok(fmt: Format, as_pdf: bool) -> None:
    result = check(fmt, fmt.source, as_pdf)
    assert false_findings(result) == []
    assert {f.topic for f in result.findings} >= {"employer", "job", "contract_length", "wage", "hours", "rest_days",
                                                  "annual_leave"}


@pytest.mark.parametrize("as_pdf", [False, True], ids=["text", "pdf"])
@pytest.mark.parametrize(("fmt", "sub"), CASES, ids=[s.id for _, s in CASES])
def test_each_planted_substitution_is_found(fmt: Format, sub: Substitution, as_pdf: bool) -> None:
    result = check(fmt, fmt.planted(sub), as_pdf)
    assert found(result, sub), [(f.topic, f.kind, f.message_en) for f in result.findings]
    hit = next(f for f in result.findings if f.topic == sub.topic and f.kind in sub.kinds)
    assert hit.clause is not None and hit.rule.source  # the contract sentence and the rule's source


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.id)
def test_all_substitutions_together_are_found_worst_first(fmt: Format) -> None:
    result = check(fmt, fmt.planted(*fmt.substitutions), as_pdf=False)
    assert all(found(result, s) for s in fmt.substitutions)
    kinds = [f.kind for f in result.findings]
    order = ["unlawful", "mismatch", "missing", "ok"]
    assert kinds == sorted(kinds, key=order.index)
    assert result.money_idr > 0


def _one(fmt_id: str, sub_id: str, as_pdf: bool = False):  # type: ignore[no-untyped-def]
    fmt = next(f for f in FORMATS if f.id == fmt_id)
    sub = next(s for s in fmt.substitutions if s.id == sub_id)
    result = check(fmt, fmt.planted(sub), as_pdf)
    return result, next(f for f in result.findings if f.topic == sub.topic and f.kind in sub.kinds)


def test_net_pay_is_compared_not_the_gross_figure() -> None:
    result, f = _one("hk_id407", "hk-net-vs-gross")
    assert f.clause is not None and f.clause.value["basis"] == "net" and f.clause.value["amount"] == 4600
    assert f.money_local == pytest.approx(500 * 24) and any("gross" in n[0] for n in f.notes)


def test_an_agency_fee_spread_over_seven_months_is_counted_whole() -> None:
    _, f = _one("hk_id407", "hk-fee-7-months")
    assert f.rule.id == "FEE_ZERO_COST" and f.money_local == pytest.approx(7000)
    assert f.clause is not None and f.clause.value["instalments"] == 7 and "7 instalments" in f.message_en
    assert "UU 18/2017 Pasal 30" in f.rule.source


@pytest.mark.parametrize("as_pdf", [False, True], ids=["text", "pdf"])
def test_a_passport_clause_in_one_language_only_is_found_and_said_so(as_pdf: bool) -> None:
    _, f = _one("hk_id407", "hk-passport-indonesian-only", as_pdf)
    assert f.rule.id == "PASSPORT_RETAINED" and f.clause is not None and f.clause.sentence.lang == "id"
    assert any("only in the Indonesian text" in n[0] for n in f.notes)
    _, g = _one("tw_manufacturing", "tw-passport-english-only", as_pdf)
    assert any("only in the English text" in n[0] for n in g.notes)


def test_a_day_rate_and_an_hour_rate_are_turned_into_a_month_before_comparing() -> None:
    _, day = _one("my_plantation", "my-day-rate")
    assert day.difference is not None and day.difference["amount"] == pytest.approx(60 * 6 * 52 / 12 - 1700, abs=0.01)
    _, hour = _one("tw_manufacturing", "tw-hourly-rate")
    assert hour.difference is not None
    assert hour.difference["amount"] == pytest.approx(160 * 40 * 52 / 12 - 29500, abs=0.01)
    _, korea = _one("kr_eps", "kr-last-years-hourly-rate")
    assert korea.rule.id == "PAY_BELOW_FLOOR" and "legalclarity" in (korea.source or "")


def test_words_lower_than_digits_and_a_loan_in_words_are_read() -> None:
    _, words = _one("me_domestic", "me-words-lower-than-digits")
    assert words.difference is not None and words.difference["amount"] == pytest.approx(-300)
    _, loan = _one("my_plantation", "my-loan-in-words")
    assert loan.clause is not None and loan.clause.value["total"] == 25_000_000
    assert loan.clause.value["currency"] == "IDR" and loan.money_idr == pytest.approx(25_000_000)


def test_the_result_says_what_to_do_and_whom_to_call_with_sources() -> None:
    fmt = next(f for f in FORMATS if f.id == "hk_id407")
    data = check(fmt, fmt.planted(*fmt.substitutions), as_pdf=False).to_dict()
    assert data["summary"]["unlawful"] >= 3 and data["money_at_stake"]["idr"] > 0
    assert "Jangan tanda tangani" in data["help"]["advice"]["id"]
    contacts = data["help"]["contacts"]
    assert contacts[0]["contact"].startswith("2157 9537") and all(c["source"] for c in contacts)
    assert any("0800-1000" in c["contact"] for c in contacts)
    first = data["findings"][0]
    assert first["kind"] == "unlawful" and first["rule"]["source"] and first["contract_sentence"]
    assert first["advice"]["en"] and first["message_id"] and first["message_en"]
