"""Billing lag matching (FIFO, pieces, credit notes, deliveries taken back),
on plain values computed by hand."""

import datetime as dt
import random

import pytest
from o2c_kpi_engine import lag

D = dt.date


def billed(pieces):
    """(delivered_on, invoiced_on, amount, lag) of the pieces still true."""
    return sorted(((p.delivered_on, p.invoiced_on, round(p.amount, 2), p.lag_days)
                   for p in pieces if p.valid_to is None), key=lambda t: (t[0] or D.min, t[1] or D.min, t[2]))


def unbilled_on(pieces, day):
    return round(sum(p.amount for p in pieces if p.unbilled_on(day)), 2)


def test_delivery_date_conventions():
    jan20 = D(2026, 1, 20)  # a Tuesday
    assert lag.delivery_date(jan20, lag.OWN_DATE, True) == jan20
    assert lag.delivery_date(jan20, lag.MONTH_END, True) == D(2026, 1, 31)
    assert lag.delivery_date(D(2024, 2, 10), lag.MONTH_END, True) == D(2024, 2, 29)
    assert lag.delivery_date(jan20, lag.WEEK_END, True) == D(2026, 1, 25)  # ISO week ends on Sunday
    assert lag.delivery_date(D(2026, 1, 25), lag.WEEK_END, True) == D(2026, 1, 25)
    # milestones, manual deliveries and goods: their own day whatever the convention
    assert lag.delivery_date(jan20, lag.MONTH_END, False) == jan20
    with pytest.raises(ValueError):
        lag.delivery_date(jan20, "quarter", True)


def test_monthly_timesheets_under_both_conventions():
    # 8 h on Jan 20 (800) and 7 h on Jan 31 (700), invoiced Feb 2 (1 500).
    days = [(D(2026, 1, 20), 800.0), (D(2026, 1, 31), 700.0)]
    invoices = [(D(2026, 2, 2), 1500.0, 1500.0)]
    # Own date: 800 billed 13 days late, 700 two days late.
    own = lag.match([(d, a, a, d, d) for d, a in days], invoices)
    assert billed(own) == [(D(2026, 1, 20), D(2026, 2, 2), 800, 13), (D(2026, 1, 31), D(2026, 2, 2), 700, 2)]
    # End of month: one delivery of 1 500 on Jan 31, billed 2 days late.
    month = lag.match([(D(2026, 1, 31), 1500.0, 1500.0, D(2026, 1, 20), D(2026, 1, 31))], invoices)
    assert billed(month) == [(D(2026, 1, 31), D(2026, 2, 2), 1500, 2)]
    assert (month[0].first_event_on, month[0].last_event_on) == (D(2026, 1, 20), D(2026, 1, 31))


def test_partial_invoices_bill_the_oldest_delivery_first():
    # 600 delivered Jan 10, 400 on Jan 12; 700 invoiced Jan 15, 300 on Feb 1.
    pieces = lag.match(
        [(D(2026, 1, 10), 600.0, 600.0, None, None), (D(2026, 1, 12), 400.0, 400.0, None, None)],
        [(D(2026, 1, 15), 700.0, 700.0), (D(2026, 2, 1), 300.0, 300.0)])
    assert billed(pieces) == [
        (D(2026, 1, 10), D(2026, 1, 15), 600, 5),
        (D(2026, 1, 12), D(2026, 1, 15), 100, 3),
        (D(2026, 1, 12), D(2026, 2, 1), 300, 20),
    ]
    assert unbilled_on(pieces, D(2026, 1, 11)) == 600
    assert unbilled_on(pieces, D(2026, 1, 14)) == 1000
    assert unbilled_on(pieces, D(2026, 1, 20)) == 300
    assert unbilled_on(pieces, D(2026, 2, 1)) == 0


def test_prepaid_pack_is_billed_in_advance_never_with_a_negative_lag():
    # 40 h x 90 = 3 600 invoiced Jan 16; 4 h (360) consumed Feb 3.
    pieces = lag.match([(D(2026, 2, 3), 360.0, 360.0, None, None)], [(D(2026, 1, 16), 3600.0, 3600.0)])
    consumed = next(p for p in pieces if p.delivered_on)
    assert (consumed.amount, consumed.lag_days, consumed.in_advance) == (360, 0, True)
    waiting = next(p for p in pieces if not p.delivered_on)
    assert (waiting.amount, waiting.invoiced_on, waiting.lag_days, waiting.in_advance) == (3240, D(2026, 1, 16),
                                                                                           None, True)
    assert unbilled_on(pieces, D(2026, 3, 1)) == 0


