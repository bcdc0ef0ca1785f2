# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Billing lag: which delivered value each invoice billed, and how late.

Per sale order line, delivered value is matched to invoiced value first
delivered, first invoiced (FIFO), in pieces. Plain Python on plain values:
the ORM feeds the ledger's events of many lines and stores the pieces.

A piece is a value with up to two dates:

- delivered and invoiced: billed, ``lag = invoiced_on - delivered_on`` days;
- delivered, not (yet) invoiced: unbilled;
- invoiced before being delivered (prepaid packs, down payments, invoices in
  advance): billed in advance, lag 0 once the delivery comes, never negative.

A credit note gives value back: it first cancels value billed in advance
that nothing delivered yet, then the latest billed pieces, whose delivered
value goes back to the queue of unbilled value (at its delivery date: it is
as old as the delivery). A delivery taken back (a manual quantity lowered,
goods returned) first removes the latest unbilled value, then the latest
billed pieces, whose invoiced value becomes billed in advance again.

Pieces that such a correction ends keep their history: ``valid_to`` is the
day they stopped being true, and the value put back exists from
``valid_from``. So the unbilled value of any past day is exact: a piece
counts on day D when it exists on D (``valid_from <= D < valid_to``),
was delivered by D, and was not invoiced by D (``unbilled_on``).
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

# When a delivery counts as delivered (company setting; timesheets only:
# milestones, manual deliveries and goods always count on their own day).
OWN_DATE = "own"
MONTH_END = "month"
WEEK_END = "week"
CONVENTIONS = (OWN_DATE, MONTH_END, WEEK_END)

DELIVERED = "delivered"
INVOICED = "invoiced"


def delivery_date(day, convention, is_timesheet):
    """The delivery date of a delivery event under ``convention``: the end
    of its billing period (month or ISO week, Sunday) for timesheets, the
    event's own day otherwise."""
    if not is_timesheet or convention == OWN_DATE:
        return day
    if convention == MONTH_END:
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if convention == WEEK_END:
        return day + dt.timedelta(days=6 - day.weekday())
    raise ValueError(f"unknown delivery date convention: {convention}")


class Piece(NamedTuple):
    """A value matched (or waiting to be), immutable (a tuple: the refresh
    builds and compares them by the thousand)."""

    amount: float  # order currency
    amount_company: float  # company currency
    delivered_on: dt.date | None = None  # None: invoiced, not delivered
    invoiced_on: dt.date | None = None  # None: delivered, not invoiced
    first_event_on: dt.date | None = None  # the delivery events' own days it covers
    last_event_on: dt.date | None = None
    valid_from: dt.date | None = None  # None: since its own dates
    valid_to: dt.date | None = None  # None: still true

    @property
    def is_billed(self):
        return self.delivered_on is not None and self.invoiced_on is not None

    @property
    def in_advance(self):
        """Invoiced before it was delivered (or not delivered yet)."""
        return self.invoiced_on is not None and (self.delivered_on is None or self.invoiced_on < self.delivered_on)

    @property
    def lag_days(self):
        """Days from delivery to invoice; 0 when billed in advance."""
        if not self.is_billed:
            return None
        return max((self.invoiced_on - self.delivered_on).days, 0)

    def exists_on(self, day):
        start = self.valid_from or min(d for d in (self.delivered_on, self.invoiced_on) if d)
        return start <= day and (self.valid_to is None or day < self.valid_to)

    def unbilled_on(self, day):
        """Delivered by ``day`` and not invoiced by then."""
        return (self.exists_on(day) and self.delivered_on is not None and self.delivered_on <= day
                and (self.invoiced_on is None or self.invoiced_on > day))


@dataclass(slots=True)
class _Chunk:
    """Open value waiting in a queue: delivered not invoiced, or invoiced
    not delivered."""

    day: dt.date
    amount: float
    ratio: float  # company currency per unit of order currency
    first_event_on: dt.date | None = None
    last_event_on: dt.date | None = None
    valid_from: dt.date | None = None

    def split(self, amount):
        """Take ``amount`` off this chunk; returns the part taken."""
        self.amount -= amount
        return _Chunk(self.day, amount, self.ratio, self.first_event_on, self.last_event_on, self.valid_from)


def _ratio(amount, amount_company, default=1.0):
    return amount_company / amount if amount else default


