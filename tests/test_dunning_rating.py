"""Customer rating A–D and predicted payment dates, computed by hand."""

import datetime as dt

from o2c_dunning_engine import rating as r


def test_punctual_customer_is_a():
    # 5 invoices, one 2 days late: weighted 2 x 1000 / 5500 = 0.36 days (A),
    # 1 of 5 late = 20 % (A, limit 20), no overdue against 10 000 (A), no dispute.
    history = r.History(invoices=[(1000, 0), (500, 0), (2000, -3), (1000, 0), (1000, 2)], credit_limit=10000)
    rating, detail = r.rate(history)
    assert rating == "A"
    assert detail == {r.DAYS_LATE: (0.4, "A"), r.LATE_SHARE: (20.0, "A"), r.CREDIT_USE: (0.0, "A"),
                      r.DISPUTES: (0, "A")}


def test_slow_customer_is_c_because_of_late_share():
    # (10 x 1000 + 20 x 1000 + 0 x 2000) / 4000 = 7.5 days (B); 2 of 3 late = 66.7 % (C).
    rating, detail = r.rate(r.History(invoices=[(1000, 10), (1000, 20), (2000, 0)]))
    assert rating == "C"
    assert detail[r.DAYS_LATE] == (7.5, "B")
    assert detail[r.LATE_SHARE] == (66.7, "C")
    assert r.CREDIT_USE not in detail  # no credit limit, no criterion


def test_very_slow_customer_is_d():
    # (60 x 3000 + 10 x 1000) / 4000 = 47.5 days: over the C limit (45).
    rating, detail = r.rate(r.History(invoices=[(3000, 60), (1000, 10)]))
    assert (rating, detail[r.DAYS_LATE]) == ("D", (47.5, "D"))


def test_disputes_and_credit_use():
    # Pays on time but opened 2 disputes: C (1 < 2 <= 3).
    assert r.rate(r.History(invoices=[(1000, 0)], disputes=2))[0] == "C"
    # 6 000 overdue on a 5 000 limit: 120 % (D).
    rating, detail = r.rate(r.History(invoices=[(6000, 0)], overdue=6000, credit_limit=5000))
    assert (rating, detail[r.CREDIT_USE]) == ("D", (120.0, "D"))


def test_no_history_no_rating():
    assert r.rate(r.History()) == (None, {})


def test_limits_validation():
    assert r.validate_limits((5, 15, 45)) is None
    assert r.validate_limits((5, 3, 45)) == "decreasing"
    assert r.validate_limits((-1, 3, 45)) == "negative"


def test_predicted_payment_date():
    due = dt.date(2026, 5, 1)
    own = [(1000, 10), (3000, 2)]  # (10 x 1000 + 2 x 3000) / 4000 = 4 days
    company = [(1000, 20)]
    assert r.predicted_payment_date(due, own, company, min_history=2) == dt.date(2026, 5, 5)
    # Too little own history: the company's 20 days.
    assert r.predicted_payment_date(due, own, company, min_history=3) == dt.date(2026, 5, 21)
    # Early payers are predicted early.
    assert r.predicted_payment_date(due, [(100, -4)] * 3, company) == dt.date(2026, 4, 27)
    assert r.predicted_payment_date(due, [], []) == due
