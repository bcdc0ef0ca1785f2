# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import lag

# (field, lowest, highest) accepted for the KPI targets and thresholds.
LIMITS = [
    ("o2c_kpi_lag_target_days", 0, 365),
    ("o2c_kpi_alert_days", 1, 365),
    ("o2c_kpi_dso_months", 1, 12),
    ("o2c_kpi_dso_target_days", 0, 365),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    o2c_kpi_delivery_convention = fields.Selection(
        [(lag.MONTH_END, "End of its month"), (lag.WEEK_END, "End of its ISO week"),
         (lag.OWN_DATE, "The day worked")],
        "Timesheets Count as Delivered On", default=lag.MONTH_END, required=True,
        help="When timesheet work counts as delivered for the billing lag and the unbilled ageing: at the end "
        "of its billing period (month or ISO week, the way a monthly timesheet report is billed) or on the "
        "day worked. Milestones, manual deliveries and goods always count on their own day.")
    o2c_kpi_lag_target_days = fields.Integer(
        "Billing Lag Target (days)", default=1,
        help="Value invoiced at most this many days after its delivery date is invoiced on time.")
    o2c_kpi_alert = fields.Boolean(
        "Unbilled Work Alerts", default=True,
        help="Every day, an activity for the project manager (else the order's step owner) of each order whose "
        "oldest unbilled delivery is older than the alert threshold.")
    o2c_kpi_alert_days = fields.Integer(
        "Alert After (days)", default=15,
        help="Age, in days since its delivery date, of the oldest unbilled delivery of an order that raises an "
        "alert.")
    o2c_kpi_dso_method = fields.Selection(
        [("countback", "Countback"), ("simple", "Simple")], "DSO Method", default="countback", required=True,
        help="Countback: receivables covered by the invoicing of the latest months, counted back month by "
        "month. Simple: receivables / invoicing of the last N months x days in those months.")
    o2c_kpi_dso_months = fields.Integer(
        "DSO Months (simple method)", default=3,
        help="N, the number of months of invoicing the simple method divides the receivables by.")
    o2c_kpi_dso_target_days = fields.Integer(
        "DSO Target (days)", default=45,
        help="The DSO the company aims at: the what-if of the cash tied up starts from it.")

    @api.constrains(*(name for name, _low, _high in LIMITS))
    def _check_o2c_kpi_limits(self):
        labels = {name: self._fields[name]._description_string(self.env) for name, _l, _h in LIMITS}
        for company in self:
            for name, low, high in LIMITS:
                if not low <= company[name] <= high:
                    raise ValidationError(self.env._(
                        "%(setting)s of %(company)s must be between %(low)s and %(high)s days (or months).",
                        setting=labels[name], company=company.name, low=low, high=high))

    def write(self, vals):
        result = super().write(vals)
        if "o2c_kpi_delivery_convention" in vals:
            # Every delivery date of these companies moves: rebuild their facts.
            self.env["o2c.billing.lag"]._enqueue_companies(self)
        if "o2c_kpi_lag_target_days" in vals:
            self.env["o2c.billing.lag"]._update_within_target(self)
        return result
