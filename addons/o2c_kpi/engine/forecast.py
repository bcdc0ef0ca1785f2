# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The 13-week cash forecast: when the cash of open receivables, delivered
work not invoiced yet and the signed backlog will come in, and when the
vendor bills go out. Plain dates and numbers in, buckets out; the Odoo model
reads the inputs in SQL (as of a reference date) and calls these.

Delays are weighted distributions of days (value-weighted: a day of 1 000
counts ten times a day of 100): days late of past payments (payment date -
due date) or billing lags (invoice date - delivery date). A document still
open on the reference date D was not paid (or invoiced) by D: its delay is
drawn from the history *longer than what already elapsed* (a customer's
invoice 20 days late is expected at the mean of its delays over 20 days).
Three cases: expected (the mean), optimistic (20th percentile) and
pessimistic (80th percentile) of that distribution.
"""

import calendar
import datetime as dt
import math
from dataclasses import dataclass

RECEIVABLES, UNBILLED, BACKLOG, PAYABLES = "receivables", "unbilled", "backlog", "payables"
SOURCES = (RECEIVABLES, UNBILLED, BACKLOG, PAYABLES)
RECEIPTS = (RECEIVABLES, UNBILLED, BACKLOG)
EXPECTED, OPTIMISTIC, PESSIMISTIC = "expected", "optimistic", "pessimistic"
CASES = (EXPECTED, OPTIMISTIC, PESSIMISTIC)
QUANTILES = {OPTIMISTIC: 0.2, PESSIMISTIC: 0.8}
MIN_HISTORY = 3  # a customer's own history counts from 3 payments (or billed pieces), as o2c_dunning's
WEEKS, MONTHS = 13, 6
WEEK, MONTH = "week", "month"
ONE_DAY = dt.timedelta(days=1)


# -- delays ------------------------------------------------------------------------------
class Distribution:
    """Days with weights; ``count`` is the number of observations."""

    def __init__(self, points, count=None):
        merged = {}
        for days, weight in points:
            if weight > 0:
                merged[days] = merged.get(days, 0.0) + weight
        self.points = sorted(merged.items())
        self.total = sum(weight for _days, weight in self.points)
        self.count = len(self.points) if count is None else count

    def __bool__(self):
        return self.total > 0

    def mean(self):
        return sum(days * weight for days, weight in self.points) / self.total

    def quantile(self, q):
        """The first days by which a share ``q`` of the weight is reached."""
        running = 0.0
        for days, weight in self.points:
            running += weight
            if running >= q * self.total - 1e-9:
                return days
        return self.points[-1][0]

    def longer_than(self, elapsed):
        """The part of the history longer than ``elapsed`` days (what is
        still possible for a document open after ``elapsed`` days)."""
        return Distribution([(d, w) for d, w in self.points if d > elapsed], self.count)

    def offsets(self):
        """{case: days}: mean, 20th and 80th percentiles."""
        return {EXPECTED: self.mean(), **{case: self.quantile(q) for case, q in QUANTILES.items()}}


def choose(own, fallback, elapsed=None, min_history=MIN_HISTORY):
    """The customer's own history when it has ``min_history`` observations,
    else the company's, restricted to delays longer than ``elapsed``. When
    the customer's own has none that long, the company's; None when neither
    has (the document is later than anything seen), or when there is no
    history at all (then ``{}``: no delay)."""
    candidates = [d for d in (own if own and own.count >= min_history else None, fallback) if d]
    if not candidates:
        return {}
    for distribution in candidates:
        part = distribution if elapsed is None else distribution.longer_than(elapsed)
        if part:
            return part.offsets()
    return None


def shift(day, days):
    return day + dt.timedelta(days=round(days))


# -- buckets -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Bucket:
    start: dt.date
    end: dt.date
    label: str


def weeks(reference, count=WEEKS):
    """The ISO weeks of the days after ``reference``: the first is the rest
    of the reference date's week (the whole next week when it is a Sunday)."""
    first = reference + ONE_DAY
    monday = first - dt.timedelta(days=first.weekday())
    result = []
    for index in range(count):
        start = monday + dt.timedelta(weeks=index)
        year, week, _day = start.isocalendar()
        result.append(Bucket(max(start, first), start + dt.timedelta(days=6), f"{year}-W{week:02d}"))
    return result


