"""Foundry sites: wafer capacity by node, allocation of scarce wafers, scarcity prices,
and new fabs.

Rules: B2 (expand flat out, but five years to volume), B3 (contracts and prepayment set priority),
A6 (leading-edge capacity locked years ahead: phones and PCs hold their wafers, AI buyers share
what is left), B8 (no EUV, no leading edge), H1/A5 (regional build times and slips), H2 (yield
ramp), H6 (orders extrapolated upstream: bullwhip), H9 (scarcity pricing).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from game.agents.base import SHARE, AgentView, WorldAgent, frozen_map, labelled
from game.i18n import msg
from game.mechanics import fabproject as fp
from game.mechanics.markets import TIER_SPOT, fill_by_tier, scarcity_price

LEADING = ("N2", "N3")


class _UnlockedBuyers:
    """Phones and PCs asking on spot when nothing is locked ahead (A6 switched off)."""

    def receive_wafers(self, site, node, wafers, yield_, price_usd) -> None:
        pass


_UNLOCKED = _UnlockedBuyers()


@dataclass(frozen=True, slots=True)
class FabProjectView:
    """A fab being built or ramping (a foundry's project or a Terafab phase)."""

    node: str = labelled("Node")
    phase: str = labelled("Phase")
    capacity_wpm: float = labelled("Capacity", "wafers/month")
    months_left: int = labelled("Phase time left", "months")
    slipped_months: int = labelled("Slipped", "months")
    yield_share: float = labelled("Yield", SHARE)
    capex_left_busd: float = labelled("Capex left", "USD B")


def project_view(p: fp.FabProject) -> FabProjectView:
    return FabProjectView(
        node=p.node, phase=p.phase, capacity_wpm=p.capacity_wpm,
        months_left=max(0, p.months_left), slipped_months=p.slipped_months,
        yield_share=p.yield_, capex_left_busd=p.capex_left_busd,
    )


@dataclass(frozen=True, slots=True)
class FoundryView(AgentView):
    """A foundry site now: capacity, yield and price by node, its revenue and fabs in the work."""

    company: str = labelled("Company")
    region: str = labelled("Region")
    capacity_wpm: Mapping[str, float] = labelled("Capacity by node", "wafers/month")
    yield_by_node: Mapping[str, float] = labelled("Yield by node", SHARE)
    price_index: Mapping[str, float] = labelled("Wafer price by node", "index, start = 100")
    revenue_busd_month: float = labelled("Revenue", "USD B/month")
    projects: tuple[FabProjectView, ...] = labelled("New fabs")


class FoundrySite(WorldAgent):
    kind = "foundry"
    __slots__ = (  # its state: see game/agents/base.py
        "company", "region", "country", "build_node", "node_follows_trade", "project_wpm",
        "max_projects", "expand_at", "builds_ahead",
        "state_backed", "base_wpm", "base_yield", "projects", "price_index", "requests",
        "leading_good_wpm", "asked_smooth", "asked_trend", "revenue_busd_month", "_list_price_usd",
        "_non_ai_share", "_region", "_install_months", "_base_good_wpm", "capacity_by_node",
        "yield_by_node", "_base_nodes_cap", "_price_rule", "_orders_smoothing", "_trend_smoothing",
        "_horizon_years", "_state_expand_at", "_first_yield", "_ramp", "_new_node_yield",
        "_no_euv_yield", "_duv_per_10k_wpm", "_volume_share", "_slip_dice",
        "non_ai_wpm", "_capacity_locked", "_priority_tiers", "asked_by_node",
        "_wanted", "_node_rank", "_markets", "_project_at_start", "_min_shortfall", "_slip_rule",
    )

    def __init__(self, model, spec) -> None:
        super().__init__(model, spec.id, spec.name)
        self._slip_dice = model.streams(f"foundry:{spec.id}")  # A5: its projects' slips
        self.company = spec.company
        self.region = spec.region
        self.country = "CN" if spec.region == "CN" else spec.region
        self.build_node = spec.build_node
        self.node_follows_trade = spec.node_follows_trade
        self.project_wpm = spec.project_wpm
        self.max_projects = spec.max_projects
        self.expand_at = spec.expand_at_utilization
        self.state_backed = spec.state_backed
        self.builds_ahead = False  # A8: home grants pay for fabs before orders fill the last one
        rules = model.world.agent_rules.foundry  # read once: attributes are faster every month
        # H9 wafer scarcity price: elasticity, adjust, floor, ceiling, and the market's ratio cap
        # (H9 switched off: wafer prices never move from their start)
        self._price_rule = (rules.price_elasticity,
                            rules.price_adjust_per_month if model.rule_on("H9") else 0.0,
                            rules.price_floor_index, rules.price_ceiling_index,
                            model.world.agent_rules.market.scarcity_ratio_max)
        self._orders_smoothing = rules.orders_smoothing_per_month
        self._trend_smoothing = rules.orders_trend_smoothing_per_month
        self._horizon_years = rules.expansion_horizon_years
        self._min_shortfall = rules.min_shortfall_share_of_fab
        self._state_expand_at = rules.state_backed_expand_at_utilization
        self._first_yield = rules.new_fab_first_yield
        self._ramp = rules.new_fab_ramp_per_month
        self._new_node_yield = rules.new_node_mature_yield
        self._no_euv_yield = rules.no_euv_mature_yield
        self._duv_per_10k_wpm = rules.duv_systems_per_10k_wpm
        self._volume_share = model.world.agent_rules.fab_projects.volume_at_share_of_mature_yield
        # capacity already producing, by node: wafers per month and yield (mature base)
        # nodes in one fixed order, so sums never depend on the order keys were written in a file
        self.base_wpm: dict[str, float] = {
            n: spec.capacity_wpm[n] for n in sorted(spec.capacity_wpm)
        }
        unlisted = rules.yield_when_not_given
        self.base_yield: dict[str, float] = {
            n: spec.yield_.get(n, unlisted) for n in self.base_wpm
        }
        self.projects: list[fp.FabProject] = []
        self.price_index: dict[str, float] = {n: 100.0 for n in self.base_wpm}
        # this month's book: node -> list of (customer, tier, wafers asked)
        # a month's asks by node: (customer, tier, wafers, spot wafers)
        self.requests: dict[str, list[tuple[Any, int, float, float]]] = {
            n: [] for n in self.base_wpm}
        self.leading_good_wpm = 0.0  # good wafers started last month at the leading edge (N2, N3)
        self.asked_smooth = sum(self.base_wpm.values())
        self.asked_trend = 0.0
        self.revenue_busd_month = 0.0
        # wafer list prices by node, read once (scarcity moves `price_index`, not these)
        self._list_price_usd = {n: spec.wafer_price_usd for n, spec in model.world.nodes.items()}
        self._non_ai_share = model.world.demand.non_ai_leading_share
        # A6: phones and PCs locked this many leading-edge wafers years ahead (a share of the
        # starting capacity: demand.non_ai_leading_share); AI buyers share the rest
        self.non_ai_wpm = {n: (w * self._non_ai_share if n in LEADING else 0.0)
                           for n, w in self.base_wpm.items()}
        self._capacity_locked = model.rule_on("A6")
        self._priority_tiers = model.rule_on("B3")
        # AI demand booked by node (H6-smoothed): with the locked wafers, what expansion
        # compares with capacity per node
        self.asked_by_node = {n: 0.0 for n in self.base_wpm}
        self._wanted: dict[str, float] = {}  # this month: wafers wanted at nodes the site lacks
        self._node_rank = {n: spec.pflops_factor for n, spec in model.world.nodes.items()}
        # H1: the region's build time and slips; switched off, every region builds like Taiwan
        self._region = model.world.regions[spec.region if model.rule_on("H1") else "TW"]
        # A5: its region's slip odds a month and months a slip costs, read once (a monthly read
        # of the pydantic config costs about ten plain ones)
        self._slip_rule = (self._region.slip_prob_per_month, self._region.slip_months)
        self._install_months = model.world.terafab.tool_install_months
        self._refresh_base()
        # a fab already under construction when the campaign opens (its tools are ordered once
        # the tool makers exist: at the first expansion review)
        self._project_at_start = spec.project_at_start

    def _refresh_base(self) -> None:
        """Good wafers of the mature base by node (changes only when a fab joins it), then
        capacity and yield."""
        self._base_good_wpm = {n: w * self.base_yield[n] for n, w in self.base_wpm.items()}
        self.refresh()

    # ------------------------------------------------------------------ capacity
    def refresh(self) -> None:
        """Recompute capacity by node (when a fab starts producing or joins the base), then
        yield."""
        cap = dict(self.base_wpm)
        for p in self.projects:
            if p.phase in fp.PRODUCING:
                cap[p.node] = cap.get(p.node, 0.0) + p.capacity_wpm
        self.capacity_by_node = cap
        # capacity at the base's nodes: what expansion decisions compare orders with
        base_nodes_cap = 0.0
        for node in self.base_wpm:
            base_nodes_cap += cap[node]
        self._base_nodes_cap = base_nodes_cap
        # the month's market at each node of the base (book order), as this capacity leaves it:
        # what allocation reads every month. A6: phones and PCs hold their wafers (at most the
        # node's capacity) ahead of the AI book; with A6 off they ask on spot instead
        locked = self._capacity_locked
        markets = []
        for node, book in self.requests.items():
            node_cap = cap[node]
            phones_wpm = self.non_ai_wpm[node]
            if phones_wpm > node_cap:
                phones_wpm = node_cap
            if locked:
                markets.append((node, book, self._list_price_usd[node], node_cap,
                                node_cap - phones_wpm, phones_wpm, 0.0, node in LEADING))
            else:
                markets.append((node, book, self._list_price_usd[node], node_cap,
                                node_cap, 0.0, phones_wpm, node in LEADING))
        self._markets = tuple(markets)
        self._refresh_yields()

    def _refresh_yields(self) -> None:
        """Yield by node, weighted over mature and ramping capacity (monthly while a fab ramps)."""
        good = dict(self._base_good_wpm)
        for p in self.projects:
            if p.phase in fp.PRODUCING:
                good[p.node] = good.get(p.node, 0.0) + p.capacity_wpm * p.yield_
        self.yield_by_node = {
            n: (good[n] / c if c > 0 else 0.0) for n, c in self.capacity_by_node.items()
        }

    def capacity(self, node: str) -> float:
        """Wafer starts per month at `node`: the base plus projects that are producing."""
        return self.capacity_by_node.get(node, 0.0)

    def yield_at(self, node: str) -> float:
        """Share of good dies at `node`, weighted over mature and ramping capacity (H2)."""
        return self.yield_by_node.get(node, 0.0)

    def capacity_in_build(self) -> float:
        """Wafer starts per month of the fabs not producing yet."""
        building = 0.0
        for p in self.projects:
            if p.phase not in fp.PRODUCING:
                building += p.capacity_wpm
        return building

    def runs(self, node: str) -> bool:
        return self.capacity(node) > 0.0

    def wafer_price_usd(self, node: str) -> float:
        return self._list_price_usd[node] * self.price_index.get(node, 100.0) / 100.0

    # ------------------------------------------------------------------ the month
    def request(self, node: str, customer: object, tier: int, wafers: float,
                spot_wafers: float = 0.0) -> None:
        """Ask for wafer starts this month, `wafers` at `tier` and `spot_wafers` on spot;
        answered by `allocate_wafers` via customer.receive_wafers."""
        book = self.requests.get(node)
        if book is not None and wafers + spot_wafers > 0.0:
            book.append((customer, tier, wafers, spot_wafers))

    def note_wanted(self, wanted: str, running: str, wafers: float) -> None:
        """A buyer wanted `wanted` here but the site runs only `running` for it this month: the
        wafers count as booked demand at `wanted` when the site decides what to build."""
        book = self._wanted
        book[wanted] = book.get(wanted, 0.0) + wafers
        book[running] = book.get(running, 0.0) - wafers

    def allocate_wafers(self) -> None:
        """Contracts first, prepaid first among them, spot last; ration pro-rata when short (B3)."""
        asked_by_node, smoothing = self.asked_by_node, self._orders_smoothing
        wanted = self._wanted
        asked_total = revenue = leading_good = 0.0
        yield_by_node, price_index, price_rule = \
            self.yield_by_node, self.price_index, self._price_rule
        # A6: phones and PCs hold long contracts on the leading edge (`non_ai_wpm`, not in the AI
        # book, which shares `ai_cap`); with A6 off they ask on spot (`unlocked_wpm`)
        for node, book, list_price, cap, ai_cap, non_ai_wpm, unlocked_wpm, leading \
                in self._markets:
            if cap <= 0.0 and not book:
                continue  # a node not built yet: nothing to sell, its price stays at list
            if unlocked_wpm > 0.0:
                book.append((_UNLOCKED, TIER_SPOT, 0.0, unlocked_wpm))
            y = yield_by_node[node]
            index = price_index[node]
            price = list_price * index / 100.0
            asked = 0.0
            if book:
                for line in book:
                    asked += line[2] + line[3]
                if asked <= ai_cap:  # enough for all (half the months): each gets all it asked,
                    for customer, _, wafers, spot in book:  # and the site starts all asked
                        customer.receive_wafers(self, node, wafers + spot, y, price)
                    started = asked + non_ai_wpm
                else:
                    started = non_ai_wpm + self._ration(node, book, ai_cap, asked, y, price)
                book.clear()
            else:
                started = non_ai_wpm
            booked = asked + non_ai_wpm
            asked_total += booked
            # AI demand booked at this node (A6, H6), smoothed: what the site weighs when it builds
            if wanted:
                asked += wanted.pop(node, 0.0)
            asked_by_node[node] += smoothing * (asked - asked_by_node[node])
            if leading:
                leading_good += started * y
            revenue += started * price
            # H9 (foundry.price_* in agent_rules): the node's price reads everything booked on
            # it, locked wafers too, against all its capacity
            price_index[node] = scarcity_price(index, booked + 1e-9, cap + 1e-9, *price_rule)
        if wanted:  # wanted at a node the site has no book for (e.g. not built here yet)
            for node, wafers in wanted.items():
                asked_by_node[node] = asked_by_node.get(node, 0.0) + smoothing * (
                    wafers - asked_by_node.get(node, 0.0))
            wanted.clear()
        self.leading_good_wpm = leading_good
        self.revenue_busd_month = revenue / 1e9
        # H6: orders and their growth, smoothed (foundry.orders_*smoothing_per_month)
        previous = self.asked_smooth
        smooth = self.asked_smooth = previous + smoothing * (asked_total - previous)
        growth = (smooth - previous) / previous if previous > 0 else 0.0
        self.asked_trend += self._trend_smoothing * (growth - self.asked_trend)

    def _ration(self, node: str, book, ai_cap: float, asked: float, y: float,
                price: float) -> float:
        """A node short this month (B3): each tier's share of what it asked (all pro-rata with B3
        off); returns the wafers started."""
        fill = fill_by_tier(ai_cap, book) if self._priority_tiers else (ai_cap / asked,) * 4
        spot_fill = fill[TIER_SPOT]
        started = 0.0
        for customer, tier, wafers, spot in book:
            granted = wafers * fill[tier] + spot * spot_fill
            if granted > 0.0:
                customer.receive_wafers(self, node, granted, y, price)
                started += granted
        return started

    def advance_projects(self) -> None:
        """Move every fab project on a month (H1 durations, A5 slips, H2 yield ramp)."""
        if not self.projects:
            return  # capacity is the mature base, as last refreshed
        model = self.model
        month, draw = model.month, self._slip_dice.random
        slip_prob, slip_months = self._slip_rule
        finished = []
        producing = started = False
        for p in self.projects:
            change = p.advance(month, draw, slip_prob, slip_months, self._install_months,
                               self._volume_share)
            producing = producing or p.phase in fp.PRODUCING
            if change is None:
                continue
            if change == fp.CONSTRUCTION:
                self.log("H1", msg("event.foundry.permits_granted_fab",
                                   name=self.name, node=p.node, months_left=p.months_left,
                                   region=self.region), "fab")
            elif change == "slip":
                self.log("A5", msg("event.foundry.fab_slipped_months",
                                   name=self.name, node=p.node, slip_months=slip_months,
                                   slipped_months=p.slipped_months), "fab")
            elif change == fp.TOOLS:
                self.log(
                    "A4", msg("event.foundry.fab_shell_built", name=self.name, node=p.node), "fab"
                )
            elif change == fp.RAMP:
                started = True
                self.log("H2", msg("event.foundry.first_wafers_from",
                                   name=self.name, node=p.node, capacity_wpm=p.capacity_wpm,
                                   yield_=p.yield_), "fab")
            elif change == fp.VOLUME:
                self.log("B2", msg("event.foundry.fab_reached_volume",
                                   name=self.name, node=p.node,
                                   months=model.month - p.started_month), "fab")
                finished.append(p)
        for p in finished:  # a fab at volume joins the mature base
            node = p.node
            base = self.base_wpm.get(node, 0.0)
            y0 = self.base_yield.get(node, p.yield_)
            self.base_wpm[node] = base + p.capacity_wpm
            self.base_yield[node] = (base * y0 + p.capacity_wpm * p.yield_) / (
                base + p.capacity_wpm
            )
            self.price_index.setdefault(node, 100.0)
            self.requests.setdefault(node, [])
            self.non_ai_wpm.setdefault(node, 0.0)
            self.projects.remove(p)
        # capacity changes when a fab starts producing or joins the base; a ramping fab moves
        # only the yield
        if finished:
            self._refresh_base()
        elif started:
            self.refresh()
        elif producing:
            self._refresh_yields()

    def decide_expansion(self) -> None:
        """Start a new fab of the node whose booked demand, extrapolated on the orders' trend,
        most outruns its capacity built and building (B2, H6, A6)."""
        if self._project_at_start is not None:
            self._open_project_at_start()
        if len(self.projects) >= self.max_projects:
            return
        trend = self.asked_trend if self.asked_trend > 0.0 else 0.0  # growth only
        # H6: orders extrapolated foundry.expansion_horizon_years ahead on their trend
        ahead = 1.0 + trend * 12.0 * self._horizon_years
        # a state-backed foundry builds ahead of orders (subsidised: B8, A8;
        # foundry.state_backed_expand_at_utilization)
        threshold = self._state_expand_at if self.state_backed else self.expand_at
        if self.asked_smooth * ahead < threshold * self._base_nodes_cap:
            return  # orders stay below what already runs, whatever is being built
        model = self.model
        newest = model.trade.buildable_node(self)
        if newest is None:
            return
        if self.state_backed or self.builds_ahead:  # B8/A8: subsidised fabs are built ahead
            total_cap = self._base_nodes_cap + self.capacity_in_build()
            projected = self.asked_smooth * ahead
            if total_cap > 0 and projected < threshold * total_cap:
                return
            self._break_ground(newest, projected, total_cap)
            return
        # A6: the node most short of its booked demand, among those the site may build
        rank = self._node_rank
        top = rank[newest]
        cap, locked = self.capacity_by_node, self.non_ai_wpm
        # a shortfall worth a fab: foundry.min_shortfall_share_of_fab of one
        best, best_gap = None, self._min_shortfall * self.project_wpm
        best_projected = best_cap = 0.0
        building: dict[str, float] = {}
        for p in self.projects:
            if p.phase not in fp.PRODUCING:
                building[p.node] = building.get(p.node, 0.0) + p.capacity_wpm
        for node, booked in self.asked_by_node.items():
            if rank[node] > top:
                continue
            built = cap.get(node, 0.0) + building.get(node, 0.0)
            # the locked wafers as they are, the AI book extrapolated on the trend (H6)
            projected = locked.get(node, 0.0) + booked * ahead
            gap = projected - threshold * built
            if gap > best_gap:
                best, best_gap, best_projected, best_cap = node, gap, projected, built
        if best is not None:
            self._break_ground(best, best_projected, best_cap)

    def _open_project_at_start(self) -> None:
        """The fab this site was building before the campaign opened (A5: already late)."""
        start, self._project_at_start = self._project_at_start, None
        project = self._start_project(start.node, start.capacity_wpm, fp.CONSTRUCTION,
                                      start.build_months_left)
        project.slipped_months = start.slipped_months
        project.started_month = self.model.month_of(start.broke_ground)
        self.log("A5", msg("event.foundry.wpm_fab_still",
                           name=self.name, capacity_wpm=start.capacity_wpm, node=start.node,
                           slipped_months=start.slipped_months,
                           build_months_left=start.build_months_left), "fab")

    def _break_ground(self, node: str, projected_wpm: float, capacity_wpm: float) -> None:
        if self.model.rule_on("B2"):
            project = self._start_project(node, self.project_wpm, fp.PERMITS,
                                          self._region.permit_months)
        else:  # B2 off: money compresses time: no permits, no construction, only tools and ramp
            project = self._start_project(node, self.project_wpm, fp.CONSTRUCTION, 1)
        if capacity_wpm > 0:
            why = (msg("event.foundry.orders_booked_ahead",
                       booked_share=projected_wpm / capacity_wpm, node=node))
        else:
            why = msg("event.foundry.wpm_booked_ahead", projected_wpm=projected_wpm, node=node)
        self.log("B2", msg("event.foundry.broke_ground_wpm",
                           name=self.name, capacity_wpm=project.capacity_wpm, node=node,
                           why=why), "fab")

    def _start_project(self, node: str, capacity_wpm: float, phase: str,
                       months_left: int) -> fp.FabProject:
        """A new fab project with its tools ordered; it takes the region's build time (H1)."""
        model = self.model
        spec = model.world.nodes[node]
        # H2: a node the site runs matures at its yield, a new one at foundry.new_node_mature_yield
        new_node = self._new_node_yield
        yield_mature = (self.base_yield.get(node, new_node) if self.base_wpm.get(node, 0) > 0
                        else new_node)
        if node in LEADING and not model.trade.euv_allowed(self.country):
            # B8: without EUV the leading edge comes at low yield (foundry.no_euv_mature_yield)
            yield_mature = self._no_euv_yield
        project = fp.FabProject(  # H2: foundry.new_fab_first_yield, new_fab_ramp_per_month
            owner=self.key, site=self.key, node=node, capacity_wpm=capacity_wpm,
            phase=phase, months_left=max(1, months_left), started_month=model.month,
            # H2 off: a new fab's first wafers come at its mature yield
            yield_=self._first_yield if model.rule_on("H2") else yield_mature,
            yield_mature=yield_mature, ramp_rate=self._ramp,
            build_months=self._region.build_months)  # H1: regions.*.build_months
        units = capacity_wpm / 10000.0
        if spec.needs_euv and not model.trade.domestic_tools(self):
            euv = round(spec.euv_per_10k_wpm * units)
            if euv > 0:
                project.tickets.append(model.litho.order_euv(self, euv))
                model.orders_euv_month += euv
        elif not spec.needs_euv:
            duv = self._duv_per_10k_wpm * units  # foundry.duv_systems_per_10k_wpm
            project.tickets.append(model.litho.order_duv(self, duv))
        if not model.trade.domestic_tools(self):
            for vendor in model.tool_vendors:
                project.tickets.append(vendor.order_sets(self, units))
        self.projects.append(project)
        return project

    def view(self) -> FoundryView:
        return FoundryView(
            key=self.key, name=self.name, company=self.company, region=self.region,
            capacity_wpm=frozen_map((n, self.capacity(n)) for n in self.base_wpm),
            yield_by_node=frozen_map((n, self.yield_at(n)) for n in self.base_wpm),
            price_index=frozen_map(self.price_index),
            revenue_busd_month=self.revenue_busd_month,
            projects=tuple(project_view(p) for p in self.projects),
        )
