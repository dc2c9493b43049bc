"""The window speaks only through the catalogs: no sentence a player reads is written in game/ui
(an AST scan with a short explicit allowlist), and every message id the code builds from a value
(`factor.{name}`) exists for each value it can take (the finite sets are enumerated from the code's
own tables)."""

from __future__ import annotations

import ast

from game import i18n
from tests.i18n_scan import ROOT, literals

UI = ROOT / "game" / "ui"
LOOKUPS = {"t", "t_or", "has", "msg"}

# What a player may read in game/ui that is not in a catalog: symbols and codes every language
# writes the same way. Each entry says why.
ALLOWED = {
    "US", "NL", "KR", "JP", "CN", "TW",  # country codes: the world's region keys
    "GW", " GW", "EFLOPS", " EFLOPS",  # SI units
    "USD", "USD ", "USD B", "USD/", "USD B/month", "USD M/system",  # view units matched by fmt
    "systems or sets",  # a command field's unit, matched to its catalog id (FORM_UNITS)
    "SPACE",  # the key's name on a keyboard
    "zh-Hans", "zh-Hant",  # language codes (BCP 47)
    "Ag",  # measures a line's height, never drawn
    "terafab: ",  # the command's name before a line on stderr
}
# files that hold no player text: font files and fontconfig's query; the scene registry's class
# names; remote.py belongs to the classroom's mirror
SKIPPED = {"theme.py", "sysfonts.py", "registry.py", "remote.py"}


def player_literals() -> list[str]:
    files = [p for p in UI.rglob("*.py") if p.name not in SKIPPED]
    return literals(files, ALLOWED, skip_raised=True, root=ROOT)


def test_the_window_writes_no_text_outside_the_catalogs():
    assert player_literals() == []


