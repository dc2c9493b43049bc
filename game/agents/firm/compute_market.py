"""The market for compute (F1): what one EFLOPS-month of deployed compute earns. The price falls as
the world's installed compute grows (the player's own fleet counts too, so flooding the market
lowers what every EFLOPS earns), like GPU-hour rental prices did as the installed base grew."""

from __future__ import annotations


class ComputeMarket:
    __slots__ = ("world_eflops", "_start_eflops", "_retire_share", "_price_start",
                 "_elasticity", "price_busd", "price_at_news")

    def __init__(self, finance, player_eflops: float) -> None:
        self.world_eflops = finance.world_compute_start_eflops  # everyone's but the player's
        self._start_eflops = self.world_eflops + player_eflops
        self._retire_share = 1.0 / (12.0 * finance.world_compute_service_years)
        self._price_start = finance.compute_price_busd_per_eflops_month
        self._elasticity = finance.compute_price_elasticity
        self.price_busd = self._price_start  # USD B per EFLOPS-month, this month
        self.price_at_news = self._price_start

    def step(self, added_eflops: float, player_eflops: float, falls: bool) -> float:
        """The month's price after the world installs `added_eflops` and retires its oldest
        (a service life); with `falls` False (F1 off) the price stays at its start."""
        self.world_eflops += added_eflops - self.world_eflops * self._retire_share
        if falls:
            ratio = (self.world_eflops + player_eflops) / self._start_eflops
            self.price_busd = self._price_start * ratio ** -self._elasticity
        return self.price_busd
