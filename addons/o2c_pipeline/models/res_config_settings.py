# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    o2c_collection_user_id = fields.Many2one(
        related="company_id.o2c_collection_user_id", readonly=False,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]")
    o2c_digest_user_ids = fields.Many2many(
        related="company_id.o2c_digest_user_ids", readonly=False,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]")

    o2c_quality_po_reference = fields.Selection(
        related="company_id.o2c_quality_po_reference", readonly=False)
    o2c_quality_price_drift = fields.Selection(
        related="company_id.o2c_quality_price_drift", readonly=False)
    o2c_quality_price_tolerance = fields.Float(
        related="company_id.o2c_quality_price_tolerance", readonly=False)
    o2c_quality_over_invoicing = fields.Selection(
        related="company_id.o2c_quality_over_invoicing", readonly=False)
    o2c_quality_period_label = fields.Selection(
        related="company_id.o2c_quality_period_label", readonly=False)
    o2c_quality_customer_data = fields.Selection(
        related="company_id.o2c_quality_customer_data", readonly=False)
    o2c_quality_payment_terms = fields.Selection(
        related="company_id.o2c_quality_payment_terms", readonly=False)
    o2c_quality_legal_mentions = fields.Selection(
        related="company_id.o2c_quality_legal_mentions", readonly=False)
    o2c_quality_duplicate = fields.Selection(
        related="company_id.o2c_quality_duplicate", readonly=False)
