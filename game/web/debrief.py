"""The debrief: one page for the projector after (or during) the class, and the grades CSV.

Ranking with each score's breakdown; every seat as a small multiple (its compute over the four
built-in policies' on the same world, and its limiting-factor strip), so 30 seats read at
1280x720 without a legend of 34 lines; groups compared when the teacher gave treatments.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from html import escape

from game.agents.policies import POLICIES
from game.sim.session import Session
from game.web import svg
from game.web.classroom import ClassError, Classroom
from game.web.seats import Seat
from game.web.views import score_parts


def _policy_series(classroom: Classroom, months: int) -> dict[str, list[dict]]:
    """The built-in policies on the class's world to `months` (cached per month reached)."""
    cache = classroom.policy_cache
    if months not in cache:
        runs = {}
        for name in POLICIES:
            session = Session(classroom.scenario, classroom.seed, name)
            session.run(months)
            runs[name] = {"series": list(session.series), "summary": session.summary()}
        cache.clear()
        cache[months] = runs
    return cache[months]


def horizon(classroom: Classroom) -> int:
    return max([classroom.pace.cap, *(s.month for s in classroom.seats.values())])


def main_wall(series: list[dict]) -> str:
    counts = Counter(str(r["limiting_factor"]) for r in series)
    return counts.most_common(1)[0][0] if counts else ""


def ranking(classroom: Classroom) -> list[dict[str, object]]:
    """Every seat, best score first, with the breakdown, the walls and the refusals."""
    rows = []
    for seat in classroom.seats.values():
        summary = seat.session.summary()
        firm = seat.session.model.firm
        rows.append({
            "name": seat.row.name, "team": seat.row.team, "group": seat.row.group,
            "played_by": seat.row.policy or "student", "month": seat.month,
            "score": float(summary["score"]), "parts": score_parts(summary),
            "compute_eflops": firm.compute_eflops, "cash_busd": firm.ledger.cash_busd,
            "main_wall": main_wall(seat.session.series), "refusals": len(seat.refusals),
            "refusal_reasons": "; ".join(f"{r.date} {r.command}: {r.reason}"
                                         for r in seat.refusals),
            "seat": seat.id,
        })
    rows.sort(key=lambda r: -float(r["score"]))
    for i, row in enumerate(rows, 1):
        row["rank"] = i
    return rows


def _safe_cell(value: object) -> object:
    """A spreadsheet never runs a student's name as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def grades_csv(classroom: Classroom) -> str:
    rows = ranking(classroom)
    parts = sorted({k for r in rows for k in r["parts"]})
    head = ["rank", "name", "team", "group", "played_by", "month", "score",
            *(f"score_{p}" for p in parts), "compute_eflops", "cash_busd", "main_wall",
            "refusals", "refusal_reasons"]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(head)
    for r in rows:
        writer.writerow([_safe_cell(x) for x in (
            r["rank"], r["name"], r["team"], r["group"], r["played_by"], r["month"],
            round(float(r["score"]), 2), *(round(r["parts"].get(p, 0.0), 2) for p in parts),
            round(float(r["compute_eflops"]), 3), round(float(r["cash_busd"]), 2),
            r["main_wall"], r["refusals"], r["refusal_reasons"])])
    return buf.getvalue()


def _compute(series: list[dict]) -> list[float]:
    return [float(r["player_compute_eflops"]) for r in series]


def card(classroom: Classroom, seat_id: int) -> str:
    """A seat's small multiple, or a built-in policy's (negative ids: -1 for the first)."""
    months = horizon(classroom)
    policies = _policy_series(classroom, months)
    lines = [(name, _compute(run["series"])) for name, run in policies.items()]
    if seat_id < 0:
        names = list(policies)
        if -seat_id > len(names):
            raise ClassError(f"no policy {seat_id}", 404)
        series = policies[names[-seat_id - 1]]["series"]
    else:
        series = classroom.seat(seat_id).session.series
    return svg.seat_card(_compute(series), [str(r["limiting_factor"]) for r in series], lines,
                         classroom.months_total)


def _groups(classroom: Classroom) -> dict[str, list[Seat]]:
    out: dict[str, list[Seat]] = {}
    for seat in classroom.seats.values():
        out.setdefault(seat.row.group, []).append(seat)
    return dict(sorted(out.items()))


def groups_chart(classroom: Classroom) -> str:
    """Each group's mean compute month by month, beside the built-in policies."""
    months = horizon(classroom)
    lines = [(f"{name} (built-in)", _compute(run["series"]), svg.POLICY_GREY, 1.0)
             for name, run in _policy_series(classroom, months).items()]
    for i, (group, seats) in enumerate(_groups(classroom).items()):
        n = min(len(s.session.series) for s in seats)
        mean = [sum(float(s.session.series[m]["player_compute_eflops"]) for s in seats)
                / len(seats) for m in range(n)]
        lines.append((f"group {group}", mean, svg.LINE_COLOURS[i % len(svg.LINE_COLOURS)], 2.5))
    return svg.line_chart(lines[4:] + lines[:4], classroom.months_total, width=900, height=300,
                          title="Mean compute per group (grey: built-in policies)",
                          unit="EFLOPS")


