"""The rules every agent decision cites, with the text a student reads and where it comes from.

A = the Texas Terafab article (shared/articles/terafab-55b-texas.md), B = the limiting-factor
interview (shared/articles/terafab-limiting-factor.md), H = industry history from CALIBRATION.md,
F = finance practice (the numbers are game choices, in the world config's `finance`), S = the
world's chance events and R = the rival buyer (game choices, in `shocks` and `rival`).
"""

from __future__ import annotations

from dataclasses import dataclass

from game.i18n import t_or

ARTICLE_A = "550 亿美元,马斯克的「芯片工厂」开始成为现实 (marsbit, 2026-05-08)"
ARTICLE_B = "馬斯克的 TerraFab 構想:當 TSMC 也不夠用的時候 (Dwarkesh Podcast write-up, 2026-02)"
CALIBRATION = "CALIBRATION.md (industry history)"
FINANCE = "finance practice (game choices in configs/world.yaml `finance`)"
SHOCKS = "chance and rivalry (game choices in configs/world.yaml `shocks` and `rival`, issue #15)"


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    text: str
    source: str

    @property
    def shown_title(self) -> str:
        """The title in the player's language (catalog id rule.<id>.title)."""
        return t_or(f"rule.{self.id}.title", self.title)

    @property
    def shown_text(self) -> str:
        """The text in the player's language (catalog id rule.<id>.text)."""
        return t_or(f"rule.{self.id}.text", self.text)


def _rules(*rows: tuple[str, str, str, str]) -> dict[str, Rule]:
    return {r[0]: Rule(*r) for r in rows}


