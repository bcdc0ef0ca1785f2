"""The demo company's shape, checked on the plan alone (no database)."""

import datetime as dt
from collections import Counter

import pytest
from o2c_pipeline_engine import demo_plan as dp

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def plan():
    return dp.build_plan(seed=42, scale=1, today=TODAY)


def test_same_seed_same_company():
    first = dp.build_plan(seed=7, scale=0.3, today=TODAY)
    second = dp.build_plan(seed=7, scale=0.3, today=TODAY)
    assert first.counts() == second.counts()
    assert [(i.invoice_date, i.untaxed) for i in first.invoices] == [
        (i.invoice_date, i.untaxed) for i in second.invoices
    ]
    other = dp.build_plan(seed=8, scale=0.3, today=TODAY)
    assert [i.invoice_date for i in other.invoices] != [i.invoice_date for i in first.invoices]


def test_scale_one_sizes(plan):
    counts = plan.counts()
    assert counts["consultants"] == 50
    assert counts["customers"] == 40
    # 50 consultants x ~250 working days, some days split with a support pack.
    assert 12_000 <= counts["timesheets"] <= 14_500
    assert 60 <= counts["orders"] <= 160


def test_scale_multiplies_consultants_customers_and_orders(plan):
    small = dp.build_plan(seed=42, scale=0.2, today=TODAY)
    assert small.counts()["consultants"] == 10
    assert small.counts()["customers"] == 8
    assert small.counts()["orders"] < plan.counts()["orders"] / 2


def test_invalid_scale():
    with pytest.raises(ValueError):
        dp.build_plan(scale=0)


def test_payment_profiles_and_one_foreign_customer(plan):
    profiles = Counter(c.profile for c in plan.customers)
    # 9/20 punctual, 6/20 slow, 3/20 very slow, 2/20 disputing; the foreign
    # customer (a disputing slot at index 39) is forced to "slow".
    assert profiles == {"punctual": 18, "slow": 13, "very_slow": 6, "disputing": 3}
    foreign = [c for c in plan.customers if c.currency != "EUR"]
    assert [(c.currency, c.name) for c in foreign] == [("USD", "Northwind Systems")]


def test_every_order_kind_is_present(plan):
    kinds = Counter(o.kind for o in plan.orders)
    assert set(kinds) == {dp.TM, dp.FIXED, dp.PREPAID, dp.MANUAL}
    assert any(o.down_payment_share for o in plan.orders)
    invoice_kinds = Counter(i.kind for i in plan.invoices)
    assert invoice_kinds["down_payment"] >= 1 and invoice_kinds["final"] >= 1
    assert plan.credit_notes, "some credit notes"
    assert plan.disputed_invoices, "some disputed invoices"


def test_timesheets_every_working_day(plan):
    days = dp.working_days(plan.start, plan.today)
    hours = Counter()
    for sheet in plan.timesheets:
        assert dp.is_working_day(sheet.day)
        hours[(sheet.consultant, sheet.day)] += sheet.hours
    for consultant in plan.consultants:
        for day in days:
            assert hours[(consultant.key, day)] == pytest.approx(dp.HOURS_PER_DAY)


def test_no_timesheet_on_french_fixed_holidays():
    assert not dp.is_working_day(dt.date(2026, 7, 14))  # a Tuesday
    assert not dp.is_working_day(dt.date(2026, 11, 21))  # a Saturday
    assert dp.is_working_day(dt.date(2026, 11, 23))


def test_prepaid_packs_are_never_overconsumed(plan):
    consumed = Counter()
    for sheet in plan.timesheets:
        consumed[sheet.line] += sheet.hours
    for order in plan.orders:
        if order.kind == dp.PREPAID:
            assert consumed[order.lines[0].key] <= order.lines[0].quantity + 1e-9


def test_tm_invoices_bill_the_hours_of_their_month(plan):
    hours = Counter()
    for sheet in plan.timesheets:
        if sheet.line:
            hours[(sheet.line, dp.month_end(sheet.day))] += sheet.hours
    tm_invoices = [i for i in plan.invoices if i.period]
    assert tm_invoices
    for invoice in tm_invoices:
        (line_key, qty), = invoice.lines
        assert qty == pytest.approx(hours[(line_key, invoice.period[1])])
        assert invoice.invoice_date >= invoice.period[1], "never billed before the month is over"


def test_billing_delays_mostly_days_some_weeks(plan):
    delays = [(i.invoice_date - i.period[1]).days for i in plan.invoices if i.period]
    within_five = sum(1 for d in delays if d <= 5) / len(delays)
    weeks_late = sum(1 for d in delays if d >= 20)
    assert 0.55 <= within_five <= 0.85
    assert weeks_late >= 1


def test_some_work_is_still_unbilled(plan):
    billed = {(i.lines[0][0], i.period[1]) for i in plan.invoices if i.period}
    worked = {(s.line, dp.month_end(s.day)) for s in plan.timesheets
              if s.line and s.line.endswith("_l0") and dp.month_end(s.day) < dp.month_end(TODAY)}
    tm_lines = {o.lines[0].key for o in plan.orders if o.kind == dp.TM}
    unbilled = {w for w in worked if w[0] in tm_lines} - billed
    assert unbilled, "some past months of T&M work are still unbilled"


def test_payments_follow_the_profiles(plan):
    invoices = {i.key: i for i in plan.invoices}
    orders = {o.key: o for o in plan.orders}
    customers = {c.key: c for c in plan.customers}
    late = {"punctual": [], "very_slow": []}
    for payment in plan.payments:
        invoice = invoices[payment.invoice]
        assert invoice.invoice_date < payment.date <= TODAY
        profile = customers[orders[invoice.order].customer].profile
        if profile in late and payment.share == 1.0:
            late[profile].append((payment.date - invoice.due_date).days)
    mean = {k: sum(v) / len(v) for k, v in late.items()}
    assert mean["punctual"] < 3 < 30 < mean["very_slow"]
    shares = Counter(p.invoice for p in plan.payments)
    assert any(n == 2 for n in shares.values()), "some invoices are paid in two instalments"
    paid = {p.invoice for p in plan.payments if p.share == 1.0}
    open_overdue = [i for i in plan.invoices if i.key not in paid and i.due_date < TODAY]
    assert open_overdue, "some invoices are overdue"


def test_milestones_sum_to_the_whole_line(plan):
    for order in plan.orders:
        if order.kind == dp.FIXED:
            assert sum(m.share for m in order.milestones) == pytest.approx(1.0)
            reached = [m.reached_on for m in order.milestones if m.reached_on]
            assert all(day <= TODAY for day in reached)


def test_usd_rates_one_per_month(plan):
    assert len(plan.usd_rates) == 13
    assert all(1.0 <= rate <= 1.18 for _day, rate in plan.usd_rates)
