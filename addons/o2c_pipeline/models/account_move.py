# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _o2c_orders(self):
        return self.line_ids.sale_line_ids.order_id

    def write(self, vals):
        # Posting, resetting to draft and cancelling all write the state.
        if "state" not in vals and "invoice_date" not in vals:
            return super().write(vals)
        sales = self.filtered(lambda m: m.is_sale_document(include_receipts=False))
        dates_before = set(sales.mapped("invoice_date"))
        result = super().write(vals)
        # The invoiced events that moved are those of the invoice dates before and after.
        since = min((d for d in dates_before | set(sales.mapped("invoice_date")) if d), default=date.max)
        sales._o2c_orders()._o2c_mark_dirty(since)
        return result
