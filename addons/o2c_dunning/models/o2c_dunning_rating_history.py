# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..engine import rating as engine
from .o2c_dunning_scenario import RATINGS

# Order of the criteria in ``grades`` (one letter each, "-" when it did not apply).
HISTORY_CRITERIA = (engine.DAYS_LATE, engine.LATE_SHARE, engine.CREDIT_USE, engine.DISPUTES)


class O2cDunningRatingHistory(models.Model):
    """A customer's rating each time it changed, with why."""

    _name = "o2c.dunning.rating.history"
    _description = "Customer rating history"
    _order = "date desc, id desc"
    _rec_name = "rating"

    partner_id = fields.Many2one("res.partner", "Customer", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, index=True)
    date = fields.Date(required=True)
    rating = fields.Selection(RATINGS, required=True)
    previous_rating = fields.Selection(RATINGS)
    days_late = fields.Float("Average Days Late", digits=(16, 1))
    late_share = fields.Float("Paid Late (%)", digits=(16, 1))
    credit_use = fields.Float("Overdue / Credit Limit (%)", digits=(16, 1))
    disputes = fields.Integer("Disputes (12 months)")
    grades = fields.Char(help="Grade of each criterion: days late, share paid late, credit use, disputes.")
    explanation = fields.Char(compute="_compute_explanation")

    @api.depends("rating", "grades", "days_late", "late_share", "credit_use", "disputes")
    def _compute_explanation(self):
        """“C: 66.7 % of invoices paid late (C); 7.5 days late on average (B)…”
        The criteria at the customer's grade come first: they are why."""
        for history in self:
            grades = dict(zip(HISTORY_CRITERIA, history.grades or "----", strict=False))
            texts = {
                engine.DAYS_LATE: self.env._("%(value)s days late on average", value=history.days_late),
                engine.LATE_SHARE: self.env._("%(value)s %% of invoices paid late", value=history.late_share),
                engine.CREDIT_USE: self.env._("overdue amount at %(value)s %% of the credit limit",
                                              value=history.credit_use),
                engine.DISPUTES: self.env._("%(value)s disputes in 12 months", value=history.disputes),
            }
            parts = [f"{texts[name]} ({grade})" for name, grade in
                     sorted(grades.items(), key=lambda item: item[1] != history.rating) if grade != "-"]
            history.explanation = f"{history.rating}: " + "; ".join(parts) if history.rating else False
