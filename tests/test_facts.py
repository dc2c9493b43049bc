"""`terafab facts`: the stylised-facts table measures what each row says, on traced campaigns."""

import pytest

from game.cli import main
from game.teach import facts as F
from game.teach.facts import FACTS
from game.teach.signals import coefficient_of_variation


def test_a_price_path_s_deepest_fall_and_its_peaks_are_found():
    boom_bust = [100, 150, 200, 120, 90, 130, 180, 240, 150]
    assert F._deepest_fall(boom_bust) == pytest.approx(0.55)  # 200 -> 90
    assert F._peak_months(boom_bust) == [2, 7]
    assert F._peak_months([100, 101, 102, 103]) == []  # no fall, no cycle


def test_a_swing_is_read_about_the_trend_not_as_growth():
    """Bullwhip rows: orders that grow fast but smoothly do not swing; orders that wobble about
    a flat trend do, and twice the wobble reads twice the swing (a raw spread over mean read the
    growth as the swing, so the smooth tier looked the wilder)."""
    growing = [100 * 1.02 ** m for m in range(120)]
    wobble = [100 * (1 + 0.1 * (-1) ** m) for m in range(120)]
    wilder = [100 * (1 + 0.2 * (-1) ** m) for m in range(120)]
    assert F._swing(growing) < 0.01 < F._swing(wobble)
    assert F._swing(wilder) == pytest.approx(2 * F._swing(wobble), rel=0.05)
    assert coefficient_of_variation(growing) > coefficient_of_variation(wobble)


@pytest.fixture(scope="module")
def one_seed_runs():
    return F.collect_runs([7])


def test_the_table_has_one_measured_row_per_fact_and_counts_what_holds(one_seed_runs, capsys):
    rows = F.measure(one_seed_runs)
    text = F.table_text(rows, 1)
    for fact in FACTS:
        assert fact.text in text and fact.source in text
    assert f"{sum(r.passed for r in rows)} of {len(FACTS)} facts hold." in text
    # the measured values come from the runs: fab projects, power orders, prices all traced
    traces = one_seed_runs.default
    assert len(traces) == len(F.POLICIES)
    assert any(t.projects for t in traces) and all(len(t.series) == 180 for t in traces)
    assert any(p.first_output_month is not None for t in traces for p in t.projects)


def test_tracing_a_campaign_does_not_change_it(one_seed_runs):
    from game.io.scenarios import load_scenario
    from game.sim.runner import run_campaign

    traced = one_seed_runs.default[2]
    plain = run_campaign(load_scenario("terafab"), 7, traced.policy)
    assert plain.series == traced.series


def test_a_fact_passes_only_inside_its_range():
    fact = FACTS[0]
    assert fact.passes(fact.low) and fact.passes(fact.high)
    assert not fact.passes(fact.low - 1) and not fact.passes(float("nan"))


def test_facts_check_exits_1_when_a_row_fails_and_0_without_check(capsys):
    assert main(["facts", "--seeds", "1", "--seed-start", "3"]) == 0
    table = capsys.readouterr().out
    failing = "| FAIL |" in table
    assert main(["facts", "--seeds", "1", "--seed-start", "3", "--check"]) == (1 if failing else 0)


def test_too_many_seeds_is_one_line_and_exit_2(capsys):
    assert main(["facts", "--seeds", "100000"]) == 2
    assert "--seeds 100000" in capsys.readouterr().err


@pytest.mark.parametrize("lang, verdicts", [("zh-Hans", ("通过", "未通过")),
                                            ("zh-Hant", ("通過", "未通過"))])
def test_the_table_reads_in_chinese_with_money_in_yi(one_seed_runs, lang, verdicts):
    """`terafab facts --lang zh-*`: every row's words, the verdicts and the money are Chinese;
    what stays Latin is source ids, rule ids and units (GW, EUV, DRAM...)."""
    import re

    from game import i18n

    rows = F.measure(one_seed_runs)
    i18n.set_language(lang)
    try:
        text = F.table_text(rows, 1)
        for fact in FACTS:
            assert fact.text in text and fact.source in text
        cash_words = FACTS[-1].text
    finally:
        i18n.set_language("en")
    body = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(body) == len(FACTS) + 1
    for line in body[1:]:
        words, _source, target, _value, verdict = [c.strip() for c in line.strip("|").split("|")]
        assert verdict in verdicts
        # no English words in a fact's text or its target (ids and units are not words)
        assert not re.search(r"\b(?!GW\b|EUV\b|DRAM\b|HBM\b|Terafab\b|B2\b)[A-Za-z]{3,}\b",
                             words + target), line
    cash = next(line for line in body if cash_words in line)
    assert "亿美元" in cash or "億美元" in cash
