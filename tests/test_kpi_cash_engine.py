"""Cash tied up and freed, on the issue's example: a 50-person consultancy
invoicing 15 000 a day on average and billing 10 days after delivery ties up
150 000."""

from o2c_kpi_engine import cash


def test_cash_tied_up_by_the_billing_lag():
    revenue_per_day = cash.daily(1_350_000, 90)  # 1.35 M invoiced over the last 90 days
    assert revenue_per_day == 15_000
    assert cash.tied_up(revenue_per_day, 10) == 150_000
    assert cash.tied_up(revenue_per_day, -3) == 0  # billed in advance does not lend anything
    assert cash.daily(1000, 0) == 0


def test_cash_freed_by_a_target():
    assert cash.freed(15_000, 10, 1) == 135_000  # lag from 10 days to 1
    assert cash.freed(15_000, 0.5, 1) == 0  # already better than the target
    assert cash.freed(2_000, 62.5, 45) == 35_000  # DSO from 62.5 to 45 days


def test_trend():
    assert cash.trend(12.0, 10.0) == 2.0
    assert cash.trend(None, 10.0) is None
