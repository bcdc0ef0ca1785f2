# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A month-end revenue cut-off: accrued revenue (FAE) and deferred revenue
(PCA) proposed from the delivery ledger as of the cut-off date, reviewed by
accountants, booked as one journal entry and reversed the next day."""

import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_is_zero

from ..engine import accrual, working_paper

_logger = logging.getLogger(__name__)

CUTOFF_TYPES = [
    ("both", "Accrued and Deferred Revenue"),
    ("accrued_revenue", "Accrued Revenue (FAE)"),
    ("deferred_revenue", "Deferred Revenue (PCA)"),
]
STATES = [
    ("draft", "Draft"),
    ("validated", "Validated"),
    ("reversed", "Reversed"),
    ("cancelled", "Cancelled"),
]
# Fields a validated or cancelled cut-off keeps as they were.
FROZEN_FIELDS = {"company_id", "cutoff_date", "cutoff_type", "journal_id", "line_ids"}


class O2cCutoff(models.Model):
    _name = "o2c.cutoff"
    _description = "Revenue Cut-off"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "cutoff_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, tracking=True)
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    cutoff_date = fields.Date(
        "Cut-off Date", required=True, default=lambda self: self._default_cutoff_date(), tracking=True,
        help="Deliveries and invoices dated up to this day (included) count; later ones never do.")
    cutoff_type = fields.Selection(CUTOFF_TYPES, "Cut-off Type", required=True, default="both", tracking=True)
    state = fields.Selection(STATES, default="draft", required=True, readonly=True, copy=False, tracking=True)
    journal_id = fields.Many2one(
        "account.journal", "Cut-off Journal", check_company=True, domain="[('type', '=', 'general')]",
        help="Empty: the company's cut-off journal (Settings), else its first miscellaneous operations journal.")
    line_ids = fields.One2many("o2c.cutoff.line", "cutoff_id", "Lines")
    line_count = fields.Integer(compute="_compute_totals", store=True)
    move_id = fields.Many2one("account.move", "Journal Entry", readonly=True, copy=False, check_company=True)
    reversal_move_id = fields.Many2one("account.move", "Reversal", readonly=True, copy=False, check_company=True)
    accrued_revenue = fields.Monetary(
        "Accrued Revenue", compute="_compute_totals", store=True, currency_field="company_currency_id",
        help="Untaxed total of the FAE lines booked (excluded lines left out, adjusted amounts used).")
    accrued_revenue_tax = fields.Monetary(
        "VAT on Accrued Revenue", compute="_compute_totals", store=True, currency_field="company_currency_id")
    deferred_revenue = fields.Monetary(
        "Deferred Revenue", compute="_compute_totals", store=True, currency_field="company_currency_id",
        help="Total of the PCA lines booked (excluded lines left out, adjusted amounts used).")
    computed_on = fields.Datetime("Computed On", readonly=True, copy=False)

    @api.model
    def _default_cutoff_date(self):
        return fields.Date.context_today(self).replace(day=1) - timedelta(days=1)

    @api.depends("cutoff_type", "cutoff_date")
    def _compute_name(self):
        labels = dict(self._fields["cutoff_type"]._description_selection(self.env))
        for cutoff in self:
            cutoff.name = f"{labels.get(cutoff.cutoff_type, '')} {cutoff.cutoff_date or ''}".strip()

    @api.depends("line_ids.final_amount", "line_ids.tax_amount", "line_ids.kind", "line_ids.excluded")
    def _compute_totals(self):
        for cutoff in self:
            booked = cutoff.line_ids.filtered(lambda line: not line.excluded)
            accrued = booked.filtered(lambda line: line.kind == accrual.ACCRUED)
            cutoff.accrued_revenue = sum(accrued.mapped("final_amount"))
            cutoff.accrued_revenue_tax = sum(accrued.mapped("tax_amount"))
            cutoff.deferred_revenue = sum((booked - accrued).mapped("final_amount"))
            cutoff.line_count = len(cutoff.line_ids)

    # -- integrity -----------------------------------------------------------------
    @api.constrains("company_id", "cutoff_date", "cutoff_type", "state")
    def _check_unique(self):
        for cutoff in self.filtered(lambda c: c.state != "cancelled"):
            types = ["both", "accrued_revenue", "deferred_revenue"] if cutoff.cutoff_type == "both" else [
                "both", cutoff.cutoff_type]
            first = self.search([
                ("id", "!=", cutoff.id), ("company_id", "=", cutoff.company_id.id),
                ("cutoff_date", "=", cutoff.cutoff_date), ("cutoff_type", "in", types),
                ("state", "!=", "cancelled")], order="id", limit=1)
            if first:
                raise ValidationError(self.env._(
                    "%(company)s already has a cut-off on %(date)s: %(first)s (%(state)s). Open it, or cancel it "
                    "first.", company=cutoff.company_id.name, date=cutoff.cutoff_date, first=first.name,
                    state=dict(first._fields["state"]._description_selection(self.env))[first.state]))

    def write(self, vals):
        if FROZEN_FIELDS & set(vals) and any(cutoff.state != "draft" for cutoff in self):
            raise UserError(self.env._("A validated or cancelled cut-off cannot be changed: cancel it and make "
                                       "another one."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_validated(self):
        if any(cutoff.state in ("validated", "reversed") for cutoff in self):
            raise UserError(self.env._("A validated cut-off cannot be deleted: cancel it."))

    def _check_accountant(self):
        if not self.env.su and not self.env.user.has_group("account.group_account_manager"):
            raise AccessError(self.env._("Only accounting administrators compute, validate, adjust or cancel "
                                         "cut-offs."))

    def _check_draft(self):
        for cutoff in self:
            if cutoff.state != "draft":
                raise UserError(self.env._("%(cutoff)s is not a draft anymore.", cutoff=cutoff.name))

    def _check_date(self):
        today = fields.Date.context_today(self)
        for cutoff in self:
            if cutoff.cutoff_date > today:
                raise UserError(self.env._(
                    "The cut-off date %(date)s is in the future: a cut-off looks back at what happened up to its "
                    "date. Choose a day up to today.", date=cutoff.cutoff_date))

    # -- compute ----------------------------------------------------------------------
    def action_compute(self):
        """Replace the lines of draft cut-offs by what the ledger says on their date."""
        self._check_accountant()
        self._check_draft()
        self._check_date()
        self.line_ids.unlink()
        for cutoff in self:
            values = cutoff._prepare_lines()
            self.env["o2c.cutoff.line"].create(values)
            cutoff.computed_on = fields.Datetime.now()
            cutoff.message_post(body=self.env._(
                "Computed: %(count)s lines, accrued revenue %(accrued)s, deferred revenue %(deferred)s.",
                count=len(values), accrued=cutoff._format(cutoff.accrued_revenue),
                deferred=cutoff._format(cutoff.deferred_revenue)))
        return True

    def _format(self, amount):
        return self.company_currency_id.format(amount) if self.company_currency_id else str(amount)

    def _wants(self, kind):
        return self.cutoff_type in ("both", kind)

    def _prepare_lines(self):
        """Values of the lines on the cut-off date, from the ledger (the only
        source of deliveries and invoices) and the service periods of
        invoice lines. A few queries whatever the number of lines."""
        self.ensure_one()
        company, day = self.company_id, self.cutoff_date
        self.env.flush_all()  # the ledger is an SQL view over timesheets, milestones and invoices
        ledger = self.env["o2c.ledger"].sudo().amounts_as_of(
            day, [("company_id", "=", company.id)], "sale_line_id", kinds=("delivered", "invoiced"))
        periods = self._service_periods(day)
        order_lines = self.env["sale.order.line"].sudo().with_company(company).browse(
            {line.id for line in ledger} | set(periods["by_sale_line"]))
        self._fetch_sources(order_lines)
        balances = {}  # sale line -> (delivered, invoiced, source), order currency
        for sol in order_lines:
            amounts = ledger.get(sol, {})
            if sol.is_downpayment:
                continue  # advances, not revenue
            invoiced = amounts.get("invoiced", (0.0, 0.0))[0]
            if "delivered" in amounts or sol.id not in periods["by_sale_line"]:
                # Deliveries in the ledger win: they measure the work done;
                # service periods only give what a line without them earned.
                balances[sol] = (amounts.get("delivered", (0.0, 0.0))[0], invoiced, "ledger")
            else:
                earned = sum(amount * accrual.earned_share(start, end, day)
                             for amount, start, end in periods["by_sale_line"][sol.id])
                balances[sol] = (earned, invoiced, "service_period")
        currencies = order_lines.order_id.currency_id | periods["lines"].currency_id
        rates = self._rates(currencies, day)
        sale_journal_accounts, income_accounts = {}, {}
        values = []
        minimum = company.o2c_cutoff_minimum_amount
        for sol, (delivered, invoiced, source) in balances.items():
            order = sol.order_id
            currency = order.currency_id
            split = accrual.classify(delivered, invoiced, currency.decimal_places)
            if not split or not self._wants(split[0]):
                continue
            kind, amount_currency = split
            project = sol.project_id or sol.task_id.project_id or order.project_id
            key = (sol.product_id.product_tmpl_id, order.fiscal_position_id)
            if key not in income_accounts:  # a few products for hundreds of lines
                income_accounts[key] = key[0].get_product_accounts(fiscal_pos=key[1])["income"]
            account = income_accounts[key]
            if not account:
                account = order.fiscal_position_id.map_account(
                    self._sale_journal_account(company, sale_journal_accounts))
            amount = accrual.convert(amount_currency, rates[currency], company.currency_id.decimal_places)
            values.append(self._line_values(
                kind=kind, source=source, sale_line_id=sol.id, order_id=order.id, partner_id=order.partner_id.id,
                project_id=project.id, analytic_account_id=project.account_id.id, product_id=sol.product_id.id,
                account_id=account.id, currency_id=currency.id, delivered_amount_currency=delivered,
                invoiced_amount_currency=invoiced, amount_currency=amount_currency, amount=amount,
                tax_ids=[(6, 0, sol.tax_id.ids)], minimum=minimum))
        if self._wants(accrual.DEFERRED):
            for aml in periods["lines"].filtered(lambda line: not line.sale_line_ids):
                start, end = periods["dates"][aml.id]
                sign = -1 if aml.move_id.move_type == "out_refund" else 1
                deferred = round(accrual.pro_rata_after(sign * aml.price_subtotal, start, end, day),
                                 aml.currency_id.decimal_places)
                if float_is_zero(deferred, precision_digits=aml.currency_id.decimal_places) or deferred < 0:
                    continue
                analytic = [int(key.split(",")[0]) for key in (aml.analytic_distribution or {})]
                values.append(self._line_values(
                    kind=accrual.DEFERRED, source="service_period", invoice_line_id=aml.id,
                    partner_id=aml.move_id.commercial_partner_id.id, analytic_account_id=analytic[0] if analytic
                    else False, product_id=aml.product_id.id, account_id=aml.account_id.id,
                    currency_id=aml.currency_id.id, delivered_amount_currency=sign * aml.price_subtotal - deferred,
                    invoiced_amount_currency=sign * aml.price_subtotal, amount_currency=deferred,
                    amount=accrual.convert(deferred, rates[aml.currency_id], company.currency_id.decimal_places),
                    service_start=start, service_end=end, minimum=minimum))
        return values

    @api.model
    def _fetch_sources(self, order_lines):
        """Read only what the lines need, one query per model (reading a
        record's field would load all its columns)."""
        order_lines.fetch(["order_id", "product_id", "tax_id", "project_id", "task_id", "is_downpayment"])
        order_lines.order_id.fetch(["currency_id", "partner_id", "fiscal_position_id", "project_id"])
        order_lines.task_id.fetch(["project_id"])
        projects = order_lines.project_id | order_lines.task_id.project_id | order_lines.order_id.project_id
        projects.fetch(["account_id"])
        order_lines.product_id.fetch(["product_tmpl_id"])
        templates = order_lines.product_id.product_tmpl_id
        templates.fetch(["property_account_income_id", "categ_id"])
        templates.categ_id.fetch(["property_account_income_categ_id"])

    def _line_values(self, minimum=0.0, **values):
        values["cutoff_id"] = self.id
        if minimum and values["amount"] < minimum:
            values["excluded"] = True
            values["exclusion_reason"] = self.env._("Under the minimum amount of %(minimum)s",
                                                    minimum=self._format(minimum))
        return values

    def _sale_journal_account(self, company, cache):
        """The income account an invoice line without product accounts gets: its sale journal's."""
        if company not in cache:
            cache[company] = self.env["account.journal"].search(
                [*self.env["account.journal"]._check_company_domain(company), ("type", "=", "sale")],
                limit=1).default_account_id
        return cache[company]

    def _service_periods(self, day):
        """Posted customer invoice lines dated up to ``day`` with a service
        period: their amount per sale line (order currency) and the lines
        without a sale line (deferred pro rata on their own)."""
        Line = self.env["account.move.line"].sudo()
        pairs = Line._o2c_service_period_fields()
        period_domain = []
        for start, end in pairs:
            period_domain = ["|", *period_domain, "&", (start, "!=", False), (end, "!=", False)] if period_domain \
                else ["&", (start, "!=", False), (end, "!=", False)]
        lines = Line.search([
            ("company_id", "=", self.company_id.id), ("parent_state", "=", "posted"),
            ("move_id.move_type", "in", ("out_invoice", "out_refund")), ("move_id.invoice_date", "<=", day),
            ("display_type", "=", "product"), *period_domain])
        dates, by_sale_line = {}, defaultdict(list)
        for aml in lines:
            start, end = next((aml[s], aml[e]) for s, e in pairs if aml[s] and aml[e])
            dates[aml.id] = (start, end)
            sign = -1 if aml.move_id.move_type == "out_refund" else 1
            for sol in aml.sale_line_ids:
                amount = sign * aml.price_subtotal
                if aml.currency_id != sol.order_id.currency_id:
                    amount = aml.currency_id._convert(amount, sol.order_id.currency_id, self.company_id,
                                                      aml.move_id.invoice_date)
                by_sale_line[sol.id].append((amount, start, end))
        return {"lines": lines, "dates": dates, "by_sale_line": by_sale_line}

    def _rates(self, currencies, day):
        """Company units per unit of each currency on ``day``; a currency
        without a rate on or before it is an error to fix, not a guess."""
        company = self.company_id
        foreign = currencies - company.currency_id
        if foreign:
            known = self.env["res.currency.rate"].sudo()._read_group(
                [("currency_id", "in", foreign.ids), ("name", "<=", day),
                 ("company_id", "in", [company.root_id.id, False])], ["currency_id"])
            missing = foreign - self.env["res.currency"].union(*(currency for currency, in known))
            if missing:
                raise UserError(self.env._(
                    "No exchange rate of %(currencies)s on or before %(date)s: add one in Accounting > "
                    "Configuration > Currencies, then compute again.",
                    currencies=", ".join(missing.mapped("name")), date=day))
        return {currency: self.env["res.currency"]._get_conversion_rate(currency, company.currency_id, company, day)
                for currency in currencies | company.currency_id}

    # -- validate -------------------------------------------------------------------------
    def action_validate(self):
        """Book each cut-off as one posted entry and its posted reversal the
        next day, in one transaction: both or neither."""
        self._check_accountant()
        self._check_draft()
        self._check_date()
        for cutoff in self:
            cutoff._validate_one()
        return True

    def _validate_one(self):
        self.ensure_one()
        company = self.company_id
        lines = self.line_ids.filtered(lambda line: not line.excluded and line.final_amount)
        if not lines:
            raise UserError(self.env._("%(cutoff)s has nothing to book: compute it, or cancel it.",
                                       cutoff=self.name))
        kinds = set(lines.mapped("kind"))
        settings = company._o2c_cutoff_settings(
            accrued=accrual.ACCRUED in kinds, deferred=accrual.DEFERRED in kinds)
        journal = self.journal_id or settings["journal"]
        without_account = lines.filtered(lambda line: not line.account_id)
        if without_account:
            raise UserError(self.env._(
                "Set the revenue account of the products of these lines (or exclude them): %(lines)s.",
                lines=", ".join(without_account[:10].mapped("display_name"))))
        taxes = self.env["account.tax"]
        plain = []
        for line in lines:
            tax_amounts = line._tax_amounts() if line.kind == accrual.ACCRUED and company.o2c_cutoff_vat else {}
            taxes |= self.env["account.tax"].browse(list(tax_amounts))
            plain.append({
                "kind": line.kind, "amount": line.final_amount, "tax_amounts": tax_amounts,
                "revenue_account": line.account_id.id, "analytic": line.analytic_account_id.id or None,
                "partner": line.partner_id.id or None, "ref": line.id,
                "label": line._entry_label(),
            })
        accounts = {
            "accrued": settings.get("o2c_accrued_revenue_account_id", self.env["account.account"]).id,
            "deferred": settings.get("o2c_deferred_revenue_account_id", self.env["account.account"]).id,
            "tax": settings.get("o2c_accrued_tax_account_id", self.env["account.account"]).id,
        }
        entry = accrual.entry_lines(plain, accounts, company.currency_id.decimal_places)
        tax_names = {tax.id: tax.name for tax in taxes}
        move_lines = []
        for item in entry:
            label = item["label"] or self.env._("VAT on accrued revenue: %(tax)s", tax=tax_names.get(item["ref"]))
            move_lines.append((0, 0, {
                "account_id": item["account"], "partner_id": item["partner"], "name": label,
                "debit": item["debit"], "credit": item["credit"],
                "analytic_distribution": {str(item["analytic"]): 100} if item["analytic"] else False,
            }))
        move = self.env["account.move"].create({
            "move_type": "entry", "journal_id": journal.id, "date": self.cutoff_date, "company_id": company.id,
            "ref": self.name, "line_ids": move_lines,
        })
        reversal = move._reverse_moves([{
            "date": self.cutoff_date + timedelta(days=1),
            "ref": self.env._("Reversal of %(entry)s", entry=self.name)}])
        # Posting would quietly move an entry out of a locked period: a
        # cut-off belongs to its date, so Odoo's own lock error is raised
        # first (and the transaction keeps neither entry).
        (move | reversal)._check_fiscal_lock_dates()
        (move | reversal).action_post()
        if move.date != self.cutoff_date or reversal.date != self.cutoff_date + timedelta(days=1):
            raise UserError(self.env._("The cut-off entries cannot be dated %(date)s and the day after: check the "
                                       "lock dates.", date=self.cutoff_date))
        reversed_now = reversal.date <= fields.Date.context_today(self)
        self.write({"move_id": move.id, "reversal_move_id": reversal.id,
                    "state": "reversed" if reversed_now else "validated"})
        self.message_post(body=self.env._(
            "Validated: entry %(entry)s posted on %(date)s, reversed by %(reversal)s on %(reversal_date)s.",
            entry=move.name, date=move.date, reversal=reversal.name, reversal_date=reversal.date))

    # -- cancel --------------------------------------------------------------------------
    def action_cancel(self):
        """Cancel a cut-off. Its entry and reversal are removed when their
        period is open; an entry in a locked period stays, its reversal too
        (it already cancels the entry from the next day). Says what it did."""
        self._check_accountant()
        for cutoff in self:
            if cutoff.state == "cancelled":
                continue
            message = self.env._("Cancelled.")
            moves = cutoff.move_id | cutoff.reversal_move_id
            if moves:
                if cutoff.move_id._can_be_unlinked():
                    names = ", ".join(moves.mapped("name"))
                    audited = moves._is_protected_by_audit_trail()
                    moves._unlink_or_reverse()
                    message = self.env._("Cancelled: entries %(entries)s cancelled (kept for the audit trail).",
                                         entries=names) if audited else self.env._(
                        "Cancelled: entries %(entries)s deleted.", entries=names)
                else:
                    message = self.env._(
                        "Cancelled: the entry %(entry)s is in a locked period and stays; its reversal "
                        "%(reversal)s of %(date)s already cancels it from the next day, it stays too.",
                        entry=cutoff.move_id.name, reversal=cutoff.reversal_move_id.name,
                        date=cutoff.reversal_move_id.date)
            cutoff.state = "cancelled"
            cutoff.message_post(body=message)
        return True

    def action_draft(self):
        """A cancelled cut-off back to draft, to compute it again."""
        self._check_accountant()
        for cutoff in self.filtered(lambda c: c.state == "cancelled"):
            cutoff.write({"state": "draft", "move_id": False, "reversal_move_id": False})
        return True

    def action_open_moves(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "res_model": "account.move", "name": self.env._("Cut-off Entries"),
            "view_mode": "list,form", "domain": [("id", "in", (self.move_id | self.reversal_move_id).ids)],
        }

    def action_open_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("o2c_accruals.o2c_cutoff_line_action")
        action["domain"] = [("cutoff_id", "=", self.id)]
        action["context"] = {}
        return action

    # -- monthly preparation -------------------------------------------------------------
    @api.model
    def _cron_prepare_cutoffs(self):
        """First of the month: a draft cut-off of the last month end for each
        company, computed, with one activity for its reviewer. Twice the
        same month makes nothing twice; a company that fails is logged and
        the others go on."""
        day = self._default_cutoff_date()
        self.search([("state", "=", "validated"), ("reversal_move_id.date", "<=", fields.Date.context_today(self))]
                    ).write({"state": "reversed"})
        # As the cron's superuser: every company; as a user: that user's companies.
        companies = self.env["res.company"].search([]) if self.env.su else self.env.user.company_ids
        for company in companies:
            try:
                with self.env.cr.savepoint():
                    self._prepare_for(company, day)
            except Exception:  # one company must not stop the others
                _logger.exception("Cut-off of %s on %s not prepared", company.name, day)
        return True

    @api.model
    def _prepare_for(self, company, day):
        if self.search_count([("company_id", "=", company.id), ("cutoff_date", "=", day),
                              ("state", "!=", "cancelled")]):
            return self.browse()
        cutoff = self.with_company(company).create({"company_id": company.id, "cutoff_date": day})
        try:
            with self.env.cr.savepoint():
                cutoff.action_compute()
        except UserError as error:
            cutoff.message_post(body=self.env._("Not computed: %(error)s", error=str(error)))
        reviewer = company._o2c_cutoff_reviewer()
        if reviewer:
            cutoff.activity_schedule(
                "mail.mail_activity_data_todo", user_id=reviewer.id,
                summary=self.env._("Review the cut-off of %(date)s", date=day),
                note=self.env._("Check the proposed accrued and deferred revenue, exclude or adjust lines with a "
                                "reason, then validate."))
        return cutoff

    # -- working paper ---------------------------------------------------------------------
    def action_working_paper(self):
        self.ensure_one()
        content = self._working_paper()
        attachment = self.env["ir.attachment"].create({
            "name": f"cutoff_{self.cutoff_date}.xlsx", "raw": content, "res_model": self._name, "res_id": self.id,
            "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        })
        return {"type": "ir.actions.act_url", "url": f"/web/content/{attachment.id}?download=true",
                "target": "self"}

    def _working_paper(self):
        self.ensure_one()
        kinds = dict(self.env["o2c.cutoff.line"]._fields["kind"]._description_selection(self.env))
        sources = dict(self.env["o2c.cutoff.line"]._fields["source"]._description_selection(self.env))
        rows = []
        for line in self.line_ids:
            rows.append({
                "kind": kinds[line.kind], "source": sources[line.source],
                "order": line.order_id.name or line.invoice_line_id.move_id.name or "",
                "customer": line.partner_id.display_name or "", "project": line.project_id.display_name or "",
                "product": line.product_id.display_name or "", "account": line.account_id.display_name or "",
                "currency": line.currency_id.name, "delivered": line.delivered_amount_currency,
                "invoiced": line.invoiced_amount_currency, "amount_currency": line.amount_currency,
                "proposed": line.amount, "excluded": line.exclusion_reason if line.excluded else "",
                "adjustment": line.adjustment_reason or "", "amount": 0.0 if line.excluded else line.final_amount,
                "tax": 0.0 if line.excluded else line.tax_amount,
                "net": (0.0 if line.excluded else line.final_amount) * (1 if line.kind == accrual.ACCRUED else -1),
            })
        columns = {
            "kind": self.env._("Accrual Type"),
            "source": self.env._("Computed From"),
            "order": self.env._("Order"),
            "customer": self.env._("Customer"),
            "project": self.env._("Project"),
            "product": self.env._("Product"),
            "account": self.env._("Account"),
            "currency": self.env._("Currency"),
            "delivered": self.env._("Delivered (order currency)"),
            "invoiced": self.env._("Invoiced (order currency)"),
            "amount_currency": self.env._("Balance (order currency)"),
            "proposed": self.env._("Proposed"),
            "excluded": self.env._("Excluded because"),
            "adjustment": self.env._("Adjusted because"),
            "amount": self.env._("Booked"),
            "tax": self.env._("VAT"),
            "debit": self.env._("Debit"),
            "credit": self.env._("Credit"),
            "label": self.env._("Label"),
            "net": self.env._("Revenue (FAE +, PCA -)"),
        }
        labels = {
            "title": self.env._("Revenue cut-off %(name)s, %(company)s", name=self.name, company=self.company_id.name),
            "lines": self.env._("Lines"), "per_account": self.env._("Per Account"),
            "per_customer": self.env._("Per Customer"), "entry": self.env._("Entry"), "total": self.env._("Total"),
            "columns": columns,
        }
        entry = [{"account": aml.account_id.display_name, "label": aml.name or "", "debit": aml.debit,
                  "credit": aml.credit} for aml in self.move_id.line_ids]
        return working_paper.workbook(rows, entry, labels)
