# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Receivables KPIs on a hand-made 3-month case (tax included: every invoice
carries the 20% tax of the test company, which keeps its books in USD).

    Jan 10  INV1  Armor   25 000 + 20% = 30 000, due Feb 9,  paid Feb 5
    Jan 20  INV2  Breizh  15 000 + 20% = 18 000, due Feb 19
    Feb 10  INV3  Armor   30 000 + 20% = 36 000, due Mar 12, 12 000 paid Mar 20
    Feb 25  CN1   Breizh   5 000 + 20% =  6 000 credit note, matched with INV2
    Mar  5  INV4  Armor   20 000 + 20% = 24 000, due Apr 4,  paid Apr 10 (after Mar 31)
    Mar 20  INV5  Breizh  30 000 + 20% = 36 000, due May 19 (60 days)

Invoiced sales (tax incl.): Jan 48 000, Feb 36 000 - 6 000 = 30 000, Mar 60 000.
Receivables on Mar 31: INV2 18 000 - 6 000 = 12 000 (40 days late), INV3
36 000 - 12 000 = 24 000 (19 days late), INV4 24 000 and INV5 36 000 not due
(INV4's payment of Apr 10 does not count yet) = 96 000; current 60 000;
overdue 36 000: 24 000 in 1-30 days, 12 000 in 31-60 days.
"""

from datetime import date, timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.o2c_pipeline.tests.common import O2cPipelineCommon

MAR31, FEB28 = date(2026, 3, 31), date(2026, 2, 28)


@tagged("post_install", "-at_install")
class TestReceivables(O2cPipelineCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.History = cls.env["o2c.receivable.history"]
        cls.company = cls.env.company
        cls.armor = cls.customer
        cls.breizh = cls.env["res.partner"].create({"name": "Breizh Logiciels", "company_id": cls.company.id})
        cls.inv1 = cls.make_invoice(cls.armor, "2026-01-10", 25000, "2026-02-09")
        cls.inv2 = cls.make_invoice(cls.breizh, "2026-01-20", 15000, "2026-02-19")
        cls.inv3 = cls.make_invoice(cls.armor, "2026-02-10", 30000, "2026-03-12")
        cls.cn1 = cls.make_invoice(cls.breizh, "2026-02-25", 5000, "2026-02-25", move_type="out_refund")
        cls.inv4 = cls.make_invoice(cls.armor, "2026-03-05", 20000, "2026-04-04")
        cls.inv5 = cls.make_invoice(cls.breizh, "2026-03-20", 30000, "2026-05-19")
        cls.pay(cls.inv1, "2026-02-05", 30000)
        (cls.inv2 + cls.cn1).line_ids.filtered(lambda line: line.account_type == "asset_receivable").reconcile()
        cls.pay(cls.inv3, "2026-03-20", 12000)
        cls.pay(cls.inv4, "2026-04-10", 24000)

    @classmethod
    def make_invoice(cls, partner, day, untaxed, due, move_type="out_invoice"):
        move = cls.env["account.move"].create({
            "move_type": move_type, "partner_id": partner.id, "invoice_date": day,
            "invoice_payment_term_id": False, "invoice_date_due": due,
            "invoice_line_ids": [Command.create({
                "name": "Consulting", "quantity": 1, "price_unit": untaxed,
                "tax_ids": [Command.set(cls.tax_20.ids)]})],
        })
        move.action_post()
        return move

    def figures(self, as_of=MAR31, user=None):
        return self.History.with_user(user or self.env.user)._dashboard_figures(as_of)

    def assertFigures(self, actual, expected):
        self.assertEqual({key: round(actual[key], 2) if actual[key] is not None else None for key in expected},
                         expected)

    # -- the hand-made case ------------------------------------------------------------
    def test_receivables_on_a_past_date_ignore_a_later_payment(self):
        figures = self.figures()
        self.assertEqual(self.inv4.payment_state, "paid")  # today, but on Apr 10
        self.assertFigures(figures, {"receivables": 96000, "current_receivables": 60000, "overdue": 36000})
        self.assertEqual(figures["overdue_buckets"], {"1_30": 24000, "31_60": 12000, "61_90": 0, "91": 0})
        # Apr 10: the payment counts; INV4 is gone: 72 000, of which 36 000 current (INV5).
        self.assertFigures(self.figures(date(2026, 4, 10)), {"receivables": 72000, "current_receivables": 36000})
        # the day before: still there
        self.assertFigures(self.figures(date(2026, 4, 9)), {"receivables": 96000})
        # INV4 is due Apr 4: not late that day; the next day, 1-30 days late
        # are INV3 (24 days) and INV4 (1 day): 48 000
        self.assertFigures(self.figures(date(2026, 4, 4)), {"current_receivables": 60000, "overdue": 36000})
        self.assertEqual(self.figures(date(2026, 4, 5))["overdue_buckets"]["1_30"], 48000)

    def test_receivables_in_another_currency_count_in_the_company_currency(self):
        # 10 000 + 20% = 12 000 EUR invoiced Apr 20 at 2 EUR per USD: 6 000 USD.
        # Paid 12 000 EUR on May 10 at 2.5: 4 800 USD, and Odoo books the 1 200
        # USD exchange difference against the invoice: nothing is left owed from
        # May 10, though Odoo dates the exchange entry May 31.
        # Apr 30: the 72 000 USD of the case (INV2, INV3, INV5) + 6 000 = 78 000.
        eur = self.setup_other_currency("EUR", rates=[("2026-01-01", 2.0), ("2026-05-01", 2.5)])
        celtic = self.env["res.partner"].create({"name": "Celtic Export"})
        invoice = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": celtic.id, "invoice_date": "2026-04-20",
            "currency_id": eur.id, "invoice_payment_term_id": False, "invoice_date_due": "2026-05-20",
            "invoice_line_ids": [Command.create({
                "name": "Consulting", "quantity": 1, "price_unit": 10000, "tax_ids": [Command.set(self.tax_20.ids)]})],
        })
        invoice.action_post()
        self.pay(invoice, "2026-05-10", 12000)
        self.assertEqual(invoice.payment_state, "paid")
        # (Odoo dates the exchange difference entry at the month end, May 31)
        exchange = invoice.line_ids.matched_credit_ids.exchange_move_id
        self.assertEqual(exchange.date, date(2026, 5, 31))
        self.assertFigures(self.figures(date(2026, 4, 30)), {"receivables": 78000})
        self.assertFigures(self.figures(date(2026, 5, 9)), {"receivables": 78000})
        self.assertFigures(self.figures(date(2026, 5, 10)), {"receivables": 72000})

    def test_dso_both_methods_best_possible_and_days_delinquent(self):
        # Countback on Mar 31: March's 60 000 cover 31 days, 36 000 left;
        # February's 30 000 cover 28 more, 6 000 left; January sold 48 000 in
        # 31 days: 6 000 / 48 000 x 31 = 3.875. DSO = 62.875.
        # Simple (3 months): 96 000 / (138 000 / 90 days) = 62.61.
        # Best possible (countback): the 60 000 current = March's 60 000: 31 days.
        # ADD = 62.875 - 31 = 31.875.
        self.assertEqual(self.company.o2c_kpi_dso_method, "countback")
        self.assertFigures(self.figures(), {
            "dso": 62.88, "dso_countback": 62.88, "dso_simple": 62.61, "best_dso": 31, "add": 31.88})
        self.assertEqual(self.figures()["dso"], 62.875)
        # Simple method: best = 60 000 / (138 000 / 90) = 39.13; ADD = 62.61 - 39.13 = 23.48.
        self.company.o2c_kpi_dso_method = "simple"
        self.assertFigures(self.figures(), {"dso": 62.61, "best_dso": 39.13, "add": 23.48})
        self.assertEqual(self.figures()["method"], "simple")
        # Simple over 2 months (Feb, Mar: 90 000 in 59 days): 96 000 / (90 000 / 59) = 62.93.
        self.company.o2c_kpi_dso_months = 2
        self.assertFigures(self.figures(), {"dso": 62.93})

    def test_previous_month_for_the_trend(self):
        # Feb 28 (Mar 31 - 1 month): INV1 paid Feb 5; INV2 - CN1 = 12 000 (9 days
        # late), INV3 36 000 not due: 48 000, 36 000 current.
        # Countback: February's 30 000 cover 28 days, 18 000 left: 18 000 /
        # 48 000 x 31 = 11.625 -> 39.625. Best: 36 000 - 30 000 = 6 000 left:
        # 6 000 / 48 000 x 31 = 3.875 -> 31.875. ADD = 7.75.
        # Cash tied up: daily sales (Dec-Feb) 78 000 / 90 = 866.67; terms 30 days
        # (INV1-3): 866.67 x (39.625 - 30) = 8 341.67.
        figures = self.figures()
        self.assertEqual(figures["previous_date"], FEB28)
        self.assertFigures(figures, {"dso_previous": 39.62, "best_dso_previous": 31.88, "add_previous": 7.75,
                                     "overdue_previous": 12000, "cash_tied_dso_previous": 8341.67})

    def test_collection_effectiveness(self):
        # Jan-Mar: nothing owed on Dec 31, 138 000 invoiced, 96 000 owed on
        # Mar 31 of which 60 000 not due. Collected = 0 + 138 000 - 96 000 =
        # 42 000 (INV1 30 000 + INV3 12 000 paid); collectible = 138 000 -
        # 60 000 = 78 000. CEI = 53.85 %.
        self.assertFigures(self.figures(), {"cei": 53.85, "cei_collected": 42000, "cei_collectible": 78000})
        # March alone: 48 000 owed on Feb 28, 60 000 invoiced, 96 000 owed, 60 000
        # current: collected 12 000 / collectible 48 000 = 25 %.
        cei = self.History._collection_effectiveness(date(2026, 3, 1), MAR31)
        self.assertEqual({key: round(value, 2) for key, value in cei.items()}, {
            "cei": 25, "collected": 12000, "collectible": 48000, "opening": 48000, "sales": 60000,
            "closing": 96000, "closing_current": 60000})

    def test_cash_tied_up_and_freed_by_the_dso(self):
        # Daily sales: 138 000 / 90 = 1 533.33. Terms: INV1-4 at 30 days
        # (108 000), INV5 at 60 (36 000): (108 000 x 30 + 36 000 x 60) / 144 000
        # = 37.5 days. Tied up: 1 533.33 x (62.875 - 37.5) = 38 908.33.
        # Freed at the 45-day target: 1 533.33 x (62.875 - 45) = 27 408.33;
        # at 60 days: 1 533.33 x 2.875 = 4 408.33; at 70 days: 0.
        self.assertFigures(self.figures(), {
            "daily_sales": 1533.33, "terms_days": 37.5, "cash_tied_dso": 38908.33, "cash_freed_dso": 27408.33})
        self.company.o2c_kpi_dso_target_days = 60
        self.assertFigures(self.figures(), {"cash_freed_dso": 4408.33})
        self.company.o2c_kpi_dso_target_days = 70
        self.assertFigures(self.figures(), {"cash_freed_dso": 0})

    def test_monthly_series_and_month_to_date(self):
        # Jan 31: 48 000 owed, all current; January sold 48 000: DSO = best = 31, ADD 0.
        # Mar 15 (month to date): INV2 12 000 and INV3 36 000 late, INV4 24 000
        # current = 72 000. Countback: Mar 1-15 sold 24 000 in 15 days, February
        # 30 000 in 28, then 18 000 / 48 000 x 31 = 11.625: DSO = 54.625.
        # Best: 24 000 = Mar 1-15: 15 days. ADD = 39.625.
        series = self.History._monthly_series(date(2026, 3, 15), months=3)
        self.assertEqual([(row["month"], row["date"]) for row in series], [
            (date(2026, 1, 31), date(2026, 1, 31)), (FEB28, FEB28), (MAR31, date(2026, 3, 15))])
        rounded = [{key: round(row[key], 3) for key in ("dso", "best_dso", "add", "receivables", "overdue")}
                   for row in series]
        self.assertEqual(rounded, [
            {"dso": 31, "best_dso": 31, "add": 0, "receivables": 48000, "overdue": 0},
            {"dso": 39.625, "best_dso": 31.875, "add": 7.75, "receivables": 48000, "overdue": 12000},
            {"dso": 54.625, "best_dso": 15, "add": 39.625, "receivables": 72000, "overdue": 48000},
        ])
        self.assertEqual(len(self.History._monthly_series(MAR31)), 12)

    def test_overdue_invoices_action(self):
        action = self.History.action_open_overdue(MAR31)
        self.assertEqual(self.env["account.move"].search(action["domain"]), self.inv2 | self.inv3)
        # today: INV2, INV3 and INV5 are late (INV4 was paid)
        action = self.History.action_open_overdue()
        self.assertEqual(self.env["account.move"].search(action["domain"]), self.inv2 | self.inv3 | self.inv5)
        self.assertEqual(self.History.action_open_history()["res_model"], "o2c.receivable.history")

    def test_definitions_are_given_with_their_formula(self):
        definitions = self.figures()["definitions"]
        for key in ("receivables", "current_receivables", "overdue", "overdue_buckets", "dso", "best_dso", "add",
                    "cei", "daily_sales", "terms_days", "cash_tied_dso", "cash_freed_dso"):
            self.assertTrue(definitions.get(key), key)
        self.assertIn("DSO - best possible DSO", definitions["add"])
        self.assertIn("max(DSO - average payment terms, 0)", definitions["cash_tied_dso"])
        self.assertEqual(self.figures()["labels"]["add"], "Average Days Delinquent")
        french = self.History.with_context(lang="fr_FR")
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["o2c_kpi"], ["fr_FR"], overwrite=True)
        self.assertIn("DSO - meilleur DSO possible", french._definitions()["add"])

    # -- bad input -----------------------------------------------------------------------
    def test_bad_dates_give_a_clear_message(self):
        tomorrow = fields.Date.context_today(self.History) + timedelta(days=1)
        with self.assertRaisesRegex(UserError, "after today"):
            self.figures(tomorrow)
        with self.assertRaisesRegex(UserError, "need a date"):
            self.figures("31/03/2026")
        with self.assertRaisesRegex(UserError, "ends .* before it starts"):
            self.History._collection_effectiveness(MAR31, date(2026, 3, 1))
        with self.assertRaisesRegex(UserError, "1 to 36 months"):
            self.History._monthly_series(MAR31, months=0)
        with self.assertRaisesRegex(UserError, "after today"):
            self.History.action_open_overdue(tomorrow)

    # -- the monthly history -------------------------------------------------------------
    def history(self, domain=()):
        return self.History.search([("company_id", "=", self.company.id), *domain])

    def row(self, day, partner=False):
        return self.history([("date", "=", day), ("partner_id", "=", partner and partner.id)])

    def test_history_rows_match_the_live_figures_and_refreshing_is_idempotent(self):
        today = date(2026, 4, 15)
        self.History._refresh_company(self.company, today)
        rows = self.history()
        # company: the 12 month ends Apr 2025 - Mar 2026 and Apr 15; customers:
        # Armor and Breizh on Jan 31, Feb 28, Mar 31 and Apr 15 (owing both).
        self.assertEqual(len(rows.filtered(lambda r: not r.partner_id)), 13)
        self.assertEqual(sorted(rows.filtered("partner_id").mapped("date")),
                         sorted([date(2026, 1, 31), FEB28, MAR31, today] * 2))
        self.assertEqual(rows.filtered("month_to_date").mapped("date"), [today] * 3)
        company = self.row(MAR31)
        live = self.figures()
        for key, field in (("receivables", "receivables"), ("dso", "dso"), ("best_dso", "best_dso"),
                           ("add", "add_days"), ("cei", "cei"), ("cash_tied_dso", "cash_tied_dso"),
                           ("dso_simple", "dso_simple"), ("sales", "sales")):
            self.assertAlmostEqual(company[field], live[key], places=2, msg=field)
        self.assertEqual((company.overdue_1_30, company.overdue_31_60, company.overdue_91), (24000, 12000, 0))
        # Armor on Mar 31: INV3 24 000 late + INV4 24 000 = 48 000; sold 24 000
        # in March, 36 000 in February: 31 + 24 000 / 36 000 x 28 = 49.67;
        # best: 24 000 = March: 31; ADD 18.67.
        armor = self.row(MAR31, self.armor)
        self.assertEqual((armor.receivables, round(armor.dso, 2), armor.best_dso, round(armor.add_days, 2)),
                         (48000, 49.67, 31, 18.67))
        # Breizh: 12 000 late + 36 000 = 48 000; March 36 000 (31 days), February
        # -6 000 covers nothing (28 days), then 12 000 / 18 000 x 31: 79.67.
        breizh = self.row(MAR31, self.breizh)
        self.assertEqual((breizh.receivables, round(breizh.dso, 2), round(breizh.add_days, 2)), (48000, 79.67, 48.67))
        # Again, after INV5 is paid on Apr 12: same rows replaced, Apr 15 changes.
        self.pay(self.inv5, "2026-04-12", 36000)
        self.History._refresh_company(self.company, today)
        self.assertEqual(len(self.history()), len(rows))
        self.assertEqual(self.row(today).receivables, 72000 - 36000)
        self.assertEqual(self.row(MAR31).receivables, 96000)

    def test_grouped_rows_average_dso_weighted_by_daily_sales(self):
        # Simple DSO of Armor: 48 000 / (90 000 / 90) = 48; of Breizh: 48 000 /
        # (48 000 / 90) = 90. Weighted by their daily sales (1 000 and 533.33):
        # (48 x 1 000 + 90 x 533.33) / 1 533.33 = 62.61, the company's simple DSO
        # (both sold in the window); a plain average would say 69.
        # CEI of the two: sum collected / sum collectible = the company's 53.85.
        self.History._refresh_company(self.company, date(2026, 4, 15))
        [group] = self.History._read_group(
            [("company_id", "=", self.company.id), ("date", "=", MAR31), ("partner_id", "!=", False)],
            aggregates=["dso_simple:avg", "cei:avg", "receivables:sum"])
        self.assertEqual((round(group[0], 2), round(group[1], 2), group[2]), (62.61, 53.85, 96000))
        # A customer who owes nothing on Mar 31 and bought nothing in March still
        # has a row when it was invoiced in the window: Dinan, 5 000 + 20% on
        # Jan 15, paid Feb 1. Its row: daily sales 6 000 / 90 = 66.67, collected
        # 6 000. The company: collected 42 000 + 6 000 = 48 000, collectible
        # 144 000 - 60 000 = 84 000: CEI 57.14 %, and the rows add up to it.
        dinan = self.env["res.partner"].create({"name": "Dinan Conseil"})
        self.pay(self.make_invoice(dinan, "2026-01-15", 5000, "2026-02-14"), "2026-02-01", 6000)
        self.History._refresh_company(self.company, date(2026, 4, 15))
        row = self.row(MAR31, dinan)
        self.assertEqual((row.receivables, round(row.daily_sales, 2), row.cei_collected), (0, 66.67, 6000))
        [group] = self.History._read_group(
            [("company_id", "=", self.company.id), ("date", "=", MAR31), ("partner_id", "!=", False)],
            aggregates=["cei:avg", "cei_collected:sum"])
        self.assertEqual((round(group[0], 2), group[1]), (57.14, 48000))
        self.assertEqual(round(self.row(MAR31).cei, 2), 57.14)

    def test_cron_refreshes_one_company_per_call_once_a_day(self):
        self.env["res.company"].create({"name": "Receivables Other Co"})  # at least two to do
        root = self.History.with_user(self.env.ref("base.user_root"))
        today = fields.Date.context_today(root)
        todo = root._companies_to_refresh(today)
        # one company per call (one transaction each), telling the cron how many remain
        cron, progress = self.env.ref("o2c_kpi.ir_cron_o2c_receivable_history")._add_progress()
        root.with_context(ir_cron_progress_id=progress.id)._cron_refresh()
        self.assertEqual((progress.done, progress.remaining), (1, len(todo) - 1))
        self.assertEqual(root._companies_to_refresh(today), todo[1:])
        for _call in range(len(todo)):
            root._cron_refresh()
        self.assertFalse(root._companies_to_refresh(today))
        rows = len(self.history())
        self.assertEqual(self.row(today).receivables, 72000)  # today: INV2 12 000, INV3 24 000, INV5 36 000
        # nothing left to do today: nothing changes, and the cron is told so
        cron, progress = cron._add_progress()
        root.with_context(ir_cron_progress_id=progress.id)._cron_refresh()
        self.assertEqual((progress.done, progress.remaining), (0, 0))
        self.assertEqual(len(self.history()), rows)

    def test_a_company_that_fails_does_not_stop_the_others(self):
        self.env["res.company"].create({"name": "Receivables Other Co"})  # at least two to do
        root = self.History.with_user(self.env.ref("base.user_root"))
        today = fields.Date.context_today(root)
        todo = root._companies_to_refresh(today)
        self.assertIn(self.company, todo)
        original = type(self.History)._refresh_company

        def refresh(model, company, day=None):
            if company == todo[0]:
                raise ValueError("broken")
            return original(model, company, day)

        with patch.object(type(self.History), "_refresh_company", refresh), self.assertLogs(
                "odoo.addons.o2c_kpi.models.o2c_receivable_history", "ERROR") as logs:
            root._cron_refresh()
        self.assertIn("could not be computed", logs.output[0])
        # the broken one is left for tomorrow, the next one is done
        self.assertIn(todo[0], root._companies_to_refresh(today))
        self.assertNotIn(todo[1], root._companies_to_refresh(today))

    # -- who sees what -------------------------------------------------------------------
    def test_salespeople_see_their_customers_accountants_and_managers_all(self):
        alice = new_test_user(self.env, login="rec_alice", groups="sales_team.group_sale_salesman")
        manager = new_test_user(self.env, login="rec_manager", groups="sales_team.group_sale_salesman_all_leads")
        accountant = new_test_user(self.env, login="rec_accountant", groups="account.group_account_invoice")
        outsider = new_test_user(self.env, login="rec_outsider", groups="base.group_user")
        self.armor.user_id = alice
        self.History._refresh_company(self.company, date(2026, 4, 15))
        domain = [("date", "=", MAR31)]
        self.assertEqual(self.History.with_user(alice).search(domain).partner_id, self.armor)
        self.assertEqual(len(self.History.with_user(manager).search(domain)), 3)  # company, Armor, Breizh
        self.assertEqual(len(self.History.with_user(accountant).search(domain)), 3)
        # live: Alice's figures are Armor's (48 000, DSO 49.67); the others', the company's
        self.assertFigures(self.figures(user=alice), {"receivables": 48000, "dso": 49.67})
        self.assertFigures(self.figures(user=manager), {"receivables": 96000})
        self.assertFigures(self.figures(user=accountant), {"receivables": 96000})
        with self.assertRaises(AccessError):
            self.figures(user=outsider)
        with self.assertRaises(UserError):
            self.History.with_user(alice).action_refresh_now()
        self.History.with_user(accountant).action_refresh_now()

    def test_multi_company(self):
        other = self.env["res.company"].create({"name": "Receivables Other Co"})
        self.History._refresh_company(other, date(2026, 4, 15))
        self.History._refresh_company(self.company, date(2026, 4, 15))
        stranger = new_test_user(self.env, login="rec_stranger", company_id=other.id, company_ids=[other.id],
                                 groups="account.group_account_invoice")
        visible = self.History.with_user(stranger).search([])
        self.assertEqual(visible.company_id, other)
        # live figures are the stranger's company's: nothing there
        self.assertFigures(self.History.with_user(stranger)._dashboard_figures(MAR31), {"receivables": 0})
        self.assertFigures(self.figures(), {"receivables": 96000})

    # -- speed -----------------------------------------------------------------------------
    def test_dashboard_query_count_does_not_grow_with_the_data(self):
        def count_queries():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            figures = self.History._dashboard_figures(MAR31)
            return self.env.cr.sql_log_count - before, figures

        count_queries()  # warm the caches (access rules, field help)
        few, figures = count_queries()
        self.assertEqual(figures["receivables"], 96000)
        for index in range(6):
            partner = self.env["res.partner"].create({"name": f"Customer {index}"})
            invoice = self.make_invoice(partner, "2026-03-01", 1000, "2026-03-10")
            self.pay(invoice, "2026-03-20", 600)
        many, figures = count_queries()
        # 6 x (1 200 - 600) more owed
        self.assertEqual(figures["receivables"], 96000 + 6 * 600)
        self.assertEqual(many, few)
        self.assertLessEqual(few, 5)  # the user's and the company's settings, receivables, sales
