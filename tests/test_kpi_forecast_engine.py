"""The cash forecast engine, on figures computed by hand."""

import datetime as dt

import pytest
from o2c_kpi_engine import forecast as fc

D = dt.date(2026, 11, 22)  # a Sunday: week 1 is Nov 23 - 29 (2026-W48)


def dist(*points, count=None):
    return fc.Distribution(points, count)


# -- delays ------------------------------------------------------------------------------
def test_distribution_mean_and_value_weighted_quantiles():
    # 1 000 paid 10 days late, 3 000 paid 20 days late: mean (10 000 + 60 000) / 4 000 = 17.5;
    # 20 % of the value (800) is reached at 10 days, 80 % (3 200) at 20.
    delays = dist((10, 1000), (20, 3000))
    assert delays.mean() == 17.5
    assert delays.quantile(0.2) == 10
    assert delays.quantile(0.8) == 20
    assert delays.offsets() == {"expected": 17.5, "optimistic": 10, "pessimistic": 20}
    assert delays.longer_than(10).points == [(20, 3000)]
    assert not delays.longer_than(20)


def test_choose_own_history_else_the_company_s():
    own = dist((0, 100), (2, 100), count=2)  # 2 payments: too few
    company = dist((5, 100), (15, 100), count=8)
    assert fc.choose(own, company) == {"expected": 10, "optimistic": 5, "pessimistic": 15}
    own3 = dist((0, 100), (2, 100), count=3)
    assert fc.choose(own3, company)["expected"] == 1
    # 4 days already elapsed: the customer never paid that late; the company did (5 and 15).
    assert fc.choose(own3, company, elapsed=4) == {"expected": 10, "optimistic": 5, "pessimistic": 15}
    # 5 days: only the company's 15 is longer.
    assert fc.choose(own3, company, elapsed=5) == {"expected": 15, "optimistic": 15, "pessimistic": 15}
    # later than anything seen: None; no history at all: {} (no delay)
    assert fc.choose(own3, company, elapsed=15) is None
    assert fc.choose(None, None, elapsed=3) == {}


def test_receivable_dates_due_date_plus_delays_longer_than_elapsed():
    own = dist((-2, 1000), (10, 1000), (30, 2000), count=4)
    # Not due yet (due Nov 30, 8 days ahead: elapsed -8): all the history counts.
    # mean = (-2 000 + 10 000 + 60 000) / 4 000 = 17 -> Dec 17; 20 % at -2 -> Nov 28; 80 % at 30 -> Dec 30.
    dates = fc.receivable_dates(dt.date(2026, 11, 30), D, own, None)
    assert dates == {"expected": dt.date(2026, 12, 17), "optimistic": dt.date(2026, 11, 28),
                     "pessimistic": dt.date(2026, 12, 30)}
    # Due Nov 10, 12 days late on Nov 22: only the 30-day delays are left -> Dec 10.
    dates = fc.receivable_dates(dt.date(2026, 11, 10), D, own, None)
    assert set(dates.values()) == {dt.date(2026, 12, 10)}
    # Due Sep 1, 82 days late: later than anything paid -> not expected.
    assert fc.receivable_dates(dt.date(2026, 9, 1), D, own, None) is None


def test_receivable_dates_follow_o2c_dunning_s_prediction():
    own = dist((0, 1000), (10, 3000), count=4)  # mean 7.5, 20 %: 0, 80 %: 10
    due = dt.date(2026, 11, 30)
    dates = fc.receivable_dates(due, D, own, None, predicted=dt.date(2026, 12, 20))
    # the prediction, and its percentiles moved by as much: -7.5 -> -8 (rounded half to even: -7.5 -> -8),
    # +2.5 -> +2
    assert dates["expected"] == dt.date(2026, 12, 20)
    assert dates["optimistic"] == dt.date(2026, 12, 12)
    assert dates["pessimistic"] == dt.date(2026, 12, 22)
    # a prediction already past is ignored: due + mean of the delays longer than -8 days
    assert fc.receivable_dates(due, D, own, None, predicted=dt.date(2026, 11, 20))["expected"] == \
        fc.shift(due, 7.5)


