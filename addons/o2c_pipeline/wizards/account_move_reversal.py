# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class AccountMoveReversal(models.TransientModel):
    _inherit = "account.move.reversal"

    o2c_credit_reason_id = fields.Many2one(
        "o2c.credit.reason", "Credit Reason",
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
        help="Why the customer invoice is credited: the credit notes report counts the avoidable ones.")
    o2c_needs_credit_reason = fields.Boolean("Needs a Credit Reason", compute="_compute_o2c_needs_credit_reason")

    @api.depends("move_ids")
    def _compute_o2c_needs_credit_reason(self):
        for wizard in self:
            wizard.o2c_needs_credit_reason = any(m.move_type == "out_invoice" for m in wizard.move_ids)

    def reverse_moves(self, is_modify=False):
        if self.o2c_needs_credit_reason and not self.o2c_credit_reason_id:
            raise UserError(self.env._(
                "Choose why the customer invoice is credited (Credit Reason): wrong rate, wrong quantity, "
                "commercial gesture..."))
        return super().reverse_moves(is_modify=is_modify)

    def _prepare_default_reversal(self, move):
        values = super()._prepare_default_reversal(move)
        if move.move_type == "out_invoice" and self.o2c_credit_reason_id:
            values["o2c_credit_reason_id"] = self.o2c_credit_reason_id.id
        return values
