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
    __slots__ = ("gw", "used_gw", "_pipeline", "solar_built", "space_tons_queued", "space_gw",
                 "grid_gw", "_by_source", "due_busd")

    def __init__(self, gw: float, used_gw: float) -> None:
        self.gw = gw
        self.used_gw = used_gw
        # the pipeline by source, and USD B due on arrival: the policies and limits ask several
        # times a month (about 2 % of a campaign's instructions scanning the whole pipeline);
        # `order` appends and setting `pipeline` works both out again, each in pipeline order as
        # a scan would, so the sums are the same to the last bit
        self._by_source: dict[str, list[PowerOrder]] = {}
        self.due_busd = 0.0
        self.pipeline = []
        self.solar_built: list[SolarBuilt] = []
        self.space_tons_queued = 0.0
        self.space_gw = 0.0
        self.grid_gw = 0.0  # connected to the grid (B11: it draws at the grid's peak too)

    @property
    def pipeline(self) -> list[PowerOrder]:
        """Power on its way, in the order it was placed (read-only: `order` adds to it)."""
        return self._pipeline

    @pipeline.setter
    def pipeline(self, orders: list[PowerOrder]) -> None:
        """New orders on their way (the month's arrivals gone, a delay moved them): the
        by-source lists and the USD due follow."""
        self._pipeline = orders
        by_source: dict[str, list[PowerOrder]] = {}
        due = 0.0
        for p in orders:
            by_source.setdefault(p.source, []).append(p)
            due += p.due_busd
        self._by_source = by_source
        self.due_busd = due

    @property
    def spare_gw(self) -> float:
        return self.gw - self.used_gw

    def order(self, order: PowerOrder) -> None:
        self._pipeline.append(order)
        self._by_source.setdefault(order.source, []).append(order)
        self.due_busd += order.due_busd

    def on_order_gw(self, source: str, ordered_after: int = -(1 << 30)) -> float:
        """GW of `source` still on its way, counting orders placed after month `ordered_after`."""
        total = 0.0
        for p in self._by_source.get(source, ()):
            if p.ordered_month > ordered_after:
                total += p.gw
        return total

    def spare_gw_by(self, month: int) -> float:
        """Spare GW now plus what arrives by `month`."""
        total = self.gw - self.used_gw
        for p in self.pipeline:
            if p.arrives_month <= month:
                total += p.gw
        return total

    def solar_ordered_since_gw(self, month: int) -> float:
        """Solar ordered after `month`, built or not."""
        built = 0.0
        for s in self.solar_built:
            if s.ordered_month > month:
                built += s.gw
        return self.on_order_gw("solar", month) + built

    def take_arrivals(self, month: int) -> list[PowerOrder]:
        """Orders due by `month` come online (the caller pays and logs them)."""
        arrived: list[PowerOrder] = []
        staying: list[PowerOrder] = []
        for p in self._pipeline:
            if p.arrives_month <= month:
                arrived.append(p)
            else:
                staying.append(p)
        if arrived:
            for p in arrived:
                self.gw += p.gw
                if p.source == "solar":
                    self.solar_built.append(SolarBuilt(p.ordered_month, p.gw))
                elif p.source == "grid":
                    self.grid_gw += p.gw
            self.pipeline = staying
        return arrived

    def launch(self, tons_this_month: float, kw_per_ton: float) -> None:
        """Space solar (B5): queued tons go up as launch capacity allows and generate at once."""
        tons = min(self.space_tons_queued, tons_this_month)
        self.space_tons_queued -= tons
        gw = tons * kw_per_ton / 1e6
        self.space_gw += gw
        self.gw += gw
