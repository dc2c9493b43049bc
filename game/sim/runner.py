"""One headless campaign from start to end: what batch workers and the end screen call."""

from __future__ import annotations

from dataclasses import dataclass

from game.sim.config import Scenario
from game.sim.session import Session


@dataclass
class CampaignResult:
    summary: dict[str, object]
    series: list[dict[str, object]]


def run_campaign(scenario: Scenario, seed: int, policy: str | None, months: int | None = None,
                 record_series: bool = True) -> CampaignResult:
    session = Session(scenario, seed, policy)
    session.run(months)
    return CampaignResult(session.summary(), session.series if record_series else [])
