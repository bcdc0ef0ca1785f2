# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Receivables KPIs: DSO (countback and simple), best possible DSO, average
days delinquent, collection effectiveness index, and the cash the DSO ties
up. Plain numbers in, plain numbers out; the Odoo model reads the amounts in
SQL and calls these.

Periods. The figures of a day D look at *periods*: the month of D up to D
(the whole month when D is its last day), then the calendar months before,
newest first. "The last N months" of D are its first N periods.

Amounts are tax included and in the company currency, like receivables.
Sales are customer invoices minus credit notes (net, may be negative).
``None`` means undefined (no sales to divide by), never 0.
"""

import calendar
import datetime as dt

COUNTBACK_MONTHS = 12  # months of sales the countback goes through before extrapolating
CEI_MONTHS = 3  # the collection effectiveness index of a day: over its last 3 periods
COUNTBACK = "countback"
SIMPLE = "simple"
METHODS = (COUNTBACK, SIMPLE)


# -- dates ------------------------------------------------------------------------------
def month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def is_month_end(day):
    return day == month_end(day)


def add_months(day, months):
    """The same day ``months`` later (earlier when negative), clipped to the
    month's last day: Mar 31 - 1 month = Feb 28 (29)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def periods(as_of, count):
    """The ``count`` periods of ``as_of``, newest first: [(start, end)], the
    first from the 1st of its month to ``as_of``, then whole months."""
    result = [(as_of.replace(day=1), as_of)]
    for back in range(1, count):
        start = add_months(as_of.replace(day=1), -back)
        result.append((start, month_end(start)))
    return result


def days_in(period):
    start, end = period
    return (end - start).days + 1


def opening_date(as_of, months=CEI_MONTHS):
    """The eve of the first of the ``months`` periods of ``as_of``: the day the
    opening receivables of the collection effectiveness index are taken."""
    return periods(as_of, months)[-1][0] - dt.timedelta(days=1)


def month_ends(as_of, count):
    """The ``count`` month ends before the month of ``as_of``, oldest first."""
    return [month_end(add_months(as_of.replace(day=1), -back)) for back in range(count, 0, -1)]


def needs(dates, simple_months, countback_months=COUNTBACK_MONTHS, cei_months=CEI_MONTHS):
    """What the figures of ``dates`` need read: the days whose receivables
    (total, current, overdue) are needed, and the periods whose sales are."""
    balance_days, sale_periods = set(), set()
    for day in dates:
        balance_days |= {day, opening_date(day, cei_months)}
        sale_periods |= set(periods(day, max(countback_months, simple_months, cei_months)))
    return sorted(balance_days), sorted(sale_periods)


# -- the figures ------------------------------------------------------------------------
def countback_dso(receivables, months):
    """DSO by the countback method.

    ``months``: [(sales, days)] of the periods of the day, newest first.
    The sales of the newest period, then of each one before, are taken from
    the receivables until they are covered: DSO = the days of the periods
    fully covered + what is left / the sales of the next period x its days.
    A period whose sales are zero or negative (credit notes) covers nothing:
    all its days count. When the receivables exceed the sales of all the
    periods given, what is left counts at their average daily sales (as if the
    periods before had sold the same); undefined (None) when they sold
    nothing. No receivables (or a credit balance): 0.
    """
    if receivables <= 0:
        return 0.0
    left, dso = receivables, 0.0
    for sales, days in months:
        if sales > 0 and left <= sales:
            return dso + left / sales * days
        left -= max(sales, 0.0)
        dso += days
    daily = average_daily_sales(months)
    return dso + left / daily if daily else None


def simple_dso(receivables, months):
    """DSO by the simple method: receivables / sales of the periods x their
    days; None when they sold nothing; 0 with no receivables."""
    if receivables <= 0:
        return 0.0
    daily = average_daily_sales(months)
    return receivables / daily if daily else None


def average_daily_sales(months):
    """Sales of the periods / their days; None when not positive."""
    sales, days = sum(s for s, _d in months), sum(d for _s, d in months)
    return sales / days if days and sales > 0 else None


def dso(method, receivables, months, simple_months):
    """DSO of ``receivables`` by ``method``; ``months`` as for countback_dso,
    at least ``simple_months`` of them."""
    if method == COUNTBACK:
        return countback_dso(receivables, months)
    if method == SIMPLE:
        return simple_dso(receivables, months[:simple_months])
    raise ValueError(f"unknown DSO method {method}")


