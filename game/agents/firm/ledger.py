"""The firm's money: cash, debt, and every flow by category. Cash changes only through `pay` and
`receive`, so each change is a logged flow and money conservation can be checked monthly."""

from __future__ import annotations


class Ledger:
    __slots__ = ("cash_busd", "debt_busd", "ipo_done", "last_equity_month", "flows",
                 "last_flows", "flows_total")

    def __init__(self, cash_busd: float) -> None:
        self.cash_busd = cash_busd
        self.debt_busd = 0.0
        self.ipo_done = False
        self.last_equity_month = -999
        # flows by category (+ in, - out): this month's so far (commands count in the month they
        # are given), last month's, and since the start
        self.flows: dict[str, float] = {}
        self.last_flows: dict[str, float] = {}
        self.flows_total: dict[str, float] = {}

    def pay(self, busd: float, category: str) -> None:
        self.cash_busd -= busd
        self.flows[category] = self.flows.get(category, 0.0) - busd
        self.flows_total[category] = self.flows_total.get(category, 0.0) - busd

    def receive(self, busd: float, category: str) -> None:
        self.cash_busd += busd
        self.flows[category] = self.flows.get(category, 0.0) + busd
        self.flows_total[category] = self.flows_total.get(category, 0.0) + busd

    def can_afford(self, busd: float) -> bool:
        return self.cash_busd >= busd

    def close_month(self) -> None:
        """This month's flows become last month's."""
        self.last_flows = self.flows
        self.flows = {}
