# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the cash forecast reads, as known on a reference date D: one SQL
query each, whatever the number of customers, invoices and orders.

- open receivables on D: o2c.receivable.history's residuals as of D;
- customers' days late: reconciliations of their invoices with payments
  dated in the 12 months up to D;
- billing lags: the billing lag facts invoiced in those 12 months;
- payment terms: o2c.receivable.history's invoiced sales of those months;
- per order line on D: delivered, not invoiced (the facts' ``_unbilled_domain``),
  delivered by the delivery date convention and invoiced ahead (the facts,
  made from the ledger), this period's deliveries (the ledger's delivery
  events), signed (its subtotal, as the ledger's signed value);
- vendor bills open on D, bank and cash balances on D, rates of D.
"""

from collections import defaultdict
from datetime import timedelta

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..engine import forecast as fc
from ..engine import lag
from .o2c_billing_lag import LINE_PROJECT

HISTORY_DAYS = 365  # delays, lags and terms: the 12 months up to the reference date
PACE_DAYS = 91  # a line's pace: what it delivered in the 13 weeks up to the reference date


class O2cCashForecastInputs(models.AbstractModel):
    _name = "o2c.cash.forecast.inputs"
    _description = "Cash forecast: what is known on a day"

    # -- customers' habits -------------------------------------------------------------
    @api.model
    def _receipts_sql(self, company, date_from, date_to):
        """Cash received from customers from ``date_from`` to ``date_to``:
        each reconciliation of a receivable line of a posted customer invoice
        or credit note with a payment or a bank statement line, on its
        ``max_date``, in the company currency, tax included (negative when a
        credit note is paid back): (partner, move type, due date, day,
        amount)."""
        branches = [
            SQL(
                """
                SELECT move.commercial_partner_id AS partner_id, move.move_type,
                       COALESCE(inv.date_maturity, inv.date) AS due, p.max_date AS day, %(sign)s * p.amount AS amount
                  FROM account_partial_reconcile p
                  JOIN account_move_line inv ON inv.id = p.%(own)s
                  JOIN account_move move ON move.id = inv.move_id AND move.state = 'posted'
                       AND move.move_type IN ('out_invoice', 'out_refund')
                  JOIN account_account acc ON acc.id = inv.account_id AND acc.account_type = 'asset_receivable'
                  JOIN account_move_line cash ON cash.id = p.%(other)s
                  JOIN account_move cash_move ON cash_move.id = cash.move_id
                       AND (cash_move.origin_payment_id IS NOT NULL OR cash_move.statement_line_id IS NOT NULL)
                 WHERE inv.company_id = %(company)s AND p.max_date BETWEEN %(from)s AND %(to)s
                """,
                sign=sign, own=SQL.identifier(own), other=SQL.identifier(other), company=company.id,
                to=date_to, **{"from": date_from})
            for sign, own, other in ((1, "debit_move_id", "credit_move_id"), (-1, "credit_move_id", "debit_move_id"))
        ]
        return SQL("(%s UNION ALL %s)", *branches)

    @api.model
    def _payment_delays(self, company, day, still_open=()):
        """Days late (payment day - due date) of the invoices' payments of
        the 12 months up to ``day``, weighted by their amounts, with what is
        ``still_open`` then ([(customer, days since due, amount)]): ({customer:
        Distribution}, the company's Distribution)."""
        rows = self.env.execute_query(SQL(
            """
            SELECT r.partner_id, r.day - r.due, SUM(r.amount), COUNT(*)
              FROM %s r
             WHERE r.move_type = 'out_invoice' AND r.amount > 0
          GROUP BY 1, 2
            """, self._receipts_sql(company, day - timedelta(days=HISTORY_DAYS - 1), day)))
        return _distributions(rows, still_open)

    @api.model
    def _billing_lags(self, company, day, still_open=()):
        """Billing lags of the value billed after its delivery in the 12
        months up to ``day`` (billed in advance left out), weighted by value,
        with what is ``still_open`` (delivered, not invoiced: [(customer, days
        since delivery, amount)]): ({customer: Distribution}, the company's)."""
        Lag = self.env["o2c.billing.lag"]
        query = Lag._search([
            ("company_id", "=", company.id), ("status", "=", "billed"), ("billed_in_advance", "=", False),
            ("invoiced_on", ">", day - timedelta(days=HISTORY_DAYS)), ("invoiced_on", "<=", day)])
        facts = query.select(SQL("o2c_billing_lag.partner_id AS p"), SQL("o2c_billing_lag.billing_lag_days AS lag"),
                             SQL("o2c_billing_lag.amount AS v"))
        rows = self.env.execute_query(SQL("SELECT p, lag, SUM(v), COUNT(*) FROM (%s) f GROUP BY 1, 2", facts))
        return _distributions(rows, still_open)

    @api.model
    def _terms(self, company, day):
        """Value-weighted payment terms (due date - invoice date) of the
        customer invoices of the 12 months up to ``day``: ({customer: days},
        the company's days or None)."""
        span = (day - timedelta(days=HISTORY_DAYS - 1), day)
        sales = self.env["o2c.receivable.history"]._read_sales(company, [span], True)
        own, invoiced, weighted = {}, 0.0, 0.0
        for partner_id, by_span in sales.items():
            values = by_span.get(span) or {}
            if values.get("invoiced", 0.0) > 0:
                own[partner_id] = values["invoiced_x_days"] / values["invoiced"]
                invoiced += values["invoiced"]
                weighted += values["invoiced_x_days"]
        return own, (weighted / invoiced if invoiced > 0 else None)

    # -- what is owed, delivered and signed --------------------------------------------
    @api.model
    def _receivables(self, company, day, with_prediction):
        """Customer invoices and credit notes open on ``day``, per receivable
        line: (move, customer, due date, residual in the company currency,
        move currency, residual in it, o2c_dunning's predicted payment date
        (when asked), the move's due date)."""
        predicted = SQL("move.o2c_predicted_payment_date") if with_prediction else SQL("NULL::date")
        return self.env.execute_query(SQL(
            """
            SELECT r.move_id, r.partner_id, r.due, r.residual, move.currency_id,
                   r.residual * COALESCE(move.amount_total / NULLIF(ABS(move.amount_total_signed), 0), 1),
                   %s, move.invoice_date_due
              FROM (%s) r
              JOIN account_move move ON move.id = r.move_id
             WHERE r.residual <> 0
            """, predicted, self.env["o2c.receivable.history"]._residuals_sql(company, [day])))

    @api.model
    def _payables(self, company, day):
        """Vendor bills, refunds and receipts dated (bill date, else
        accounting date: Odoo may book a bill at its month end) up to ``day``
        and open then (the residual of their payable lines, negative: cash
        out): (move, vendor, due date, residual in the company currency, move
        currency, residual in it)."""
        return self.env.execute_query(SQL(
            """
            SELECT aml.move_id, move.commercial_partner_id, COALESCE(aml.date_maturity, aml.date), residual.amount,
                   move.currency_id,
                   residual.amount * COALESCE(move.amount_total / NULLIF(ABS(move.amount_total_signed), 0), 1)
              FROM account_move_line aml
              JOIN account_move move ON move.id = aml.move_id
                   AND move.move_type IN ('in_invoice', 'in_refund', 'in_receipt')
              JOIN account_account acc ON acc.id = aml.account_id AND acc.account_type = 'liability_payable'
              CROSS JOIN LATERAL (
                    SELECT aml.balance
                           - COALESCE((SELECT SUM(p.amount) FROM account_partial_reconcile p
                                        WHERE p.debit_move_id = aml.id AND p.max_date <= %(day)s), 0)
                           + COALESCE((SELECT SUM(p.amount) FROM account_partial_reconcile p
                                        WHERE p.credit_move_id = aml.id AND p.max_date <= %(day)s), 0) AS amount
              ) residual
             WHERE aml.company_id = %(company)s AND aml.parent_state = 'posted'
               AND COALESCE(move.invoice_date, aml.date) <= %(day)s
               AND (aml.amount_residual <> 0 OR EXISTS (
                    SELECT 1 FROM account_partial_reconcile p
                     WHERE (p.debit_move_id = aml.id OR p.credit_move_id = aml.id) AND p.max_date > %(day)s))
               AND residual.amount <> 0
            """, company=company.id, day=day))

    @api.model
    def _opening_balance(self, company, day):
        """Cash on ``day``: the balance of the bank and cash journals'
        accounts, and of the outstanding receipts and payments accounts their
        payments go through until a bank statement matches them (company
        currency, as booked)."""
        rows = self.env.execute_query(SQL(
            """
            WITH journals AS (
                SELECT id, default_account_id FROM account_journal
                 WHERE company_id = %(company)s AND type IN ('bank', 'cash')
            ), accounts AS (
                SELECT default_account_id AS id FROM journals WHERE default_account_id IS NOT NULL
                 UNION
                SELECT line.payment_account_id FROM account_payment_method_line line
                  JOIN journals ON journals.id = line.journal_id WHERE line.payment_account_id IS NOT NULL
                 UNION
                SELECT pay.outstanding_account_id FROM account_payment pay
                  JOIN journals ON journals.id = pay.journal_id WHERE pay.outstanding_account_id IS NOT NULL
            )
            SELECT COALESCE(SUM(aml.balance), 0)
              FROM account_move_line aml
             WHERE aml.account_id IN (SELECT id FROM accounts) AND aml.company_id = %(company)s
               AND aml.parent_state = 'posted' AND aml.date <= %(day)s
            """, company=company.id, day=day))
        return float(rows[0][0])

    @api.model
    def _order_lines(self, company, day):
        """What the forecast needs of each line of the company's confirmed
        orders: {line: (order, customer, currency, is timesheet, tax-included
        / untaxed ratio, project end, commitment date, days of the order's
        payment terms (its longest line))}, and {line: its signed value on
        ``day``} (the ledger's: its untaxed subtotal once its order is dated,
        in the order's currency); down payment lines left out."""
        rows = self.env.execute_query(SQL(
            f"""
            SELECT sol.id, so.id, partner.commercial_partner_id, so.currency_id,
                   sol.qty_delivered_method = 'timesheet',
                   COALESCE(sol.price_total / NULLIF(sol.price_subtotal, 0), 1), project.date,
                   (so.commitment_date AT TIME ZONE 'UTC')::date,
                   (SELECT MAX(term.nb_days) FROM account_payment_term_line term
                     WHERE term.payment_id = so.payment_term_id),
                   CASE WHEN so.date_order::date <= %(day)s THEN sol.price_subtotal ELSE 0 END
              FROM sale_order_line sol
              JOIN sale_order so ON so.id = sol.order_id AND so.state = 'sale'
              JOIN res_partner partner ON partner.id = so.partner_id
         LEFT JOIN project_project project ON project.id = {LINE_PROJECT}
             WHERE so.company_id = %(company)s AND sol.display_type IS NULL
               AND NOT COALESCE(sol.is_downpayment, FALSE)
            """, company=company.id, day=day))
        return {row[0]: row[1:9] for row in rows}, {row[0]: float(row[9] or 0.0) for row in rows}

    @api.model
    def _open_period(self, company, day):
        """The first day of the delivery period of ``day`` not yet delivered
        by the company's convention on ``day`` (this month's timesheets with
        the month-end convention), or None when there is none."""
        convention = company.o2c_kpi_delivery_convention
        if lag.delivery_date(day, convention, True) == day:
            return None
        return day.replace(day=1) if convention == lag.MONTH_END else day - timedelta(days=day.weekday())

    @api.model
    def _in_progress(self, company, day):
        """What each order line delivered, by ``day``, in the period that the
        delivery date convention has not closed yet (this month's timesheets),
        in the order's currency, from the ledger's deliveries: {line: amount}.
        What was delivered before is in the billing lag facts."""
        start = self._open_period(company, day)
        if not start:
            return {}
        rows = self.env.execute_query(SQL(
            """
            SELECT ev.sale_line_id, SUM(ev.amount_currency)
              FROM o2c_ledger_billing_event ev
             WHERE ev.company_id = %s AND ev.kind = 'delivered' AND ev.date BETWEEN %s AND %s
          GROUP BY ev.sale_line_id
            """, company.id, start, day))
        return {line_id: float(amount or 0.0) for line_id, amount in rows}

    @api.model
    def _facts(self, company, day):
        """The billing lag facts true on ``day``, per order line, in the
        order's currency: delivered and not invoiced, per delivery date
        ({line: [(delivered on, amount, amount in the company currency)]}),
        and {line: {"delivered": delivered by the convention, "in_advance":
        invoiced and not delivered, "recent": delivered (by the convention)
        in the 13 weeks up to ``day``, "recent_from": the first day worked of
        that value}}."""
        Lag = self.env["o2c.billing.lag"]
        company_domain = [("company_id", "=", company.id)]
        true_on_day = ["|", ("valid_from", "=", False), ("valid_from", "<=", day),
                       "|", ("valid_to", "=", False), ("valid_to", ">", day)]

        def select(domain, kind, delivered_on=None, company_amount=None):
            return Lag._search([*company_domain, *domain]).select(
                SQL("%s AS kind", kind), SQL("o2c_billing_lag.sale_line_id AS line"),
                SQL("%s AS d", delivered_on or SQL("NULL::date")), SQL("o2c_billing_lag.amount_currency AS v"),
                SQL("%s AS c", company_amount or SQL("NULL::numeric")))

        parts = [
            select(self.env["o2c.kpi.figures"]._unbilled_domain(day), "u", SQL("o2c_billing_lag.delivered_on"),
                   SQL("o2c_billing_lag.amount")),
            select([("delivered_on", "<=", day), *true_on_day], "delivered"),
            select([("invoiced_on", "<=", day), "|", ("delivered_on", "=", False), ("delivered_on", ">", day),
                    *true_on_day], "in_advance"),
            select([("delivered_on", ">", day - timedelta(days=PACE_DAYS)), ("delivered_on", "<=", day),
                    *true_on_day], "recent", SQL("o2c_billing_lag.first_event_on")),
        ]
        rows = self.env.execute_query(SQL(
            "SELECT kind, line, d, SUM(v), SUM(c) FROM (%s) f GROUP BY 1, 2, 3", SQL(" UNION ALL ").join(parts)))
        unbilled = defaultdict(list)
        totals = defaultdict(lambda: {"delivered": 0.0, "in_advance": 0.0, "recent": 0.0, "recent_from": None})
        for kind, line_id, day_, value, value_company in rows:
            if kind == "u":
                unbilled[line_id].append((day_, float(value or 0.0), float(value_company or 0.0)))
                continue
            totals[line_id][kind] += float(value or 0.0)
            if kind == "recent" and day_:
                totals[line_id]["recent_from"] = min(totals[line_id]["recent_from"] or day_, day_)
        return unbilled, totals

    @api.model
    def _schedules(self, company, day):
        """The delivery plans of the company's order lines on ``day``: their
        milestones not reached then ({line: [(deadline, share)]}) and their
        tasks with planned hours and a deadline after it ({line: [(deadline,
        hours left)]}, hours timesheeted up to ``day`` deducted)."""
        rows = self.env.execute_query(SQL(
            """
            SELECT 'm', ms.sale_line_id, ms.deadline, ms.quantity_percentage
              FROM project_milestone ms
              JOIN sale_order_line sol ON sol.id = ms.sale_line_id
              JOIN sale_order so ON so.id = sol.order_id AND so.state = 'sale' AND so.company_id = %(company)s
             WHERE NOT (ms.is_reached AND ms.reached_date <= %(day)s)
             UNION ALL
            SELECT 't', task.sale_line_id, (task.date_deadline AT TIME ZONE 'UTC')::date,
                   task.allocated_hours - COALESCE((SELECT SUM(aal.unit_amount) FROM account_analytic_line aal
                                                    WHERE aal.task_id = task.id AND aal.date <= %(day)s), 0)
              FROM project_task task
              JOIN sale_order_line sol ON sol.id = task.sale_line_id
              JOIN sale_order so ON so.id = sol.order_id AND so.state = 'sale' AND so.company_id = %(company)s
             WHERE task.active AND task.allocated_hours > 0
               AND (task.date_deadline AT TIME ZONE 'UTC')::date > %(day)s
            """, company=company.id, day=day))
        milestones, tasks = defaultdict(list), defaultdict(list)
        for kind, line_id, deadline, value in rows:
            (milestones if kind == "m" else tasks)[line_id].append((deadline, float(value or 0.0)))
        return milestones, tasks

    @api.model
    def _rates(self, company, currency_ids, day):
        """{currency: company currency per unit} on ``day`` (Odoo's rates: the
        root company's, else shared ones, the latest on or before the day).
        A clear message when a currency has no rate by then."""
        currency_ids = sorted(set(currency_ids) - {company.currency_id.id})
        if not currency_ids:
            return {}
        rows = self.env.execute_query(SQL(
            """
            SELECT cur.id, cur.name, (
                   SELECT rate.rate FROM res_currency_rate rate
                    WHERE rate.currency_id = cur.id AND rate.name <= %(day)s
                      AND (rate.company_id = %(root)s OR rate.company_id IS NULL)
                 ORDER BY rate.company_id NULLS LAST, rate.name DESC LIMIT 1)
              FROM res_currency cur WHERE cur.id = ANY(%(ids)s)
            """, day=day, root=company.root_id.id, ids=[*currency_ids, company.currency_id.id]))
        rates = {currency_id: (name, rate) for currency_id, name, rate in rows}
        own = rates.get(company.currency_id.id, (None, None))[1] or 1.0
        missing = sorted(rates[c][0] for c in currency_ids if not rates[c][1])
        if missing:
            raise UserError(self.env._(
                "The cash forecast of %(day)s needs the exchange rate of %(currencies)s on or before that day, and "
                "there is none: add it to the currency, or choose a later day.",
                day=day, currencies=", ".join(missing)))
        return {c: own / float(rates[c][1]) for c in currency_ids}


def _distributions(rows, still_open=()):
    """({customer: Distribution}, the company's) from rows of (customer,
    days, weight, count) observed and [(customer, days so far, weight)]
    still open."""
    points, counts, censored = defaultdict(list), defaultdict(int), defaultdict(list)
    for partner_id, days, weight, count in rows:
        points[partner_id].append((days, float(weight or 0.0)))
        counts[partner_id] += count
    for partner_id, days, weight in still_open:
        censored[partner_id].append((days, float(weight or 0.0)))
    own = {partner_id: fc.Distribution(points[partner_id], counts[partner_id], censored[partner_id])
           for partner_id in set(points) | set(censored)}
    company = fc.Distribution([p for values in points.values() for p in values], sum(counts.values()),
                              [c for values in censored.values() for c in values])
    return own, company
