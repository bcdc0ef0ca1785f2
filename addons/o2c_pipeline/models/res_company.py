# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .o2c_stage_threshold import DEFAULT_STUCK_DAYS


class ResCompany(models.Model):
    _inherit = "res.company"

    o2c_collection_user_id = fields.Many2one(
        "res.users", "Default Collections Owner",
        help="Owner of the Invoiced stage on new orders of this company.")
    o2c_digest_user_ids = fields.Many2many(
        "res.users", "o2c_digest_user_company_rel", "company_id", "user_id", "Weekly Report Recipients")
    o2c_digest_last_week = fields.Date(
        "Last Weekly Report Sent", readonly=True,
        help="Monday of the last week whose report was sent: a week is never sent twice.")

    @api.constrains("o2c_collection_user_id", "o2c_digest_user_ids")
    def _check_o2c_users_company(self):
        for company in self:
            for user in company.o2c_collection_user_id | company.o2c_digest_user_ids:
                if company not in user.company_ids:
                    raise ValidationError(self.env._(
                        "%(user)s has no access to %(company)s: give them access to the company first, "
                        "or choose another user.", user=user.name, company=company.name))

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["o2c.stage.threshold"]._create_defaults(companies)
        return companies

    def _o2c_stuck_thresholds(self):
        self.ensure_one()
        thresholds = dict(DEFAULT_STUCK_DAYS)
        thresholds.update({
            t.stage: t.days
            for t in self.env["o2c.stage.threshold"].sudo().search([("company_id", "=", self.id)])
        })
        return thresholds