class Matcher:
    """The matching of one order line, fed with its events in date order.

    ``resume_from`` (the line's open pieces: delivered not invoiced, or
    invoiced not delivered) and ``credit_excess`` continue the matching of a
    line where an earlier run left it, with events that come after (see
    ``can_resume``)."""

    def __init__(self, tolerance=0.005, resume_from=(), credit_excess=0.0):
        self.tolerance = tolerance
        self.unbilled, self.advance, self.billed, self.done = [], [], [], []
        self.credit_excess = credit_excess
        for piece in sorted(resume_from, key=lambda p: p.delivered_on or p.invoiced_on):
            if piece.valid_to:
                continue
            ratio = _ratio(piece.amount, piece.amount_company)
            if piece.invoiced_on is None:
                self.unbilled.append(_Chunk(piece.delivered_on, piece.amount, ratio, piece.first_event_on,
                                            piece.last_event_on, piece.valid_from))
            elif piece.delivered_on is None:
                self.advance.append(_Chunk(piece.invoiced_on, piece.amount, ratio, valid_from=piece.valid_from))

    def feed(self, deliveries, invoices):
        """``deliveries``: ``(delivered_on, amount, amount_company,
        first_event_on, last_event_on)``, already dated by the convention,
        negative amounts for deliveries taken back; ``invoices``:
        ``(invoiced_on, amount, amount_company)``, negative for credit
        notes. On one day, deliveries come before invoices."""
        events = [(day, 0, amount, company, first, last) for day, amount, company, first, last in deliveries]
        events += [(day, 1, amount, company, None, None) for day, amount, company in invoices]
        events.sort(key=lambda e: (e[0], e[1]))
        for day, kind, amount, company, first, last in events:
            if abs(amount) <= self.tolerance:
                continue
            ratio = _ratio(amount, company)
            if kind == 0 and amount > 0:
                self._deliver(day, amount, ratio, first, last)
            elif kind == 0:
                self._take_back(day, -amount)
            elif amount > 0:
                self._invoice(day, amount, ratio)
            else:
                self._credit(day, -amount)
        return self

    def _deliver(self, day, amount, ratio, first, last):
        """Delivered: consumes value billed in advance, oldest first."""
        left, tol = amount, self.tolerance
        while left > tol and self.advance:
            chunk = self.advance[0]
            part = chunk.split(min(left, chunk.amount))
            self.billed.append(Piece(part.amount, part.amount * ratio, day, part.day, first, last, part.valid_from))
            left -= part.amount
            if chunk.amount <= tol:
                self.advance.pop(0)
        if left > tol:
            last_chunk = self.unbilled[-1] if self.unbilled else None
            if last_chunk and last_chunk.day == day and not last_chunk.valid_from:
                # the same delivery date: one value, as one event would give
                company = last_chunk.amount * last_chunk.ratio + left * ratio
                last_chunk.amount += left
                last_chunk.ratio = company / last_chunk.amount
                firsts = [d for d in (last_chunk.first_event_on, first) if d]
                lasts = [d for d in (last_chunk.last_event_on, last) if d]
                last_chunk.first_event_on = min(firsts) if firsts else None
                last_chunk.last_event_on = max(lasts) if lasts else None
            else:
                self.unbilled.append(_Chunk(day, left, ratio, first, last))

    def _take_back(self, day, amount):
        """Taken back: the latest unbilled value, then the latest billed
        pieces, whose invoiced value is billed in advance again."""
        left, tol = amount, self.tolerance
        while left > tol and self.unbilled:
            chunk = self.unbilled[-1]
            part = chunk.split(min(left, chunk.amount))
            self._close(Piece(part.amount, part.amount * part.ratio, part.day, None, part.first_event_on,
                              part.last_event_on, part.valid_from), day)
            left -= part.amount
            if chunk.amount <= tol:
                self.unbilled.pop()
        while left > tol and self.billed:
            taken, piece = self._reverse_latest_billed(day, left)
            self.advance.insert(0, _Chunk(piece.invoiced_on, taken, piece.amount_company / piece.amount,
                                          valid_from=day))
            left -= taken

    def _invoice(self, day, amount, ratio):
        """Invoiced: bills the oldest unbilled value first."""
        left, tol = amount, self.tolerance
        absorbed = min(left, self.credit_excess)
        self.credit_excess -= absorbed
        left -= absorbed
        while left > tol and self.unbilled:
            chunk = self.unbilled[0]
            part = chunk.split(min(left, chunk.amount))
            self.billed.append(Piece(part.amount, part.amount * part.ratio, part.day, day, part.first_event_on,
                                     part.last_event_on, part.valid_from))
            left -= part.amount
            if chunk.amount <= tol:
                self.unbilled.pop(0)
        if left > tol:
            self.advance.append(_Chunk(day, left, ratio))

    def _credit(self, day, amount):
        """Credit note: cancels value billed in advance, then the latest
        billed pieces, whose delivered value is unbilled again."""
        left, tol = amount, self.tolerance
        while left > tol and self.advance:
            chunk = self.advance[-1]
            part = chunk.split(min(left, chunk.amount))
            self._close(Piece(part.amount, part.amount * part.ratio, None, part.day, valid_from=part.valid_from), day)
            left -= part.amount
            if chunk.amount <= tol:
                self.advance.pop()
        while left > tol and self.billed:
            taken, piece = self._reverse_latest_billed(day, left)
            # its delivered value is unbilled again, as old as its delivery
            chunk = _Chunk(piece.delivered_on, taken, piece.amount_company / piece.amount, piece.first_event_on,
                           piece.last_event_on, valid_from=day)
            position = next((i for i, c in enumerate(self.unbilled) if c.day > chunk.day), len(self.unbilled))
            self.unbilled.insert(position, chunk)
            left -= taken
        self.credit_excess += max(left, 0.0)

    def _reverse_latest_billed(self, day, amount):
        """End up to ``amount`` of the latest billed piece on ``day``;
        returns (amount ended, the piece)."""
        piece = self.billed.pop()
        taken = min(amount, piece.amount)
        share = taken / piece.amount
        self._close(piece._replace(amount=taken, amount_company=piece.amount_company * share), day)
        if piece.amount - taken > self.tolerance:
            self.billed.append(piece._replace(amount=piece.amount - taken,
                                              amount_company=piece.amount_company * (1 - share)))
        return taken, piece

    def _close(self, piece, day):
        self.done.append(piece._replace(valid_to=day))

    def pieces(self):
        pieces = self.done + self.billed
        pieces += [Piece(c.amount, c.amount * c.ratio, c.day, None, c.first_event_on, c.last_event_on,
                         c.valid_from) for c in self.unbilled]
        pieces += [Piece(c.amount, c.amount * c.ratio, None, c.day, valid_from=c.valid_from) for c in self.advance]
        return pieces


