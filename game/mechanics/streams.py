"""One seeded random stream per source of chance.

Each stream is keyed by a name ("demand", "foundry:tsmc-arizona", "player:grid") and seeded from
the campaign's seed and that name alone (numpy's SeedSequence with the name's CRC as spawn key).
So the world's dice never depend on the player's: a grid request draws from "player:grid" and
leaves the demand path as it was, and a new draw in one place shifts no other stream.
"""

from __future__ import annotations

import random
import zlib

import numpy as np


class Streams:
    """The campaign's random streams, made on first use and kept for the whole campaign."""

    __slots__ = ("seed", "_by_name")

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._by_name: dict[str, random.Random] = {}

    def __call__(self, name: str) -> random.Random:
        stream = self._by_name.get(name)
        if stream is None:
            sequence = np.random.SeedSequence(self.seed, spawn_key=(zlib.crc32(name.encode()),))
            stream = random.Random(int(sequence.generate_state(1, np.uint64)[0]))
            self._by_name[name] = stream
        return stream

    def names(self) -> list[str]:
        """The streams drawn from so far (for the inspector and tests)."""
        return sorted(self._by_name)
