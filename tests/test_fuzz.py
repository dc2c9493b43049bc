"""Random play: invariants hold after every month, and a broken one is caught and replayable."""

import json
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cli import main
from game.domain import commands as c
from game.sim import invariants
from game.sim.fuzz import FuzzReport, fuzz_game
from game.sim.session import Session


def test_fuzz_command_passes_and_counts_its_work(tmp_path, capsys):
    assert (
        main(["fuzz", "--games", "12", "--seed", "5", "--workers", "1", "--out", str(tmp_path)])
        == 0
    )
    out = capsys.readouterr().out
    assert "12 games passed" in out and "commands" in out and "checks" in out


def test_a_broken_invariant_is_reported_with_seed_and_command_log(tmp_path, capsys, monkeypatch):
    from game.agents.firm.ledger import Ledger

    original = Ledger.pay

    def leaky_pay(self, busd, category):  # money leaves without a logged flow
        original(self, busd, category)
        if category == "chip_design":
            self.cash_busd -= 0.5

    monkeypatch.setattr(Ledger, "pay", leaky_pay)
    report = FuzzReport()
    failed_seed = next(seed for seed in range(200) if not fuzz_game(_scenario(), seed, report))
    assert report.failure_seed == failed_seed and "cash moved" in report.failure
    # the log is the failing game's commands, in order, up to the month it broke
    months = [e["month"] for e in report.failure_log]
    assert months == sorted(months) and all("command" in e for e in report.failure_log)
    code = main(["fuzz", "--games", "1", "--seed", str(failed_seed), "--workers", "1",
                 "--out", str(tmp_path)])
    assert code == 1
    printed = capsys.readouterr().out
    assert f"FAILED on seed {failed_seed}" in printed
    log = tmp_path / f"fuzz-failure-seed{failed_seed}.jsonl"
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert entries and all("month" in e and "command" in e for e in entries)


def _scenario():
    from game.io.scenarios import load_scenario

    return load_scenario("terafab")


command_strategy = st.one_of(
    st.builds(
        c.BuyAccelerators,
        st.sampled_from(["nvidia", "amd", "huawei", "x"]),
        st.integers(-10, 10**7),
    ),
    st.builds(c.FundChipGeneration, st.sampled_from(["AI5", "AI6", "AI7", "AI9"])),
    st.builds(
        c.BookFoundryCapacity,
        st.sampled_from(["tsmc-hsinchu", "samsung-taylor", "smic-shanghai"]),
        st.integers(-5, 300000),
        st.integers(-1, 200),
        st.booleans(),
    ),
    st.builds(c.StartTerafab, st.sampled_from(["grimes-county", "ohio-valley", "moon"])),
    st.builds(c.FundTerafabPhase),
    st.builds(
        c.OrderTools,
        st.sampled_from(["asml", "amat", "lam", "tel", "kla", "x"]),
        st.integers(-3, 600),
    ),
    st.builds(c.HireStaff, st.integers(-10, 200000)),
    st.builds(c.RequestGrid, st.floats(allow_nan=True, allow_infinity=True)),
    st.builds(c.BuildSolar, st.floats(allow_nan=True, allow_infinity=True)),
    st.builds(c.OrderTurbines, st.floats(-5, 100)),
    st.builds(c.ModifyTools, st.floats(allow_nan=True, allow_infinity=True)),
    st.builds(
        c.RaiseCapital, st.sampled_from(["ipo", "equity", "debt", "gift"]), st.floats(-5, 300)
    ),
    st.builds(c.SetEdgeShare, st.floats(allow_nan=True, allow_infinity=True)),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plan=st.lists(st.tuples(st.integers(0, 40), command_strategy), max_size=12),
       seed=st.integers(0, 10**6))
def test_any_command_sequence_keeps_the_invariants(campaign, plan, seed):
    session = Session(campaign, seed=seed)
    plan = sorted(plan, key=lambda p: p[0])
    i = 0
    for _month in range(42):
        cash_before = session.model.firm.ledger.cash_busd
        while i < len(plan) and plan[i][0] == session.month:
            before = invariants.state_fingerprint(session)
            result = session.submit(plan[i][1])
            if not result.accepted:
                assert result.message
                assert invariants.state_fingerprint(session) == before
            i += 1
        session.step()
        assert (
            invariants.all_month_invariants(
                session.model, cash_before, session.model.firm.ledger.last_flows
            )
            == []
        )
        assert math.isfinite(session.series[-1]["player_cash_busd"])
