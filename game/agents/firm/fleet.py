"""The firm's accelerators and their compute, by where they stand: deployed in data centres, in
edge devices, mounted and waiting for power, or waiting for memory (B1, B11)."""

from __future__ import annotations


class Fleet:
    __slots__ = ("kw_per_accelerator", "stacks_per_accelerator", "dc_units", "dc_pflops",
                 "edge_units", "edge_pflops", "idle_units", "idle_pflops", "nohbm_units",
                 "nohbm_pflops", "hbm_stock", "own_pflops_total", "bought_pflops_total")

    def __init__(self, kw_per_accelerator: float, stacks_per_accelerator: float,
                 dc_units: float, waiting_power_units: float, pflops_per_unit: float) -> None:
        self.kw_per_accelerator = kw_per_accelerator
        self.stacks_per_accelerator = stacks_per_accelerator
        self.dc_units = float(dc_units)
        self.dc_pflops = dc_units * pflops_per_unit
        self.edge_units = 0.0
        self.edge_pflops = 0.0
        self.idle_units = float(waiting_power_units)  # memory mounted, no power
        self.idle_pflops = self.idle_units * pflops_per_unit
        self.nohbm_units = 0.0  # own chips waiting for HBM
        self.nohbm_pflops = 0.0
        self.hbm_stock = 0.0
        self.own_pflops_total = 0.0  # compute ever made from own chips
        self.bought_pflops_total = 0.0

    def compute_eflops(self) -> float:
        return (self.dc_pflops + self.edge_pflops) / 1000.0

    def chips_idle(self) -> float:
        return self.idle_units + self.nohbm_units

    def gw_for(self, units: float) -> float:
        return units * self.kw_per_accelerator / 1e6

    def units_for(self, gw: float) -> float:
        return gw * 1e6 / self.kw_per_accelerator

    def add_bought(self, units: float, pflops: float) -> None:
        """Merchant accelerators arrive with their memory mounted; they still need power."""
        self.idle_units += units
        self.idle_pflops += units * pflops
        self.bought_pflops_total += units * pflops

    def add_own(self, units: float, pflops: float, edge_slots: float, edge_share: float,
                edge_pflops_factor: float) -> None:
        """Own chips out of the fab: a share goes to edge devices (B11: no data-centre power or
        HBM), the rest waits for memory."""
        self.own_pflops_total += pflops
        if units > 0 and edge_share > 0:
            to_edge = min(edge_slots, units * edge_share)
            share = to_edge / units
            self.edge_units += to_edge
            self.edge_pflops += pflops * share * edge_pflops_factor
            units -= to_edge
            pflops -= pflops * share
        self.nohbm_units += units
        self.nohbm_pflops += pflops

    def mount_memory(self) -> float:
        """HBM on own chips (B1: no HBM, no chip); returns the chips memory lets through."""
        mounted = min(self.hbm_stock / self.stacks_per_accelerator, self.nohbm_units)
        memory_ok = self.idle_units + mounted
        if mounted > 0:
            share = mounted / self.nohbm_units
            self.hbm_stock -= mounted * self.stacks_per_accelerator
            self.idle_units += mounted
            self.idle_pflops += self.nohbm_pflops * share
            self.nohbm_pflops -= self.nohbm_pflops * share
            self.nohbm_units -= mounted
        return memory_ok

    def deploy(self, headroom_units: float) -> float:
        """Power up what the data centres can light; returns the chips deployed."""
        deploy = min(headroom_units, self.idle_units)
        if deploy > 0:
            share = deploy / self.idle_units
            self.dc_units += deploy
            self.dc_pflops += self.idle_pflops * share
            self.idle_pflops -= self.idle_pflops * share
            self.idle_units -= deploy
        return deploy

    def sell_share(self, share: float) -> float:
        """Sell `share` of the data-centre accelerators, deployed and waiting (F3: a forced
        sale); returns the accelerators sold."""
        keep = 1.0 - share
        deployed = self.dc_units * share
        sold = deployed + (self.idle_units + self.nohbm_units) * share
        self.dc_units *= keep
        self.dc_pflops *= keep
        self.idle_units *= keep
        self.idle_pflops *= keep
        self.nohbm_units *= keep
        self.nohbm_pflops *= keep
        return sold
