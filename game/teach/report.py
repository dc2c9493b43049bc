"""The debrief report of one run: a self-contained HTML page a teacher can project, with the
lesson card, the limiting-factor timeline, prices, capacities, the bullwhip, the run against the
built-in policies on the same seed, and the decision log with the rule behind each decision."""

from __future__ import annotations

from game.agents.policies import POLICIES
from game.domain.rules import RULES
from game.i18n import t, text
from game.i18n.scenarios import shown
from game.io.untrusted import chart_text
from game.sim.score import TERM_KEYS
from game.teach import charts
from game.teach.cards import score_goal
from game.teach.html import Page, projection_style
from game.teach.signals import TIERS, bullwhip_cvs, factor_onsets, swings
from game.teach.sources import RunRecord, outcomes

GRADES = ("gold", "silver", "bronze", "pass", "fail")


def outcome_headers() -> list[str]:
    return [t(f"pages.report.col_{key}") for key in
            ("run", "compute", "delivered", "net_worth", "first", "wall", "score")]


def factor_name(factor: object) -> str:
    """A limiting factor's id as the page shows it (the catalog's word for it)."""
    return t(f"factor.{factor}") if factor in charts.FACTOR_COLOURS else str(factor)


def policy_name(name: str) -> str:
    """A built-in policy's name as the page shows it (a run's own label stays as it is)."""
    return t(f"pages.policy.{name}") if name in POLICIES else name


def outcome_rows(records: list[RunRecord]) -> list[list[object]]:
    rows = []
    for record in records:
        o = outcomes(record)
        first = o["first_terafab_month"]
        rows.append([policy_name(str(o["run"])), o["compute_eflops"],
                     o["delivered_eflops_months"], o["net_worth_busd"],
                     t("pages.report.never") if first == "never" else first,
                     factor_name(o["main_wall"]), "-" if o["score"] is None else o["score"]])
    return rows


def grade_name(grade: object) -> str:
    """A score's verdict (gold ... fail) in the page's language; "-" for none."""
    return t(f"pages.grade.{grade}") if grade in GRADES else "-"


def score_headers() -> list[str]:
    return [t("pages.report.col_run"), *(t(f"pages.term.{k}") for k in TERM_KEYS),
            t("pages.report.col_score"), t("pages.report.col_grade")]


def score_rows(records: list[RunRecord]) -> list[list[object]]:
    """Each run's score term by term (runs without a summary, such as a bare series, left out)."""
    rows = []
    for record in records:
        s = record.summary
        if s and "score_compute" in s:
            rows.append([policy_name(record.label),
                         *(round(float(s[f"score_{k}"]), 1) for k in TERM_KEYS),
                         round(float(s["score"]), 1), grade_name(s.get("score_grade"))])
    return rows


def add_score(page: Page, records: list[RunRecord]) -> None:
    rows = score_rows(records)
    if not rows:
        return
    page.heading(t("pages.report.score_heading"))
    page.text(t("pages.report.score_text"))
    page.table(score_headers(), rows)


def rule_title(rule_id: str) -> str:
    rule = RULES.get(rule_id)
    return f"{rule_id} {rule_words(rule_id)[0]}" if rule else rule_id


def rule_words(rule_id: str) -> tuple[str, str]:
    """A rule's title and text in the page's language ("" for a rule this game does not have)."""
    rule = RULES.get(rule_id)
    return (rule.shown_title, rule.shown_text) if rule else ("", "")


def add_header(page: Page, record: RunRecord) -> None:
    rows = record.series
    who = (policy_name(record.policy) if record.policy
           else t("pages.report.a_player" if record.scenario else "pages.report.unknown"))
    span = {"who": who, "months": len(rows), "start": rows[0]["date"], "end": rows[-1]["date"]}
    if record.seed is not None:
        page.text(t("pages.report.header_seed", seed=record.seed, **span))
    else:
        page.text(t("pages.report.header", **span))
    if record.scenario is not None:
        scenario = shown(record.scenario)
        page.text(t("card.goal", goal=scenario.goal))
        page.text(t("card.score", score=score_goal(scenario)))
        if scenario.lesson is not None:
            page.heading(t("pages.report.lesson_card"))
            page.card(scenario.lesson)


