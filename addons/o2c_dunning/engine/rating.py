# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Customer payment rating A–D and predicted payment dates: pure Python.

Four criteria, each graded A to D against three limits (the most a grade
allows); the customer's rating is its worst grade, so that the explanation
is simply the criteria that pulled it down.
"""

import datetime as dt
from dataclasses import dataclass, field

GRADES = "ABCD"

DAYS_LATE = "days_late"
LATE_SHARE = "late_share"
CREDIT_USE = "credit_use"
DISPUTES = "disputes"

# Limits (A, B, C): a value up to the A limit grades A, up to B grades B...
DEFAULT_LIMITS = {
    DAYS_LATE: (5, 15, 45),  # value-weighted average days late
    LATE_SHARE: (20, 40, 70),  # % of invoices paid (or still open) late
    CREDIT_USE: (25, 50, 100),  # overdue amount, % of the credit limit
    DISPUTES: (0, 1, 3),  # disputes opened over the last 12 months
}


@dataclass
class History:
    """What a customer did over the last 12 months, in company currency.

    ``invoices``: (amount, days late) of each invoice due in the period,
    paid (days from due date to payment) or still open (days late so far).
    """

    invoices: list = field(default_factory=list)
    overdue: float = 0.0
    credit_limit: float = 0.0
    disputes: int = 0


def grade(value, limits):
    for letter, limit in zip(GRADES, limits, strict=False):
        if value <= limit:
            return letter
    return GRADES[-1]


def weighted_days_late(invoices):
    total = sum(amount for amount, _days in invoices)
    if total <= 0:
        return 0.0
    return sum(amount * max(days, 0) for amount, days in invoices) / total


def criteria(history):
    """{criterion: value} of the criteria that apply (no credit limit: no
    credit-use criterion)."""
    values = {}
    if history.invoices:
        values[DAYS_LATE] = round(weighted_days_late(history.invoices), 1)
        late = sum(1 for _amount, days in history.invoices if days > 0)
        values[LATE_SHARE] = round(100.0 * late / len(history.invoices), 1)
    if history.credit_limit > 0:
        values[CREDIT_USE] = round(100.0 * history.overdue / history.credit_limit, 1)
    values[DISPUTES] = history.disputes
    return values


def rate(history, limits=None):
    """(rating, {criterion: (value, grade)}), rating None for a customer
    with no invoice, no overdue and no dispute in the period."""
    limits = limits or DEFAULT_LIMITS
    if not history.invoices and not history.overdue and not history.disputes:
        return None, {}
    detail = {name: (value, grade(value, limits[name])) for name, value in criteria(history).items()}
    rating = max((g for _value, g in detail.values()), key=GRADES.index)
    return rating, detail


def validate_limits(limits):
    """Problems of a criterion's (A, B, C) limits: they must not be negative
    and must not decrease."""
    a, b, c = limits
    if min(a, b, c) < 0:
        return "negative"
    if not a <= b <= c:
        return "decreasing"
    return None


def predicted_payment_date(due_date, own_delays, fallback_delays, min_history=3):
    """Due date plus the customer's usual delay (value-weighted days late of
    its paid invoices), or the company's when the customer has fewer than
    ``min_history`` paid invoices. Delays are (amount, days late) pairs;
    paying early counts (negative days)."""
    delays = own_delays if len(own_delays) >= min_history else fallback_delays
    total = sum(amount for amount, _days in delays)
    if not delays or total <= 0:
        return due_date
    delay = sum(amount * days for amount, days in delays) / total
    return due_date + dt.timedelta(days=round(delay))
