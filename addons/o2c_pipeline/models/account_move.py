# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _o2c_orders(self):
        return self.line_ids.sale_line_ids.order_id

    def write(self, vals):
        # Posting, resetting to draft and cancelling all write the state.
        result = super().write(vals)
        if "state" in vals or "invoice_date" in vals:
            self.filtered(lambda m: m.is_sale_document(include_receipts=False))._o2c_orders()._o2c_mark_dirty()
        return result