def add_decision_log(page: Page, events: list[dict] | None) -> None:
    page.heading(t("pages.report.log_heading"))
    if not events:
        page.text(t("pages.report.log_none"), "note")
        return
    counts: dict[str, int] = {}
    for e in events:
        counts[e["rule"]] = counts.get(e["rule"], 0) + 1
    page.heading(t("pages.report.log_by_rule"), 3)
    page.table([t(f"pages.report.col_{k}") for k in ("rule", "says", "decisions")],
               [[rule_title(r), rule_words(r)[1], n]
                for r, n in sorted(counts.items(), key=lambda kv: -kv[1])], widths=[22, 66, 12])
    page.heading(t("pages.report.log_all", count=len(events)), 3)
    page.table([t(f"pages.report.col_{k}") for k in ("month", "agent", "rule", "reason")],
               [[f"{e['month']} ({e['date']})", text(e["agent"]), rule_title(str(e["rule"])),
                 text(e["reason"])] for e in events], widths=[13, 17, 18, 52], scroll=True)


def run_report(record: RunRecord, policies: list[RunRecord]) -> str:
    """The whole page for one run; `policies` are the built-in policies on its scenario and seed."""
    with projection_style():
        return _run_page(record, policies)


def _run_page(record: RunRecord, policies: list[RunRecord]) -> str:
    title = shown(record.scenario).title if record.scenario is not None else record.label
    page = Page(t("pages.report.title", title=title))
    add_header(page, record)
    rows = record.series
    everyone = {t("pages.report.this_run", label=chart_text(record.label)): rows,
                **{policy_name(p.label): p.series for p in policies}}
    page.heading(t("pages.report.factor_heading"))
    onsets = factor_onsets([str(r["limiting_factor"]) for r in rows])
    if onsets:
        page.text(t("pages.report.wall_moved", steps=" → ".join(
            t("pages.report.wall_step", factor=factor_name(factor), month=month)
            for factor, month in onsets)))
    page.chart(charts.factor_timeline(everyone), t("pages.report.factor_alt"))
    page.heading(t("pages.report.prices_heading"))
    booms, busts = swings([float(r["dram_price_index"]) for r in rows], rise=0.5, fall=0.3)
    page.text(t("pages.report.dram_swings", booms=booms, busts=busts))
    page.chart(charts.prices(rows), t("pages.report.prices_alt"))
    page.heading(t("pages.report.compute_heading"))
    page.chart(charts.compute_and_power(rows), t("pages.report.compute_alt"))
    page.heading(t("pages.report.supply_heading"))
    page.chart(charts.supply(rows), t("pages.report.supply_alt"))
    if record.memory_shares:
        page.heading(t("pages.report.memory_heading"))
        us = [r for r in record.scenario.world.regulators if r.country == "US"]
        threshold = us[0].concentration_threshold if us else None
        page.chart(charts.memory_market(record.memory_shares, threshold),
                   t("pages.report.memory_alt"))
    page.heading(t("pages.report.bullwhip_heading"))
    cvs = bullwhip_cvs(rows)
    page.text(t("pages.report.bullwhip_text", tiers=t("pages.list_sep").join(
        f"{t(f'pages.tier.{column}')} {cv:.2f}"
        for (column, _label), (_same, cv) in zip(TIERS, cvs, strict=True))))
    page.chart(charts.bullwhip(rows), t("pages.report.bullwhip_alt"))
    page.heading(t("pages.report.compare_heading"))
    if policies:
        page.text(t("pages.report.compare_text"))
        page.chart(charts.compare_compute(everyone), t("pages.report.compare_alt"))
        page.table(outcome_headers(), outcome_rows([record, *policies]))
        add_score(page, [record, *policies])
    else:
        page.text(t("pages.report.no_compare"), "note")
        page.table(outcome_headers(), outcome_rows([record]))
        add_score(page, [record])
    add_decision_log(page, record.events)
    return page.render()
