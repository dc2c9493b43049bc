"""Fingerprints of whole campaigns: every shipped scenario under every built-in policy (and a
human command script), hashed over its monthly series and its event log.

A restructure of the engine must leave every fingerprint as it was; a change that means to move
the world's numbers redraws them once, in a commit of its own:

    .venv/bin/python -m tests.fingerprints --write
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from game.domain import commands as c
from game.io.scenarios import list_scenario_names, load_scenario
from game.io.series import series_csv_bytes
from game.sim.session import Session

FINGERPRINTS = Path(__file__).parent / "data" / "fingerprints.json"
POLICIES = (None, "passive", "buyer", "integrator", "balanced")
SEED = 7


def _human_script(session: Session) -> None:
    """A fixed player: a design, merchant chips, a grid request, a foundry booking, a Terafab."""
    session.submit(c.FundChipGeneration("AI5"))
    session.run(3)
    session.submit(c.BuyAccelerators("nvidia", 40000))
    session.submit(c.RequestGrid(1.5))
    session.run(20)
    session.submit(c.BookFoundryCapacity("samsung-taylor", 500, 24, True))
    session.run(10)


def fingerprint(session: Session) -> str:
    digest = hashlib.sha256(series_csv_bytes(session.series))
    for event in session.events:
        digest.update(repr(tuple(event)).encode())
    return digest.hexdigest()[:20]


def campaign_fingerprints() -> dict[str, str]:
    prints: dict[str, str] = {}
    for name in list_scenario_names():
        scenario = load_scenario(name)
        for policy in POLICIES:
            session = Session(scenario, SEED, policy)
            session.run()
            prints[f"{name}/{policy or 'world'}"] = fingerprint(session)
        session = Session(scenario, SEED)
        _human_script(session)
        prints[f"{name}/script"] = fingerprint(session)
    return prints


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        text = json.dumps(campaign_fingerprints(), indent=1, sort_keys=True)
        FINGERPRINTS.write_text(text + "\n")
        print(f"wrote {FINGERPRINTS}")
    else:
        print(json.dumps(campaign_fingerprints(), indent=1, sort_keys=True))
