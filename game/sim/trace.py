"""What one campaign leaves for the facts table: its series, its events, and the records the series
does not hold (each fab project's milestones, each power order's wait, the memory makers' sizes).

A Trace watches a Session month by month without changing it, so a traced run is the same run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.mechanics import fabproject as fp
from game.sim.session import Session


@dataclass(slots=True)
class ProjectRecord:
    """A fab project's milestones, in campaign months (None: not reached by the end)."""

    owner: str
    region: str
    node: str
    started_month: int
    first_output_month: int | None = None
    volume_month: int | None = None  # the month its yield first reached the threshold
    slipped_months: int = 0
    yield_at_first_output: float | None = None


@dataclass
class Trace:
    scenario: str
    seed: int
    policy: str | None
    series: list[dict[str, object]] = field(default_factory=list)
    events: list = field(default_factory=list)
    summary: dict[str, object] = field(default_factory=dict)  # the campaign's summary and score
    projects: list[ProjectRecord] = field(default_factory=list)
    # months from order to arrival of every power order the firm placed, by source
    power_waits: dict[str, list[int]] = field(default_factory=dict)
    # each memory maker's DRAM wafer capacity (kwpm) at the end of every year, by maker id
    memory_kwpm_by_year: dict[int, dict[str, float]] = field(default_factory=dict)
    hbm_share_start: dict[str, float] = field(default_factory=dict)
    player_units_by_year: dict[int, float] = field(default_factory=dict)
    world_units_by_year: dict[int, float] = field(default_factory=dict)
    first_terafab_output_month: int = -1
    terafab_yield_by_month: list[float] = field(default_factory=list)
    leader_yield: float = 0.0
    # the firm's power at the end of every year, GW: (on the ground, in orbit)
    power_gw_by_year: dict[int, tuple[float, float]] = field(default_factory=dict)


def _volume_yield(session: Session) -> float:
    return session.model.world.agent_rules.fab_projects.volume_at_share_of_mature_yield


def trace_campaign(session: Session, scenario_name: str) -> Trace:
    """Play the session to its end, recording what the facts need."""
    model = session.model
    trace = Trace(scenario_name, session.seed, session.policy)
    trace.hbm_share_start = {m.name: m.hbm_share for m in model.memory_makers}
    open_projects: dict[int, tuple[fp.FabProject, ProjectRecord]] = {}
    seen_orders: set[int] = set()
    threshold = _volume_yield(session)
    year0 = int(model.start[:4])
    own_pflops_before = model.firm.fleet.own_pflops_total
    while not session.done:
        session.step()
        month = model.month - 1
        year = year0 + (int(model.start[5:7]) - 1 + month) // 12
        for foundry in model.foundries:
            for p in foundry.projects:
                entry = open_projects.get(id(p))
                if entry is None:
                    record = ProjectRecord(foundry.name, foundry.region, p.node, p.started_month)
                    trace.projects.append(record)
                    open_projects[id(p)] = entry = (p, record)
        for key, (p, record) in list(open_projects.items()):
            record.slipped_months = p.slipped_months
            if record.first_output_month is None and p.first_output_month is not None:
                record.first_output_month = p.first_output_month
                record.yield_at_first_output = p.yield_
            if record.volume_month is None and p.producing and \
                    p.yield_ >= threshold * p.yield_mature:
                record.volume_month = month
            if p.phase == fp.VOLUME and record.volume_month is None:
                record.volume_month = month
            if record.volume_month is not None:
                del open_projects[key]
        for order in model.firm.power.pipeline:
            if id(order) not in seen_orders:
                seen_orders.add(id(order))
                trace.power_waits.setdefault(order.source, []).append(
                    order.arrives_month - order.ordered_month)
        sold = sum(cm.sold for cm in model.chipmakers)
        to_player = sum(cm.sold_to_player for cm in model.chipmakers)
        own_pflops = model.firm.fleet.own_pflops_total - own_pflops_before
        own_pflops_before = model.firm.fleet.own_pflops_total
        own = own_pflops / model.generation_pflops(model.firm.current_generation())
        trace.world_units_by_year[year] = trace.world_units_by_year.get(year, 0.0) + sold + own
        trace.player_units_by_year[year] = \
            trace.player_units_by_year.get(year, 0.0) + to_player + own
        tf = model.firm.terafab
        if tf is not None and tf.first_output_month is not None:
            trace.terafab_yield_by_month.append(
                max((p.yield_ for p in tf.phases if p.producing), default=0.0))
        if (month + 1) % 12 == 0:
            trace.memory_kwpm_by_year[year] = {m.name: m.wafers_kwpm for m in model.memory_makers}
            power = model.firm.power
            trace.power_gw_by_year[year] = (power.gw - power.space_gw, power.space_gw)
    trace.series = session.series
    trace.events = list(model.events)
    trace.summary = session.summary()
    first = trace.summary["first_terafab_output_month"]
    trace.first_terafab_output_month = int(first)  # type: ignore[call-overload]  # an int or -1
    trace.leader_yield = max((max(f.base_yield.values(), default=0.0) for f in model.foundries
                              if f.company == model.leader_company), default=0.0)
    return trace
