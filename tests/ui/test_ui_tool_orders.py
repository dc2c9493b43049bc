"""The tool-order form, as a player building the Terafab uses it: it opens on the tools the funded
phases still lack for the vendor picked ("What I need"), its preview says when the last tool of the
order arrives (the vendor's own queue, not the lead time of the queue ahead), and the Terafab's
forms say what the capacity will need next (power, HBM, the other vendors' tools)."""

from __future__ import annotations

import math

from game.domain import commands as c
from tests.ui.conftest import click, start


def _terafab_phase_funded(app, campaign):
    game = start(app, campaign)
    session = game.session
    assert session.submit(c.StartTerafab(site=session.choices("terafab_sites")[0][0])).accepted
    session.run(14)  # permits granted
    assert session.submit(c.FundTerafabPhase()).accepted
    click(app, "tab:terafab")
    return game


def _drawn_texts(app, monkeypatch) -> list[str]:
    """Every text the window renders from now on."""
    drawn: list[str] = []
    render = type(app.fonts).text

    def text(self, s, *args, **kwargs):
        drawn.append(s)
        return render(self, s, *args, **kwargs)

    monkeypatch.setattr(type(app.fonts), "text", text)
    return drawn


def test_the_tool_form_opens_on_what_the_funded_phase_lacks_and_follows_the_vendor(app, campaign):
    game = _terafab_phase_funded(app, campaign)
    tf = game.session.model.firm.terafab
    need = tf.tools_needed(tf.phases[0].capacity_wpm)
    click(app, "action:order_tools")
    dialog = app.top
    assert dialog.values["vendor"] == "asml"
    assert dialog.values["quantity"] == math.ceil(need["asml"]) != 10  # not the bare default
    click(app, "field:quantity:+")  # the player's own amount stays when the vendor changes...
    mine = dialog.values["quantity"]
    click(app, "field:vendor:+")
    assert dialog.values["quantity"] == mine
    click(app, "field:vendor:-")
    click(app, "field:quantity:need")  # ...until "What I need" sets it back
    assert dialog.values["quantity"] == math.ceil(need["asml"])
    click(app, "field:vendor:+")  # the next vendor: its own share, in sets for 10k wpm
    other = dialog.values["vendor"]
    assert other != "asml"
    assert dialog.values["quantity"] == math.ceil(need[other])
    click(app, "confirm")
    click(app, "tab:terafab")
    click(app, "action:order_tools")
    click(app, "field:vendor:+")
    assert app.top.values["vendor"] == other
    names = [b.name for b in app.top.buttons]
    assert "field:quantity:need" not in names, "what is on order is not needed again"


def test_the_preview_says_when_the_last_of_500_euv_arrives_and_it_does(app, campaign,
                                                                      monkeypatch):
    game = _terafab_phase_funded(app, campaign)
    session = game.session
    click(app, "action:order_tools")
    dialog = app.top
    dialog.set_value("quantity", 500)
    drawn = _drawn_texts(app, monkeypatch)
    app.frame(0.0, [])
    assert "Last arrives" in drawn
    shown = drawn[drawn.index("Last arrives") + 1]
    click(app, "confirm")
    ticket = session.model.firm.supply.tool_orders[-1].ticket
    ordered = session.model.month
    while not ticket.done:
        session.step()
    arrived = session.model.month - 1  # the month that shipped the last one
    assert arrived - ordered > 60, "500 EUV take years behind the queue, not 18 months"
    year, month = (int(x) for x in shown.split("-"))
    shown_month = session.model.month_of(f"{year:04d}-{month:02d}")
    assert abs(shown_month - arrived) <= 2, (shown, session.model.date_of(arrived))


def test_terafab_previews_name_the_power_hbm_and_tools_the_capacity_will_need(app, campaign):
    game = _terafab_phase_funded(app, campaign)
    for action in ("order_tools", "fund_phase"):
        click(app, f"action:{action}")
        text = app.top.downstream
        assert "GW" in text and "HBM" in text and "Applied Materials" in text, (action, text)
        app.top.close()
        click(app, "tab:terafab")
    assert game.session.model.firm.terafab is not None



def test_intel_and_terafab_start_previews_name_the_power_and_hbm_their_chips_need(app, campaign):
    from game.ui.scenes.action import ActionDialog

    start(app, campaign)
    for cls in (c.SignIntelPartnership, c.StartTerafab):
        dialog = ActionDialog(app, cls)
        assert "GW" in dialog.downstream and "HBM" in dialog.downstream, (cls.name,
                                                                         dialog.downstream)


def test_book_foundry_opens_on_the_wafers_whose_chips_the_ordered_power_can_light(app, campaign):
    import re

    game = start(app, campaign)
    session = game.session
    assert session.submit(c.FundChipGeneration(generation="AI5")).accepted
    assert session.submit(c.RequestGrid(gw=3.0)).accepted
    click(app, "tab:supply")
    click(app, "action:book_foundry")
    dialog = app.top
    assert "field:wafers_per_month:need" in [b.name for b in dialog.buttons]
    assert dialog.values["wafers_per_month"] != 5000  # not the bare default
    firm = session.view().firm
    free_gw = (firm.power_gw - firm.power_used_gw + sum(p.gw for p in firm.power_pipeline)
               - firm.waiting_for_power * 3e-6)  # 3 kW an accelerator
    year_gw = float(re.search(r"needs ([0-9.]+) GW", dialog.downstream).group(1))
    assert 0.95 * free_gw <= year_gw <= 1.05 * free_gw, (year_gw, free_gw)  # 100 wpm steps


def test_hire_staff_opens_on_the_staff_the_funded_phases_need(app, campaign):
    game = _terafab_phase_funded(app, campaign)
    tf = game.session.model.firm.terafab
    click(app, "action:hire_staff")
    want = tf.phases[0].capacity_wpm / 10000 * tf.spec.staff_per_10k_wpm
    assert app.top.values["people"] == math.ceil(want / 10) * 10
