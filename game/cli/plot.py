"""`terafab plot DIR`: charts of a `terafab batch` folder as PNGs (fan charts need --series)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.i18n import msg, t


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
        raise UsageError(msg("cli.not_a_folder", path=out))
    check_writable(out / "outcomes_by_policy.png" if out.is_dir() else out)  # before drawing
    try:
        written = plot_results(res.runs, res.series, res.manifest, out, display_text(args.dir))
    except OSError as exc:  # the disk filled while drawing
        raise UsageError(msg("cli.plot.cannot_write", path=exc.filename or out,
                             problem=exc.strerror or str(exc))) from None
    if res.series is None:
        print(t("cli.plot.no_series"), file=sys.stderr)
    print(t("cli.plot.written", n=len(written), out=display_text(out),
            names=", ".join(p.name for p in written)))
    return 0
