"""Each command field checked against the type and bounds its declaration gives, before any rule,
so a value of the wrong kind, NaN or infinity is refused in words."""

from __future__ import annotations

import math
from dataclasses import fields
from functools import cache
from typing import Any

from game.domain import commands as c
from game.domain.errors import CommandRefused
from game.i18n import msg


@cache
def _field_rules(cls: type) -> tuple[tuple[str, str, str, type, Any, Any], ...]:
    """(name, label, unit, type, min, max) of each field of a command class, read once per class."""
    return tuple((f.name, f.metadata.get("label", f.name), f.metadata.get("unit", ""),
                  type(f.default), f.metadata.get("min"), f.metadata.get("max"))
                 for f in fields(cls))


def _check_fields(cmd: c.Command) -> None:
    """Every number finite and within the bounds its field declares; types as declared."""
    for name, label, unit, kind, lo, hi in _field_rules(type(cmd)):  # type: ignore[arg-type]
        _check_field(getattr(cmd, name), label, unit, kind, lo, hi)


def _check_field(value: object, label: str, unit: str, kind: type, lo: float | None,
                 hi: float | None) -> None:
    """One field's value against its declaration, with the refusal in words."""
    if kind is bool:
        if not isinstance(value, bool):
            raise CommandRefused(msg("refuse.fields.must_be_yes", label=label))
        return
    if kind is str:
        if not isinstance(value, str):
            raise CommandRefused(msg("refuse.fields.must_be_name", label=label))
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            (kind is int and not isinstance(value, int)):
        raise CommandRefused(msg("refuse.fields.must_be_whole", label=label) if kind is int
                             else msg("refuse.fields.must_be_number", label=label))
    if not math.isfinite(value):
        raise CommandRefused(msg("refuse.fields.must_be_finite", label=label))
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise CommandRefused(msg("errors.refuse.between_unit", label=label, lo=lo, hi=hi, unit=unit)
                             if unit else msg("errors.refuse.between", label=label, lo=lo, hi=hi))
