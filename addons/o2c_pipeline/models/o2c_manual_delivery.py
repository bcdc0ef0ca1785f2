# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import float_compare


class O2cManualDelivery(models.Model):
    """Each change of a manually delivered quantity, with its date: Odoo
    keeps only the current quantity, the ledger needs when it moved."""

    _name = "o2c.manual.delivery"
    _description = "Manual delivery of a sale order line"
    _order = "date desc, id desc"
    _check_company_auto = True

    sale_line_id = fields.Many2one(
        "sale.order.line", "Order Line", required=True, ondelete="cascade", index=True, check_company=True)
    order_id = fields.Many2one(related="sale_line_id.order_id", store=True, index=True)
    company_id = fields.Many2one(related="sale_line_id.company_id", store=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    quantity = fields.Float(
        "Quantity Delivered", digits="Product Unit of Measure", required=True,
        help="Quantity added (or removed, if negative) on that date, in the unit of the order line.")
    user_id = fields.Many2one("res.users", "Recorded by", default=lambda self: self.env.user, readonly=True)

    @api.model
    def _record_changes(self, old_quantities, day=None):
        """Log the difference between the quantities before a write and now.
        ``old_quantities``: {sale.order.line: quantity before}."""
        day = day or self.env.context.get("o2c_delivery_date") or fields.Date.context_today(self)
        vals = [
            {"sale_line_id": line.id, "date": day, "quantity": line.qty_delivered - old}
            for line, old in old_quantities.items()
            if float_compare(line.qty_delivered, old, precision_rounding=line.product_uom.rounding or 0.01)
        ]
        return self.sudo().create(vals) if vals else self.browse()
