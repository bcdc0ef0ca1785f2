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
from dataclasses import dataclass, replace

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


@dataclass(frozen=True)
class Piece:
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


@dataclass
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
        part = replace(self, amount=amount)
        self.amount -= amount
        return part


def _ratio(amount, amount_company, default=1.0):
    return amount_company / amount if amount else default


def match(deliveries, invoices, tolerance=0.005):
    """The pieces of one order line.

    ``deliveries``: ``(delivered_on, amount, amount_company, first_event_on,
    last_event_on)``, already dated by the convention, negative amounts for
    deliveries taken back; ``invoices``: ``(invoiced_on, amount,
    amount_company)``, negative for credit notes. Amounts in the order
    currency (matching), with their company-currency value (reporting).
    Events of the same kind on the same day should be summed by the caller
    (an invoice and its credit note, a final invoice and the down payment it
    deducts). On one day, deliveries come before invoices: an invoice of the
    day of its delivery has a lag of 0, not "in advance".
    """
    events = [(day, 0, amount, company, first, last) for day, amount, company, first, last in deliveries]
    events += [(day, 1, amount, company, None, None) for day, amount, company in invoices]
    events.sort(key=lambda e: (e[0], e[1]))
    unbilled, advance, billed, done = [], [], [], []
    credit_excess = 0.0

    def close(piece, day):
        done.append(replace(piece, valid_to=day))

    for day, kind, amount, company, first, last in events:
        if abs(amount) <= tolerance:
            continue
        ratio = _ratio(amount, company)
        if kind == 0 and amount > 0:  # delivered: consumes value billed in advance, oldest first
            left = amount
            while left > tolerance and advance:
                chunk = advance[0]
                part = chunk.split(min(left, chunk.amount))
                billed.append(Piece(part.amount, part.amount * ratio, day, part.day, first, last, part.valid_from))
                left -= part.amount
                if chunk.amount <= tolerance:
                    advance.pop(0)
            if left > tolerance:
                unbilled.append(_Chunk(day, left, ratio, first, last))
        elif kind == 0:  # taken back: the latest unbilled value, then the latest billed pieces
            left = -amount
            while left > tolerance and unbilled:
                chunk = unbilled[-1]
                part = chunk.split(min(left, chunk.amount))
                close(Piece(part.amount, part.amount * part.ratio, part.day, None, part.first_event_on,
                            part.last_event_on, part.valid_from), day)
                left -= part.amount
                if chunk.amount <= tolerance:
                    unbilled.pop()
            while left > tolerance and billed:
                piece = billed.pop()
                taken = min(left, piece.amount)
                share = taken / piece.amount
                close(replace(piece, amount=taken, amount_company=piece.amount_company * share), day)
                if piece.amount - taken > tolerance:
                    billed.append(replace(piece, amount=piece.amount - taken,
                                          amount_company=piece.amount_company * (1 - share)))
                # what was invoiced for it is billed in advance again, from today
                advance.insert(0, _Chunk(piece.invoiced_on, taken, piece.amount_company / piece.amount,
                                         valid_from=day))
                left -= taken
        elif amount > 0:  # invoiced: bills the oldest unbilled value first
            left = amount
            absorbed = min(left, credit_excess)
            credit_excess -= absorbed
            left -= absorbed
            while left > tolerance and unbilled:
                chunk = unbilled[0]
                part = chunk.split(min(left, chunk.amount))
                billed.append(Piece(part.amount, part.amount * part.ratio, part.day, day, part.first_event_on,
                                    part.last_event_on, part.valid_from))
                left -= part.amount
                if chunk.amount <= tolerance:
                    unbilled.pop(0)
            if left > tolerance:
                advance.append(_Chunk(day, left, ratio))
        else:  # credit note: cancels value billed in advance, then the latest billed pieces
            left = -amount
            while left > tolerance and advance:
                chunk = advance[-1]
                part = chunk.split(min(left, chunk.amount))
                close(Piece(part.amount, part.amount * part.ratio, None, part.day, valid_from=part.valid_from), day)
                left -= part.amount
                if chunk.amount <= tolerance:
                    advance.pop()
            while left > tolerance and billed:
                piece = billed.pop()
                taken = min(left, piece.amount)
                share = taken / piece.amount
                close(replace(piece, amount=taken, amount_company=piece.amount_company * share), day)
                if piece.amount - taken > tolerance:
                    billed.append(replace(piece, amount=piece.amount - taken,
                                          amount_company=piece.amount_company * (1 - share)))
                # its delivered value is unbilled again, as old as its delivery
                chunk = _Chunk(piece.delivered_on, taken, piece.amount_company / piece.amount,
                               piece.first_event_on, piece.last_event_on, valid_from=day)
                position = next((i for i, c in enumerate(unbilled) if c.day > chunk.day), len(unbilled))
                unbilled.insert(position, chunk)
                left -= taken
            credit_excess += max(left, 0.0)
    pieces = done + billed
    pieces += [Piece(c.amount, c.amount * c.ratio, c.day, None, c.first_event_on, c.last_event_on, c.valid_from)
               for c in unbilled]
    pieces += [Piece(c.amount, c.amount * c.ratio, None, c.day, valid_from=c.valid_from) for c in advance]
    return pieces


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
