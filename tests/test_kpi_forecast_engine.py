"""The cash forecast engine, on figures computed by hand."""

import datetime as dt

import pytest
from o2c_kpi_engine import forecast as fc

D = dt.date(2026, 11, 22)  # a Sunday: week 1 is Nov 23 - 29 (2026-W48)


def dist(*points, count=None, censored=()):
    return fc.Distribution(points, count, censored)


# -- delays ------------------------------------------------------------------------------
def test_distribution_value_weighted_quantiles():
    # 1 000 paid 10 days late, 3 000 paid 20 days late: a quarter of the value at 10 days.
    # Five equally likely dates: the 10th percentile is 10 days, the 30th to 90th 20 days.
    delays = dist((10, 1000), (20, 3000))
    assert delays.masses == [(10, 0.25), (20, 0.75)]
    assert (delays.quantile(0.2), delays.quantile(0.8), delays.never) == (10, 20, 0)
    assert delays.offsets() == {"expected": [(10, 0.2), (20, 0.8)], "optimistic": [(10, 1.0)],
                                "pessimistic": [(20, 1.0)]}
    assert not delays.longer_than(20)


def test_distribution_open_documents_kaplan_meier():
    # Paid: 1 000 at 10 days, 1 000 at 20; still open after 25 days: 2 000.
    # At 10 days 1 000 of the 4 000 at risk is paid: 25 %; at 20, 1 000 of the
    # 3 000 left: 75 % x 1/3 = 25 %; the other 50 % were never paid so late.
    delays = dist((10, 1000), (20, 1000), censored=[(25, 2000)])
    assert delays.masses == [(10, 0.25), (20, 0.25)]
    assert delays.never == 0.5
    assert delays.offsets()["expected"] == [(10, 0.2), (20, 0.4), (None, 0.4)]
    assert (delays.quantile(0.2), delays.quantile(0.8)) == (10, None)
    # Open after 10 days: 20 days for a third (0.25 / 0.75), never for two thirds.
    later = delays.longer_than(10)
    assert [(d, round(m, 4)) for d, m in later.masses] == [(20, 0.3333)]
    assert round(later.never, 4) == 0.6667
    # An open document counted until its day: still open after 15 days, it is at
    # risk at 10 days, not at 20 (1 000 paid at 20 of the 1 000 left then: all of it).
    assert dist((10, 1000), (20, 1000), censored=[(15, 2000)]).masses == [(10, 0.25), (20, 0.75)]


def test_choose_own_history_else_the_company_s():
    own = dist((0, 100), (2, 100), count=2)  # 2 payments: too few
    company = dist((5, 100), (15, 100), count=8)
    assert fc.choose(own, company)["optimistic"] == [(5, 1.0)]
    own3 = dist((0, 100), (2, 100), count=3)
    assert fc.choose(own3, company)["pessimistic"] == [(2, 1.0)]
    # 4 days already elapsed: the customer never paid that late; the company did (5 and 15, half each:
    # the 10th to 50th percentiles at 5 days, the 70th and 90th at 15).
    assert [(d, round(s, 6)) for d, s in fc.choose(own3, company, elapsed=4)["expected"]] == [(5, 0.6), (15, 0.4)]
    # 5 days: only the company's 15 is longer.
    assert fc.choose(own3, company, elapsed=5)["expected"] == [(15, 1.0)]
    # later than anything seen: None; no history at all: {} (no delay)
    assert fc.choose(own3, company, elapsed=15) is None
    assert fc.choose(None, None, elapsed=3) == {}


def test_receivable_dates_due_date_plus_delays_longer_than_elapsed():
    own = dist((-2, 1000), (10, 1000), (30, 2000), count=4)  # 25 %, 25 %, 50 %
    # Due Nov 30, not due on Nov 22 (elapsed -8): the whole history. 10th percentile
    # -2 days (Nov 28), 30th and 50th 10 days (Dec 10), 70th and 90th 30 days (Dec 30).
    dates = fc.receivable_dates(dt.date(2026, 11, 30), D, own, None)
    assert dates == {
        "expected": [(dt.date(2026, 11, 28), 0.2), (dt.date(2026, 12, 10), 0.4), (dt.date(2026, 12, 30), 0.4)],
        "optimistic": [(dt.date(2026, 11, 28), 1.0)], "pessimistic": [(dt.date(2026, 12, 30), 1.0)]}
    # Due Nov 10, 12 days late on Nov 22: only the 30-day delays are left -> Dec 10.
    dates = fc.receivable_dates(dt.date(2026, 11, 10), D, own, None)
    assert dates["expected"] == [(dt.date(2026, 12, 10), 1.0)]
    # Due Sep 1, 82 days late: later than anything paid -> not expected.
    assert fc.receivable_dates(dt.date(2026, 9, 1), D, own, None) is None
    # No history: the due date.
    assert fc.receivable_dates(dt.date(2026, 9, 1), D, None, None)["expected"] == [(dt.date(2026, 9, 1), 1.0)]


