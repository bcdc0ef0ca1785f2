# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The cash forecast on hand-made cases, weeks computed by hand.

The reference date is Sunday 2026-06-28: week 1 is Jun 29 - Jul 5, week 2
Jul 6 - 12, week 3 Jul 13 - 19, week 4 Jul 20 - 26, week 5 Jul 27 - Aug 2,
week 6 Aug 3 - 9, week 8 Aug 17 - 23, week 11 Sep 7 - 13 (index = week - 1).
The test company keeps its books in USD; sales carry a 20% tax.
"""

import base64
import io
from datetime import date, timedelta
from unittest.mock import patch

import openpyxl

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.o2c_pipeline.tests.common import O2cPipelineCommon

D = date(2026, 6, 28)


class CashForecastCommon(O2cPipelineCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Forecast = cls.env["o2c.cash.forecast"]
        cls.company = cls.env.company
        cls.term_30 = cls.env.ref("account.account_payment_term_30days")

    @classmethod
    def make_invoice(cls, partner, day, untaxed, due, move_type="out_invoice", currency=None, tax=True):
        move = cls.env["account.move"].create({
            "move_type": move_type, "partner_id": partner.id, "invoice_date": day,
            "invoice_payment_term_id": False, "invoice_date_due": due,
            **({"currency_id": currency.id} if currency else {}),
            "invoice_line_ids": [Command.create({
                "name": "Consulting", "quantity": 1, "price_unit": untaxed,
                "tax_ids": [Command.set(cls.tax_20.ids if tax else [])]})],
        })
        move.action_post()
        return move

    def data(self, reference=D):
        return self.Forecast.forecast_data(reference)

    def row(self, data, source, case="expected", horizon="week"):
        return [round(value, 2) for value in data["horizons"][horizon]["cases"][case]["sources"][source]]

    def facts(self):
        self.refresh()
        self.env["o2c.billing.lag"]._refresh_queued()


@tagged("post_install", "-at_install")
class TestCashForecastReceivables(CashForecastCommon):
    """Armor paid three invoices of 1 200 (tax incl.) 10, 10 and 20 days late:
    value-weighted, half of its payments came 10 days late, half 20 days: the
    10th to 50th percentiles are 10 days, the 70th and 90th 20 days."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        armor = cls.customer
        for due, paid, untaxed in (("2026-03-01", "2026-03-11", 1000), ("2026-04-01", "2026-04-11", 1000),
                                   ("2026-05-01", "2026-05-21", 2000)):
            invoice = cls.make_invoice(armor, fields.Date.to_date(due) - timedelta(days=30), untaxed, due)
            cls.pay(invoice, paid, untaxed * 1.2)
        # open: 1 000 + 20 % = 1 200, due Jul 10
        cls.open_invoice = cls.make_invoice(armor, "2026-06-10", 1000, "2026-07-10")

    def test_open_invoice_due_date_plus_the_customer_s_delays_three_cases(self):
        # Expected: 60 % 10 days late (Jul 20, week 4: 720), 40 % 20 days late (Jul 30, week 5: 480).
        # Optimistic (20th percentile, 10 days): all in week 4; pessimistic (80th, 20 days): week 5.
        data = self.data()
        self.assertEqual(self.row(data, "receivables")[:6], [0, 0, 0, 720, 480, 0])
        self.assertEqual(self.row(data, "receivables", "optimistic")[:6], [0, 0, 0, 1200, 0, 0])
        self.assertEqual(self.row(data, "receivables", "pessimistic")[:6], [0, 0, 0, 0, 1200, 0])
        # Monthly: all of it in July (month 2: Jun 29-30 is month 1).
        self.assertEqual(self.row(data, "receivables", horizon="month")[:3], [0, 1200, 0])
        # Cash: what the bank received (the three payments: 1 200 + 1 200 + 2 400), then + the invoice.
        balance = data["horizons"]["week"]["cases"]["expected"]["balance"]
        self.assertEqual(round(data["opening"], 2), 4800)
        self.assertEqual([round(b) for b in balance[2:5]], [4800, 5520, 6000])
        # The invoice is behind week 4.
        action = self.Forecast.action_open_bucket(D, "week", 3, "receivables")
        self.assertEqual(self.env["account.move"].search(action["domain"]), self.open_invoice)
        self.assertFalse(self.env["account.move"].search(
            self.Forecast.action_open_bucket(D, "week", 2, "receivables")["domain"]))

    def test_late_invoice_counts_only_longer_delays(self):
        # On Sunday Jul 26 the invoice is 16 days late: only the 20-day delays are left:
        # Jul 30, in the first week (Jul 27 - Aug 2) whatever the case.
        data = self.data(date(2026, 7, 26))
        for case in ("expected", "optimistic", "pessimistic"):
            self.assertEqual(self.row(data, "receivables", case)[:2], [1200, 0])
        # Aug 15, 36 days late: later than any payment seen: not expected (last column).
        data = self.data(date(2026, 8, 15))
        self.assertEqual(self.row(data, "receivables")[0], 0)
        self.assertEqual(self.row(data, "receivables")[-1], 1200)
        self.assertEqual(data["not_expected"], {"receivables": 1200})

    def test_with_and_without_o2c_dunning_s_prediction(self):
        if "o2c_predicted_payment_date" not in self.env["account.move"]._fields:
            self.skipTest("o2c_dunning is not installed")
        # Loire Pharma paid like Armor (10, 10 and 20 days late), in the months before today.
        today = fields.Date.context_today(self.Forecast)
        loire = self.env["res.partner"].create({"name": "Loire Pharma"})
        for back, late, untaxed in ((100, 10, 1000), (70, 10, 1000), (40, 20, 2000)):
            due = today - timedelta(days=back)
            self.pay(self.make_invoice(loire, due - timedelta(days=30), untaxed, due), due + timedelta(days=late),
                     untaxed * 1.2)
        due = today + timedelta(days=12)
        invoice = self.make_invoice(loire, today - timedelta(days=5), 500, due)
        # Without a prediction (or without o2c_dunning): due + 10 days for 60 %, + 20 for 40 %.
        without = self.items(today, invoice)
        self.assertEqual(without, [(due + timedelta(days=10), 0.6), (due + timedelta(days=20), 0.4)])
        # o2c_dunning predicts due + 30: the dates move so that their mean is the
        # prediction (mean offset 0.6 x 10 + 0.4 x 20 = 14): due + 26 and due + 36.
        invoice.o2c_predicted_payment_date = due + timedelta(days=30)
        self.assertEqual(self.items(today, invoice),
                         [(due + timedelta(days=26), 0.6), (due + timedelta(days=36), 0.4)])
        with patch.object(type(self.Forecast), "_dunning_installed", return_value=False):
            self.assertEqual(self.items(today, invoice), without)
        # A past day never uses today's prediction.
        self.assertFalse(self.Forecast._compute(self.company, today - timedelta(days=1))["prediction"])

    def items(self, day, invoice):
        result = self.Forecast._compute(self.company, day)
        item = next(i for i in result["items"] if i.res_id == invoice.id and i.source == "receivables")
        return [(d, round(s, 6)) for d, s in item.dates["expected"]]

    def test_snapshot_twice_in_a_week_stores_one(self):
        first = self.Forecast._store(self.company, D)
        second = self.Forecast._store(self.company, D - timedelta(days=2))  # Friday of the same ISO week
        snapshots = self.Forecast.search([("company_id", "=", self.company.id)])
        self.assertEqual(snapshots, second)
        self.assertFalse(first.exists())
        self.assertEqual(second.week, "2026-W26")
        lines = second.line_ids.filtered(lambda line: line.scenario == "expected" and line.source == "receivables")
        # Friday Jun 26: the invoice's lines on Jul 20 and Jul 30, 720 and 480.
        self.assertEqual(sorted((str(line.date), line.amount) for line in lines),
                         [("2026-07-20", 720), ("2026-07-30", 480)])
        self.assertEqual(lines.move_id, self.open_invoice)
        self.assertTrue(second.latest)
        self.assertEqual(second.receipts, 1200)

    def test_bad_input_gives_a_clear_message(self):
        tomorrow = fields.Date.context_today(self.Forecast) + timedelta(days=1)
        with self.assertRaisesRegex(UserError, "after today"):
            self.data(tomorrow)
        with self.assertRaisesRegex(UserError, "needs a date"):
            self.data("not a date")
        with self.assertRaisesRegex(UserError, "nothing behind it"):
            self.Forecast.action_open_bucket(D, "week", 0, "taxes")
        with self.assertRaisesRegex(UserError, "nothing behind it"):
            self.Forecast.action_open_bucket(D, "week", "x", "receivables")
        with self.assertRaisesRegex(UserError, "nothing behind it"):
            self.Forecast.action_open_bucket(D, "month", 9, "receivables")

    def test_access_rights(self):
        salesman = new_test_user(self.env, login="forecast_salesman", groups="sales_team.group_sale_salesman")
        with self.assertRaises(AccessError):
            self.Forecast.with_user(salesman).forecast_data(D)
        companies = {"company_id": self.company.id, "company_ids": [Command.set(self.company.ids)]}
        manager = new_test_user(self.env, login="forecast_sale_manager", groups="sales_team.group_sale_manager",
                                **companies)
        self.assertEqual(self.row(self.Forecast.with_user(manager).forecast_data(D), "receivables")[3], 720)
        # Another company's snapshot is not seen from this one.
        other = self.env["res.company"].create({"name": "Other Forecast Company"})
        self.Forecast._store(other, D)
        mine = self.Forecast._store(self.company, D)
        billing = new_test_user(self.env, login="forecast_billing", groups="account.group_account_invoice",
                                **companies)
        self.assertEqual(self.Forecast.with_user(billing).search([]), mine)
        self.assertEqual(self.env["o2c.cash.forecast.line"].with_user(billing).search([]).forecast_id, mine)
        with self.assertRaises(AccessError):
            self.env["o2c.cash.forecast.line"].with_user(salesman).search([])

    def test_dashboard_figure(self):
        today = fields.Date.context_today(self.Forecast)
        data = self.env["o2c.kpi.figures"].dashboard_data(today)
        card = next(card for card in data["cards"] if card["key"] == "cash_forecast")
        expected = self.data(today)["horizons"]["week"]["cases"]["expected"]["balance"][-1]
        self.assertAlmostEqual(card["value"], expected, places=2)
        action = self.env["o2c.kpi.figures"].action_open_card("cash_forecast", today)
        self.assertEqual(action["tag"], "o2c_cash_forecast")
        salesman = new_test_user(self.env, login="dashboard_salesman", groups="sales_team.group_sale_salesman")
        cards = self.env["o2c.kpi.figures"].with_user(salesman).dashboard_data(today)["cards"]
        self.assertNotIn("cash_forecast", [card["key"] for card in cards])


