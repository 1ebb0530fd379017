"""The page checks the browser tests run, on a stand-in driver (known answers, no browser)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.api.page_checks import scheme_words_out_of_place


@dataclass
class _Card:
    text: str
    country: str

    def get_attribute(self, name: str) -> str | None:
        return self.country if name == "data-country" else None


@dataclass
class _Driver:
    cards: list[_Card]

    def find_elements(self, by: str, selector: str) -> list[Any]:
        assert (by, selector) == ("css selector", "#results .card")
        return list(self.cards)


def test_a_schemes_word_is_right_on_its_own_countrys_card_only() -> None:
    japan = _Card("Pekerja perawatan di panti, Jepang. Kurang: Teknik perawatan kaigo", "JP")
    taiwan = _Card("Pengasuh lansia, Taiwan. Kurang: Teknik perawatan Kaigo", "TW")
    welder = _Card("Tukang las, Korea Selatan. Kaigokan is a word of no scheme", "KR")
    assert scheme_words_out_of_place(_Driver([japan, welder])) == {}
    found = scheme_words_out_of_place(_Driver([japan, taiwan, welder]))
    assert list(found) == ["kaigo on a TW card"] and "Taiwan" in found["kaigo on a TW card"]
