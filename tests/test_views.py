"""The views the faces and the invariants read: immutable snapshots of exact values, every field
labelled for a reader."""

import dataclasses
import math

import pytest

from game.sim.invariants import finite_state
from game.sim.session import Session


@pytest.fixture(scope="module")
def played(campaign):
    """A campaign 30 months in, with contracts, power on order and the Terafab under way."""
    session = Session(campaign, seed=1, policy="balanced")
    session.run(30)
    return session


def records(value, path="view"):
    """Every view record inside `value` (itself, nested records, records in tuples), with a path."""
    if dataclasses.is_dataclass(value):
        yield path, value
        for f in dataclasses.fields(value):
            yield from records(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from records(item, f"{path}[{i}]")


def agent_views(session):
    view = session.view()
    return [view.firm, view.litho, view.market, *view.foundries, *view.memory_makers,
            *view.chipmakers, *view.tool_vendors, *view.regulators]


def test_a_view_cannot_be_changed_and_does_not_follow_the_world(played):
    view = played.view()
    firm = view.firm
    assert firm.terafab is not None and firm.contracts and firm.power_pipeline
    for _path, record in records(view.firm):
        name = dataclasses.fields(record)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(record, name, 0)  # noqa: B010 (the point: assignment must fail)
    with pytest.raises(TypeError):
        view.foundries[0].capacity_wpm["N3"] = 0.0
    with pytest.raises(TypeError):
        firm.generations["AI9"] = "2030-01"
    with pytest.raises(TypeError):
        view.last_row["cash_busd"] = 0.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.firm = None
    cash, capacity = firm.cash_busd, dict(view.foundries[0].capacity_wpm)
    played.model.firm.ledger.cash_busd += 1.0  # the world moves on; the snapshot does not
    played.model.foundries[0].base_wpm["N3"] += 1000.0
    played.model.foundries[0].refresh()
    try:
        assert firm.cash_busd == cash and dict(view.foundries[0].capacity_wpm) == capacity
    finally:
        played.model.firm.ledger.cash_busd -= 1.0
        played.model.foundries[0].base_wpm["N3"] -= 1000.0
        played.model.foundries[0].refresh()


def test_a_view_holds_the_models_exact_values(played):
    view, model = played.view(), played.model
    firm = model.firm
    # to the last digit, where the old readout kept USD 1 M and whole chips
    assert view.firm.cash_busd == firm.ledger.cash_busd != round(firm.ledger.cash_busd, 3)
    assert view.firm.power_used_gw == firm.power.used_gw
    assert view.firm.waiting_for_power == firm.fleet.idle_units
    assert view.firm.terafab.staff_required == firm.terafab.staff_required()
    wafers = [m.wafers_kwpm for m in model.memory_makers]
    assert [v.wafers_kwpm for v in view.memory_makers] == wafers
    inventory = [c.inventory for c in model.chipmakers]
    assert [v.inventory for v in view.chipmakers] == inventory
    expected = [c.expected for c in model.chipmakers]
    assert [v.expected_demand for v in view.chipmakers] == expected
    assert any(x != round(x) for x in expected)  # finer than the old readout's whole chips
    assert [v.player_order for v in view.chipmakers] == [c.player_order for c in model.chipmakers]
    site = model.foundries[0]
    assert dict(view.foundries[0].price_index) == site.price_index
    assert view.litho.euv_lead_months == model.litho.euv.lead_time_months(model.month)
    assert view.market.end_demand == model.end_demand
    contract = view.firm.contracts[0]
    assert contract.price_usd == firm.supply.contracts[0].price_usd
    assert len(contract.first_date) == 7 and contract.first_date[4] == "-"  # YYYY-MM


def test_every_field_of_every_view_has_a_label_and_a_unit(played):
    seen = set()
    for top in agent_views(played):
        for path, record in records(top, type(top).__name__):
            for f in dataclasses.fields(record):
                label = f.metadata.get("label")
                assert label and "_" not in label, f"{path}.{f.name} has no readable label"
                assert "unit" in f.metadata, f"{path}.{f.name} has no unit"
                seen.add(type(record).__name__)
    assert {"FirmView", "TerafabView", "FabProjectView", "WaferContractView", "PowerOrderView",
            "FoundryView", "MemoryMakerView", "ChipmakerView", "RegulatorView", "LithoView",
            "ToolVendorView", "MarketView"} <= seen


def test_finite_state_checks_every_field_at_full_precision(played):
    model = played.model
    assert finite_state(model) == []
    chip = model.chipmakers[0]
    order = chip.player_order
    chip.player_order = math.inf  # a field the old rounded readout left out
    try:
        assert finite_state(model) == [f"{chip.key}.player_order is inf"]
    finally:
        chip.player_order = order
    phase = model.firm.terafab.phases[0]
    capex = phase.capex_left_busd
    phase.capex_left_busd = math.nan
    try:
        assert finite_state(model) == ["player.terafab.phases[0].capex_left_busd is nan"]
    finally:
        phase.capex_left_busd = capex
