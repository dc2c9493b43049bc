"""The agent inspector lists every field of an agent's view by its label, with its unit: no raw
attribute names, booleans as Yes/No, each list item on its own line, nested records indented."""

from __future__ import annotations

import dataclasses

import pygame
import pytest

from game.sim.session import Session
from game.ui import fmt
from game.ui.game import Game
from game.ui.scenes.inspector import InspectorScene
from game.ui.scenes.title import start_game


@pytest.fixture
def played(app, campaign):
    """A game 30 months in: contracts, power on order and the Terafab under way."""
    session = Session.new(campaign, 1, "balanced")
    session.run(30)
    start_game(app, Game(session))
    return app


def drawn_texts(app, monkeypatch) -> list[str]:
    """Every string the window renders from now on (the list fills as frames are drawn)."""
    texts: list[str] = []
    render = app.fonts.text

    def recording(text, *args, **kwargs):
        texts.append(text)
        return render(text, *args, **kwargs)

    monkeypatch.setattr(app.fonts, "text", recording)
    return texts


def read_all(app, scene: InspectorScene, texts: list[str]) -> list[str]:
    """Draw the selected agent's state, scrolling with the wheel until its last line is shown."""
    texts.clear()
    app.frame(0.0, [])
    for _ in range(100):
        before = scene.scroll
        app.frame(0.0, [pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1)])
        if scene.scroll == before:
            break
    return list(texts)


def labels(record) -> list[str]:
    out = []
    for f in dataclasses.fields(record):
        if f.name != "key":  # the internal id is left out: the agent's name says who it is
            out.append(f.metadata["label"])
        value = getattr(record, f.name)
        if dataclasses.is_dataclass(value):
            out += labels(value)
    return out


def field_names(record) -> set[str]:
    out = set()
    for f in dataclasses.fields(record):
        out.add(f.name)
        value = getattr(record, f.name)
        for item in value if isinstance(value, tuple) else [value]:
            if dataclasses.is_dataclass(item):
                out |= field_names(item)
    return out


def test_the_inspector_lists_every_field_by_its_label(played, monkeypatch):
    app = played
    texts = drawn_texts(app, monkeypatch)
    scene = InspectorScene(app, "player")
    app.push(scene)
    for agent in scene.agents:
        scene.select(agent.key)
        shown = read_all(app, scene, texts)
        view = agent.view()
        missing = [label for label in labels(view) if label not in shown]
        assert not missing, f"{agent.key}: labels not shown: {missing}"
        raw = [t for t in shown for name in field_names(view) if "_" in name and name in t]
        assert not raw, f"{agent.key}: raw attribute names shown: {raw}"


def test_the_firm_reads_as_a_player_reads_it(played, monkeypatch):
    app = played
    texts = drawn_texts(app, monkeypatch)
    scene = InspectorScene(app, "player")
    app.push(scene)
    shown = read_all(app, scene, texts)
    firm = app.game.session.view().firm
    assert fmt.usd_b(firm.cash_busd) in shown  # money as money: "USD 108.2 B", not "108.2 USD B"
    assert "Yes" in shown or "No" in shown
    assert "False" not in shown and "True" not in shown
    # every wafer contract and every power order on a line of its own, under its list's label
    sites = [c.site for c in firm.contracts]
    assert len(sites) >= 2 and all(shown.count(site) >= 1 for site in sites)
    assert not any("items" in t for t in shown)
    assert shown.index("Wafer contracts") < shown.index(sites[0])
    dates = [p.arrives_date for p in firm.power_pipeline]
    assert dates and all(any(f"Online from {d}" in t for t in shown) for d in dates)


def test_each_agent_is_headed_by_its_name_and_what_it_is(played, monkeypatch):
    """The state panel's heading says who and what (the rival buyer too: a kind with no words
    in the catalog stopped the screen from drawing)."""
    app = played
    texts = drawn_texts(app, monkeypatch)
    scene = InspectorScene(app, "player")
    app.push(scene)
    headings = {}
    for agent in scene.agents:
        scene.select(agent.key)
        texts.clear()
        app.frame(0.0, [])
        headings[agent.kind] = [t for t in texts if t.startswith(f"{agent.name} · ")]
    assert all(headings.values()), f"agents drawn without their heading: {headings}"
    assert headings["rival"] == ["Rival AI lab · rival buyer"]
    assert all(heading[0].split(" · ")[1].islower() and "_" not in heading[0]
               for heading in headings.values())


def significant_figures(number: str) -> int:
    digits = number.replace(",", "").replace(".", "").lstrip("-").lstrip("0")
    return len(digits)


def test_every_measured_number_has_three_significant_figures(campaign):
    """#16: the inspector showed '97.02 index' beside '100.2 index', '60.91 systems/year' beside
    '3.5 sets/month', '775.7 thousand' beside '767 thousand': each measured quantity now reads to
    three significant figures (money to USD 0.1 B, shares to 1 %, whole counts whole)."""
    import re

    from game.ui.scenes.inspector import state_lines

    session = Session.new(campaign, 1, "balanced")
    session.run(30)
    uneven = []
    for agent in session.agents():
        for line in state_lines(agent.view()):
            for part in (line.value or "").split(" · "):
                if "USD" in part or "%" in part or re.search(r"\d{4}-\d\d", part):
                    continue  # money, shares and dates have their own formats
                for number in re.findall(r"-?\d[\d,]*(?:\.\d+)?", part):
                    if "." in number and significant_figures(number) != 3:
                        uneven.append(f"{agent.key} {line.label}: {part}")
    assert uneven == []
