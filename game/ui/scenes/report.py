"""End of campaign: the score, the limiting-factor timeline, and the player's run beside the
built-in policies' runs on the same scenario and seed (computed in a background thread)."""

from __future__ import annotations

import threading

import pygame

from game.agents.policies import POLICIES
from game.i18n.scenarios import shown
from game.sim.runner import run_campaign
from game.sim.score import signed_points
from game.ui import fmt, theme, widgets
from game.ui.draw import charts
from game.ui.i18n import t
from game.ui.i18n import text as i18n_text
from game.ui.scene import Scene
from game.ui.widgets import Button

OWN_CHARTS = ("charts.compute", "charts.cash", "charts.power")  # under the table, room allowing
COLUMNS = (
    ("score", "report.score"),
    ("final_compute_eflops", "report.compute"),
    ("final_cash_busd", "report.cash"),
    ("net_worth_per_share_usd", "report.per_share"),
    ("self_sufficiency", "report.self"),
    ("first_terafab_output_date", "report.first"),
)


class Rivals:
    """The built-in policies' summaries, filled in by a worker thread (the window stays live)."""

    def __init__(self, scenario, seed: int, months: int) -> None:
        self.results: dict[str, dict] = {}
        self._lock = threading.Lock()
        self._thread = threading.Thread(
            target=self._run, args=(scenario, seed, months), daemon=True
        )
        self._thread.start()

    def _run(self, scenario, seed: int, months: int) -> None:
        for name in POLICIES:
            summary = run_campaign(scenario, seed, name, months=months, record_series=False).summary
            with self._lock:
                self.results[name] = summary

    def snapshot(self) -> dict[str, dict]:
        with self._lock:
            return dict(self.results)

    @property
    def done(self) -> bool:
        return not self._thread.is_alive()

    def wait(self, timeout_s: float = 30.0) -> None:
        self._thread.join(timeout_s)


