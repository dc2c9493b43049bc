"""The world's chance events (S1-S7) and the rival buyer (R1-R4): rare shocks that make one seed's
campaign differ from the next, and a hyperscaler that competes with the player for the same
wafers, HBM, turbines and EUV slots (issue #15, item 4).

Each shock has a yearly chance and ranges for its size and duration; every size is drawn
uniformly between its `_min` and `_max` from the shock's own random stream.
"""

from __future__ import annotations

from pydantic import model_validator

from game.i18n import msg
from game.sim.config.types import Frac, NodeName, RegionName, Strict, span, whole

Share = span(0.0, 0.95)  # a share taken away: never all of it (a yield or capacity stays above 0)
Window = whole(1, 120)   # months a shock lasts


class _Ranged(Strict):
    """A shock's yearly chance and the ranges its size and length are drawn from."""

    chance_per_year: Frac

    @model_validator(mode="after")
    def _ordered(self):
        for name in type(self).model_fields:
            if name.endswith("_min"):
                top = name.removesuffix("_min") + "_max"
                if getattr(self, name) > getattr(self, top):
                    raise ValueError(msg("errors.world.min_max", low=name, high=top))
        return self


class TaiwanShock(_Ranged):
    """S1: a blockade or quake takes a share of Taiwan's leading-edge wafer output offline."""

    region: RegionName
    offline_share_min: Share
    offline_share_max: Share
    months_min: Window
    months_max: Window


class FoundryYieldShock(_Ranged):
    """S2: a yield excursion at one foundry site's leading node."""

    yield_loss_min: Share
    yield_loss_max: Share
    months_min: Window
    months_max: Window


class TerafabYieldShock(_Ranged):
    """S3: a yield excursion at the player's Terafab (learned back as a new ramp)."""

    yield_loss_min: Share
    yield_loss_max: Share


class GridDelayShock(_Ranged):
    """S4: the utility's interconnection studies slip: the player's pending grid GW come later."""

    months_min: Window
    months_max: Window


class GridOutageShock(_Ranged):
    """S5: a grid outage darkens the grid-fed part of the player's fleet for part of a month."""

    lost_share_min: Share
    lost_share_max: Share


class DemandShock(_Ranged):
    """S6: AI demand runs above or below its trend for a while."""

    multiplier_min: span(0.2, 5.0)
    multiplier_max: span(0.2, 5.0)
    months_min: Window
    months_max: Window


class TariffShock(_Ranged):
    """S7: tariffs on imported chips and wafers tighten for a while."""

    added_tariff_min: span(0.0, 2.0)
    added_tariff_max: span(0.0, 2.0)
    months_min: Window
    months_max: Window


class Shocks(Strict):
    """`shocks:` in the world. `enabled: false` (a lesson's override) turns them all off."""

    enabled: bool
    taiwan: TaiwanShock
    foundry_yield: FoundryYieldShock
    terafab_yield: TerafabYieldShock
    grid_delay: GridDelayShock
    grid_outage: GridOutageShock
    demand: DemandShock
    tariff: TariffShock


class Rival(Strict):
    """`rival:` in the world: a hyperscaler or rival lab building its own compute (R1-R4)."""

    enabled: bool
    id: str
    name: str
    country: RegionName
    node: NodeName
    foundry_weights: dict[str, span(0.001, 1000.0)]  # relative: divided by their sum
    wafers_per_month_start: span(0.0, 1e7)   # R1: its own chips' wafers at the start
    growth_per_year: span(-0.5, 3.0)         # R1: its plan grows this much a year
    prepays: bool                            # B3: it pays ahead for priority, like the big buyers
    review_every_months: whole(1, 24)        # R2-R4: it reviews the market this often
    corner_wafer_share: span(0.01, 1.0)      # R2: a player above this share of the leading edge's
    corner_hbm_share: span(0.01, 1.0)        # good wafers, or of the HBM made, corners that market
    answer_per_corner: span(0.0, 20.0)       # R2: bids this much more of its own need for each
    #                                          further corner share the player holds
    answer_max: span(1.0, 10.0)              # R2: ... at most this many times its own need
    answer_adjust: span(0.01, 1.0)           # R2: share of the way to its answer per review
    turbine_share_of_power: Frac             # R3: share of its chips' power it buys as turbines
    kw_per_accelerator: span(0.01, 100.0)    # R3: its chips' draw, cooling included
    euv_per_10k_wpm_added: span(0.0, 100.0)  # R4: EUV slots it books for each 10k wpm it adds
