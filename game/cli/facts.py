"""`terafab facts`: the stylised-facts table of the default world (game/teach/facts.py)."""

from __future__ import annotations

import argparse

from game.cli.args import campaign_progress, non_negative_int, positive_int
from game.i18n import t

MAX_SEEDS = 500


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("facts", help=t("cli.help.facts"))
    p.add_argument("--seeds", type=positive_int, default=20, help=t("cli.facts.seeds"))
    p.add_argument("--seed-start", type=non_negative_int, default=1, help=t("cli.facts.seed_start"))
    p.add_argument("--check", action="store_true",
                   help=t("cli.facts.check"))
    p.set_defaults(handler=facts)


def facts(args: argparse.Namespace) -> int:
    from game.domain.errors import UsageError
    from game.i18n import msg
    from game.teach.facts import collect_runs, measure, table_text

    if args.seeds > MAX_SEEDS:
        raise UsageError(msg("cli.too_many_seeds", seeds=args.seeds, most=MAX_SEEDS))
    seeds = range(args.seed_start, args.seed_start + args.seeds)

    rows = measure(collect_runs(seeds, campaign_progress))
    print(table_text(rows, args.seeds))
    return 1 if args.check and not all(r.passed for r in rows) else 0
