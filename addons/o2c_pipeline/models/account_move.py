# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict
from datetime import date

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html2plaintext

from ..engine import quality as quality_engine

QUALITY_STATES = [("pass", "Passes"), ("warn", "To Check"), ("block", "Blocked")]


class AccountMove(models.Model):
    _inherit = "account.move"

    o2c_quality_state = fields.Selection(
        QUALITY_STATES, "Quality Check", compute="_compute_o2c_quality", search="_search_o2c_quality_state",
        help="Draft customer invoices only: what the quality gate says of it now (rules set in the "
        "Invoicing settings).")
    o2c_quality_warnings = fields.Text(
        "Quality Gate Messages", compute="_compute_o2c_quality",
        help="What the quality gate finds on this draft invoice: blocking failures first, then warnings.")
    o2c_quality_override_reason = fields.Text(
        "Quality Gate Override", copy=False, readonly=True, tracking=True,
        help="Why a billing manager let this invoice post despite the blocking rules it fails.")
    o2c_quality_override_user_id = fields.Many2one(
        "res.users", "Overridden By", copy=False, readonly=True, tracking=True)

    o2c_credit_reason_id = fields.Many2one(
        "o2c.credit.reason", "Credit Reason", copy=False, tracking=True, index="btree_not_null",
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
        help="Why the customer invoice was credited (asked when a credit note is made from it).")
    o2c_reset_count = fields.Integer(
        "Times Reset to Draft", copy=False, readonly=True,
        help="How many times this invoice went back to draft after being posted: an invoice corrected after "
        "it left is not right the first time.")

    def _o2c_orders(self):
        return self.line_ids.sale_line_ids.order_id

    def write(self, vals):
        if (vals.keys() & {"o2c_quality_override_reason", "o2c_quality_override_user_id"} and not self.env.su
                and not self.env.user.has_group("account.group_account_manager")):
            raise AccessError(self.env._("Only billing managers can override the quality gate."))
        # Posting, resetting to draft and cancelling all write the state.
        if "state" not in vals and "invoice_date" not in vals:
            return super().write(vals)
        sales = self.filtered(lambda m: m.is_sale_document(include_receipts=False))
        dates_before = set(sales.mapped("invoice_date"))
        result = super().write(vals)
        # The invoiced events that moved are those of the invoice dates before and after.
        since = min((d for d in dates_before | set(sales.mapped("invoice_date")) if d), default=date.max)
        sales._o2c_orders()._o2c_mark_dirty(since)
        return result

    # -- quality gate: gathering the values ------------------------------------------
    def _o2c_quality_candidates(self):
        return self.filtered(lambda m: m.move_type == "out_invoice" and m.state == "draft")

    def _o2c_quality_check(self, blocking_only=False):
        """{invoice: [(mode, Failure)]} for the draft customer invoices of
        ``self``, the values of all of them gathered in a constant number of
        queries."""
        invoices = self._o2c_quality_candidates()
        modes_by_company = {}
        for company in invoices.company_id.sudo():
            wanted_modes = (quality_engine.BLOCK,) if blocking_only else (quality_engine.WARN, quality_engine.BLOCK)
            modes_by_company[company.id] = {
                rule: mode for rule, mode in company._o2c_quality_modes().items() if mode in wanted_modes}
        invoices = invoices.filtered(lambda m: modes_by_company[m.company_id.id])
        if not invoices:
            return {}
        wanted = set().union(*(set(modes) for modes in modes_by_company.values()))
        ledger = (self._o2c_quality_ledger(invoices) if quality_engine.OVER_INVOICING in wanted else {})
        posted = (self._o2c_quality_posted(invoices) if quality_engine.DUPLICATE in wanted else {})
        today = fields.Date.context_today(self)
        result = {}
        for move in invoices:
            company = move.company_id.sudo()
            values = move._o2c_quality_values(ledger, today)
            result[move] = quality_engine.check(
                values, modes_by_company[company.id], company.o2c_quality_price_tolerance,
                posted.get(move.commercial_partner_id.id, ()))
        return result

    def _o2c_quality_values(self, ledger, today):
        """The plain values the rules read, for one invoice (its records
        prefetched with those of the whole batch)."""
        self.ensure_one()
        company = self.company_id
        partner = self.partner_id
        commercial = self.commercial_partner_id
        orders = self.invoice_line_ids.sale_line_ids.order_id
        agreed_terms = commercial.with_company(company).property_payment_term_id
        customer = quality_engine.Customer(
            name=partner.display_name or "",
            has_address=bool(partner.street and partner.city and partner.country_id),
            email=partner.email or "",
            country_code=(commercial.country_id or partner.country_id).code or "",
            is_company=commercial.is_company,
            vat=commercial.vat or "",
            po_required=commercial.o2c_po_required,
            payment_term_id=agreed_terms.id or None,
        )
        lines = []
        for aml in self.invoice_line_ids.filtered(lambda line: line.display_type == "product"):
            sol = aml.sale_line_ids[:1]
            line = quality_engine.Line(label=aml.name or aml.product_id.display_name or "", quantity=aml.quantity,
                                       price_net=aml.price_unit * (1 - (aml.discount or 0.0) / 100.0))
            if sol:
                line.is_sale_line = True
                line.is_down_payment = sol.is_downpayment
                line.is_time_and_materials = sol.qty_delivered_method == "timesheet"
                line.invoiced_on_delivery = sol.product_id.invoice_policy == "delivery"
                sale_net = sol.price_unit * (1 - (sol.discount or 0.0) / 100.0)
                same_unit = not aml.product_uom_id or aml.product_uom_id == sol.product_uom
                same_category = same_unit or aml.product_uom_id.category_id == sol.product_uom.category_id
                if sol.currency_id != self.currency_id:
                    line.price_unknown = self.env._("the invoice is in another currency than its order")
                elif not same_category:
                    line.price_unknown = self.env._("the invoice line's unit is not comparable with the order's")
                else:
                    line.sale_price_net = (sale_net if same_unit
                                           else sol.product_uom._compute_price(sale_net, aml.product_uom_id))
                    line.quantity_in_sale_unit = (aml.quantity if same_unit else aml.product_uom_id._compute_quantity(
                        aml.quantity, sol.product_uom, round=False))
                if line.invoiced_on_delivery:
                    delivered, invoiced = ledger.get((self.id, sol.id), (0.0, 0.0))
                    line.delivered_qty, line.invoiced_qty = delivered, invoiced
            lines.append(line)
        invoice_day = self.invoice_date or today
        terms = " ".join(html2plaintext(text) for text in (company.invoice_terms, self.narration) if text)
        return quality_engine.Invoice(
            id=self.id, customer=customer, partner_id=commercial.id,
            company_country_code=(company.account_fiscal_country_id or company.country_id).code or "",
            ref=self.ref or "", order_refs=tuple(o.client_order_ref for o in orders if o.client_order_ref),
            order_ids=frozenset(orders.ids), payment_term_id=self.invoice_payment_term_id.id or None,
            company_terms=terms, amount_total=self.amount_total, currency_rounding=self.currency_id.rounding,
            period=f"{invoice_day:%Y-%m}", lines=lines,
        )

    @api.model
    def _o2c_quality_ledger(self, invoices):
        """{(invoice id, sale line id): (delivered up to the invoice date,
        invoiced by posted invoices)}, quantities in the order line's unit,
        from the delivery ledger, in one query for all the invoices."""
        today = fields.Date.context_today(self)
        pairs = [(move.id, aml.sale_line_ids[:1].id, move.invoice_date or today)
                 for move in invoices for aml in move.invoice_line_ids if aml.sale_line_ids]
        if not pairs:
            return {}
        self.env.flush_all()
        self.env["o2c.ledger"]._no_jit()
        move_ids, line_ids, days = (list(column) for column in zip(*pairs, strict=True))
        self.env.cr.execute(
            """
            SELECT v.move_id, v.sale_line_id,
                   SUM(CASE WHEN ev.kind = 'delivered' AND ev.date <= v.day THEN ev.quantity ELSE 0 END),
                   SUM(CASE WHEN ev.kind = 'invoiced' THEN ev.quantity ELSE 0 END)
              FROM (SELECT DISTINCT unnest(%s::int[]) AS move_id, unnest(%s::int[]) AS sale_line_id,
                           unnest(%s::date[]) AS day) v
              JOIN o2c_ledger_billing_event ev ON ev.sale_line_id = v.sale_line_id
             WHERE ev.sale_line_id = ANY(%s) AND NOT ev.is_advance
          GROUP BY v.move_id, v.sale_line_id
            """,
            [move_ids, line_ids, days, sorted(set(line_ids))],
        )
        return {(move_id, line_id): (delivered or 0.0, invoiced or 0.0)
                for move_id, line_id, delivered, invoiced in self.env.cr.fetchall()}

    @api.model
    def _o2c_quality_posted(self, invoices):
        """{commercial partner id: [Posted]}: posted invoices a draft could
        duplicate (same customer and total), in a few queries."""
        candidates = self.sudo().search([
            ("move_type", "=", "out_invoice"), ("state", "=", "posted"),
            ("payment_state", "!=", "reversed"), ("company_id", "in", invoices.company_id.ids),
            ("commercial_partner_id", "in", invoices.commercial_partner_id.ids),
            ("amount_total", "in", list(set(invoices.mapped("amount_total")))),
        ])
        result = defaultdict(list)
        for other in candidates:
            day = other.invoice_date or other.date
            result[other.commercial_partner_id.id].append(quality_engine.Posted(
                other.id, other.name, other.commercial_partner_id.id, other.amount_total,
                frozenset(other.invoice_line_ids.sale_line_ids.order_id.ids), f"{day:%Y-%m}"))
        return result

    # -- quality gate: messages ---------------------------------------------------------
    def _o2c_quality_message(self, failure):
        p = dict(failure.params, line=failure.line)
        if failure.code == "other_terms" or failure.code == "no_terms":
            p["agreed"] = self.commercial_partner_id.with_company(self.company_id).property_payment_term_id.name
            p["terms"] = self.invoice_payment_term_id.name
        messages = {
            "po_missing_expected": lambda: self.env._(
                "The customer requires a purchase-order reference: enter %(expected)s as the invoice's Customer "
                "Reference (Other Info tab).", **p),
            "po_missing": lambda: self.env._(
                "The customer requires a purchase-order reference: enter it as the invoice's Customer Reference "
                "(Other Info tab) and on the order.", **p),
            "po_mismatch": lambda: self.env._(
                "Customer Reference %(ref)s is not the order's purchase-order reference %(expected)s: correct "
                "the invoice's Customer Reference.", **p),
            "po_no_order_ref": lambda: self.env._(
                "Cannot check the purchase-order reference: the order has none to compare with; enter it on "
                "the order (Customer Reference).", **p),
            "price_unknown": lambda: self.env._("Cannot check the price of line \"%(line)s\": %(reason)s.", **p),
            "price_drift": lambda: self.env._(
                "Line \"%(line)s\": unit price %(price)s differs from the order's %(sale_price)s by "
                "%(percent)s %% (tolerance %(tolerance)s %%): correct the price, or the order first.", **p),
            "delivery_unknown": lambda: self.env._(
                "Cannot check the quantity of line \"%(line)s\": the delivered quantity is unknown.", **p),
            "over_invoiced": lambda: self.env._(
                "Line \"%(line)s\": %(invoiced)s invoiced in all (%(already)s already) but %(delivered)s "
                "delivered up to the invoice date: lower the quantity, or record the delivery first.", **p),
            "no_period": lambda: self.env._(
                "Line \"%(line)s\": a time-and-materials line whose label does not say the period it bills: "
                "add the month or the dates.", **p),
            "no_address": lambda: self.env._(
                "Customer %(customer)s has no complete invoicing address (street, city, country): complete it.",
                **p),
            "no_email": lambda: self.env._("Customer %(customer)s has no invoicing e-mail: add one.", **p),
            "no_vat": lambda: self.env._(
                "Customer %(customer)s is a business in another EU country without a VAT number: add it.", **p),
            "vat_no_country": lambda: self.env._(
                "Cannot check the VAT number of %(customer)s: the customer's or the company's country is missing.",
                **p),
            "no_terms": lambda: self.env._("No payment terms on the invoice: choose the customer's agreed terms.", **p),
            "other_terms": lambda: self.env._(
                "Payment terms %(terms)s differ from the customer's agreed terms %(agreed)s: use the agreed "
                "terms, or change them on the customer.", **p),
            "legal_no_country": lambda: self.env._(
                "Cannot check the French legal mentions: the company has no country.", **p),
            "no_penalty": lambda: self.env._(
                "The terms do not state the late-payment penalty rate (French law): add it to the company's "
                "default terms and conditions (Invoicing settings).", **p),
            "no_indemnity": lambda: self.env._(
                "The terms do not state the 40 € fixed recovery indemnity (French law): add it to the company's "
                "default terms and conditions (Invoicing settings).", **p),
            "duplicate": lambda: self.env._(
                "Likely duplicate of posted invoice %(other)s: same customer, amount, order and month.", **p),
        }
        return messages[failure.code]()

    def _o2c_quality_lines(self, found):
        return [
            ("⛔ " if mode == quality_engine.BLOCK else "⚠ ") + self._o2c_quality_message(failure)
            for mode, failure in found
        ]

    @api.depends(
        "state", "ref", "partner_id", "invoice_date", "invoice_payment_term_id", "narration",
        "o2c_quality_override_reason", "invoice_line_ids.name", "invoice_line_ids.quantity",
        "invoice_line_ids.price_unit", "invoice_line_ids.discount", "invoice_line_ids.product_uom_id")
    @api.depends_context("uid")
    def _compute_o2c_quality(self):
        # For a record being edited, the saved invoice's values.
        real = self.filtered(lambda m: isinstance(m.id, int))
        results = real._o2c_quality_check()
        for move in self:
            found = results.get(move._origin) if move._origin in real else None
            if found is None and not isinstance(move.id, int) and move._origin:
                found = move._origin._o2c_quality_check().get(move._origin)
            if move.move_type != "out_invoice" or move.state != "draft":
                move.o2c_quality_state = False
                move.o2c_quality_warnings = False
            elif not found:
                move.o2c_quality_state = "pass"
                move.o2c_quality_warnings = False
            else:
                blocked = quality_engine.blocking(found) and not move.o2c_quality_override_reason
                move.o2c_quality_state = "block" if blocked else "warn"
                move.o2c_quality_warnings = "\n".join(move._o2c_quality_lines(found))

    def _search_o2c_quality_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("This filter on the quality check is not supported."))
        wanted = {value} if isinstance(value, str) or value is False else set(value)
        drafts = self.search([("move_type", "=", "out_invoice"), ("state", "=", "draft")])
        states = {move.id: move.o2c_quality_state for move in drafts}
        ids = [move_id for move_id, state in states.items() if state in wanted]
        return [("id", "in" if operator in ("=", "in") else "not in", ids)]

    # -- quality gate: posting ----------------------------------------------------------
    def _o2c_quality_blocked(self):
        """{invoice: [blocking Failure]} of the invoices the gate stops."""
        to_check = self._o2c_quality_candidates().filtered(lambda m: not m.o2c_quality_override_reason)
        if not to_check or self.env.context.get("o2c_quality_skip"):
            return {}
        if not any(c.sudo()._o2c_quality_has_blocking() for c in to_check.company_id):
            return {}
        found = to_check._o2c_quality_check(blocking_only=True)
        return {move: failures for move, failures in found.items() if quality_engine.blocking(failures)}

    def _o2c_quality_report(self, blocked):
        parts = []
        for move, found in blocked.items():
            name = move.name if move.name and move.name != "/" else move.partner_id.display_name
            parts.append(self.env._("%(invoice)s (%(amount)s):", invoice=name or "",
                                    amount=move.amount_total)
                         + "\n" + "\n".join("- " + line for line in move._o2c_quality_lines(found)))
        return "\n\n".join(parts)

    def _post(self, soft=True):
        blocked = self._o2c_quality_blocked()
        if not blocked:
            return super()._post(soft)
        blocked_moves = self.browse([move.id for move in blocked])
        if blocked_moves == self:
            raise UserError(self.env._(
                "The quality gate stops these invoices from being posted:\n\n%(report)s\n\n"
                "Fix them and post again; a billing manager can also post one anyway with "
                "\"Override Quality Gate\", giving a reason.", report=self._o2c_quality_report(blocked)))
        # Posting many: the others post, the blocked ones stay in draft, each
        # with its reasons in its chatter and in the "Invoices to Check" list.
        for move, found in blocked.items():
            move.message_post(body=Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._("Not posted: the quality gate stops it."),
                Markup().join(Markup("<li>%s</li>") % line for line in move._o2c_quality_lines(found))))
        # As Odoo's auto-post job does with an entry it cannot post: no
        # retry (and no new note) every day until someone fixes it.
        blocked_moves.filtered(lambda m: m.auto_post != "no").auto_post = "no"
        return super(AccountMove, self - blocked_moves)._post(soft)

    def action_post(self):
        drafts = self._o2c_quality_candidates()
        result = super().action_post()
        left = drafts.filtered(lambda m: m.state == "draft")
        if left and not result:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "title": self.env._("Some invoices were not posted"),
                    "message": self.env._(
                        "The quality gate stopped %(count)s invoices (%(names)s): they stay in draft, with the "
                        "reasons in their chatter and in Invoices to Check.",
                        count=len(left), names=", ".join(left.mapped("display_name"))),
                    "type": "warning",
                    "sticky": True,
                },
            }
        return result

    # -- avoidable credit notes ---------------------------------------------------------
    @api.model
    def _o2c_quality_figures(self, date_from, date_to, domain=None):
        """What wrong invoices cost between two dates (included), in the
        current companies, untaxed in the company currency, in two queries::

            {"invoiced": 120000.0, "invoice_count": 80, "credited": 3000.0, "credit_count": 4,
             "avoidable": 2000.0, "avoidable_count": 3, "avoidable_share": 1.67 (% of invoiced),
             "first_time_right": 96.25 (% of invoices), "reasons": [{"reason": record, "avoidable": bool,
             "amount": 1500.0, "count": 2}, ...]}
        """
        report = self.env["o2c.credit.report"]
        base = [("date", ">=", date_from), ("date", "<=", date_to), ("company_id", "in", self.env.companies.ids),
                *(domain or [])]
        [(invoiced, invoice_count, credited, credit_count, avoidable, avoidable_count, right)] = report._read_group(
            base, [], ["invoiced_amount:sum", "invoice_count:sum", "credit_amount:sum", "credit_count:sum",
                       "avoidable_amount:sum", "avoidable_count:sum", "first_time_right_count:sum"])
        reasons = report._read_group(
            [*base, ("move_type", "=", "out_refund")], ["reason_id"], ["credit_amount:sum", "credit_count:sum"],
            order="credit_amount:sum desc")
        return {
            "invoiced": invoiced or 0.0, "invoice_count": invoice_count or 0,
            "credited": credited or 0.0, "credit_count": credit_count or 0,
            "avoidable": avoidable or 0.0, "avoidable_count": avoidable_count or 0,
            "avoidable_share": round(100.0 * avoidable / invoiced, 2) if invoiced else 0.0,
            "first_time_right": round(100.0 * right / invoice_count, 2) if invoice_count else None,
            "reasons": [{"reason": reason, "avoidable": reason.avoidable, "amount": amount, "count": count}
                        for reason, amount, count in reasons],
        }

    def button_draft(self):
        posted = self.filtered(lambda m: m.move_type == "out_invoice" and m.state == "posted")
        result = super().button_draft()
        for move in posted:
            move.o2c_reset_count += 1
        return result

    def action_o2c_quality_override(self):
        self.ensure_one()
        return {
            "name": self.env._("Override Quality Gate"),
            "type": "ir.actions.act_window",
            "res_model": "o2c.quality.override",
            "view_mode": "form",
            "target": "new",
            "context": {"default_move_id": self.id},
        }
