"""Shared shapes of config numbers: every number has a range (`span`, `whole`), and the kinds of
number the sections use (shares, months, prices, indices)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from game.domain.calendar import parse_ym


def span(lo: float, hi: float, *, above: bool = False) -> object:
    """A finite float in [lo, hi], or (lo, hi] when `above` (a value that must not be lo)."""
    return Annotated[float, Field(gt=lo, le=hi) if above else Field(ge=lo, le=hi)]


def whole(lo: int, hi: int) -> object:
    """A whole number in [lo, hi]."""
    return Annotated[int, Field(ge=lo, le=hi)]


Frac = span(0.0, 1.0)  # a share, a probability or a yield
Months = whole(0, 600)  # a duration: at most the longest campaign (50 years)
Growth = span(0.0, 1.0)  # growth a year of a capacity that builds on itself (at most doubling)
Price = span(0.01, 1000.0)  # USD B for one thing (a set of tools, a GW of power)
POWER_TOLERANCE_GW = 1e-6  # float rounding allowed between power used and power available
NodeName = Literal["N2", "N3", "N7"]
RegionName = Literal["TW", "KR", "US", "JP", "CN", "NL", "EU"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, strict=True)


def _ym(value: str) -> str:
    parse_ym(value)
    return value

PriceIndex = span(0.0, 1e6, above=True)  # 100 = list price
Share = span(0.0, 1.0, above=True)  # a fraction above 0
Spread = span(0.0, 0.99)  # x (1 +/- this)
Multiplier = span(0.0, 100.0)
GrowthFactor = span(1.0, 100.0)  # a multiplying factor, at least 1
Years = span(0.0, 50.0)
EveryMonths = whole(1, 600)  # at least a month
AtLeastOne = whole(1, 1000)
ControlLevel = whole(0, 4)
Busd = Annotated[float, Field(ge=0.0, le=1e4, allow_inf_nan=False)]
Gw = Annotated[float, Field(ge=0.0, le=1e3, allow_inf_nan=False)]
ContractMonths = Annotated[int, Field(ge=6, le=120)]  # the commands' own bounds
StoryFactor = Annotated[float, Field(ge=0.0, le=10.0, allow_inf_nan=False)]
