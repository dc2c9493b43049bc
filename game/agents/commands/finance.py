"""Finance commands: the IPO, equity and debt (A7), and repaying debt. Shares are sold at what
investors think the firm is worth (a multiple of a year's EBITDA, lifted by the story), so every
round dilutes the owners; lenders lend against earnings and nothing during a breach (F3)."""

from __future__ import annotations

from dataclasses import dataclass

from game.agents.commands import limits
from game.agents.commands.core import EPS, NEXT_MONTH, Plan, need_cash, refuse
from game.agents.firm.covenants import OK
from game.domain import commands as c
from game.i18n import msg


def story_factor(model) -> float:
    """A7: investors pay for the story: compute growth and Terafab progress lift what can be
    raised (the weights are `rules.finance`)."""
    firm = model.firm
    story = model.world.rules.finance
    growth = firm.compute_eflops / max(1e-9, firm.compute_at_start)
    tf = firm.terafab
    progress = 0.0
    if tf is not None:
        progress = story.story_terafab_sited + story.story_per_phase * len(tf.phases) + \
            (story.story_first_output if tf.first_output_month is not None else 0.0)
    lifted = story.story_base + \
        story.story_per_compute_multiple * min(growth, story.story_compute_multiple_cap) + progress
    return max(story.story_min, min(story.story_max, lifted))


def firm_value_busd(model, story: float) -> float:
    """A7: what investors think the firm is worth: `finance.valuation_ebitda_multiple` times a
    year's EBITDA, lifted by the story, at least `finance.valuation_min_busd`."""
    finance = model.world.finance
    return max(finance.valuation_min_busd,
               story * finance.valuation_ebitda_multiple * model.firm.ledger.ebitda_year_busd())


def share_price_usd(model, story: float) -> float:
    """A7: what new investors pay a share: the firm's value per share less
    `finance.equity_issue_discount`."""
    return (firm_value_busd(model, story) * 1e3 / model.firm.ledger.shares_m *
            (1.0 - model.world.finance.equity_issue_discount))


@dataclass(frozen=True, slots=True)
class CapitalRaise(Plan):
    kind: str  # ipo, equity or debt
    amount_busd: float
    share_price_usd: float = 0.0  # for the IPO and equity: new shares are sold at this price

    def apply(self, model) -> None:
        ledger = model.firm.ledger
        if self.kind == "ipo":
            ledger.ipo_done = True
        elif self.kind == "equity":
            ledger.last_equity_month = model.month
        else:
            ledger.debt_busd += self.amount_busd
        if self.share_price_usd > 0:
            ledger.issue_shares(self.amount_busd, self.share_price_usd)
        ledger.receive(self.amount_busd, self.kind)


def _raised(kind: str, amount: float, effect: str, price_usd: float = 0.0) -> CapitalRaise:
    return CapitalRaise(cost_busd=-amount, lead_time_months=NEXT_MONTH, effect=effect, kind=kind,
                        amount_busd=amount, share_price_usd=price_usd)


def _dilution(model, amount_busd: float, price_usd: float) -> str:
    """How much of the firm the new shares take, in words."""
    new_m = amount_busd * 1e3 / price_usd
    share = new_m / (model.firm.ledger.shares_m + new_m)
    return msg("event.finance.m_new_shares", new_m=new_m, price_usd=price_usd, share=share)


def plan_raise_capital(model, cmd: c.RaiseCapital) -> CapitalRaise:
    spec = model.world.firm
    story = story_factor(model)
    if cmd.kind == "ipo":
        if model.firm.ledger.ipo_done:
            raise refuse(msg("refuse.finance.ipo_can_happen"))
        if not limits.ipo_window_open(model):
            raise refuse(msg("refuse.finance.ipo_window_opens", ipo_earliest=spec.ipo_earliest))
        amount = spec.ipo_raise_busd * story
        price = share_price_usd(model, story)
        return _raised("ipo", amount, msg("event.finance.ipo_raise_about",
                                          amount=amount, story=story,
                                          dilution=_dilution(model, amount, price)), price)
    if cmd.kind == "equity":
        wait = limits.equity_wait_months(model)
        if wait > 0:
            raise refuse(msg("refuse.finance.investors_want_more", wait=wait))
        cap = min(spec.equity_max_busd * story, firm_value_busd(model, story) *
                  model.world.finance.equity_max_share_of_value)
        if cmd.busd > cap:
            raise refuse(msg("refuse.finance.investors_will_put", cap=cap, story=story))
        price = share_price_usd(model, story)
        return _raised("equity", cmd.busd, msg("event.finance.equity_usd_b",
                                               busd=cmd.busd,
                                               dilution=_dilution(model, cmd.busd, price)), price)
    if cmd.kind == "debt":
        if model.firm.covenants.state != OK:
            raise refuse(msg("refuse.finance.lenders_lend_nothing"))
        room = limits.debt_room_busd(model)
        if cmd.busd > room + EPS:
            raise refuse(msg("refuse.finance.lenders_will_add", room=max(0.0, room)))
        return _raised("debt", cmd.busd, msg("event.finance.debt_usd_b",
                                             busd=cmd.busd,
                                             debt_rate_per_year=spec.debt_rate_per_year))
    raise refuse(msg("refuse.finance.unknown_kind_capital", kind=cmd.kind))


@dataclass(frozen=True, slots=True)
class DebtRepayment(Plan):
    def apply(self, model) -> None:
        model.firm.ledger.debt_busd -= self.cost_busd
        model.firm.ledger.pay(self.cost_busd, "debt_repayment")


def plan_repay_debt(model, cmd: c.RepayDebt) -> DebtRepayment:
    if model.firm.ledger.debt_busd <= 0:
        raise refuse(msg("refuse.finance.you_have_no"))
    amount = min(cmd.busd, model.firm.ledger.debt_busd)
    need_cash(model, amount)
    return DebtRepayment(cost_busd=amount, lead_time_months=0.0,
                         effect=msg("preview.finance.repay_usd_b", amount=amount))
