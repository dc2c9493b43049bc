"""`terafab ablate`: the rule-by-rule ablation table (game/teach/ablations.py)."""

from __future__ import annotations

import argparse

from game.cli.args import campaign_progress, non_negative_int, positive_int
from game.i18n import t

MAX_SEEDS = 100


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ablate", help=t("cli.help.ablate"))
    p.add_argument("--seeds", type=positive_int, default=5, help=t("cli.ablate.seeds"))
    p.add_argument("--seed-start", type=non_negative_int, default=101,
                   help=t("cli.ablate.seed_start"))
    p.add_argument("--rules", nargs="+", metavar="ID", help=t("cli.ablate.rules"))
    p.add_argument("--check", action="store_true",
                   help=t("cli.ablate.check"))
    p.set_defaults(handler=ablate)


def ablate(args: argparse.Namespace) -> int:
    from game.domain.errors import UsageError
    from game.i18n import msg
    from game.teach.ablations import ABLATIONS, run_ablations, table_text

    if args.seeds > MAX_SEEDS:
        raise UsageError(msg("cli.too_many_seeds", seeds=args.seeds, most=MAX_SEEDS))
    chosen = ABLATIONS
    if args.rules:
        known = {a.rule for a in ABLATIONS}
        unknown = [r for r in args.rules if r not in known]
        if unknown:
            raise UsageError(msg("cli.ablate.unknown_rule", rules=", ".join(unknown),
                                 known=", ".join(sorted(known))))
        chosen = tuple(a for a in ABLATIONS if a.rule in args.rules)

    seeds = range(args.seed_start, args.seed_start + args.seeds)
    rows = run_ablations(chosen, seeds, campaign_progress)
    print(table_text(rows))
    return 1 if args.check and not all(r.holds for r in rows) else 0