@tagged("post_install", "-at_install")
class TestCashForecastDeliveries(CashForecastCommon):
    """What is delivered and not invoiced, and what is signed and not
    delivered yet (timesheets count as delivered at the end of their month)."""

    def test_unbilled_timesheet_month_and_work_in_progress(self):
        # 70 h x 100 signed Mar 1, 30 days terms. March: 30 h (3 000, delivered Mar 31)
        # invoiced Apr 5 (lag 5); April: 10 h (1 000, Apr 30) invoiced Jun 9 (lag 40);
        # May: 20 h (2 000, May 31) not invoiced on Jun 28 (28 days); June: 10 h
        # (1 000, delivered Jun 30 by the convention: in progress on Jun 28).
        # Billing lags (value-weighted, Kaplan-Meier with May still open after 28 days):
        # 50 % in 5 days, 50 % in 40. No payment history: paid on the due date.
        order = self.order([(self.product_tm, 70, 100)], "2026-03-01")
        order.payment_term_id = self.term_30
        line = order.order_line
        self.timesheet(line, "2026-03-15", 30)
        self.invoice(order, "2026-04-05")
        self.timesheet(line, "2026-04-15", 10)
        self.invoice(order, "2026-06-09")
        self.timesheet(line, "2026-05-15", 20)
        self.timesheet(line, "2026-06-10", 10)
        self.facts()
        data = self.data()
        # May: older than 5 days, so invoiced 40 days after May 31 (Jul 10), due and paid
        # Aug 9 (week 6): 2 000 x 1.2 = 2 400.
        # June: 60 % invoiced Jul 5 (paid Aug 4, week 6: 720), 40 % Aug 9 (paid Sep 8,
        # week 11: 480).
        unbilled = self.row(data, "unbilled")
        self.assertEqual(unbilled[5], 3120)
        self.assertEqual(unbilled[10], 480)
        self.assertEqual(sum(unbilled), 3600)
        # Optimistic and pessimistic: June invoiced at its mean lag (0.6 x 5 + 0.4 x 40 = 19
        # days: Jul 19), paid Aug 18 (week 8).
        self.assertEqual(self.row(data, "unbilled", "pessimistic")[5], 2400)
        self.assertEqual(self.row(data, "unbilled", "pessimistic")[7], 1200)
        # 70 h signed, 70 h delivered: no backlog.
        self.assertEqual(sum(self.row(data, "backlog")), 0)
        action = self.Forecast.action_open_bucket(D, "week", 5, "unbilled")
        self.assertEqual(self.env["sale.order"].search(action["domain"]), order)

    def test_milestone_due_in_six_weeks(self):
        # 10 000 fixed price signed Jun 1, 30 days terms; its one milestone is due Aug 9
        # (six weeks after Jun 28). No history: invoiced on delivery, paid on the due
        # date Sep 8 (week 11): 12 000 tax included.
        order = self.order([(self.product_fixed, 1, 10000)], "2026-06-01")
        order.payment_term_id = self.term_30
        line = order.order_line
        milestone = line.task_id.project_id.milestone_ids  # made by Odoo with the order: 100 %
        self.assertEqual((milestone.sale_line_id, milestone.quantity_percentage), (line, 1))
        milestone.deadline = "2026-08-09"
        self.facts()
        data = self.data()
        backlog = self.row(data, "backlog")
        self.assertEqual(backlog[10], 12000)
        self.assertEqual(sum(backlog), 12000)
        self.assertEqual(self.row(data, "backlog", horizon="month")[:5], [0, 0, 0, 12000, 0])
        # Reached on Jul 1 (after the reference date): still backlog on Jun 28.
        milestone.write({"is_reached": True})
        milestone.write({"reached_date": "2026-07-01"})
        self.facts()
        self.assertEqual(self.row(self.data(), "backlog")[10], 12000)
        # On Jul 5 it is delivered, not invoiced: invoiced the next day, paid Aug 5 (week 5 then).
        self.assertEqual(self.row(self.data(date(2026, 7, 5)), "unbilled")[4], 12000)

    def test_time_and_materials_backlog_at_its_pace_up_to_the_project_end(self):
        # 200 h x 100 signed (20 000), 30 days terms, project ending Aug 31. 20 h worked
        # May 4 (2 000, delivered May 31, not invoiced), 10 h on Jun 15 (1 000, in progress).
        # Its pace: 3 000 since May 4 (56 days to Jun 28): 53.57 a day. Backlog: 20 000 -
        # 3 000 = 17 000; the plan (64 days to Aug 31: 265.63 a day) is faster than its pace:
        # 64 x 53.57 = 3 428.57 delivered (Jun 29-30: 107.14, July and August: 1 660.71
        # each), the rest (13 571.43) not expected. No history: invoiced on delivery (what is
        # already delivered: the day after Jun 28), paid 30 days later. Tax included (x 1.2):
        # Jun 30 -> Jul 30 (week 5): 128.57; Jul 31 -> Aug 30 (week 9): 1 992.86; Aug 31 ->
        # Sep 30 (later): 1 992.86; not expected: 16 285.71.
        order = self.order([(self.product_tm, 200, 100)], "2026-04-01")
        order.payment_term_id = self.term_30
        line = order.order_line
        line.task_id.project_id.write({"date_start": "2026-04-01", "date": "2026-08-31"})
        self.timesheet(line, "2026-05-04", 20)
        self.timesheet(line, "2026-06-15", 10)
        self.facts()
        data = self.data()
        backlog = self.row(data, "backlog")
        self.assertEqual((backlog[4], backlog[8], backlog[13], backlog[14]), (128.57, 1992.86, 1992.86, 16285.71))
        self.assertEqual(round(sum(backlog), 2), 20400)
        # May (invoiced Jun 29, paid Jul 29) and June (invoiced Jun 30, paid Jul 30): week 5.
        unbilled = self.row(data, "unbilled")
        self.assertEqual((unbilled[4], sum(unbilled)), (3600, 3600))
        self.assertEqual(round(data["not_expected"]["backlog"], 2), 16285.71)

    def test_prepaid_pack_has_no_backlog(self):
        # 40 h x 90 invoiced upfront: its cash is in the receivable, none left to deliver.
        order = self.order([(self.product_prepaid, 40, 90)], "2026-06-01")
        self.invoice(order, "2026-06-02")
        self.timesheet(order.order_line, "2026-06-10", 4)
        self.facts()
        data = self.data()
        self.assertEqual(sum(self.row(data, "backlog")) + sum(self.row(data, "unbilled")), 0)
        self.assertEqual(sum(self.row(data, "receivables")), 4320)

    def test_query_count_does_not_grow_with_the_data(self):
        def count():
            self.env.invalidate_all()
            self.Forecast._compute(self.company, D)  # warm the caches
            before = self.env.cr.sql_log_count
            self.Forecast._compute(self.company, D)
            return self.env.cr.sql_log_count - before

        order = self.order([(self.product_tm, 100, 100)], "2026-05-01")
        self.timesheet(order.order_line, "2026-05-10", 2)
        self.facts()
        few = count()
        for day in range(1, 11):
            more = self.order([(self.product_tm, 100, 100)], "2026-04-01")
            self.timesheet(more.order_line, f"2026-04-{day:02d}", 3)
            invoice = self.invoice(more, f"2026-05-{day:02d}")
            self.pay(invoice, f"2026-06-{day:02d}", 100)
        self.facts()
        self.assertEqual(count(), few)
        self.assertLessEqual(few, 16)


