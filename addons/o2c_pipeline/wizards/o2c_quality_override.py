# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class O2cQualityOverride(models.TransientModel):
    _name = "o2c.quality.override"
    _description = "Override the invoice quality gate"

    move_id = fields.Many2one("account.move", "Invoice", required=True, readonly=True)
    failures = fields.Text(related="move_id.o2c_quality_warnings")
    reason = fields.Text(required=True, help="Why this invoice may leave as it is: kept in its chatter.")

    def action_override(self):
        self.ensure_one()
        if not self.env.user.has_group("account.group_account_manager"):
            raise AccessError(self.env._("Only billing managers can override the quality gate."))
        move = self.move_id
        if move.state != "draft" or move.move_type != "out_invoice":
            raise UserError(self.env._("Only a draft customer invoice goes through the quality gate."))
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for posting this invoice despite the quality gate."))
        failures = move.o2c_quality_warnings or ""
        move.sudo().write({"o2c_quality_override_reason": reason, "o2c_quality_override_user_id": self.env.uid})
        move.message_post(body=Markup("<p>%s</p><p>%s</p><pre>%s</pre>") % (
            self.env._("Quality gate overridden by %(user)s.", user=self.env.user.name),
            self.env._("Reason: %(reason)s", reason=reason), failures))
        return move.action_post()
