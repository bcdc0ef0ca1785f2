# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class SaleAdvancePaymentInv(models.TransientModel):
    _inherit = "sale.advance.payment.inv"

    def create_invoices(self):
        """The invoices created go through the quality gate at once: a
        notification says how many need a look before they are posted."""
        action = super().create_invoices()
        invoices = self.sale_order_ids.invoice_ids._o2c_quality_candidates()
        states = invoices.mapped("o2c_quality_state")
        blocked, to_check = states.count("block"), states.count("warn")
        if not (blocked or to_check) or not isinstance(action, dict):
            return action
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Invoices to check"),
                "message": self.env._(
                    "Quality gate on the draft invoices of these orders: %(blocked)s blocked, %(to_check)s with "
                    "warnings. See the message at the top of each invoice.", blocked=blocked, to_check=to_check),
                "type": "danger" if blocked else "warning",
                "sticky": False,
                "next": action,
            },
        }
