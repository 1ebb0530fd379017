"""One clause read from a contract: its topic, its values and the sentence it came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from features.contracts.layout import Sentence


@dataclass(frozen=True)
class Clause:
    """``topic`` (see ``clauses.TOPICS``), ``value`` (amounts, days, months, parties) and the ``sentence``."""

    topic: str
    value: dict[str, Any]
    sentence: Sentence

    def to_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "value": dict(self.value), "sentence": self.sentence.text,
                "lang": self.sentence.lang, "column": self.sentence.column}
