"""A game session: the model plus the command log, the series and the policy (if any).

A game is fully described by (scenario, seed, command log): saving keeps those three and the month
reached; loading replays them, so a loaded game continues exactly as the uninterrupted one.
"""

from __future__ import annotations

import hashlib
import json
from typing import NamedTuple

from game.agents.base import frozen_map
from game.agents.commands import Preview, execute, preview
from game.agents.policies import POLICIES
from game.domain.commands import Command, command_from_dict
from game.domain.errors import CommandRefused, SaveError, UsageError, reason
from game.domain.events import Event
from game.i18n import msg
from game.sim import invariants
from game.sim.config import Scenario, validate_scenario
from game.sim.invariants import state_fingerprint
from game.sim.metrics import SeriesCollector, summary
from game.sim.model import TerafabModel
from game.sim.score import ScoreBreakdown, ScoreTally, breakdown
from game.sim.views import WorldView, market_view

SAVE_FORMAT = "terafab-save"
SAVE_VERSION = 1


class CommandResult(NamedTuple):
    accepted: bool
    message: str


class LoggedCommand(NamedTuple):
    month: int
    source: str  # "player" or "policy"
    command: Command

    def to_dict(self) -> dict[str, object]:
        return {"month": self.month, "source": self.source, **self.command.to_dict()}


