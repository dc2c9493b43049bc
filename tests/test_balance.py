"""`terafab balance`: the strategies do what their names say, and the checks judge the table."""

import pytest

from game.cli import main
from game.teach import balance as B


def test_rank_correlation_matches_its_definition():
    assert B.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert B.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert B.spearman([1, 2, 2, 3], [1, 2, 2, 3]) == pytest.approx(1.0)  # ties share a rank


def _session_after(strategy, months=30):
    from game.io.scenarios import load_scenario
    from game.sim.session import Session

    session = Session(load_scenario("terafab"), 101)
    for _ in range(months):
        for command in strategy(session.model):
            session.submit(command, "policy")
        session.step()
    return session


def test_the_token_booking_books_100_wafers_for_six_months_once():
    session = _session_after(B.minimal_booking)
    booked = [e.command for e in session.command_log if e.command.name == "book_foundry"]
    assert [(k.wafers_per_month, k.months) for k in booked] == [(100, 6)]


def test_the_equity_pump_only_raises_money():
    session = _session_after(B.equity_pump)
    names = {e.command.name for e in session.command_log}
    assert names == {"raise_capital"} and len(session.command_log) >= 3


def test_never_power_orders_no_power():
    session = _session_after(B.never_power, 48)
    assert not [e for e in session.command_log if isinstance(e.command, B.POWER_COMMANDS)]
    assert session.command_log  # it still plays the balanced policy's other moves


def _row(name, kind, score, sd=1.0, delivered=1.0):
    return B.StrategyRow(name, kind, score, sd, delivered)


def test_the_checks_catch_a_degenerate_strategy_above_a_policy_and_policies_too_close():
    rows = [_row("passive", "policy", 10, 0, 1), _row("buyer", "policy", 100, 5, 50),
            _row("integrator", "policy", 104, 5, 60), _row("balanced", "policy", 200, 5, 90),
            _row("equity-pump", "degenerate", 150, 0, 2)]
    verdict = {chk.text: chk for chk in B.checks(rows)}
    degenerate = verdict["every degenerate strategy scores below every built-in policy but passive"]
    assert not degenerate.passed and "equity-pump" in degenerate.value
    apart = verdict["the policies' scores differ by more than twice their spread over seeds"]
    assert not apart.passed and "buyer/integrator" in apart.value


def test_the_command_prints_the_table_and_its_four_checks(capsys):
    assert main(["balance", "--seeds", "1", "--search", "2"]) == 0
    out = capsys.readouterr().out
    for name in (*B.BUILT_IN, *B.DEGENERATE, "search-000-buyer", "search-001-integrator"):
        assert f"| {name} |" in out
    assert out.count("- pass:") + out.count("- FAIL:") == 4

