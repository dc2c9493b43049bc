"""The firm's money: cash, debt, shares, and every flow by category. Cash changes only through
`pay` and `receive`, so each change is a logged flow and money conservation can be checked monthly.
Cash below zero is drawn on the credit line (F2); what lenders make of it is the covenants' work."""

from __future__ import annotations

# the flows that make up EBITDA (F3): operating revenue and running costs; hardware, the fab,
# chip designs (capitalised), prepayments, interest and capital raised are not in it
EBITDA_CATEGORIES = frozenset((
    "compute_revenue", "base_business", "edge_revenue", "power_running", "dc_opex",
    "terafab_staff", "litho_bet",
))
EBITDA_WINDOW_MONTHS = 12  # trailing year


class Ledger:
    __slots__ = ("cash_busd", "debt_busd", "shares_m", "ipo_done", "last_equity_month", "flows",
                 "last_flows", "flows_total", "ebitda_months")

    def __init__(self, cash_busd: float, shares_m: float = 1.0) -> None:
        self.cash_busd = cash_busd
        self.debt_busd = 0.0
        self.shares_m = shares_m  # shares outstanding, millions: equity raises add to them
        self.ipo_done = False
        self.last_equity_month = -999
        # flows by category (+ in, - out): this month's so far (commands count in the month they
        # are given), last month's, and since the start
        self.flows: dict[str, float] = {}
        self.last_flows: dict[str, float] = {}
        self.flows_total: dict[str, float] = {}
        self.ebitda_months: list[float] = []  # the last EBITDA_WINDOW_MONTHS months' EBITDA

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

    def issue_shares(self, busd: float, price_usd: float) -> float:
        """Equity sold at `price_usd` a share: the millions of new shares it takes (dilution)."""
        new_m = busd * 1e3 / price_usd
        self.shares_m += new_m
        return new_m

    def ebitda_year_busd(self) -> float:
        """EBITDA over the trailing year (scaled up to a year while the campaign is younger)."""
        months = self.ebitda_months
        return sum(months) * EBITDA_WINDOW_MONTHS / len(months) if months else 0.0

    def net_worth_per_share_usd(self) -> float:
        """Cash less debt per share outstanding, in USD."""
        return (self.cash_busd - self.debt_busd) * 1e3 / self.shares_m

    def book_ebitda(self) -> None:
        """This month's EBITDA joins the trailing year (before lenders read it)."""
        ebitda = 0.0
        for category, busd in self.flows.items():
            if category in EBITDA_CATEGORIES:
                ebitda += busd
        months = self.ebitda_months
        months.append(ebitda)
        if len(months) > EBITDA_WINDOW_MONTHS:
            del months[0]

    def close_month(self) -> None:
        """This month's flows become last month's."""
        self.last_flows = self.flows
        self.flows = {}
