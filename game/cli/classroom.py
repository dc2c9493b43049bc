"""`terafab classroom serve --scenario NAME --seed N [--port P] [--db FILE]`: a live class in the
browser. Prints the address students open and the teacher's link (with its secret token); the
class is kept in the SQLite file, so stopping and starting again with the same --db continues it.
"""

from __future__ import annotations

import argparse
import sys

from game.cli.args import non_negative_int, positive_int


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("classroom", help="a live class in the browser (students and a teacher)")
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    s = actions.add_parser("serve", help="start the class's web server")
    s.add_argument("--scenario", required=True, help="the class's scenario (terafab info)")
    s.add_argument("--seed", type=non_negative_int, default=1, help="the class's seed (default 1)")
    s.add_argument("--port", type=non_negative_int, default=8000, help="port (default 8000)")
    s.add_argument("--host", default="0.0.0.0",
                   help="address to listen on (default 0.0.0.0: the whole local network)")
    s.add_argument("--db", default="classroom.sqlite",
                   help="the class's file (default classroom.sqlite); the same file continues it")
    s.add_argument("--months", type=positive_int, default=None,
                   help="end the campaign at this month (default: the scenario's length)")
    s.add_argument("--robots", type=non_negative_int, default=0,
                   help="seats played by the built-in policies, one after another (a demo, or "
                        "company for a small class); added once, to a new class")
    s.add_argument("--pace", choices=("rounds", "free"), default="rounds",
                   help="a new class's pace (the dashboard changes it): rounds or free")
    s.set_defaults(handler=serve)
    p.set_defaults(handler=lambda _args: p.print_help() or 2)


def serve(args: argparse.Namespace) -> int:
    from game.io.scenarios import load_scenario
    from game.sim.config import apply_overrides
    from game.web.server import lan_address, listen, open_class
    from game.web.server import serve as run_server

    scenario = load_scenario(args.scenario)
    name = args.scenario
    if args.months is not None:
        scenario = apply_overrides(scenario, {"calendar.months": args.months})
        name = f"{args.scenario} ({args.months} months)"
    classroom = open_class(args.db, scenario, name, args.seed, args.pace)
    if args.robots and not classroom.seats:
        classroom.add_robots(args.robots)
    sock = listen(args.host, args.port)
    port = sock.getsockname()[1]
    host = lan_address() if args.host in ("0.0.0.0", "::") else args.host
    print(f"Terafab class: {scenario.title}, seed {args.seed}, {len(classroom.seats)} seats "
          f"(kept in {args.db})")
    print(f"Students open:  http://{host}:{port}/")
    print(f"Teacher's link: http://{host}:{port}/teacher?token={classroom.token}  (keep it secret)")
    print("Stop with Ctrl-C; start again with the same --db to continue.", flush=True)
    sys.stdout.flush()
    run_server(classroom, sock)
    return 0
