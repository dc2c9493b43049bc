"""How quickly the window opens and how little it costs while paused, each in a fresh process.

`title_seconds()`: wall time from starting `terafab play` (a new Python process) to the title
screen's first frame on the dummy SDL driver: the engine and Mesa load behind the title, so this
is pygame, the fonts and the scenario list (target: about 1.5 s; the CPU time the process took
is printed too, as a busy machine stretches the wall time). `paused_cpu_share()`: the CPU
share of a whole core a window paused on the main screen uses over a few seconds of its real
loop (target: under 5 %).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

# the child: `terafab play` whose first title frame prints the clock and ends the loop
TITLE_CHILD = """
import sys, time
import game.ui.app as app_module
real = app_module.App.frame
def frame(self, dt, events):
    real(self, dt, events)
    print("title", time.time(), time.process_time(), flush=True)
    self.running = False
app_module.App.frame = frame
from game.cli import main
sys.exit(main(["play", "--size", "1280x720"]))
"""

# the child: a campaign paused on the main screen, its real loop run for SECONDS
PAUSED_CHILD = """
import sys, threading, time, pygame
from game.io.scenarios import load_scenario
from game.io.userdata import Settings
from game.sim.session import Session
from game.ui.app import App
from game.ui.game import Game
app = App(settings=Settings(), size=(1280, 720), persist_settings=False)
app.start_game(Game(Session.new(load_scenario("terafab"), 1)))
for _ in range(3):
    app.frame(0.0, [])
app.game.notices.clear()
seconds = float(sys.argv[1])
threading.Timer(seconds, lambda: pygame.event.post(pygame.event.Event(pygame.QUIT))).start()
t0, c0 = time.perf_counter(), time.process_time()
app.run()
print("cpu", (time.process_time() - c0) / (time.perf_counter() - t0), flush=True)
"""


def _env() -> dict[str, str]:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               PYGAME_HIDE_SUPPORT_PROMPT="1")
    env.setdefault("TERAFAB_DATA_DIR", tempfile.mkdtemp(prefix="terafab-bench-"))
    env.setdefault("TERAFAB_CONFIG_DIR", tempfile.mkdtemp(prefix="terafab-bench-"))
    return env


def _child(code: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env=_env(), check=True, timeout=120)
    return done.stdout


def title_seconds() -> tuple[float, float]:
    """Seconds from launching `terafab play` to the title screen's first frame: wall time, and
    the CPU time the process took (what the wall time is on a machine nobody else uses)."""
    started = time.time()
    out = _child(TITLE_CHILD)
    line = next(x for x in out.splitlines() if x.startswith("title "))
    _, shown, cpu = line.split()
    return float(shown) - started, float(cpu)


def paused_cpu_share(seconds: float = 3.0) -> float:
    """Share of one core a paused main screen uses (process CPU time over wall time)."""
    out = _child(PAUSED_CHILD, str(seconds))
    return float(next(x for x in out.splitlines() if x.startswith("cpu ")).split()[1])


def run(repeats: int) -> list[tuple[str, str, str]]:
    """Rows (what, median, spread) for `make bench`."""
    both = [title_seconds() for _ in range(max(3, repeats // 2))]
    walls, cpus = sorted(w for w, _ in both), sorted(c for _, c in both)
    cpu = sorted(paused_cpu_share() for _ in range(3))
    return [
        ("game window: `terafab play` to the title screen (wall)",
         f"{statistics.median(walls):.2f} s", f"{walls[0]:.2f}-{walls[-1]:.2f} s"),
        ("game window: `terafab play` to the title screen (CPU)",
         f"{statistics.median(cpus):.2f} s", f"{cpus[0]:.2f}-{cpus[-1]:.2f} s"),
        ("game window: CPU a paused main screen uses (share of a core)",
         f"{statistics.median(cpu) * 100:.1f} %", f"{cpu[0] * 100:.1f}-{cpu[-1] * 100:.1f} %"),
    ]


if __name__ == "__main__":
    for name, med, spread in run(5):
        print(f"{name}: {med} ({spread})")
