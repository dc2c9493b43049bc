"""The class page: the ranking table, charts of every student beside the built-in policies, and
the games that could not be ranked with the reason. Charts are also returned as PNG files.
Students' names come from their files' names: shown as plain text in charts (no mathtext)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from game.io.untrusted import chart_text  # noqa: E402
from game.sim.score import TERM_KEYS, TERM_LABELS  # noqa: E402
from game.teach import charts  # noqa: E402
from game.teach.classroom import RANK_COLUMNS, ClassResult  # noqa: E402
from game.teach.html import Page, projection_style  # noqa: E402

HEADERS = ["rank", "name", "who", "score", "grade", *(TERM_LABELS[k] for k in TERM_KEYS),
           "compute (EFLOPS)", "delivered (EFLOPS-months)",
           "net worth (USD B)", "self-sufficiency", "first Terafab output (month)", "main wall",
           "note"]


def score_chart(rows: list[dict]) -> plt.Figure:
    fig, ax = plt.subplots(figsize=(12, 1.5 + 0.55 * len(rows)))
    names = [chart_text(r["name"]) for r in rows][::-1]
    scores = [float(r["score"]) for r in rows][::-1]
    colours = ["#1f77b4" if r["kind"] == "student" else "#bbbbbb" for r in rows][::-1]
    ax.barh(names, scores, color=colours)
    ax.set_xlabel("score (compute delivered, own fab, value per share, less waste)")
    ax.set_title("Ranking: students (blue) beside the built-in policies (grey)")
    fig.tight_layout()
    return fig


def class_page(result: ClassResult, rows: list[dict]) -> tuple[str, dict[str, bytes]]:
    """The HTML page and the charts as {file name: PNG bytes}."""
    with projection_style():
        scenario = result.scenario
        page = Page(f"Class play: {scenario.title}")
        page.text(f"Seed {result.seed}; {len(result.students)} games ranked at month "
                  f"{result.months}, beside {len(result.policies)} built-in policies. Every game "
                  "is replayed from its save or command log and played on to the same month. Every "
                  "player faced the same world: demand, the agents' slips and the regulators' "
                  "timing are drawn from streams of their own, apart from any player's dice.")
        if result.rejected:
            page.heading("Not ranked")
            page.table(["file", "why"], [[f, why] for f, why in result.rejected], widths=[30, 70])
        page.heading("Ranking")
        page.table(HEADERS, [[row[c] for c in RANK_COLUMNS] for row in rows])
        pngs: dict[str, bytes] = {}
        page.heading("Scores")
        pngs["scores.png"] = page.chart(score_chart(rows), "scores")
        everyone = {chart_text(r.label): r.series for r in result.students}
        everyone.update({f"{r.label} (built-in)": r.series for r in result.policies})
        page.heading("Compute deployed, month by month")
        fig = charts.compare_compute(everyone, "students (thick) and built-in policies",
                                     highlight=len(result.students))
        pngs["compute.png"] = page.chart(fig, "compute per game")
        page.heading("The limiting factor in each game")
        pngs["limiting_factor.png"] = page.chart(charts.factor_timeline(everyone),
                                                 "limiting factor per game")
        if scenario.lesson is not None:
            page.heading("The lesson card")
            page.card(scenario.lesson)
        return page.render(), pngs