def test_same_day_invoice_is_lag_zero_not_in_advance():
    pieces = lag.match([(D(2026, 1, 10), 500.0, 500.0, None, None)], [(D(2026, 1, 10), 500.0, 500.0)])
    assert [(p.lag_days, p.in_advance) for p in pieces] == [(0, False)]


def test_credit_note_gives_the_value_back_to_the_queue():
    # 1 000 delivered Jan 10, invoiced Jan 12, credited Jan 20, invoiced again Feb 1.
    pieces = lag.match([(D(2026, 1, 10), 1000.0, 1000.0, None, None)],
                       [(D(2026, 1, 12), 1000.0, 1000.0), (D(2026, 1, 20), -1000.0, -1000.0),
                        (D(2026, 2, 1), 1000.0, 1000.0)])
    # What counts is the invoice that stayed: 22 days after the delivery.
    assert billed(pieces) == [(D(2026, 1, 10), D(2026, 2, 1), 1000, 22)]
    ended = [p for p in pieces if p.valid_to]
    assert [(p.invoiced_on, p.valid_to) for p in ended] == [(D(2026, 1, 12), D(2026, 1, 20))]
    # History stays exact: unbilled before the first invoice, billed until the
    # credit note, unbilled again until the second invoice.
    assert [unbilled_on(pieces, D(2026, 1, d)) for d in (9, 11, 15, 20, 25)] == [0, 1000, 0, 1000, 1000]
    assert unbilled_on(pieces, D(2026, 2, 1)) == 0


def test_partial_credit_note_takes_the_latest_billed_value():
    # 600 delivered Jan 5 billed Jan 10; 400 delivered Jan 15 billed Jan 20;
    # 100 credited Jan 25: back from the Jan 15 delivery.
    pieces = lag.match([(D(2026, 1, 5), 600.0, 600.0, None, None), (D(2026, 1, 15), 400.0, 400.0, None, None)],
                       [(D(2026, 1, 10), 600.0, 600.0), (D(2026, 1, 20), 400.0, 400.0),
                        (D(2026, 1, 25), -100.0, -100.0)])
    assert billed(pieces) == [(D(2026, 1, 5), D(2026, 1, 10), 600, 5), (D(2026, 1, 15), None, 100, None),
                              (D(2026, 1, 15), D(2026, 1, 20), 300, 5)]
    assert unbilled_on(pieces, D(2026, 1, 24)) == 0
    assert unbilled_on(pieces, D(2026, 1, 25)) == 100


def test_credit_note_of_a_prepaid_invoice_cancels_the_advance_first():
    # 1 000 invoiced in advance Jan 5, 300 delivered Jan 10, 500 credited Jan 20.
    pieces = lag.match([(D(2026, 1, 10), 300.0, 300.0, None, None)],
                       [(D(2026, 1, 5), 1000.0, 1000.0), (D(2026, 1, 20), -500.0, -500.0)])
    assert billed(pieces) == [(None, D(2026, 1, 5), 200, None), (D(2026, 1, 10), D(2026, 1, 5), 300, 0)]


def test_credit_beyond_what_was_invoiced_is_absorbed_by_the_next_invoice():
    # 500 delivered and billed Jan 5; 700 credited Jan 6 (200 too much); 700 invoiced Jan 9.
    pieces = lag.match([(D(2026, 1, 5), 500.0, 500.0, None, None)],
                       [(D(2026, 1, 5), 500.0, 500.0), (D(2026, 1, 6), -700.0, -700.0),
                        (D(2026, 1, 9), 700.0, 700.0)])
    assert billed(pieces) == [(D(2026, 1, 5), D(2026, 1, 9), 500, 4)]


def test_delivery_taken_back_removes_unbilled_value_then_billed_value():
    # 5 days x 100 delivered Jan 5, 3 billed Jan 8 (300); 3 days taken back Jan 12:
    # first the 2 unbilled, then 1 billed, whose invoice is billed in advance again.
    pieces = lag.match([(D(2026, 1, 5), 500.0, 500.0, None, None), (D(2026, 1, 12), -300.0, -300.0, None, None)],
                       [(D(2026, 1, 8), 300.0, 300.0)])
    assert billed(pieces) == [(None, D(2026, 1, 8), 100, None), (D(2026, 1, 5), D(2026, 1, 8), 200, 3)]
    assert unbilled_on(pieces, D(2026, 1, 10)) == 200
    assert unbilled_on(pieces, D(2026, 1, 12)) == 0


