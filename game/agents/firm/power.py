"""The firm's power: what is online, what is used, and what is on its way (B10, H8, B5)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PowerOrder:
    """`gw` of `source` ordered in `ordered_month`, online in `arrives_month`, `due_busd` paid
    on arrival."""

    arrives_month: int
    gw: float
    source: str  # "grid", "turbines", "solar"
    due_busd: float
    ordered_month: int


@dataclass(frozen=True, slots=True)
class SolarBuilt:
    """Solar that came online, by the month it was ordered (land permits count by year, B10)."""

    ordered_month: int
    gw: float


class PowerPlant:
    __slots__ = ("gw", "used_gw", "pipeline", "solar_built", "space_tons_queued", "space_gw",
                 "grid_gw")

    def __init__(self, gw: float, used_gw: float) -> None:
        self.gw = gw
        self.used_gw = used_gw
        self.pipeline: list[PowerOrder] = []
        self.solar_built: list[SolarBuilt] = []
        self.space_tons_queued = 0.0
        self.space_gw = 0.0
        self.grid_gw = 0.0  # connected to the grid (B11: it draws at the grid's peak too)

    @property
    def spare_gw(self) -> float:
        return self.gw - self.used_gw

    def order(self, order: PowerOrder) -> None:
        self.pipeline.append(order)

    def on_order_gw(self, source: str, ordered_after: int = -(1 << 30)) -> float:
        """GW of `source` still on its way, counting orders placed after month `ordered_after`."""
        return sum(p.gw for p in self.pipeline
                   if p.source == source and p.ordered_month > ordered_after)

    def spare_gw_by(self, month: int) -> float:
        """Spare GW now plus what arrives by `month`."""
        total = self.gw - self.used_gw
        for p in self.pipeline:
            if p.arrives_month <= month:
                total += p.gw
        return total

    def solar_ordered_since_gw(self, month: int) -> float:
        """Solar ordered after `month`, built or not."""
        return self.on_order_gw("solar", month) + \
            sum(s.gw for s in self.solar_built if s.ordered_month > month)

    def take_arrivals(self, month: int) -> list[PowerOrder]:
        """Orders due by `month` come online (the caller pays and logs them)."""
        arrived = [p for p in self.pipeline if p.arrives_month <= month]
        if arrived:
            for p in arrived:
                self.gw += p.gw
                if p.source == "solar":
                    self.solar_built.append(SolarBuilt(p.ordered_month, p.gw))
                elif p.source == "grid":
                    self.grid_gw += p.gw
            self.pipeline = [p for p in self.pipeline if p.arrives_month > month]
        return arrived

    def launch(self, tons_this_month: float, kw_per_ton: float) -> None:
        """Space solar (B5): queued tons go up as launch capacity allows and generate at once."""
        tons = min(self.space_tons_queued, tons_this_month)
        self.space_tons_queued -= tons
        gw = tons * kw_per_ton / 1e6
        self.space_gw += gw
        self.gw += gw
