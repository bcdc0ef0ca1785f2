# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Work, milestones, deliveries and invoices dated after today count from
their day on: today's stage, stage date and amounts never look ahead, and
the daily job moves the order on the day without anyone touching it."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import O2cPipelineCommon

TODAY = "2026-03-02"


def day(text):
    return date.fromisoformat(text)


@tagged("post_install", "-at_install")
class TestDatedAhead(O2cPipelineCommon):
    def daily_job(self, on):
        with freeze_time(on):
            self.env["sale.order"]._cron_o2c_refresh_overdue()

    def test_timesheet_entered_five_weeks_ahead(self):
        with freeze_time(TODAY):
            # 100 h x 100 signed Jan 5; 10 h on Jan 20, invoiced Feb 2
            # (1 000, 1 200 with tax) and paid Feb 10: in delivery since Feb 10.
            order = self.order([(self.product_tm, 100, 100)], "2026-01-05")
            self.timesheet(order.order_line, "2026-01-20", 10)
            invoice = self.invoice(order, "2026-02-02")
            self.pay(invoice, "2026-02-10", 1200)
            self.refresh()
            self.assertEqual((order.o2c_stage, str(order.o2c_stage_date)), ("in_delivery", "2026-02-10"))
            # Today (Mar 2) a consultant enters 8 h dated Apr 6, five weeks ahead.
            self.timesheet(order.order_line, "2026-04-06", 8)
            self.refresh()
            self.assertEqual((order.o2c_stage, str(order.o2c_stage_date)), ("in_delivery", "2026-02-10"))
            self.assertEqual(order.o2c_days_in_stage, 20)
            self.assertEqual((order.o2c_delivered_amount, order.o2c_to_invoice_amount), (1000, 0))
            self.assertEqual(order.o2c_next_event_date, day("2026-04-06"))
        # Nothing happens until Apr 5...
        self.daily_job("2026-04-05")
        self.assertEqual(order.o2c_stage, "in_delivery")
        # ...on Apr 6 the daily job moves it, dated that day.
        self.daily_job("2026-04-06")
        self.assertEqual((order.o2c_stage, str(order.o2c_stage_date)), ("to_invoice", "2026-04-06"))
        self.assertEqual((order.o2c_delivered_amount, order.o2c_to_invoice_amount), (1800, 800))
        self.assertFalse(order.o2c_next_event_date)

    def test_milestone_manual_delivery_and_invoice_dated_ahead(self):
        with freeze_time(TODAY):
            # Fixed price 10 000 signed Feb 1, its one milestone reached "Mar 16".
            fixed = self.order([(self.product_fixed, 1, 10000)], "2026-02-01")
            project = fixed.order_line.task_id.project_id
            project.allow_milestones = True
            milestone = self.env["project.milestone"].create({
                "name": "Go-live", "project_id": project.id, "sale_line_id": fixed.order_line.id,
                "quantity_percentage": 1.0})
            milestone.write({"is_reached": True})
            milestone.write({"reached_date": "2026-03-16"})
            # 2 training days x 1 200 delivered Feb 20; invoiced with a date of Mar 9.
            training = self.order([(self.product_manual, 2, 1200)], "2026-02-01")
            training.order_line.with_context(o2c_delivery_date="2026-02-20").qty_delivered = 2
            self.invoice(training, "2026-03-09")
            self.refresh()
            self.assertEqual((fixed.o2c_stage, str(fixed.o2c_stage_date)), ("signed", "2026-02-01"))
            self.assertEqual(fixed.o2c_next_event_date, day("2026-03-16"))
            # The invoice dated Mar 9 does not bill the training yet.
            self.assertEqual((training.o2c_stage, str(training.o2c_stage_date)), ("to_invoice", "2026-02-20"))
            self.assertEqual((training.o2c_invoiced_amount, training.o2c_to_invoice_amount), (0, 2400))
            self.assertEqual(training.o2c_next_event_date, day("2026-03-09"))
        self.daily_job("2026-03-09")
        self.assertEqual((training.o2c_stage, str(training.o2c_stage_date)), ("invoiced", "2026-03-09"))
        self.assertEqual(fixed.o2c_stage, "signed")
        self.daily_job("2026-03-16")
        self.assertEqual((fixed.o2c_stage, str(fixed.o2c_stage_date)), ("to_invoice", "2026-03-16"))
        self.assertEqual(fixed.o2c_to_invoice_amount, 10000)

    def test_collected_order_with_a_delivery_dated_ahead(self):
        # The daily job skips collected orders, unless something of theirs
        # is dated up to today and not counted yet.
        with freeze_time(TODAY):
            # 1 training day x 1 200 delivered Feb 2, invoiced Feb 3, paid
            # Feb 10 (1 440 with tax): collected.
            order = self.order([(self.product_manual, 1, 1200)], "2026-02-01")
            order.order_line.with_context(o2c_delivery_date="2026-02-02").qty_delivered = 1
            invoice = self.invoice(order, "2026-02-03")
            self.pay(invoice, "2026-02-10", 1440)
            # A second day agreed for Mar 20, recorded today.
            order.order_line.with_context(o2c_delivery_date="2026-03-20").qty_delivered = 2
            self.refresh()
            self.assertEqual((order.o2c_stage, str(order.o2c_stage_date)), ("collected", "2026-02-10"))
        self.daily_job("2026-03-20")
        self.assertEqual((order.o2c_stage, str(order.o2c_stage_date)), ("to_invoice", "2026-03-20"))
        self.assertEqual(order.o2c_to_invoice_amount, 1200)

    def test_order_dated_ahead_is_never_in_its_stage_since_a_future_day(self):
        with freeze_time(TODAY):
            order = self.order([(self.product_tm, 10, 100)], "2026-03-10")
            self.refresh()
            self.assertEqual((order.o2c_stage, str(order.o2c_stage_date)), ("signed", TODAY))
            self.assertEqual(order.o2c_days_in_stage, 0)
            self.assertEqual(order.o2c_signed_amount, 1000)
