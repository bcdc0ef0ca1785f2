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
invoice 20 days late is expected from its delays over 20 days).

Three cases. Expected: each document's cash is spread over five equally
likely dates, the 10th, 30th, 50th, 70th and 90th percentiles of its delay
(and, for what is not invoiced yet, of its billing lag: 25 dates), so that
each week gets what it can expect. Optimistic and pessimistic: the whole
amount at the 20th and 80th percentiles of the payment delay (the billing
lag at its mean).
"""

import bisect
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
SPREAD = (0.1, 0.3, 0.5, 0.7, 0.9)  # the expected case: five equally likely dates
MIN_HISTORY = 3  # a customer's own history counts from 3 payments (or billed pieces), as o2c_dunning's
WEEKS, MONTHS = 13, 6
WEEK, MONTH = "week", "month"
ONE_DAY = dt.timedelta(days=1)


# -- delays ------------------------------------------------------------------------------
class Distribution:
    """How long documents took (days, weighted by value), Kaplan-Meier:
    ``points`` are the delays observed (paid, or billed), ``censored`` the
    documents still open, with the days they have been open so far (a delay
    longer than that). The probability mass of each delay seen, and what is
    left beyond the longest (``never``: not paid, or billed, within anything
    seen). ``count`` is the number of delays observed."""

    def __init__(self, points, count=None, censored=()):
        events, open_ = {}, {}
        for days, weight in points:
            if weight > 0:
                events[days] = events.get(days, 0.0) + weight
        for days, weight in censored:
            if weight > 0:
                open_[days] = open_.get(days, 0.0) + weight
        at_risk = sum(events.values()) + sum(open_.values())
        survival, masses = 1.0, []
        for days in sorted(set(events) | set(open_)):
            paid = events.get(days, 0.0)
            if paid and at_risk > 0:
                mass = survival * paid / at_risk
                masses.append((days, mass))
                survival -= mass
            at_risk -= paid + open_.get(days, 0.0)
        self.masses = masses
        self.never = max(survival, 0.0) if masses else 0.0
        self.count = len(events) if count is None else count
        self._offsets, self._longer = None, {}

    @classmethod
    def _from_masses(cls, masses, never, count):
        distribution = cls((), count)
        distribution.masses, distribution.never = masses, never
        return distribution

    def __bool__(self):
        """Whether some document was paid (or billed) in it."""
        return bool(self.masses)

    def quantile(self, q):
        """The first days by which a share ``q`` of the documents were paid;
        None when that share never was."""
        running = 0.0
        for days, mass in self.masses:
            running += mass
            if running >= q - 1e-9:
                return days
        return None

    def longer_than(self, elapsed):
        """What is still possible for a document open after ``elapsed``
        days: the delays longer than that and ``never``, rescaled."""
        if elapsed not in self._longer:
            masses = [(d, m) for d, m in self.masses if d > elapsed]
            left = sum(m for _d, m in masses) + self.never
            self._longer[elapsed] = Distribution((), self.count) if left <= 0 else Distribution._from_masses(
                [(d, m / left) for d, m in masses], self.never / left, self.count)
        return self._longer[elapsed]

    def offsets(self):
        """{case: [(days or None, share)]}: the expected case at the five
        quantiles of SPREAD (a fifth each), the others at their quantile;
        None for a share never paid (not expected)."""
        if self._offsets is None:
            spread = [(self.quantile(q), 1 / len(SPREAD)) for q in SPREAD]
            self._offsets = {EXPECTED: _merged(spread),
                             **{case: [(self.quantile(q), 1.0)] for case, q in QUANTILES.items()}}
        return self._offsets


def _merged(parts):
    """[(key, share)] with one entry per key, in key order (None last)."""
    merged = {}
    for key, share in parts:
        if share > 0:
            merged[key] = merged.get(key, 0.0) + share
    return sorted(merged.items(), key=lambda item: (item[0] is None, item[0] or 0))


def choose(own, fallback, elapsed=None, min_history=MIN_HISTORY):
    """The customer's own history when it has ``min_history`` observations,
    else the company's, restricted to delays longer than ``elapsed``, as
    offsets per case (``Distribution.offsets``). When the customer's own has
    none that long, the company's; None when neither has (the document is
    later than anything seen); ``{}`` when there is no history at all."""
    candidates = [d for d in (own if own and own.count >= min_history else None, fallback) if d]
    if not candidates:
        return {}
    for distribution in candidates:
        part = distribution if elapsed is None else distribution.longer_than(elapsed)
        if part:
            return part.offsets()
    return None


def at(day):
    """Every case on one day."""
    return {case: [(day, 1.0)] for case in CASES}


def shift(day, days):
    return day + dt.timedelta(days=round(days))


def later(day, days):
    """``day`` moved by ``days``; None (not expected) when either is."""
    return None if day is None or days is None else shift(day, days)


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
    return bisect.bisect_left([bucket.end for bucket in buckets], day)


def _indexer(buckets):
    """``bucket_index`` for many days."""
    ends, undated = [bucket.end for bucket in buckets], len(buckets) + 1
    return lambda day: undated if day is None else bisect.bisect_left(ends, day)


# -- what is expected when ---------------------------------------------------------------
@dataclass
class Item:
    """An amount (company currency, tax included, negative for cash out) and
    when it is expected per case: {case: [(day, share)]} (None: not
    expected, see ``note``)."""

    source: str
    amount: float
    dates: dict | None
    partner_id: int | None = None
    model: str | None = None
    res_id: int | None = None
    note: str = ""

    def buckets(self, buckets, case):
        """[(bucket index, share)] of this item in ``case``."""
        if not self.dates:
            return [(len(buckets) + 1, 1.0)]
        return _merged((bucket_index(buckets, day), share) for day, share in self.dates[case])


def receivable_dates(due, reference, own, fallback, predicted=None):
    """{case: [(day or None, share)]} a customer invoice open on ``reference``
    is expected to be paid: the due date plus the customer's delays longer
    than the days already late (a share None: never paid so late); when
    o2c_dunning predicts a date after the reference date, the same dates
    moved so that their mean is that prediction. None when it is later than
    every payment of the customer and of the company; the due date when
    there is no history at all."""
    offsets = choose(own, fallback, (reference - due).days)
    if offsets is None:
        return None
    if not offsets:
        return at(due)
    if predicted and predicted > reference:
        dated = [(days, share) for days, share in offsets[EXPECTED] if days is not None]
        mean = sum(d * s for d, s in dated) / sum(s for _d, s in dated)
        return {case: _merged((later(predicted, None if days is None else days - mean), share)
                              for days, share in parts) for case, parts in offsets.items()}
    return {case: _merged((later(due, days), share) for days, share in parts) for case, parts in offsets.items()}


def invoice_offsets(delivered_on, reference, own_lags, fallback_lags):
    """[(days after the delivery or None, share)] delivered value not
    invoiced on ``reference`` will be invoiced: the billing lags longer than
    its age (all of them for a delivery after the reference date), never
    before the day after the reference date; a share None: never billed so
    late. None when it is older than any lag seen; the day after the
    reference date when there is no history."""
    elapsed = (reference - delivered_on).days if delivered_on <= reference else None
    offsets = choose(own_lags, fallback_lags, elapsed)
    if offsets is None:
        return None
    first = (reference - delivered_on).days + 1
    if not offsets:
        return [(max(first, 0), 1.0)]
    return _merged((None if days is None else max(round(days), first), share) for days, share in offsets[EXPECTED])


def cash_offsets(invoiced, terms_days, own, fallback):
    """{case: [(days after the delivery or None, share)]} the cash of what
    is not invoiced yet comes in: invoice (``invoiced``, see
    ``invoice_offsets``) + payment terms + the customer's days late (all of
    its history). The expected case combines every invoice day with every
    delay; the others take the mean invoice day."""
    offsets = choose(own, fallback) or {case: [(0, 1.0)] for case in CASES}
    terms = round(terms_days or 0.0)
    expected = [(None if lag_days is None or days is None else lag_days + terms + days, share * part)
                for lag_days, share in invoiced for days, part in offsets[EXPECTED] if share * part > 0]
    dated = [(d, s) for d, s in invoiced if d is not None]
    undated = 1.0 - sum(s for _d, s in dated)
    mean = round(sum(d * s for d, s in dated) / sum(s for _d, s in dated)) if dated else None
    result = {EXPECTED: expected}
    for case in QUANTILES:
        days = offsets[case][0][0]
        total = None if mean is None or days is None else mean + terms + days
        result[case] = [part for part in ((total, 1.0 - undated), (None, undated)) if part[1] > 1e-9]
    return result


def dated(day, offsets):
    """{case: [(day + days or None, share)]} of ``cash_offsets``."""
    return {case: [(None if days is None else day + dt.timedelta(days=days), share) for days, share in parts]
            for case, parts in offsets.items()}


# -- when the backlog is delivered -------------------------------------------------------
def spread(amount, start, end):
    """``amount`` delivered evenly over the days from ``start`` to ``end``
    (both included), in parts dated the last day of each ISO week, month
    end or ``end`` (so that a month's part falls in its month): [(day,
    amount)]."""
    if end < start:
        return [(start, amount)]
    days = (end - start).days + 1
    parts, day = [], start
    while day <= end:
        month_end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        last = min(day + dt.timedelta(days=6 - day.weekday()), month_end, end)
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
      commitment date) when it is after the reference date, but never faster
      than ``daily_pace`` (what the line delivered a day lately) when it has
      one: what that pace leaves at the end is unscheduled;
    - else at ``daily_pace``.
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
        days = (end - reference).days
        if daily_pace > 0 and daily_pace * days < rest:
            # slower than the plan: at its pace up to the end, the rest not expected
            return [*parts, *spread(daily_pace * days, first, end), (None, rest - daily_pace * days)]
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
    size, index = len(buckets) + 2, _indexer(buckets)
    result = {}
    for case in CASES:
        sources = {source: [0.0] * size for source in SOURCES}
        for item in items:
            row = sources[item.source]
            if not item.dates:
                row[size - 1] += item.amount
                continue
            for day, share in item.dates[case]:
                row[index(day)] += item.amount * share
        net = [sum(sources[s][i] for s in SOURCES) for i in range(size)]
        balance, running = [], opening
        for value in net[:len(buckets)]:
            running += value
            balance.append(running)
        result[case] = {"sources": sources, "net": net, "balance": balance}
    return result


def receipts_by_bucket(items, buckets, case=EXPECTED, sources=RECEIPTS):
    """Forecast receipts per bucket (later and not expected left out)."""
    totals, index = [0.0] * (len(buckets) + 2), _indexer(buckets)
    for item in items:
        if item.source in sources and item.dates:
            for day, share in item.dates[case]:
                totals[index(day)] += item.amount * share
    return totals[:len(buckets)]


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
