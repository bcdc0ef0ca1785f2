# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Where an order stands in the chain signed → delivered → invoiced →
collected, from its ledger events alone.

Pure arithmetic on plain values (dates, amounts in the order currency): the
ORM gathers the events of many orders in one query and writes the results.
"""

import datetime as dt
from dataclasses import dataclass

SIGNED = "signed"
IN_DELIVERY = "in_delivery"
TO_INVOICE = "to_invoice"
INVOICED = "invoiced"
COLLECTED = "collected"
STAGES = [SIGNED, IN_DELIVERY, TO_INVOICE, INVOICED, COLLECTED]

# Who owns the next move at each stage.
OWNER_ROLE = {
    SIGNED: "salesperson",
    IN_DELIVERY: "project_manager",
    TO_INVOICE: "project_manager",
    INVOICED: "collections",
    COLLECTED: None,
}

DELIVERED = "delivered"
INVOICED_EVENT = "invoiced"
COLLECTED_EVENT = "collected"


@dataclass
class Totals:
    signed: float = 0.0
    delivered: float = 0.0
    invoiced: float = 0.0
    collected: float = 0.0

    @property
    def to_invoice(self):
        return max(self.delivered - self.invoiced, 0.0)

    @property
    def due(self):
        return max(self.invoiced - self.collected, 0.0)


def stage_of(totals, tolerance=0.005):
    """The stage of an order from its cumulated amounts.

    Billing comes first (work delivered and not invoiced is the leak this
    suite exists for), then collection, then delivery.
    """
    if totals.delivered - totals.invoiced > tolerance:
        return TO_INVOICE
    if totals.invoiced - totals.collected > tolerance:
        return INVOICED
    if totals.delivered <= tolerance:
        return SIGNED
    if totals.signed - totals.delivered > tolerance:
        return IN_DELIVERY
    return COLLECTED


def stage_timeline(signed_on, signed_amount, events, tolerance=0.005):
    """Replay an order's events day by day.

    ``events``: iterable of ``(date, kind, amount)`` with kind one of
    ``delivered``, ``invoiced``, ``collected`` (amounts in the order
    currency, negative for credit notes). Returns ``(totals, stage, since)``:
    the totals after the last event, the current stage and the day the
    order entered it.
    """
    totals = Totals(signed=signed_amount)
    stage, since = SIGNED, signed_on
    by_day = {}
    for day, kind, amount in events:
        by_day.setdefault(day, []).append((kind, amount))
    for day in sorted(by_day):
        for kind, amount in by_day[day]:
            if kind == DELIVERED:
                totals.delivered += amount
            elif kind == INVOICED_EVENT:
                totals.invoiced += amount
            elif kind == COLLECTED_EVENT:
                totals.collected += amount
            else:
                raise ValueError(f"unknown ledger event kind: {kind}")
        new_stage = stage_of(totals, tolerance)
        if new_stage != stage:
            stage, since = new_stage, max(day, signed_on) if signed_on else day
    return totals, stage, since


def split_at(events, today):
    """Events dated up to ``today`` (the only ones that count today), and
    the first later day an event is dated (work entered ahead of time, an
    invoice dated ahead), or None: the day the order must be looked at
    again. ``events``: iterable of tuples whose first item is a date."""
    past, next_day = [], None
    for event in events:
        if event[0] <= today:
            past.append(event)
        elif next_day is None or event[0] < next_day:
            next_day = event[0]
    return past, next_day


def days_in_stage(since, today):
    return max((today - since).days, 0) if since else 0


def is_stuck(stage, since, today, thresholds):
    """Stuck: longer in its stage than the company allows for that stage.
    ``thresholds`` maps a stage to a number of days; stages without a
    threshold (collected) are never stuck."""
    limit = thresholds.get(stage)
    return bool(limit) and since is not None and days_in_stage(since, today) > limit


def stuck_since_before(today, limit):
    """Orders entered in a stage before this day are stuck for ``limit``."""
    return today - dt.timedelta(days=limit)