def test_unpaid_invoices_make_payment_less_likely():
    # Paid 1 000 on the due date and 1 000 10 days late; 2 000 still open 20 days
    # after their due date: 25 % at 0, 25 % at 10, 50 % never paid so far.
    own = dist((0, 1000), (10, 1000), count=3, censored=[(20, 2000)])
    dates = fc.receivable_dates(dt.date(2026, 11, 30), D, own, None)
    assert dates["expected"] == [(dt.date(2026, 11, 30), 0.2), (dt.date(2026, 12, 10), 0.4), (None, 0.4)]
    assert dates["pessimistic"] == [(None, 1.0)]


def test_receivable_dates_follow_o2c_dunning_s_prediction():
    own = dist((0, 1000), (10, 3000), count=4)  # expected: 0 days for a fifth, 10 for the rest: mean 8
    due = dt.date(2026, 11, 30)
    dates = fc.receivable_dates(due, D, own, None, predicted=dt.date(2026, 12, 20))
    # the same dates moved so that their mean is the prediction: -8 and +2 days
    assert dates == {"expected": [(dt.date(2026, 12, 12), 0.2), (dt.date(2026, 12, 22), 0.8)],
                     "optimistic": [(dt.date(2026, 12, 12), 1.0)], "pessimistic": [(dt.date(2026, 12, 22), 1.0)]}
    # a prediction already past is ignored
    assert fc.receivable_dates(due, D, own, None, predicted=dt.date(2026, 11, 20)) == \
        fc.receivable_dates(due, D, own, None)


def test_invoice_offsets_from_the_billing_lag():
    lags = dist((2, 3000), (20, 1000), count=5)  # 75 % in 2 days, 25 % in 20
    # delivered Nov 20 (2 days old on Nov 22): lags over 2 -> 20 days -> Dec 10
    offsets = fc.invoice_offsets(dt.date(2026, 11, 20), D, lags, None)
    assert offsets == [(20, 1.0)]
    # delivered Nov 30 (the month end of work in progress): 2 days for four fifths, 20 for a fifth
    assert fc.invoice_offsets(dt.date(2026, 11, 30), D, lags, None) == [(2, 0.8), (20, 0.2)]
    # older than any lag: not expected; no history: the day after the reference date (Nov 15 + 8)
    assert fc.invoice_offsets(dt.date(2026, 9, 30), D, lags, None) is None
    assert fc.invoice_offsets(dt.date(2026, 11, 15), D, None, None) == [(8, 1.0)]


def test_cash_offsets_terms_plus_delays():
    delays = dist((0, 1000), (10, 1000), (20, 2000), count=3)  # 0: 10th pct, 10: 30th-50th, 20: 70th-90th
    # invoiced on delivery, 30 days terms: 30, 40 and 50 days after the delivery
    offsets = fc.cash_offsets([(0, 1.0)], 30, delays, None)
    assert offsets == {"expected": [(30, 0.2), (40, 0.4), (50, 0.4)], "optimistic": [(30, 1.0)],
                       "pessimistic": [(50, 1.0)]}
    assert fc.dated(dt.date(2026, 12, 6), offsets)["expected"] == [
        (dt.date(2027, 1, 5), 0.2), (dt.date(2027, 1, 15), 0.4), (dt.date(2027, 1, 25), 0.4)]
    # invoiced 2 days after (80 %) or 20: 2 x 3 dates; the others at the mean invoice day
    # (2 x 0.8 + 20 x 0.2 = 5.6 -> 6): 6 + 30 + 0 = 36 days
    offsets = fc.cash_offsets([(2, 0.8), (20, 0.2)], 30, delays, None)
    assert len(offsets["expected"]) == 6
    assert round(sum(share for _d, share in offsets["expected"]), 6) == 1
    assert offsets["optimistic"] == [(36, 1.0)]
    # half never invoiced: half never paid; no payment history: on the due date
    offsets = fc.cash_offsets([(0, 0.5), (None, 0.5)], 30, None, None)
    assert offsets["expected"] == [(30, 0.5), (None, 0.5)]
    assert offsets["pessimistic"] == [(30, 0.5), (None, 0.5)]
    assert fc.dated(dt.date(2026, 12, 6), offsets)["pessimistic"] == [(dt.date(2027, 1, 5), 0.5), (None, 0.5)]


# -- buckets -----------------------------------------------------------------------------
def test_weeks_and_months_after_the_reference_date():
    weeks = fc.weeks(D)
    assert len(weeks) == 13
    assert (weeks[0].start, weeks[0].end, weeks[0].label) == (dt.date(2026, 11, 23), dt.date(2026, 11, 29), "2026-W48")
    assert weeks[-1].end == dt.date(2027, 2, 21)
    # a Wednesday: week 1 is Thursday to Sunday
    wednesday = fc.weeks(dt.date(2026, 11, 25))
    assert (wednesday[0].start, wednesday[0].end) == (dt.date(2026, 11, 26), dt.date(2026, 11, 29))
    months = fc.months(D)
    assert [(m.start, m.end) for m in months[:2]] == [
        (dt.date(2026, 11, 23), dt.date(2026, 11, 30)), (dt.date(2026, 12, 1), dt.date(2026, 12, 31))]
    assert months[-1].label == "2027-04"
    assert fc.horizon(D, "month") == months
    with pytest.raises(ValueError):
        fc.horizon(D, "year")


