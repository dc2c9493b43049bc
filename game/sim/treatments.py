"""Treatments: a change to the world, from a month on, for one group of seats, so the debrief can
compare the groups (export controls to level 4 for group B from 2028, say).

A treatment is a lever the regulators already hold (their state, not the config file), set at the
start of a month before the world moves; it is logged as news with the rule it acts under. The
live class (game.web) gives it; a seat's downloaded log carries it (game.io.commandlog), so
`terafab class`, `terafab run --commands` and a rebuilt seat in the window replay it at the same
month and at the same place among the commands.
"""

from __future__ import annotations

from typing import NamedTuple

from game.i18n import msg


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


class Treatment(NamedTuple):
    """What the teacher gave a group: a lever set to a value from a month on."""

    group: str
    from_month: int
    lever: str
    value: float

    def describe(self) -> str:
        """How the debrief names it beside its group."""
        return f"{LEVERS[self.lever].label} = {self.value:g} from month {self.from_month}"


class Given(NamedTuple):
    """A treatment as one game's log holds it: applied at `month`, after the game's first
    `after` accepted commands."""

    treatment: Treatment
    month: int
    after: int


_LABEL_IDS = {lever: f"pages.web.lever.{lever}" for lever in LEVERS}


def lever_problem(lever: str, value: float) -> str | None:
    """Why this lever or value cannot be applied, in one line; None when it can."""
    spec = LEVERS.get(lever)
    if spec is None:
        return msg("errors.lever.unknown", name=lever[:40], known=", ".join(LEVERS))
    label = msg(_LABEL_IDS[lever])  # the lever's label as the classroom's pages show it
    if not spec.lo <= value <= spec.hi:
        return msg("errors.lever.outside", label=label, value=value, lo=spec.lo, hi=spec.hi)
    if spec.whole and value != int(value):
        return msg("errors.lever.whole", label=label, value=value)
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
    model.log(msg("pages.web.teacher"), spec.rule,
              msg("pages.web.treatment_news", lever=msg(f"pages.web.lever.{lever}"), value=shown),
              "treatment")


def apply_due(session, given: list[Given], commands_done: int, until_month: int) -> list[Given]:
    """Apply, in order, the logged treatments that come before the game's next command (the
    first `commands_done` are played), stepping the session to each one's month; those due
    after `until_month` are left in `given`, the applied ones are taken out and returned."""
    applied = []
    while given and given[0].after <= commands_done and given[0].month <= until_month:
        entry = given.pop(0)
        session.run(max(0, entry.month - session.month))
        if session.done:
            break
        apply_lever(session.model, entry.treatment.lever, entry.treatment.value)
        applied.append(entry)
    return applied


def replay(session, logged: list, given: list[Given], until_month: int, source: str) -> None:
    """`Session.replay` of a log, its treatments applied where they stand among its commands."""
    done = 0
    for entry in given:
        if entry.month > until_month:
            break
        session.replay(logged[done:entry.after], entry.month, source)
        if session.done:
            return
        apply_lever(session.model, entry.treatment.lever, entry.treatment.value)
        done = entry.after
    session.replay(logged[done:], until_month, source)


def by_group(treatments: list[Treatment], describe=Treatment.describe,
             sep: str = "; ") -> dict[str, str]:
    """group -> what it was given, as the debrief shows it: each treatment once, by its first
    month (the order a seat's log holds them in, whatever order the teacher gave them), each
    described by `describe` (a page passes its own, in its language)."""
    out: dict[str, list[str]] = {}
    for t in sorted(set(treatments), key=lambda t: (t.group, t.from_month, t.lever, t.value)):
        out.setdefault(t.group, []).append(describe(t))
    return {group: sep.join(given) for group, given in out.items()}
