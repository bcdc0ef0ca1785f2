# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import pipeline

# Days an order may stay in a stage before it is "stuck", until a sales
# manager sets the company's own: delivery should start within a month,
# work be invoiced within days (the articles' 24 h rule, with slack), and
# invoices be paid within usual terms.
DEFAULT_STUCK_DAYS = {
    pipeline.SIGNED: 30,
    pipeline.IN_DELIVERY: 60,
    pipeline.TO_INVOICE: 5,
    pipeline.INVOICED: 60,
}


class O2cStageThreshold(models.Model):
    _name = "o2c.stage.threshold"
    _description = "Stuck threshold of a pipeline stage"
    _order = "company_id, stage"
    _rec_name = "stage"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    stage = fields.Selection(
        [(key, label) for key, label in
         [(pipeline.SIGNED, "Signed"), (pipeline.IN_DELIVERY, "In delivery"),
          (pipeline.TO_INVOICE, "To invoice"), (pipeline.INVOICED, "Invoiced")]],
        required=True)
    days = fields.Integer(
        "Stuck After (days)", required=True,
        help="An order that stays longer than this in the stage is shown as stuck.")

    _sql_constraints = [
        ("stage_company_uniq", "unique(company_id, stage)", "Each stage has one threshold per company."),
    ]

    @api.constrains("days")
    def _check_days(self):
        for threshold in self:
            if threshold.days <= 0:
                raise ValidationError(self.env._(
                    "The stuck threshold of stage %(stage)s must be a positive number of days, not %(days)s.",
                    stage=dict(self._fields["stage"]._description_selection(self.env))[threshold.stage],
                    days=threshold.days))

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()

    @api.model
    def _create_defaults(self, companies):
        existing = {(t.company_id.id, t.stage) for t in self.sudo().search([("company_id", "in", companies.ids)])}
        self.sudo().create([
            {"company_id": company.id, "stage": stage, "days": days}
            for company in companies for stage, days in DEFAULT_STUCK_DAYS.items()
            if (company.id, stage) not in existing
        ])
