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