class Session:
    def __init__(self, scenario: Scenario, seed: int, policy: str | None = None) -> None:
        if policy is not None and policy not in POLICIES:
            raise UsageError(msg("errors.usage.unknown_policy", name=policy,
                                   known=", ".join(POLICIES)))
        if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
            raise UsageError(msg("errors.usage.seed", got=repr(seed)))
        self.scenario = scenario
        self.seed = seed
        self.policy = policy
        self._policy_fn = POLICIES[policy] if policy else None
        self.model = TerafabModel(scenario, seed)
        self._collector = SeriesCollector()
        self.series: list[dict] = self._collector.rows
        self.command_log: list[LoggedCommand] = []
        self._replaying = False
        self.score_tally = ScoreTally(self.model)

    @classmethod
    def new(cls, scenario: Scenario, seed: int, policy: str | None = None) -> Session:
        return cls(scenario, seed, policy)

    # ------------------------------------------------------------------ state
    @property
    def month(self) -> int:
        return self.model.month

    @property
    def months_total(self) -> int:
        return self.model.months_total

    @property
    def done(self) -> bool:
        return self.model.done

    @property
    def date(self) -> str:
        return self.model.date

    @property
    def events(self) -> list[Event]:
        return self.model.events

    # ------------------------------------------------------------------ commands
    def preview(self, command: Command) -> Preview:
        return preview(self.model, command)

    def submit(self, command: Command, source: str = "player") -> CommandResult:
        """Check and apply a command now; a refusal changes nothing and says why."""
        model = self.model
        try:
            effect = execute(model, command).effect
        except CommandRefused as exc:
            return CommandResult(False, str(exc))
        self.command_log.append(LoggedCommand(model.month, source, command))
        model.log(model.firm.name, command.rule, msg("event.player.command", effect=effect,
                                                     title=msg(f"command.{command.name}.title")),
                  "player")
        return CommandResult(True, effect)

    # ------------------------------------------------------------------ time
    def step(self) -> None:
        """Play one month: the policy decides first (unless replaying a log), then the world moves.
        WorldBroke (one line: the quantity and the month) if the month leaves a number NaN or
        infinite or breaks an invariant; the broken month's row is not kept."""
        if self.done:
            return
        if self._policy_fn is not None and not self._replaying:
            for command in self._policy_fn(self.model):
                self.submit(command, "policy")
        model = self.model
        month = model.month
        try:
            model.step()
        except (ArithmeticError, ValueError) as exc:  # an overflow, or a NaN made a whole number
            raise invariants.step_failed(model, month, exc) from None
        row = self._collector.row(model)
        invariants.check_month(model, row)
        self._collector.rows.append(row)
        self.score_tally.add(model)

    def run(self, months: int | None = None) -> None:
        """Play `months` more months, or to the end of the campaign (which may come early: F3)."""
        end = self.months_total if months is None else min(self.months_total, self.month + months)
        while self.month < end and not self.done:
            self.step()

    def summary(self) -> dict[str, object]:
        return summary(self.model, self.scenario.scoring, self.score_tally)

    def score(self) -> ScoreBreakdown:
        """The score so far, term by term (game/sim/score.py)."""
        return breakdown(self.model, self.score_tally, self.scenario.scoring)

    def view(self, events: int = 50) -> WorldView:
        """The world now as immutable records of exact values, with the last `events` events."""
        m = self.model
        return WorldView(
            month=m.month,
            months_total=m.months_total,
            date=m.date,
            done=m.done,
            firm=m.firm.view(),
            foundries=tuple(f.view() for f in m.foundries),
            memory_makers=tuple(x.view() for x in m.memory_makers),
            chipmakers=tuple(x.view() for x in m.chipmakers),
            litho=m.litho.view(),
            tool_vendors=tuple(v.view() for v in m.tool_vendors),
            regulators=tuple(r.view() for r in m.regulators),
            market=market_view(m),
            last_row=frozen_map(self.series[-1]) if self.series else None,
            events=tuple(m.events[-events:]),
        )

    def agents(self) -> list:
        """Every agent, for an inspector: each has .key, .name, .kind and view()."""
        m = self.model
        return [m.firm, *(a for a in m.agents if a is not m.firm)]

    def choices(self, name: str) -> list[tuple[str, str]]:
        """Values a command field may take, as (value, label): for forms in the window."""
        m = self.model
        lists = {
            "foundry_sites": [(f.key, f.name) for f in m.foundries if f.country != "CN"],
            "merchant_vendors": [(x.key, x.name) for x in m.chipmakers if not x.china_only],
            "memory_makers": [(x.key, x.name) for x in m.memory_makers],
            "chip_generations": [(g.name, g.name) for g in m.world.chip_generations],
            "terafab_sites": [(s.id, s.name) for s in m.world.terafab.sites],
            "intel_offers": [(o.id, o.name) for o in m.world.intel_partner.offers],
            "tool_vendors": [(m.litho.key, f"{m.litho.name} (EUV)")] +
                            [(v.key, f"{v.name} ({v.tool_kind})") for v in m.tool_vendors],
            "capital_kinds": [("ipo", "IPO"), ("equity", "Equity"), ("debt", "Debt")],
        }
        return lists.get(name, [])

    # ------------------------------------------------------------------ saving by replay
    def fingerprint(self) -> str:
        """A hash of the state reached: a replayed save must reproduce it exactly. The last
        month's series row, or before the first month (a save made at the start) the whole
        described world, so a month-0 save is checked like any other."""
        if self.series:
            text = json.dumps(self.series[-1], sort_keys=True, default=str)
        else:
            text = state_fingerprint(self)
        return hashlib.sha256(f"{self.month}:{text}".encode()).hexdigest()[:16]

    def to_record(self) -> dict[str, object]:
        return {
            "format": SAVE_FORMAT, "version": SAVE_VERSION,
            "scenario": self.scenario.model_dump(mode="json", by_alias=True),
            "seed": self.seed, "policy": self.policy, "month": self.month,
            "commands": [c.to_dict() for c in self.command_log],
            "fingerprint": self.fingerprint(),
        }

    @classmethod
    def from_record(cls, record: object, source: str = "save") -> Session:
        """Rebuild a session by replaying its log; SaveError for anything damaged or foreign."""
        if not isinstance(record, dict) or record.get("format") != SAVE_FORMAT:
            raise SaveError(msg("errors.save.foreign", path=source))
        version = record.get("version")
        if version != SAVE_VERSION:
            shown = repr(version)  # a file's own text: shown short, the message stays one line
            shown = shown if len(shown) <= 40 else shown[:37] + "..."
            raise SaveError(msg("errors.save.version", path=source, version=shown,
                                supported=SAVE_VERSION))
        try:
            scenario = validate_scenario(record["scenario"],
                                         msg("errors.save.scenario_part", path=source))
            seed, policy, month = record["seed"], record["policy"], record["month"]
            raw_commands = record["commands"]
            fingerprint = record["fingerprint"]
        except KeyError as exc:
            raise SaveError(msg("errors.save.missing", path=source, key=exc.args[0])) from None
        except Exception as exc:  # a scenario that no longer validates
            raise SaveError(msg("errors.file.problem", path=source, problem=reason(exc))) from None
        if not isinstance(month, int) or month < 0 or not isinstance(raw_commands, list):
            raise SaveError(msg("errors.save.month_or_commands", path=source))
        try:
            session = cls(scenario, seed, policy)
        except UsageError as exc:
            raise SaveError(msg("errors.file.problem", path=source, problem=reason(exc))) from None
        if month > session.months_total:
            raise SaveError(msg("errors.save.past_end", path=source, month=month))
        logged = []
        for raw in raw_commands:
            if not isinstance(raw, dict) or not isinstance(raw.get("month"), int):
                raise SaveError(msg("errors.save.bad_entry", path=source,
                                    entry=format(repr(raw), ".60")))
            body = {k: v for k, v in raw.items() if k not in ("month", "source")}
            logged.append((raw["month"], str(raw.get("source", "player")), command_from_dict(body)))
        session.replay(logged, month, source)
        if session.fingerprint() != fingerprint:
            raise SaveError(msg("errors.save.mismatch", path=source))
        return session

    def replay(
        self, logged: list[tuple[int, str, Command]], until_month: int, source: str = "log"
    ) -> None:
        """Apply logged commands at their months and step to `until_month`;
        the policy stays silent."""
        self._replaying = True
        try:
            i = 0
            while True:
                while i < len(logged) and logged[i][0] == self.month:
                    month, who, command = logged[i]
                    result = self.submit(command, who)
                    if not result.accepted:
                        raise SaveError(msg("errors.save.refused_on_replay", path=source,
                                            command=command.name, date=self.date,
                                            problem=result.message))
                    i += 1
                if i < len(logged) and logged[i][0] < self.month:
                    raise SaveError(msg("errors.save.out_of_order", path=source, entry=i + 1))
                if self.month >= until_month or self.done:
                    break
                self.step()
            if i < len(logged):
                raise SaveError(msg("errors.save.after_end", path=source, month=until_month))
        finally:
            self._replaying = False