def match(deliveries, invoices, tolerance=0.005):
    """The pieces of one order line from all its events (see Matcher.feed).

    Amounts in the order currency (matching), with their company-currency
    value (reporting). Events of the same kind on the same day should be
    summed by the caller (an invoice and its credit note, a final invoice and
    the down payment it deducts). An invoice of the day of its delivery has
    a lag of 0, not "in advance".
    """
    return Matcher(tolerance).feed(deliveries, invoices).pieces()


def can_resume(last_delivered_on, last_invoiced_on, deliveries, invoices, credit_excess=0.0, tolerance=0.005):
    """Whether new events can continue a line's matching from its open
    pieces and give what matching all its events again would.

    With deliveries and invoices that only add value, first delivered, first
    invoiced pairs the n-th unit of delivered value (deliveries in date
    order) with the n-th unit of invoiced value (invoices in date order):
    new deliveries must not come before the last delivery already matched,
    nor new invoices before the last invoice. A credit note or a delivery
    taken back reaches back into billed pieces: then everything is matched
    again."""
    if credit_excess > tolerance:
        return False
    if any(amount < -tolerance for _day, amount, *_rest in deliveries) or any(
            amount < -tolerance for _day, amount, _company in invoices):
        return False
    if last_delivered_on and any(day < last_delivered_on for day, *_rest in deliveries):
        return False
    return not (last_invoiced_on and any(day < last_invoiced_on for day, *_rest in invoices))


def weighted_median(values):
    """Value-weighted median of ``(lag, weight)`` pairs: the lag by which
    half of the value was billed. None without weight."""
    pairs = sorted((lag, weight) for lag, weight in values if weight > 0)
    total = sum(weight for _lag, weight in pairs)
    if not total:
        return None
    running = 0.0
    for lag, weight in pairs:
        running += weight
        if running >= total / 2:
            return lag
    return pairs[-1][0]
