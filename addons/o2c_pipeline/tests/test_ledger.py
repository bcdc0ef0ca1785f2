# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The delivery ledger and the stage it gives, on small orders computed by
hand (untaxed amounts; invoices carry a 20% tax)."""

from unittest.mock import patch

from odoo import fields
from odoo.sql_db import Cursor
from odoo.tests import tagged

from .common import O2cPipelineCommon


@tagged("post_install", "-at_install")
class TestLedger(O2cPipelineCommon):
    def test_time_and_materials_across_months_with_credit_note_and_partial_payment(self):
        # 100 h x 100 = 10 000 signed on Jan 5.
        order = self.order([(self.product_tm, 100, 100)], "2026-01-05")
        line = order.order_line
        self.timesheet(line, "2026-01-20", 8)
        self.timesheet(line, "2026-01-31", 7)  # January: 15 h = 1 500
        invoice = self.invoice(order, "2026-02-02")  # 15 h = 1 500 (+20% = 1 800)
        self.timesheet(line, "2026-02-10", 10)  # February: 10 h = 1 000
        # Credit note of 5 h on Feb 15: -500 (-600 with tax), reconciled with
        # the invoice when posted: that is not money collected.
        refund = invoice._reverse_moves([{"invoice_date": "2026-02-15", "ref": "5 h not due"}])
        refund.invoice_line_ids.quantity = 5
        refund.action_post()
        open_receivables = (invoice | refund).line_ids.filtered(
            lambda aml: aml.account_type == "asset_receivable" and not aml.reconciled)
        if len(open_receivables) == 2:
            open_receivables.reconcile()
        self.assertEqual(invoice.amount_residual, 1200)
        # 600 paid on Mar 1: half of the 1 200 left, i.e. 600 / 1 800 of the
        # invoice: 1 500 x 1/3 = 500 collected.
        self.pay(invoice, "2026-03-01", 600)
        self.refresh()

        self.assertEqual(self.as_of("2026-01-04", order), {})
        self.assertEqual(self.as_of("2026-01-10", order), {"signed": 10000})
        self.assertEqual(self.as_of("2026-01-31", order), {"signed": 10000, "delivered": 1500})
        self.assertEqual(self.as_of("2026-02-12", order), {"signed": 10000, "delivered": 2500, "invoiced": 1500})
        self.assertEqual(self.as_of("2026-02-20", order), {"signed": 10000, "delivered": 2500, "invoiced": 1000})
        self.assertEqual(self.as_of("2026-03-05", order),
                         {"signed": 10000, "delivered": 2500, "invoiced": 1000, "collected": 500})
        # Stage: to invoice since Jan 20, invoiced on Feb 2 (1 500 delivered,
        # 1 500 invoiced), to invoice again from Feb 10 (2 500 > 1 500).
        self.assertEqual(order.o2c_stage, "to_invoice")
        self.assertEqual(order.o2c_stage_date, fields.Date.to_date("2026-02-10"))
        self.assertEqual(order.o2c_to_invoice_amount, 1500)
        self.assertEqual(order.o2c_invoiced_amount, 1000)
        self.assertEqual(order.o2c_collected_amount, 500)
        self.assertEqual(order.o2c_owner_id, order.o2c_project_manager_id)

    def test_fixed_price_with_milestones(self):
        # 1 x 10 000; milestone 1 (30%) reached Feb 1, milestone 2 (70%) not yet.
        order = self.order([(self.product_fixed, 1, 10000)], "2026-01-10")
        line = order.order_line
        project = line.task_id.project_id
        project.allow_milestones = True
        first, _second = self.env["project.milestone"].create([
            {"name": "Design", "project_id": project.id, "sale_line_id": line.id, "quantity_percentage": 0.3},
            {"name": "Build", "project_id": project.id, "sale_line_id": line.id, "quantity_percentage": 0.7},
        ])
        first.write({"is_reached": True})
        first.write({"reached_date": "2026-02-01"})
        invoice = self.invoice(order, "2026-02-05")  # 0.3 x 10 000 = 3 000 (3 600 with tax)
        self.pay(invoice, "2026-02-20", 3600)
        self.refresh()

        self.assertEqual(self.as_of("2026-01-31", order), {"signed": 10000})
        self.assertEqual(self.as_of("2026-02-03", order), {"signed": 10000, "delivered": 3000})
        self.assertEqual(self.as_of("2026-02-28", order),
                         {"signed": 10000, "delivered": 3000, "invoiced": 3000, "collected": 3000})
        # 3 000 delivered, invoiced and paid, 7 000 left to deliver.
        self.assertEqual(order.o2c_stage, "in_delivery")
        self.assertEqual(order.o2c_stage_date, fields.Date.to_date("2026-02-20"))
        self.assertEqual(order.o2c_stage_amount, 7000)

    def test_prepaid_pack(self):
        # 40 h x 90 = 3 600 invoiced upfront on Jan 16, 4 h consumed on Feb 3.
        order = self.order([(self.product_prepaid, 40, 90)], "2026-01-15")
        self.invoice(order, "2026-01-16")
        self.timesheet(order.order_line, "2026-02-03", 4)
        self.refresh()
        self.assertEqual(self.as_of("2026-02-28", order), {"signed": 3600, "delivered": 360, "invoiced": 3600})
        # Invoiced and not paid: the collections owner's move.
        self.assertEqual(order.o2c_stage, "invoiced")
        self.assertEqual(order.o2c_stage_date, fields.Date.to_date("2026-01-16"))
        self.assertEqual(order.o2c_stage_amount, 3600)

    def test_manual_delivery_dated_by_each_change(self):
        # 5 training days x 1 200; 2 delivered on Feb 5, 3 more on Mar 10.
        order = self.order([(self.product_manual, 5, 1200)], "2026-01-20")
        line = order.order_line
        line.with_context(o2c_delivery_date="2026-02-05").qty_delivered = 2
        line.with_context(o2c_delivery_date="2026-03-10").qty_delivered = 5
        self.refresh()
        log = self.env["o2c.manual.delivery"].search([("sale_line_id", "=", line.id)], order="date")
        self.assertEqual([(str(d.date), d.quantity) for d in log], [("2026-02-05", 2), ("2026-03-10", 3)])
        self.assertEqual(self.as_of("2026-02-28", order), {"signed": 6000, "delivered": 2400})
        self.assertEqual(self.as_of("2026-03-31", order), {"signed": 6000, "delivered": 6000})
        self.assertEqual(order.o2c_stage, "to_invoice")
        self.assertEqual(order.o2c_stage_date, fields.Date.to_date("2026-02-05"))

    def test_down_payment_then_final_invoice(self):
        # 10 000 signed Jan 5; 30% down payment invoiced Jan 6 (3 000, 3 600
        # with tax), paid Jan 20; delivered Feb 28; final invoice Mar 2:
        # 10 000 - 3 000 = 7 000 (8 400 with tax), paid Mar 20.
        order = self.order([(self.product_manual, 1, 10000)], "2026-01-05")
        down_payment = self.down_payment(order, 30, "2026-01-06")
        self.pay(down_payment, "2026-01-20", 3600)
        order.order_line.filtered(lambda sol: not sol.is_downpayment).with_context(
            o2c_delivery_date="2026-02-28").qty_delivered = 1
        final = self.invoice(order, "2026-03-02", final=True)
        self.assertEqual(final.amount_untaxed, 7000)
        self.pay(final, "2026-03-20", 8400)
        self.refresh()

        # An advance, not invoiced value of the lines.
        self.assertEqual(self.as_of("2026-02-01", order),
                         {"signed": 10000, "advance_invoiced": 3000, "advance_collected": 3000})
        # The final invoice bills the whole line and deducts the advance.
        self.assertEqual(self.as_of("2026-03-31", order), {
            "signed": 10000, "delivered": 10000, "invoiced": 10000, "collected": 10000,
            "advance_invoiced": 0, "advance_collected": 0})
        self.assertEqual(order.o2c_stage, "collected")
        self.assertEqual(order.o2c_stage_date, fields.Date.to_date("2026-03-20"))
        self.assertEqual(order.o2c_advance_amount, 0)
        # Collected tax included is what the bank received, down payment
        # included: 3 600 on Jan 20, then 8 400 on Mar 20 (12 000 - 3 600).
        cash = self.env["o2c.ledger"]._read_group(
            [("order_id", "=", order.id), ("kind", "=", "collected")], ["date:day"],
            ["collected_tax_incl_amount:sum"])
        self.assertEqual([(str(day), round(amount, 2)) for day, amount in cash],
                         [("2026-01-20", 3600), ("2026-03-20", 8400)])

    def test_deliveries_and_invoices_alone_read_their_own_view(self):
        # Same order as above: 10 000 signed, 30% down payment (3 000) on
        # Jan 6 paid Jan 20, delivered Feb 28, final invoice Mar 2 (7 000 =
        # 10 000 - the advance), paid Mar 20. As of Mar 31, deliveries and
        # invoices only: delivered 10 000, invoiced 10 000, advance 0.
        order = self.order([(self.product_manual, 1, 10000)], "2026-01-05")
        down_payment = self.down_payment(order, 30, "2026-01-06")
        self.pay(down_payment, "2026-01-20", 3600)
        order.order_line.filtered(lambda sol: not sol.is_downpayment).with_context(
            o2c_delivery_date="2026-02-28").qty_delivered = 1
        self.pay(self.invoice(order, "2026-03-02", final=True), "2026-03-20", 8400)
        self.refresh()
        Ledger = self.env["o2c.ledger"]
        kinds = ("delivered", "invoiced")
        queries = []
        execute = Cursor.execute

        def logged(cr, query, *args, **kwargs):
            queries.append(getattr(query, "code", query))
            return execute(cr, query, *args, **kwargs)

        with patch.object(Cursor, "execute", logged):
            billing = Ledger.amounts_as_of("2026-03-31", [("order_id", "=", order.id)], "order_id", kinds=kinds)
        # neither the signed branch nor the collected one (reconciliations) is read
        ledger_queries = [query for query in queries if "sale_order_line_invoice_rel" in query]
        self.assertEqual(len(ledger_queries), 1, queries)
        self.assertNotIn("account_partial_reconcile", ledger_queries[0])
        self.assertNotIn("date_order", ledger_queries[0])
        everything = Ledger.amounts_as_of("2026-03-31", [("order_id", "=", order.id)], "order_id")
        self.assertEqual({k: round(v[0], 2) for k, v in billing[order].items()},
                         {"delivered": 10000, "invoiced": 10000, "advance_invoiced": 0})
        self.assertEqual(billing[order], {k: v for k, v in everything[order].items()
                                          if k in ("delivered", "invoiced", "advance_invoiced")})
        # the records given back carry no trace of the view's switch
        self.assertFalse(next(iter(billing)).env.context.get("o2c_ledger_billing_only"))
        # signed and collected stay out
        self.assertEqual(Ledger.amounts_as_of("2026-03-31", [("order_id", "=", order.id)], "order_id",
                                              kinds=("signed",))[order], {"signed": (10000, 10000)})

    def test_foreign_currency_at_the_rate_of_each_event(self):
        # Company in USD; 1 USD = 2 EUR from Jan 1, 2.5 EUR from Feb 1.
        eur = self.setup_other_currency("EUR", rates=[("2026-01-01", 2.0), ("2026-02-01", 2.5)])
        order = self.order([(self.product_tm, 100, 100)], "2026-01-05", currency=eur)
        self.assertEqual(order.currency_id, eur)
        self.timesheet(order.order_line, "2026-01-15", 10)  # 1 000 EUR = 500 USD at 2.0
        self.timesheet(order.order_line, "2026-02-10", 10)  # 1 000 EUR = 400 USD at 2.5
        self.refresh()
        self.assertEqual(self.as_of("2026-02-28", order), {"signed": 10000, "delivered": 2000})
        # Signed at the order date's rate: 10 000 / 2.0.
        self.assertEqual(self.as_of_company("2026-02-28", order), {"signed": 5000, "delivered": 900})
        self.assertEqual(order.o2c_stage_amount, 900, "to invoice, in the company currency")

    def test_totals_as_of_a_day_equal_the_events_of_each_day(self):
        # amounts_as_of sums the timesheets per line up to the day at once
        # (o2c_ledger._timesheets_as_of); read by day, the view gives each
        # day's events. Company in USD, order in EUR at 2.0 from Jan 1 and
        # 2.5 from Feb 1: 4 h + 6 h on Jan 15 (1 000 EUR = 500 USD), 10 h
        # on Feb 10 (1 000 EUR = 400 USD), 5 h on Mar 3 (500 EUR = 200 USD).
        eur = self.setup_other_currency("EUR", rates=[("2026-01-01", 2.0), ("2026-02-01", 2.5)])
        order = self.order([(self.product_tm, 100, 100)], "2026-01-05", currency=eur)
        line = order.order_line
        for day, hours in (("2026-01-15", 4), ("2026-01-15", 6), ("2026-02-10", 10), ("2026-03-03", 5)):
            self.timesheet(line, day, hours)
        self.refresh()
        Ledger = self.env["o2c.ledger"]
        for day, expected in (("2026-01-14", None), ("2026-01-15", (1000, 500)), ("2026-02-28", (2000, 900)),
                              ("2026-12-31", (2500, 1100))):
            totals = Ledger.amounts_as_of(day, [("order_id", "=", order.id)], kinds=("delivered",))
            by_day = Ledger._read_group([("order_id", "=", order.id), ("kind", "=", "delivered"),
                                         ("date", "<=", day)], ["sale_line_id"],
                                        ["amount_currency:sum", "amount:sum", "quantity:sum"])
            if expected is None:
                self.assertFalse(totals)
                self.assertFalse(by_day)
                continue
            self.assertEqual(tuple(round(v, 2) for v in totals[line]["delivered"]), expected)
            self.assertEqual([(sol, round(a, 2), round(b, 2)) for sol, a, b, _qty in by_day],
                             [(line, *expected)])
        # a date in the domain reads the events of each day: 10 h + 5 h from Feb 1 on
        since_feb = Ledger.amounts_as_of("2026-12-31", [("order_id", "=", order.id), ("date", ">=", "2026-02-01")],
                                         kinds=("delivered",))
        self.assertEqual(tuple(round(v, 2) for v in since_feb[line]["delivered"]), (1500, 600))

    def test_cancelled_order_leaves_the_ledger(self):
        order = self.order([(self.product_tm, 10, 100)], "2026-01-05")
        self.refresh()
        self.assertEqual(order.o2c_stage, "signed")
        order._action_cancel()
        self.refresh()
        self.assertEqual(self.as_of("2026-12-31", order), {})
        self.assertFalse(order.o2c_stage)

    def test_ledger_query_count_does_not_grow_with_lines(self):
        def count_queries(orders):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            amounts = self.env["o2c.ledger"].amounts_as_of("2026-01-31", [("order_id", "in", orders.ids)])
            return self.env.cr.sql_log_count - before, amounts

        two = self.order([(self.product_tm, 10, 100)], "2026-01-05") | self.order(
            [(self.product_manual, 2, 500)], "2026-01-06")
        self.timesheet(two[0].order_line, "2026-01-07", 3)
        count_queries(two)  # warm the caches (access rules, fields)
        few, amounts = count_queries(two)
        self.assertEqual({line.id: round(values["signed"][0]) for line, values in amounts.items()},
                         {two[0].order_line.id: 1000, two[1].order_line.id: 1000})
        six = two
        for day in ("2026-01-08", "2026-01-09", "2026-01-10", "2026-01-11"):
            six |= self.order([(self.product_tm, 5, 100), (self.product_manual, 1, 300)], day)
        many, amounts = count_queries(six)
        self.assertEqual(len(amounts), 10)
        self.assertEqual(many, few)
