# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError


class O2cDunningDispute(models.Model):
    """A customer disputes an invoice: its reminders pause until resolved."""

    _name = "o2c.dunning.dispute"
    _description = "Invoice dispute"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "state, date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    move_id = fields.Many2one(
        "account.move", "Invoice", required=True, index=True, check_company=True, tracking=True,
        domain=[("move_type", "=", "out_invoice"), ("state", "=", "posted")])
    partner_id = fields.Many2one(related="move_id.commercial_partner_id", store=True, string="Customer")
    company_id = fields.Many2one(related="move_id.company_id", store=True, index=True)
    reason = fields.Selection([
        ("price", "Price or quantity"),
        ("service", "Service not delivered or not accepted"),
        ("quality", "Quality"),
        ("billing", "Billing error (PO number, address, VAT)"),
        ("other", "Other"),
    ], required=True, tracking=True)
    user_id = fields.Many2one(
        "res.users", "Owner", required=True, default=lambda self: self.env.user, tracking=True,
        domain=[("share", "=", False)])
    note = fields.Html()
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    state = fields.Selection(
        [("open", "Open"), ("resolved", "Resolved")], default="open", required=True, tracking=True, index=True)
    resolved_date = fields.Date(readonly=True, tracking=True)
    resolution = fields.Text(tracking=True)

    @api.depends("move_id.name", "reason")
    def _compute_name(self):
        reasons = dict(self._fields["reason"]._description_selection(self.env))
        for dispute in self:
            dispute.name = f"{dispute.move_id.name or ''} · {reasons.get(dispute.reason, '')}"

    def action_resolve(self):
        if any(dispute.state != "open" for dispute in self):
            raise UserError(self.env._("Only open disputes can be resolved."))
        self.write({"state": "resolved", "resolved_date": fields.Date.context_today(self)})

    def action_reopen(self):
        self.write({"state": "open", "resolved_date": False})
