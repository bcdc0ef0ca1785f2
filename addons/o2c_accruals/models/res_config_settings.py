# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    o2c_cutoff_journal_id = fields.Many2one(related="company_id.o2c_cutoff_journal_id", readonly=False)
    o2c_accrued_revenue_account_id = fields.Many2one(
        related="company_id.o2c_accrued_revenue_account_id", readonly=False)
    o2c_deferred_revenue_account_id = fields.Many2one(
        related="company_id.o2c_deferred_revenue_account_id", readonly=False)
    o2c_accrued_tax_account_id = fields.Many2one(related="company_id.o2c_accrued_tax_account_id", readonly=False)
    o2c_cutoff_vat = fields.Boolean(related="company_id.o2c_cutoff_vat", readonly=False)
    o2c_cutoff_minimum_amount = fields.Monetary(related="company_id.o2c_cutoff_minimum_amount", readonly=False)
    o2c_cutoff_reviewer_id = fields.Many2one(
        related="company_id.o2c_cutoff_reviewer_id", readonly=False,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]")