class ReportScene(Scene):
    name = "report"
    closed_by = ("back",)

    def __init__(self, app) -> None:
        super().__init__(app)
        s = app.game.session
        self.summary = s.summary()
        self.breakdown = s.score()  # the score term by term, each with its one-line reason
        self.rivals = Rivals(s.scenario, s.seed, s.month)

    def wait_for_rivals(self) -> None:
        self.rivals.wait()

    def layout(self, size) -> None:
        super().layout(size)
        w, _h = size
        px = self.px
        self.buttons += [
            Button(
                pygame.Rect(w - px(440), px(16), px(130), px(38)), t("nav.charts"), self.charts,
                name="charts",
            ),
            Button(
                pygame.Rect(w - px(300), px(16), px(130), px(38)),
                t("report.map"),
                lambda: self.app.pop(self),
                name="back",
            ),
            Button(
                pygame.Rect(w - px(160), px(16), px(144), px(38)), t("report.title"),
                self.to_title,
                name="title",
            ),
        ]

    def charts(self) -> None:
        self.app.open("charts")

    def to_title(self) -> None:
        self.app.leave_game()

    def draw(self, surf) -> None:
        w, h = surf.get_size()
        px = self.px
        s = self.app.game.session
        ended = s.model.end_cause  # F3: lenders took the firm before the last month
        if ended:
            heading = t("report.heading_game_over", date=self.summary["final_date"])
        elif s.done:
            heading = t("report.heading_done")
        else:
            heading = t("report.heading_now", date=s.date)
        surf.blit(self.fonts.text(heading, 24, theme.BAD if ended else theme.TEXT, bold=True),
                  (px(24), px(20)))

        score = self.fonts.text(t("report.score_big", score=f"{self.summary['score']:,.1f}"), 40,
                                theme.ACCENT, bold=True)
        surf.blit(score, (px(24), px(64)))
        x = px(24) + score.get_width() + px(24)
        breakdown_bottom = self.draw_breakdown(surf, x, px(60), w - x - px(24))
        subtitle = self.fonts.text(t("report.subtitle", scenario=shown(s.scenario).title,
                                     seed=s.seed), 14, theme.MUTED)
        subtitle_y = max(px(118), breakdown_bottom + px(4))  # below the score and its terms
        surf.blit(subtitle, (px(26), subtitle_y))
        below = subtitle_y + subtitle.get_height()
        if ended:  # why the campaign ended early: its own lines, the width of the screen
            below = widgets.draw_lines(surf, self.fonts, px(26), below + px(2),
                                       [t("report.cause", cause=ended)], 15, theme.BAD,
                                       w - px(52))
        tl = pygame.Rect(px(24), below + px(8), w - px(48), px(110))
        charts.draw_timeline(
            surf,
            self.fonts,
            tl,
            s.series,
            t("charts.timeline"),
            charts.factor_legend(),
        )
        table = pygame.Rect(px(24), tl.bottom + px(16), w - px(48), h - tl.bottom - px(40))
        y = widgets.draw_panel(surf, self.fonts, table, t("report.compare"))
        name_w = px(220)
        col_w = (table.w - name_w) // len(COLUMNS)
        for j, (_key, label) in enumerate(COLUMNS):
            head = widgets.fit_text(self.fonts, t(label), 13, theme.MUTED, col_w - 8, bold=True)
            surf.blit(head, (table.x + name_w + j * col_w, y))
        y += px(30)
        rivals = self.rivals.snapshot()
        rows = [(t("report.you"), self.summary, theme.ACCENT)]
        rows += [(t_policy(name), rivals[name], theme.TEXT) for name in POLICIES if name in rivals]
        best = max(r[1]["score"] for r in rows)
        for name, summary, colour in rows:
            bold = summary is self.summary
            if summary.get("end_cause"):  # F3: this run ended early
                name = t("report.bust", name=name)
            label = widgets.fit_text(self.fonts, name, 15, colour, name_w - 24, bold=bold)
            surf.blit(label, (table.x + px(16), y))
            for j, (key, _label) in enumerate(COLUMNS):
                value = format_outcome(key, summary[key])
                c = theme.GOOD if key == "score" and summary["score"] == best else colour
                surf.blit(self.fonts.text(value, 15, c), (table.x + name_w + j * col_w, y))
            y += px(30)
        if not self.rivals.done:
            surf.blit(self.fonts.text(t("report.computing"), 13, theme.MUTED),
                      (table.x + px(16), y + px(6)))
            y += px(26)
        self.draw_own_charts(surf, pygame.Rect(table.x + px(16), y + px(12),
                                               table.w - px(32), table.bottom - y - px(24)))
        super().draw(surf)

    def draw_own_charts(self, surf, area: pygame.Rect) -> None:
        """The player's own campaign under the table, where the room is (a big window): compute
        against what the lab wanted, cash and debt, power owned and used."""
        if area.h < self.px(120):
            return
        shown = [c for c in charts.CHARTS if c[0] in OWN_CHARTS]
        gap = self.px(12)
        w = (area.w - gap * (len(shown) - 1)) // len(shown)
        rows = self.app.game.session.series
        for i, (title, cols) in enumerate(shown):
            rect = pygame.Rect(area.x + i * (w + gap), area.y, w, area.h)
            charts.draw_line_chart(surf, self.fonts, rect, t(title), rows,
                                   [(c, t(label)) for c, label in cols],
                                   log=title in charts.LOG_CHARTS)


    def draw_breakdown(self, surf, x: int, y: int, width: int) -> int:
        """The score's terms beside it, each with its points and one-line reason, and the
        scenario's grade (issue #15: the player sees why the score is what it is); returns the
        y below its last line."""
        px = self.px
        b = self.breakdown
        rows = [(f"{t(f'score_term.{term.key}')} {signed_points(term.points)}",
                 i18n_text(term.explanation), theme.BAD if term.points < 0 else theme.TEXT)
                for term in b.terms]
        rows.append((t(f"grade.{b.grade or 'none'}"), t("score_goal.line", goal=i18n_text(b.goal)),
                     theme.ACCENT))
        line_h = self.fonts.text("Ag", 11, theme.TEXT, bold=True).get_height() + 1
        step = max(line_h, px(88) // len(rows))  # lines never overlap, whatever the scale
        head_w = min(px(190), width // 3)
        for label, why, colour in rows:
            surf.blit(widgets.fit_text(self.fonts, label, 11, colour, head_w - 8, bold=True),
                      (x, y))
            surf.blit(widgets.fit_text(self.fonts, why, 11, theme.MUTED, width - head_w),
                      (x + head_w, y))
            y += step
        return y


def format_outcome(key: str, value) -> str:
    if key == "final_cash_busd":
        return fmt.usd_b(value)
    if key == "net_worth_per_share_usd":
        return fmt.usd(value, 2)
    if key == "final_compute_eflops":
        return fmt.eflops(value)
    if key == "self_sufficiency":
        return fmt.pct(value)
    if key == "first_terafab_output_date":
        return value or "—"
    return f"{value:,.1f}"


def t_policy(name: str) -> str:
    return t(f"policy.{name}")
