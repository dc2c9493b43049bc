"""How fast the game window draws: main-screen frame times and months stepped at max speed.

`frame_times()` draws the main screen of a mid-campaign game (the balanced policy's first 60
months) on the dummy SDL driver and returns seconds per frame (the target is a median of 4 ms or
less at 1280x720). `step_time_at_max()` runs frames at "max" speed and reports seconds per month
stepped and the longest frame, to show the engine never blocks the loop.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


def _app(width: int, height: int, months: int = 60):
    os.environ.setdefault("TERAFAB_DATA_DIR", tempfile.mkdtemp(prefix="terafab-bench-"))
    from game.io.scenarios import load_scenario
    from game.io.userdata import Settings
    from game.sim.session import Session
    from game.ui.app import App
    from game.ui.game import Game
    from game.ui.scenes.title import start_game

    app = App(settings=Settings(), size=(width, height), persist_settings=False)
    session = Session.new(load_scenario("terafab"), 1, "balanced")
    session.run(months)
    start_game(app, Game(session))
    return app


def frame_times(width: int = 1280, height: int = 720, frames: int = 200) -> list[float]:
    """Seconds per main-screen frame (update + draw + flip), paused, mouse moving over the map."""
    import pygame

    app = _app(width, height)
    out = []
    for i in range(frames + 10):
        pos = (40 + (i * 7) % 600, 200 + (i * 3) % 200)
        event = pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0))
        t0 = time.perf_counter()
        app.frame(1 / 60, [event])
        if i >= 10:  # the first frames fill the text cache
            out.append(time.perf_counter() - t0)
    return out


def step_time_at_max(frames: int = 60) -> dict[str, float]:
    """At max speed: seconds per month stepped, months per frame and the longest frame."""
    app = _app(1280, 720, months=0)
    app.game.set_speed(4)
    times, months0 = [], app.game.session.month
    for _ in range(frames):
        t0 = time.perf_counter()
        app.frame(1 / 60, [])
        times.append(time.perf_counter() - t0)
        if app.game.session.done:
            break
    months = app.game.session.month - months0
    return {
        "months": months,
        "frames": len(times),
        "seconds_per_month": sum(times) / max(1, months),
        "months_per_frame": months / len(times),
        "longest_frame_s": max(times),
    }


def autosave_frames_at_max(months: int = 120) -> dict[str, float]:
    """At max speed from month 0 over `months` months: the longest frame, and how long the
    yearly autosave holds up the frame it starts in (the stutter the player would see)."""
    app = _app(1280, 720, months=0)
    game = app.game
    autosave, held_s = game.autosave, []

    def timed_autosave() -> None:
        t0 = time.perf_counter()
        autosave()
        held_s.append(time.perf_counter() - t0)

    game.autosave = timed_autosave
    game.set_speed(4)
    frames = []
    while game.session.month < months and not game.session.done:
        t0 = time.perf_counter()
        app.frame(1 / 60, [])
        frames.append(time.perf_counter() - t0)
    game.close()
    return {
        "autosaves": len(held_s),
        "longest_frame_s": max(frames),
        "median_frame_s": statistics.median(frames),
        "autosave_held_median_s": statistics.median(held_s),
        "autosave_held_max_s": max(held_s),
    }


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def run(repeats: int) -> list[tuple[str, str, str]]:
    """Rows (what, median, spread) for `make bench`: frame times over `repeats` x 20 frames."""
    rows = []
    for w, h in ((1280, 720), (1920, 1080)):
        t = sorted(frame_times(w, h, frames=max(100, 20 * repeats)))
        p95 = t[int(len(t) * 0.95)]
        rows.append((f"game window: main-screen frame {w}x{h}, median", _ms(statistics.median(t)),
                     f"{_ms(t[0])}-{_ms(t[-1])}"))
        rows.append((f"game window: main-screen frame {w}x{h}, 95th pct", _ms(p95), ""))
    m = step_time_at_max()
    rows.append(("game window: one engine month at max speed (with drawing)",
                 _ms(m["seconds_per_month"]), f"longest frame {_ms(m['longest_frame_s'])}"))
    a = autosave_frames_at_max()
    rows.append(("game window: frame time a yearly autosave takes, at max speed",
                 _ms(a["autosave_held_median_s"]), f"up to {_ms(a['autosave_held_max_s'])}"))
    from benchmarks import bench_window

    return rows + bench_window.run(repeats)


def main() -> None:
    for w, h in ((1280, 720), (1920, 1080)):
        t = frame_times(w, h)
        print(
            f"main screen {w}x{h}: median {statistics.median(t) * 1000:.2f} ms, "
            f"p95 {sorted(t)[int(len(t) * 0.95)] * 1000:.2f} ms over {len(t)} frames"
        )
    m = step_time_at_max()
    print(
        f"max speed: {m['months']} months in {m['frames']} frames "
        f"({m['months_per_frame']:.1f} a frame), "
        f"{m['seconds_per_month'] * 1000:.2f} ms a month with drawing, longest frame "
        f"{m['longest_frame_s'] * 1000:.1f} ms"
    )
    a = autosave_frames_at_max()
    print(
        f"max speed over {a['autosaves']} years: frames median "
        f"{a['median_frame_s'] * 1000:.1f} ms, longest {a['longest_frame_s'] * 1000:.1f} ms; an "
        f"autosave holds its frame {a['autosave_held_median_s'] * 1000:.2f} ms (up to "
        f"{a['autosave_held_max_s'] * 1000:.2f} ms)"
    )


if __name__ == "__main__":
    main()
