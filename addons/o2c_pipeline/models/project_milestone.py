# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import models


class ProjectMilestone(models.Model):
    _name = "project.milestone"
    _inherit = ["project.milestone", "o2c.ledger.source.mixin"]
    _o2c_ledger_fields = frozenset(
        {"is_reached", "reached_date", "quantity_percentage", "product_uom_qty", "sale_line_id"})

    def _o2c_orders(self):
        return self.sale_line_id.order_id

    def _o2c_since(self):
        # A milestone delivers on its reached date; one without it delivers nothing (yet).
        return min((m.reached_date for m in self if m.reached_date), default=date.max)
