# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestWorklistTour(HttpCase):
    def test_preview_and_send_from_the_worklist(self):
        admin = self.env.ref("base.user_admin")
        company = admin.company_id
        key_account = self.env["o2c.dunning.scenario"].search(
            [("company_id", "=", company.id), ("name", "=", "Key account")])
        customer = self.env["res.partner"].create({"name": "Tour Slow Payer", "email": "ap@slow.example"})
        customer.with_company(company).o2c_dunning_scenario_id = key_account
        today = fields.Date.today()
        invoice = self.env["account.move"].with_company(company).create({
            "move_type": "out_invoice", "partner_id": customer.id, "invoice_date": today - timedelta(days=75),
            "invoice_date_due": today - timedelta(days=45),
            "invoice_line_ids": [fields.Command.create({"name": "Audit", "quantity": 1, "price_unit": 4200,
                                                        "tax_ids": [fields.Command.clear()]})],
        })
        invoice.action_post()
        # Key account's +45 step: a formal notice that waits for a manager.
        self.env["o2c.dunning.runner"].with_user(admin).run_now(companies=company, today=today)
        reminder = self.env["o2c.dunning.reminder"].search([("partner_id", "=", customer.id)])
        self.assertEqual((reminder.state, reminder.step_id.offset_days), ("to_send", 45))
        self.start_tour("/odoo/action-o2c_dunning.action_o2c_dunning_worklist", "o2c_dunning_worklist_tour",
                        login="admin")
        self.assertEqual(reminder.state, "sent")
        self.assertEqual(reminder.mail_id.recipient_ids, customer)
        self.assertIn(invoice.name, str(reminder.mail_id.body_html))
