# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import scenario as engine

RATINGS = [("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")]


class O2cDunningScenario(models.Model):
    _name = "o2c.dunning.scenario"
    _description = "Payment reminder scenario"
    _inherit = ["mail.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, tracking=True)
    step_ids = fields.One2many("o2c.dunning.step", "scenario_id", "Steps", copy=True)
    rating = fields.Selection(
        RATINGS, "Default for Rating", tracking=True,
        help="Customers with this rating follow this scenario unless they have their own.")
    variant_id = fields.Many2one(
        "o2c.dunning.scenario", "A/B Variant", check_company=True, tracking=True, copy=False,
        domain="[('company_id', '=', company_id), ('id', '!=', id)]",
        help="Test another scenario against this one: half of its customers (drawn at random, always the "
        "same ones) follow the variant. Compare both in the reminder statistics, keep the better one.")
    note = fields.Html(translate=True)
    step_count = fields.Integer(compute="_compute_step_count")


    @api.depends("step_ids")
    def _compute_step_count(self):
        for scenario in self:
            scenario.step_count = len(scenario.step_ids)

    @api.constrains("step_ids", "active")
    def _check_steps(self):
        for scenario in self.filtered("active"):
            steps = scenario.step_ids.sorted(lambda s: (s.sequence, s.id))
            problems = engine.validate_steps([(s.name, s.offset_days, s._has_action()) for s in steps])
            if problems:
                raise ValidationError(scenario._problem_message(problems[0]))

    @api.constrains("rating", "company_id", "active")
    def _check_rating(self):
        for scenario in self.filtered(lambda s: s.active and s.rating):
            other = self.search([("id", "!=", scenario.id), ("company_id", "=", scenario.company_id.id),
                                 ("rating", "=", scenario.rating)], limit=1)
            if other:
                raise ValidationError(self.env._(
                    "“%(other)s” is already the scenario of customers rated %(rating)s in %(company)s: "
                    "clear its rating first.", other=other.name, rating=scenario.rating,
                    company=scenario.company_id.name))

    @api.constrains("variant_id")
    def _check_variant(self):
        for scenario in self.filtered("variant_id"):
            variant = scenario.variant_id
            if variant == scenario:
                raise ValidationError(self.env._("A scenario cannot be its own A/B variant."))
            if variant.variant_id or self.search_count([("variant_id", "=", scenario.id)], limit=1):
                raise ValidationError(self.env._(
                    "“%(variant)s” is already part of another A/B test: a variant cannot have a variant.",
                    variant=variant.name))

    def _problem_message(self, problem):
        kind, *details = problem
        if kind == engine.NO_STEPS:
            return self.env._("The scenario “%(name)s” has no step: add at least one.", name=self.name)
        if kind == engine.SAME_OFFSET:
            return self.env._(
                "The steps “%(a)s” and “%(b)s” of “%(name)s” are both at %(offset)s days from the due date: "
                "give each step its own day.", a=details[0], b=details[1], name=self.name, offset=details[2])
        if kind == engine.UNORDERED:
            return self.env._(
                "In “%(name)s”, the step “%(a)s” (%(offset_a)s days) comes before “%(b)s” (%(offset_b)s days): "
                "order the steps by their day.", name=self.name, a=details[0], b=details[1],
                offset_a=details[2], offset_b=details[3])
        return self.env._("The step “%(step)s” of “%(name)s” does nothing: choose at least one action.",
                          step=details[0], name=self.name)

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if self.env.context.get("o2c_dunning_install"):
            return vals_list  # a new company's own copy of the shipped scenarios: same names and ratings
        for scenario, vals in zip(self, vals_list, strict=True):
            if "name" not in (default or {}):
                vals["name"] = self.env._("%s (copy)", scenario.name)
            vals.pop("rating", None)
        return vals_list
