# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import rating as engine

CRITERIA = [
    (engine.DAYS_LATE, "Average days late (value-weighted)"),
    (engine.LATE_SHARE, "Invoices paid late (%)"),
    (engine.CREDIT_USE, "Overdue amount against the credit limit (%)"),
    (engine.DISPUTES, "Disputes over the last 12 months"),
]


class O2cDunningRatingRule(models.Model):
    """The most each grade allows on one criterion, per company."""

    _name = "o2c.dunning.rating.rule"
    _description = "Customer rating limits"
    _order = "company_id, id"

    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    criterion = fields.Selection(CRITERIA, required=True)
    limit_a = fields.Float("A up to", required=True)
    limit_b = fields.Float("B up to", required=True)
    limit_c = fields.Float("C up to", required=True, help="Above this limit, the customer is rated D.")

    _sql_constraints = [
        ("criterion_company_uniq", "UNIQUE (company_id, criterion)", "Each criterion has one set of limits."),
    ]

    @api.constrains("limit_a", "limit_b", "limit_c")
    def _check_limits(self):
        labels = dict(self._fields["criterion"]._description_selection(self.env))
        for rule in self:
            problem = engine.validate_limits((rule.limit_a, rule.limit_b, rule.limit_c))
            if problem == "negative":
                raise ValidationError(self.env._("The limits of “%s” cannot be negative.", labels[rule.criterion]))
            if problem:
                raise ValidationError(self.env._(
                    "The limits of “%s” must grow from A to C (A up to ≤ B up to ≤ C up to).",
                    labels[rule.criterion]))

    @api.model
    def _limits(self, company):
        """{criterion: (a, b, c)}: the company's limits, defaults for the missing ones."""
        limits = dict(engine.DEFAULT_LIMITS)
        for rule in self.sudo().search([("company_id", "=", company.id)]):
            limits[rule.criterion] = (rule.limit_a, rule.limit_b, rule.limit_c)
        return limits

    @api.model
    def _create_defaults(self, companies):
        existing = {(rule.company_id.id, rule.criterion) for rule in self.sudo().search(
            [("company_id", "in", companies.ids)])}
        self.sudo().create([
            {"company_id": company.id, "criterion": criterion, "limit_a": limits[0], "limit_b": limits[1],
             "limit_c": limits[2]}
            for company in companies for criterion, limits in engine.DEFAULT_LIMITS.items()
            if (company.id, criterion) not in existing])
