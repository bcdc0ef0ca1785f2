# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class O2cBillingLagCheckpoint(models.Model):
    """Where the matching of each order line stands: the refresh continues
    from there when the news are deliveries and invoices dated after it (one
    day of timesheets, this week's invoices), instead of reading the line's
    whole history again."""

    _name = "o2c.billing.lag.checkpoint"
    _description = "Billing lag: where the matching of an order line stands"
    _log_access = False
    _rec_name = "sale_line_id"

    sale_line_id = fields.Many2one("sale.order.line", required=True, ondelete="cascade", readonly=True)
    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade", readonly=True, index=True)
    ledger_to = fields.Date("Matched Up To", readonly=True,
                            help="The latest date of the line's delivered and invoiced events matched.")
    delivered_to = fields.Date("Last Delivery Matched", readonly=True)
    invoiced_to = fields.Date("Last Invoice Matched", readonly=True)
    credit_excess = fields.Float("Credit Waiting", readonly=True,
                                 help="Credited beyond what was invoiced: the next invoices absorb it first.")
    # The ledger's totals of the last day matched: what a refresh the same
    # day already counted.
    delivered_last = fields.Float(readonly=True)
    delivered_last_company = fields.Float(readonly=True)
    invoiced_last = fields.Float(readonly=True)
    invoiced_last_company = fields.Float(readonly=True)

    _sql_constraints = [("line_unique", "UNIQUE(sale_line_id)", "One checkpoint per order line.")]

    def init(self):
        # Updated in place by every refresh: room on each page for HOT updates.
        self.env.cr.execute("ALTER TABLE o2c_billing_lag_checkpoint SET (fillfactor = 70)")
