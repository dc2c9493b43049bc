"""Golden screenshots: fixed seed, size and state, compared with a small per-pixel tolerance.

On a mismatch the test writes the new picture and a diff image (changed pixels in red) to
$TMPDIR/terafab-golden/ and names them. To accept a deliberate change of look, run with
TERAFAB_UPDATE_GOLDEN=1 and commit the new PNGs.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pygame
import pytest

from game.domain.commands import COMMANDS
from game.sim.session import Session
from game.ui.game import Game
from game.ui.scenes.action import ActionDialog
from game.ui.scenes.charts import ChartsScene
from game.ui.scenes.title import start_game

GOLDEN = Path(__file__).parent / "golden"
TOLERANCE = 40  # per channel: anti-aliasing and font hinting differences pass
MAX_CHANGED = 0.005  # share of pixels allowed to differ by more than the tolerance


def compare(surf: pygame.Surface, name: str) -> None:
    path = GOLDEN / f"{name}.png"
    if os.environ.get("TERAFAB_UPDATE_GOLDEN") or not path.is_file():
        pygame.image.save(surf, str(path))
        if not os.environ.get("TERAFAB_UPDATE_GOLDEN"):
            pytest.fail(f"no golden image yet: wrote {path}; check it and commit it")
        return
    want = pygame.surfarray.array3d(pygame.image.load(str(path))).astype(int)
    got = pygame.surfarray.array3d(surf).astype(int)
    assert want.shape == got.shape, f"{name}: size {got.shape[:2]} != golden {want.shape[:2]}"
    changed = np.abs(want - got).max(axis=2) > TOLERANCE
    share = changed.mean()
    if share > MAX_CHANGED:
        out = Path(tempfile.gettempdir()) / "terafab-golden"
        out.mkdir(exist_ok=True)
        diff = (got // 3).astype(np.uint8)
        diff[changed] = (255, 0, 0)
        pygame.image.save(pygame.surfarray.make_surface(diff), str(out / f"{name}-diff.png"))
        pygame.image.save(surf, str(out / f"{name}-new.png"))
        pytest.fail(f"{name}: {share:.2%} of pixels differ; see {out / (name + '-diff.png')}")


@pytest.fixture
def mid_game(app, campaign):
    session = Session.new(campaign, 1, "balanced")
    session.run(24)
    start_game(app, Game(session))
    return app


def test_golden_main_screen(mid_game):
    mid_game.frame(0.0, [])
    compare(mid_game.screen, "main-1280x720")


def test_golden_charts(mid_game):
    mid_game.push(ChartsScene(mid_game))
    mid_game.frame(0.0, [])
    compare(mid_game.screen, "charts-1280x720")


def test_golden_action_form(mid_game):
    mid_game.push(ActionDialog(mid_game, COMMANDS["order_tools"]))
    mid_game.frame(0.0, [])
    compare(mid_game.screen, "action-order-tools-1280x720")
