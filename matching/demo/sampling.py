"""The random draws of the demo generator: one block-buffered stream per part, weighted tables, quotas and
typos. Every draw of ``generate_demo`` goes through these, in a fixed order, so the output is deterministic."""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from typing import Any

import numpy as np


class Rng:
    """Cheap scalar draws from one numpy Generator (uniforms drawn in blocks, consumed in order)."""

    __slots__ = ("gen", "_buf", "_i")

    def __init__(self, seed: np.random.SeedSequence) -> None:
        self.gen = np.random.default_rng(seed)
        self._buf: list[float] = []
        self._i = 0

    def u(self) -> float:
        """The next uniform draw in [0, 1)."""
        i = self._i
        if i >= len(self._buf):
            self._buf = self.gen.random(8192).tolist()
            i = 0
        self._i = i + 1
        return self._buf[i]

    def chance(self, p: float) -> bool:
        """True with probability ``p``."""
        return self.u() < p

    def randint(self, lo: int, hi: int) -> int:
        """Uniform integer in [lo, hi]."""
        return lo + min(int(self.u() * (hi - lo + 1)), hi - lo)

    def uniform(self, lo: float, hi: float) -> float:
        """Uniform float in [lo, hi)."""
        return lo + (hi - lo) * self.u()

    def pick(self, seq: Sequence[Any]) -> Any:
        """One item of ``seq``, uniformly."""
        return seq[min(int(self.u() * len(seq)), len(seq) - 1)]

    def sample(self, seq: Sequence[Any], k: int) -> list[Any]:
        """``k`` distinct items of ``seq`` in random order (partial Fisher-Yates)."""
        items = list(seq)
        k = min(k, len(items))
        for j in range(k):
            r = self.randint(j, len(items) - 1)
            items[j], items[r] = items[r], items[j]
        return items[:k]

    def normal(self) -> float:
        """A standard normal draw (Box-Muller on two uniforms)."""
        u1, u2 = self.u(), self.u()
        return math.sqrt(-2.0 * math.log(1.0 - u1)) * math.cos(2.0 * math.pi * u2)


class Table:
    """A weighted choice table."""

    __slots__ = ("items", "cum")

    def __init__(self, pairs: Sequence[tuple[Any, float]]) -> None:
        pairs = [(item, w) for item, w in pairs if w > 0]
        if not pairs:
            raise ValueError("empty weighted table")
        self.items = [item for item, _ in pairs]
        self.cum = list(np.cumsum([w for _, w in pairs], dtype=float))

    def draw(self, rng: Rng) -> Any:
        """One item, with probability proportional to its weight."""
        i = bisect.bisect_right(self.cum, rng.u() * self.cum[-1])
        return self.items[min(i, len(self.items) - 1)]


def quotas(weights: dict[str, float], total: int) -> dict[str, int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder; deterministic)."""
    s = sum(weights.values())
    raw = {k: total * w / s for k, w in weights.items()}
    out = {k: int(math.floor(v)) for k, v in raw.items()}
    rest = total - sum(out.values())
    for k in sorted(raw, key=lambda k: (-(raw[k] - out[k]), k))[:rest]:
        out[k] += 1
    return out


def typo(rng: Rng, text: str) -> str:
    """A small misspelling (drop, swap or double one inner letter) of a word of 6+ letters."""
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if not idx:
        return text
    wi = rng.pick(idx)
    w = words[wi]
    p = rng.randint(1, len(w) - 3)
    op = rng.randint(0, 2)
    if op == 0:
        w = w[:p] + w[p + 1:]
    elif op == 1:
        w = w[:p] + w[p + 1] + w[p] + w[p + 2:]
    else:
        w = w[:p] + w[p] + w[p:]
    words[wi] = w
    return " ".join(words)

