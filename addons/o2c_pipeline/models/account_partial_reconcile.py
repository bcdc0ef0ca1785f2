# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import models


class AccountPartialReconcile(models.Model):
    _name = "account.partial.reconcile"
    _inherit = ["account.partial.reconcile", "o2c.ledger.source.mixin"]

    def _o2c_since(self):
        return date.max  # payments: nothing delivered or invoiced moves

    def _o2c_orders(self):
        return (self.debit_move_id.move_id | self.credit_move_id.move_id)._o2c_orders()
