# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

LEDGER_FIELDS = {"so_line", "unit_amount", "date", "product_uom_id", "project_id"}


class AccountAnalyticLine(models.Model):
    _inherit = "account.analytic.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.so_line.order_id._o2c_mark_dirty()
        return lines

    def write(self, vals):
        touched = LEDGER_FIELDS & set(vals)
        orders_before = self.so_line.order_id if touched else None
        result = super().write(vals)
        if touched:
            (orders_before | self.so_line.order_id)._o2c_mark_dirty()
        return result

    def unlink(self):
        orders = self.so_line.order_id
        result = super().unlink()
        orders._o2c_mark_dirty()
        return result
