# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Ledger amounts when the order, the invoice, the payment and the company
do not share one currency. The test company keeps its books in USD (Odoo's
invoicing test setup); EUR is the foreign currency. Invoices carry a 20% tax.
Every figure below is computed by hand in the comments."""

from odoo.tests import tagged

from .common import O2cPipelineCommon


@tagged("post_install", "-at_install")
class TestLedgerCurrency(O2cPipelineCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 1 USD = 1.2 EUR from Jan 1, 1.5 EUR from Mar 1.
        cls.eur = cls.setup_other_currency("EUR", rates=[("2026-01-01", 1.2), ("2026-03-01", 1.5)])

    def invoice_in(self, order, currency, price, day):
        """The order's invoice, re-priced in ``currency`` at ``price`` a unit,
        dated and due on ``day``."""
        move = order._create_invoices()
        move.write({"currency_id": currency.id, "invoice_date": day, "invoice_date_due": day})
        move.invoice_line_ids.price_unit = price
        move.action_post()
        return move

    def test_invoice_in_another_currency_than_the_order(self):
        # Order in USD (the company's): 10 h x 75 = 750 USD, delivered Jan 20.
        order = self.order([(self.product_tm, 10, 75)], "2026-01-05")
        self.timesheet(order.order_line, "2026-01-20", 10)
        # Invoiced in EUR on Feb 2: 10 h x 90 = 900 EUR = 900 / 1.2 = 750 USD
        # in the books; 1 080 EUR with the tax.
        invoice = self.invoice_in(order, self.eur, 90, "2026-02-02")
        self.assertEqual(invoice.amount_untaxed_signed, 750)
        # Paid in full, 1 080 EUR on Mar 10 at 1.5: 720 USD in the bank, the
        # 180 USD short is an exchange difference, not less revenue.
        self.pay(invoice, "2026-03-10", 1080)
        self.assertEqual(invoice.payment_state, "paid")
        self.refresh()

        # Invoiced 750 in the order's currency (USD), not the invoice's 900.
        self.assertEqual(self.as_of("2026-02-28", order),
                         {"signed": 750, "delivered": 750, "invoiced": 750})
        # Fully paid: fully collected in both currencies, whatever the rate.
        self.assertEqual(self.as_of("2026-03-31", order),
                         {"signed": 750, "delivered": 750, "invoiced": 750, "collected": 750})
        self.assertEqual(self.as_of_company("2026-03-31", order),
                         {"signed": 750, "delivered": 750, "invoiced": 750, "collected": 750})
        self.assertEqual(order.o2c_invoiced_amount, 750)
        self.assertEqual(order.o2c_collected_amount, 750)
        self.assertEqual(order.o2c_to_invoice_amount, 0)
        self.assertEqual(order.o2c_stage, "collected")

    def test_foreign_order_invoiced_in_its_currency_paid_after_the_rate_changed(self):
        # Order in EUR: 10 h x 120 = 1 200 EUR, signed Jan 5 at 1.2 (1 000 USD).
        order = self.order([(self.product_tm, 10, 120)], "2026-01-05", currency=self.eur)
        self.timesheet(order.order_line, "2026-01-20", 10)  # 1 200 EUR = 1 000 USD at 1.2
        # Invoiced in EUR Feb 2: 1 200 EUR, 1 000 USD in the books (1 440 EUR with tax).
        invoice = self.invoice(order, "2026-02-02")
        self.assertEqual(invoice.currency_id, self.eur)
        # Paid 1 440 EUR on Mar 10 at 1.5 (960 USD received).
        self.pay(invoice, "2026-03-10", 1440)
        self.refresh()
        # The invoice's own EUR amounts, no conversion and no drift.
        self.assertEqual(self.as_of("2026-03-31", order),
                         {"signed": 1200, "delivered": 1200, "invoiced": 1200, "collected": 1200})
        # Company currency: the invoice as booked (1 000); collected in full,
        # the exchange loss is not revenue.
        self.assertEqual(self.as_of_company("2026-03-31", order),
                         {"signed": 1000, "delivered": 1000, "invoiced": 1000, "collected": 1000})
        self.assertEqual(order.o2c_stage, "collected")

    def test_partial_payment_in_another_currency(self):
        # Order in USD, 10 h x 75 = 750; invoiced 900 EUR (750 USD) on Feb 2,
        # 1 080 EUR with tax; 540 EUR paid on Mar 10: half of the invoice.
        order = self.order([(self.product_tm, 10, 75)], "2026-01-05")
        self.timesheet(order.order_line, "2026-01-20", 10)
        invoice = self.invoice_in(order, self.eur, 90, "2026-02-02")
        self.pay(invoice, "2026-03-10", 540)
        self.assertEqual(invoice.payment_state, "partial")
        self.refresh()
        # Half of 750 collected in both currencies.
        self.assertEqual(self.as_of("2026-03-31", order),
                         {"signed": 750, "delivered": 750, "invoiced": 750, "collected": 375})
        self.assertEqual(self.as_of_company("2026-03-31", order),
                         {"signed": 750, "delivered": 750, "invoiced": 750, "collected": 375})
        self.assertEqual(order.o2c_stage, "invoiced")
        self.assertEqual(order.o2c_stage_amount, 375, "left to collect, company currency")
        # Due on Feb 2, 540 EUR of 1 080 still open: half
        # of the invoice tax included, 900 USD, in the order's currency: 450.
        self.assertEqual(order.o2c_overdue_amount, 450)

    def test_foreign_order_invoiced_in_the_company_currency(self):
        # Order in EUR: 10 h x 120 = 1 200 EUR, delivered Jan 20 (1 000 USD).
        # Invoiced in USD on Mar 2 at 100 USD/h = 1 000 USD; converted at the
        # invoice date's rate (1.5): 1 500 EUR on the order.
        order = self.order([(self.product_tm, 10, 120)], "2026-01-05", currency=self.eur)
        self.timesheet(order.order_line, "2026-01-20", 10)
        self.invoice_in(order, self.company_data["currency"], 100, "2026-03-02")
        self.refresh()
        self.assertEqual(self.as_of("2026-03-31", order), {"signed": 1200, "delivered": 1200, "invoiced": 1500})
        self.assertEqual(self.as_of_company("2026-03-31", order),
                         {"signed": 1000, "delivered": 1000, "invoiced": 1000})
