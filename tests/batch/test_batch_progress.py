"""The progress bar tells runs done, rate and time left, on one line per update."""

from __future__ import annotations

import io
import re

from game.batch.progress import Progress


def test_progress_shows_runs_done_rate_and_time_left():
    stream = io.StringIO()
    bar = Progress(total=200, done=50, stream=stream)
    bar.advance(50, failed=2)
    line = bar.line()
    assert "100/200 runs" in line and " 50%" in line and "2 failed" in line
    assert re.search(r"\d+\.\d runs/s", line) and re.search(r"\d+:\d\d left", line)
    bar.advance(100)
    bar.close()
    lines = stream.getvalue().splitlines()
    assert lines[-1].startswith("[" + "#" * 28 + "]") and "200/200 runs" in lines[-1]
    assert len(lines) == len(set(lines))  # the final state is not printed twice


def test_a_disabled_bar_prints_nothing():
    stream = io.StringIO()
    bar = Progress(total=3, stream=stream, enabled=False)
    bar.advance(3)
    bar.close()
    assert stream.getvalue() == ""
