# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    o2c_dunning_log_ids = fields.One2many("o2c.dunning.log", "move_id", "Reminders")
    o2c_dispute_ids = fields.One2many("o2c.dunning.dispute", "move_id", "Disputes")
    o2c_promise_ids = fields.One2many("o2c.dunning.promise", "move_id", "Promises to Pay")
    o2c_predicted_payment_date = fields.Date(
        "Predicted Payment", readonly=True, copy=False,
        help="When the customer will likely pay, from its own payment history (else the company's); "
        "updated every night.")
    o2c_dunning_last_step_id = fields.Many2one(
        "o2c.dunning.step", "Last Reminder", compute="_compute_o2c_dunning_status")
    o2c_dunning_paused = fields.Selection(
        [("dispute", "Disputed"), ("promise", "Promise to pay"), ("excluded", "Customer not reminded")],
        "Reminders Paused", compute="_compute_o2c_dunning_status")

    @api.depends("o2c_dunning_log_ids", "o2c_dispute_ids.state", "o2c_promise_ids.state",
                 "o2c_promise_ids.grace_until")
    @api.depends_context("company")
    def _compute_o2c_dunning_status(self):
        today = fields.Date.context_today(self)
        for move in self:
            logs = move.o2c_dunning_log_ids.sorted(lambda log: (log.offset_days, log.id))
            move.o2c_dunning_last_step_id = logs[-1:].step_id
            if move.o2c_dispute_ids.filtered(lambda dispute: dispute.state == "open"):
                move.o2c_dunning_paused = "dispute"
            elif move.o2c_promise_ids.filtered(lambda p: p.state == "open" and p.grace_until >= today):
                move.o2c_dunning_paused = "promise"
            elif move.commercial_partner_id.with_company(move.company_id).o2c_dunning_excluded:
                move.o2c_dunning_paused = "excluded"
            else:
                move.o2c_dunning_paused = False

    def _o2c_new_from_invoice(self, model, name):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": model,
            "name": name,
            "view_mode": "form",
            "target": "new",
            "context": {"default_move_id": self.id},
        }

    def action_o2c_dispute(self):
        return self._o2c_new_from_invoice("o2c.dunning.dispute", self.env._("Dispute"))

    def action_o2c_promise(self):
        return self._o2c_new_from_invoice("o2c.dunning.promise", self.env._("Promise to Pay"))
