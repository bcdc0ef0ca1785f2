"""Receivables KPIs (DSO both ways, best possible DSO, ADD, CEI, cash tied up
by the DSO) on plain numbers computed by hand."""

import datetime as dt

import pytest
from o2c_kpi_engine import receivables as rec

D = dt.date
# Jan 2026: 50 000 invoiced (31 days), Feb: 28 000 (28 days), Mar: 62 000 (31 days), newest first.
MONTHS = [(62000.0, 31), (28000.0, 28), (50000.0, 31)]


def test_periods_are_the_month_to_date_then_whole_months():
    assert rec.periods(D(2026, 3, 15), 3) == [(D(2026, 3, 1), D(2026, 3, 15)), (D(2026, 2, 1), D(2026, 2, 28)),
                                              (D(2026, 1, 1), D(2026, 1, 31))]
    assert rec.periods(D(2026, 1, 31), 2) == [(D(2026, 1, 1), D(2026, 1, 31)), (D(2025, 12, 1), D(2025, 12, 31))]
    assert [rec.days_in(p) for p in rec.periods(D(2024, 3, 15), 2)] == [15, 29]  # 2024: leap year
    assert rec.add_months(D(2026, 3, 31), -1) == D(2026, 2, 28)
    assert rec.add_months(D(2024, 3, 31), -1) == D(2024, 2, 29)
    assert rec.add_months(D(2026, 1, 15), -13) == D(2024, 12, 15)
    assert rec.opening_date(D(2026, 3, 15)) == D(2025, 12, 31)  # eve of Jan 1, first of the 3 periods
    assert rec.month_ends(D(2026, 3, 15), 3) == [D(2025, 12, 31), D(2026, 1, 31), D(2026, 2, 28)]
    assert rec.is_month_end(D(2026, 2, 28)) and not rec.is_month_end(D(2024, 2, 28))


def test_needs_names_every_day_and_period_the_figures_read():
    days, spans = rec.needs([D(2026, 3, 15), D(2026, 2, 15)], simple_months=3, countback_months=2, cei_months=3)
    # balances: the two days and the eves of their 3-month windows (Jan 1 and Dec 1)
    assert days == [D(2025, 11, 30), D(2025, 12, 31), D(2026, 2, 15), D(2026, 3, 15)]
    # sales: 3 periods of each day (the largest of 2 countback, 3 simple, 3 CEI)
    assert spans == [(D(2025, 12, 1), D(2025, 12, 31)), (D(2026, 1, 1), D(2026, 1, 31)),
                     (D(2026, 2, 1), D(2026, 2, 15)), (D(2026, 2, 1), D(2026, 2, 28)),
                     (D(2026, 3, 1), D(2026, 3, 15))]


def test_countback_dso():
    # 70 000 owed on Mar 31: March's 62 000 cover 31 days, 8 000 are left;
    # February sold 28 000 in 28 days: 8 000 / 28 000 x 28 = 8 days. DSO = 39.
    assert rec.countback_dso(70000, MONTHS) == pytest.approx(39)
    # 40 000 owed: within March: 40 000 / 62 000 x 31 = 20 days.
    assert rec.countback_dso(40000, MONTHS) == pytest.approx(20)
    # exactly March's sales: 31 days
    assert rec.countback_dso(62000, MONTHS) == pytest.approx(31)


def test_countback_beyond_the_months_given_counts_the_rest_at_their_daily_sales():
    # 200 000 owed: the 3 months cover 140 000 in 90 days; the 60 000 left
    # count at 140 000 / 90 = 1 555.56 a day: 38.57 days. DSO = 128.57.
    assert rec.countback_dso(200000, MONTHS) == pytest.approx(90 + 60000 / (140000 / 90))
    assert round(rec.countback_dso(200000, MONTHS), 2) == 128.57


def test_countback_month_without_sales_counts_all_its_days():
    # March: credit notes above invoices (-1 000): covers nothing, 31 days;
    # 5 000 owed, February sold 10 000 in 28 days: 14 days. DSO = 45.
    assert rec.countback_dso(5000, [(-1000.0, 31), (10000.0, 28)]) == pytest.approx(45)
    assert rec.countback_dso(5000, [(0.0, 31), (0.0, 28)]) is None  # nothing sold: undefined
    assert rec.countback_dso(0, [(0.0, 31)]) == 0  # nothing owed
    assert rec.countback_dso(-300, MONTHS) == 0  # a credit balance owes nothing


def test_simple_dso():
    # 70 000 / (140 000 sold in 90 days) = 70 000 / 1 555.56 = 45 days.
    assert rec.simple_dso(70000, MONTHS) == pytest.approx(45)
    # over the last 2 months only: 70 000 / (90 000 / 59) = 45.89 days
    assert rec.dso("simple", 70000, MONTHS, 2) == pytest.approx(70000 / (90000 / 59))
    assert rec.simple_dso(70000, [(-10.0, 31)]) is None
    assert rec.simple_dso(0, [(0.0, 31)]) == 0
    with pytest.raises(ValueError):
        rec.dso("average", 1, MONTHS, 3)