def test_bucket_index_late_later_and_not_expected():
    weeks = fc.weeks(D)
    assert fc.bucket_index(weeks, dt.date(2026, 10, 1)) == 0  # late: the first week
    assert fc.bucket_index(weeks, dt.date(2026, 11, 30)) == 1
    assert fc.bucket_index(weeks, dt.date(2027, 2, 22)) == 13  # later
    assert fc.bucket_index(weeks, None) == 14  # not expected


# -- the backlog -------------------------------------------------------------------------
def test_spread_evenly_by_iso_week_and_month():
    # 1 400 over Nov 25 (Wed) - Dec 8 (Tue), 100 a day: 5 days in W48, Monday Nov 30 (the
    # month end) and the 6 days of December of W49, 2 days in W50
    assert fc.spread(1400, dt.date(2026, 11, 25), dt.date(2026, 12, 8)) == [
        (dt.date(2026, 11, 29), 500), (dt.date(2026, 11, 30), 100), (dt.date(2026, 12, 6), 600),
        (dt.date(2026, 12, 8), 200)]
    assert fc.at_pace(300, dt.date(2026, 11, 23), 100) == [(dt.date(2026, 11, 25), 300)]


def test_schedule_milestones_tasks_end_and_pace():
    # Two milestones (40 % due Jan 3, 60 % without a deadline) on 10 000, project ending Jan 31:
    # 4 000 on Jan 3; 6 000 spread Nov 23 - Jan 31.
    parts = fc.schedule(10000, D, milestones=[(dt.date(2027, 1, 3), 0.4), (None, 0.6)], end=dt.date(2027, 1, 31))
    assert parts[0] == (dt.date(2027, 1, 3), 4000)
    assert round(sum(a for _d, a in parts[1:]), 6) == 6000
    assert parts[-1][0] == dt.date(2027, 1, 31)
    # A milestone already late: the day after the reference date.
    assert fc.schedule(500, D, milestones=[(dt.date(2026, 11, 1), 1)]) == [(dt.date(2026, 11, 23), 500)]
    # Tasks: 30 h left due Nov 29 and 10 h due Dec 6: 3 000 and 1 000 of 4 000.
    parts = fc.schedule(4000, D, tasks=[(dt.date(2026, 11, 29), 30), (dt.date(2026, 12, 6), 10)])
    assert parts[0] == (dt.date(2026, 11, 29), 3000)
    assert round(sum(a for _d, a in parts[1:]), 6) == 1000
    # The project ended: at the line's pace (100 a day: 3 days).
    assert fc.schedule(300, D, end=dt.date(2026, 11, 1), daily_pace=100) == [(dt.date(2026, 11, 25), 300)]
    # Nothing says when: unscheduled.
    assert fc.schedule(300, D) == [(None, 300)]
    assert fc.schedule(0, D) == []


# -- summary and accuracy ----------------------------------------------------------------
def test_summarize_cases_balance_later_and_not_expected():
    weeks = fc.weeks(D)
    items = [
        fc.Item(fc.RECEIVABLES, 1200, {"expected": [(dt.date(2026, 11, 1), 0.5), (dt.date(2026, 12, 1), 0.5)],
                                       "optimistic": [(dt.date(2026, 11, 1), 1.0)],
                                       "pessimistic": [(dt.date(2026, 12, 1), 1.0)]}),
        fc.Item(fc.PAYABLES, -500, fc.at(dt.date(2026, 11, 30))),
        fc.Item(fc.BACKLOG, 3000, {case: [(dt.date(2027, 6, 1), 0.8), (None, 0.2)] for case in fc.CASES}),
        fc.Item(fc.RECEIVABLES, 700, None),
    ]
    summary = fc.summarize(items, weeks, opening=10000)
    expected = summary["expected"]
    # half late (week 1), half on Dec 1 (week 2, Nov 30 - Dec 6)
    assert expected["sources"]["receivables"][:2] == [600, 600]
    assert expected["sources"]["receivables"][14] == 700  # not expected
    assert (expected["sources"]["backlog"][13], expected["sources"]["backlog"][14]) == (2400, 600)
    assert expected["net"][:2] == [600, 100]
    assert expected["balance"][:2] == [10600, 10700]
    assert expected["balance"][-1] == 10700
    assert summary["optimistic"]["balance"][:2] == [11200, 10700]
    assert summary["pessimistic"]["balance"][:3] == [10000, 10700, 10700]
    assert fc.receipts_by_bucket(items, weeks)[:2] == [600, 600]


def test_mape_leaves_out_weeks_without_receipts():
    # |110 - 100| / 100 = 10 %, |50 - 100| / 100 = 50 %, actual 0 left out: mean 30 %
    assert fc.mape([(110, 100), (50, 100), (20, 0)]) == 30
    assert fc.mape([(20, 0)]) is None
