# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Customer rating A–D and predicted payment dates on four hand-made
customers; T is the day of the nightly run."""

from datetime import date, timedelta

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import O2cDunningCommon

T = date(2026, 6, 30)


def t(days):
    return T + timedelta(days=days)


@tagged("post_install", "-at_install")
class TestDunningRating(O2cDunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.punctual, cls.slow, cls.very_slow, cls.disputing, cls.newcomer = Partner.create(
            [{"name": name} for name in ("Punctual", "Slow", "Very slow", "Disputing", "Newcomer")])
        # Punctual: 5 x 1 000, one paid 2 days late: 2 000 / 5 000 = 0.4 days (A), 1 of 5 late = 20 % (A).
        for due in (-100, -80, -60, -40, -20):
            cls.pay(cls.invoice(cls.punctual, 1000, due=t(due)), t(due + (2 if due == -20 else 0)))
        # Slow: 10 and 20 days late on 1 000, on time on 2 000: 30 000 / 4 000 = 7.5 days (B),
        # 2 of 3 late = 66.7 % (C): rated C.
        for amount, due, late in ((1000, -60, 10), (1000, -40, 20), (2000, -30, 0)):
            cls.pay(cls.invoice(cls.slow, amount, due=t(due)), t(due + late))
        # Very slow: 60 days late on 3 000, 10 on 1 000: 190 000 / 4 000 = 47.5 days (D).
        for amount, due, late in ((3000, -90, 60), (1000, -40, 10)):
            cls.pay(cls.invoice(cls.very_slow, amount, due=t(due)), t(due + late))
        # Disputing: pays on time, but two disputes this year (C).
        paid = cls.invoice(cls.disputing, 1000, due=t(-20))
        cls.pay(paid, t(-20))
        cls.env["o2c.dunning.dispute"].create([
            {"move_id": paid.id, "reason": "price", "date": t(-100)},
            {"move_id": paid.id, "reason": "billing", "date": t(-10), "state": "resolved"}])
        # Open invoices to predict: the slow customer's, and a newcomer's (no history).
        cls.slow_open = cls.invoice(cls.slow, 500, due=t(10))
        cls.newcomer_open = cls.invoice(cls.newcomer, 500, due=t(10))

    def rate(self):
        return self.env["o2c.dunning.rating"]._rate_company(self.company, T)

    def test_four_customers(self):
        self.rate()
        self.assertEqual(
            [p.o2c_rating for p in (self.punctual, self.slow, self.very_slow, self.disputing, self.newcomer)],
            ["A", "C", "D", "C", False])
        history = self.slow.o2c_rating_history_ids
        self.assertEqual((history.rating, history.days_late, history.late_share, history.grades),
                         ("C", 7.5, 66.7, "BC-A"))
        self.assertEqual(self.slow.o2c_rating_explanation,
                         "C: 66.7 % of invoices paid late (C); 7.5 days late on average (B); "
                         "0 disputes in 12 months (A)")
        self.assertEqual(self.very_slow.o2c_rating_history_ids.days_late, 47.5)
        self.assertEqual(self.disputing.o2c_rating_history_ids.disputes, 2)
        # The next night, nothing changed: no new history line.
        self.assertEqual(self.rate(), 0)
        self.assertEqual(len(self.slow.o2c_rating_history_ids), 1)

    def test_credit_limit_and_limits(self):
        # 4 000 overdue on a 3 000 limit: 133 % (D).
        late = self.env["res.partner"].create({"name": "Over the limit"})
        late.with_company(self.company).credit_limit = 3000
        self.invoice(late, 4000, due=t(-5))
        self.rate()
        self.assertEqual(late.o2c_rating, "D")
        self.assertIn("133.3 % of the credit limit (D)", late.o2c_rating_explanation)
        # Looser limits for the late share: the slow customer becomes B.
        rule = self.env["o2c.dunning.rating.rule"].search(
            [("company_id", "=", self.company.id), ("criterion", "=", "late_share")])
        rule.limit_b = 70
        self.rate()
        self.assertEqual(self.slow.o2c_rating, "B")
        self.assertEqual(self.slow.o2c_rating_history_ids.sorted("id")[-1].previous_rating, "C")
        self.assertIn("(B)", self.slow.o2c_rating_explanation)
        with self.assertRaisesRegex(ValidationError, "must grow from A to C"):
            rule.limit_a = 80
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            rule.limit_a = -1

    def test_predicted_payment_dates(self):
        self.rate()
        # Slow pays 7.5 days late on average (own history of 3 paid invoices): due + 8 days.
        self.assertEqual(self.slow_open.o2c_predicted_payment_date, t(18))
        # The newcomer has none: the company's, (2 000 + 30 000 + 190 000 + 0) / 14 000 = 15.9 days.
        self.assertEqual(self.newcomer_open.o2c_predicted_payment_date, t(26))

    def test_zero_invoice_and_customers_gone_quiet(self):
        # A zero invoice is "paid" without any payment: on time, and no crash.
        self.invoice(self.newcomer, 0, due=t(-5))
        self.rate()
        self.assertEqual(self.newcomer.o2c_rating, "A")
        # A year later with nothing new, ratings are cleared, not kept forever.
        self.env["o2c.dunning.rating"]._rate_company(self.company, T + timedelta(days=500))
        self.assertFalse(self.slow.o2c_rating)

    def test_quotation_for_a_d_customer_warns(self):
        self.rate()
        form = Form(self.env["sale.order"])
        with self.assertLogs("odoo.tests.form.onchange", level="WARNING") as logs:
            form.partner_id = self.very_slow
        self.assertIn("rated D", "\n".join(logs.output))
        self.assertEqual(form.o2c_partner_rating, "D")
