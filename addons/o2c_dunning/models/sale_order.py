# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from .o2c_dunning_scenario import RATINGS


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # the customer's hold and rating in the order's company (both are per company)
    o2c_partner_credit_hold = fields.Boolean("Credit Hold", compute="_compute_o2c_partner_risk")
    o2c_partner_rating = fields.Selection(RATINGS, "Payment Rating", compute="_compute_o2c_partner_risk")

    @api.depends("partner_id", "company_id")
    def _compute_o2c_partner_risk(self):
        for order in self:
            partner = order.partner_id.commercial_partner_id.with_company(order.company_id)
            order.o2c_partner_credit_hold = partner.o2c_credit_hold
            order.o2c_partner_rating = partner.o2c_rating

    @api.onchange("partner_id")
    def _onchange_partner_id_o2c_credit(self):
        partner = self.partner_id.commercial_partner_id.with_company(self.company_id)
        if partner.o2c_credit_hold or partner.o2c_rating == "D":
            reason = (self.env._("is on credit hold") if partner.o2c_credit_hold
                      else self.env._("is rated D (pays very late or not at all)"))
            return {"warning": {
                "title": self.env._("Customer at risk"),
                "message": self.env._("%(customer)s %(reason)s: check with accounting before you commit.",
                                      customer=partner.name, reason=reason),
            }}
        return None
