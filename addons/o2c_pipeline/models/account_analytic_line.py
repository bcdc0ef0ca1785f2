# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class AccountAnalyticLine(models.Model):
    _name = "account.analytic.line"
    _inherit = ["account.analytic.line", "o2c.ledger.source.mixin"]
    _o2c_ledger_fields = frozenset({"so_line", "unit_amount", "date", "product_uom_id", "project_id"})

    def _o2c_orders(self):
        return self.so_line.order_id

    def _o2c_since(self):
        return min(self.mapped("date"), default=None)

    def _compute_so_line(self):
        # A timesheet moved to another order line (its task's changed) moves
        # the ledger of both orders from its date. Odoo recomputes this often
        # (invoicing, for one) without changing anything.
        saved = self.filtered("id")
        before = {line: line.so_line for line in saved}
        result = super()._compute_so_line()
        moved = saved.filtered(lambda line: line.so_line != before[line])
        if moved:
            orders = moved.so_line.order_id | self.env["sale.order.line"].union(
                *(before[line] for line in moved)).order_id
            orders._o2c_mark_dirty(moved._o2c_since())
        return result
