"""Every change a player or a policy makes is one of these commands: small frozen records.

The rules that check and carry out each command live with the player's firm
(game/agents/commands/); a command here is only what was asked. Field metadata lets a
screen build a form for any command: `label`, `unit`, `help`, `min`/`max`, and `choices` (the
name of a list the session can give).
"""

from __future__ import annotations

from dataclasses import MISSING, asdict, dataclass, field, fields
from typing import Any, ClassVar

from game.domain.errors import SaveError
from game.i18n import msg


def _f(default: Any, label: str, unit: str = "", help: str = "", lo: float | None = None,
       hi: float | None = None, choices: str | None = None) -> Any:
    meta = {"label": label, "unit": unit, "help": help, "min": lo, "max": hi, "choices": choices}
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Command:
    """Base of every command: `name` is its key in COMMANDS;
    `rule` the rule it mostly acts under."""

    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    rule: ClassVar[str] = ""  # every command names its own (tests/test_rule_coverage.py)
    group: ClassVar[str] = ""

    def to_dict(self) -> dict[str, Any]:
        return {"command": self.name, **asdict(self)}


@dataclass(frozen=True)
class BookFoundryCapacity(Command):
    name: ClassVar[str] = "book_foundry"
    title: ClassVar[str] = "Book foundry capacity"
    rule: ClassVar[str] = "B3"
    group: ClassVar[str] = "supply"
    site: str = _f("tsmc-hsinchu", "Foundry site", choices="foundry_sites",
                   help="Existing capacity is booked years ahead; you get what is left.")
    wafers_per_month: int = _f(5000, "Wafers a month", "wpm", lo=100, hi=200000)
    months: int = _f(24, "Contract length", "months", lo=6, hi=120)
    prepay: bool = _f(False, "Prepay",
                      help="Prepaying buys priority in allocation, not faster physics.")


@dataclass(frozen=True)
class BuyAccelerators(Command):
    name: ClassVar[str] = "buy_accelerators"
    title: ClassVar[str] = "Buy accelerators from a GPU vendor"
    rule: ClassVar[str] = "A2"
    group: ClassVar[str] = "supply"
    vendor: str = _f("nvidia", "Vendor", choices="merchant_vendors")
    units: int = _f(50000, "Accelerators", "units", lo=1000, hi=5000000)


@dataclass(frozen=True)
class BookMemory(Command):
    name: ClassVar[str] = "book_memory"
    title: ClassVar[str] = "Book HBM supply"
    rule: ClassVar[str] = "B1"
    group: ClassVar[str] = "memory"
    maker: str = _f("skhynix", "Memory maker", choices="memory_makers")
    stacks_per_month: int = _f(200000, "HBM stacks a month", "stacks", lo=1000, hi=50000000)
    months: int = _f(24, "Contract length", "months", lo=6, hi=120)


@dataclass(frozen=True)
class FundChipGeneration(Command):
    name: ClassVar[str] = "fund_chip"
    title: ClassVar[str] = "Fund a chip generation"
    rule: ClassVar[str] = "B4"
    group: ClassVar[str] = "chips"
    generation: str = _f("AI5", "Generation", choices="chip_generations")


@dataclass(frozen=True)
class SignIntelPartnership(Command):
    name: ClassVar[str] = "intel_partner"
    title: ClassVar[str] = "Sign with Intel as a foundry partner"
    rule: ClassVar[str] = "A9"
    group: ClassVar[str] = "supply"
    offer: str = _f("18a-arizona", "Intel's offer", choices="intel_offers",
                    help="Co-fund a line at an Intel fab; its wafers are yours first.")
    wafers_per_month: int = _f(10000, "Wafers a month", "wpm", lo=1000, hi=100000)
    months: int = _f(36, "Contract length", "months", lo=12, hi=120)


@dataclass(frozen=True)
class StartTerafab(Command):
    name: ClassVar[str] = "start_terafab"
    title: ClassVar[str] = "Start the Terafab: pick a site and file permits"
    rule: ClassVar[str] = "A1"
    group: ClassVar[str] = "terafab"
    site: str = _f("grimes-county", "Site", choices="terafab_sites")


@dataclass(frozen=True)
class FundTerafabPhase(Command):
    name: ClassVar[str] = "fund_phase"
    title: ClassVar[str] = "Fund the next Terafab phase"
    rule: ClassVar[str] = "A1"
    group: ClassVar[str] = "terafab"


@dataclass(frozen=True)
class OrderTools(Command):
    name: ClassVar[str] = "order_tools"
    title: ClassVar[str] = "Order fab tools"
    rule: ClassVar[str] = "B6"
    group: ClassVar[str] = "terafab"
    vendor: str = _f("asml", "Vendor", choices="tool_vendors",
                     help="EUV systems from the lithography vendor; "
                          "tool sets (for 10k wpm) from the others.")
    quantity: int = _f(10, "Quantity", "systems or sets", lo=1, hi=500)


@dataclass(frozen=True)
class HireStaff(Command):
    name: ClassVar[str] = "hire_staff"
    title: ClassVar[str] = "Hire fab staff"
    rule: ClassVar[str] = "B7"
    group: ClassVar[str] = "terafab"
    people: int = _f(2000, "People", "staff", lo=10, hi=100000)


