# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from ..engine import accrual

# What an accountant changes in review; each change needs its reason.
REVIEW_FIELDS = {"excluded", "exclusion_reason", "adjusted_amount", "adjustment_reason"}


class O2cCutoffLine(models.Model):
    _name = "o2c.cutoff.line"
    _description = "Revenue Cut-off Line"
    _order = "cutoff_id, kind, partner_id, id"
    _check_company_auto = True

    cutoff_id = fields.Many2one("o2c.cutoff", "Cut-off", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="cutoff_id.company_id", store=True, index=True)
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    cutoff_date = fields.Date(related="cutoff_id.cutoff_date", store=True)
    state = fields.Selection(related="cutoff_id.state", string="Cut-off Status")
    kind = fields.Selection([
        (accrual.ACCRUED, "Accrued Revenue (FAE)"),
        (accrual.DEFERRED, "Deferred Revenue (PCA)"),
    ], "Accrual Type", required=True, readonly=True)
    source = fields.Selection([
        ("ledger", "Deliveries and invoices"),
        ("service_period", "Service period"),
    ], "Computed From", required=True, readonly=True, default="ledger",
        help="Deliveries and invoices: the delivery ledger as of the cut-off date. Service period: invoice "
        "lines earned day by day (used only for order lines without deliveries in the ledger).")
    sale_line_id = fields.Many2one("sale.order.line", "Order Line", readonly=True, index=True)
    order_id = fields.Many2one("sale.order", "Order", readonly=True, index=True)
    invoice_line_id = fields.Many2one("account.move.line", "Invoice Line", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    salesperson_id = fields.Many2one(related="order_id.user_id", string="Salesperson", store=True)
    project_id = fields.Many2one("project.project", "Project", readonly=True)
    analytic_account_id = fields.Many2one("account.analytic.account", "Analytic Account", readonly=True)
    product_id = fields.Many2one("product.product", "Product", readonly=True)
    account_id = fields.Many2one(
        "account.account", "Revenue Account", readonly=True,
        help="The account the invoice would use: the product's, else its category's, mapped by the order's "
        "fiscal position.")
    tax_ids = fields.Many2many("account.tax", string="Invoice Taxes", readonly=True,
                               help="The taxes the invoice would carry (the order line's).")
    currency_id = fields.Many2one("res.currency", "Order Currency", readonly=True)
    delivered_amount_currency = fields.Monetary(
        "Delivered", currency_field="currency_id", readonly=True,
        help="Untaxed value delivered up to the cut-off date, in the order's currency.")
    invoiced_amount_currency = fields.Monetary(
        "Invoiced", currency_field="currency_id", readonly=True,
        help="Untaxed value invoiced (credit notes deducted, down payments left out) up to the cut-off date, "
        "in the order's currency.")
    amount_currency = fields.Monetary(
        "Amount (order currency)", currency_field="currency_id", readonly=True)
    amount = fields.Monetary(
        "Proposed Amount", currency_field="company_currency_id", readonly=True,
        help="In the company currency at the cut-off date's rate.")
    service_start = fields.Date(readonly=True)
    service_end = fields.Date(readonly=True)
    excluded = fields.Boolean()
    exclusion_reason = fields.Char()
    adjusted_amount = fields.Monetary(
        "Adjusted Amount", currency_field="company_currency_id", compute="_compute_adjusted_amount", store=True,
        readonly=False, help="The amount to book instead of the proposed one (a reason is required).")
    adjustment_reason = fields.Char()
    final_amount = fields.Monetary(
        "Booked Amount", currency_field="company_currency_id", compute="_compute_final_amount", store=True)
    tax_amount = fields.Monetary(
        "VAT", currency_field="company_currency_id", compute="_compute_final_amount", store=True,
        help="The VAT the invoice would carry on the booked accrued revenue, when the company books it.")

    @api.depends("amount")
    def _compute_adjusted_amount(self):
        for line in self:
            line.adjusted_amount = line.amount

    @api.depends("excluded", "adjusted_amount", "kind", "tax_ids", "company_id.o2c_cutoff_vat")
    def _compute_final_amount(self):
        for line in self:
            line.final_amount = 0.0 if line.excluded else line.adjusted_amount
            line.tax_amount = sum(line._tax_amounts().values())

    def _tax_amounts(self):
        """{tax id: amount} the invoice would carry on the booked amount (FAE, VAT booked)."""
        self.ensure_one()
        if self.kind != accrual.ACCRUED or not self.company_id.o2c_cutoff_vat or not self.final_amount:
            return {}
        taxes = self.tax_ids.compute_all(
            self.final_amount, currency=self.company_currency_id, product=self.product_id, partner=self.partner_id,
            handle_price_include=False)["taxes"]
        result = {}
        for tax in taxes:
            result[tax["id"]] = result.get(tax["id"], 0.0) + tax["amount"]
        return result

    @api.depends("order_id", "product_id", "kind")
    def _compute_display_name(self):
        for line in self:
            line.display_name = " - ".join(filter(None, [
                line.order_id.name or line.invoice_line_id.move_id.name, line.product_id.display_name]))

    def _entry_label(self):
        if self.kind == accrual.ACCRUED:
            return self.env._("Accrued revenue: %(line)s", line=self.display_name)
        return self.env._("Deferred revenue: %(line)s", line=self.display_name)

    @api.constrains("excluded", "exclusion_reason", "adjusted_amount", "adjustment_reason")
    def _check_reasons(self):
        for line in self:
            if line.excluded and not (line.exclusion_reason or "").strip():
                raise ValidationError(self.env._("Say why %(line)s is excluded.", line=line.display_name))
            if float_compare(line.adjusted_amount, line.amount,
                             precision_rounding=line.company_currency_id.rounding or 0.01) \
                    and not (line.adjustment_reason or "").strip():
                raise ValidationError(self.env._("Say why the amount of %(line)s is adjusted.",
                                                 line=line.display_name))
            if line.adjusted_amount < 0:
                raise ValidationError(self.env._("An adjusted amount is positive: exclude the line instead (%(line)s).",
                                                 line=line.display_name))

    # -- guards and review trail ------------------------------------------------------------
    def _check_open(self):
        if any(cutoff.state != "draft" for cutoff in self.cutoff_id):
            raise UserError(self.env._("The lines of a validated or cancelled cut-off cannot be changed."))

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_open()
        return lines

    def write(self, vals):
        self._check_open()
        if REVIEW_FIELDS & set(vals):
            self.cutoff_id._check_accountant()
            before = {line: (line.excluded, line.final_amount) for line in self}
            result = super().write(vals)
            self._post_review(before)
            return result
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_booked(self):
        self._check_open()

    def _post_review(self, before):
        """The review trail on the cut-off's chatter: who excluded or adjusted what, and why."""
        for line in self:
            excluded, amount = before[line]
            if line.excluded != excluded:
                body = self.env._("%(line)s excluded: %(reason)s", line=line.display_name,
                                  reason=line.exclusion_reason) if line.excluded else self.env._(
                    "%(line)s included again.", line=line.display_name)
            elif line.final_amount != amount:
                body = self.env._("%(line)s adjusted from %(old)s to %(new)s: %(reason)s", line=line.display_name,
                                  old=line.cutoff_id._format(amount), new=line.cutoff_id._format(line.final_amount),
                                  reason=line.adjustment_reason)
            else:
                continue
            line.cutoff_id.message_post(body=Markup("<p>%s</p>") % body)
