# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The run's direct INSERTs of emails and messages (the fast path) are used
only when no other module overrides their creation; the ORM path gives the
same emails, messages and recipients."""

from contextlib import closing
from unittest.mock import patch

from odoo.tests import tagged

from ..models import bulk
from ..models.o2c_dunning_reminder import O2cDunningReminder
from .common import O2cDunningCommon, day

EMAIL_FIELDS = ("subject", "body_html", "body", "email_from", "reply_to", "email_to", "email_cc", "model",
                "record_name", "message_type", "state", "auto_delete", "is_notification", "author_id",
                "mail_server_id", "scheduled_date", "record_company_id", "subtype_id", "headers")
NOTE_FIELDS = ("model", "res_id", "body", "subtype_id", "message_type", "author_id", "email_from", "reply_to",
               "record_name", "record_company_id", "record_alias_domain_id", "is_internal")


@tagged("post_install", "-at_install")
class TestMailPaths(O2cDunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        second = cls.env["res.partner"].create({"name": "Second <b>customer</b>", "email": "ap@second.example"})
        cls.moves = cls.invoice(cls.customer, 300) | cls.invoice(cls.customer, 120) | cls.invoice(second, 80)
        cls.moves |= cls.invoice(second, 50, due=day(-8))  # +15 on day +7: a call
        cls.env["ir.attachment"].create({
            "name": "invoice.pdf", "raw": b"%PDF-1.4 test", "res_model": "account.move", "res_id": cls.moves[0].id,
            "res_field": "invoice_pdf_report_file"})
        cls.moves.invalidate_recordset(["invoice_pdf_report_id"])
        for move in cls.moves:
            move._portal_ensure_token()  # the same payment links on both paths

    def run_and_read(self, orm):
        """Run day +7 on one path, read what it wrote, then undo it."""
        with closing(self.env.cr.savepoint()):
            self.env.flush_all()
            self.env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_message")
            floor = self.env.cr.fetchone()[0]
            with self.mock_mail_gateway():
                self.Runner.with_context(o2c_dunning_orm_path=orm).run_now(companies=self.company, today=day(7))
            through_orm = self._new_mails
            emails = sorted(
                (tuple(str(mail[name]) for name in EMAIL_FIELDS), tuple(mail.recipient_ids.ids),
                 tuple(mail.attachment_ids.mapped("name")), mail.mail_message_id in self.env[mail.model].browse(
                     mail.res_id).message_ids)
                for mail in self.queued)
            notes = sorted(
                tuple(str(message[name]) for name in NOTE_FIELDS)
                for message in self.env["mail.message"].search([("id", ">", floor), ("model", "=", "account.move")]))
        self.env.invalidate_all()
        return emails, notes, through_orm

    def test_both_paths_give_the_same_emails_messages_and_recipients(self):
        self.assertTrue(self.env["o2c.dunning.reminder"]._fast_mail_path(), "Odoo's own mail only, here")
        fast_emails, fast_notes, fast_created = self.run_and_read(orm=False)
        orm_emails, orm_notes, orm_created = self.run_and_read(orm=True)
        self.assertFalse(fast_created, "the fast path writes its emails with one INSERT")
        self.assertEqual(len(orm_created), 2, "the ORM path creates them through mail.mail's create")
        self.assertEqual(len(fast_emails), 2)
        self.assertEqual(len(fast_notes), 4)
        self.assertEqual(fast_emails, orm_emails)
        self.assertEqual(fast_notes, orm_notes)
        self.assertIn(("invoice.pdf",), [email[2] for email in fast_emails])

    def test_a_module_overriding_the_creation_of_emails_gets_the_orm_path(self):
        MailMail = type(self.env["mail.mail"])
        self.assertEqual(bulk.foreign_overrides(MailMail), [])
        gateway = type("MailMail", (MailMail,), {
            "__module__": "odoo.addons.custom_gateway.models.mail_mail", "create": lambda self, vals: None})
        self.assertEqual(bulk.foreign_overrides(gateway), ["odoo.addons.custom_gateway.models.mail_mail"])
        # Such a module installed: the run creates its emails and notes through the ORM.
        with patch.object(bulk, "foreign_overrides", side_effect=lambda cls, method="create": (
                ["odoo.addons.custom_gateway.models.mail_mail"] if cls._name == "mail.mail" else [])):
            self.assertFalse(self.env["o2c.dunning.reminder"]._fast_mail_path())
            with patch.object(O2cDunningReminder, "_queue_emails") as fast_emails, \
                    self.mock_mail_gateway():
                self.run_on(day(7))
        fast_emails.assert_not_called()
        self.assertEqual(len(self._new_mails), 2)
        self.assertEqual(len(self.queued), 2)
