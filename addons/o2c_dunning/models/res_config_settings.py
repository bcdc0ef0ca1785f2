# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    o2c_dunning_scenario_id = fields.Many2one(
        related="company_id.o2c_dunning_scenario_id", readonly=False,
        domain="[('company_id', '=', company_id)]")
    o2c_dunning_group_emails = fields.Boolean(related="company_id.o2c_dunning_group_emails", readonly=False)
    o2c_dunning_test_mode = fields.Boolean(related="company_id.o2c_dunning_test_mode", readonly=False)
    o2c_dunning_test_email = fields.Char(related="company_id.o2c_dunning_test_email", readonly=False)
    o2c_dunning_promise_grace_days = fields.Integer(
        related="company_id.o2c_dunning_promise_grace_days", readonly=False)
    o2c_dunning_collector_id = fields.Many2one(related="company_id.o2c_dunning_collector_id", readonly=False)
    o2c_dunning_legal_user_id = fields.Many2one(related="company_id.o2c_dunning_legal_user_id", readonly=False)
