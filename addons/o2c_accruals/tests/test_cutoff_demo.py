# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The cut-off of the generated demo company (French chart, a USD customer)
at its last month end agrees with the ledger, and books with the accounts of
the French chart found by their code."""

import datetime as dt

from odoo.tests import TransactionCase, tagged

CUTOFF = dt.date(2026, 10, 31)


@tagged("post_install", "-at_install")
class TestCutoffDemo(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        result = cls.env["o2c.demo.generator"].generate(
            seed=6, scale=0.2, today=dt.date(2026, 11, 23), company_name="Conseil Cut-off SAS")
        cls.company = result["company"]
        cls.cutoff = cls.env["o2c.cutoff"].with_company(cls.company).create({
            "company_id": cls.company.id, "cutoff_date": CUTOFF})
        cls.cutoff.action_compute()

    def test_accrued_revenue_is_ledger_delivered_minus_invoiced(self):
        ledger = self.env["o2c.ledger"].amounts_as_of(
            CUTOFF, [("company_id", "=", self.company.id), ("is_advance", "=", False)], "sale_line_id")
        expected = {}
        for sale_line, amounts in ledger.items():
            balance = round(amounts.get("delivered", (0, 0))[0] - amounts.get("invoiced", (0, 0))[0],
                            sale_line.order_id.currency_id.decimal_places)
            if balance:
                expected[sale_line] = balance
        lines = self.cutoff.line_ids
        self.assertTrue(lines.filtered(lambda line: line.kind == "accrued_revenue"))
        self.assertEqual({line.sale_line_id: line.amount_currency * (1 if line.kind == "accrued_revenue" else -1)
                          for line in lines}, expected)
        eur = self.company.currency_id
        fae_eur = sum(line.amount for line in lines if line.kind == "accrued_revenue" and line.currency_id == eur)
        ledger_eur = sum(value for sale_line, value in expected.items()
                         if value > 0 and sale_line.order_id.currency_id == eur)
        self.assertAlmostEqual(fae_eur, ledger_eur, places=2)
        # The USD customer's lines at the rate of Oct 31.
        usd_lines = lines.filtered(lambda line: line.currency_id != eur)
        self.assertTrue(usd_lines, "the demo company has a customer paying in USD")
        rate = self.env["res.currency"]._get_conversion_rate(usd_lines.currency_id, eur, self.company, CUTOFF)
        for line in usd_lines:
            self.assertAlmostEqual(line.amount, round(line.amount_currency * rate, 2), places=2)

    def test_validates_with_the_french_chart(self):
        self.assertTrue(self.company.o2c_cutoff_vat, "VAT on accrued revenue is on for a French company")
        self.assertFalse(self.company.o2c_accrued_revenue_account_id)
        self.cutoff.action_validate()
        move = self.cutoff.move_id
        codes = set(move.line_ids.account_id.mapped("code"))
        self.assertTrue({"418100", "445870", "487000"} <= codes, codes)
        self.assertAlmostEqual(sum(move.line_ids.mapped("debit")), sum(move.line_ids.mapped("credit")), places=2)
        fae = move.line_ids.filtered(lambda aml: aml.account_id.code == "418100")
        self.assertAlmostEqual(sum(fae.mapped("debit")), self.cutoff.accrued_revenue + self.cutoff.accrued_revenue_tax,
                               places=2)
        self.assertEqual(self.cutoff.reversal_move_id.date, dt.date(2026, 11, 1))
