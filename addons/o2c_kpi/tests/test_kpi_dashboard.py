# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The dashboard's figures, the unbilled work by age, the alerts, and the
dashboard in a real browser."""

import base64
import io
from datetime import date, timedelta

import openpyxl

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.o2c_pipeline.tests.common import O2cPipelineCommon

AS_OF = date(2026, 6, 30)


@tagged("post_install", "-at_install")
class TestKpiDashboard(O2cPipelineCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.o2c_kpi_delivery_convention = "own"
        cls.Figures = cls.env["o2c.kpi.figures"]
        cls.Lag = cls.env["o2c.billing.lag"]

    def facts(self):
        self.refresh()
        self.Lag._refresh_queued()

    def test_cash_tied_up_like_the_50_consultant_example(self):
        # A 50-consultant firm invoicing 1 350 000 in 90 days (15 000 a day)
        # 10 days after delivery ties up 15 000 x 10 = 150 000. Here: one
        # delivery of 1 350 000 on May 21, invoiced May 31 (within the 90
        # days ending Jun 30).
        order = self.order([(self.product_manual, 1, 1_350_000)], "2026-05-01")
        order.order_line.with_context(o2c_delivery_date="2026-05-21").qty_delivered = 1
        self.invoice(order, "2026-05-31")
        self.facts()
        headline = self.Figures._headline(AS_OF)
        self.assertEqual(headline["lag"], 10)
        self.assertEqual(headline["daily_revenue"], 15_000)
        self.assertEqual(headline["cash_tied_lag"], 150_000)
        # The 90 days before (Jan 1 - Mar 31) billed nothing.
        self.assertIsNone(headline["lag_previous"])
        data = self.Figures.dashboard_data(AS_OF, lag_target=1)
        cards = {card["key"]: card for card in data["cards"]}
        self.assertEqual(cards["lag"]["value"], 10)
        # What if the lag fell to 1 day: 15 000 x 9 = 135 000 freed.
        self.assertIn("135,000.00", data["what_if"]["freed_lag"])
        self.assertEqual(len(data["trend"]["labels"]), 12)
        self.assertEqual(data["trend"]["labels"][-1], "2026-06")
        self.assertEqual(data["trend"]["lag"][-2], 10, "May, the month of the invoice")

    def test_avoidable_credit_notes_card(self):
        wrong_rate = self.env.ref("o2c_pipeline.credit_reason_wrong_rate")
        first = self.order([(self.product_manual, 1, 1000)], "2026-05-01")
        first.order_line.qty_delivered = 1
        invoice = self.invoice(first, "2026-05-31")
        invoice._reverse_moves([{"invoice_date": "2026-06-05", "o2c_credit_reason_id": wrong_rate.id}]).action_post()
        second = self.order([(self.product_manual, 1, 3000)], "2026-05-01")
        second.order_line.qty_delivered = 1
        self.invoice(second, "2026-06-10")
        self.facts()
        cards = {card["key"]: card for card in self.Figures.dashboard_data(AS_OF)["cards"]}
        card = cards["avoidable_credits"]
        self.assertEqual(card["value"], 25.0, "1 000 credited for a wrong rate out of 4 000 invoiced")
        self.assertEqual(card["display"], "25.0 %")
        self.assertIsNone(card["previous_display"], "nothing invoiced in the 90 days before")
        self.assertIn("Invoices right the first time: 50.0 %", card["help"])
        action = self.Figures.action_open_card("avoidable_credits", AS_OF)
        self.assertEqual(action["res_model"], "o2c.credit.report")
        rows = self.env["o2c.credit.report"].search(action["domain"])
        self.assertEqual((sum(rows.mapped("credit_amount")), sum(rows.mapped("invoiced_amount"))), (1000, 4000))
        salesman = new_test_user(self.env, login="o2c_kpi_quality_salesman", groups="sales_team.group_sale_salesman")
        self.assertIsNone(self.Figures.with_user(salesman)._quality_figures(AS_OF))

    def test_unbilled_trend_and_drill_down(self):
        # 10 h x 100 on Jun 10 and 5 h on Jun 25, nothing invoiced: on Jun 30,
        # 1 500 unbilled (1 000 aged 20 days, 500 aged 5); 30 days earlier, nothing.
        order = self.order([(self.product_tm, 100, 100)], "2026-06-01")
        self.timesheet(order.order_line, "2026-06-10", 10)
        self.timesheet(order.order_line, "2026-06-25", 5)
        self.facts()
        headline = self.Figures._headline(AS_OF)
        self.assertEqual((headline["unbilled"], headline["unbilled_previous"]), (1500, 0))
        self.assertEqual(headline["unbilled_buckets"], {"0_7": 500, "16_30": 1000})
        action = self.Figures.action_open_card("unbilled", AS_OF)
        lines = self.env["o2c.unbilled.ageing.line"].search(action["domain"])
        mine = lines.filtered(lambda line: line.order_id == order)
        self.assertEqual(sorted((line.bucket, line.age_days, line.amount) for line in mine),
                         [("0_7", 5, 500), ("16_30", 20, 1000)])
        # From a row to the timesheet days behind it.
        events = mine.filtered(lambda line: line.age_days == 20).action_open_events()
        ledger = self.env["o2c.ledger"].search(events["domain"])
        self.assertEqual([(str(e.date), e.amount) for e in ledger], [("2026-06-10", 1000)])
        self.assertEqual(mine[0].action_open_order()["res_id"], order.id)

    def test_xlsx_export_read_back(self):
        # Customer A: 1 000 delivered Jan 10, invoiced Jan 12 (lag 2); customer
        # B: 3 000 delivered Feb 1, invoiced Feb 11 (lag 10), and 500 more on
        # Jun 20, unbilled on Jun 30 (10 days: 8-15).
        other = self.env["res.partner"].create({"name": "Breizh Conseil"})
        first = self.order([(self.product_manual, 1, 1000)], "2026-01-05")
        first.order_line.with_context(o2c_delivery_date="2026-01-10").qty_delivered = 1
        self.invoice(first, "2026-01-12")
        second = self.order([(self.product_manual, 7, 500)], "2026-01-05")
        second.partner_id = other
        second.order_line.with_context(o2c_delivery_date="2026-02-01").qty_delivered = 6
        self.invoice(second, "2026-02-11")
        second.order_line.with_context(o2c_delivery_date="2026-06-20").qty_delivered = 7
        self.facts()
        export = self.env["o2c.kpi.export"].create(
            {"date_from": "2026-01-01", "date_to": "2026-06-30", "as_of": "2026-06-30"})
        action = export.action_export()
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[3].split("?")[0]))
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        self.assertEqual(book.sheetnames[:5], ["By month", "By customer", "By project", "By project manager",
                                               "Unbilled by age"])
        self.assertEqual(book.sheetnames[-1], "Definitions")
        by_customer = book["By customer"]
        rows = [[c.value for c in row] for row in by_customer.iter_rows(min_row=4, max_row=5)]
        # Sorted by billed value: B (3 000, lag 10), then A (1 000, lag 2).
        self.assertEqual([(r[0], r[1], r[2]) for r in rows],
                         [("Breizh Conseil", 3000, 10), ("Armor Transports", 1000, 2)])
        self.assertEqual(by_customer["A6"].value, "Total")
        self.assertEqual(by_customer["B6"].value, "=SUM(B4:B5)")
        self.assertEqual(by_customer.freeze_panes, "A4")
        months = book["By month"]
        self.assertEqual([months["A4"].value.month, months["A5"].value.month], [1, 2])
        unbilled = book["Unbilled by age"]
        self.assertEqual([c.value for c in unbilled[3]][:3], ["Customer", "0-7 days", "8-15 days"])
        self.assertEqual((unbilled["A4"].value, unbilled["C4"].value, unbilled["G4"].value),
                         ("Breizh Conseil", 500, 500))

    def test_headline_query_count_does_not_grow_with_the_data(self):
        def count():
            self.env.invalidate_all()
            self.Figures._headline(AS_OF)  # warm the caches (rules, fields)
            before = self.env.cr.sql_log_count
            self.Figures._headline(AS_OF)
            return self.env.cr.sql_log_count - before

        order = self.order([(self.product_tm, 100, 100)], "2026-05-01")
        self.timesheet(order.order_line, "2026-05-10", 2)
        self.facts()
        few = count()
        for day in range(1, 20):
            more = self.order([(self.product_tm, 100, 100)], "2026-04-01")
            self.timesheet(more.order_line, f"2026-04-{day:02d}", 3)
            self.invoice(more, f"2026-05-{day:02d}")
            self.timesheet(more.order_line, f"2026-06-{day:02d}", 1)
        self.facts()
        self.assertEqual(count(), few)
        self.assertLessEqual(few, 5)

    def test_bad_input_gives_a_clear_message(self):
        tomorrow = fields.Date.context_today(self.Figures) + timedelta(days=1)
        with self.assertRaisesRegex(UserError, "known up to today"):
            self.Figures.dashboard_data(tomorrow)
        with self.assertRaisesRegex(UserError, "0 or more"):
            self.Figures.dashboard_data(AS_OF, lag_target=-2)
        with self.assertRaisesRegex(ValidationError, "known up to today"):
            self.env["o2c.unbilled.ageing"].create({"as_of": tomorrow})
        with self.assertRaisesRegex(ValidationError, "swap the dates"):
            self.env["o2c.kpi.export"].create({"date_from": "2026-06-30", "date_to": "2026-01-01"})

    def test_unbilled_rows_follow_the_reader_rights(self):
        alice = new_test_user(self.env, login="ageing_alice", groups="sales_team.group_sale_salesman")
        bob = new_test_user(self.env, login="ageing_bob", groups="sales_team.group_sale_salesman")
        mine = self.order([(self.product_tm, 10, 100)], "2026-06-01")
        mine.user_id = alice
        theirs = self.order([(self.product_tm, 10, 100)], "2026-06-01")
        theirs.user_id = bob
        for order in mine | theirs:
            self.timesheet(order.order_line, "2026-06-10", 1)
        self.facts()
        action = self.env["o2c.unbilled.ageing"].with_user(alice).action_open_as_of(AS_OF)
        Line = self.env["o2c.unbilled.ageing.line"]
        self.assertEqual(Line.with_user(alice).search(action["domain"]).order_id, mine)
        # Bob does not see Alice's report.
        self.assertFalse(Line.with_user(bob).search(action["domain"]))


@tagged("post_install", "-at_install")
class TestUnbilledAlerts(O2cPipelineCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.o2c_kpi_delivery_convention = "own"
        cls.Lag = cls.env["o2c.billing.lag"]
        cls.manager = new_test_user(cls.env, login="alert_pm", groups="project.group_project_manager")
        cls.alert_type = cls.env.ref("o2c_kpi.mail_activity_type_unbilled_work")

    def alerts(self, orders):
        return self.env["mail.activity"].search([
            ("activity_type_id", "=", self.alert_type.id), ("res_model", "=", "sale.order"),
            ("res_id", "in", orders.ids)])

    def daily_job(self):
        """As the scheduler runs it: the superuser, facts refreshed first."""
        self.refresh()
        self.Lag._refresh_queued()
        self.env["sale.order"].with_user(self.env.ref("base.user_root"))._cron_o2c_kpi_unbilled_alerts()

    def test_one_alert_per_late_order_done_once_invoiced(self):
        today = fields.Date.context_today(self.Lag)
        # 10 h delivered 20 days ago (over the 15-day default), 2 h 3 days ago.
        late = self.order([(self.product_tm, 100, 100)], str(today - timedelta(days=30)))
        late.order_line.task_id.project_id.user_id = self.manager
        self.timesheet(late.order_line, today - timedelta(days=20), 10)
        recent = self.order([(self.product_tm, 100, 100)], str(today - timedelta(days=30)))
        self.timesheet(recent.order_line, today - timedelta(days=3), 2)
        self.daily_job()
        alert = self.alerts(late | recent)
        self.assertEqual(alert.res_id, late.id)
        self.assertEqual(alert.user_id, self.manager, "the project manager")
        self.assertIn("1,000.00", str(alert.note))
        # Run again (or twice a day): never a second one.
        self.daily_job()
        self.assertEqual(self.alerts(late | recent), alert)
        # Invoiced up to date: the alert is done.
        self.invoice(late, today)
        self.daily_job()
        self.assertFalse(self.alerts(late).exists())

    def test_no_project_manager_falls_back_and_alerts_can_be_turned_off(self):
        today = fields.Date.context_today(self.Lag)
        order = self.order([(self.product_manual, 5, 1000)], str(today - timedelta(days=60)))
        order.order_line.with_context(o2c_delivery_date=str(today - timedelta(days=40))).qty_delivered = 1
        self.env.company.o2c_kpi_alert = False
        self.daily_job()
        self.assertFalse(self.alerts(order))
        self.env.company.o2c_kpi_alert = True
        self.daily_job()
        # No project (a training day): the order's step owner, its project
        # manager role being empty: the salesperson.
        self.assertEqual(self.alerts(order).user_id, order.o2c_owner_id or order.user_id)

    def test_on_odoo_demo_data_with_nothing_configured(self):
        self.Lag._rebuild_all()
        self.env["sale.order"].with_user(self.env.ref("base.user_root"))._cron_o2c_kpi_unbilled_alerts()
        for activity in self.env["mail.activity"].search([("activity_type_id", "=", self.alert_type.id)]):
            self.assertTrue(activity.user_id.active and not activity.user_id.share)


@tagged("post_install", "-at_install")
class TestKpiDashboardTour(HttpCase):
    def test_open_the_dashboard_and_drill_into_the_unbilled_value(self):
        env = self.env
        env.company.o2c_kpi_delivery_convention = "own"
        product = env["product.product"].create({
            "name": "Tour KPI consulting hour", "type": "service", "list_price": 100,
            "service_policy": "delivered_timesheet", "service_tracking": "task_in_project"})
        customer = env["res.partner"].create({"name": "Tour Unbilled Customer"})
        order = env["sale.order"].create({
            "partner_id": customer.id,
            "order_line": [fields.Command.create({"product_id": product.id, "product_uom_qty": 100})]})
        order.action_confirm()
        employee = env["hr.employee"].create({"name": "Tour Consultant"})
        env["account.analytic.line"].create({
            "name": "Work", "date": fields.Date.today() - timedelta(days=3), "unit_amount": 15,
            "employee_id": employee.id, "project_id": order.order_line.task_id.project_id.id,
            "task_id": order.order_line.task_id.id})
        env.flush_all()
        env.cr.precommit.run()
        env["o2c.billing.lag"]._refresh_queued()
        self.start_tour("/odoo/action-o2c_kpi.action_o2c_kpi_dashboard", "o2c_kpi_dashboard_tour", login="admin")
