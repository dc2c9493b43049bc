"""`terafab ablate`: the rule-by-rule ablation table (game/teach/ablations.py)."""

from __future__ import annotations

import argparse

from game.cli.args import campaign_progress, non_negative_int, positive_int

MAX_SEEDS = 100


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ablate", help="switch each rule off in turn and show that the outcome it "
                       "drives moves the way its card says, over seeds")
    p.add_argument("--seeds", type=positive_int, default=5, help="how many seeds (default 5)")
    p.add_argument("--seed-start", type=non_negative_int, default=101,
                   help="first seed (default 101)")
    p.add_argument("--rules", nargs="+", metavar="ID", help="only these rule ids (default: all)")
    p.add_argument("--check", action="store_true",
                   help="exit 1 when an ablation fails (the table is printed either way)")
    p.set_defaults(handler=ablate)


def ablate(args: argparse.Namespace) -> int:
    from game.domain.errors import UsageError
    from game.teach.ablations import ABLATIONS, run_ablations, table_text

    if args.seeds > MAX_SEEDS:
        raise UsageError(f"--seeds {args.seeds} is more than {MAX_SEEDS}")
    chosen = ABLATIONS
    if args.rules:
        known = {a.rule for a in ABLATIONS}
        unknown = [r for r in args.rules if r not in known]
        if unknown:
            raise UsageError(f"no ablation for rule {', '.join(unknown)} "
                             f"(known: {', '.join(sorted(known))})")
        chosen = tuple(a for a in ABLATIONS if a.rule in args.rules)

    seeds = range(args.seed_start, args.seed_start + args.seeds)
    rows = run_ablations(chosen, seeds, campaign_progress)
    print(table_text(rows))
    return 1 if args.check and not all(r.holds for r in rows) else 0
