# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    def _o2c_orders(self):
        return (self.debit_move_id.move_id | self.credit_move_id.move_id)._o2c_orders()

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        partials._o2c_orders()._o2c_mark_dirty()
        return partials

    def unlink(self):
        orders = self._o2c_orders()
        result = super().unlink()
        orders.exists()._o2c_mark_dirty()
        return result
