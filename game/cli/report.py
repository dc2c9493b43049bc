"""`terafab report RUN.csv|SAVE.json|BATCH_DIR --out report.html`: one self-contained HTML debrief
(charts embedded) that a teacher can project."""

from __future__ import annotations

import argparse
from pathlib import Path

from game.cli.args import non_negative_int
from game.i18n import Verbatim, msg, t


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report",
                       help=t("cli.help.report"))
    p.add_argument("input",
                   help=t("cli.report.input"))
    p.add_argument("--out", required=True, help=t("cli.report.out"))
    p.add_argument("--scenario", default=None,
                   help=t("cli.report.scenario"))
    p.add_argument("--seed", type=non_negative_int, default=None,
                   help=t("cli.report.seed"))
    p.add_argument("--events", default=None,
                   help=t("cli.report.events"))
    p.add_argument("--no-policies", action="store_true",
                   help=t("cli.report.no_policies"))
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from game.domain.errors import UsageError
    from game.io.atomic import write_output
    from game.io.series import check_output_path
    from game.io.untrusted import display_text

    out = check_output_path(args.out, (".html",))
    source = Path(args.input)
    if source.is_dir():
        if args.scenario or args.seed is not None or args.events:
            raise UsageError(msg("cli.report.batch_alone"))
        from game.batch.api import load_results
        from game.teach.batch_report import batch_report

        res = load_results(source)
        page = batch_report(res.runs, res.series, res.manifest, display_text(source))
        what = t("pages.cli.runs", n=len(res.runs))
    else:
        if not source.exists():
            raise UsageError(msg("cli.report.not_found", path=source))
        from game.teach.report import run_report
        from game.teach.sources import load_run, policy_runs

        record = load_run(source, args.scenario, args.seed, args.events)
        if not record.series:
            raise UsageError(msg("cli.report.month_0", path=source))
        record.label = Verbatim(display_text(record.label))  # a file's name, shown as written
        policies = []
        if record.scenario is not None and not args.no_policies:
            policies = policy_runs(record.scenario, record.seed, len(record.series),
                                   skip=record.policy)
        page = run_report(record, policies)
        what = (t("pages.cli.months_beside", months=len(record.series), n=len(policies))
                if policies else t("pages.cli.months", months=len(record.series)))
    write_output(out, page.encode("utf-8"), "report")
    print(t("pages.cli.wrote", out=out, what=what))
    return 0
