"""What lenders watch (F3): net debt against earnings and cash against the credit line. A breach
is a warning with months to cure; uncured, lenders force the sale of accelerators; still in
breach after that, or uncured once more after the forced sales lenders tolerate, they take the
firm and the campaign ends (game over)."""

from __future__ import annotations

from typing import NamedTuple

from game.i18n import msg

OK, BREACH, FORCED_SALE, GAME_OVER = "ok", "breach", "forced_sale", "game_over"
STATES = (OK, BREACH, FORCED_SALE, GAME_OVER)


class Test(NamedTuple):
    """The month's covenant test: `failed` names what broke ("" when every covenant holds)."""

    failed: str
    net_debt_busd: float
    leverage: float  # net debt over trailing-year EBITDA (inf when EBITDA is not positive)


def test_covenants(cash_busd: float, debt_busd: float, ebitda_year_busd: float,
                   credit_line_busd: float, max_leverage: float) -> Test:
    """Cash past the credit line, or net debt above `max_leverage` times a year's EBITDA."""
    net_debt = debt_busd - cash_busd
    leverage = net_debt / ebitda_year_busd if ebitda_year_busd > 0 else float("inf")
    failed: str
    if cash_busd < -credit_line_busd:
        failed = (msg("event.covenants.cash_usd_b",
                      cash_busd=cash_busd, credit_line_busd=credit_line_busd))
    elif net_debt > 0 and leverage > max_leverage:
        earned = (msg("event.covenants.x_year_s", leverage=leverage) if ebitda_year_busd > 0
                  else msg("event.covenants.with_ebitda_usd", ebitda_year_busd=ebitda_year_busd))
        failed = msg("event.covenants.net_debt_usd",
                     net_debt=net_debt, earned=earned, max_leverage=max_leverage)
    else:
        failed = ""
    return Test(failed, net_debt, leverage)


class Covenants:
    """The firm's standing with its lenders: a state, the months spent in it, and what broke."""

    __slots__ = ("state", "months_in_state", "breaches", "forced_sales", "ended_month", "cause")

    def __init__(self) -> None:
        self.state = OK
        self.months_in_state = 0
        self.breaches = 0         # times the firm fell into breach
        self.forced_sales = 0     # times lenders forced a sale
        self.ended_month = -1     # the month lenders took the firm (game over)
        self.cause = ""           # what ended the campaign, in words

    def advance(self, test: Test, cure_months: int, forced_sale_months: int,
                max_forced_sales: int, month: int) -> str | None:
        """Move with this month's test; returns the new state when it changed, else None."""
        before = self.state
        if before == GAME_OVER:
            return None
        if not test.failed:
            new = OK
        elif before == OK:
            new = BREACH
            self.breaches += 1
        elif before == BREACH and self.months_in_state + 1 >= cure_months:
            new = FORCED_SALE
            self.forced_sales += 1
        elif before == FORCED_SALE and self.months_in_state + 1 >= forced_sale_months:
            new = GAME_OVER
        else:
            new = before
        if new == FORCED_SALE and self.forced_sales > max_forced_sales:
            new = GAME_OVER  # lenders have sold by force as often as they will
        if new == GAME_OVER:
            self.ended_month = month
            self.cause = msg("event.covenants.lenders_took_firm", failed=test.failed)
        if new == before:
            self.months_in_state += 1
            return None
        self.state = new
        self.months_in_state = 0
        return new
