"""The player's dice never move the world's: each source of chance has its own stream, so a
player whose command has not yet reached the world sees the very world a passive player sees."""

import pytest

from game.domain import commands as c
from game.sim.session import Session

# what the world does, not what the player has (the readout is the player's: a player with an
# order on its way reads "power with chips" where a passive one reads "none")
PLAYER_COLUMNS = {"limiting_factor", "limiting_co_factor", "terafab_output_wpm"}


def world_columns(row: dict) -> dict:
    return {k: v for k, v in row.items() if not k.startswith("player_") and k not in PLAYER_COLUMNS}


def first_month_the_player_differs(a: Session, b: Session) -> int:
    for ra, rb in zip(a.series, b.series, strict=True):
        if any(ra[k] != rb[k] for k in ("player_power_gw", "player_compute_eflops",
                                        "terafab_output_wpm")):
            return ra["month"]
    return a.series[-1]["month"] + 1


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("commands", [
    # the interconnection queue's wait is drawn now; the power comes years on
    [c.RequestGrid(2.0)],
    # permits may slip: a draw when they are decided
    [c.StartTerafab("grimes-county")],
    # the lithography bet's hidden outcome is drawn when it starts
    [c.StartTerafab("grimes-county"), c.SetLithographyBet(True)],
], ids=["grid", "terafab", "litho-bet"])
def test_commands_that_have_not_reached_the_world_leave_the_world_as_it_was(
        campaign, seed, commands):
    passive = Session(campaign, seed)
    passive.run(36)
    player = Session(campaign, seed)
    for command in commands:
        assert player.submit(command).accepted
    player.run(36)
    reached = first_month_the_player_differs(passive, player)
    assert reached > 12, "the command reached the world too soon to tell"
    for a, b in zip(passive.series[:reached], player.series[:reached], strict=True):
        assert world_columns(a) == world_columns(b), f"the world moved at month {a['month']}"


def test_each_source_of_chance_draws_from_its_own_stream(campaign):
    s = Session(campaign, 4)
    for command in (c.RequestGrid(1.0), c.StartTerafab("grimes-county"),
                    c.SetLithographyBet(True)):
        assert s.submit(command).accepted
    s.run(24)
    names = s.model.streams.names()
    assert {"demand", "player:grid", "player:permits", "player:litho-bet"} <= set(names)
    assert any(n.startswith("foundry:") for n in names)


def test_no_engine_code_draws_from_the_shared_mesa_generator():
    """Mesa's `model.random`/`model.rng` would be one stream for all: the engine never uses it."""
    from pathlib import Path
    root = Path(__file__).resolve().parents[1] / "game"
    offenders = [
        f"{path.relative_to(root)}:{n}"
        for folder in ("domain", "mechanics", "agents", "sim")
        for path in (root / folder).rglob("*.py") if path.name != "fuzz.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(s in line for s in ("model.random", "self.random", "model.rng", "self.rng"))
    ]
    assert offenders == []