def days_delinquent(dso_days, best_dso_days):
    """Average days delinquent = DSO - best possible DSO."""
    if dso_days is None or best_dso_days is None:
        return None
    return dso_days - best_dso_days


def collection_effectiveness(opening, sales, closing, closing_current):
    """Collection effectiveness index over a period, in %, with what it is
    made of: (index, collected, collectible).

    collected = opening receivables + invoiced sales of the period - closing
    receivables (what was paid, credited or written off of what there was to
    collect); collectible = opening receivables + invoiced sales - closing
    current (not yet due) receivables (what could have been collected). The
    index is None when nothing was collectible.
    """
    collected = opening + sales - closing
    collectible = opening + sales - closing_current
    index = collected / collectible * 100 if collectible > 0 else None
    return index, collected, collectible


def weighted_terms(invoiced, invoiced_x_days):
    """Average payment terms in days, value-weighted: sum(amount x (due date
    - invoice date)) / sum(amount) of the invoices; None without invoices."""
    return invoiced_x_days / invoiced if invoiced > 0 else None


def cash_above(daily_sales, dso_days, reference_days):
    """Daily sales x max(DSO - reference days, 0): the cash the DSO ties up
    beyond the payment terms, or frees by falling to a target. 0 when the
    DSO or the daily sales are undefined."""
    if not daily_sales or dso_days is None:
        return 0.0
    return daily_sales * max(dso_days - (reference_days or 0.0), 0.0)


def figures(as_of, balances, sales, method=COUNTBACK, simple_months=3, target_days=45,
            countback_months=COUNTBACK_MONTHS, cei_months=CEI_MONTHS):
    """Every receivables KPI of one customer (or of the company) on ``as_of``.

    ``balances``: {day: {"receivables", "current", "buckets": {key: amount}}}
    on the days ``needs`` names (missing: nothing owed);
    ``sales``: {(start, end): {"sales", "invoiced", "invoiced_x_days"}} of
    the periods it names (missing: nothing sold), where ``invoiced`` is the
    amount of customer invoices (credit notes excluded) and
    ``invoiced_x_days`` the sum of their amounts x (due date - invoice date).
    """
    if method not in METHODS:
        raise ValueError(f"unknown DSO method {method}")
    empty_balance = {"receivables": 0.0, "current": 0.0, "buckets": {}}
    empty_sales = {"sales": 0.0, "invoiced": 0.0, "invoiced_x_days": 0.0}
    balance = balances.get(as_of, empty_balance)
    spans = periods(as_of, max(countback_months, simple_months, cei_months))
    period_sales = [sales.get(period, empty_sales) for period in spans]
    months = [(s["sales"], days_in(period)) for s, period in zip(period_sales, spans, strict=True)]
    receivables, current = balance["receivables"], balance["current"]
    by_method = {m: dso(m, receivables, months[:countback_months], simple_months) for m in METHODS}
    best = dso(method, current, months[:countback_months], simple_months)
    opening = balances.get(opening_date(as_of, cei_months), empty_balance)["receivables"]
    cei, collected, collectible = collection_effectiveness(
        opening, sum(s for s, _d in months[:cei_months]), receivables, current)
    window = period_sales[:simple_months]
    daily = average_daily_sales(months[:simple_months])
    terms = weighted_terms(sum(s["invoiced"] for s in window), sum(s["invoiced_x_days"] for s in window))
    return {
        "receivables": receivables,
        "current_receivables": current,
        "overdue": receivables - current,
        "overdue_buckets": dict(balance["buckets"]),
        "sales": months[0][0],
        "dso_countback": by_method[COUNTBACK],
        "dso_simple": by_method[SIMPLE],
        "dso": by_method[method],
        "best_dso": best,
        "add": days_delinquent(by_method[method], best),
        "cei": cei,
        "cei_collected": collected,
        "cei_collectible": collectible,
        "daily_sales": daily or 0.0,
        "terms_days": terms,
        "cash_tied_dso": cash_above(daily, by_method[method], terms),
        "cash_freed_dso": cash_above(daily, by_method[method], target_days),
        "method": method,
    }
