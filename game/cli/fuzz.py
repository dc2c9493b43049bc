"""`terafab fuzz`: random games with random commands, invariants checked after every month; or,
with --files, randomly damaged files fed to every reader (game.cli.fuzz_files)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from game.cli.args import non_negative_int, positive_int, seconds
from game.cli.fuzz_files import KIND_NAMES
from game.domain.errors import UsageError
from game.i18n import msg, t, text

if TYPE_CHECKING:  # the engine is imported when a game is played, not to build the parser
    from game.sim.fuzz import FuzzReport


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("fuzz", help=t("cli.help.fuzz"))
    p.add_argument("--games", type=positive_int, default=None, help=t("cli.fuzz.games"))
    p.add_argument(
        "--seed", type=non_negative_int, default=0,
        help=t("cli.fuzz.seed")
    )
    p.add_argument("--scenario", default="terafab", help=t("cli.fuzz.scenario"))
    p.add_argument("--workers", type=positive_int, default=os.cpu_count() or 1,
                   help=t("cli.fuzz.workers"))
    p.add_argument("--out", default=".",
                   help=t("cli.fuzz.out"))
    files = p.add_argument_group(
        t("cli.fuzz.group_title"), t("cli.fuzz.group_description"))
    files.add_argument("--files", type=positive_int, default=None, metavar="N",
                       help=t("cli.fuzz.files"))
    files.add_argument("--kind", action="append", choices=KIND_NAMES, default=None,
                       help=t("cli.fuzz.kind"))
    files.add_argument("--time-limit", type=seconds, default=None, metavar="SECONDS",
                       help=t("cli.fuzz.time_limit"))
    files.add_argument("--memory-limit-mb", type=positive_int, default=None, metavar="MB",
                       help=t("cli.fuzz.memory_limit_mb"))
    p.set_defaults(handler=fuzz)


def _chunk(scenario_name: str, seeds: list[int]) -> FuzzReport:
    from game.io.scenarios import load_scenario
    from game.sim.fuzz import FuzzReport, fuzz_game

    scenario = load_scenario(scenario_name)
    report = FuzzReport()
    for seed in seeds:
        if not fuzz_game(scenario, seed, report):
            break
    return report


def fuzz(args: argparse.Namespace) -> int:
    from concurrent.futures import ProcessPoolExecutor

    from game.io.atomic import write_atomic
    from game.io.scenarios import load_scenario
    from game.sim.fuzz import FuzzReport

    if args.files is not None:
        if args.games is not None:
            raise UsageError(msg("cli.fuzz.games_or_files"))
        from game.cli.fuzz_files import fuzz_files

        return fuzz_files(args)
    if args.kind or args.time_limit or args.memory_limit_mb:
        raise UsageError(msg("cli.fuzz.files_options"))
    args.games = args.games or 300
    load_scenario(args.scenario)  # a bad scenario is refused before any worker starts
    out = Path(args.out)
    if not out.is_dir():
        raise UsageError(msg("cli.no_folder", path=out))
    seeds = list(range(args.seed, args.seed + args.games))
    size = max(1, min(50, len(seeds) // (args.workers * 4) or 1))
    chunks = [seeds[i:i + size] for i in range(0, len(seeds), size)]
    total = FuzzReport()
    failures: list[FuzzReport] = []
    started = time.perf_counter()
    if args.workers == 1:
        results = (_chunk(args.scenario, c) for c in chunks)
    else:
        pool = ProcessPoolExecutor(max_workers=args.workers)
        results = pool.map(_chunk, [args.scenario] * len(chunks), chunks)
    done = 0
    for report in results:
        for name in ("games", "months", "commands", "refused", "checks"):
            setattr(total, name, getattr(total, name) + getattr(report, name))
        done += len(chunks[0])
        if report.failure:
            failures.append(report)
        if sys.stderr.isatty():
            print("\r" + t("cli.fuzz.progress", done=min(done, len(seeds)), total=len(seeds)),
                  end="", file=sys.stderr)
    if args.workers != 1:
        pool.shutdown()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    seconds = time.perf_counter() - started
    print(t("cli.fuzz.passed", games=total.games, months=total.months, commands=total.commands,
            refused=total.refused, checks=total.checks, seconds=seconds))
    if failures:
        first = min(failures, key=lambda r: r.failure_seed)
        log = out / f"fuzz-failure-seed{first.failure_seed}.jsonl"
        lines = "".join(json.dumps(entry) + "\n" for entry in first.failure_log)
        write_atomic(log, lines.encode("utf-8"))
        print(t("cli.fuzz.failed", seed=first.failure_seed, failure=text(first.failure)))
        print(t("cli.fuzz.replay_with", log=log))
        # a command line: the same in every language
        print("  " + " ".join(["terafab", "run", "--scenario", args.scenario, first.failure_replay,
                               "--commands", str(log), "--out", "replay.csv"]))
        return 1
    return 0
