# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The weekly report: rows, XLSX export and the emailed digest."""

import base64
import io
import re
from datetime import timedelta

import openpyxl

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from ..engine import report as report_engine
from .common import O2cPipelineCommon


@tagged("post_install", "-at_install")
class TestWeeklyReport(O2cPipelineCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        cls.monday, cls.sunday = report_engine.last_complete_week(today)
        # Last week: 10 h x 100 signed on Monday (1 000), 3 h delivered on
        # Tuesday (300), invoiced on Wednesday (300, 360 with tax), paid 180
        # on Thursday (half: 150 collected untaxed, 180 tax included).
        cls.order_last_week = cls.order([(cls.product_tm, 10, 100)], str(cls.monday))
        cls.timesheet(cls.order_last_week.order_line, cls.monday + timedelta(days=1), 3)
        invoice = cls.invoice(cls.order_last_week, cls.monday + timedelta(days=2))
        cls.pay(invoice, cls.monday + timedelta(days=3), 180)
        # Two weeks ago: 500 signed, outside last week.
        cls.order([(cls.product_manual, 1, 500)], str(cls.monday - timedelta(days=7)))
        cls.env.flush_all()

    def test_rows_of_last_week(self):
        rows = self.env["o2c.ledger"]._report_rows(self.monday, self.sunday, "week", "company_id")
        self.assertEqual(len(rows), 1)
        row = rows[0]
        self.assertEqual((row["start"], row["name"]), (self.monday, self.env.company.name))
        self.assertEqual({k: round(row[k], 2) for k in report_engine.MEASURES},
                         {"signed": 1000, "delivered": 300, "invoiced": 300, "collected": 150,
                          "collected_tax_incl": 180})
        two_weeks = self.env["o2c.ledger"]._report_rows(self.monday - timedelta(days=7), self.sunday, "week",
                                                         "partner_id")
        self.assertEqual([round(r["signed"]) for r in two_weeks], [500, 1000])

    def test_pivot_weeks_are_iso_in_every_language(self):
        # en_US starts its weeks on Sunday, so read_group's date:week would
        # put last Sunday's events in the next week; iso_week does not.
        self.env["res.lang"]._activate_lang("en_US")
        sunday_event = self.order([(self.product_manual, 1, 70)], str(self.sunday))
        self.env.flush_all()
        groups = self.env["o2c.ledger"].with_context(lang="en_US")._read_group(
            [("order_id", "in", (self.order_last_week | sunday_event).ids), ("kind", "=", "signed")],
            ["iso_week"], ["signed_amount:sum"])
        year, week, _ = self.monday.isocalendar()
        # 1 000 signed on Monday + 70 on Sunday: the same ISO week.
        self.assertEqual(groups, [(f"{year}-W{week:02d}", 1070)])

    def test_bad_report_parameters(self):
        Ledger = self.env["o2c.ledger"]
        with self.assertRaisesRegex(UserError, "swap the dates"):
            Ledger._report_rows(self.sunday, self.monday)
        with self.assertRaisesRegex(UserError, "cannot be grouped"):
            Ledger._report_rows(self.monday, self.sunday, "week", "product_id")

    def test_xlsx_export(self):
        wizard = self.env["o2c.report.export"].create({
            "date_from": self.monday - timedelta(days=7), "date_to": self.sunday, "dimension": "user_id"})
        action = wizard.action_export()
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[3].split("?")[0]))
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas))).active
        self.assertEqual([c.value for c in sheet[3]][3:],
                         ["Signed (untaxed)", "Delivered (untaxed)", "Invoiced (untaxed)", "Collected (untaxed)",
                          "Collected (tax incl.)"])
        self.assertEqual(round(sheet["H5"].value), 180)
        values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4, max_row=5)]
        self.assertEqual([(v[1], round(v[3]), round(v[4])) for v in values],
                         [(report_engine.period_label(self.monday - timedelta(days=7), "week"), 500, 0),
                          (report_engine.period_label(self.monday, "week"), 1000, 300)])
        self.assertEqual(sheet["C6"].value, "Total")

    def test_digest_is_sent_once_per_week_to_each_recipient(self):
        alice = new_test_user(self.env, login="o2c_digest_alice", groups="sales_team.group_sale_manager",
                              email="alice@example.com")
        bob = new_test_user(self.env, login="o2c_digest_bob", groups="sales_team.group_sale_manager",
                            email="bob@example.com")
        self.env.company.o2c_digest_user_ids = alice | bob
        self.refresh()
        Mail = self.env["mail.mail"].sudo()
        domain = [("model", "=", "res.company"), ("res_id", "=", self.env.company.id)]
        before = Mail.search_count(domain)
        self.env["res.company"]._cron_o2c_weekly_digest()
        self.assertEqual(Mail.search_count(domain) - before, 2, "one mail per recipient")
        mails = Mail.search(domain, order="id desc", limit=2)
        self.assertEqual(self.env.company.o2c_digest_last_week, self.monday)
        body = mails[0].body_html
        self.assertIn(report_engine.period_label(self.monday, "week"), mails[0].subject)
        # Last week: signed 1 000, delivered 300, invoiced 300, collected 150;
        # today 150 invoiced and not collected (the order is "invoiced").
        for label, amount in (("Signed (untaxed)", "1,000.00"), ("Delivered (untaxed)", "300.00"),
                              ("Invoiced (untaxed)", "300.00"), ("Collected (untaxed)", "150.00"),
                              ("Collected (tax incl.)", "180.00")):
            self.assertRegex(body, rf"{re.escape(label)}</td>\s*<td[^>]*>[^<]*{amount}</td>")
        self.assertRegex(body, r"invoiced and not yet collected \(untaxed\):\s*<strong>[^<]*150\.00</strong>")
        # A second run the same week, or after a crash once queued: nothing more.
        self.env["res.company"]._cron_o2c_weekly_digest()
        self.assertEqual(Mail.search_count(domain) - before, 2)

    def test_digest_in_french_for_a_french_recipient(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"].search([("name", "=", "o2c_pipeline")])._update_translations("fr_FR")
        claire = new_test_user(self.env, login="o2c_digest_claire", groups="sales_team.group_sale_manager",
                               email="claire@example.com", lang="fr_FR")
        self.env.company.o2c_digest_user_ids = claire
        self.refresh()
        self.env["res.company"]._cron_o2c_weekly_digest()
        mail = self.env["mail.mail"].sudo().search(
            [("model", "=", "res.company"), ("res_id", "=", self.env.company.id)], order="id desc", limit=1)
        self.assertIn("semaine", mail.subject)
        self.assertIn("Signé", mail.body_html)
        self.assertIn("Encaissé (HT)", mail.body_html)
        self.assertIn("Encaissé (TTC)", mail.body_html)