@tagged("post_install", "-at_install")
class TestCashForecastBillsAndCurrencies(CashForecastCommon):
    def test_vendor_bills_and_the_cash_on_the_day(self):
        # A bill of 1 000 due Jul 15 (week 3) and a vendor refund of 200 due Jul 1 (week 1);
        # 1 200 received on Jun 1 (cash on Jun 28), 500 more on Jul 2 (after it).
        vendor = self.env["res.partner"].create({"name": "Bureau Vallée"})
        self.make_invoice(vendor, "2026-06-01", 1000, "2026-07-15", "in_invoice", tax=False)
        self.make_invoice(vendor, "2026-06-05", 200, "2026-07-01", "in_refund", tax=False)
        for day, amount in (("2026-06-01", 1200), ("2026-07-02", 500)):
            payment = self.env["account.payment"].create({
                "payment_type": "inbound", "partner_type": "customer", "partner_id": self.customer.id,
                "amount": amount, "date": day})
            payment.action_post()
        data = self.data()
        self.assertEqual(round(data["opening"], 2), 1200)
        self.assertEqual(self.row(data, "payables")[:4], [200, 0, -1000, 0])
        for case in ("expected", "optimistic", "pessimistic"):
            self.assertEqual([round(b) for b in data["horizons"]["week"]["cases"][case]["balance"][:4]],
                             [1400, 1400, 400, 400])
        action = self.Forecast.action_open_bucket(D, "week", 2, "payables")
        self.assertEqual(self.env["account.move"].search(action["domain"]).move_type, "in_invoice")
        # The workbook, read back.
        action = self.env["o2c.cash.forecast.export"].action_export_as_of(D)
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[3].split("?")[0]))
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        self.assertEqual(book.sheetnames, ["Weekly", "Monthly", "Definitions"])
        weekly = book["Weekly"]
        self.assertEqual([c.value for c in weekly[3]][:8], [
            "ISO Week", "From", "To", "Open receivables", "Delivered, not invoiced", "Signed backlog", "Vendor bills",
            "Net Cash Flow"])
        self.assertEqual((weekly["A4"].value, weekly["B4"].value.date(), weekly["G4"].value, weekly["I4"].value),
                         ("2026-W27", date(2026, 6, 29), 200, 1400))
        self.assertEqual((weekly["G6"].value, weekly["I6"].value), (-1000, 400))
        self.assertEqual((weekly["A17"].value, weekly["A18"].value), ("Later", "Not expected"))
        self.assertEqual(weekly["A19"].value, "Total")
        self.assertEqual(weekly["G19"].value, "=SUM(G4:G18)")
        self.assertEqual(book["Monthly"]["A4"].value, "2026-06")
        self.assertIn("Open receivables", [row[0].value for row in book["Definitions"].iter_rows(min_row=3)])

    def test_other_currency_at_the_reference_date_rate(self):
        # 10 000 + 20 % = 12 000 EUR invoiced May 10 at 2 EUR per USD (booked 6 000 USD),
        # due Jul 10: on Jun 28, at 2.5, 4 800 USD expected in week 2.
        eur = self.setup_other_currency("EUR", rates=[("2026-01-01", 2.0), ("2026-06-01", 2.5)])
        celtic = self.env["res.partner"].create({"name": "Celtic Export"})
        invoice = self.make_invoice(celtic, "2026-05-10", 10000, "2026-07-10", currency=eur)
        self.assertEqual(invoice.amount_total_signed, 6000)
        self.assertEqual(self.row(self.data(), "receivables")[:2], [0, 4800])
        # Before the first EUR rate, with an EUR invoice open: a clear message.
        self.make_invoice(celtic, "2025-12-10", 100, "2026-01-10", currency=eur)
        with self.assertRaisesRegex(UserError, "exchange rate of EUR"):
            self.data(date(2025, 12, 20))

    def test_snapshot_job_on_demo_data_with_nothing_configured(self):
        Forecast = self.Forecast.with_user(self.env.ref("base.user_root"))
        companies = self.env["res.company"].sudo().search([])
        for _company in range(len(companies) + 1):
            Forecast._cron_snapshot()
        snapshots = self.Forecast.sudo().search([])
        self.assertEqual(len(snapshots), len(set(snapshots.mapped(lambda s: (s.company_id.id, s.week)))))
        self.assertIn(self.company, snapshots.company_id)
        Forecast._cron_snapshot()
        self.assertEqual(self.Forecast.sudo().search([]), snapshots)