def page(classroom: Classroom) -> str:
    rows = ranking(classroom)
    months = horizon(classroom)
    policies = _policy_series(classroom, months)
    parts = sorted({k for r in rows for k in r["parts"]})
    e = escape
    out = [_head(f"Debrief: {classroom.scenario.title}")]
    out.append(f"<header><h1>Debrief: {e(classroom.scenario.title)}</h1><p>Seed "
               f"{classroom.seed}; {len(rows)} seats at month {months} of "
               f"{classroom.months_total}; every seat played the same world. "
               "<a href='/debrief/grades.csv'>Grades (CSV)</a> · "
               "<a href='/teacher'>Dashboard</a></p></header>")
    out.append("<section><h2>Every seat: compute (blue) over the four built-in policies (grey) "
               "on the same axis, and the limiting factor month by month</h2>" + _legend()
               + "<div class='grid'>")
    for r in rows:
        out.append(f"<figure><img src='/debrief/card/{r['seat']}.svg?m={months}' width='200' "
                   f"height='92' alt='compute of {e(str(r['name']))}'><figcaption>#{r['rank']} "
                   f"{e(str(r['name']))[:24]} · {float(r['score']):.0f}</figcaption></figure>")
    for i, name in enumerate(policies, 1):
        out.append(f"<figure class='policy'><img src='/debrief/card/-{i}.svg?m={months}' "
                   f"width='200' height='92' alt='compute of the {e(name)} policy'>"
                   f"<figcaption>built-in: {e(name)} · "
                   f"{float(policies[name]['summary']['score']):.0f}</figcaption></figure>")
    out.append("</div></section>")
    out.append("<section class='tables'><div><h2>Ranking</h2><table class='rank'><thead><tr>"
               "<th>#</th><th>name</th><th>team</th><th>group</th><th>score</th>"
               + "".join(f"<th>{e(p.replace('_', ' '))}</th>" for p in parts)
               + "<th>compute (EFLOPS)</th><th>main wall</th><th>refused</th></tr></thead><tbody>")
    for r in rows:
        who = "" if r["played_by"] == "student" else f" <i>({e(str(r['played_by']))})</i>"
        out.append(
            f"<tr><td>{r['rank']}</td><td>{e(str(r['name']))}{who}</td>"
            f"<td>{e(str(r['team']))}</td><td>{e(str(r['group']))}</td>"
            f"<td class='num'><b>{float(r['score']):.1f}</b></td>"
            + "".join(f"<td class='num'>{r['parts'].get(p, 0.0):.1f}</td>" for p in parts)
            + f"<td class='num'>{float(r['compute_eflops']):.2f}</td>"
            f"<td><span class='f f-{e(str(r['main_wall']))}'></span>{e(str(r['main_wall']))}</td>"
            f"<td class='num' title='{e(str(r['refusal_reasons']))}'>{r['refusals']}</td></tr>")
    out.append("</tbody></table></div>")
    out.append("<div><h2>Built-in policies on the same world</h2><table class='rank'><thead><tr>"
               "<th>policy</th><th>score</th><th>compute (EFLOPS)</th><th>main wall</th></tr>"
               "</thead><tbody>")
    for name, run in policies.items():
        out.append(f"<tr><td>{e(name)}</td><td class='num'>{float(run['summary']['score']):.1f}"
                   f"</td><td class='num'>{float(run['summary']['final_compute_eflops']):.2f}</td>"
                   f"<td>{e(main_wall(run['series']))}</td></tr>")
    out.append("</tbody></table></div></section>")
    groups = _groups(classroom)
    if len(groups) > 1 or classroom.treatments:
        out.append("<section><h2>Groups compared</h2><table class='rank'><thead><tr>"
                   "<th>group</th><th>seats</th><th>mean score</th><th>mean compute</th>"
                   "<th>treatments</th></tr></thead><tbody>")
        for group, seats in groups.items():
            scores = [float(s.session.summary()["score"]) for s in seats]
            compute = [s.session.model.firm.compute_eflops for s in seats]
            given = "; ".join(f"{classroom.lever_names()[t.lever]} = {t.value:g} from month "
                              f"{t.from_month}" for t in classroom.treatments if t.group == group)
            out.append(f"<tr><td>{e(group)}</td><td class='num'>{len(seats)}</td>"
                       f"<td class='num'>{sum(scores) / len(scores):.1f}</td>"
                       f"<td class='num'>{sum(compute) / len(compute):.2f}</td>"
                       f"<td>{e(given) or 'none'}</td></tr>")
        out.append(f"</tbody></table><img class='wide' src='/debrief/groups.svg?m={months}' "
                   "width='900' height='300' alt='mean compute per group'></section>")
    out.append("</body></html>")
    return "".join(out)


def _legend() -> str:
    return "<p class='legend'>" + "".join(
        f"<span class='f f-{k}'></span>{k} " for k in svg.FACTOR_COLOURS) + "</p>"


def _head(title: str) -> str:
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{escape(title)}</title><link rel='stylesheet' href='/static/style.css'>"
            "</head><body class='debrief'>")
