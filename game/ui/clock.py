"""The fixed-timestep game clock: one tick is one `session.step()` (one month).

An accumulator turns real seconds into months at the chosen speed, so the pace is steady whatever
the frame rate. At "max" the clock steps as many months as fit in a frame budget and then yields,
so the window keeps drawing and answering input. A step may pause the clock (an alert): the
months due after it are dropped.
"""

from __future__ import annotations

import time
from collections.abc import Callable

# speed index -> months per real second; index 4 is "max" (as fast as the frame budget allows)
SPEEDS = (0.0, 1.0, 2.0, 4.0, float("inf"))
SPEED_NAMES = ("pause", "1x", "2x", "4x", "max")
MAX_SPEED = len(SPEEDS) - 1
MAX_CATCH_UP = 4  # months a fixed speed may run in one frame after a hitch


class SimClock:
    def __init__(
        self,
        step: Callable[[], None],
        done: Callable[[], bool],
        budget_s: float = 0.006,
        now: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._step = step
        self._done = done
        self.budget_s = budget_s
        self._now = now
        self.speed = 0
        self._resume_speed = 1
        self.accumulator = 0.0

    @property
    def resume_speed(self) -> int:
        """The speed Space goes back to."""
        return self._resume_speed

    @property
    def paused(self) -> bool:
        return self.speed == 0

    def set_speed(self, speed: int) -> None:
        self.speed = max(0, min(len(SPEEDS) - 1, speed))
        if self.speed:
            self._resume_speed = self.speed
        self.accumulator = 0.0

    def toggle_pause(self) -> None:
        self.set_speed(0 if self.speed else self._resume_speed)

    def advance(self, dt_s: float) -> int:
        """Step the months due after `dt_s` real seconds; returns how many were stepped."""
        if self.speed == 0 or self._done():
            return 0
        if self.speed == MAX_SPEED:
            start = self._now()
            n = 0
            while not self._done() and self.speed == MAX_SPEED:  # a step may pause (an alert)
                self._step()
                n += 1
                if self._now() - start >= self.budget_s:
                    break
            return n
        self.accumulator = min(self.accumulator + dt_s * SPEEDS[self.speed], MAX_CATCH_UP)
        n = 0
        speed = self.speed
        while self.accumulator >= 1.0 - 1e-9 and not self._done() and self.speed == speed:
            self._step()
            self.accumulator -= 1.0
            n += 1
        return n
