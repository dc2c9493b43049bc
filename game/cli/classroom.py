"""`terafab classroom serve --scenario NAME --seed N [--port P] [--db FILE]`: a live class in the
browser. Prints the address students open and the teacher's link (with its secret token); the
class is kept in the SQLite file, so stopping and starting again with the same --db continues it.
"""

from __future__ import annotations

import argparse
import sys

from game.cli.args import non_negative_int, positive_int
from game.i18n import t


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("classroom", help=t("cli.help.classroom"))
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    s = actions.add_parser("serve", help=t("cli.help.serve"))
    s.add_argument("--scenario", required=True, help=t("cli.classroom.scenario"))
    s.add_argument("--seed", type=non_negative_int, default=1, help=t("cli.classroom.seed"))
    s.add_argument("--port", type=non_negative_int, default=8000, help=t("cli.classroom.port"))
    s.add_argument("--host", default="0.0.0.0",
                   help=t("cli.classroom.host"))
    s.add_argument("--db", default="classroom.sqlite",
                   help=t("cli.classroom.db"))
    s.add_argument("--months", type=positive_int, default=None,
                   help=t("cli.classroom.months"))
    s.add_argument("--robots", type=non_negative_int, default=0,
                   help=t("cli.classroom.robots"))
    s.add_argument("--pace", choices=("rounds", "free"), default="rounds",
                   help=t("cli.classroom.pace"))
    s.set_defaults(handler=serve)
    p.set_defaults(handler=lambda _args: p.print_help() or 2)


def serve(args: argparse.Namespace) -> int:
    from game.i18n.scenarios import shown
    from game.io.scenarios import load_scenario
    from game.sim.config import apply_overrides
    from game.web.server import lan_address, listen, open_class
    from game.web.server import serve as run_server

    scenario = load_scenario(args.scenario)
    name = args.scenario
    if args.months is not None:
        scenario = apply_overrides(scenario, {"calendar.months": args.months})
        name = t("cli.classroom.name_months", scenario=args.scenario, months=args.months)
    classroom = open_class(args.db, scenario, name, args.seed, args.pace)
    if args.robots and not classroom.seats:
        classroom.add_robots(args.robots)
    sock = listen(args.host, args.port)
    port = sock.getsockname()[1]
    host = lan_address() if args.host in ("0.0.0.0", "::") else args.host
    print(t("cli.classroom.head", title=shown(scenario).title, seed=args.seed,
            seats=len(classroom.seats), db=args.db))
    print(t("cli.classroom.students", url=f"http://{host}:{port}/"))
    print(t("cli.classroom.teacher", url=f"http://{host}:{port}/teacher?token={classroom.token}"))
    print(t("cli.classroom.stop"), flush=True)
    sys.stdout.flush()
    run_server(classroom, sock)
    return 0
