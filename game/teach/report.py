"""The debrief report of one run: a self-contained HTML page a teacher can project, with the
lesson card, the limiting-factor timeline, prices, capacities, the bullwhip, the run against the
built-in policies on the same seed, and the decision log with the rule behind each decision."""

from __future__ import annotations

from game.domain.rules import RULES
from game.io.untrusted import chart_text
from game.sim.score import TERM_KEYS, TERM_LABELS
from game.teach import charts
from game.teach.cards import score_goal
from game.teach.html import Page, projection_style
from game.teach.signals import bullwhip_cvs, factor_onsets, swings
from game.teach.sources import RunRecord, outcomes

OUTCOME_HEADERS = ["run", "compute (EFLOPS)", "delivered (EFLOPS-months)", "net worth (USD B)",
                   "first Terafab output (month)", "main wall", "score"]


def outcome_rows(records: list[RunRecord]) -> list[list[object]]:
    rows = []
    for record in records:
        o = outcomes(record)
        rows.append([o["run"], o["compute_eflops"], o["delivered_eflops_months"],
                     o["net_worth_busd"],
                     o["first_terafab_month"], o["main_wall"],
                     "-" if o["score"] is None else o["score"]])
    return rows


SCORE_HEADERS = ["run", *(TERM_LABELS[k] for k in TERM_KEYS), "score", "grade"]


def score_rows(records: list[RunRecord]) -> list[list[object]]:
    """Each run's score term by term (runs without a summary, such as a bare series, left out)."""
    rows = []
    for record in records:
        s = record.summary
        if s and "score_compute" in s:
            rows.append([record.label, *(round(float(s[f"score_{k}"]), 1) for k in TERM_KEYS),
                         round(float(s["score"]), 1), s.get("score_grade") or "-"])
    return rows


def add_score(page: Page, records: list[RunRecord]) -> None:
    rows = score_rows(records)
    if not rows:
        return
    page.heading("The score, term by term")
    page.text("Compute delivered to users dominates: 100 points for every tenfold over doing "
              "nothing. Your own fab's share of it adds a bonus; value per share counts equity's "
              "dilution; chips left idle, capex that never produced and memory bought and never "
              "used cost points; a bust floors the score.")
    page.table(SCORE_HEADERS, rows)


def rule_title(rule_id: str) -> str:
    rule = RULES.get(rule_id)
    return f"{rule_id} {rule.title}" if rule else rule_id


def add_header(page: Page, record: RunRecord) -> None:
    rows = record.series
    who = record.policy or ("a player" if record.scenario else "unknown")
    where = f"seed {record.seed}, " if record.seed is not None else ""
    page.text(f"{where}played by {who}; {len(rows)} months, {rows[0]['date']} to "
              f"{rows[-1]['date']}.")
    if record.scenario is not None:
        page.text(f"Goal: {record.scenario.goal}")
        page.text(f"Score: {score_goal(record.scenario)}")
        if record.scenario.lesson is not None:
            page.heading("The lesson card")
            page.card(record.scenario.lesson)


def add_decision_log(page: Page, events: list[dict] | None) -> None:
    page.heading("Decision log: every agent decision and the rule behind it")
    if not events:
        page.text("No decision log was given: pass --events FILE (written by `terafab run "
                  "--events`) or report on a save, which carries its log.", "note")
        return
    counts: dict[str, int] = {}
    for e in events:
        counts[e["rule"]] = counts.get(e["rule"], 0) + 1
    page.heading("Decisions by rule", 3)
    page.table(["rule", "what it says", "decisions"],
               [[rule_title(r), RULES[r].text if r in RULES else "", n]
                for r, n in sorted(counts.items(), key=lambda kv: -kv[1])], widths=[22, 66, 12])
    page.heading(f"All {len(events)} decisions, in order", 3)
    page.table(["month", "agent", "rule", "reason"],
               [[f"{e['month']} ({e['date']})", e["agent"], rule_title(str(e["rule"])), e["reason"]]
                for e in events], widths=[13, 17, 18, 52], scroll=True)


def run_report(record: RunRecord, policies: list[RunRecord]) -> str:
    """The whole page for one run; `policies` are the built-in policies on its scenario and seed."""
    with projection_style():
        return _run_page(record, policies)


def _run_page(record: RunRecord, policies: list[RunRecord]) -> str:
    title = record.scenario.title if record.scenario is not None else record.label
    page = Page(f"Debrief: {title}")
    add_header(page, record)
    rows = record.series
    everyone = {f"this run ({chart_text(record.label)})": rows,
                **{p.label: p.series for p in policies}}
    page.heading("The limiting factor: which wall bound growth each month")
    onsets = factor_onsets([str(r["limiting_factor"]) for r in rows])
    if onsets:
        page.text("In this run the wall moved: " + " → ".join(
            f"{factor} (from month {month})" for factor, month in onsets) +
            " (each held for three months or more).")
    page.chart(charts.factor_timeline(everyone), "limiting factor timeline")
    page.heading("Prices")
    booms, busts = swings([float(r["dram_price_index"]) for r in rows], rise=0.5, fall=0.3)
    page.text(f"DRAM: {booms} boom(s) of +50 % or more from a low and {busts} bust(s) of -30 % "
              "or more from a high (the memory cycle, H3).")
    page.chart(charts.prices(rows), "price indexes")
    page.heading("Your compute and power")
    page.chart(charts.compute_and_power(rows), "compute and power")
    page.heading("Capacities upstream")
    page.chart(charts.supply(rows), "EUV output, DRAM supply, leading-edge shares")
    if record.memory_shares:
        page.heading("The memory market by country")
        us = [r for r in record.scenario.world.regulators if r.country == "US"]
        threshold = us[0].concentration_threshold if us else None
        page.chart(charts.memory_market(record.memory_shares, threshold), "memory market shares")
    page.heading("The bullwhip: orders at each tier against end demand")
    cvs = bullwhip_cvs(rows)
    page.text("Variation (standard deviation / mean): " + "; ".join(
        f"{label} {cv:.2f}" for label, cv in cvs) + ". The bullwhip shows when it grows upstream.")
    page.chart(charts.bullwhip(rows), "bullwhip chart")
    page.heading("This run against the built-in policies, in the same world")
    if policies:
        page.text("Same scenario and seed: demand, the agents' slips and the regulators' timing "
                  "are drawn from streams of their own, so every run below faced the same world "
                  "whatever its player did.")
        page.chart(charts.compare_compute(everyone), "compute of this run and the policies")
        page.table(OUTCOME_HEADERS, outcome_rows([record, *policies]))
        add_score(page, [record, *policies])
    else:
        page.text("No comparison: a series file does not say its scenario and seed; pass "
                  "--scenario NAME --seed N to replay the built-in policies beside it.", "note")
        page.table(OUTCOME_HEADERS, outcome_rows([record]))
        add_score(page, [record])
    add_decision_log(page, record.events)
    return page.render()
