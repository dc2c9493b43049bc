"""Regulators: export controls, tariffs, subsidies, permits, and answers to market dominance.

Rules: B8 (EUV controls hold China back; domestic tools catch up in 3-4 years), H5 (controls are
announced ahead, and buyers pull orders forward), A8 (dominance meets an answer: a country holding
the memory market meets tariffs, a region holding the leading edge meets subsidies for its rivals,
a player cornering a market meets an antitrust cap), A5 (permits: the permitting regulator grants
the Terafab's and reviews very large power draws), H10 (history mode follows real dated decisions).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from game.agents.base import DATE, SHARE, AgentView, WorldAgent, frozen_map, labelled
from game.agents.player_shares import player_hbm_share, player_wafer_share
from game.i18n import msg

# A8: what each player watch measures, in the words of an answer's event
PLAYER_MARKETS = {"player_hbm": "HBM", "player_wafers": "leading-edge wafers"}


@dataclass(frozen=True, slots=True)
class PendingLevel:
    """Export controls announced ahead (H5): `level` takes force in `effective_month`."""

    effective_month: int
    level: int


@dataclass(frozen=True, slots=True)
class PendingLevelView:
    """Export controls announced, not yet in force."""

    level: int = labelled("Level")
    effective_date: str = labelled("In force from", DATE)


@dataclass(frozen=True, slots=True)
class AnswerView:
    """An answer to dominance given (A8), in words."""

    answer: str = labelled("Answer")


@dataclass(frozen=True, slots=True)
class RegulatorView(AgentView):
    """A regulator now: its controls, tariffs, subsidies and sanctions."""

    country: str = labelled("Country")
    mode: str = labelled("Decides by")
    export_control_level: int = labelled("Export controls level")
    pending: PendingLevelView | None = labelled("Controls announced")
    tariff_on_imports: float = labelled("Tariff on imported chips", SHARE)
    subsidy_share: float = labelled("Fab subsidy, of capex", SHARE)
    sanctions: Mapping[str, float] = labelled("Sanction tariffs by country", SHARE)
    domestic_tools_ready: bool = labelled("Domestic tools ready")
    answered: tuple[AnswerView, ...] = labelled("Answers to dominance given")


class Regulator(WorldAgent):
    kind = "regulator"
    __slots__ = (  # its state: see game/agents/base.py
        "country", "mode", "roles", "controls_target", "controls_enabled", "export_control_level",
        "raise_at_china_share",
        "announce_months", "tariff_on_imports", "subsidy_share", "concentration_threshold",
        "sanction_tariff", "domestic_tools_months", "domestic_tools_ready", "history",
        "pending_level", "sanctions", "concentration_months", "_domestic_progress",
        "_domestic_target", "_trigger_growth", "_trigger_max", "_dominance_months",
        "_home_subsidy", "_domestic_spread", "answers_pending", "answer_months", "answered",
        "power_review", "_answers_on", "_monthly",
    )

    def __init__(self, model, spec, mode: str) -> None:
        super().__init__(model, spec.id, spec.name)
        self.country = spec.country
        # "history": dated decisions (H10); "rules": react to what agents do. With H10 switched
        # off, a history campaign's regulators react by the rules instead
        self.mode = mode if mode != "history" or model.rule_on("H10") else "rules"
        # A8 answers act in rules mode unless switched off: read every month, so worked out once
        self._answers_on = self.mode != "history" and model.rule_on("A8")
        self.roles = tuple(spec.roles)
        self.controls_target = spec.controls_target
        self.controls_enabled = spec.controls_enabled and model.rule_on("B8")  # B8 off: no controls
        self.export_control_level = spec.export_control_level if self.controls_enabled else 0
        self.raise_at_china_share = spec.raise_at_china_share
        self.announce_months = spec.announce_months
        self.tariff_on_imports = spec.tariff_on_imports
        self.subsidy_share = spec.subsidy_share
        self.concentration_threshold = spec.concentration_threshold
        self.sanction_tariff = spec.sanction_tariff
        self.domestic_tools_months = spec.domestic_tools_months
        self.domestic_tools_ready = False
        self.history = [(model.month_of(d.date), d) for d in spec.history]
        self.pending_level: PendingLevel | None = None
        self.sanctions: dict[str, float] = {}  # country -> tariff on its memory and chips
        self.concentration_months: dict[str, int] = {}
        self._domestic_progress = 0.0
        self._domestic_target = 0.0
        rules = model.world.agent_rules.regulator  # read once: attributes are faster every month
        self._trigger_growth = rules.controls_trigger_growth
        self._trigger_max = rules.controls_trigger_max
        self._dominance_months = rules.dominance_months
        self._home_subsidy = rules.home_subsidy_after_sanction
        self._domestic_spread = rules.domestic_tools_time_spread
        # A8: what it watches and how it answers (config), by index; those not given yet
        self.answers_pending = tuple(enumerate(spec.answers))
        self.answer_months: dict[tuple[int, str], int] = {}  # (answer, holder) -> months above
        self.answered: list[str] = []  # the answers given, in words, in order
        self.power_review = spec.power_review  # A5: large power draws (permits role)
        # what each role does every month, in the config's order, picked once ("permits" acts
        # when asked: trade.power_review, the Terafab's permits; dominance answers only when on)
        steps = {"export_controls": Regulator._step_export_controls,
                 "domestic_tools": Regulator._step_domestic_tools}
        if self._answers_on:
            steps["dominance_answer"] = Regulator._step_dominance_answer
        self._monthly = tuple(steps[role] for role in self.roles if role in steps)

    # ------------------------------------------------------------------ export controls (US)
    def announce_level(self, level: int, announce_months: int, why: str, rule: str) -> None:
        effective = self.model.month + max(0, announce_months)
        self.pending_level = PendingLevel(effective, level)
        when = self.model.date_of(effective)
        self.log(
            rule,
            msg("event.regulator.announced_export_controls",
                name=self.name, level=level, when=when, why=why),
            "export",
        )
        if announce_months > 0:
            self.model.pull_forward_orders(self, level)

    def _apply_pending(self) -> None:
        if self.pending_level and self.pending_level.effective_month <= self.model.month:
            level = self.pending_level.level
            self.pending_level = None
            if level != self.export_control_level:
                self.export_control_level = level
                self.log("B8", msg("event.regulator.raised_export_controls",
                                   name=self.name, level=level), "export")

    def step_month(self) -> None:
        """Each role the config gives this regulator, in its order, then its answers to
        dominance (A8, rules mode, unless the rule is switched off)."""
        for step in self._monthly:
            step(self)
        if self.answers_pending and self._answers_on:
            self._step_answers()

    def _step_export_controls(self) -> None:
        """History mode follows the dated decisions (H10); rules mode raises the level when the
        target's share of the leading edge passes the trigger (B8), announced ahead (H5)."""
        model = self.model
        self._apply_pending()
        if self.mode == "history":
            for month, d in self.history:
                lead = d.announce_months if d.action == "export_level" else 0
                if max(0, month - lead) != model.month:
                    continue  # decisions dated before the start are in force from the first month
                note = msg("event.regulator.force_since",
                           note=d.note, date=d.date) if month < 0 else d.note
                if d.action == "export_level" and self.controls_enabled:
                    if month <= model.month:
                        level = self.export_control_level = int(d.value)
                        self.log("H10", msg("event.regulator.export_controls_level",
                                            name=self.name, level=level, note=note),
                                 "export")
                    else:
                        self.announce_level(int(d.value), month - model.month, note, "H10")
                elif d.action == "tariff":
                    self.tariff_on_imports = d.value
                    self.log("H10", msg("event.regulator.tariff_imported_chips",
                                        name=self.name, value=d.value, note=note), "trade")
                elif d.action == "subsidy":
                    self.subsidy_share = d.value
                    self.log("H10", msg("event.regulator.fab_subsidy_set",
                                        name=self.name, value=d.value, note=note), "trade")
            return
        china_share = model.china_leading_share
        if (self.controls_enabled and self.pending_level is None and self.export_control_level < 4
                and china_share > self.raise_at_china_share):
            self.announce_level(self.export_control_level + 1, self.announce_months,
                                msg("event.regulator.china_reached_leading",
                                    china_share=china_share), "B8")
            # B8: the next raise waits for a larger share (regulator.controls_trigger_*)
            self.raise_at_china_share = min(self._trigger_max,
                                            self.raise_at_china_share * self._trigger_growth)

    def _step_dominance_answer(self) -> None:
        """A8: a country holding more than the threshold of the memory market for
        regulator.dominance_months meets a trade agreement, a sanction tariff and subsidies at
        home (regulator.home_subsidy_after_sanction; rules mode only, unless A8 is off: then
        step_month never calls it)."""
        model = self.model
        for country, share in model.memory_country_shares().items():
            if country == self.country or country in self.sanctions:
                continue
            if share > self.concentration_threshold:
                months = self.concentration_months.get(country, 0) + 1
                self.concentration_months[country] = months
                if months >= self._dominance_months:
                    self.sanctions[country] = self.sanction_tariff
                    self.log(
                        "A8",
                        msg("event.regulator.holds_memory_market",
                            name=self.name, country=country, share=share,
                            sanction_tariff=self.sanction_tariff),
                        "trade",
                    )
                    self.subsidy_share = max(self.subsidy_share, self._home_subsidy)
            else:
                self.concentration_months[country] = 0

    # ------------------------------------------------------------------ answers to dominance (A8)
    def _step_answers(self) -> None:
        """A8: each configured answer reads its market until it is given; the first holder above
        the threshold for the answer's months draws it (once: an answer is a policy, not a
        monthly toll)."""
        pending = self.answers_pending
        for index, answer in pending:
            for holder, share in self.watched_shares(answer.watch).items():
                key = (index, holder)
                if holder == self.country or share <= answer.threshold:
                    self.answer_months[key] = 0
                    continue
                months = self.answer_months.get(key, 0) + 1
                self.answer_months[key] = months
                if months >= answer.months:
                    self.answers_pending = tuple(p for p in pending if p[0] != index)
                    self._answer(answer, holder, share)
                    break

    def watched_shares(self, watch: str) -> dict[str, float]:
        """The shares an answer watches this month: by region of the leading edge's good wafers,
        or the player's share of the world's HBM or leading-edge wafers."""
        model = self.model
        if watch == "leading_edge_region":
            by_region: dict[str, float] = {}
            total = 0.0
            for site in model.foundries:
                good = site.leading_good_wpm
                total += good
                by_region[site.region] = by_region.get(site.region, 0.0) + good
            return {r: g / total for r, g in by_region.items()} if total > 0 else {}
        share = player_hbm_share(model) if watch == "player_hbm" else player_wafer_share(model)
        return {model.firm.name: share} if share is not None else {}

    def _answer(self, answer, holder: str, share: float) -> None:
        """A8: the answer the config gives, carried out and logged."""
        model = self.model
        if answer.response == "subsidise_rivals":
            self.subsidy_share = max(self.subsidy_share, answer.subsidy_share)
            sites = [s for s in model.foundries if s.region == self.country]
            for site in sites:  # grants pay for fabs before orders fill the last one
                site.expand_at = min(site.expand_at, answer.build_ahead_at_utilization)
                site.builds_ahead = True
                site.max_projects += answer.extra_projects
            words = (msg("event.regulator.holds_leading_edge",
                         holder=holder, share=share, subsidy_share=answer.subsidy_share,
                         sites=len(sites)))
        else:
            market = PLAYER_MARKETS[answer.watch]
            model.trade.cap_player(market, answer.cap_share)
            words = (msg("event.regulator.holds_world_s",
                         holder=holder, share=share, market=market, cap_share=answer.cap_share))
        self.answered.append(words)
        self.log("A8", msg("event.regulator.said", name=self.name, words=words), "trade")

    def _step_domestic_tools(self) -> None:
        """Fund domestic tools while the EUV door is shut; when they work,
        the leading edge opens (B8)."""
        model = self.model
        if self.domestic_tools_ready or self.domestic_tools_months <= 0:
            return
        if model.trade.euv_allowed(self.country):
            return
        if self._domestic_target == 0.0:
            # B8: regulator.domestic_tools_time_spread
            spread = self._domestic_spread * self.domestic_tools_months
            draw = model.streams(f"regulator:{self.country}").random()
            self._domestic_target = self.domestic_tools_months + (draw * 2 - 1) * spread
            self.log("B8", msg("event.regulator.funds_domestic_lithography",
                               name=self.name), "export")
        self._domestic_progress += 1.0
        if self._domestic_progress >= self._domestic_target:
            self.domestic_tools_ready = True
            self.log("B8", msg("event.regulator.domestic_tools_now", name=self.name), "export")

    def view(self) -> RegulatorView:
        pending = self.pending_level
        return RegulatorView(
            key=self.key, name=self.name, country=self.country, mode=self.mode,
            export_control_level=self.export_control_level,
            pending=None if pending is None else PendingLevelView(
                level=pending.level, effective_date=self.model.date_of(pending.effective_month)),
            tariff_on_imports=self.tariff_on_imports, subsidy_share=self.subsidy_share,
            sanctions=frozen_map(self.sanctions), domestic_tools_ready=self.domestic_tools_ready,
            answered=tuple(AnswerView(a) for a in self.answered),
        )
