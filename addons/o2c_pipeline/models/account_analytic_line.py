# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class AccountAnalyticLine(models.Model):
    _name = "account.analytic.line"
    _inherit = ["account.analytic.line", "o2c.ledger.source.mixin"]
    _o2c_ledger_fields = frozenset({"so_line", "unit_amount", "date", "product_uom_id", "project_id"})

    def _o2c_orders(self):
        return self.so_line.order_id
