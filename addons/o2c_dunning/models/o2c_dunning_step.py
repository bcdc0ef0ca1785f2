# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

REMINDER_MODEL = "o2c.dunning.reminder"


class O2cDunningStep(models.Model):
    _name = "o2c.dunning.step"
    _description = "Step of a payment reminder scenario"
    _order = "scenario_id, sequence, offset_days, id"
    _check_company_auto = True

    scenario_id = fields.Many2one("o2c.dunning.scenario", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="scenario_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    offset_days = fields.Integer(
        "Day", required=True, default=0,
        help="Days from the due date: negative before it (preventive), 0 on the day, positive after it.")
    min_amount = fields.Monetary(
        "Minimum Balance", currency_field="currency_id",
        help="Skip this step for an invoice whose balance (company currency) is below this amount.")
    send_email = fields.Boolean("Email")
    mail_template_id = fields.Many2one(
        "mail.template", "Email Template", domain=[("model", "=", REMINDER_MODEL)], ondelete="restrict")
    auto_send = fields.Boolean(
        "Send Automatically", default=True,
        help="Send the email during the daily run. Otherwise it waits in the collectors' worklist.")
    manager_approval = fields.Boolean(
        help="Only an accounting manager can send this step from the worklist: it is never sent automatically.")
    print_letter = fields.Boolean("Printed Letter")
    letter_kind = fields.Selection(
        [("reminder", "Reminder"), ("formal_notice", "Formal Notice")], default="reminder",
        help="A formal notice states the late-payment penalties and the fixed recovery indemnity.")
    phone_call = fields.Boolean("Phone Call", help="Plan a call for the collector, with the customer's open items.")
    escalate = fields.Boolean("Escalation")
    escalate_to = fields.Selection(
        [("salesperson", "Salesperson"), ("sales_manager", "Sales Manager"), ("legal", "Legal Contact")],
        default="salesperson")
    credit_hold = fields.Boolean("Put on Credit Hold")
    summary = fields.Char(compute="_compute_summary")

    def _has_action(self):
        self.ensure_one()
        return any((self.send_email, self.print_letter, self.phone_call, self.escalate, self.credit_hold))

    @api.depends("send_email", "print_letter", "phone_call", "escalate", "credit_hold", "offset_days")
    def _compute_summary(self):
        labels = dict(self._action_labels())
        for step in self:
            actions = [labels[name] for name in labels if step[name]]
            step.summary = ", ".join(actions)

    def _action_labels(self):
        return [("send_email", self.env._("email")), ("print_letter", self.env._("letter")),
                ("phone_call", self.env._("call")), ("escalate", self.env._("escalation")),
                ("credit_hold", self.env._("credit hold"))]

    @api.depends("name", "offset_days")
    def _compute_display_name(self):
        for step in self:
            step.display_name = f"D{step.offset_days:+d} · {step.name}" if step.offset_days else f"D · {step.name}"

    @api.constrains("send_email", "mail_template_id", "escalate", "escalate_to")
    def _check_actions(self):
        for step in self:
            if step.send_email and not step.mail_template_id:
                raise ValidationError(self.env._("The step “%s” sends an email: choose its template.", step.name))
            if step.mail_template_id and step.mail_template_id.model != REMINDER_MODEL:
                raise ValidationError(self.env._(
                    "The template “%(template)s” of the step “%(step)s” is made for %(model)s; a reminder "
                    "template must be made for Payment Reminders.",
                    template=step.mail_template_id.name, step=step.name, model=step.mail_template_id.model))
            if step.escalate and not step.escalate_to:
                raise ValidationError(self.env._("The step “%s” escalates: choose to whom.", step.name))

    @api.constrains("offset_days", "sequence", "send_email", "print_letter", "phone_call", "escalate",
                    "credit_hold", "scenario_id")
    def _check_scenario_steps(self):
        self.scenario_id._check_steps()

    def unlink(self):
        scenarios = self.scenario_id
        result = super().unlink()
        scenarios.exists()._check_steps()
        return result

    @api.constrains("min_amount")
    def _check_min_amount(self):
        if any(step.min_amount < 0 for step in self):
            raise ValidationError(self.env._("A step's minimum balance cannot be negative."))
