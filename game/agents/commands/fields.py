"""Each command field checked against the type and bounds its declaration gives, before any rule,
so a value of the wrong kind, NaN or infinity is refused in words."""

from __future__ import annotations

import math
import sys
from dataclasses import fields
from functools import cache

from game.domain import commands as c
from game.domain.errors import CommandRefused
from game.i18n import msg

_LARGEST = sys.float_info.max  # the largest finite float: infinity lies past it, NaN fails any test


@cache
def _field_rules(cls: type) -> tuple[tuple[str, type | None, object, object, tuple], ...]:
    """Per field of a command class, read once per class: (name, quick_type, quick_lo, quick_hi,
    declaration), the declaration being `_check_field`'s (label, unit, type, min, max). The quick
    type is the declared one (None, never matched, for a kind the quick test does not know); the
    quick bounds are None for a name or a switch, else min and max with a missing one as the
    largest float, so a finite number of the declared type inside them passes in one comparison."""
    rules = []
    for f in fields(cls):
        kind, lo, hi = type(f.default), f.metadata.get("min"), f.metadata.get("max")
        numeric = kind is int or kind is float
        rules.append((f.name, kind if numeric or kind is bool or kind is str else None,
                      (-_LARGEST if lo is None else lo) if numeric else None,
                      (_LARGEST if hi is None else hi) if numeric else None,
                      (f.metadata.get("label", f.name), f.metadata.get("unit", ""), kind, lo, hi)))
    return tuple(rules)


def _check_fields(cmd: c.Command) -> None:
    """Every number finite and within the bounds its field declares; types as declared. A value
    of exactly the declared type inside the quick bounds passes at once (every command a policy
    sends); anything else gets the full check and its refusal in words."""
    for name, quick_type, quick_lo, quick_hi, declared in _field_rules(type(cmd)):
        value = getattr(cmd, name)
        if type(value) is not quick_type or (
                quick_lo is not None and not quick_lo <= value <= quick_hi):
            _check_field(value, *declared)


def _check_field(value: object, label: str, unit: str, kind: type, lo: object, hi: object) -> None:
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
