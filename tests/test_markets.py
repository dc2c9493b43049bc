"""B3 (contracts and prepayment buy priority) and B8 (export holds) where sellers share out a
scarce month: the tier rule itself, the wafer and HBM markets of a running world, tool queues."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.domain import commands as c
from game.mechanics.markets import TIER_CONTRACT, TIER_PREPAID, TIER_SPOT, fill_by_tier
from game.mechanics.toolqueue import ToolQueue
from game.sim.config import apply_overrides
from game.sim.session import Session

TIERS = (TIER_PREPAID, TIER_CONTRACT, TIER_SPOT)
lines = st.lists(st.tuples(st.sampled_from(TIERS), st.floats(0.0, 1e6), st.floats(0.0, 1e6)),
                 min_size=1, max_size=8)


@given(capacity=st.floats(0.0, 3e6), asks=lines)
def test_a_short_seller_serves_prepaid_then_contracts_then_spot_pro_rata(capacity, asks):
    book = [(object(), tier, amount, spot) for tier, amount, spot in asks]
    fill = fill_by_tier(capacity, book)
    asked = sum(a + s for _, a, s in asks)
    granted = sum(a * fill[t] + s * fill[TIER_SPOT] for t, a, s in asks)
    assert granted <= max(capacity, 0.0) * (1 + 1e-9) + 1e-6  # never more than it makes
    assert granted <= asked * (1 + 1e-9) + 1e-6
    assert all(0.0 <= fill[t] <= 1.0 for t in TIERS)
    by_tier = dict.fromkeys(TIERS, 0.0)
    for tier, amount, spot in asks:
        by_tier[tier] += amount
        by_tier[TIER_SPOT] += spot
    if asked <= capacity:  # enough for everyone: every tier that asked gets all it asked
        assert all(fill[t] == pytest.approx(1.0) for t in TIERS if by_tier[t] > 0.0)
    for higher, lower in ((TIER_PREPAID, TIER_CONTRACT), (TIER_CONTRACT, TIER_SPOT)):
        if fill[lower] > 0.0 and by_tier[lower] > 0.0 and by_tier[higher] > 0.0:
            assert fill[higher] == 1.0  # a lower tier gets wafers only once the higher has all


def test_prepaid_wafers_come_first_when_a_foundry_runs_short(campaign):
    """In 2027 AI demand has outgrown the N3 wafers phones leave free at TSMC Taiwan (A6):
    prepaid buyers (NVIDIA and the firm) share them pro rata, and the prepaid tier itself is short.
    """
    session = Session(campaign, seed=1)
    assert session.submit(c.FundChipGeneration("AI5")).accepted
    session.run(8)
    assert session.submit(c.BookFoundryCapacity("tsmc-hsinchu", 3000, 24, True)).accepted
    contract = session.model.firm.supply.contracts[0]
    assert contract.node == "N3"
    session.run(contract.start - session.month)
    nvidia = session.model.chipmakers[0]
    for _ in range(6):
        before = contract.received
        session.step()
        firm_fill = (contract.received - before) / 3000
        assert 0.1 < firm_fill < 0.9  # the prepaid tier itself is short, shared pro rata
        assert nvidia.node == "N3" and nvidia.fill_ratio < 0.9
        assert firm_fill == pytest.approx(nvidia.fill_ratio, rel=0.2)


def test_contracted_hbm_arrives_before_spot_when_memory_is_short(campaign):
    session = Session(campaign, seed=1)
    maker = session.model.memory_makers[0]
    made = maker.hbm_supply_stacks()
    contract_share, spot_share = maker.allocate_hbm(0.6 * made, 0.8 * made)
    assert contract_share == 1.0
    assert spot_share == pytest.approx(0.4 / 0.8)
    assert maker.hbm_sold == pytest.approx(made)
    contract_share, spot_share = maker.allocate_hbm(2.0 * made, 1.0)
    assert contract_share == pytest.approx(0.5) and spot_share == 0.0


def test_a_tool_queue_holds_orders_for_china_and_ships_the_rest_in_order():
    queue = ToolQueue(units_per_month=4.0, min_lead_months=2, whole_units=True)
    first_cn = queue.order("smic", "CN", 3.0, month=0)
    tw = queue.order("tsmc", "TW", 3.0, month=0)
    later = queue.order("intel", "US", 3.0, month=1)
    queue.ship(month=1, held_country="CN")
    assert queue.shipped_month == 0  # still in the minimum lead time
    queue.ship(month=2, held_country="CN")
    assert (first_cn.shipped, tw.shipped, later.shipped) == (0.0, 3.0, 0.0)  # later not ready
    queue.ship(month=3, held_country="CN")
    assert (first_cn.shipped, later.shipped) == (0.0, 3.0)
    assert queue.backlog == 3.0 and queue.shipped_by_country_month.get("CN", 0.0) == 0
    queue.ship(month=4, held_country=None)
    assert first_cn.done and queue.shipped_by_country_month["CN"] == 3.0 and queue.backlog == 0.0


def test_a_node_at_the_floor_price_reprices_when_orders_return(campaign):
    """H9: an idle node's price sinks to the floor and stays there while nobody asks, but orders
    beyond its capacity lift it again."""
    campaign = apply_overrides(campaign, {"world.demand.non_ai_leading_share": 0.0})
    session = Session(campaign, seed=1)  # no phone locks N3 (A6): nobody asking leaves it idle
    site = session.model.foundry_by_key["tsmc-hsinchu"]
    site.price_index["N3"] = 60.0  # the floor
    site.allocate_wafers()  # nobody asked this month: the price stays
    assert site.price_index["N3"] == 60.0
    buyer = session.model.chipmakers[0]
    site.request("N3", buyer, TIER_CONTRACT, 3.0 * site.capacity("N3"))
    site.allocate_wafers()
    assert site.price_index["N3"] > 60.0
