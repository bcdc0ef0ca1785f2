# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

# Changes of an order line that move its ledger values.
LEDGER_FIELDS = {"product_uom_qty", "price_unit", "discount", "product_uom", "qty_delivered", "is_downpayment"}
# Delivery sources that report their own changes, with their dates (timesheets,
# milestones, and manual quantities written on the line).
SELF_REPORTING = ("timesheet", "milestones", "manual")


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
        changed = LEDGER_FIELDS & set(vals)
        if changed:
            # A manual quantity moves the ledger from the day of the delivery;
            # a price or a quantity sold, everything.
            since = None
            if changed == {"qty_delivered"} and len(manual_before) == len(self):
                since = fields.Date.to_date(self.env.context.get("o2c_delivery_date")) or \
                    fields.Date.context_today(self)
            self.order_id._o2c_mark_dirty(since)
        return result

    def _compute_qty_delivered(self):
        # Covers the delivery sources Odoo recomputes that do not report their
        # own changes (stock moves, without depending on sale_stock).
        result = super()._compute_qty_delivered()
        self.filtered(lambda line: line.qty_delivered_method not in SELF_REPORTING).order_id.filtered(
            lambda o: isinstance(o.id, int) and o.state == "sale")._o2c_mark_dirty()
        return result

    def unlink(self):
        orders = self.order_id
        result = super().unlink()
        orders.exists()._o2c_mark_dirty()
        return result
