"""`terafab balance`: score against compute delivered over many strategies.

The harness is game/teach/balance.py."""

from __future__ import annotations

import argparse

from game.cli.args import campaign_progress, non_negative_int, positive_int
from game.i18n import t

MAX_SEEDS, MAX_SEARCHES = 50, 5000


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("balance", help=t("cli.help.balance"))
    p.add_argument("--scenario", default="terafab", help=t("cli.balance.scenario"))
    p.add_argument("--seeds", type=positive_int, default=5, help=t("cli.balance.seeds"))
    p.add_argument("--seed-start", type=non_negative_int, default=101)
    p.add_argument("--search", type=non_negative_int, default=200,
                   help=t("cli.balance.search"))
    p.add_argument("--search-seed", type=non_negative_int, default=0)
    p.add_argument("--check", action="store_true", help=t("cli.balance.check"))
    p.set_defaults(handler=balance)


def balance(args: argparse.Namespace) -> int:
    from game.domain.errors import UsageError
    from game.i18n import msg
    from game.io.scenarios import load_scenario
    from game.teach.balance import checks, rows_of, run_harness, table_text

    if args.seeds > MAX_SEEDS or args.search > MAX_SEARCHES:
        raise UsageError(msg("cli.balance.too_many", seeds=MAX_SEEDS, searches=MAX_SEARCHES))
    scenario = load_scenario(args.scenario)
    seeds = range(args.seed_start, args.seed_start + args.seeds)

    rows = rows_of(run_harness(scenario, seeds, args.search, args.search_seed, campaign_progress))
    print(table_text(rows, args.seeds))
    return 1 if args.check and not all(chk.passed for chk in checks(rows)) else 0