def test_best_possible_dso_and_days_delinquent():
    # Of the 70 000 owed, 31 000 are not due yet.
    # Countback: best = 31 000 / 62 000 x 31 = 15.5; ADD = 39 - 15.5 = 23.5.
    best = rec.dso("countback", 31000, MONTHS, 3)
    assert best == pytest.approx(15.5)
    assert rec.days_delinquent(rec.dso("countback", 70000, MONTHS, 3), best) == pytest.approx(23.5)
    # Simple: best = 31 000 / 1 555.56 = 19.93; ADD = 45 - 19.93 = 25.07.
    best = rec.dso("simple", 31000, MONTHS, 3)
    assert round(best, 2) == 19.93
    assert round(rec.days_delinquent(45, best), 2) == 25.07
    assert rec.days_delinquent(None, 3) is None


def test_collection_effectiveness_index():
    # 100 000 owed on Dec 31; 140 000 invoiced Jan-Mar; 70 000 owed on Mar 31,
    # 31 000 of it not due. Collected = 100 000 + 140 000 - 70 000 = 170 000;
    # collectible = 100 000 + 140 000 - 31 000 = 209 000; CEI = 81.34 %.
    index, collected, collectible = rec.collection_effectiveness(100000, 140000, 70000, 31000)
    assert (collected, collectible) == (170000, 209000)
    assert round(index, 2) == 81.34
    # everything due was paid: 100 %
    assert rec.collection_effectiveness(1000, 500, 200, 200)[0] == 100
    assert rec.collection_effectiveness(0, 0, 0, 0)[0] is None  # nothing to collect


def test_terms_and_cash_tied_up_by_the_dso():
    # 10 000 due in 30 days and 30 000 in 60: (10 000 x 30 + 30 000 x 60) / 40 000 = 52.5 days.
    terms = rec.weighted_terms(40000, 10000 * 30 + 30000 * 60)
    assert terms == 52.5
    assert rec.weighted_terms(0, 0) is None
    # 1 000 sold a day, DSO 60: 1 000 x (60 - 52.5) = 7 500 tied up beyond the terms;
    # 1 000 x (60 - 45) = 15 000 freed at a 45-day target.
    assert rec.cash_above(1000, 60, terms) == 7500
    assert rec.cash_above(1000, 60, 45) == 15000
    assert rec.cash_above(1000, 40, 45) == 0  # below the target: nothing
    assert rec.cash_above(None, 60, 45) == 0
    assert rec.cash_above(1000, None, 45) == 0


def test_figures_of_a_day():
    # Mar 31 2026 as above; 100 000 owed on Dec 31 2025 (the CEI's opening);
    # of the 70 000 owed, 31 000 are current, 30 000 1-30 days late, 9 000 61-90.
    # Invoices of the 3 months: 150 000 (credit notes: 10 000, so sales 140 000),
    # due after 30 days on average: invoiced_x_days = 4 500 000.
    balances = {
        D(2026, 3, 31): {"receivables": 70000.0, "current": 31000.0, "buckets": {"1_30": 30000.0, "61_90": 9000.0}},
        D(2025, 12, 31): {"receivables": 100000.0, "current": 100000.0, "buckets": {}},
    }
    sales = {
        (D(2026, 3, 1), D(2026, 3, 31)): {"sales": 62000.0, "invoiced": 62000.0, "invoiced_x_days": 1860000.0},
        (D(2026, 2, 1), D(2026, 2, 28)): {"sales": 28000.0, "invoiced": 38000.0, "invoiced_x_days": 1140000.0},
        (D(2026, 1, 1), D(2026, 1, 31)): {"sales": 50000.0, "invoiced": 50000.0, "invoiced_x_days": 1500000.0},
    }
    result = rec.figures(D(2026, 3, 31), balances, sales, method="countback", simple_months=3, target_days=35)
    # the 9 months before January sold nothing: they never count (March and February cover the 70 000)
    assert result["receivables"] == 70000 and result["current_receivables"] == 31000
    assert result["overdue"] == 39000 and result["overdue_buckets"] == {"1_30": 30000, "61_90": 9000}
    assert result["sales"] == 62000
    assert result["dso"] == result["dso_countback"] == pytest.approx(39)
    assert result["dso_simple"] == pytest.approx(45)
    assert result["best_dso"] == pytest.approx(15.5) and result["add"] == pytest.approx(23.5)
    assert round(result["cei"], 2) == 81.34
    # daily sales 140 000 / 90 = 1 555.56; terms 4 500 000 / 150 000 = 30 days
    assert result["daily_sales"] == pytest.approx(140000 / 90) and result["terms_days"] == pytest.approx(30)
    # tied up: 1 555.56 x (39 - 30) = 14 000; freed at 35 days: 1 555.56 x 4 = 6 222.22
    assert result["cash_tied_dso"] == pytest.approx(14000)
    assert round(result["cash_freed_dso"], 2) == 6222.22
    simple = rec.figures(D(2026, 3, 31), balances, sales, method="simple", simple_months=3, target_days=35)
    # simple: DSO 45, best 19.93, ADD 25.07, tied up 1 555.56 x 15 = 23 333.33
    assert simple["dso"] == pytest.approx(45) and round(simple["add"], 2) == 25.07
    assert round(simple["cash_tied_dso"], 2) == 23333.33
    with pytest.raises(ValueError):
        rec.figures(D(2026, 3, 31), balances, sales, method="average")


def test_figures_of_a_customer_with_nothing():
    result = rec.figures(D(2026, 3, 31), {}, {})
    assert (result["receivables"], result["dso"], result["best_dso"], result["add"], result["cei"]) == (
        0, 0, 0, 0, None)
    assert (result["daily_sales"], result["terms_days"], result["cash_tied_dso"]) == (0, None, 0)