def test_invoice_day_from_the_billing_lag():
    lags = dist((2, 3000), (20, 1000), count=5)  # mean (6 000 + 20 000) / 4 000 = 6.5
    # delivered Nov 20 (2 days old): lags over 2 -> 20 -> Dec 10
    assert fc.invoice_day(dt.date(2026, 11, 20), D, lags, None) == dt.date(2026, 12, 10)
    # delivered Nov 30 (after the reference date: the month-end of work in progress): + 6.5 -> Dec 6
    assert fc.invoice_day(dt.date(2026, 11, 30), D, lags, None) == dt.date(2026, 12, 6)
    # older than any lag: invoiced the day after the reference date
    assert fc.invoice_day(dt.date(2026, 9, 30), D, lags, None) == dt.date(2026, 11, 23)
    # no history: at once
    assert fc.invoice_day(dt.date(2026, 11, 15), D, None, None) == dt.date(2026, 11, 23)


def test_future_invoice_dates_terms_plus_delays():
    delays = dist((0, 1000), (10, 1000), (20, 2000), count=3)  # mean 12.5, 20 %: 0, 80 %: 20
    dates = fc.future_invoice_dates(dt.date(2026, 12, 6), 30, delays, None)
    assert dates == {"expected": dt.date(2027, 1, 17), "optimistic": dt.date(2027, 1, 5),
                     "pessimistic": dt.date(2027, 1, 25)}
    assert set(fc.future_invoice_dates(dt.date(2026, 12, 6), 30, None, None).values()) == {dt.date(2027, 1, 5)}


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
def test_spread_evenly_by_iso_week():
    # 1 000 over Nov 25 (Wed) - Dec 8 (Tue): 14 days; 5 in W48, 7 in W49, 2 in W50
    assert fc.spread(1400, dt.date(2026, 11, 25), dt.date(2026, 12, 8)) == [
        (dt.date(2026, 11, 29), 500), (dt.date(2026, 12, 6), 700), (dt.date(2026, 12, 8), 200)]
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
        fc.Item(fc.RECEIVABLES, 1200, {"expected": dt.date(2026, 11, 1), "optimistic": dt.date(2026, 11, 1),
                                       "pessimistic": dt.date(2026, 12, 1)}),
        fc.Item(fc.PAYABLES, -500, dict.fromkeys(fc.CASES, dt.date(2026, 11, 30))),
        fc.Item(fc.BACKLOG, 3000, dict.fromkeys(fc.CASES, dt.date(2027, 6, 1))),
        fc.Item(fc.RECEIVABLES, 700, None),
    ]
    summary = fc.summarize(items, weeks, opening=10000)
    expected = summary["expected"]
    assert expected["sources"]["receivables"][0] == 1200  # late: week 1
    assert expected["sources"]["receivables"][14] == 700  # not expected
    assert expected["sources"]["backlog"][13] == 3000  # later
    assert expected["net"][:2] == [1200, -500]
    assert expected["balance"][:2] == [11200, 10700]
    assert expected["balance"][-1] == 10700
    pessimistic = summary["pessimistic"]
    assert pessimistic["balance"][:3] == [10000, 10700, 10700]  # paid Dec 1, in week 2 (Nov 30 - Dec 6)
    assert fc.receipts_by_bucket(items, weeks)[:2] == [1200, 0]


def test_mape_leaves_out_weeks_without_receipts():
    # |110 - 100| / 100 = 10 %, |50 - 100| / 100 = 50 %, actual 0 left out: mean 30 %
    assert fc.mape([(110, 100), (50, 100), (20, 0)]) == 30
    assert fc.mape([(20, 0)]) is None
