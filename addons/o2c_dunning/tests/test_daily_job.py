# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The daily job as it really runs: its cron, as the superuser, on Odoo's
own demo data and the main company, with none of our settings configured."""

from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import TransactionCase, tagged

from ..models.o2c_dunning_reminder import O2cDunningReminder


@tagged("post_install", "-at_install")
class TestDailyJob(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.cron = cls.env.ref("o2c_dunning.ir_cron_o2c_dunning_run")
        cls.root = cls.env.ref("base.user_root")
        # the day of the job: today, in the cron user's timezone
        cls.today = fields.Date.context_today(cls.env["o2c.dunning.runner"].with_user(cls.root))
        Partner = cls.env["res.partner"]
        # Nobody follows this one: no salesperson, no collector, an invoice without salesperson
        # (imported, made by a job, or one of Odoo's demo invoices).
        cls.nobody = Partner.create({"name": "Nobody's customer", "email": "ap@nobody.example"})
        cls.others = Partner.create([{"name": f"Job customer {i}", "email": f"ap{i}@job.example"} for i in range(2)])
        cls.call = cls.invoice(cls.nobody, 15)  # at the "Phone call" step (+15) today
        cls.overdue = cls.invoice(cls.others[0], 7)  # +7: overdue email
        cls.due = cls.invoice(cls.others[1], 0)  # 0: due today email

    @classmethod
    def invoice(cls, partner, days_late):
        due = cls.today - timedelta(days=days_late)
        move = cls.env["account.move"].with_company(cls.company).create({
            "move_type": "out_invoice", "partner_id": partner.id, "invoice_date": due - timedelta(days=30),
            "invoice_date_due": due, "invoice_user_id": False,
            "invoice_line_ids": [fields.Command.create({"name": "Audit", "quantity": 1, "price_unit": 900,
                                                        "tax_ids": [fields.Command.clear()]})],
        })
        move.action_post()
        return move

    def run_job(self):
        """Run the daily job until it has no customer left (one batch per call)."""
        for _call in range(50):
            self.cron.method_direct_trigger()
            progress = self.env["ir.cron.progress"].search([("cron_id", "=", self.cron.id)], order="id desc",
                                                           limit=1)
            if not progress.remaining:
                return
        self.fail("the daily job never finished")

    def emails(self, partner):
        return self.env["mail.mail"].search(
            [("model", "=", "o2c.dunning.reminder"), ("recipient_ids", "in", partner.ids)])

    def reminder(self, move):
        return move.o2c_dunning_log_ids.reminder_id

    def test_nobody_responsible_does_not_stop_the_job(self):
        self.assertFalse(self.company.o2c_dunning_collector_id or self.nobody.user_id or self.call.invoice_user_id)
        self.run_job()
        # The call goes to the company's fallback responsible (set at installation).
        fallback = self.company.o2c_dunning_fallback_user_id
        self.assertTrue(fallback)
        reminder = self.reminder(self.call)
        self.assertEqual((reminder.state, reminder.error), ("sent", False))
        self.assertEqual(reminder.user_id, fallback)
        self.assertEqual(reminder.activity_ids.user_id, fallback)
        for partner in self.others:
            self.assertEqual(len(self.emails(partner)), 1)

    def test_without_fallback_only_that_customer_waits(self):
        self.company.o2c_dunning_fallback_user_id = False
        self.run_job()
        reminder = self.reminder(self.call)
        self.assertEqual(reminder.state, "to_send")
        self.assertIn("Nobody is responsible", reminder.error)
        self.assertFalse(reminder.activity_ids)
        for partner in self.others:
            self.assertEqual(len(self.emails(partner)), 1)
            self.assertEqual(self.reminder(self.overdue | self.due).mapped("state"), ["sent", "sent"])

    def test_a_failing_customer_goes_back_to_the_worklist(self):
        create_activities = O2cDunningReminder._create_activities

        def fail_for_nobody(reminders, *args):
            if self.nobody in reminders.partner_id:
                raise ValueError("injected failure")
            return create_activities(reminders, *args)

        with patch.object(O2cDunningReminder, "_create_activities", fail_for_nobody):
            self.run_job()
            self.run_job()  # run again: nothing is sent twice
        reminder = self.reminder(self.call)
        self.assertEqual(reminder.state, "to_send")
        self.assertIn("injected failure", reminder.error)
        self.assertFalse(reminder.sent_date)
        for partner in self.others:
            self.assertEqual(len(self.emails(partner)), 1)
        self.assertEqual(len(self.call.o2c_dunning_log_ids), 1)
        # The next day's job tries it again (held since yesterday): carried out once, nothing else again.
        reminder.tried_on = self.today - timedelta(days=1)
        self.run_job()
        self.assertEqual((reminder.state, reminder.error), ("sent", False))
        self.assertEqual(len(reminder.activity_ids), 1)
        for partner in self.others:
            self.assertEqual(len(self.emails(partner)), 1)
        self.assertEqual(len(self.call.o2c_dunning_log_ids), 1)
