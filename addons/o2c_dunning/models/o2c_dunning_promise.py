# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import scenario as engine


class O2cDunningPromise(models.Model):
    """A customer promised to pay: reminders pause until the promised date
    plus the company's grace period; the daily run then records whether the
    promise was kept."""

    _name = "o2c.dunning.promise"
    _description = "Promise to pay"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    move_id = fields.Many2one(
        "account.move", "Invoice", required=True, index=True, check_company=True, tracking=True,
        domain=[("move_type", "=", "out_invoice"), ("state", "=", "posted")])
    partner_id = fields.Many2one(related="move_id.commercial_partner_id", store=True, string="Customer")
    company_id = fields.Many2one(related="move_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="move_id.currency_id", store=True)
    date = fields.Date("Promised Date", required=True, tracking=True)
    amount = fields.Monetary("Promised Amount", required=True, currency_field="currency_id", tracking=True)
    residual_then = fields.Monetary(
        "Balance When Promised", currency_field="currency_id", readonly=True,
        help="The invoice's balance when the promise was taken: what it was paid since is measured from it.")
    user_id = fields.Many2one(
        "res.users", "Taken By", required=True, default=lambda self: self.env.user, domain=[("share", "=", False)])
    grace_until = fields.Date(compute="_compute_grace_until", store=True)
    state = fields.Selection(
        [("open", "Running"), ("kept", "Kept"), ("broken", "Broken")], default="open", required=True,
        tracking=True, index=True)
    note = fields.Text()

    @api.depends("date", "company_id.o2c_dunning_promise_grace_days")
    def _compute_grace_until(self):
        for promise in self:
            grace = promise.company_id.o2c_dunning_promise_grace_days or 0
            promise.grace_until = promise.date and promise.date + timedelta(days=grace)

    @api.constrains("amount", "date")
    def _check_amount(self):
        for promise in self:
            if promise.amount <= 0:
                raise ValidationError(self.env._("A promise to pay needs a positive amount."))

    @api.model_create_multi
    def create(self, vals_list):
        moves = self.env["account.move"].browse([vals["move_id"] for vals in vals_list if vals.get("move_id")])
        residuals = {move.id: move.amount_residual for move in moves}
        for vals in vals_list:
            if "residual_then" not in vals and vals.get("move_id"):
                vals["residual_then"] = residuals[vals["move_id"]]
        return super().create(vals_list)

    def _update_states(self, today):
        """Kept or broken, for the running promises of ``self``; one pass."""
        for promise in self.filtered(lambda p: p.state == "open"):
            paid_since = promise.residual_then - promise.move_id.amount_residual
            state = engine.promise_state(
                promise.date, promise.company_id.o2c_dunning_promise_grace_days or 0, promise.amount,
                paid_since, promise.move_id.amount_residual, today)
            if state != "open":
                promise.state = state
