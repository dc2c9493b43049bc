"""`terafab run`: one headless campaign, written as a monthly series, with a short summary.

The engine (mesa, scipy, pandas) is imported only when the command runs, so `terafab --help` and
a mistyped option answer at once.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from game.cli.args import non_negative_int, positive_int
from game.domain.errors import UsageError
from game.i18n import msg, t, text

if TYPE_CHECKING:
    from game.sim.session import Session


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help=t("cli.help.run"))
    p.add_argument("--scenario", default=None, help=t("cli.run.scenario"))
    p.add_argument("--seed", type=non_negative_int, default=None, help=t("cli.run.seed"))
    p.add_argument("--months", type=positive_int, default=None,
                   help=t("cli.run.months"))
    p.add_argument("--policy", default=None,
                   help=t("cli.run.policy"))
    p.add_argument("--out", required=True, help=t("cli.run.out"))
    p.add_argument("--save", default=None, help=t("cli.run.save"))
    p.add_argument("--load", default=None,
                   help=t("cli.run.load"))
    p.add_argument("--events", default=None, help=t("cli.run.events"))
    p.add_argument("--commands", default=None, help=t("cli.run.commands"))
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help=t("cli.run.set"))
    add_regulators_option(p)
    p.set_defaults(handler=run)


def add_regulators_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--regulators", choices=("history", "rules"), default=None,
                   help=t("cli.run.regulators"))


def scenario_from_args(name: str | None, settings: list[str], regulators: str | None):
    """The scenario with --set values and the --regulators mode applied, validated."""
    from game.batch.experiment import parse_set
    from game.io.scenarios import load_scenario
    from game.sim.config import apply_overrides

    overrides: dict[str, object] = dict(parse_set(settings)) if settings else {}
    if regulators:
        overrides["regulator_mode"] = regulators
    return apply_overrides(load_scenario(name or "terafab"), overrides)


def run(args: argparse.Namespace) -> int:
    from game.io.commandlog import read_command_log
    from game.io.saves import load_session, save_session
    from game.io.series import check_distinct, check_output_path, write_events, write_series
    from game.io.untrusted import display_text
    from game.sim.session import Session

    # every output is checked before the campaign runs: its suffix, its folder, that it can be
    # written there, and that no two options name one file (nor the command log being read)
    out = check_output_path(args.out, (".csv", ".parquet"))
    if args.save:
        check_output_path(args.save, (".json",))
    if args.events:
        check_output_path(args.events, (".csv", ".jsonl"))
    check_distinct({"--commands": args.commands, "--out": args.out, "--events": args.events,
                    "--save": args.save})
    if args.load:
        if (args.scenario or args.seed is not None or args.policy or args.set
                or args.regulators):
            raise UsageError(msg("cli.run.load_alone"))
        session = load_session(args.load)
    else:
        scenario = scenario_from_args(args.scenario, args.set, args.regulators)
        session = Session(
            scenario, 1 if args.seed is None else args.seed, args.policy or scenario.default_policy
        )
    if args.commands:
        header: dict[str, object] = {}
        logged = read_command_log(args.commands, header=header)
        for problem in header["damaged"]:
            print(t("cli.file_problem", file=display_text(args.commands),
                    problem=display_text(text(problem))))
        before = sum(1 for entry in logged if entry[0] < session.month)  # played in a --load
        given = [g._replace(after=max(0, g.after - before)) for g in header["treatments"]
                 if g.month >= session.month]
        logged = [entry for entry in logged if entry[0] >= session.month]
        if args.months is not None:  # with a log, --months M is the month to stop at
            late = [entry for entry in logged if entry[0] >= args.months]
            if late:
                print(t("cli.run.late", n=len(late), month=args.months))
            logged = [entry for entry in logged if entry[0] < args.months]
        stop = session.months_total if args.months is None else args.months
        for i, (month, _who, command) in enumerate(logged):
            _treat(session, given, i, month)
            session.run(month - session.month)
            if session.done:
                break
            result = session.submit(command)
            if not result.accepted:
                print(t("cli.run.refused", date=session.date, command=command.name,
                        reason=display_text(text(result.message))))
        _treat(session, given, len(logged), stop)
        if args.months is not None:
            args.months = max(0, args.months - session.month)
    session.run(args.months)
    write_series(session.series, out)
    if args.events:
        write_events(session.events, args.events)
    if args.save:
        save_session(session, args.save)
    print_summary(session)
    return 0


def _treat(session, given: list, commands_done: int, until_month: int) -> None:
    """Apply the log's treatments due before its next command, and say so."""
    from game.debrief.page import treatment_text
    from game.io.untrusted import display_text
    from game.sim.treatments import apply_due

    for entry in apply_due(session, given, commands_done, until_month):
        print(t("cli.run.treatment", date=session.date,
                group=display_text(entry.treatment.group), what=treatment_text(entry.treatment)))


def print_summary(session: Session) -> None:
    from game.i18n.scenarios import shown
    from game.io.untrusted import display_text

    s = session.summary()
    print(t("summary.head", title=display_text(shown(session.scenario).title), seed=session.seed,
            policy=session.policy or t("summary.no_policy"), months=s["months"],
            date=s["final_date"]))
    if s["end_cause"]:
        print(t("summary.game_over", date=s["final_date"],
                cause=display_text(text(s["end_cause"]))))
    print(t("summary.cash", cash=s["final_cash_busd"], debt=s["final_debt_busd"],
            state=t(f"summary.lenders.{s['finance_state']}"), breaches=s["covenant_breaches"]))
    print(t("summary.shares", shares=s["shares_outstanding_m"],
            per_share=s["net_worth_per_share_usd"]))
    print(t("summary.compute", eflops=s["final_compute_eflops"],
            delivered=s["compute_delivered_eflops_months"]))
    print(t("summary.terafab", first=s["first_terafab_output_date"] or t("summary.none"),
            share=s["self_sufficiency"]))
    bound = ", ".join(f"{t(f'factor.{k[7:]}')} {v}" for k, v in s.items()
                      if k.startswith("months_") and v)
    print(t("summary.bound", bound=bound))
    print(t("summary.score"))
    for line in session.score().lines():
        print(f"    {line}")