@tagged("post_install", "-at_install")
class TestCashForecastBacktest(CashForecastCommon):
    """A hand-made two-month history: an invoice of 1 200 every Monday of
    March (Mar 2 to Mar 30) and one on Apr 13, due 14 days later, each paid
    10 days after its due date.

        invoice  Mar 2   Mar 9   Mar 16  Mar 23  Mar 30  Apr 13
        due      Mar 16  Mar 23  Mar 30  Apr 6   Apr 13  Apr 27
        paid     Mar 26  Apr 2   Apr 9   Apr 16  Apr 23  May 7
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        partner = cls.env["res.partner"].create({"name": "Vendée Conseil"})
        for invoiced in ("2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23", "2026-03-30", "2026-04-13"):
            day = fields.Date.to_date(invoiced)
            invoice = cls.make_invoice(partner, day, 1000, day + timedelta(days=14))
            cls.pay(invoice, day + timedelta(days=24), 1200)

    def test_backtest_forecast_baseline_and_actual_receipts(self):
        result = self.Forecast._backtest(self.company, [date(2026, 4, 5), date(2026, 4, 19)], weeks=4)
        first, second = result["dates"]
        # Sunday Apr 5: two payments seen (10 days late). Open: Mar 16's (6 days late: paid
        # 10 days late, Apr 9, week 1), Mar 23's (Apr 16, week 2), Mar 30's (Apr 23, week 3).
        # The baseline: Mar 16's (late) and Mar 23's (due Apr 6) in week 1, Mar 30's in week 2.
        self.assertEqual([round(v) for v in first["forecast"]], [1200, 1200, 1200, 0])
        self.assertEqual([round(v) for v in first["baseline"]], [2400, 1200, 0, 0])
        self.assertEqual([round(v) for v in first["actual"]], [1200, 1200, 1200, 0])
        # Sunday Apr 19: Mar 30's (6 days late) on Apr 23 (week 1), Apr 13's on May 7
        # (week 3); the baseline: week 1 and week 2 (due Apr 27).
        self.assertEqual([round(v) for v in second["forecast"]], [1200, 0, 1200, 0])
        self.assertEqual([round(v) for v in second["baseline"]], [1200, 1200, 0, 0])
        self.assertEqual([round(v) for v in second["actual"]], [1200, 0, 1200, 0])
        # MAPE at 1 week: forecast 0 %; baseline (100 % + 0 %) / 2 = 50 %. At 4 weeks
        # nothing came in on either date: undefined.
        self.assertEqual(result["mape"][1], {"forecast": 0, "baseline": 50})
        self.assertEqual(result["mape"][4], {"forecast": None, "baseline": None})
        self.assertEqual(self.Forecast._backtest_dates(date(2026, 12, 2), count=2),
                         [date(2026, 8, 16), date(2026, 8, 30)])


@tagged("post_install", "-at_install")
class TestCashForecastTour(HttpCase):
    def test_open_the_forecast_and_drill_into_a_week(self):
        env = self.env
        today = fields.Date.today()
        customer = env["res.partner"].create({"name": "Tour Forecast Customer"})
        invoice = env["account.move"].create({
            "move_type": "out_invoice", "partner_id": customer.id, "invoice_date": today,
            "invoice_payment_term_id": False, "invoice_date_due": today + timedelta(days=3),
            "invoice_line_ids": [Command.create({"name": "Consulting", "quantity": 1, "price_unit": 777})],
        })
        invoice.action_post()
        self.start_tour("/odoo/action-o2c_kpi.action_o2c_cash_forecast", "o2c_cash_forecast_tour", login="admin")
