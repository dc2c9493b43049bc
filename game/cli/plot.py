"""`terafab plot DIR`: charts of a `terafab batch` folder as PNGs (fan charts need --series)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.i18n import t


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("plot", help=t("cli.help.plot"))
    p.add_argument("dir", help=t("cli.plot.dir"))
    p.add_argument("--out", default=None, help=t("cli.plot.out"))
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from game.batch.api import load_results
    from game.batch.plots import plot_results
    from game.domain.errors import UsageError
    from game.io.atomic import check_writable
    from game.io.untrusted import display_text

    res = load_results(args.dir)
    out = Path(args.out) if args.out else Path(args.dir) / "plots"
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out}: exists and is not a folder")
    check_writable(out / "outcomes_by_policy.png" if out.is_dir() else out)  # before drawing
    try:
        written = plot_results(res.runs, res.series, res.manifest, out, display_text(args.dir))
    except OSError as exc:  # the disk filled while drawing
        raise UsageError(f"{exc.filename or out}: cannot write the charts "
                         f"({exc.strerror or exc})") from None
    if res.series is None:
        print("no series.parquet: run the batch with --series for fan charts over seeds",
              file=sys.stderr)
    print(f"{len(written)} charts in {display_text(out)}: " + ", ".join(p.name for p in written))
    return 0
