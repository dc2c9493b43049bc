"""Argument types shared by subcommands: numbers that must be whole and not negative, etc."""

from __future__ import annotations

import argparse
import sys

from game.i18n import t


def non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.args.whole_0", text=text)) from None
    if value < 0:
        raise argparse.ArgumentTypeError(t("cli.args.whole_0", text=text))
    return value


def positive_int(text: str) -> int:
    value = non_negative_int(text)
    if value == 0:
        raise argparse.ArgumentTypeError(t("cli.args.whole_1", text=text))
    return value


def seconds(text: str) -> float:
    """A duration in seconds: a number above 0 (and below a million)."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value < 1e6:
        raise argparse.ArgumentTypeError(t("cli.args.seconds", text=text))
    return value


def campaign_progress(done: int, total: int) -> None:
    """`done/total campaigns` on one line of a terminal's stderr (nothing when piped)."""
    if sys.stderr.isatty():
        print("\r  " + t("cli.args.campaigns", done=done, total=total),
              end="" if done < total else "\n", file=sys.stderr, flush=True)