def test_the_scan_finds_a_sentence_written_in_the_window(tmp_path, monkeypatch):
    (tmp_path / "panel.py").write_text('label = fonts.text("Waiting for power", 13)\n'
                                       'value = f"{n} chips"\n')
    import sys

    monkeypatch.setattr(sys.modules[__name__], "UI", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert [line.split(": ", 1)[1] for line in player_literals()] == \
        ["'Waiting for power'", "' chips'"]


# ---------------------------------------------------------------- ids built from a value

def _dynamic_ids() -> dict[str, list[str]]:
    """Each id pattern the game's code builds with an f-string ("factor.{}"), and where."""
    out: dict[str, list[str]] = {}
    for path in sorted((ROOT / "game").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and \
                    getattr(node.func, "id", getattr(node.func, "attr", "")) in LOOKUPS and \
                    isinstance(node.args[0], ast.JoinedStr):
                pattern = "".join(v.value if isinstance(v, ast.Constant) else "{}"
                                  for v in node.args[0].values)
                out.setdefault(pattern, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return out


def view_words() -> tuple[set[str], set[str]]:
    """Every label and unit an agent's view gives its fields (`labelled(label, unit)`), as
    written in game/ (units that are constants, such as SHARE, have their own formats)."""
    labels, units = set(), set()
    for path in sorted((ROOT / "game").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "labelled":
                labels.add(node.args[0].value)
                if len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
                    unit = node.args[1].value
                    units.add(unit[4:] if unit.startswith("USD/") else unit)
    return labels, units - {"USD", "USD B", "USD B/month", "USD M/system", "months"}


def _values() -> dict[str, list[tuple]]:
    """What each pattern's blanks can hold, from the code's own tables."""
    import dataclasses
    import typing

    from game.agents.policies import POLICIES
    from game.domain.commands import COMMANDS
    from game.domain.rules import RULES
    from game.sim.config.scenario import Scenario
    from game.sim.config.types import RegionName
    from game.sim.score import TERM_KEYS
    from game.sim.treatments import LEVERS
    from game.teach.ablations import ABLATIONS
    from game.teach.report import GRADES
    from game.teach.signals import TIERS
    from game.ui import alerts, clock, fmt, theme
    from game.ui.draw import panels, worldmap
    from game.ui.scenes import charts, help, main, settings
    from game.ui.tutorial import BEAT_ACTIONS
    from game.web.classroom import PACES

    def fields(meta: str):
        return [(c.name, f.name) for c in COMMANDS.values() for f in dataclasses.fields(c)
                if f.metadata.get(meta)]

    factors = [(f,) for f in theme.FACTOR_COLOURS]
    labels, units = view_words()
    difficulty = typing.get_args(Scenario.model_fields["difficulty"].annotation)
    return {
        "factor.{}": factors, "factor_tip.{}": factors,
        "command.{}.title": [(c,) for c in COMMANDS],
        "field.{}.{}": fields("label"), "field_help.{}.{}": fields("help"),
        "capital_kind.{}": [("ipo",), ("equity",), ("debt",)],
        "rule.{}.title": [(r,) for r in RULES], "rule.{}.text": [(r,) for r in RULES],
        "speed.{}": [(s,) for s in clock.SPEED_NAMES],
        "nav.{}": [(k,) for k in main.NAV], "nav_tip.{}": [(k,) for k in main.NAV],
        "tab.{}": [(k,) for k in (*panels.TABS, "lesson")],
        "policy.{}": [(p,) for p in POLICIES],
        "score_term.{}": [(k,) for k in TERM_KEYS],
        "grade.{}": [(g,) for g in ("gold", "silver", "bronze", "pass", "fail", "none")],
        "region.{}": [(r,) for r in typing.get_args(RegionName) if r in worldmap.REGION_HOME],
        "map.flow_{}": [(k,) for k in worldmap.FLOW_COLOURS],
        "charts.range_{}": [(k,) for k, _m in charts.RANGES],
        "help.step{}": [(i,) for i in range(1, 7)],
        "term.{}": [(k,) for k in help.TERMS], "term_text.{}": [(k,) for k in help.TERMS],
        "settings.{}": [(k,) for k in settings.ROWS],
        "settings.tip_{}": [(k,) for k in settings.ROWS],
        "settings.alert_kind.{}": [(k,) for k in alerts.KINDS],
        "alert.idle_{}": [("power",), ("memory",)],
        "tutorial.beat.{}": [(k,) for k in BEAT_ACTIONS],
        "difficulty.{}": [(d,) for d in difficulty],
        "language.{}": [(lang,) for lang in i18n.LANGUAGES],
        "view_label.{}": [(fmt.slug(label),) for label in labels],
        "view_unit.{}": [(fmt.slug(unit),) for unit in units],
        # the pages (reports, the debrief, the classroom) and the command line
        "policy_about.{}": [(p,) for p in POLICIES],
        "pages.policy.{}": [(p,) for p in POLICIES],
        "pages.debrief.kind_{}": [("group",), ("team",)],
        "pages.web.lever.{}": [(k,) for k in LEVERS],
        "pages.term.{}": [(k,) for k in TERM_KEYS],
        "pages.grade.{}": [(g,) for g in GRADES],
        "pages.tier.{}": [(column,) for column, _label in TIERS],
        "pages.batch.col_{}": [(k,) for k in ("group", "runs", "score", "compute", "net_worth",
                                              "self")],
        "pages.report.col_{}": [(k,) for k in ("run", "compute", "delivered", "net_worth",
                                               "first", "wall", "score", "rule", "says",
                                               "decisions")],
        "pages.chart.{}": [(k,) for k in ("dram", "hbm", "accelerators", "n3", "euv_line",
                                          "dram_line", "leader", "china", "euv_title",
                                          "dram_title", "share_title")],
        "cli.ablate.script.{}": [(a.script.__name__,) for a in ABLATIONS if a.script],
        "cli.balance.kind.{}": [(k,) for k in ("policy", "degenerate", "search")],
        "cli.remote.mode.{}": [(k,) for k in PACES],
    }


# ids whose blank is filled from data the catalogs translate by name, with an English fallback
# (t_or) where a modded world brings a name the catalog lacks
FROM_DATA = {"source.{}", "phase.{}", "kind.{}", "intent.{}", "card.{}", "summary.lenders.{}",
             "pages.batch.column.{}", "pages.web.panel.{}", "pages.web.unit.{}",
             "cli.web.http.{}"}  # Starlette's standard answers, its own English otherwise


def test_every_id_built_from_a_value_is_in_every_catalog():
    check_dynamic_ids()


def test_the_id_check_names_a_missing_factor(monkeypatch):
    """A catalog without `factor.talent` (which `t(f"factor.{factor}")` asks for when talent
    binds) fails the check, though no literal id names it."""
    import pytest

    load = i18n.load_catalog
    monkeypatch.setattr(i18n, "load_catalog", lambda lang: {
        k: v for k, v in load(lang).items() if k != "factor.talent"})
    with pytest.raises(AssertionError, match="factor.talent"):
        check_dynamic_ids()


def check_dynamic_ids() -> None:
    patterns = _dynamic_ids()
    values = _values()
    unknown = {p: where for p, where in patterns.items()
               if p not in values and p not in FROM_DATA}
    assert unknown == {}, "an id built from a value: enumerate what it can take in _values()"
    for lang in i18n.LANGUAGES:
        catalog = i18n.load_catalog(lang)
        missing = [p.format(*v) for p in patterns if p in values for v in values[p]
                   if p.format(*v) not in catalog]
        assert missing == [], f"{lang}: {missing}"
        for p in FROM_DATA & set(patterns):  # at least the family exists
            head = p.split("{}")[0]
            assert any(k.startswith(head) for k in catalog), (lang, p)


def test_every_view_label_and_unit_reads_in_english_as_the_code_writes_it():
    """The inspector's words: the English catalog holds each label and unit as written in its
    view, so the id and the code cannot drift apart."""
    from game.ui import fmt

    en = i18n.load_catalog("en")
    labels, units = view_words()
    assert {label for label in labels if en.get(f"view_label.{fmt.slug(label)}") != label} == set()
    assert {unit for unit in units if en.get(f"view_unit.{fmt.slug(unit)}") != unit} == set()
