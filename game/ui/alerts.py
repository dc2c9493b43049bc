"""Alerts: what the player must hear about without watching every number, and may pause on.

Each month `AlertWatch.scan` compares the firm with the month before and says, once, when a
contract or a Terafab phase is about to end, power comes online, the limiting factor changes,
cash runs low or chips pile up idle (a refused order is an alert too, from `Game.submit`). An
alert of a kind that pauses (the important ones by default; a setting per kind) pauses the game at
any speed, MAX included, so fast-forward never runs past one; the others are notices.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.ui import fmt
from game.ui.i18n import t, t_or

# kind -> pauses the game by default (the important ones)
PAUSE_BY_DEFAULT = {
    "contract_ending": True,
    "phase_ending": True,
    "limiting_changed": True,
    "cash_low": True,
    "chips_idle": True,
    "power_online": False,
    "refusal": False,
}
KINDS = tuple(PAUSE_BY_DEFAULT)
WARN_MONTHS = 3  # a contract or a phase is announced this many months before it ends
CASH_MONTHS = 6  # cash is low below this many months of the recent burn
IDLE_MIN_CHIPS = 10_000  # idle chips are news above this many ...
IDLE_SHARE = 0.05  # ... and this share of the chips in data centres


@dataclass(frozen=True)
class Alert:
    kind: str
    text: str
    month: int


def pauses(kind: str, overrides: dict) -> bool:
    """Whether this kind pauses the game: the player's setting, else the default."""
    value = overrides.get(kind)
    return PAUSE_BY_DEFAULT.get(kind, False) if not isinstance(value, bool) else value


class AlertWatch:
    """What was already said, so each alert comes once (and again only after it cleared)."""

    def __init__(self, session) -> None:
        self.said: set[tuple] = set()
        firm = session.view(events=0).firm
        self.limiting = firm.limiting_factor
        self.idle = self._idle_cause(firm)  # the state the game starts in is no news
        self.cash_low = False
        self.phases = self._phases(firm)
        self.pipeline = set(self._pipeline(session))

    @staticmethod
    def _idle_cause(firm) -> str:
        idle = firm.waiting_for_power + firm.waiting_for_memory
        if idle < max(IDLE_MIN_CHIPS, IDLE_SHARE * firm.dc_accelerators):
            return ""
        return "power" if firm.waiting_for_power >= firm.waiting_for_memory else "memory"

    @staticmethod
    def _phases(firm) -> tuple[str, ...]:
        return tuple(p.phase for p in firm.terafab.phases) if firm.terafab else ()

    @staticmethod
    def _pipeline(session) -> list[tuple]:
        return [(p.source, p.gw, p.arrives_month) for p in session.model.firm.power.pipeline]

    def scan(self, session) -> list[Alert]:
        """The alerts of the month just played (call once after each month)."""
        model = session.model
        month = session.month
        firm = session.view(events=0).firm
        out: list[Alert] = []

        def say(kind: str, key: tuple, text: str) -> None:
            if (kind, *key) not in self.said:
                self.said.add((kind, *key))
                out.append(Alert(kind, text, month))

        supply = model.firm.supply
        for k in supply.contracts:
            if 0 < k.end - month <= WARN_MONTHS and not _renewed(k, supply.contracts,
                                                                  "wafers_per_month"):
                say("contract_ending", ("wafer", k.site.name, k.start, k.end),
                    t("alert.wafer_ending", site=k.site.name, n=k.end - month))
        for k in supply.memory_contracts:
            if 0 < k.end - month <= WARN_MONTHS and not _renewed(k, supply.memory_contracts,
                                                                  "stacks_per_month"):
                say("contract_ending", ("hbm", k.maker.name, k.start, k.end),
                    t("alert.hbm_ending", maker=k.maker.name, n=k.end - month))
        if firm.terafab is not None:
            for i, p in enumerate(firm.terafab.phases):
                if p.phase != "volume" and 0 < p.months_left <= WARN_MONTHS:
                    say("phase_ending", (i, p.phase),
                        t("alert.phase_ending", n=i + 1, phase=t_phase(p.phase),
                          months=p.months_left))
            phases = self._phases(firm)
            for i, (before, now) in enumerate(zip(self.phases, phases, strict=False)):
                if before != now:
                    say("phase_ending", (i, "moved", now),
                        t("alert.phase_moved", n=i + 1, phase=t_phase(now)))
            self.phases = phases
        pipeline = set(self._pipeline(session))
        for source, gw, arrives in sorted(self.pipeline - pipeline, key=str):
            if arrives <= month:
                say("power_online", (source, gw, arrives),
                    t("alert.power_online", gw=f"{gw:g}", source=t_or(f"source.{source}", source)))
        self.pipeline = pipeline
        factor = firm.limiting_factor
        if factor != self.limiting and factor != "none":
            if self.limiting != "none":
                out.append(Alert("limiting_changed", t(
                    "alert.limiting", before=t(f"factor.{self.limiting}"),
                    now=t(f"factor.{factor}")), month))
            self.limiting = factor
        cause = self._idle_cause(firm)
        if cause and cause != self.idle:
            out.append(Alert("chips_idle", t(
                f"alert.idle_{cause}",
                chips=fmt.whole(firm.waiting_for_power + firm.waiting_for_memory)), month))
        self.idle = cause
        burn = _monthly_burn_busd(session.series)
        low = burn > 0 and firm.cash_busd < CASH_MONTHS * burn
        if low and not self.cash_low:
            out.append(Alert("cash_low", t("alert.cash_low", cash=fmt.usd_b(firm.cash_busd),
                                           months=f"{max(0.0, firm.cash_busd) / burn:.0f}"),
                             month))
        self.cash_low = low or (self.cash_low and burn > 0
                                and firm.cash_busd < 2 * CASH_MONTHS * burn)
        return out


def _renewed(contract, contracts, amount: str) -> bool:
    """Whether the other contracts running the month after this one ends supply at least as
    much (the player, or a policy, already booked its successor)."""
    after = sum(getattr(k, amount) for k in contracts
                if k is not contract and k.start <= contract.end < k.end)
    return after >= getattr(contract, amount)


def _monthly_burn_busd(series: list[dict]) -> float:
    """Cash spent a month over the last quarter (0 when cash grew)."""
    if len(series) < 2:
        return 0.0
    rows = series[-4:]
    fall = rows[0]["player_cash_busd"] - rows[-1]["player_cash_busd"]
    return max(0.0, fall / (len(rows) - 1))


def t_phase(phase: str) -> str:
    return t_or(f"phase.{phase}", phase)
