# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Month-end cut-offs of small orders, amounts computed by hand (untaxed
unless said; the test company keeps its books in USD, invoices carry 20%
tax; cut-off date 2026-01-31)."""

import io
from contextlib import contextmanager
from datetime import date, timedelta

import openpyxl
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import O2cAccrualsCommon


@tagged("post_install", "-at_install")
class TestCutoff(O2cAccrualsCommon):
    @contextmanager
    def raises(self, exception, text):
        """assertRaisesRegex, rolled back as Odoo's assertRaises is."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertIn(text, str(caught.exception))

    def test_time_and_materials_billed_after_the_date_is_accrued(self):
        # 8 h on Jan 20 and 7 h on Jan 31 at 100: 1 500 delivered by Jan 31.
        # 5 h on Feb 3 and the invoice of Feb 4 are after the date: ignored.
        order = self.order([(self.product_tm, 100, 100)], "2026-01-05")
        self.timesheet(order.order_line, "2026-01-20", 8)
        self.timesheet(order.order_line, "2026-01-31", 7)
        self.timesheet(order.order_line, "2026-02-03", 5)
        self.invoice(order, "2026-02-04")
        cutoff = self.cutoff()
        self.assertEqual(self.summary(cutoff), [("accrued_revenue", order.name, 1500)])
        line = cutoff.line_ids
        self.assertEqual((line.delivered_amount_currency, line.invoiced_amount_currency), (1500, 0))
        self.assertEqual(line.account_id, self.product_tm.categ_id.property_account_income_categ_id)
        project = order.order_line.task_id.project_id
        self.assertEqual((line.project_id, line.analytic_account_id), (project, project.account_id))
        # VAT booked: 1 500 x 20% = 300; 418100 debited 1 800 tax included.
        self.assertEqual(line.tax_amount, 300)
        cutoff.action_validate()
        self.assertEqual(self.entry(cutoff.move_id), sorted([
            ("418100", 1800, 0), ("445870", 0, 300), (line.account_id.code, 0, 1500)]))
        self.assertEqual(cutoff.move_id.date, date(2026, 1, 31))
        self.assertEqual(cutoff.move_id.journal_id.type, "general")
        self.assertEqual(cutoff.move_id.state, "posted")
        revenue = cutoff.move_id.line_ids.filtered(lambda aml: aml.account_id == line.account_id)
        self.assertEqual(revenue.analytic_distribution, {str(project.account_id.id): 100})
        # The VAT line never enters the tax return: no tax, no tax tags.
        vat = cutoff.move_id.line_ids.filtered(lambda aml: aml.account_id.code == "445870")
        self.assertFalse(vat.tax_ids or vat.tax_tag_ids or vat.tax_line_id)
        self.assertFalse(cutoff.move_id.line_ids.tax_tag_ids)
        self.assertEqual(cutoff.state, "reversed")  # its reversal's day (Feb 1) has come

    def test_vat_off_books_the_untaxed_amount_only(self):
        self.env.company.o2c_cutoff_vat = False
        order = self.order([(self.product_tm, 100, 100)], "2026-01-05")
        self.timesheet(order.order_line, "2026-01-20", 8)
        cutoff = self.cutoff()
        self.assertEqual(cutoff.line_ids.tax_amount, 0)
        cutoff.action_validate()
        account = cutoff.line_ids.account_id.code
        self.assertEqual(self.entry(cutoff.move_id), sorted([("418100", 800, 0), (account, 0, 800)]))

    def test_milestone_reached_before_billed_after(self):
        # 10 000 fixed price; the 30% milestone reached Jan 15, invoiced Feb 3.
        order = self.order([(self.product_fixed, 1, 10000)], "2026-01-10")
        self.milestone(order.order_line, 0.3, "2026-01-15")
        self.invoice(order, "2026-02-03")
        self.assertEqual(self.summary(self.cutoff()), [("accrued_revenue", order.name, 3000)])

    def test_prepaid_pack_invoiced_before_delivery_is_deferred(self):
        # 40 h x 90 = 3 600 invoiced Jan 16; 4 h consumed Jan 20 (360): 3 240
        # deferred. 10 h on Feb 2 are after the date.
        order = self.order([(self.product_prepaid, 40, 90)], "2026-01-15")
        self.invoice(order, "2026-01-16")
        self.timesheet(order.order_line, "2026-01-20", 4)
        self.timesheet(order.order_line, "2026-02-02", 10)
        cutoff = self.cutoff()
        self.assertEqual(self.summary(cutoff), [("deferred_revenue", order.name, 3240)])
        self.assertEqual(cutoff.line_ids.tax_amount, 0, "deferred revenue was taxed on its invoice")
        cutoff.action_validate()
        account = cutoff.line_ids.account_id.code
        self.assertEqual(self.entry(cutoff.move_id), sorted([("487000", 0, 3240), (account, 3240, 0)]))

    def test_partial_invoicing_and_credit_note(self):
        # A: 10 h on Jan 10 invoiced Jan 12 (1 000), 6 h on Jan 25 not yet: 600 accrued.
        a = self.order([(self.product_tm, 100, 100)], "2026-01-05")
        self.timesheet(a.order_line, "2026-01-10", 10)
        self.invoice(a, "2026-01-12")
        self.timesheet(a.order_line, "2026-01-25", 6)
        # B: 10 h on Jan 10 invoiced Jan 12, fully credited Jan 20: 1 000 accrued again.
        b = self.order([(self.product_tm, 100, 100)], "2026-01-05")
        self.timesheet(b.order_line, "2026-01-10", 10)
        invoice = self.invoice(b, "2026-01-12")
        refund = invoice._reverse_moves([{"invoice_date": "2026-01-20"}])
        refund.action_post()
        cutoff = self.cutoff()
        self.assertEqual(self.summary(cutoff), sorted([
            ("accrued_revenue", a.name, 600), ("accrued_revenue", b.name, 1000)]))
        line_b = cutoff.line_ids.filtered(lambda line: line.order_id == b)
        self.assertEqual((line_b.delivered_amount_currency, line_b.invoiced_amount_currency), (1000, 0))

    def test_down_payment_is_not_revenue(self):
        # 10 000 fixed price, 30% down payment (3 000) invoiced Jan 12, nothing
        # reached: an advance, neither accrued nor deferred revenue.
        order = self.order([(self.product_fixed, 1, 10000)], "2026-01-10")
        self.down_payment(order, 30, "2026-01-12")
        self.assertFalse(self.cutoff().line_ids)

    def test_foreign_currency_at_the_cut_off_rate(self):
        # EUR order; 1 USD = 0.8 EUR from Jan 1, 0.5 EUR from Jan 31. 10 h x
        # 100 EUR on Jan 15 = 1 000 EUR, worth 1 000 / 0.5 = 2 000 USD on Jan 31
        # (the ledger values the day worked: 1 250 USD).
        eur = self.setup_other_currency("EUR", rates=[("2026-01-01", 0.8), ("2026-01-31", 0.5)])
        order = self.order([(self.product_tm, 100, 100)], "2026-01-05", currency=eur)
        self.timesheet(order.order_line, "2026-01-15", 10)
        line = self.cutoff().line_ids
        self.assertEqual((line.currency_id, line.amount_currency, line.amount), (eur, 1000, 2000))
        self.assertEqual(self.as_of_company("2026-01-31", order)["delivered"], 1250)

    def test_currency_without_rate_on_the_date(self):
        currency = self.env["res.currency"].create({"name": "XOC", "symbol": "X", "rounding": 0.01})
        self.env["res.currency.rate"].create({"currency_id": currency.id, "name": "2026-03-01", "rate": 2})
        order = self.order([(self.product_tm, 100, 100)], "2026-01-05", currency=currency)
        self.timesheet(order.order_line, "2026-01-15", 10)
        cutoff = self.Cutoff.create({"cutoff_date": "2026-01-31"})
        with self.raises(UserError, "No exchange rate of XOC on or before 2026-01-31"):
            cutoff.action_compute()

    def test_service_periods(self):
        # A yearly support invoice without order, 1 200 for Jan 1 - Dec 31
        # (365 days), invoiced Jan 1: 334 days after Jan 31, 1 200 x 334 / 365
        # = 1 098.08 deferred.
        invoice = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.customer.id, "invoice_date": "2026-01-01",
            "invoice_line_ids": [Command.create({
                "name": "Support 2026", "quantity": 1, "price_unit": 1200, "tax_ids": [Command.set(self.tax_20.ids)],
                "o2c_service_start": "2026-01-01", "o2c_service_end": "2026-12-31"})],
        })
        invoice.action_post()
        # The same from an order line nobody delivers: the service period
        # gives what it earned, 1 200 x 31 / 365 = 101.92; 1 098.08 deferred.
        support = self.order([(self.product_support, 1, 1200)], "2026-01-01")
        support_invoice = support._create_invoices()
        support_invoice.invoice_date = "2026-01-01"
        support_invoice.invoice_line_ids.write({"o2c_service_start": "2026-01-01", "o2c_service_end": "2026-12-31"})
        support_invoice.action_post()
        # A prepaid pack with a service period and timesheets: the ledger's
        # deliveries win. 3 600 invoiced, 360 consumed: 3 240 deferred, not the
        # pro rata of its Jan 16 - Apr 15 period (3 600 x 74 / 90 = 2 960).
        pack = self.order([(self.product_prepaid, 40, 90)], "2026-01-15")
        pack_invoice = pack._create_invoices()
        pack_invoice.invoice_date = "2026-01-16"
        pack_invoice.invoice_line_ids.write({"o2c_service_start": "2026-01-16", "o2c_service_end": "2026-04-15"})
        pack_invoice.action_post()
        self.timesheet(pack.order_line, "2026-01-20", 4)
        cutoff = self.cutoff()
        self.assertEqual(self.summary(cutoff), sorted([
            ("deferred_revenue", invoice.name, 1098.08), ("deferred_revenue", support.name, 1098.08),
            ("deferred_revenue", pack.name, 3240)]))
        sources = {(line.order_id.name or line.invoice_line_id.move_id.name): line.source for line in cutoff.line_ids}
        self.assertEqual(sources, {invoice.name: "service_period", support.name: "service_period",
                                   pack.name: "ledger"})
        # Half a year later (Jun 30: 181 days earned): 1 200 x 184 / 365 = 604.93.
        self.assertEqual(self.summary(self.cutoff("2026-06-30", cutoff_type="deferred_revenue"))[0][2], 604.93)
        with self.assertRaises(ValidationError):
            invoice.invoice_line_ids[:1].write({"o2c_service_end": "2025-12-31"})

    def test_reversal_mirrors_the_entry(self):
        tm = self.order([(self.product_tm, 100, 100)], "2026-01-05")
        self.timesheet(tm.order_line, "2026-01-20", 8)
        pack = self.order([(self.product_prepaid, 40, 90)], "2026-01-15")
        self.invoice(pack, "2026-01-16")
        cutoff = self.cutoff()
        cutoff.action_validate()
        move, reversal = cutoff.move_id, cutoff.reversal_move_id
        self.assertEqual((reversal.state, reversal.date, reversal.reversed_entry_id),
                         ("posted", date(2026, 2, 1), move))
        mirrored = sorted((code, credit, debit) for code, debit, credit in self.entry(move))
        self.assertEqual(self.entry(reversal), mirrored)
        self.assertEqual(len(move.line_ids), 5)  # 418100, revenue, VAT; revenue, 487000
        self.assertEqual(sum(move.line_ids.mapped("debit")), 800 + 160 + 3600)

    def test_lock_date_refuses_and_books_nothing(self):
        order = self.order([(self.product_tm, 100, 100)], "2026-01-05")
        self.timesheet(order.order_line, "2026-01-20", 8)
        cutoff = self.cutoff()
        moves_before = self.env["account.move"].search_count([])
        self.env.company.fiscalyear_lock_date = "2026-01-31"
        with self.raises(UserError, "prior to and inclusive of"):
            cutoff.action_validate()
        self.assertEqual(self.env["account.move"].search_count([]), moves_before)
        self.assertEqual(cutoff.state, "draft")

    def test_duplicate_is_refused_naming_the_first(self):
        first = self.Cutoff.create({"cutoff_date": "2026-01-31"})
        with self.raises(ValidationError, first.name):
            self.Cutoff.create({"cutoff_date": "2026-01-31", "cutoff_type": "accrued_revenue"})
        first.action_cancel()
        self.assertTrue(self.Cutoff.create({"cutoff_date": "2026-01-31"}))

    def test_review_exclude_adjust_and_recompute(self):
        # 800 and 300 accrued; the company minimum of 500 proposes the 300 excluded.
        self.env.company.o2c_cutoff_minimum_amount = 500
        a = self.order([(self.product_tm, 100, 100)], "2026-01-05")
        self.timesheet(a.order_line, "2026-01-20", 8)
        b = self.order([(self.product_tm, 100, 100)], "2026-01-05")
        self.timesheet(b.order_line, "2026-01-21", 3)
        cutoff = self.cutoff()
        line_a = cutoff.line_ids.filtered(lambda line: line.order_id == a)
        line_b = cutoff.line_ids - line_a
        self.assertTrue(line_b.excluded)
        self.assertIn("minimum", line_b.exclusion_reason)
        self.assertEqual((cutoff.accrued_revenue, cutoff.accrued_revenue_tax), (800, 160))
        with self.assertRaises(ValidationError):
            line_a.write({"adjusted_amount": 700})
        line_a.write({"adjusted_amount": 700, "adjustment_reason": "1 h not billable"})
        with self.assertRaises(ValidationError):
            line_b.write({"excluded": False, "exclusion_reason": False, "adjusted_amount": 10})
        self.assertEqual((cutoff.accrued_revenue, cutoff.accrued_revenue_tax), (700, 140))
        self.assertIn("1 h not billable", cutoff.message_ids[0].body)
        # Computing again replaces the lines (and their review).
        cutoff.action_compute()
        self.assertEqual(len(cutoff.line_ids), 2)
        self.assertEqual(cutoff.accrued_revenue, 800)
        cutoff.action_validate()
        with self.assertRaises(UserError):
            cutoff.line_ids[0].write({"excluded": True, "exclusion_reason": "late"})
        with self.assertRaises(UserError):
            cutoff.cutoff_date = "2026-02-28"
        with self.assertRaises(UserError):
            cutoff.action_compute()

    def test_cancel_removes_open_entries_and_keeps_locked_ones(self):
        order = self.order([(self.product_tm, 100, 100)], "2026-01-05")
        self.timesheet(order.order_line, "2026-01-20", 8)
        cutoff = self.cutoff()
        cutoff.action_validate()
        moves = cutoff.move_id | cutoff.reversal_move_id
        cutoff.action_cancel()
        self.assertEqual(cutoff.state, "cancelled")
        self.assertFalse(moves.exists().filtered(lambda move: move.state == "posted"))
        self.assertIn("deleted", cutoff.message_ids[0].body)
        # Again, the period then locked: the entry and its reversal stay.
        cutoff.action_draft()
        cutoff.action_compute()
        cutoff.action_validate()
        self.env.company.fiscalyear_lock_date = "2026-01-31"
        cutoff.action_cancel()
        self.assertEqual((cutoff.move_id.state, cutoff.reversal_move_id.state), ("posted", "posted"))
        self.assertIn("locked period", cutoff.message_ids[0].body)

    def test_bad_input_gives_clear_errors(self):
        future = fields.Date.context_today(self.Cutoff).replace(day=1, month=12, year=2099)
        cutoff = self.Cutoff.create({"cutoff_date": future})
        with self.raises(UserError, "in the future"):
            cutoff.action_compute()
        order = self.order([(self.product_tm, 100, 100)], "2026-01-05")
        self.timesheet(order.order_line, "2026-01-20", 8)
        cutoff = self.cutoff()
        self.account_fae.code = "418199"  # no account, none by the French code
        with self.raises(UserError, "Accrued Revenue Account"):
            cutoff.action_validate()
        self.env.company.o2c_accrued_revenue_account_id = self.account_fae
        cutoff.action_validate()
        self.assertIn("418199", [line.account_id.code for line in cutoff.move_id.line_ids])

    def test_working_paper_totals_equal_the_entry(self):
        tm = self.order([(self.product_tm, 100, 100)], "2026-01-05")
        self.timesheet(tm.order_line, "2026-01-20", 8)
        pack = self.order([(self.product_prepaid, 40, 90)], "2026-01-15")
        self.invoice(pack, "2026-01-16")
        cutoff = self.cutoff()
        cutoff.action_validate()
        action = cutoff.action_working_paper()
        self.assertIn("/web/content/", action["url"])
        book = openpyxl.load_workbook(io.BytesIO(cutoff._working_paper()))
        self.assertEqual(book.sheetnames, ["Lines", "Per Account", "Per Customer", "Entry"])

        def total_row(sheet):
            rows = list(sheet.iter_rows(values_only=True))
            header, total = rows[2], rows[-1]
            self.assertEqual(total[0], "Total")
            return dict(zip(header, total, strict=True))

        lines = total_row(book["Lines"])
        # 800 accrued (160 VAT), 3 600 deferred (the pack, nothing consumed)
        self.assertEqual((lines["Booked"], lines["VAT"]), (800 + 3600, 160))
        entry = total_row(book["Entry"])
        move_debit = sum(cutoff.move_id.line_ids.mapped("debit"))
        self.assertEqual((entry["Debit"], entry["Credit"]), (move_debit, move_debit))
        self.assertEqual(move_debit, lines["Booked"] + lines["VAT"])
        # Revenue effect: +800 accrued, -3 600 deferred, on the customer's row.
        self.assertEqual(total_row(book["Per Customer"])["Revenue (FAE +, PCA -)"], 800 - 3600)

    def test_query_count_does_not_grow_with_lines(self):
        def queries(cutoff):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            values = cutoff._prepare_lines()
            return self.env.cr.sql_log_count - before, len(values)

        first = self.order([(self.product_tm, 100, 100)], "2026-01-05")
        self.timesheet(first.order_line, "2026-01-20", 8)
        cutoff = self.Cutoff.create({"cutoff_date": "2026-01-31"})
        self.env.flush_all()
        one = queries(cutoff)
        for index in range(5):
            order = self.order([(self.product_tm, 100, 100), (self.product_fixed, 1, 1000 + index)], "2026-01-05")
            self.timesheet(order.order_line[0], "2026-01-21", 1 + index)
            self.milestone(order.order_line[1], 0.5, "2026-01-22")
            self.invoice(order, "2026-01-25")  # the milestone's 50%
            self.timesheet(order.order_line[0], "2026-01-28", 2)
        self.env.flush_all()
        many = queries(cutoff)
        self.assertEqual((one[1], many[1]), (1, 6))
        # The same queries (one per model read), not one more per line; the
        # single-order case may read one model more (its line's shape).
        self.assertLessEqual(many[0], one[0])

    def test_cut_off_of_today_is_reversed_tomorrow(self):
        today = fields.Date.context_today(self.Cutoff)
        order = self.order([(self.product_tm, 100, 100)], today - timedelta(days=3))
        self.timesheet(order.order_line, today, 2)
        cutoff = self.cutoff(today)
        cutoff.action_validate()
        # Booked and its reversal posted, dated tomorrow: validated, not reversed yet.
        self.assertEqual((cutoff.state, cutoff.reversal_move_id.state, cutoff.reversal_move_id.date),
                         ("validated", "posted", today + timedelta(days=1)))
        with freeze_time(today + timedelta(days=1)):
            self.Cutoff._cron_prepare_cutoffs()
        self.assertEqual(cutoff.state, "reversed")
