"""A plain-text progress bar on stderr: runs done, rate, time left. No dependency, no colours.

On a terminal it redraws one line; otherwise (a log file, CI) it prints a line every few seconds.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from game.i18n import t


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    """Counts finished runs of `total` (the `done` already there are not part of the rate)."""

    def __init__(
        self,
        total: int,
        done: int = 0,
        stream: TextIO | None = None,
        enabled: bool = True,
        width: int = 28,
    ) -> None:
        self.total, self.done, self.failed = total, done, 0
        self._start_done = done
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.width = width
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._t0 = time.monotonic()
        self._last = 0.0
        self._shown = -1

    def line(self) -> str:
        elapsed = max(1e-9, time.monotonic() - self._t0)
        new = self.done - self._start_done
        rate = new / elapsed
        frac = self.done / self.total if self.total else 1.0
        bar = "#" * int(frac * self.width)
        left = (self.total - self.done) / rate if rate > 0 else float("nan")
        eta = _clock(left) if left == left else "?"
        failed = t("cli.batch.progress_failed", n=self.failed) if self.failed else ""
        return t("cli.batch.progress", bar=f"{bar:<{self.width}}", done=self.done,
                 total=self.total, frac=frac, rate=rate, eta=eta, failed=failed)

    def advance(self, n: int, failed: int = 0) -> None:
        self.done += n
        self.failed += failed
        now = time.monotonic()
        if self.enabled and (
            now - self._last >= (0.2 if self._tty else 5.0) or self.done >= self.total
        ):
            self._last = now
            self._emit()

    def _emit(self) -> None:
        self._shown = self.done
        end = "\r" if self._tty else "\n"
        self.stream.write(self.line() + end)
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._shown != self.done:
            self._emit()
            if self._tty:
                self.stream.write("\n")
            self.stream.flush()
