"""An order book for scarce machines (EUV, DUV, tool sets): FIFO, a monthly output, a minimum lead
time, and an export check at shipping (export rules only ever hold orders for China, B8). Vendors
own one each; buyers hold tickets."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Ticket:
    """An order: `remaining` units still to ship to `buyer` (a country code for export checks)."""

    buyer: str
    country: str
    ordered: float
    remaining: float
    ready_month: int  # earliest month it may ship (order month + minimum lead time)
    shipped: float = 0.0

    @property
    def done(self) -> bool:
        return self.remaining <= 1e-9


class ToolQueue:
    """Units per month ship in order;
    a ticket whose export check fails waits (held), others pass."""

    __slots__ = ("units_per_month", "min_lead_months", "whole_units", "tickets", "credit",
                 "shipped_month", "shipped_by_country_month", "shipped_total", "backlog")

    def __init__(self, units_per_month: float, min_lead_months: int, whole_units: bool) -> None:
        self.units_per_month = units_per_month
        self.whole_units = whole_units  # machines ship whole; tool sets may ship in part
        self.min_lead_months = min_lead_months
        self.tickets: list[Ticket] = []
        self.credit = 0.0
        self.shipped_month = 0.0
        self.shipped_by_country_month: dict[str, float] = {}
        self.shipped_total = 0.0
        self.backlog = 0.0  # units ordered and not yet shipped (the sum of tickets' remaining)

    def order(self, buyer: str, country: str, units: float, month: int) -> Ticket:
        ticket = Ticket(buyer, country, units, units, month + self.min_lead_months)
        self.tickets.append(ticket)
        self.backlog += units
        return ticket

    def lead_time_months(self, month: int) -> float:
        """Months a new order would wait:
        the queue ahead of it at today's output, or the minimum."""
        if self.units_per_month <= 0:
            return 999.0
        return max(float(self.min_lead_months), self.backlog / self.units_per_month)

    def ship(self, month: int, held_country: str | None) -> None:
        """Ship this month's output in order; orders for `held_country` wait (the vendor's
        export check this month fails for it), others pass them. Every vendor's queue ships
        every month, so the loop keeps what it reads and writes in locals."""
        per_month = self.units_per_month
        credit = self.credit + per_month
        # output unused for lack of orders is not banked beyond a month's (and one machine)
        cap = per_month + (1.0 if self.whole_units else 0.0)
        tickets = self.tickets
        if not tickets:  # nothing ordered
            self.credit = cap if cap < credit else credit
            self.shipped_month = 0.0
            self.shipped_by_country_month = {}
            return
        shipped = 0.0
        by_country: dict[str, float] = {}
        whole = self.whole_units
        finished = False
        scanned = len(tickets)  # tickets from here on were not reached this month
        for i, ticket in enumerate(tickets):
            if credit < 1e-9 or ticket.ready_month > month:
                scanned = i  # out of output, or (tickets in order of ready month) the rest wait
                break
            remaining = ticket.remaining
            country = ticket.country
            if remaining <= 1e-9 or country == held_country:
                continue  # done behind a held order, or held
            units = credit if credit < remaining else remaining  # min() spelled out
            if whole:
                units = float(int(units + 1e-9))
                if units < 1.0:
                    scanned = i
                    break
            remaining = ticket.remaining = remaining - units
            ticket.shipped += units
            if remaining <= 1e-9:
                finished = True
            credit -= units
            shipped += units
            by_country[country] = by_country[country] + units if country in by_country else units
        self.credit = cap if credit > cap else credit
        self.shipped_month = shipped
        self.shipped_by_country_month = by_country
        self.shipped_total += shipped
        self.backlog -= shipped
        if finished:  # drop the done ones (all among the tickets reached)
            self.tickets = [t for t in tickets[:scanned] if t.remaining > 1e-9] + tickets[scanned:]
