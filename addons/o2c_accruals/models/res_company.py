# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# Accounts of the French chart (PCG) used when the company sets none.
FRENCH_CODES = {
    "o2c_accrued_revenue_account_id": "418100",
    "o2c_deferred_revenue_account_id": "487000",
    "o2c_accrued_tax_account_id": "445870",
}


class ResCompany(models.Model):
    _inherit = "res.company"

    o2c_cutoff_journal_id = fields.Many2one(
        "account.journal", "Cut-off Journal", check_company=True, domain="[('type', '=', 'general')]",
        help="Journal of the cut-off entries; empty: the first miscellaneous operations journal.")
    o2c_accrued_revenue_account_id = fields.Many2one(
        "account.account", "Accrued Revenue Account", check_company=True,
        help="Debited with work delivered and not invoiced (FAE); empty: 418100 when the chart has it.")
    o2c_deferred_revenue_account_id = fields.Many2one(
        "account.account", "Deferred Revenue Account", check_company=True,
        help="Credited with work invoiced and not delivered (PCA); empty: 487000 when the chart has it.")
    o2c_accrued_tax_account_id = fields.Many2one(
        "account.account", "VAT on Accrued Revenue Account", check_company=True,
        help="Credited with the VAT the invoices will carry; empty: 445870 when the chart has it.")
    o2c_cutoff_vat = fields.Boolean(
        "VAT on Accrued Revenue", compute="_compute_o2c_cutoff_vat", store=True, readonly=False,
        help="Accrued revenue is booked tax included, the tax on its own account (no tax, no tax tags: it "
        "never enters the VAT return). On by default for French companies.")
    o2c_cutoff_minimum_amount = fields.Monetary(
        "Cut-off Minimum Amount", currency_field="currency_id",
        help="Lines below this amount (company currency) are proposed excluded.")
    o2c_cutoff_reviewer_id = fields.Many2one(
        "res.users", "Cut-off Reviewer", domain="[('share', '=', False), ('company_ids', 'in', id)]",
        help="Who gets the activity to review and validate the monthly cut-off proposal; empty: the company's "
        "first accounting administrator.")

    @api.constrains("o2c_cutoff_reviewer_id")
    def _check_o2c_cutoff_reviewer(self):
        for company in self:
            reviewer = company.o2c_cutoff_reviewer_id
            if reviewer and not company._o2c_can_review_cutoffs(reviewer):
                raise ValidationError(self.env._(
                    "%(user)s cannot validate the cut-offs of %(company)s: choose an internal user of that "
                    "company with the %(rights)s rights, or give them those rights first.",
                    user=reviewer.name, company=company.name,
                    rights=self.env.ref("account.group_account_manager").full_name))

    def _o2c_can_review_cutoffs(self, user):
        """Whether ``user`` can validate this company's cut-offs."""
        self.ensure_one()
        return (user.active and not user.share and self in user.company_ids
                and user.has_group("account.group_account_manager"))

    def _o2c_cutoff_reviewer(self):
        """Who reviews this company's cut-offs: its reviewer while they can,
        else its first accounting administrator (none: an empty recordset)."""
        self.ensure_one()
        if self.o2c_cutoff_reviewer_id and self._o2c_can_review_cutoffs(self.o2c_cutoff_reviewer_id):
            return self.o2c_cutoff_reviewer_id
        return self.env["res.users"].search([
            ("groups_id", "in", self.env.ref("account.group_account_manager").id), ("company_ids", "in", self.id),
            ("share", "=", False), ("id", "!=", self.env.ref("base.user_root").id)], order="id", limit=1)

    @api.depends("account_fiscal_country_id")
    def _compute_o2c_cutoff_vat(self):
        for company in self:
            company.o2c_cutoff_vat = company.account_fiscal_country_id.code == "FR"

    def _o2c_cutoff_journal(self):
        self.ensure_one()
        return self.o2c_cutoff_journal_id or self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(self), ("type", "=", "general")], limit=1)

    def _o2c_cutoff_account(self, field):
        """The company's account for ``field``, else the French chart's one by its code."""
        self.ensure_one()
        if self[field]:
            return self[field]
        return self.env["account.account"].with_company(self).search(
            [*self.env["account.account"]._check_company_domain(self), ("code", "=", FRENCH_CODES[field])], limit=1)

    def _o2c_cutoff_settings(self, accrued=True, deferred=True):
        """Journal and accounts a cut-off entry needs, or a clear error naming what to configure."""
        self.ensure_one()
        settings = {"journal": self._o2c_cutoff_journal()}
        missing = []
        if not settings["journal"]:
            missing.append(self.env._("a cut-off journal (or a miscellaneous operations journal)"))
        needs = []
        if accrued:
            needs.append("o2c_accrued_revenue_account_id")
            if self.o2c_cutoff_vat:
                needs.append("o2c_accrued_tax_account_id")
        if deferred:
            needs.append("o2c_deferred_revenue_account_id")
        for field in needs:
            settings[field] = self._o2c_cutoff_account(field)
            if not settings[field]:
                missing.append(self._fields[field].get_description(self.env)["string"])
        if missing:
            raise UserError(self.env._(
                "Configure the cut-off settings of %(company)s (Invoicing > Configuration > Settings > "
                "Revenue Cut-off): %(missing)s.", company=self.name, missing=", ".join(missing)))
        return settings
