# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    o2c_po_required = fields.Boolean(
        "PO Reference Required",
        help="This customer rejects invoices without its purchase-order number: the quality gate checks that "
        "each invoice carries the order's Customer Reference.")

    def _commercial_fields(self):
        return [*super()._commercial_fields(), "o2c_po_required"]
