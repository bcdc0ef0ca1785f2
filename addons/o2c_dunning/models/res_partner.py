# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from .o2c_dunning_scenario import RATINGS


class ResPartner(models.Model):
    _inherit = "res.partner"

    o2c_dunning_scenario_id = fields.Many2one(
        "o2c.dunning.scenario", "Reminder Scenario", company_dependent=True,
        domain="[('company_id', '=', current_company_id)]",
        help="Overrides the scenario of the customer's rating and the company's default, in this company.")
    o2c_dunning_excluded = fields.Boolean(
        "Do Not Remind", company_dependent=True,
        help="No reminder at all for this customer in this company.")
    o2c_dunning_exclusion_reason = fields.Char("Why Not Remind", company_dependent=True)
    o2c_dunning_collector_id = fields.Many2one(
        "res.users", "Collector", company_dependent=True, domain=[("share", "=", False)],
        help="Follows this customer's reminders in this company; by default, the company's collector.")
    o2c_credit_hold = fields.Boolean(
        "Credit Hold", company_dependent=True, tracking=True,
        help="New quotations for this customer in this company show a warning. Set by a reminder step or by "
        "hand.")
    o2c_rating = fields.Selection(
        RATINGS, "Payment Rating", company_dependent=True,
        help="A (pays on time) to D (pays very late or not at all), from the customer's payment history "
        "in this company, computed every night.")
    o2c_rating_history_ids = fields.One2many("o2c.dunning.rating.history", "partner_id", "Rating History")
    o2c_rating_explanation = fields.Char("Why This Rating", compute="_compute_o2c_rating_explanation")
    o2c_dunning_reminder_ids = fields.One2many("o2c.dunning.reminder", "partner_id", "Reminders")
    o2c_dunning_reminder_count = fields.Integer("Reminders Count", compute="_compute_o2c_dunning_counts")
    o2c_dispute_count = fields.Integer("Open Disputes", compute="_compute_o2c_dunning_counts")

    @api.depends("o2c_dunning_reminder_ids")
    def _compute_o2c_dunning_counts(self):
        reminders = dict(self.env["o2c.dunning.reminder"]._read_group(
            [("partner_id", "in", self.commercial_partner_id.ids)], ["partner_id"], ["__count"]))
        disputes = dict(self.env["o2c.dunning.dispute"]._read_group(
            [("partner_id", "in", self.commercial_partner_id.ids), ("state", "=", "open")],
            ["partner_id"], ["__count"]))
        for partner in self:
            partner.o2c_dunning_reminder_count = reminders.get(partner.commercial_partner_id, 0)
            partner.o2c_dispute_count = disputes.get(partner.commercial_partner_id, 0)

    @api.depends("o2c_rating_history_ids")
    @api.depends_context("company")
    def _compute_o2c_rating_explanation(self):
        for partner in self:
            last = partner.commercial_partner_id.o2c_rating_history_ids.filtered(
                lambda history: history.company_id == self.env.company).sorted(lambda h: (h.date, h.id))[-1:]
            partner.o2c_rating_explanation = last.explanation if last.rating == partner.o2c_rating else False

    @api.model
    def _commercial_fields(self):
        return [*super()._commercial_fields(), "o2c_credit_hold", "o2c_dunning_collector_id"]

    def action_o2c_dunning_reminders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("o2c_dunning.action_o2c_dunning_reminder")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {}
        return action

    def action_o2c_release_credit_hold(self):
        self.write({"o2c_credit_hold": False})