def test_company_currency_follows_the_delivery_rate():
    # 1 000 EUR delivered at 2.0 EUR per company unit (500), billed at 2.5 (400 booked):
    # the piece keeps the delivery's 500; value billed in advance keeps the invoice's.
    pieces = lag.match([(D(2026, 1, 10), 1000.0, 500.0, None, None)], [(D(2026, 2, 1), 1200.0, 480.0)])
    assert sorted((p.delivered_on is None, round(p.amount_company, 2)) for p in pieces) == [(False, 500), (True, 80)]


def test_weighted_median():
    assert lag.weighted_median([(2, 100), (30, 100), (5, 1000)]) == 5
    assert lag.weighted_median([(2, 600), (30, 400)]) == 2
    assert lag.weighted_median([(2, 500), (30, 500)]) == 2
    assert lag.weighted_median([]) is None


def totals(pieces):
    """Value per (delivered, invoiced, ended) of the pieces: what every
    figure reads (lags, billed in advance, unbilled on any day)."""
    result = {}
    for p in pieces:
        key = (p.delivered_on, p.invoiced_on, p.valid_from, p.valid_to)
        result[key] = round(result.get(key, 0) + p.amount, 6)
    return {k: v for k, v in result.items() if abs(v) > 1e-6}


def test_resuming_from_the_open_pieces_gives_what_matching_everything_again_gives():
    # Many random lines: their events split in two runs, the second resuming
    # from the open pieces of the first, give the same values and dates as one
    # run over all the events.
    rng = random.Random(42)
    start = D(2026, 1, 1)
    for _case in range(300):
        deliveries = sorted((start + dt.timedelta(days=rng.randint(0, 90)), float(rng.randint(1, 20) * 50))
                            for _ in range(rng.randint(0, 8)))
        invoices = sorted((start + dt.timedelta(days=rng.randint(0, 90)), float(rng.randint(1, 30) * 50))
                          for _ in range(rng.randint(0, 6)))
        d_events = [(d, a, a * 0.8, d, d) for d, a in deliveries]
        i_events = [(d, a, a * 0.8) for d, a in invoices]
        cut_d, cut_i = rng.randint(0, len(d_events)), rng.randint(0, len(i_events))
        old_d, new_d, old_i, new_i = d_events[:cut_d], d_events[cut_d:], i_events[:cut_i], i_events[cut_i:]
        first = lag.Matcher().feed(old_d, old_i)
        last_d = max((e[0] for e in old_d), default=None)
        last_i = max((e[0] for e in old_i), default=None)
        assert lag.can_resume(last_d, last_i, new_d, new_i, first.credit_excess)
        kept = [p for p in first.pieces() if p.valid_to or p.is_billed]
        opened = [p for p in first.pieces() if not (p.valid_to or p.is_billed)]
        resumed = lag.Matcher(resume_from=opened, credit_excess=first.credit_excess).feed(new_d, new_i)
        assert totals(kept + resumed.pieces()) == totals(lag.match(d_events, i_events)), _case


def test_what_cannot_be_resumed():
    jan = [(D(2026, 1, 31), 100.0, 100.0, None, None)]
    assert lag.can_resume(D(2026, 1, 31), D(2026, 1, 5), jan, [(D(2026, 2, 2), 100.0, 100.0)])
    # a delivery dated before the last one matched (a timesheet entered late)
    assert not lag.can_resume(D(2026, 2, 28), None, jan, [])
    # an invoice dated before the last invoice
    assert not lag.can_resume(None, D(2026, 2, 10), [], [(D(2026, 2, 2), 100.0, 100.0)])
    # a credit note, a delivery taken back, a credit waiting for the next invoice
    assert not lag.can_resume(None, None, [], [(D(2026, 2, 2), -100.0, -100.0)])
    assert not lag.can_resume(None, None, [(D(2026, 2, 2), -1.0, -1.0, None, None)], [])
    assert not lag.can_resume(None, None, jan, [], credit_excess=50)
