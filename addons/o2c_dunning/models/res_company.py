# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

SHIPPED_SCENARIOS = ("o2c_dunning.scenario_standard", "o2c_dunning.scenario_key_account",
                     "o2c_dunning.scenario_high_risk")


class ResCompany(models.Model):
    _inherit = "res.company"

    o2c_dunning_scenario_id = fields.Many2one(
        "o2c.dunning.scenario", "Default Reminder Scenario", check_company=True,
        domain="[('company_id', '=', id)]")
    o2c_dunning_grouping = fields.Selection(
        [("day", "One per Customer and Day"), ("step", "One per Customer and Step"), ("invoice", "One per Invoice")],
        "Reminders Grouping", default="day", required=True,
        help="One per customer and day: every step due that day for a customer makes one email, with a section per "
        "kind (overdue, due today, due soon), in the tone of the most advanced step. One per customer and step: an "
        "email for each step. One per invoice: an email for each invoice.")
    o2c_dunning_test_mode = fields.Boolean("Reminders Test Mode")
    o2c_dunning_test_email = fields.Char("Reminders Test Address")
    o2c_dunning_promise_grace_days = fields.Integer(
        "Promise Grace Days", default=3,
        help="Reminders of an invoice with a promise to pay stay paused until the promised date plus these days. "
        "The day after, a promise not kept (less than the promised amount paid) is marked broken, and reminders "
        "resume that same day at the step the invoice has reached by then: the latest step due, not each step "
        "missed meanwhile.")
    o2c_dunning_collector_id = fields.Many2one(
        "res.users", "Default Collector", domain=[("share", "=", False)])
    o2c_dunning_fallback_user_id = fields.Many2one(
        "res.users", "Fallback Responsible", domain=[("share", "=", False)],
        help="Follows the reminders, calls and escalations of customers that have no collector and no salesperson "
        "(on the customer or the invoice) when the company has no collector either. Required once a scenario "
        "of the company plans calls or escalations.")
    o2c_dunning_legal_user_id = fields.Many2one(
        "res.users", "Legal Contact", domain=[("share", "=", False)],
        help="Receives the escalations of steps that escalate to legal.")

    @api.constrains("o2c_dunning_promise_grace_days")
    def _check_o2c_dunning_settings(self):
        # Test mode without an address is refused when sending (the settings
        # screen writes the two fields one after the other).
        for company in self:
            if company.o2c_dunning_promise_grace_days < 0:
                raise ValidationError(self.env._("The grace period after a promise to pay cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._o2c_dunning_install_scenarios()
        companies._o2c_dunning_set_fallback()
        self.env["o2c.dunning.rating.rule"]._create_defaults(companies)
        return companies

    def _o2c_dunning_set_fallback(self):
        """Give each company without one a fallback responsible for its
        reminders: the internal user creating it, else the administrator."""
        user = self.env.user
        if user._is_superuser() or user.share:
            user = self.env.ref("base.user_admin", raise_if_not_found=False)
        if user and user.active and not user.share:
            self.filtered(lambda company: not company.o2c_dunning_fallback_user_id).sudo().write(
                {"o2c_dunning_fallback_user_id": user.id})

    def _o2c_dunning_check_test_mode(self):
        """A company set up wrong stops its reminders as a whole (the
        settings screen cannot refuse it: it writes the fields one by one)."""
        for company in self.filtered(lambda c: c.o2c_dunning_test_mode and not c.o2c_dunning_test_email):
            raise UserError(self.env._(
                "Test mode is on for %s but no test address is set: set one in the Invoicing settings.",
                company.name))

    def _o2c_dunning_needs_fallback(self):
        """Whether an active scenario of the company plans calls or escalations."""
        self.ensure_one()
        return bool(self.env["o2c.dunning.step"].sudo().search_count([
            ("company_id", "=", self.id), ("scenario_id.active", "=", True),
            "|", ("phone_call", "=", True), ("escalate", "=", True)], limit=1))

    def _o2c_dunning_install_scenarios(self):
        """Give each company without scenarios its own copy of the shipped
        ones (scenarios are per company), Standard as its default."""
        Scenario = self.env["o2c.dunning.scenario"].sudo().with_context(o2c_dunning_install=True, active_test=False)
        sources = [self.env.ref(xmlid, raise_if_not_found=False) for xmlid in SHIPPED_SCENARIOS]
        sources = [source.sudo() for source in sources if source]
        for company in self:
            if not sources or Scenario.search_count([("company_id", "=", company.id)], limit=1):
                continue
            copies = [source.with_context(o2c_dunning_install=True).copy({"company_id": company.id})
                      for source in sources]
            company.sudo().o2c_dunning_scenario_id = copies[0]
