# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Cash tied up by late billing and late payment, and what a target frees.

Every day of billing lag is a day of revenue lent to customers for free:
cash tied up = average daily invoiced revenue x mean lag (days). The same
holds for days of DSO beyond the payment terms."""


def daily(amount, days):
    """Average per day of ``amount`` over ``days`` (0 without days)."""
    return amount / days if days else 0.0


def tied_up(daily_amount, days):
    """Cash lent for ``days`` days of ``daily_amount`` (never negative)."""
    return daily_amount * max(days or 0.0, 0.0)


def freed(daily_amount, days, target_days):
    """Cash freed if ``days`` fell to ``target_days`` (0 if already there)."""
    return daily_amount * max((days or 0.0) - target_days, 0.0)


def trend(value, previous):
    """Change from ``previous`` to ``value``: None when either is unknown."""
    if value is None or previous is None:
        return None
    return value - previous
