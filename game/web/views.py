"""What the pages read, as plain JSON-ready dicts: a seat as its student sees it, a seat as a row
of the teacher's dashboard, the commands as forms, the news with its why.

The score and its breakdown come from the session's summary: `score`, and the `score_*` columns
whatever they are (the score's formula lives with the engine, not here).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import fields as dataclass_fields
from typing import TypeVar

from game.debrief.svg import FACTOR_COLOURS
from game.domain.commands import COMMANDS, command_fields
from game.domain.rules import RULES
from game.i18n import t, t_or, text
from game.web.seats import Seat

NEWS = 40  # news items a student sees
T = TypeVar("T")


def version(seat: Seat) -> tuple:
    """What changes whenever anything a page shows of the seat changes: its month, its news (every
    accepted command, treatment and month logs one), its refusals, its readiness, who plays it
    and its group. A page built at one version is served until the next."""
    session = seat.session
    return (session.month, len(session.events), len(session.command_log), len(seat.refusals),
            len(seat.treated), seat.ready, seat.row.policy, seat.row.group, session.done)


def cached(seat: Seat, name: str, build: Callable[[], T]) -> T:
    """`build()`, once per version of the seat: forty students polling every two seconds cost
    one build per change, not one per poll."""
    key = version(seat)
    hit = seat.views.get(name)
    if hit is not None and hit[0] == key:
        return hit[1]  # type: ignore[return-value]
    value = build()
    seat.views[name] = (key, value)
    return value


def _plain(value: object) -> object:
    """A number numpy holds (a count, a level) as the plain number JSON writes."""
    item = getattr(value, "item", None)
    if item is not None:
        return item()
    raise TypeError(f"{type(value).__name__} is not JSON")


def to_json(data: object) -> bytes:
    """The JSON of an answer (what FastAPI's own encoder would write, without its walk through
    every value of every answer: the answers here are plain dicts, lists, numbers and text)."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"),
                      default=_plain).encode()


def score_parts(summary: dict) -> dict[str, float]:
    """The score's breakdown: every numeric `score_*` column of the summary, by its term."""
    return {k[len("score_"):]: float(v) for k, v in summary.items()
            if k.startswith("score_") and isinstance(v, int | float) and not isinstance(v, bool)}


def command_forms(seat: Seat) -> list[dict[str, object]]:
    """Every command as a form: its fields with label, unit, limits, default and choices."""
    out = []
    for name, cls in COMMANDS.items():
        form = []
        for f in command_fields(cls):
            item = {k: f[k] for k in ("name", "type", "default", "label", "unit", "help", "min",
                                      "max")}
            item["label"] = t_or(f"field.{name}.{f['name']}", str(f["label"]))
            if f.get("choices"):
                item["choices"] = [[value, text(label)]
                                   for value, label in seat.session.choices(str(f["choices"]))]
            form.append(item)
        out.append({"name": name, "title": t_or(f"command.{name}.title", cls.title),
                    "rule": cls.rule, "group": cls.group,
                    "rule_title": RULES[cls.rule].shown_title if cls.rule in RULES else "",
                    "fields": form})
    return out


def news(seat: Seat, count: int = NEWS) -> list[dict[str, object]]:
    """The latest decisions, newest first, each with its rule, the rule's text and source."""
    out = []
    for e in reversed(seat.session.events[-count:]):
        rule = RULES.get(e.rule)
        out.append({"date": e.date, "agent": text(e.agent), "kind": e.kind,
                    "reason": text(e.reason), "rule": e.rule,
                    "rule_title": rule.shown_title if rule else "",
                    "rule_text": rule.shown_text if rule else "",
                    "source": rule.source if rule else ""})
    return out


def panel(seat: Seat) -> dict[str, object]:
    """The firm's numbers as (label, value, unit) rows: what the window's panels show."""
    firm = seat.session.model.firm.view()
    rows = []
    for f in dataclass_fields(firm):
        value = getattr(firm, f.name)
        if f.name == "key":  # the firm's id: for code, not for the student
            continue
        if isinstance(value, bool | int | float | str) and f.metadata.get("label"):
            unit = str(f.metadata.get("unit", ""))
            rows.append([t_or(f"pages.web.panel.{f.name}", str(f.metadata["label"])),
                         shown_value(f.name, value), t_or(f"pages.web.unit.{unit}", unit)])
    return {"rows": rows}


def seat_state_json(seat: Seat, months_total: int, pace: dict[str, object]) -> bytes:
    """The seat as its student sees it, with the class's pace under "class", as JSON: the seat's
    part built once per change of the seat (`cached`), the pace's (a timer runs) every time."""
    own = cached(seat, "state", lambda: to_json(seat_state(seat, months_total)))
    return own[:-1] + b',"class":' + to_json(pace) + b"}"


def shown_value(name: str, value: object) -> object:
    """A panel's value as the page shows it: yes/no, a factor's or a name's word in the
    class's language; numbers as they are (the page formats them)."""
    if isinstance(value, bool):
        return t("common.word_yes" if value else "common.word_no")
    if name == "limiting_factor":
        return t_or(f"factor.{value}", str(value))
    return text(value) if isinstance(value, str) else value


def seat_state(seat: Seat, months_total: int) -> dict[str, object]:
    """The seat as its student sees it."""
    session = seat.session
    model = session.model
    firm = model.firm
    summary = session.summary()
    factor = firm.limiting_factor
    return {
        "seat": {"id": seat.id, "name": seat.row.name, "team": seat.row.team,
                 "group": seat.row.group, "policy": seat.row.policy, "ready": seat.ready},
        "month": session.month, "months_total": months_total, "date": session.date,
        "done": session.done,
        "cash_busd": firm.ledger.cash_busd, "debt_busd": firm.ledger.debt_busd,
        "compute_eflops": firm.compute_eflops, "target_eflops": firm.target_eflops,
        "chips_idle": firm.fleet.chips_idle(),
        "limiting_factor": factor, "factor_colour": FACTOR_COLOURS.get(factor, "#888"),
        "score": summary["score"], "score_parts": score_parts(summary),
        "panel": panel(seat)["rows"],
        "news": news(seat),
        "refusals": [{**r.__dict__, "reason": text(r.reason)} for r in seat.refusals[-20:]][::-1],
        "last_action": seat.last_action,
        "treatments": len(seat.treated),  # a window's mirror rebuilds when it has fewer
    }


def seat_row(seat: Seat) -> dict[str, object]:
    """The seat as one row of the teacher's dashboard (built once per change of the seat)."""
    return cached(seat, "row", lambda: _seat_row(seat))


def _seat_row(seat: Seat) -> dict[str, object]:
    session = seat.session
    summary = session.summary()
    firm = session.model.firm
    return {
        "id": seat.id, "name": seat.row.name, "team": seat.row.team, "group": seat.row.group,
        "policy": seat.row.policy, "ready": seat.ready, "month": session.month,
        "date": session.date, "done": session.done,
        "compute_eflops": firm.compute_eflops, "cash_busd": firm.ledger.cash_busd,
        "limiting_factor": firm.limiting_factor,
        "factor_colour": FACTOR_COLOURS.get(firm.limiting_factor, "#888"),
        "score": summary["score"], "score_parts": score_parts(summary),
        "last_action": seat.last_action, "refusals": len(seat.refusals),
        "last_refusal": seat.refusals[-1].reason if seat.refusals else "",
        "factors": [str(r["limiting_factor"]) for r in session.series],
    }
