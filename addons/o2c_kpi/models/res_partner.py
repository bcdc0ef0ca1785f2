# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    o2c_billing_lag_days = fields.Float(
        "Billing Lag (days)", compute="_compute_o2c_kpi", digits=(16, 1),
        help="Value-weighted mean of the days from delivery to invoice of this customer's orders, for what was "
        "billed in the last 12 months.")
    o2c_unbilled_amount = fields.Monetary(
        "Unbilled Value", compute="_compute_o2c_kpi", currency_field="o2c_kpi_currency_id",
        help="Delivered and not invoiced today, untaxed, in the company currency.")
    o2c_kpi_currency_id = fields.Many2one("res.currency", "KPI Currency", compute="_compute_o2c_kpi")

    def _compute_o2c_kpi(self):
        commercial = self.commercial_partner_id
        figures = self.env["o2c.kpi.figures"]._lag_and_unbilled(commercial, "partner_id")
        currency = self.env.company.currency_id
        for partner in self:
            lag_days, unbilled, _oldest = figures.get(partner.commercial_partner_id.id, (0.0, 0.0, False))
            partner.o2c_billing_lag_days = lag_days
            partner.o2c_unbilled_amount = unbilled
            partner.o2c_kpi_currency_id = currency
