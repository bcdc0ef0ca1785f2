# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ProjectProject(models.Model):
    _inherit = "project.project"

    o2c_billing_lag_days = fields.Float(
        "Billing Lag (days)", compute="_compute_o2c_kpi", digits=(16, 1),
        help="Value-weighted mean of the days from delivery to invoice of this project's work, for what was "
        "billed in the last 12 months.")
    o2c_unbilled_amount = fields.Monetary(
        "Unbilled Value", compute="_compute_o2c_kpi", currency_field="o2c_kpi_currency_id",
        help="Delivered and not invoiced today, untaxed, in the company currency.")
    o2c_kpi_currency_id = fields.Many2one("res.currency", "KPI Currency", compute="_compute_o2c_kpi")

    def _compute_o2c_kpi(self):
        figures = self.env["o2c.kpi.figures"]._lag_and_unbilled(self, "project_id")
        for project in self:
            lag_days, unbilled, _oldest = figures.get(project.id, (0.0, 0.0, False))
            project.o2c_billing_lag_days = lag_days
            project.o2c_unbilled_amount = unbilled
            project.o2c_kpi_currency_id = project.company_id.currency_id or self.env.company.currency_id

    def action_o2c_billing_lag(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("o2c_kpi.action_o2c_billing_lag")
        action["domain"] = [("project_id", "=", self.id)]
        return action