RULES: dict[str, Rule] = _rules(
    ("B1", "Bottlenecks migrate",
     "Power binds first; chips made faster than power is connected wait idle; once power is solved "
     "chip output binds; memory is the last and hardest wall, and DRAM prices spike when it binds.",
     ARTICLE_B),
    ("B2", "Five years to volume",
     "Foundries expand flat out, but a new fab takes about five years from ground-breaking to "
     "high-yield volume. Money cannot compress this.", ARTICLE_B),
    ("B3", "Capacity is booked",
     "Existing foundry capacity is booked by contracts. Prepaying buys priority in allocation, not "
     "faster physics.", ARTICLE_B),
    ("B4", "Own chip generations",
     "AI5 in volume from Q2 2027, AI6 about a year later; each needs foundry capacity.", ARTICLE_B),
    ("B5", "Space compute",
     "Launch capacity ramps toward 1 million tons a year; each ton carries ~100 kW of "
     "solar-powered compute, so chips, not power, then bind.", ARTICLE_B),
    ("B6", "Terafab tools",
     "Buy tools from the five vendors, run them unconventionally to reach volume, then modify them "
     "to raise throughput. Existing foundries cannot partner with capacity they do not have.",
     ARTICLE_B),
    ("B7", "Competent staff",
     "A fab needs competent personnel, not a workforce of PhDs; hiring and learning set the yield "
     "ramp.", ARTICLE_B),
    ("B8", "EUV export controls",
     "Export controls on EUV, not foundry know-how, hold China back; without them China would "
     "reach 2-3 nm; with them it may still reach competitive chips in 3-4 years through "
     "domestic tools.",
     ARTICLE_B),
    ("B9", "Own lithography",
     "Building one's own lithography is possible in principle but unknown: "
     "a long, uncertain R&D bet.",
     ARTICLE_B),
    ("B10", "Limiting-factor method",
     "Gas turbines are limited by blade and vane casting (three suppliers, booked to 2030); solar "
     "by tariffs and land permits; capital when capital is what binds.", ARTICLE_B),
    ("B11", "Edge escapes the power wall",
     "Centralised compute is power-limited; edge compute (cars, robots) charges from the grid's "
     "idle night capacity, so it escapes the power wall.", ARTICLE_B),
    ("A1", "Terafab budget",
     "USD 55 B first phase in Grimes County, Texas; up to USD 119 B if all phases go ahead.",
     ARTICLE_A),
    ("A2", "Vertical integration",
     "Pay yourself instead of the GPU vendor: "
     "design-only (the Apple model) versus making chips too.",
     ARTICLE_A),
    ("A3", "Not before mid-2028",
     "Even optimistically, first Terafab output is no earlier than mid-2028.", ARTICLE_A),
    ("A4", "What a fab needs",
     "An advanced fab needs EUV tools, thousands of engineers, ultrapure water, stable power and "
     "cleanroom discipline; latecomers spend years and tens of billions and still trail.",
     ARTICLE_A),
    ("A5", "Projects slip",
     "Chip projects are underestimated: slow, costly, prone to delay, bound by specialised "
     "machines, skilled labour and stretched supply chains.", ARTICLE_A),
    ("A6", "Compute is capital",
     "Compute is a means of production; leading-edge capacity is locked years ahead; big buyers "
     "design their own chips.", ARTICLE_A),
    ("A7", "Capital and story",
     "Capital can be raised (IPO, equity, debt) and is tied to the story the firm tells.",
     ARTICLE_A),
    ("A8", "Answer to dominance",
     "When one country dominates the chip market (Japan, >50% in the late 1980s) regulators answer "
     "with trade agreements, tariffs and subsidies.", ARTICLE_A),
    ("A9", "Intel's answer",
     "Asked about the Terafab, Intel's CEO said he was excited to explore new ways to rebuild "
     "silicon process technology: a signal of cooperation, and a sign that supply is tight.",
     ARTICLE_A),
    ("H1", "Fab build times by region",
     "Fabs take years, longer in the US than in Taiwan, and US projects slip often "
     "(fab_build_time_avg, fab_total_time_exyte, samsung_taylor_slip).", CALIBRATION),
    ("H2", "Yield ramp",
     "Yields start low on a new node and climb over months (yield_ramp_trial_to_parity).",
     CALIBRATION),
    ("H3", "Memory cycle",
     "Memory makers invest on price with a long build, so DRAM prices boom and bust "
     "(memory_fab_build, dram_price_moves).", CALIBRATION),
    ("H4", "EUV grows slowly",
     "EUV output grows slowly even when demand explodes, so orders wait in the vendor's queue; "
     "each generation costs more (euv_shipments_*, euv_price_*).", CALIBRATION),
    ("H5", "Pull-forward",
     "Export controls announced ahead of time pull purchases forward before they bite "
     "(asml_china_share).", CALIBRATION),
    ("H6", "Ordering rule",
     "Buyers order by anchoring and adjustment and under-weight the supply line, so orders amplify "
     "upstream; rationing makes customers over-order (sterman_*).", CALIBRATION),
    ("H7", "HBM first mover",
     "A first mover in HBM can take the overall DRAM lead (hbm_share_2025Q2).", CALIBRATION),
    ("H8", "Grid and turbines",
     "The grid connects new capacity slowly; turbine lead times stretch under a demand shock "
     "(interconnect_median_wait, turbine_lead_time).", CALIBRATION),
    ("H9", "Scarcity pricing",
     "Sellers price by scarcity: wafer, memory and accelerator prices rise when orders exceed "
     "output and fall in a glut (wafer_price, gpu_price).", CALIBRATION),
    ("H10", "Dated history",
     "In history mode regulators follow real dated decisions (chips_act, tariff_sec232_2026, "
     "us_japan_agreement).", CALIBRATION),
    ("H11", "The 2026 DDR spike",
     "Memory makers moved wafers to HBM through 2025 while AI servers bought more ordinary DRAM: "
     "the campaign opens short of DRAM, and contract prices rose 90-95 % in Q1 2026 "
     "(dram_price_moves, memory_fulfillment_2026).", CALIBRATION),
    ("H12", "HBM lines take time",
     "Memory makers cannot shift to HBM overnight: converting DRAM lines and adding TSV and "
     "stacking lines takes about a year, so an HBM shortage lasts (memory_fab_build, "
     "hbm_wafer_intensity).", CALIBRATION),
    ("F1", "A market for compute",
     "Compute earns what a market for compute pays: a price per EFLOPS-month that falls as the "
     "world's installed compute grows, the player's own included (GPU-hour rental prices).",
     FINANCE),
    ("F2", "The cost of money",
     "Debt pays interest; cash below zero is drawn on a credit line, up to its limit, at a higher "
     "rate.", FINANCE),
    ("F3", "Covenants",
     "Lenders watch net debt against a year's EBITDA and cash against the credit line: a breach "
     "is a warning with months to cure, then accelerators are sold by force, then lenders take "
     "the firm and the campaign ends.", FINANCE),
    ("H13", "The fleet ages",
     "Accelerators retire after a service life of about five years (hyperscalers depreciate "
     "servers over 5-6 years), freeing the power they drew; a car's computer runs about ten.",
     CALIBRATION),
    ("S1", "Taiwan at risk",
     "Most leading-edge wafers come from one island (the 'sacred mountain that protects the "
     "nation', B8's debate): a rare blockade or earthquake takes a share of Taiwan's leading-edge "
     "output offline for months, and every buyer of chips feels it.", SHOCKS),
    ("S2", "Foundry yield excursions",
     "A process excursion at a foundry scraps a share of a node's good dies for a few months "
     "until engineers find the cause (yields start low and fall back: H2). Its buyers start more "
     "wafers for the same chips, so wafer orders jump when one starts and when it ends; where "
     "the node is full, fewer chips are made.", SHOCKS),
    ("S3", "Terafab yield excursions",
     "The Terafab's own process can go wrong too: yield falls and must be learned back.", SHOCKS),
    ("S4", "Interconnection delays",
     "The utility's interconnection studies slip: grid power already requested comes months "
     "later (interconnect_median_wait, H8).", SHOCKS),
    ("S5", "Grid outages",
     "A grid outage darkens the grid-fed part of a data-centre fleet for part of a month: that "
     "compute is neither delivered nor paid for.", SHOCKS),
    ("S6", "Demand surprises",
     "AI demand runs above or below its trend for a while, and the supply chain must follow "
     "(the AI demand shock in CALIBRATION.md's history).", SHOCKS),
    ("S7", "Tariff swings",
     "Trade policy swings: tariffs on imported chips and wafers tighten for a while, then ease "
     "(tariff_sec232_2026).", SHOCKS),
    ("R1", "A rival builds compute",
     "A rival lab or hyperscaler builds its own compute: it books the same foundries' wafers and "
     "the same makers' HBM as the player (A6: big buyers design their own chips).", SHOCKS),
    ("R2", "The rival answers",
     "When the player corners a market (a large share of leading-edge wafers or HBM), the rival "
     "bids more for it, up to a few times its own need, so the shortage and prices rise for "
     "everyone: a little, as the rival is a few per cent of the market.", SHOCKS),
    ("R3", "The rival books turbines",
     "The rival powers its chips too: its turbine orders join the casters' queues (B10).",
     SHOCKS),
    ("R4", "The rival books EUV slots",
     "The rival funds fabs for its own chips: its EUV orders join the litho vendor's queue (H4).",
     SHOCKS),
)


def rule(rule_id: str) -> Rule:
    """The rule with this id (KeyError names the id: every event must cite a known rule)."""
    return RULES[rule_id]
