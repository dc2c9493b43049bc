"""The engine is headless: it never imports pygame and never needs a display."""

import subprocess
import sys
from pathlib import Path

ENGINE = ["game/domain", "game/mechanics", "game/agents", "game/sim"]


def test_engine_modules_do_not_import_pygame():
    root = Path(__file__).resolve().parents[1]
    offenders = []
    for folder in ENGINE:
        for path in (root / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if "import pygame" in text or "from pygame" in text:
                offenders.append(str(path))
    assert offenders == []


def test_a_headless_campaign_runs_without_loading_pygame():
    code = ("import sys\n"
            "from game.io.scenarios import load_scenario\n"
            "from game.sim.runner import run_campaign\n"
            "r = run_campaign(load_scenario('terafab'), 1, 'integrator', months=24)\n"
            "assert len(r.series) == 24\n"
            "print('pygame' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
