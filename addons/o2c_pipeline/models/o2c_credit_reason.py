# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class O2cCreditReason(models.Model):
    _name = "o2c.credit.reason"
    _description = "Why a customer invoice was credited"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    avoidable = fields.Boolean(
        help="A credit note for this reason is an error a check before posting would have prevented (wrong "
        "rate, quantity, customer data...), not a commercial decision.")
    company_id = fields.Many2one(
        "res.company", help="Leave empty to offer this reason in every company.", index=True)
