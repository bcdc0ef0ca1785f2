# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class O2cDunningSkipWizard(models.TransientModel):
    """Skip or snooze reminders of the worklist."""

    _name = "o2c.dunning.skip.wizard"
    _description = "Skip or snooze payment reminders"

    reminder_ids = fields.Many2many("o2c.dunning.reminder", required=True)
    mode = fields.Selection([("skip", "Skip"), ("snooze", "Snooze")], required=True, default="skip")
    reason = fields.Text()
    snooze_until = fields.Date()

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "reminder_ids" in fields_list and self.env.context.get("active_model") == "o2c.dunning.reminder":
            values["reminder_ids"] = [fields.Command.set(self.env.context.get("active_ids", []))]
        return values

    def action_confirm(self):
        self.ensure_one()
        reminders = self.reminder_ids
        reminders.check_access("write")
        approval = reminders.filtered(lambda reminder: any(reminder._steps().mapped("manager_approval")))
        if approval and not self.env.user.has_group("account.group_account_manager"):
            raise AccessError(self.env._(
                "Only an accounting manager can skip or snooze a reminder that needs approval."))
        if reminders.filtered(lambda reminder: reminder.state != "to_send"):
            raise UserError(self.env._("Only reminders still to do can be skipped or snoozed."))
        if self.mode == "skip":
            if not (self.reason or "").strip():
                raise UserError(self.env._("Say why this step is skipped: the reason stays in the log."))
            reminders.write({"state": "skipped", "skip_reason": self.reason})
        else:
            if not self.snooze_until or self.snooze_until <= fields.Date.context_today(self):
                raise UserError(self.env._("Snooze until a day after today."))
            reminders.write({"snoozed_until": self.snooze_until})
        return {"type": "ir.actions.act_window_close"}
