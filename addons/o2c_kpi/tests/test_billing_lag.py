# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Billing lag facts on small orders computed by hand (untaxed amounts; the
test company keeps its books in USD, invoices carry a 20% tax)."""

from datetime import date
from unittest.mock import patch

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.o2c_pipeline.tests.common import O2cPipelineCommon

from ..engine import lag as lag_engine


@tagged("post_install", "-at_install")
class TestBillingLag(O2cPipelineCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.o2c_kpi_delivery_convention = "month"
        cls.Lag = cls.env["o2c.billing.lag"]
        cls.Figures = cls.env["o2c.kpi.figures"]

    def facts(self, order, status="billed"):
        """What the refresh stores for ``order``: (delivered, invoiced, value, lag)."""
        self.refresh()
        self.Lag._refresh_queued()
        facts = self.Lag.search([("order_id", "=", order.id), ("status", "=", status)])
        return sorted((str(f.delivered_on), str(f.invoiced_on), round(f.amount, 2), f.billing_lag_days)
                      for f in facts)

    def mean_lag(self, order):
        stats = self.Figures._lag_stats(date(2020, 1, 1), date(2030, 1, 1), "order_id", [("order_id", "=", order.id)])
        return round(stats[order.id]["lag_mean"], 2)

    def test_monthly_time_and_materials_under_both_conventions(self):
        # 100 h x 100; 8 h on Jan 20 and 7 h on Jan 31, invoiced Feb 2 (1 500).
        order = self.order([(self.product_tm, 100, 100)], "2026-01-05")
        self.timesheet(order.order_line, "2026-01-20", 8)
        self.timesheet(order.order_line, "2026-01-31", 7)
        self.invoice(order, "2026-02-02")
        # End of month (the default): 1 500 delivered on Jan 31, billed 2 days later.
        self.assertEqual(self.facts(order), [("2026-01-31", "2026-02-02", 1500, 2)])
        self.assertEqual(self.mean_lag(order), 2)
        # The day worked: 800 billed 13 days late, 700 two days late:
        # (800 x 13 + 700 x 2) / 1 500 = 7.87 days.
        self.env.company.o2c_kpi_delivery_convention = "own"
        self.assertEqual(self.facts(order), [("2026-01-20", "2026-02-02", 800, 13),
                                             ("2026-01-31", "2026-02-02", 700, 2)])
        self.assertEqual(self.mean_lag(order), 7.87)
        self.assertEqual(order.o2c_billing_lag_days, 7.9)  # shown with one decimal

    def test_milestone_billed_late_and_target(self):
        # 10 000 fixed price; the 30% milestone reached Feb 1 (3 000), invoiced
        # Mar 3: 30 days late, beyond the 1-day target.
        order = self.order([(self.product_fixed, 1, 10000)], "2026-01-10")
        project = order.order_line.task_id.project_id
        project.allow_milestones = True
        milestone = self.env["project.milestone"].create({
            "name": "Design", "project_id": project.id, "sale_line_id": order.order_line.id,
            "quantity_percentage": 0.3})
        milestone.write({"is_reached": True})
        milestone.write({"reached_date": "2026-02-01"})
        self.invoice(order, "2026-03-03")
        self.assertEqual(self.facts(order), [("2026-02-01", "2026-03-03", 3000, 30)])
        stats = self.Figures._lag_stats(date(2026, 3, 1), date(2026, 3, 31), None, [("order_id", "=", order.id)])
        self.assertEqual((stats[None]["on_time_share"], stats[None]["lag_median"]), (0, 30))
        self.assertEqual(project.o2c_billing_lag_days, 30)
        # A 30-day target: on time.
        self.env.company.o2c_kpi_lag_target_days = 30
        stats = self.Figures._lag_stats(date(2026, 3, 1), date(2026, 3, 31), None, [("order_id", "=", order.id)])
        self.assertEqual(stats[None]["on_time_share"], 100)

    def test_prepaid_pack_is_billed_in_advance(self):
        # 40 h x 90 = 3 600 invoiced Jan 16; 4 h consumed Feb 3 (360): billed
        # in advance, lag 0; 3 240 invoiced and not delivered yet.
        order = self.order([(self.product_prepaid, 40, 90)], "2026-01-15")
        self.invoice(order, "2026-01-16")
        self.timesheet(order.order_line, "2026-02-03", 4)
        self.assertEqual(self.facts(order), [("2026-02-28", "2026-01-16", 360, 0)])
        self.assertTrue(self.Lag.search([("order_id", "=", order.id), ("status", "=", "billed")]).billed_in_advance)
        self.assertEqual(self.facts(order, "in_advance"), [("False", "2026-01-16", 3240, 0)])

    def test_down_payment_is_billed_in_advance_then_the_rest_late(self):
        # 10 000 signed; 30% down payment invoiced Jan 6 (3 000); delivered Feb
        # 28; final invoice Mar 2 deducts it: 3 000 billed in advance (lag 0),
        # 7 000 billed 2 days late: (3 000 x 0 + 7 000 x 2) / 10 000 = 1.4.
        order = self.order([(self.product_manual, 1, 10000)], "2026-01-05")
        self.down_payment(order, 30, "2026-01-06")
        order.order_line.filtered(lambda sol: not sol.is_downpayment).with_context(
            o2c_delivery_date="2026-02-28").qty_delivered = 1
        self.invoice(order, "2026-03-02", final=True)
        self.assertEqual(self.facts(order), [("2026-02-28", "2026-01-06", 3000, 0),
                                             ("2026-02-28", "2026-03-02", 7000, 2)])
        self.assertEqual(self.mean_lag(order), 1.4)

    def test_partial_invoice_and_credit_note(self):
        # The day worked: 10 h (1 000) on Jan 10; 6 h invoiced Jan 12 (600);
        # the 600 credited Jan 20; 10 h invoiced Feb 1 (1 000): 22 days late,
        # the credited invoice stays in the history only.
        self.env.company.o2c_kpi_delivery_convention = "own"
        order = self.order([(self.product_tm, 100, 100)], "2026-01-05")
        self.timesheet(order.order_line, "2026-01-10", 10)
        first = order._create_invoices()
        first.invoice_line_ids.quantity = 6
        first.invoice_date = "2026-01-12"
        first.action_post()
        refund = first._reverse_moves([{"invoice_date": "2026-01-20"}])
        refund.action_post()
        self.invoice(order, "2026-02-01")
        # (two pieces: the 400 never invoiced before, the 600 back from the credit note)
        self.assertEqual(self.facts(order), [("2026-01-10", "2026-02-01", 400, 22),
                                             ("2026-01-10", "2026-02-01", 600, 22)])
        self.assertEqual(self.facts(order, "ended"), [("2026-01-10", "2026-01-12", 600, 0)])
        # Unbilled: 1 000 on Jan 11, 400 on Jan 15, 1 000 again from the credit note.
        for day, expected in ((date(2026, 1, 11), 1000), (date(2026, 1, 15), 400), (date(2026, 1, 25), 1000),
                              (date(2026, 2, 1), 0)):
            unbilled, _oldest = self.Figures._unbilled(day, None, [("order_id", "=", order.id)])
            self.assertEqual(round(sum(unbilled.get(None, {}).values()), 2), expected, day)

    def test_two_currencies(self):
        # Order in EUR (1 USD = 2 EUR from Jan 1, 2.5 from Feb 1): 10 h x 100
        # EUR on Jan 15 (500 USD), invoiced Feb 3 (1 000 EUR, 400 USD booked):
        # the lag weighs the delivered value, 500 USD.
        eur = self.setup_other_currency("EUR", rates=[("2026-01-01", 2.0), ("2026-02-01", 2.5)])
        order = self.order([(self.product_tm, 100, 100)], "2026-01-05", currency=eur)
        self.timesheet(order.order_line, "2026-01-15", 10)
        self.invoice(order, "2026-02-03")
        self.assertEqual(self.facts(order), [("2026-01-31", "2026-02-03", 500, 3)])
        fact = self.Lag.search([("order_id", "=", order.id)])
        self.assertEqual((fact.amount_currency, fact.currency_id), (1000, eur))

    def test_unbilled_ageing_buckets(self):
        # The day worked; 500 delivered Jan 1, 300 on Jan 20, 200 on Feb 5,
        # nothing invoiced. On Feb 10: 200 is 5 days old (0-7), 300 is 21
        # (16-30), 500 is 40 (31-60).
        self.env.company.o2c_kpi_delivery_convention = "own"
        order = self.order([(self.product_tm, 100, 100)], "2025-12-20")
        for day, hours in (("2026-01-01", 5), ("2026-01-20", 3), ("2026-02-05", 2)):
            self.timesheet(order.order_line, day, hours)
        self.facts(order)
        unbilled, oldest = self.Figures._unbilled(date(2026, 2, 10), "order_id", [("order_id", "=", order.id)])
        self.assertEqual(unbilled[order.id], {"0_7": 200, "16_30": 300, "31_60": 500})
        self.assertEqual(oldest[order.id], date(2026, 1, 1))


@tagged("post_install", "-at_install")
class TestBillingLagRefresh(O2cPipelineCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Lag = cls.env["o2c.billing.lag"]

    def snapshot(self, orders):
        """The facts of ``orders``: value per (order, status, delivered,
        invoiced, ended): what every figure reads."""
        self.env.invalidate_all()
        values = {}
        for f in self.Lag.search([("order_id", "in", orders.ids)]):
            key = (f.order_id.id, f.status, str(f.delivered_on), str(f.invoiced_on), str(f.valid_to))
            values[key] = round(values.get(key, 0) + f.amount, 2)
        return sorted((*key, value) for key, value in values.items())

    def test_changed_orders_are_queued_and_refreshing_twice_gives_the_same_facts(self):
        order = self.order([(self.product_tm, 100, 100)], "2026-01-05")
        self.timesheet(order.order_line, "2026-01-20", 8)
        self.refresh()
        self.assertIn(order.id, self.Lag._queued())
        self.Lag._refresh_queued()
        self.assertNotIn(order.id, self.Lag._queued())
        first = self.snapshot(order)
        self.assertEqual(first, [(order.id, "unbilled", "2026-01-31", "False", "False", 800)])
        # A new timesheet queues the order again, and only it.
        self.timesheet(order.order_line, "2026-02-03", 2)
        self.refresh()
        self.assertEqual(self.Lag._queued(), [order.id])
        self.Lag._refresh_queued()
        second = self.snapshot(order)
        self.assertEqual(len(second), 2)
        # A full rebuild gives the same facts.
        self.Lag._rebuild_all()
        self.assertEqual(self.snapshot(order), second)

    def test_a_refresh_interrupted_halfway_keeps_the_previous_facts_and_completes_next_time(self):
        orders = self.order([(self.product_tm, 10, 100)], "2026-01-05") | self.order(
            [(self.product_tm, 10, 100)], "2026-01-06")
        for order in orders:
            self.timesheet(order.order_line, "2026-01-20", 1)
        self.refresh()
        self.Lag._refresh_queued()
        before = self.snapshot(orders)
        for order in orders:
            self.timesheet(order.order_line, "2026-02-10", 2)
        self.refresh()
        # The refresh fails on the second order (in a batch of both, then
        # alone): the first is refreshed all the same.
        original = lag_engine.Matcher.feed

        def failing(matcher, deliveries, invoices):
            if any(day.month == 2 for day, *_rest in deliveries) and failing.order == orders[1]:
                raise RuntimeError("injected")
            return original(matcher, deliveries, invoices)

        def line_info(model, order_ids):
            failing.order = model.env["sale.order"].browse(order_ids[-1])
            return line_info.original(model, order_ids)

        Lag = type(self.Lag)
        line_info.original = Lag._line_info
        with patch.object(lag_engine.Matcher, "feed", failing), patch.object(Lag, "_line_info", line_info), \
                self.assertLogs("odoo.addons.o2c_kpi.models.o2c_billing_lag", level="ERROR") as logs:
            done = self.Lag._refresh_queued(batch_size=10)
        self.assertIn(f"order {orders[1].id} could not be refreshed", logs.output[0])
        self.assertEqual(done, 1)
        # The second keeps its previous facts (readable, consistent) and its
        # place in the queue, with the error.
        after_crash = self.snapshot(orders)
        self.assertEqual([f for f in after_crash if f[0] == orders[1].id],
                         [f for f in before if f[0] == orders[1].id])
        self.assertEqual(len([f for f in after_crash if f[0] == orders[0].id]), 2)
        self.assertEqual(self.Lag._queued(), [orders[1].id])
        queued = self.env["o2c.kpi.refresh.queue"].search([("order_id", "=", orders[1].id)])
        self.assertIn("injected", queued.error)
        # The job does not try it again at once; the next run does, and completes.
        self.assertFalse(self.Lag._queued(retry_failed=False))
        self.Lag._refresh_queued()
        self.assertEqual(len(self.snapshot(orders)), 4)
        self.assertFalse(self.Lag._queued())

    def test_news_queued_while_a_refresh_runs_stay_queued(self):
        # 8 h x 100 on Jan 20 is read by the refresh; the 2 h of Feb 3 are
        # queued while it runs (as another transaction would, after the
        # refresh read the ledger): the order stays queued, and the next
        # refresh adds them.
        order = self.order([(self.product_tm, 100, 100)], "2026-01-05")
        self.timesheet(order.order_line, "2026-01-20", 8)
        self.refresh()
        Lag = type(self.Lag)
        original = Lag._events

        def events_then_news(model, *args, **kwargs):
            result = original(model, *args, **kwargs)
            model._enqueue_orders({order.id: date(2026, 2, 3)})
            return result

        with patch.object(Lag, "_events", events_then_news):
            self.Lag._refresh_queued()
        self.assertEqual(self.Lag._queued(), [order.id])
        self.assertEqual(self.snapshot(order), [(order.id, "unbilled", "2026-01-31", "False", "False", 800)])
        self.timesheet(order.order_line, "2026-02-03", 2)  # the news themselves
        self.refresh()
        self.Lag._refresh_queued()
        self.assertFalse(self.Lag._queued())
        self.assertEqual(self.snapshot(order), [(order.id, "unbilled", "2026-01-31", "False", "False", 800),
                                                (order.id, "unbilled", "2026-02-28", "False", "False", 200)])

    def test_two_refreshes_never_run_at_once(self):
        self.assertTrue(self.Lag._try_lock())
        with self.env.registry.cursor() as other_cr:
            other = self.env(cr=other_cr)["o2c.billing.lag"]
            self.assertFalse(other._try_lock())

    def test_cron_runs_as_the_superuser_on_odoo_demo_data(self):
        # Everything queued (the install queues every confirmed order of
        # Odoo's demo data), run by the job's own entry point.
        self.Lag._enqueue_companies(self.env["res.company"].search([]))
        self.env.flush_all()
        queued = self.Lag._queue_size()
        self.assertGreater(queued, 0)
        self.env["o2c.billing.lag"].with_user(self.env.ref("base.user_root"))._cron_refresh(batch_size=100000)
        self.assertEqual(self.Lag._queue_size(), 0)

    def test_settings_reject_absurd_values(self):
        for field, value in (("o2c_kpi_lag_target_days", -1), ("o2c_kpi_alert_days", 0),
                             ("o2c_kpi_dso_months", 13), ("o2c_kpi_dso_target_days", 1000)):
            with self.assertRaisesRegex(ValidationError, "must be between"):
                self.env.company.write({field: value})

    def test_salespeople_see_their_own_orders_and_customers(self):
        alice = new_test_user(self.env, login="kpi_alice", groups="sales_team.group_sale_salesman")
        bob = new_test_user(self.env, login="kpi_bob", groups="sales_team.group_sale_salesman")
        manager = new_test_user(self.env, login="kpi_manager", groups="sales_team.group_sale_salesman_all_leads")
        mine = self.order([(self.product_tm, 10, 100)], "2026-01-05")
        mine.user_id = alice
        theirs = self.order([(self.product_tm, 10, 100)], "2026-01-05")
        theirs.user_id = bob
        for order in mine | theirs:
            self.timesheet(order.order_line, "2026-01-20", 1)
        self.refresh()
        self.Lag._refresh_queued()
        domain = [("order_id", "in", (mine | theirs).ids)]
        self.assertEqual(self.Lag.with_user(alice).search(domain).order_id, mine)
        self.assertEqual(self.Lag.with_user(manager).search(domain).order_id, mine | theirs)
        # Their customer, even on someone else's order.
        self.customer.user_id = alice
        self.assertEqual(self.Lag.with_user(alice).search(domain).order_id, mine | theirs)
        outsider = new_test_user(self.env, login="kpi_outsider", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.Lag.with_user(outsider).search(domain)
        other = self.env["res.company"].create({"name": "KPI Other Co"})
        stranger = new_test_user(self.env, login="kpi_stranger", company_id=other.id,
                                 groups="sales_team.group_sale_salesman_all_leads")
        self.assertFalse(self.Lag.with_user(stranger).search(domain))


@tagged("post_install", "-at_install")
class TestBillingLagIncremental(O2cPipelineCommon):
    """Orders whose news are deliveries and invoices dated after what was
    matched continue from their open pieces; anything else matches all the
    order's events again. Both give the facts a full rebuild gives."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.o2c_kpi_delivery_convention = "own"
        cls.Lag = cls.env["o2c.billing.lag"]
        cls.Lag._refresh_queued()  # what changing the convention queued (Odoo's demo orders)

    def snapshot(self, order):
        return TestBillingLagRefresh.snapshot(self, order)

    def refresh_spying(self):
        """Refresh the queue; returns the orders matched again whole."""
        self.refresh()
        whole = []
        original = type(self.Lag)._match_all

        def match_all(model, order_ids, *args):
            whole.extend(order_ids)
            return original(model, order_ids, *args)

        with patch.object(type(self.Lag), "_match_all", match_all):
            self.Lag._refresh_queued()
        return whole

    def assert_same_as_rebuild(self, order):
        incremental = self.snapshot(order)
        self.Lag._rebuild_all()
        self.assertEqual(incremental, self.snapshot(order))

    def test_new_work_and_invoices_continue_from_the_open_pieces(self):
        order = self.order([(self.product_tm, 100, 100)], "2026-01-05")
        self.timesheet(order.order_line, "2026-01-20", 8)
        self.invoice(order, "2026-01-25")
        self.timesheet(order.order_line, "2026-02-03", 5)
        self.assertEqual(self.refresh_spying(), [order.id], "the first time, all of it")
        # A new day of work, more work the same day, then the invoice of what
        # is delivered: continued each time.
        self.timesheet(order.order_line, "2026-02-10", 4)
        self.assertEqual(self.refresh_spying(), [])
        self.timesheet(order.order_line, "2026-02-10", 1)
        self.assertEqual(self.refresh_spying(), [])
        self.invoice(order, "2026-02-12")
        self.assertEqual(self.refresh_spying(), [])
        # 8 h billed 5 days late; 5 h billed 9 days late, 5 h 2 days late.
        self.assertEqual(self.snapshot(order), [
            (order.id, "billed", "2026-01-20", "2026-01-25", "False", 800),
            (order.id, "billed", "2026-02-03", "2026-02-12", "False", 500),
            (order.id, "billed", "2026-02-10", "2026-02-12", "False", 500)])
        self.assert_same_as_rebuild(order)

    def test_work_entered_late_a_credit_note_or_a_payment(self):
        order = self.order([(self.product_tm, 100, 100)], "2026-01-05")
        self.timesheet(order.order_line, "2026-01-20", 8)
        invoice = self.invoice(order, "2026-01-25")
        self.refresh_spying()
        # A timesheet dated before what was matched: all of it again.
        self.timesheet(order.order_line, "2026-01-10", 2)
        self.assertEqual(self.refresh_spying(), [order.id])
        self.assert_same_as_rebuild(order)
        # Hours of the last day matched lowered: all of it again.
        same_day = self.timesheet(order.order_line, "2026-01-25", 3)
        self.refresh_spying()
        same_day.unit_amount = 1
        self.assertEqual(self.refresh_spying(), [order.id])
        self.assert_same_as_rebuild(order)
        # A payment: nothing delivered or invoiced moved, nothing to do.
        self.pay(invoice, "2026-02-01", 960)
        self.refresh()
        self.assertNotIn(order.id, self.Lag._queued())
        # A credit note dated after everything: it reaches back into billed
        # pieces, all of it again.
        refund = invoice._reverse_moves([{"invoice_date": "2026-02-05"}])
        refund.action_post()
        self.assertEqual(self.refresh_spying(), [order.id])
        self.assertEqual([f for f in self.snapshot(order) if f[1] == "unbilled"],
                         [(order.id, "unbilled", "2026-01-10", "False", "False", 200),
                          (order.id, "unbilled", "2026-01-20", "False", "False", 800),
                          (order.id, "unbilled", "2026-01-25", "False", "False", 100)])
        self.assert_same_as_rebuild(order)

    def test_a_down_payment_then_a_delivery_continue(self):
        order = self.order([(self.product_manual, 2, 5000)], "2026-01-05")
        self.down_payment(order, 20, "2026-01-06")  # 2 000 billed in advance
        self.assertEqual(self.refresh_spying(), [order.id])
        line = order.order_line.filtered(lambda sol: not sol.is_downpayment and not sol.display_type)
        line.with_context(o2c_delivery_date="2026-02-01").qty_delivered = 1
        self.assertEqual(self.refresh_spying(), [])
        self.assertEqual([f for f in self.snapshot(order) if f[1] == "billed"],
                         [(order.id, "billed", "2026-02-01", "2026-01-06", "False", 2000)])
        self.assert_same_as_rebuild(order)
