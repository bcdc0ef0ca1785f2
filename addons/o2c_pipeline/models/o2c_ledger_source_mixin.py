# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class O2cLedgerSourceMixin(models.AbstractModel):
    """Records the ledger reads (timesheets, milestones, reconciliations):
    creating, changing or deleting them marks their orders for the pipeline
    refresh that runs, batched, before the transaction commits."""

    _name = "o2c.ledger.source.mixin"
    _description = "Order to Cash ledger source"
    # Fields whose change moves the ledger; the models set theirs.
    _o2c_ledger_fields = frozenset()

    def _o2c_orders(self):
        raise NotImplementedError

    def _o2c_since(self):
        """The earliest date of the delivered or invoiced events these
        records make (see sale.order._o2c_mark_dirty); None when unknown."""
        return None

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._o2c_orders()._o2c_mark_dirty(records._o2c_since())
        return records

    def write(self, vals):
        touched = self._o2c_ledger_fields & set(vals)
        orders_before = self._o2c_orders() if touched else None
        since_before = self._o2c_since() if touched else None
        result = super().write(vals)
        if touched:
            since_after = self._o2c_since()
            since = None if since_after is None or since_before is None else min(since_after, since_before)
            (orders_before | self._o2c_orders())._o2c_mark_dirty(since)
        return result

    def unlink(self):
        orders = self._o2c_orders()
        since = self._o2c_since()
        result = super().unlink()
        orders.exists()._o2c_mark_dirty(since)
        return result
