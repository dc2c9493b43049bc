"""The campaign's score and its breakdown: what players and classes are ranked by (issue #15).

The goal is compute delivered to users, so its log dominates; the other terms are measured from
what the firm did, never from tuned targets: the share of delivered compute that came off the
player's own fab, the owners' value per share (equity dilutes), and three costs of waste (chips
idle, capex that never produced, memory bought and never used). A campaign that ends in a bust
(F3) is floored. Weights and the scenario's thresholds are `scoring:` in its YAML file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from game.i18n import msg, padded, text
from game.i18n import t as tr

# the value-per-share ratio is read within these bounds, so a firm worth nothing (or less) at the
# end scores the bottom of the value term instead of an undefined logarithm
VALUE_RATIO_MIN, VALUE_RATIO_MAX = 0.01, 100.0
# a fleet entirely idle is read as this share, so the idle term's logarithm stays finite
IDLE_SHARE_MAX = 0.999
# the summary's columns of the terms (score_<key>), in the order the breakdown lists them
TERM_KEYS = ("compute", "own_fab", "value", "idle", "stranded", "unused_memory", "bust")
TERM_LABELS = {"compute": "Compute delivered", "own_fab": "Own fab", "value": "Value per share",
               "idle": "Idle chips", "stranded": "Stranded capex",
               "unused_memory": "Unused contracts", "bust": "Bust"}


class ScoreTally:
    """What the score needs month by month, read from the firm after each month: compute
    deployed and idle, the share of it made on the Terafab's wafers, and memory left unused.
    A few reads a month; a replayed save rebuilds it, since every month is played again."""

    __slots__ = ("months", "deployed_pflops_months", "own_fab_pflops_months",
                 "idle_pflops_months", "own_fab_made_pflops", "start_pflops",
                 "hbm_unused_stack_months", "hbm_held_stack_months", "value_per_share_start_usd")

    def __init__(self, model) -> None:
        fleet = model.firm.fleet
        self.months = 0
        self.deployed_pflops_months = 0.0  # data centres and edge devices, summed over months
        self.own_fab_pflops_months = 0.0  # of which made on the Terafab's wafers (an estimate)
        self.idle_pflops_months = 0.0  # chips waiting for power or memory
        self.own_fab_made_pflops = 0.0  # compute the Terafab has made so far
        # compute the firm started with: with what it bought and made, all it ever held
        self.start_pflops = fleet.dc_pflops + fleet.edge_pflops + fleet.idle_pflops + \
            fleet.nohbm_pflops
        self.hbm_unused_stack_months = 0.0  # HBM bought and not on a chip
        self.hbm_held_stack_months = 0.0  # HBM the firm holds, on chips or in stock
        self.value_per_share_start_usd: float | None = None

    def add(self, model) -> None:
        """Count the month just played."""
        firm = model.firm
        fleet = firm.fleet
        made = firm.supply.terafab_units
        if made > 0 and firm.terafab is not None:
            gen = firm.current_generation(firm.terafab.spec.node) or firm.current_generation()
            if gen is not None:
                self.own_fab_made_pflops += made * model.generation_pflops(gen)
        deployed = fleet.dc_pflops + fleet.edge_pflops
        waiting = fleet.idle_pflops + fleet.nohbm_pflops
        self.months += 1
        self.deployed_pflops_months += deployed
        self.idle_pflops_months += waiting
        # chips move through the fleet's pools in proportion, so the Terafab's share of what is
        # at work is its share of all compute ever held less what waits; the waiting chips are
        # counted as the Terafab's first, so piling them up earns nothing
        own = self.own_fab_made_pflops
        if own > 0:
            held = self.start_pflops + fleet.own_pflops_total + fleet.bought_pflops_total - waiting
            if held > 0:
                self.own_fab_pflops_months += deployed * min(1.0, max(0.0, own - waiting) / held)
        stock = fleet.hbm_stock
        self.hbm_unused_stack_months += stock
        self.hbm_held_stack_months += stock + fleet.stacks_per_accelerator * (
            fleet.dc_units + fleet.idle_units)
        if self.value_per_share_start_usd is None:
            self.value_per_share_start_usd = value_per_share_usd(model)


def value_busd(model) -> float:
    """The owners' stake as investors price it without the story (A7): cash less debt plus
    `finance.valuation_ebitda_multiple` times the trailing year's EBITDA."""
    ledger = model.firm.ledger
    multiple = model.world.finance.valuation_ebitda_multiple
    return ledger.cash_busd - ledger.debt_busd + multiple * ledger.ebitda_year_busd()


def value_per_share_usd(model) -> float:
    return value_busd(model) * 1e3 / model.firm.ledger.shares_m


def stranded_capex_busd(model) -> tuple[float, float]:
    """(capex that never produced, all capex paid), USD B: what was paid on Terafab phases not
    producing at the end, and the share of power capex whose GW stand unused at the end."""
    firm = model.firm
    flows = firm.ledger.flows_total
    power_paid = -flows.get("power_capex", 0.0)
    paid = power_paid - flows.get("terafab_capex", 0.0) - flows.get("tools", 0.0)
    stranded = 0.0
    tf = firm.terafab
    if tf is not None:
        for i, p in enumerate(tf.phases):
            if not p.producing:
                stranded += max(0.0, tf.phase_spec(i).capex_busd - p.capex_left_busd)
    power = firm.power
    if power.gw > 0 and power_paid > 0:
        stranded += power_paid * max(0.0, power.gw - power.used_gw) / power.gw
    return min(stranded, paid), max(paid, 0.0)


