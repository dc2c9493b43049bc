"""The one number formatter: a unit stays the same within a quantity, months agree with their
number, and a preview never shows a negative cost."""

from __future__ import annotations

from game.ui import fmt


def test_compute_keeps_one_unit_whatever_its_size():
    # 1 ZFLOPS is 1,000 EFLOPS: the old "3.18 ZFLOPS" for 3.18 M EFLOPS was a thousand times off
    shown = [fmt.eflops(x) for x in (2741.0, 858_800.0, 3_180_000.0)]
    assert shown == ["2.7 k EFLOPS", "858.8 k EFLOPS", "3.2 M EFLOPS"]


def test_months_agree_with_their_number():
    assert fmt.duration(1) == "1 month"
    assert fmt.duration(0.6) == "1 month"
    assert fmt.duration(18) == "18 months"
    assert fmt.duration(0.4) == "under a month"  # a short wait never reads "0 months"
    assert fmt.duration(0) == "0 months"
    assert fmt.unit(1, "months") == "1 month"


def test_money_coming_in_is_not_a_negative_cost():
    assert fmt.cost_now(-10.0) == ("Cash in now", "USD 10.0 B")
    assert fmt.cost_now(2.5) == ("Cost now", "USD 2.5 B")


def test_the_inspector_shows_money_as_money():
    assert fmt.unit(12.34, "USD B") == "USD 12.3 B"
    assert fmt.unit(0.25, "USD B/month") == "USD 250 M/month"
    assert fmt.unit(19_700.0, "USD/wafer") == "USD 19.7 k/wafer"