def months(reference, count=MONTHS):
    """The calendar months of the days after ``reference``: the first is the
    rest of the reference date's month."""
    first = reference + ONE_DAY
    result = []
    year, month = first.year, first.month
    for _index in range(count):
        start = dt.date(year, month, 1)
        end = start.replace(day=calendar.monthrange(year, month)[1])
        result.append(Bucket(max(start, first), end, f"{year}-{month:02d}"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def horizon(reference, kind):
    if kind == WEEK:
        return weeks(reference)
    if kind == MONTH:
        return months(reference)
    raise ValueError(f"unknown horizon {kind}")


def bucket_index(buckets, day):
    """Index of the bucket of ``day``: 0 for anything up to the first
    bucket's end (already late included), ``len(buckets)`` after the last
    one (later), ``len(buckets) + 1`` without a date (not expected)."""
    if day is None:
        return len(buckets) + 1
    for index, bucket in enumerate(buckets):
        if day <= bucket.end:
            return index
    return len(buckets)


# -- what is expected when ---------------------------------------------------------------
@dataclass
class Item:
    """An amount (company currency, tax included, negative for cash out) and
    its date per case (None: not expected, see ``note``)."""

    source: str
    amount: float
    dates: dict
    partner_id: int | None = None
    model: str | None = None
    res_id: int | None = None
    note: str = ""


def receivable_dates(due, reference, own, fallback, predicted=None):
    """{case: day} a customer invoice open on ``reference`` is expected to be
    paid: ``predicted`` (o2c_dunning's prediction) when it is after the
    reference date, its percentiles moved by as much; else the due date plus
    the customer's delays longer than the days already late. None when it is
    later than every payment of the customer and of the company."""
    offsets = choose(own, fallback, (reference - due).days)
    if offsets is None:
        return None
    if not offsets:  # no history at all: the due date
        return dict.fromkeys(CASES, due)
    if predicted and predicted > reference:
        return {case: shift(predicted, days - offsets[EXPECTED]) for case, days in offsets.items()}
    return {case: shift(due, days) for case, days in offsets.items()}


def invoice_day(delivered_on, reference, own_lags, fallback_lags):
    """When delivered value not invoiced on ``reference`` will be invoiced:
    its delivery date plus the mean of the billing lags longer than its age;
    the day after the reference date when it is older than any lag seen."""
    offsets = choose(own_lags, fallback_lags, (reference - delivered_on).days if delivered_on <= reference else None)
    if not offsets:
        return max(delivered_on, reference + ONE_DAY)
    return max(shift(delivered_on, offsets[EXPECTED]), reference + ONE_DAY)


def future_invoice_dates(invoiced_on, terms_days, own, fallback):
    """{case: day} the cash of an invoice not issued yet comes in: invoice
    date + payment terms + the customer's days late (all of its history)."""
    offsets = choose(own, fallback) or dict.fromkeys(CASES, 0.0)
    due = shift(invoiced_on, terms_days or 0.0)
    return {case: shift(due, days) for case, days in offsets.items()}


# -- when the backlog is delivered -------------------------------------------------------
def spread(amount, start, end):
    """``amount`` delivered evenly over the days from ``start`` to ``end``
    (both included), in weekly parts dated the last day of each ISO week
    (or ``end``): [(day, amount)]."""
    if end < start:
        return [(start, amount)]
    days = (end - start).days + 1
    parts, day = [], start
    while day <= end:
        last = min(day + dt.timedelta(days=6 - day.weekday()), end)
        parts.append((last, amount * ((last - day).days + 1) / days))
        day = last + ONE_DAY
    return parts


def at_pace(amount, start, daily):
    """``amount`` delivered from ``start`` at ``daily`` a day."""
    return spread(amount, start, start + dt.timedelta(days=max(math.ceil(amount / daily), 1) - 1))


def schedule(amount, reference, milestones=(), tasks=(), end=None, daily_pace=0.0):
    """When the signed value not delivered yet of an order line will be
    delivered, [(day, amount)], or [] when nothing says (unscheduled):

    - ``milestones``: [(deadline or None, share)] of its milestones not reached
      on the reference date: the value by share, at each deadline (a deadline
      passed: the day after the reference date); a milestone without a deadline
      follows the rules below for its share;
    - ``tasks``: [(deadline, hours left)] of its tasks with planned hours and a
      deadline after the reference date: the value by hours left, each part
      spread evenly up to its task's deadline;
    - else evenly up to ``end`` (the project's end, else the order's
      commitment date) when it is after the reference date;
    - else at the line's pace of the last 90 days (``daily_pace``).
    """
    first = reference + ONE_DAY
    if amount <= 0:
        return []
    parts, rest = [], amount
    shares = sum(share for _deadline, share in milestones)
    if milestones and shares > 0:
        rest = 0.0
        for deadline, share in milestones:
            value = amount * share / shares
            if deadline:
                parts.append((max(deadline, first), value))
            else:
                rest += value
        if rest <= 0:
            return parts
    hours = sum(left for _deadline, left in tasks if left > 0)
    if hours > 0:
        for deadline, left in tasks:
            if left > 0:
                parts += spread(rest * left / hours, first, deadline)
        return parts
    if end and end > reference:
        return parts + spread(rest, first, end)
    if daily_pace > 0:
        return parts + at_pace(rest, first, daily_pace)
    return [*parts, (None, rest)]


# -- the summary -------------------------------------------------------------------------
def summarize(items, buckets, opening):
    """Per case: the amount per source and bucket (then later, then not
    expected), the net flow and the balance at the end of each bucket::

        {case: {"sources": {source: [amount per bucket..., later, not expected]},
                "net": [...], "balance": [...]}}
    """
    size = len(buckets) + 2
    result = {}
    for case in CASES:
        sources = {source: [0.0] * size for source in SOURCES}
        for item in items:
            day = item.dates.get(case) if item.dates else None
            sources[item.source][bucket_index(buckets, day)] += item.amount
        net = [sum(sources[s][i] for s in SOURCES) for i in range(size)]
        balance, running = [], opening
        for value in net[:len(buckets)]:
            running += value
            balance.append(running)
        result[case] = {"sources": sources, "net": net, "balance": balance}
    return result


def receipts_by_bucket(items, buckets, case=EXPECTED, sources=RECEIPTS):
    """Forecast receipts per bucket (later and not expected left out)."""
    totals = [0.0] * len(buckets)
    for item in items:
        if item.source in sources:
            index = bucket_index(buckets, item.dates.get(case) if item.dates else None)
            if index < len(buckets):
                totals[index] += item.amount
    return totals


# -- accuracy ----------------------------------------------------------------------------
def absolute_percentage_error(forecast, actual):
    """|forecast - actual| / |actual| x 100; None when nothing came in."""
    if not actual:
        return None
    return abs(forecast - actual) / abs(actual) * 100


def mape(pairs):
    """Mean absolute percentage error of (forecast, actual) pairs, in %,
    leaving out those where nothing came in; None when none is left."""
    errors = [e for e in (absolute_percentage_error(f, a) for f, a in pairs) if e is not None]
    return sum(errors) / len(errors) if errors else None
