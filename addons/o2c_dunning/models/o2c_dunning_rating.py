# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models

from ..engine import rating as engine
from .o2c_dunning_rating_history import HISTORY_CRITERIA

_logger = logging.getLogger(__name__)

# Every customer invoice of the company due over the period, with its amount
# (company currency) and how late it was paid, or is so far when still open.
INVOICES = """
    SELECT m.id, m.commercial_partner_id, m.amount_total_signed, m.amount_residual_signed,
           m.invoice_date_due, m.payment_state IN ('paid', 'in_payment') AS paid,
           CASE WHEN m.payment_state IN ('paid', 'in_payment')
                THEN COALESCE(pay.paid_on, m.invoice_date_due) - m.invoice_date_due
                ELSE %(today)s - m.invoice_date_due END AS days_late
      FROM account_move m
      LEFT JOIN LATERAL (
            SELECT MAX(apr.max_date) AS paid_on
              FROM account_move_line aml
              JOIN account_partial_reconcile apr ON apr.debit_move_id = aml.id
             WHERE aml.move_id = m.id AND aml.display_type = 'payment_term') pay ON TRUE
     WHERE m.move_type = 'out_invoice' AND m.state = 'posted' AND m.company_id = %(company)s
       AND m.payment_state IN ('not_paid', 'partial', 'paid', 'in_payment')
       AND m.invoice_date_due >= %(since)s
"""

class O2cDunningRating(models.AbstractModel):
    """Nightly: rate every customer A–D from its last 12 months, and predict
    when each open invoice will be paid. A few queries per company."""

    _name = "o2c.dunning.rating"
    _description = "Customer payment rating"

    @api.model
    def _cron_rate(self):
        for company in self.env["res.company"].sudo().search([]):
            try:
                with self.env.cr.savepoint():
                    self._rate_company(company, fields.Date.context_today(self))
            except Exception:
                # One company's bad data must not leave the others unrated.
                _logger.exception("Customer rating failed for %s", company.name)

    @api.model
    def _rate_company(self, company, today):
        since = today - timedelta(days=365)
        self.env.flush_all()
        self.env.cr.execute(INVOICES, {"company": company.id, "today": today, "since": since})
        rows = self.env.cr.dictfetchall()
        histories = defaultdict(engine.History)
        own_delays = defaultdict(list)
        company_delays = []
        open_moves = []
        for row in rows:
            due_passed = row["invoice_date_due"] < today
            if row["paid"] or due_passed:
                histories[row["commercial_partner_id"]].invoices.append((row["amount_total_signed"], row["days_late"]))
            if row["paid"]:
                delay = (row["amount_total_signed"], row["days_late"])
                own_delays[row["commercial_partner_id"]].append(delay)
                company_delays.append(delay)
            else:
                open_moves.append(row)
                if due_passed:
                    histories[row["commercial_partner_id"]].overdue += row["amount_residual_signed"]
        for partner_id, count in self.env["o2c.dunning.dispute"].sudo()._read_group(
                [("company_id", "=", company.id), ("date", ">=", since)], ["partner_id"], ["__count"]):
            histories[partner_id.id].disputes = count
        Partner = self.env["res.partner"].sudo().with_company(company)
        # customers rated before but without anything in the period lose their rating
        partners = Partner.browse(list(histories)) | Partner.search([("o2c_rating", "!=", False)])
        for partner in partners:
            histories[partner.id].credit_limit = partner.credit_limit if partner.use_partner_credit_limit else 0.0
        changed = self._apply_ratings(company, today, partners, histories)
        self._predict(open_moves, own_delays, company_delays)
        _logger.info("Customer rating for %s: %s customers rated, %s changed, %s open invoices predicted.",
                     company.name, len(partners), changed, len(open_moves))
        return changed

    def _apply_ratings(self, company, today, partners, histories):
        limits = self.env["o2c.dunning.rating.rule"]._limits(company)
        by_rating = defaultdict(list)
        history_values = []
        for partner in partners:
            rating, detail = engine.rate(histories[partner.id], limits)
            if rating == (partner.o2c_rating or None):
                continue
            by_rating[rating or False].append(partner.id)
            if rating:
                history_values.append({
                    "partner_id": partner.id, "company_id": company.id, "date": today, "rating": rating,
                    "previous_rating": partner.o2c_rating,
                    "grades": "".join(detail.get(name, (0, "-"))[1] for name in HISTORY_CRITERIA),
                    **{name: value for name, (value, _grade) in detail.items()},
                })
        for rating, partner_ids in by_rating.items():
            partners.browse(partner_ids).write({"o2c_rating": rating})
        self.env["o2c.dunning.rating.history"].sudo().create(history_values)
        return sum(len(ids) for ids in by_rating.values())

    def _predict(self, open_moves, own_delays, company_delays):
        if not open_moves:
            return
        ids, dates = [], []
        for row in open_moves:
            ids.append(row["id"])
            dates.append(engine.predicted_payment_date(
                row["invoice_date_due"], own_delays.get(row["commercial_partner_id"], []), company_delays))
        self.env.cr.execute(
            "UPDATE account_move m SET o2c_predicted_payment_date = v.day "
            "FROM unnest(%s::int[], %s::date[]) AS v(id, day) WHERE m.id = v.id", [ids, dates])
        self.env["account.move"].invalidate_model(["o2c_predicted_payment_date"])
