# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Reminders that no one can receive stay on the worklist, and are sent by
the next run once the address exists; never twice."""

import smtplib
from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.base.models.ir_mail_server import IrMailServer

from .common import O2cDunningCommon, day


@tagged("post_install", "-at_install")
class TestUnreachable(O2cDunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.silent = cls.env["res.partner"].create({"name": "Silent Ltd", "is_company": True})
        cls.env["res.partner"].create({"name": "Silent accounts", "type": "invoice", "parent_id": cls.silent.id})

    def reached(self, move):
        self.env.flush_all()
        return sum(self.env["o2c.dunning.step.stats"].search([("move_id", "=", move.id)]).mapped("reached"))

    def test_no_email_address_waits_then_goes_once_the_address_exists(self):
        move = self.invoice(self.silent, 500)
        with self.mock_mail_gateway():
            self.run_on(day(7))
        reminder = self.reminders(self.silent)
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.state, "to_send", "nothing left: not sent")
        self.assertIn("No email address", reminder.error)
        self.assertIn("Silent accounts", reminder.error, "names the contact to fix")
        self.assertFalse(reminder.sent_date or reminder.to_print, "an email step: no letter to offer")
        self.assertFalse(self.queued)
        self.assertEqual(self.reached(move), 0, "not counted in statistics")
        # The next run tries again: still no address, still waiting, nothing sent.
        with self.mock_mail_gateway():
            self.run_on(day(8))
        self.assertEqual((reminder.state, reminder.tried_on, len(self.queued)), ("to_send", day(8), 0))
        # Once the address exists, the next run sends it: one email, the same reminder and log.
        self.silent.child_ids.email = "accounts@silent.example"
        with self.mock_mail_gateway():
            self.run_on(day(9))
            self.run_on(day(10))  # and again: nothing twice
        self.assertEqual(len(self.queued), 1)
        self.assertEqual(self.queued.recipient_ids, self.silent.child_ids)
        self.assertEqual((reminder.state, reminder.error, reminder.retry), ("sent", False, False))
        self.assertEqual(self.reminders(self.silent), reminder)
        self.assertEqual(len(move.o2c_dunning_log_ids), 1)
        self.assertEqual(self.reached(move), 1)

    def test_an_address_odoo_would_refuse(self):
        self.silent.child_ids.email = "accounts at silent"
        self.invoice(self.silent, 500)
        with self.mock_mail_gateway():
            self.run_on(day(0))
        reminder = self.reminders(self.silent)
        self.assertEqual(reminder.state, "to_send")
        self.assertIn("“accounts at silent”", reminder.error)
        self.assertFalse(self.queued)

    def test_the_letter_is_offered_where_the_step_prints_letters(self):
        self.invoice(self.silent, 500)
        with self.mock_mail_gateway():
            self.run_on(day(45))  # formal notice: email and printed letter
        reminder = self.reminders(self.silent)
        self.assertEqual((reminder.state, reminder.to_print), ("to_send", True))
        self.assertIn("No email address", reminder.error)
        self.assertFalse(self.queued)

    def test_others_are_sent_and_only_the_unreachable_one_waits(self):
        self.invoice(self.silent, 500)
        self.invoice(self.customer, 500)
        with self.mock_mail_gateway():
            self.run_on(day(0))
        self.assertEqual(self.reminders().state, "sent")
        self.assertEqual(self.queued.recipient_ids, self.customer)
        self.assertEqual(self.reminders(self.silent).state, "to_send")

    def test_an_email_the_mail_server_refuses_goes_back_to_the_worklist(self):
        self.invoice(self.customer, 500)
        with self.mock_mail_gateway():
            self.run_on(day(0))
        mail, reminder = self.queued, self.reminders()
        self.assertEqual(reminder.state, "sent")
        refused = smtplib.SMTPRecipientsRefused({"ap@late.example": (550, b"No such user")})
        with self.mock_mail_gateway(), patch.object(IrMailServer, "send_email", side_effect=refused), \
                self.assertLogs("odoo.addons.mail.models.mail_mail", "ERROR"):
            mail.send()
        self.assertEqual(mail.state, "exception")
        self.assertEqual((reminder.state, reminder.retry), ("to_send", False))
        self.assertIn("The email was not delivered", reminder.error)
        self.assertIn("No such user", reminder.error)
        self.assertIn("not delivered", str(reminder.message_ids[:1].body), "said on the reminder's chatter")

    def test_a_bounce_puts_the_reminder_back_on_the_worklist(self):
        self.invoice(self.customer, 500)
        self.run_on(day(0))
        reminder = self.reminders()
        reminder._message_receive_bounce("ap@late.example", self.customer)
        self.assertEqual(reminder.state, "to_send")
        self.assertIn("ap@late.example bounced", reminder.error)