@dataclass(frozen=True)
class ModifyTools(Command):
    name: ClassVar[str] = "modify_tools"
    title: ClassVar[str] = "Invest in tool modification"
    rule: ClassVar[str] = "B6"
    group: ClassVar[str] = "terafab"
    busd: float = _f(2.0, "Investment", "USD B", lo=0.1, hi=50.0)


@dataclass(frozen=True)
class SetLithographyBet(Command):
    name: ClassVar[str] = "litho_bet"
    title: ClassVar[str] = "Start or stop the own-lithography bet"
    rule: ClassVar[str] = "B9"
    group: ClassVar[str] = "terafab"
    active: bool = _f(True, "Fund it", help="A long, uncertain R&D bet paid every month.")


@dataclass(frozen=True)
class RequestGrid(Command):
    name: ClassVar[str] = "request_grid"
    title: ClassVar[str] = "Request a grid connection"
    rule: ClassVar[str] = "H8"
    group: ClassVar[str] = "power"
    gw: float = _f(1.0, "Power", "GW", lo=0.1, hi=20.0)


@dataclass(frozen=True)
class OrderTurbines(Command):
    name: ClassVar[str] = "order_turbines"
    title: ClassVar[str] = "Order gas turbines"
    rule: ClassVar[str] = "B10"
    group: ClassVar[str] = "power"
    gw: float = _f(1.0, "Power", "GW", lo=0.1, hi=30.0)


@dataclass(frozen=True)
class BuildSolar(Command):
    name: ClassVar[str] = "build_solar"
    title: ClassVar[str] = "Build solar with storage"
    rule: ClassVar[str] = "B10"
    group: ClassVar[str] = "power"
    gw: float = _f(1.0, "Firm power", "GW", lo=0.1, hi=50.0)


@dataclass(frozen=True)
class LaunchSpaceSolar(Command):
    name: ClassVar[str] = "launch_space"
    title: ClassVar[str] = "Launch space solar compute"
    rule: ClassVar[str] = "B5"
    group: ClassVar[str] = "power"
    gw: float = _f(1.0, "Power in orbit", "GW", lo=0.1, hi=200.0)


@dataclass(frozen=True)
class SetEdgeShare(Command):
    name: ClassVar[str] = "edge_share"
    title: ClassVar[str] = "Send own chips to cars and robots"
    rule: ClassVar[str] = "B11"
    group: ClassVar[str] = "power"
    share: float = _f(0.3, "Share of own chips", "0-1", lo=0.0, hi=1.0,
                      help="Edge devices charge at night: they escape the power wall.")


@dataclass(frozen=True)
class RaiseCapital(Command):
    name: ClassVar[str] = "raise_capital"
    title: ClassVar[str] = "Raise capital"
    rule: ClassVar[str] = "A7"
    group: ClassVar[str] = "capital"
    kind: str = _f("debt", "Kind", choices="capital_kinds", help="IPO (once), equity or debt.")
    busd: float = _f(10.0, "Amount", "USD B", lo=0.5, hi=200.0)


@dataclass(frozen=True)
class RepayDebt(Command):
    name: ClassVar[str] = "repay_debt"
    title: ClassVar[str] = "Repay debt"
    rule: ClassVar[str] = "A7"
    group: ClassVar[str] = "capital"
    busd: float = _f(5.0, "Amount", "USD B", lo=0.1, hi=500.0)


COMMANDS: dict[str, type[Command]] = {
    c.name: c for c in (
        BookFoundryCapacity, BuyAccelerators, BookMemory, FundChipGeneration,
        SignIntelPartnership, StartTerafab,
        FundTerafabPhase, OrderTools, HireStaff, ModifyTools, SetLithographyBet, RequestGrid,
        OrderTurbines, BuildSolar, LaunchSpaceSolar, SetEdgeShare, RaiseCapital, RepayDebt)
}


def command_fields(cls: type[Command]) -> list[dict[str, Any]]:
    """The form of a command: name, type, default and metadata of each field, in order."""
    out = []
    for f in fields(cls):
        default = f.default if f.default is not MISSING else None
        out.append(
            {"name": f.name, "type": type(default).__name__, "default": default, **f.metadata}
        )
    return out


def command_from_dict(data: dict[str, Any]) -> Command:
    """Rebuild a command from its dict form (saves, command logs); SaveError if it is not one."""
    if not isinstance(data, dict) or data.get("command") not in COMMANDS:
        raise SaveError(msg("errors.log.not_a_command", data=format(repr(data), ".80")))
    cls = COMMANDS[data["command"]]
    kwargs = {}
    for f in fields(cls):
        if f.name in data:
            value = data[f.name]
            kind = type(f.default)
            if kind is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                raise SaveError(msg("errors.log.field_kind", command=cls.name, field=f.name,
                                    kind=kind.__name__, got=format(repr(value), ".40")))
            kwargs[f.name] = value
    unknown = set(data) - {f.name for f in fields(cls)} - {"command"}
    if unknown:
        raise SaveError(msg("errors.log.unknown_field", command=cls.name,
                            field=sorted(unknown)[0]))
    return cls(**kwargs)
