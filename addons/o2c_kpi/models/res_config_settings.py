# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    o2c_kpi_delivery_convention = fields.Selection(related="company_id.o2c_kpi_delivery_convention", readonly=False)
    o2c_kpi_lag_target_days = fields.Integer(related="company_id.o2c_kpi_lag_target_days", readonly=False)
    o2c_kpi_alert = fields.Boolean(related="company_id.o2c_kpi_alert", readonly=False)
    o2c_kpi_alert_days = fields.Integer(related="company_id.o2c_kpi_alert_days", readonly=False)
    o2c_kpi_dso_method = fields.Selection(related="company_id.o2c_kpi_dso_method", readonly=False)
    o2c_kpi_dso_months = fields.Integer(related="company_id.o2c_kpi_dso_months", readonly=False)
    o2c_kpi_dso_target_days = fields.Integer(related="company_id.o2c_kpi_dso_target_days", readonly=False)
