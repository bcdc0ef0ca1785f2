# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class O2cBlockWizard(models.TransientModel):
    _name = "o2c.block.wizard"
    _description = "Block orders in the pipeline"

    order_ids = fields.Many2many("sale.order", string="Orders", required=True)
    reason_id = fields.Many2one(
        "o2c.block.reason", "Reason", required=True,
        domain="[('company_id', 'in', [False] + order_company_ids)]")
    order_company_ids = fields.Many2many("res.company", compute="_compute_order_company_ids")
    note = fields.Text(help="What is needed to unblock the order, who is on it.")

    def _compute_order_company_ids(self):
        for wizard in self:
            wizard.order_company_ids = wizard.order_ids.company_id

    def action_block(self):
        self.ensure_one()
        self.order_ids._o2c_block(self.reason_id, self.note)
        return {"type": "ir.actions.act_window_close"}
