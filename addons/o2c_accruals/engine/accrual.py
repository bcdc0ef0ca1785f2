# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Accrual maths of a month-end cut-off, on plain numbers and dates.

- What an order line has delivered and not invoiced on the cut-off date is
  accrued revenue (FAE); what it has invoiced and not delivered is deferred
  revenue (PCA).
- A service period (first and last day, both included) is earned day by
  day: on the cut-off date, the days up to it are earned, the days after it
  are deferred.
- One journal entry per cut-off: a revenue line per cut-off line (with its
  analytic account), its counterpart on the accrued (418100) or deferred
  (487000) revenue account, and, when VAT is booked on accrued revenue, one
  line per tax on the "VAT on invoices to be issued" account (445870).
"""

from datetime import timedelta

ACCRUED = "accrued_revenue"
DEFERRED = "deferred_revenue"


def period_days(start, end):
    """Days of a service period, first and last included (0 if it ends before it starts)."""
    return max((end - start).days + 1, 0)


def days_after(start, end, cutoff):
    """Days of the period after the cut-off date."""
    first = max(start, cutoff + timedelta(days=1))
    return period_days(first, end)


def earned_share(start, end, cutoff):
    """Share of a service period earned on the cut-off date (its days up to it)."""
    total = period_days(start, end)
    if not total:
        return 1.0 if end <= cutoff else 0.0
    return (total - days_after(start, end, cutoff)) / total


def pro_rata_after(amount, start, end, cutoff):
    """The part of ``amount`` for the days of the period after the cut-off."""
    total = period_days(start, end)
    if not total:
        return 0.0 if end <= cutoff else amount
    return amount * days_after(start, end, cutoff) / total


def classify(delivered, invoiced, digits=2):
    """(kind, amount > 0) of an order line on the cut-off date, or None when even."""
    balance = round(delivered - invoiced, digits)
    if balance > 0:
        return ACCRUED, balance
    if balance < 0:
        return DEFERRED, -balance
    return None


def convert(amount, rate, digits=2):
    """An order-currency amount in the company currency (``rate``: company units per order unit)."""
    return round(amount * rate, digits)


def entry_lines(lines, accounts, digits=2):
    """The lines of the journal entry of a cut-off.

    ``lines``: dicts with ``kind`` (ACCRUED or DEFERRED), ``amount`` (> 0,
    company currency), ``tax_amounts`` ({tax key: amount}, accrued only),
    ``revenue_account``, ``analytic``, ``partner``, ``label``, ``ref``.
    ``accounts``: {"accrued": key, "deferred": key, "tax": key}.
    Returns dicts with ``account``, ``debit``, ``credit``, ``partner``,
    ``analytic``, ``label``, ``ref`` (the cut-off line, or the tax key); the
    debits equal the credits.
    """
    result = []
    taxes = {}
    for line in lines:
        amount = round(line["amount"], digits)
        if not amount:
            continue
        tax = round(sum(line.get("tax_amounts", {}).values()), digits) if line["kind"] == ACCRUED else 0.0
        revenue = {"account": line["revenue_account"], "partner": line.get("partner"),
                   "analytic": line.get("analytic"), "label": line.get("label"), "ref": line.get("ref")}
        counterpart = {"account": accounts["accrued" if line["kind"] == ACCRUED else "deferred"],
                       "partner": line.get("partner"), "analytic": None, "label": line.get("label"),
                       "ref": line.get("ref")}
        if line["kind"] == ACCRUED:
            result.append(dict(counterpart, debit=round(amount + tax, digits), credit=0.0))
            result.append(dict(revenue, debit=0.0, credit=amount))
            for key, value in line.get("tax_amounts", {}).items():
                taxes[key] = taxes.get(key, 0.0) + round(value, digits)
        else:
            result.append(dict(revenue, debit=amount, credit=0.0))
            result.append(dict(counterpart, debit=0.0, credit=amount))
    for key, value in taxes.items():
        value = round(value, digits)
        if value:
            # VAT collected later on the invoice: a credit (a debit when credit notes weigh more)
            result.append({"account": accounts["tax"], "partner": None, "analytic": None, "label": None,
                           "ref": key, "debit": max(-value, 0.0), "credit": max(value, 0.0)})
    return result


def totals(entry):
    """(debit, credit) of entry lines."""
    return (round(sum(line["debit"] for line in entry), 6), round(sum(line["credit"] for line in entry), 6))


def summary(rows, key, value="amount"):
    """Sum of ``value`` per ``key`` of plain rows, sorted by key: [(key, sum)]."""
    sums = {}
    for row in rows:
        sums[row[key]] = round(sums.get(row[key], 0.0) + row[value], 6)
    return sorted(sums.items(), key=lambda item: str(item[0]))
