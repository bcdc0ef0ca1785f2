# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    o2c_dunning_scenario_id = fields.Many2one(
        related="company_id.o2c_dunning_scenario_id", readonly=False,
        domain="[('company_id', '=', company_id)]")
    o2c_dunning_grouping = fields.Selection(related="company_id.o2c_dunning_grouping", readonly=False)
    o2c_dunning_test_mode = fields.Boolean(related="company_id.o2c_dunning_test_mode", readonly=False)
    o2c_dunning_test_email = fields.Char(related="company_id.o2c_dunning_test_email", readonly=False)
    o2c_dunning_promise_grace_days = fields.Integer(
        related="company_id.o2c_dunning_promise_grace_days", readonly=False)
    o2c_dunning_collector_id = fields.Many2one(related="company_id.o2c_dunning_collector_id", readonly=False)
    o2c_dunning_legal_user_id = fields.Many2one(related="company_id.o2c_dunning_legal_user_id", readonly=False)
    o2c_dunning_fallback_user_id = fields.Many2one(
        related="company_id.o2c_dunning_fallback_user_id", readonly=False)
    o2c_dunning_needs_fallback = fields.Boolean(
        "Needs a Fallback Responsible", compute="_compute_o2c_dunning_needs_fallback")

    @api.depends("company_id")
    def _compute_o2c_dunning_needs_fallback(self):
        for settings in self:
            settings.o2c_dunning_needs_fallback = settings.company_id._o2c_dunning_needs_fallback()

    def set_values(self):
        result = super().set_values()
        company = self.company_id
        if not company.o2c_dunning_fallback_user_id and company._o2c_dunning_needs_fallback():
            raise ValidationError(self.env._(
                "The payment reminder scenarios of %s plan calls or escalations: choose a fallback responsible "
                "for the customers that have no collector nor salesperson.", company.name))
        return result
