# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from odoo.addons.o2c_pipeline.models.sale_order import DIRTY_KEY


class SaleOrder(models.Model):
    _inherit = "sale.order"

    o2c_billing_lag_days = fields.Float(
        "Billing Lag (days)", compute="_compute_o2c_kpi", digits=(16, 1),
        help="Value-weighted mean of the days from delivery to invoice of the value this order billed in the "
        "last 12 months.")
    o2c_unbilled_amount = fields.Monetary(
        "Unbilled Value", compute="_compute_o2c_kpi", currency_field="o2c_company_currency_id",
        help="Delivered and not invoiced today, untaxed, in the company currency (billing lag facts).")
    o2c_oldest_unbilled_date = fields.Date(
        "Oldest Unbilled Delivery", compute="_compute_o2c_kpi",
        help="Delivery date (by the company's convention) of the oldest value delivered and not invoiced.")

    def _compute_o2c_kpi(self):
        figures = self.env["o2c.kpi.figures"]._lag_and_unbilled(self, "order_id")
        for order in self:
            lag_days, unbilled, oldest = figures.get(order.id, (0.0, 0.0, False))
            order.o2c_billing_lag_days = lag_days
            order.o2c_unbilled_amount = unbilled
            order.o2c_oldest_unbilled_date = oldest

    @api.model
    def _o2c_refresh_dirty(self):
        # The orders whose ledger events changed in this transaction are
        # queued for the billing lag refresh, in the same transaction.
        ids = set(self.env.cr.precommit.data.get(DIRTY_KEY, ()))
        result = super()._o2c_refresh_dirty()
        if ids:
            self.env["o2c.billing.lag"].sudo()._enqueue_orders(ids)
        return result
