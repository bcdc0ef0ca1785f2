# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The generator writes exactly the company its plan describes.

Seed 6 at scale 0.2 is a small company (10 consultants, 8 customers, about
2 600 timesheet lines) whose plan holds every case: time-and-materials,
milestones with and without down payment, prepaid packs, training days, a
USD customer, credit notes, partial payments and a disputed invoice.
"""

import datetime as dt
from collections import defaultdict

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from ..engine import demo_plan as dp

TODAY = dt.date(2026, 11, 23)
SEED, SCALE = 6, 0.2


@tagged("post_install", "-at_install")
class TestDemoGenerator(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.result = cls.env["o2c.demo.generator"].generate(
            seed=SEED, scale=SCALE, today=TODAY, company_name="Conseil Test SAS", make_default=True)
        cls.company = cls.result["company"]
        cls.plan = dp.build_plan(seed=SEED, scale=SCALE, today=TODAY)
        cls.orders = cls.env["sale.order"].search([("company_id", "=", cls.company.id)], order="id")
        cls.plan_orders = dict(zip([o.key for o in cls.plan.orders], cls.orders, strict=True))

    def test_counts_match_the_plan(self):
        counts = self.result["counts"]
        self.assertEqual(counts["orders"], len(self.plan.orders))
        self.assertEqual(counts["timesheets"], len(self.plan.timesheets))
        self.assertEqual(counts["credit_notes"], len(self.plan.credit_notes))
        self.assertEqual(counts["payments"], len(self.plan.payments))
        self.assertEqual(set(self.orders.mapped("state")), {"sale"})
        employees = self.env["hr.employee"].search([("company_id", "=", self.company.id)])
        self.assertEqual(len(employees), len(self.plan.consultants))
        self.assertTrue(all(employees.mapped("hourly_cost")))
        self.assertEqual(self.company.country_id.code, "FR")
        self.assertEqual(self.company.chart_template, "fr")
        # make_default from a shell (superuser): the administrator lands on it.
        self.assertEqual(self.env.ref("base.user_admin").company_id, self.company)

    def test_orders_keep_their_signature_date_and_owners(self):
        for plan_order in self.plan.orders:
            order = self.plan_orders[plan_order.key]
            self.assertEqual(order.date_order.date(), plan_order.signed_on)
            self.assertEqual(order.partner_id.name, next(
                c.name for c in self.plan.customers if c.key == plan_order.customer))
            project = order.order_line.project_id or order.order_line.task_id.project_id
            if plan_order.kind != dp.MANUAL:
                self.assertTrue(project.user_id, "every delivery project has a project manager")

    def test_delivered_quantities(self):
        hours = defaultdict(float)
        for sheet in self.plan.timesheets:
            if sheet.line:
                hours[sheet.line] += sheet.hours
        for plan_order in self.plan.orders:
            line = plan_order.lines[0]
            sol = self.plan_orders[plan_order.key].order_line.filtered(lambda s: not s.is_downpayment)
            if plan_order.kind == dp.TM:
                self.assertAlmostEqual(sol.qty_delivered, hours[line.key], places=2)
            elif plan_order.kind == dp.MANUAL:
                self.assertEqual(sol.qty_delivered, sum(q for _d, q in line.deliveries))
            elif plan_order.kind == dp.FIXED:
                reached = [m for m in plan_order.milestones if m.reached_on]
                self.assertAlmostEqual(sol.qty_delivered, sum(m.share for m in reached), places=4)
                milestones = self.env["project.milestone"].search([("sale_line_id", "=", sol.id)], order="id")
                self.assertEqual(milestones.filtered("is_reached").mapped("reached_date"),
                                 [m.reached_on for m in reached])

    def test_manual_deliveries_are_dated_and_every_order_has_a_stage(self):
        for plan_order in self.plan.orders:
            line = plan_order.lines[0]
            if plan_order.kind != dp.MANUAL:
                continue
            sol = self.plan_orders[plan_order.key].order_line
            log = self.env["o2c.manual.delivery"].search([("sale_line_id", "=", sol.id)])
            expected = defaultdict(float)
            for day, qty in line.deliveries:
                expected[day] += qty
            got = defaultdict(float)
            for entry in log:
                got[entry.date] += entry.quantity
            self.assertEqual(dict(got), dict(expected))
        self.assertFalse(self.orders.filtered(lambda o: not o.o2c_stage))
        collector = self.company.o2c_collection_user_id
        self.assertTrue(collector.has_group("account.group_account_invoice"))
        self.assertEqual(self.orders.o2c_collection_user_id, collector)
        self.assertGreaterEqual(len(set(self.orders.mapped("o2c_stage"))), 3)

    def test_invoices_amounts_and_dates(self):
        moves = self.env["account.move"].search(
            [("company_id", "=", self.company.id), ("move_type", "=", "out_invoice")])
        self.assertEqual(len(moves), len(self.plan.invoices))
        self.assertEqual(set(moves.mapped("state")), {"posted"})
        by_order = defaultdict(list)
        for move in moves:
            by_order[move.invoice_origin].append(move)
        for invoice in self.plan.invoices:
            plan_order = next(o for o in self.plan.orders if o.key == invoice.order)
            order = self.plan_orders[invoice.order]
            candidates = [m for m in by_order[order.name] if m.invoice_date == invoice.invoice_date]
            self.assertTrue(candidates, f"{invoice.key} of {order.name} on {invoice.invoice_date}")
            amounts = [m.amount_untaxed for m in candidates]
            if invoice.kind == "final":
                # 100% of the fixed price minus the down payment already invoiced.
                expected = invoice.untaxed * (1 - plan_order.down_payment_share)
            else:
                expected = invoice.untaxed
            self.assertTrue(any(abs(a - expected) < 0.01 for a in amounts), (invoice, amounts))

    def test_tm_timesheets_are_linked_to_the_invoice_of_their_month(self):
        tm_invoice = next(i for i in self.plan.invoices if i.period)
        order = self.plan_orders[tm_invoice.order]
        move = order.invoice_ids.filtered(lambda m: m.invoice_date == tm_invoice.invoice_date)
        sheets = self.env["account.analytic.line"].search([("timesheet_invoice_id", "=", move.id)])
        self.assertAlmostEqual(sum(sheets.mapped("unit_amount")), tm_invoice.lines[0][1], places=2)
        self.assertTrue(all(tm_invoice.period[0] <= d <= tm_invoice.period[1] for d in sheets.mapped("date")))

    def test_usd_customer_invoiced_in_usd_at_the_rate_of_the_day(self):
        usd_moves = self.env["account.move"].search(
            [("company_id", "=", self.company.id), ("move_type", "=", "out_invoice"),
             ("currency_id.name", "=", "USD")])
        self.assertTrue(usd_moves)
        for move in usd_moves:
            rate = self.env["res.currency"]._get_conversion_rate(
                move.company_currency_id, move.currency_id, self.company, move.date)
            self.assertAlmostEqual(move.amount_total_signed, move.amount_total / rate, delta=0.02)

    def test_payments_credit_notes_and_disputes(self):
        invoices = {}
        for invoice in self.plan.invoices:
            order = self.plan_orders[invoice.order]
            invoices[invoice.key] = order.invoice_ids.filtered(
                lambda m, i=invoice: m.move_type == "out_invoice" and m.invoice_date == i.invoice_date)[:1]
        paid_in_full = {p.invoice for p in self.plan.payments if p.share == 1.0}
        paid_in_part = {p.invoice for p in self.plan.payments} - paid_in_full
        fully_credited = {n.invoice for n in self.plan.credit_notes
                          if abs(n.untaxed - next(i.untaxed for i in self.plan.invoices if i.key == n.invoice)) < 0.01}
        self.assertTrue(paid_in_part, "the plan has an invoice paid in part only")
        for key, move in invoices.items():
            if key in paid_in_full or key in fully_credited:
                self.assertIn(move.payment_state, ("paid", "in_payment", "reversed"), key)
            elif key in paid_in_part:
                self.assertEqual(move.payment_state, "partial", key)
            elif key in self.plan.disputed_invoices:
                self.assertIn(move.payment_state, ("not_paid", "partial"), key)
        refunds = self.env["account.move"].search(
            [("company_id", "=", self.company.id), ("move_type", "=", "out_refund")])
        self.assertEqual(len(refunds), len(self.plan.credit_notes))
        self.assertEqual(set(refunds.mapped("payment_state")), {"paid"}, "every credit note is reconciled")

    def test_bad_input_is_refused_clearly(self):
        generator = self.env["o2c.demo.generator"]
        with self.assertRaisesRegex(UserError, "already exists"):
            generator.generate(seed=SEED, scale=SCALE, today=TODAY, company_name="Conseil Test SAS")
        with self.assertRaisesRegex(UserError, "must be positive"):
            generator.generate(scale=0, company_name="Other")
        salesman = new_test_user(self.env, login="o2c_salesman", groups="sales_team.group_sale_salesman")
        with self.assertRaisesRegex(UserError, "administrator"):
            generator.with_user(salesman).generate(scale=0.1, company_name="Other")
