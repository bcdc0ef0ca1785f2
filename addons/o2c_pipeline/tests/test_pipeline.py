# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Blocking, stuck orders, thresholds, owners and who sees what."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import O2cPipelineCommon


@tagged("post_install", "-at_install")
class TestPipeline(O2cPipelineCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dispute = cls.env.ref("o2c_pipeline.block_reason_dispute")
        cls.today = fields.Date.today()

    def days_ago(self, days):
        return str(self.today - timedelta(days=days))

    def test_block_needs_a_reason(self):
        order = self.order([(self.product_tm, 10, 100)], self.days_ago(3))
        with self.assertRaisesRegex(UserError, "Choose why"):
            order._o2c_block(self.env["o2c.block.reason"])
        with self.assertRaisesRegex(ValidationError, "give the reason"):
            order.write({"o2c_blocked": True})

    def test_block_and_unblock_are_tracked(self):
        order = self.order([(self.product_tm, 10, 100)], self.days_ago(3))
        self.refresh()  # what the setup left pending
        # A user's context: the test classes disable mail tracking by default.
        wizard = self.env(context={})["o2c.block.wizard"].with_context(default_order_ids=order.ids).create(
            {"reason_id": self.dispute.id, "note": "Contests the March timesheets"})
        wizard.action_block()
        self.refresh()
        order.invalidate_recordset(["message_ids"])
        self.assertTrue(order.o2c_blocked)
        self.assertEqual(order.o2c_block_reason_id, self.dispute)
        tracked = self.env["mail.tracking.value"].sudo().search(
            [("mail_message_id", "in", order.message_ids.ids)]).field_id.mapped("name")
        self.assertIn("o2c_blocked", tracked)
        self.assertIn("o2c_block_reason_id", tracked)
        self.assertIn("Contests the March timesheets", "".join(order.message_ids.mapped("body")))
        self.assertEqual(self.env["sale.order"].search([("o2c_blocked", "=", True), ("id", "=", order.id)]), order)
        order.action_o2c_unblock()
        self.assertFalse(order.o2c_blocked or order.o2c_block_reason_id)

    def test_only_confirmed_orders_and_reasons_of_the_company(self):
        quotation = self.env["sale.order"].create({"partner_id": self.customer.id})
        with self.assertRaisesRegex(UserError, "Only confirmed orders"):
            quotation._o2c_block(self.dispute)
        other_company = self.env["res.company"].create({"name": "Other Co"})
        foreign_reason = self.env["o2c.block.reason"].create({"name": "Theirs", "company_id": other_company.id})
        order = self.order([(self.product_tm, 10, 100)], self.days_ago(3))
        with self.assertRaisesRegex(UserError, "another company"):
            order._o2c_block(foreign_reason)

    def test_stuck_follows_the_company_thresholds(self):
        # Signed 40 days ago, nothing delivered: stuck after 30 days (default).
        old = self.order([(self.product_tm, 10, 100)], self.days_ago(40))
        recent = self.order([(self.product_tm, 10, 100)], self.days_ago(10))
        self.refresh()
        self.assertEqual((old.o2c_stage, old.o2c_days_in_stage), ("signed", 40))
        Order = self.env["sale.order"]
        stuck = Order.search([("o2c_is_stuck", "=", True), ("id", "in", (old | recent).ids)])
        self.assertEqual(stuck, old)
        self.assertEqual(Order.search([("o2c_is_stuck", "=", False), ("id", "in", (old | recent).ids)]), recent)
        self.assertTrue(old.o2c_is_stuck)
        threshold = self.env["o2c.stage.threshold"].search(
            [("company_id", "=", self.env.company.id), ("stage", "=", "signed")])
        threshold.days = 45
        old.invalidate_recordset(["o2c_is_stuck"])
        self.assertFalse(old.o2c_is_stuck)
        self.assertFalse(Order.search([("o2c_is_stuck", "=", True), ("id", "=", old.id)]))

    def test_collected_column_starts_folded(self):
        paid = self.order([(self.product_prepaid, 1, 90)], self.days_ago(5))
        invoice = self.invoice(paid, self.days_ago(4))
        self.pay(invoice, self.days_ago(3), invoice.amount_total)
        self.timesheet(paid.order_line, self.days_ago(3), 1)
        self.order([(self.product_tm, 10, 100)], self.days_ago(2))
        self.refresh()
        self.assertEqual(paid.o2c_stage, "collected")
        groups = self.env["sale.order"].web_read_group(
            [("state", "=", "sale")], ["o2c_stage_amount:sum"], ["o2c_stage"])["groups"]
        folded = {g["o2c_stage"]: g.get("__fold", False) for g in groups}
        self.assertTrue(folded["collected"])
        self.assertFalse(folded["signed"])

    def test_daily_cron_catches_a_down_payment_falling_overdue_on_a_signed_order(self):
        # 1 000 signed on Jan 5; 30% down payment invoiced Jan 6, due the same
        # day (300 + 20% = 360). On Jan 6 it is not overdue yet; nothing
        # happens to the order afterwards, the daily cron must see it on Jan 20.
        with freeze_time("2026-01-06"):
            order = self.order([(self.product_manual, 1, 1000)], "2026-01-05")
            self.down_payment(order, 30, "2026-01-06")
            self.refresh()
            self.assertEqual((order.o2c_stage, order.o2c_overdue_amount), ("signed", 0))
        with freeze_time("2026-01-20"):
            self.env["sale.order"]._cron_o2c_refresh_overdue()
            self.assertEqual((order.o2c_stage, order.o2c_overdue_amount, order.o2c_health),
                             ("signed", 360, "overdue"))

    def test_invalid_thresholds_and_settings_are_refused(self):
        threshold = self.env["o2c.stage.threshold"].search([("company_id", "=", self.env.company.id)], limit=1)
        for days in (0, -3):
            with self.assertRaisesRegex(ValidationError, "positive number of days"):
                threshold.days = days
        stranger = new_test_user(self.env, login="o2c_stranger", groups="sales_team.group_sale_salesman",
                                 company_id=self.env["res.company"].create({"name": "Elsewhere"}).id)
        with self.assertRaisesRegex(ValidationError, "no access to"):
            self.env.company.o2c_collection_user_id = stranger

    def test_owner_follows_the_stage(self):
        collector = new_test_user(self.env, login="o2c_collector", groups="account.group_account_invoice")
        self.env.company.o2c_collection_user_id = collector
        order = self.order([(self.product_prepaid, 10, 90)], self.days_ago(5))
        self.refresh()
        self.assertEqual(order.o2c_owner_id, order.user_id, "signed: the salesperson")
        self.assertEqual(order.o2c_collection_user_id, collector)
        self.invoice(order, self.days_ago(4))
        self.refresh()
        self.assertEqual((order.o2c_stage, order.o2c_owner_id), ("invoiced", collector))

    def test_salespeople_see_the_pipeline_of_their_orders(self):
        alice = new_test_user(self.env, login="o2c_alice", groups="sales_team.group_sale_salesman")
        bob = new_test_user(self.env, login="o2c_bob", groups="sales_team.group_sale_salesman")
        manager = new_test_user(self.env, login="o2c_manager", groups="sales_team.group_sale_manager")
        mine = self.order([(self.product_tm, 10, 100)], self.days_ago(5))
        mine.user_id = alice
        theirs = self.order([(self.product_tm, 20, 100)], self.days_ago(5))
        theirs.user_id = bob
        self.refresh()
        Ledger = self.env["o2c.ledger"]
        domain = [("order_id", "in", (mine | theirs).ids)]
        self.assertEqual(Ledger.with_user(alice).search(domain).order_id, mine)
        self.assertEqual(Ledger.with_user(manager).search(domain).order_id, mine | theirs)
        with self.assertRaises(AccessError):
            self.env["o2c.stage.threshold"].with_user(alice).search([], limit=1).days = 3
        with self.assertRaises(AccessError):
            self.env["o2c.block.reason"].with_user(alice).create({"name": "Mine"})
        self.env["o2c.block.reason"].with_user(manager).create({"name": "Manager's"})

    def test_other_company_pipeline_is_invisible(self):
        order = self.order([(self.product_tm, 10, 100)], self.days_ago(5))
        self.refresh()
        other = self.env["res.company"].create({"name": "Other Co"})
        outsider = new_test_user(self.env, login="o2c_outsider", company_id=other.id,
                                 groups="sales_team.group_sale_manager")
        self.assertFalse(self.env["o2c.ledger"].with_user(outsider).search([("order_id", "=", order.id)]))


@tagged("post_install", "-at_install")
class TestPipelineTour(HttpCase):
    def test_block_a_stuck_order_from_the_kanban(self):
        product = self.env["product.product"].create({
            "name": "Tour consulting hour", "type": "service", "list_price": 100,
            "service_policy": "delivered_timesheet", "service_tracking": "no"})
        customer = self.env["res.partner"].create({"name": "Tour Stuck Customer"})
        order = self.env["sale.order"].create({
            "partner_id": customer.id, "order_line": [fields.Command.create({"product_id": product.id})]})
        order.action_confirm()
        order.date_order = fields.Datetime.now() - timedelta(days=90)
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertTrue(order.o2c_is_stuck)
        self.start_tour("/odoo/action-o2c_pipeline.action_o2c_pipeline", "o2c_pipeline_block_tour", login="admin")
        self.assertTrue(order.o2c_blocked)
        self.assertEqual(order.o2c_block_reason_id, self.env.ref("o2c_pipeline.block_reason_dispute"))