@dataclass(frozen=True, slots=True)
class ScoreTerm:
    key: str  # the summary column: score_<key>
    label: str
    points: float
    explanation: str  # one line a player reads on the end screen (a Message: any language)


@dataclass(frozen=True, slots=True)
class ScoreBreakdown:
    terms: tuple[ScoreTerm, ...]
    total: float
    grade: str  # gold, silver, bronze, pass, fail or "" (below bronze)
    goal: str  # the thresholds, in one line

    def summary_columns(self) -> dict[str, float]:
        """Every term's points as a summary column (a bust term of 0 when the firm lasted)."""
        points = {t.key: t.points for t in self.terms}
        return {f"score_{k}": round(points.get(k, 0.0), 4) for k in TERM_KEYS}


    def lines(self) -> list[str]:
        """The breakdown as text in the player's language: one line a term, then the total, its
        grade and the scenario's goal."""
        out = [f"{padded(tr(f'score_term.{term.key}'), 18)} {signed_points(term.points, 8)}  "
               f"{text(term.explanation)}" for term in self.terms]
        grade = tr("score_grade", grade=tr(f"grade.{self.grade}")) if self.grade else ""
        out.append(tr("score_total", label=padded(tr('score_total_label'), 18),
                      total=f"{self.total:8.1f}", grade=grade, goal=text(self.goal)))
        return out


def signed_points(points: float, width: int = 0) -> str:
    """Points with their sign to one decimal; a term that rounds to nothing reads "0.0", never
    "-0.0" (a cost of 0 % is no cost)."""
    text = f"{points:+,.1f}"
    if text in ("+0.0", "-0.0"):
        text = "0.0"
    return f"{text:>{width}}" if width else text


def grade_of(total: float, scoring) -> str:
    """The scenario's verdict on a score: a medal, or pass/fail for a lesson."""
    if scoring.pass_score is not None:
        return "pass" if total >= scoring.pass_score else "fail"
    for name in ("gold", "silver", "bronze"):
        if total >= getattr(scoring.medals, name):
            return name
    return ""


def goal_text(scoring) -> str:
    if scoring.pass_score is not None:
        return msg("score_goal.pass", score=scoring.pass_score)
    m = scoring.medals
    return msg("score_goal.medals", bronze=m.bronze, silver=m.silver, gold=m.gold)


def breakdown(model, tally: ScoreTally, scoring) -> ScoreBreakdown:
    """The score of the campaign so far, term by term."""
    firm = model.firm
    baseline = max(1e-9, firm.compute_at_start * max(1, model.month))
    ratio = max(1e-9, firm.compute_delivered_eflops_months / baseline)
    compute = scoring.compute_points_per_decade * math.log10(ratio)
    own_share = tally.own_fab_pflops_months / tally.deployed_pflops_months \
        if tally.deployed_pflops_months > 0 else 0.0
    own = scoring.own_fab_bonus_share * own_share * max(0.0, compute)
    start = tally.value_per_share_start_usd
    value_ratio = value_per_share_usd(model) / start if start and start > 0 else 1.0
    value_ratio = min(VALUE_RATIO_MAX, max(VALUE_RATIO_MIN, value_ratio))
    value = scoring.value_points_per_decade * math.log10(value_ratio)
    held = tally.idle_pflops_months + tally.deployed_pflops_months
    idle_share = min(IDLE_SHARE_MAX, tally.idle_pflops_months / held) if held > 0 else 0.0
    stranded, paid = stranded_capex_busd(model)
    stranded_share = stranded / paid if paid > 0 else 0.0
    unused_share = tally.hbm_unused_stack_months / tally.hbm_held_stack_months \
        if tally.hbm_held_stack_months > 0 else 0.0
    terms = [
        ScoreTerm("compute", TERM_LABELS["compute"], compute,
                  msg("score_why.compute", per_decade=scoring.compute_points_per_decade,
                      ratio=ratio)),
        ScoreTerm("own_fab", TERM_LABELS["own_fab"], own,
                  msg("score_why.own_fab", bonus=scoring.own_fab_bonus_share, share=own_share)),
        ScoreTerm("value", TERM_LABELS["value"], value,
                  msg("score_why.value", per_decade=scoring.value_points_per_decade,
                      ratio=value_ratio)),
        ScoreTerm("idle", TERM_LABELS["idle"],
                  scoring.idle_points_per_decade * math.log10(1.0 - idle_share),
                  msg("score_why.idle", per_decade=scoring.idle_points_per_decade,
                      share=idle_share)),
        ScoreTerm("stranded", TERM_LABELS["stranded"],
                  -scoring.stranded_cost_points * stranded_share,
                  msg("score_why.stranded", points=scoring.stranded_cost_points,
                      share=stranded_share)),
        ScoreTerm("unused_memory", TERM_LABELS["unused_memory"],
                  -scoring.unused_cost_points * unused_share,
                  msg("score_why.unused_memory", points=scoring.unused_cost_points,
                      share=unused_share)),
    ]
    total = sum(t.points for t in terms)
    if model.end_cause:
        floor = min(0.0, scoring.bust_score - total)
        terms.append(ScoreTerm("bust", TERM_LABELS["bust"], floor,
                               msg("score_why.bust", score=scoring.bust_score)))
        total += floor
    return ScoreBreakdown(tuple(terms), total, grade_of(total, scoring), goal_text(scoring))
