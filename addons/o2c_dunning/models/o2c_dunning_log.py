# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

AB_GROUPS = [("A", "A (scenario)"), ("B", "B (variant)")]


class O2cDunningLog(models.Model):
    """One reminder step executed for one invoice. The unique key (invoice,
    step) is what makes a run safe to repeat: a step is never executed twice
    for the same invoice, whatever crashes or concurrent runs happen."""

    _name = "o2c.dunning.log"
    _description = "Payment reminder log"
    _order = "date desc, id desc"
    _rec_name = "step_id"

    move_id = fields.Many2one("account.move", "Invoice", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", "Customer", required=True, index=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    step_id = fields.Many2one("o2c.dunning.step", required=True, ondelete="restrict", index=True)
    scenario_id = fields.Many2one(related="step_id.scenario_id", store=True)
    offset_days = fields.Integer("Day", required=True, help="The step's day when it was executed.")
    letter_id = fields.Many2one("o2c.dunning.letter", "Reminder", ondelete="set null", index=True)
    date = fields.Date(required=True, index=True)
    user_id = fields.Many2one("res.users", "Run By")
    actions = fields.Char(help="What the step did: email, letter, call, escalation, credit hold.")
    channel = fields.Selection(related="letter_id.channel", store=True)
    state = fields.Selection(related="letter_id.state", store=True, string="Reminder Status")
    currency_id = fields.Many2one("res.currency", required=True)
    residual = fields.Monetary("Balance Then", currency_field="currency_id")
    ab_scenario_id = fields.Many2one(
        "o2c.dunning.scenario", "A/B Test", help="The scenario whose variant was being tested for this customer.")
    ab_group = fields.Selection(AB_GROUPS, "A/B Group")
    test_mode = fields.Boolean(help="Run while the company's test mode was on: emails went to the test address.")

    portal_url = fields.Char("Payment Link", compute="_compute_portal_url")

    _sql_constraints = [
        ("move_step_uniq", "UNIQUE (move_id, step_id)", "This reminder step was already executed for this invoice."),
    ]

    @api.depends("move_id.access_token")
    def _compute_portal_url(self):
        # Never writes: the run gives the invoices their access tokens before
        # rendering; a preview of an invoice without one links to the portal
        # page, which asks the customer to log in.
        for log in self:
            move = log.move_id
            log.portal_url = move.get_base_url() + (move.get_portal_url() if move.access_token else move.access_url)
