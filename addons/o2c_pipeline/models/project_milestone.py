# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

LEDGER_FIELDS = {"is_reached", "reached_date", "quantity_percentage", "product_uom_qty", "sale_line_id"}


class ProjectMilestone(models.Model):
    _inherit = "project.milestone"

    @api.model_create_multi
    def create(self, vals_list):
        milestones = super().create(vals_list)
        milestones.sale_line_id.order_id._o2c_mark_dirty()
        return milestones

    def write(self, vals):
        touched = LEDGER_FIELDS & set(vals)
        orders_before = self.sale_line_id.order_id if touched else None
        result = super().write(vals)
        if touched:
            (orders_before | self.sale_line_id.order_id)._o2c_mark_dirty()
        return result

    def unlink(self):
        orders = self.sale_line_id.order_id
        result = super().unlink()
        orders._o2c_mark_dirty()
        return result
