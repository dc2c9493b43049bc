"""Treatments: a change to the world, from a month on, for one group of seats, so the debrief can
compare the groups (export controls to level 4 for group B from 2028, say).

A treatment is a lever the regulators already hold (their state, not the config file), set at the
start of a month before the world moves; it is logged as news with the rule it acts under, and
it is an entry of the seat's log, so a rebuilt seat replays it at the same month.
"""

from __future__ import annotations

from typing import NamedTuple


class Lever(NamedTuple):
    label: str
    rule: str
    role: str  # the regulators holding this lever: those with this role
    attribute: str
    lo: float
    hi: float
    whole: bool  # a whole number (a level)


LEVERS: dict[str, Lever] = {
    "export_control_level": Lever("US export controls level (0-4)", "B8", "export_controls",
                                  "export_control_level", 0, 4, True),
    "tariff_on_imports": Lever("US tariff on imported chips (share, 0-2)", "A8",
                               "export_controls", "tariff_on_imports", 0.0, 2.0, False),
    "subsidy_share": Lever("US fab subsidy (share of capex, 0-0.9)", "A8", "export_controls",
                           "subsidy_share", 0.0, 0.9, False),
}


def lever_problem(lever: str, value: float) -> str | None:
    """Why this lever or value cannot be applied, in one line; None when it can."""
    spec = LEVERS.get(lever)
    if spec is None:
        return f"unknown lever '{lever}' (known: {', '.join(LEVERS)})"
    if not spec.lo <= value <= spec.hi:
        return f"{spec.label}: {value:g} is outside {spec.lo:g}-{spec.hi:g}"
    if spec.whole and value != int(value):
        return f"{spec.label}: must be a whole number, got {value:g}"
    return None


def apply_lever(model, lever: str, value: float) -> None:
    """Set the lever on the regulators that hold it, and say so in the news."""
    spec = LEVERS[lever]
    set_to = int(value) if spec.whole else float(value)
    for regulator in model.regulators:
        if spec.role in regulator.roles:
            setattr(regulator, spec.attribute, set_to)
            if lever == "export_control_level":
                regulator.pending_level = None  # the teacher's level replaces any announced one
    shown = f"{set_to}" if spec.whole else f"{set_to:.0%}"
    model.log("Teacher", spec.rule, f"Treatment for this group: {spec.label} set to {shown}",
              "treatment")
