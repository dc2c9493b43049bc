"""`terafab batch`: many headless campaigns (seeds × policies × swept values) into one folder.

Either flags (`--scenario terafab --seeds 40 --sweep KEY=V1,V2`) or an experiment file
(`terafab batch configs/experiments/NAME.yaml`, or just NAME); flags given with a file override it.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from game.cli.args import non_negative_int, positive_int, seconds
from game.cli.run import add_regulators_option
from game.i18n import t


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "batch",
        help=t("cli.help.batch"),
        description=t("cli.help.batch_description"),
    )
    p.add_argument(
        "experiment",
        nargs="?",
        default=None,
        help=t("cli.batch.experiment"),
    )
    p.add_argument("--scenario", default=None, help=t("cli.batch.scenario"))
    p.add_argument(
        "--seeds", type=positive_int, default=None, help=t("cli.batch.seeds")
    )
    p.add_argument(
        "--seed-start", type=non_negative_int, default=None, help=t("cli.batch.seed_start")
    )
    p.add_argument(
        "--policy",
        action="append",
        default=None,
        metavar="NAME",
        help=t("cli.batch.policy"),
        nargs="+",
    )
    p.add_argument(
        "--months", type=positive_int, default=None, help=t("cli.batch.months")
    )
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=t("cli.batch.set"),
    )
    p.add_argument(
        "--sweep",
        action="append",
        default=[],
        metavar="KEY=V1,V2",
        help=t("cli.batch.sweep"),
    )
    p.add_argument(
        "--sample",
        nargs="+",
        default=None,
        metavar="lhs:N KEY=LO..HI",
        help=t("cli.batch.sample"),
    )
    p.add_argument(
        "--sample-seed", type=non_negative_int, default=None, help=t("cli.batch.sample_seed")
    )
    p.add_argument(
        "--series",
        action="store_true",
        default=None,
        help=t("cli.batch.series"),
    )
    p.add_argument(
        "--workers", type=positive_int, default=None, help=t("cli.batch.workers")
    )
    p.add_argument(
        "--engine",
        choices=("local", "serial", "dask"),
        default="local",
        help=t("cli.batch.engine"),
    )
    p.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help=t("cli.batch.scheduler"),
    )
    p.add_argument(
        "--scheduler-timeout",
        type=seconds,
        default=30.0,
        metavar="SECONDS",
        help=t("cli.batch.scheduler_timeout"),
    )
    add_regulators_option(p)
    p.add_argument("--resume", action="store_true", help=t("cli.batch.resume"))
    p.add_argument(
        "--force",
        action="store_true",
        help=t("cli.batch.force"),
    )
    p.add_argument("--quiet", action="store_true", help=t("cli.batch.quiet"))
    p.add_argument(
        "--out", required=True, help=t("cli.batch.out")
    )
    p.set_defaults(handler=run)


def experiment_from_args(args: argparse.Namespace):
    """The experiment the flags describe: the file's (if any), the folder's on a bare --resume,
    then each flag the user gave."""
    from game.batch.experiment import (
        Experiment,
        load_experiment,
        parse_sample,
        parse_set,
        parse_sweep,
    )
    from game.batch.manifest import EXPERIMENT_COPY

    if args.experiment:
        data = load_experiment(args.experiment).to_data()
    elif args.resume and args.scenario is None and (Path(args.out) / EXPERIMENT_COPY).is_file():
        data = load_experiment(Path(args.out) / EXPERIMENT_COPY).to_data()
    else:
        data = Experiment().to_data()
    flags = {
        "scenario": args.scenario,
        "seeds": args.seeds,
        "seed_start": args.seed_start,
        "months": args.months,
        "series": args.series,
    }
    data.update({k: v for k, v in flags.items() if v is not None})
    if args.policy:
        data["policies"] = [name for group in args.policy for name in group]
    if args.set:
        data["set"] = {**data.get("set", {}), **parse_set(args.set)}
    if args.regulators:
        data["set"] = {**data.get("set", {}), "regulator_mode": args.regulators}
    if args.sweep:
        data["sweep"] = {**data.get("sweep", {}), **parse_sweep(args.sweep)}
    if args.sample is not None:
        data["sample"] = parse_sample(args.sample, args.sample_seed or 0).model_dump(mode="json")
    elif args.sample_seed is not None and data.get("sample"):
        data["sample"] = {**data["sample"], "seed": args.sample_seed}
    from game.batch.experiment import experiment_from_data

    return experiment_from_data(data, args.experiment or t("cli.batch.command_line"))


def run(args: argparse.Namespace) -> int:
    from game.batch.runner import run_batch
    from game.domain.errors import UsageError
    from game.i18n import msg
    from game.io.untrusted import display_text

    if args.scheduler and args.engine != "dask":
        raise UsageError(msg("cli.batch.scheduler_needs_dask"))
    exp = experiment_from_args(args)
    if args.engine == "dask":
        _quiet_distributed()
    # `kill PID` stops a sweep as cleanly as Ctrl-C: finished runs are consolidated
    signal.signal(signal.SIGTERM, _interrupt)
    outcome = run_batch(
        exp,
        args.out,
        workers=args.workers,
        engine=args.engine,
        scheduler=args.scheduler,
        resume=args.resume,
        force=args.force,
        scheduler_timeout_s=args.scheduler_timeout,
        progress=not args.quiet,
        command=["terafab", *sys.argv[1:]],
    )
    skipped = t("cli.batch.skipped", n=outcome.skipped) if outcome.skipped else ""
    failed = t("cli.batch.failed", n=outcome.failed) if outcome.failed else ""
    print(t("cli.batch.done", ran=outcome.ran, skipped=skipped, failed=failed,
            total=outcome.total, out=display_text(outcome.out)))
    return 1 if outcome.failed else 0


def _quiet_distributed() -> None:
    """Dask logs a lost scheduler as pages of tracebacks; the sweep says it in one line instead
    (and its own errors the same way). Dask sets its loggers' levels when imported: import first."""
    import logging

    try:
        import distributed  # noqa: F401
    except ImportError:
        return  # the runner says in one line how to install it

    names = [n for n in logging.root.manager.loggerDict if n.startswith("distributed.")]
    for name in ["distributed", *names]:
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
