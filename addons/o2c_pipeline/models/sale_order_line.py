# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

# Changes of an order line that move its ledger values.
LEDGER_FIELDS = {"product_uom_qty", "price_unit", "discount", "product_uom", "qty_delivered", "is_downpayment"}


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        manual = lines.filtered(lambda line: line.qty_delivered_method == "manual" and line.qty_delivered)
        if manual:
            self.env["o2c.manual.delivery"]._record_changes(dict.fromkeys(manual, 0.0))
        lines.order_id.filtered(lambda o: o.state == "sale")._o2c_mark_dirty()
        return lines

    def write(self, vals):
        manual_before = {}
        if "qty_delivered" in vals:
            manual_before = {line: line.qty_delivered for line in self if line.qty_delivered_method == "manual"}
        result = super().write(vals)
        if manual_before:
            self.env["o2c.manual.delivery"]._record_changes(manual_before)
        if LEDGER_FIELDS & set(vals):
            self.order_id._o2c_mark_dirty()
        return result

    def _compute_qty_delivered(self):
        # Covers every delivery source Odoo recomputes, stock moves included,
        # without depending on sale_stock.
        result = super()._compute_qty_delivered()
        self.order_id.filtered(lambda o: isinstance(o.id, int) and o.state == "sale")._o2c_mark_dirty()
        return result

    def unlink(self):
        orders = self.order_id
        result = super().unlink()
        orders.exists()._o2c_mark_dirty()
        return result
