# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Receivables KPIs: DSO, best possible DSO, average days delinquent,
collection effectiveness, overdue by age, and the cash the DSO ties up.

Receivables as of a day D: the receivable lines of posted customer invoices
and credit notes dated (accounting date) up to D, in the company currency,
tax included, minus what was reconciled with them up to D: each
``account.partial.reconcile`` counts from its ``max_date`` (the later date
of the two lines it matches). So a payment dated after D does not reduce the
receivables of D, even when it is reconciled today. An exchange difference Odoo books when a payment in another currency
settles an invoice counts on the day of that payment, not on the date of its
entry (Odoo's exchange journal often dates it at the month end). Payments not
reconciled with an invoice do not reduce them either.

The figures are read live (two SQL queries for any number of days, customers
and invoices: ``_compute``) for the dashboard, and stored monthly per
company and per customer by a daily job for the history views.
"""

import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..engine import ageing
from ..engine import receivables as rec

_logger = logging.getLogger(__name__)

HISTORY_MONTHS = 12  # month ends the daily job recomputes, besides today
BUCKET_FIELDS = {key: f"overdue_{key}" for key, _first, _last in ageing.OVERDUE_BUCKETS}
# The engine's figures and the fields storing them.
FIGURE_FIELDS = {
    "receivables": "receivables", "current_receivables": "current_receivables", "overdue": "overdue",
    "sales": "sales", "dso": "dso", "dso_countback": "dso_countback", "dso_simple": "dso_simple",
    "best_dso": "best_dso", "add": "add_days", "cei": "cei", "cei_collected": "cei_collected",
    "cei_collectible": "cei_collectible", "daily_sales": "daily_sales", "terms_days": "terms_days",
    "cash_tied_dso": "cash_tied_dso", "cash_freed_dso": "cash_freed_dso",
}
# Days figures averaged over grouped rows weighted by the daily sales (for
# customers who all sold in the window, the simple DSO of the group: its
# receivables / its daily sales).
SALES_WEIGHTED = ("dso", "dso_countback", "dso_simple", "best_dso", "add_days", "terms_days")
PREVIOUS = ("dso", "best_dso", "add", "overdue", "cash_tied_dso")  # dashboard trend: one month earlier
RECEIVABLE_TYPES = ("out_invoice", "out_refund")

HELP = {
    "receivables": "Posted customer invoices and credit notes dated (accounting date) up to the day, tax "
    "included, in the company currency, minus what was reconciled with them by that day (payments, credit "
    "notes, write-offs; a reconciliation counts on the later date of the two lines it matches, an exchange "
    "difference on the day of the payment it comes from). Payments not yet reconciled with an invoice do not "
    "reduce them.",
    "current": "Receivables not yet due on the day (due date on or after it), each installment by its own due "
    "date.",
    "overdue": "Receivables past their due date on the day: receivables - current receivables, by days past "
    "due: 1-30, 31-60, 61-90, 91 and more. Each installment counts by its own due date; a credit note not yet "
    "matched counts negatively.",
    "sales": "Customer invoices minus credit notes posted in the month (up to the day for the month in "
    "progress), tax included like the receivables, in the company currency.",
    "dso": "Days sales outstanding by the company's method (countback by default, or simple): see DSO "
    "(countback) and DSO (simple). Empty when there were no sales to divide by.",
    "dso_countback": "Days of the latest sales the receivables represent: the sales of the month of the day "
    "(up to the day), then of each month before, are taken from the receivables until they are covered. "
    "DSO = days of the months fully covered + what is left / sales of the next month x its days. A month "
    "without sales covers nothing; beyond 12 months, what is left counts at the average daily sales of "
    "those 12 months.",
    "dso_simple": "Receivables / invoiced sales of the last N months x the days in them (N: the company's "
    "DSO months; the month of the day up to the day and the N-1 months before).",
    "best_dso": "Best possible DSO: the DSO of the current (not yet due) receivables only, by the same "
    "method: the DSO if every customer paid on the due date.",
    "add": "Average days delinquent = DSO - best possible DSO: how many days late customers pay on "
    "average.",
    "cei": "Collection effectiveness index over the 3 months ending on the day (the month of the day up to "
    "the day and the two before) = collected / collectible x 100, with collected = opening receivables + "
    "invoiced sales of the 3 months - closing receivables, and collectible = opening receivables + invoiced "
    "sales - closing current receivables. Opening: on the eve of the 3 months. 100% = everything due was "
    "collected.",
    "cei_collected": "Opening receivables + invoiced sales of the 3 months - closing receivables: what "
    "payments and write-offs settled (credit notes are already deducted from the sales).",
    "cei_collectible": "Opening receivables + invoiced sales of the 3 months - closing current receivables: "
    "what could have been collected.",
    "daily_sales": "Average daily invoiced sales, tax included: invoiced sales of the last N months / the days "
    "in them (the window of the simple DSO).",
    "terms_days": "Average payment terms granted: due date - invoice date of the customer invoices of the "
    "last N months, weighted by their amount (tax included), each installment by its own due date.",
    "cash_tied_dso": "Cash tied up by customers paying later than their terms: daily sales x max(DSO - "
    "average payment terms, 0).",
    "cash_freed_dso": "Cash freed if the DSO fell to the company's DSO target: daily sales x max(DSO - "
    "target days, 0).",
}


class O2cReceivableHistory(models.Model):
    _name = "o2c.receivable.history"
    _description = "Receivables KPIs: monthly history"
    _order = "date desc, partner_id"
    _rec_name = "date"
    _log_access = False

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one("res.currency", "Currency", related="company_id.currency_id", store=True)
    partner_id = fields.Many2one(
        "res.partner", "Customer", readonly=True, index="btree_not_null", ondelete="cascade",
        help="The customer (commercial entity) of the row; empty: the company's figures, all customers.")
    user_id = fields.Many2one(
        "res.users", "Salesperson", related="partner_id.user_id", store=True,
        help="The customer's salesperson: they see the rows of their customers.")
    date = fields.Date(
        "As of", readonly=True, required=True,
        help="A month end, or the day the figures were computed for the month in progress.")
    month_to_date = fields.Boolean(
        "Month to Date", readonly=True, help="The month in progress, up to the day the figures were computed.")
    receivables = fields.Monetary("Receivables", readonly=True, help=HELP["receivables"])
    current_receivables = fields.Monetary("Current Receivables", readonly=True, help=HELP["current"])
    overdue = fields.Monetary("Overdue", readonly=True, help=HELP["overdue"])
    overdue_1_30 = fields.Monetary("Overdue 1-30 Days", readonly=True, help=HELP["overdue"])
    overdue_31_60 = fields.Monetary("Overdue 31-60 Days", readonly=True, help=HELP["overdue"])
    overdue_61_90 = fields.Monetary("Overdue 61-90 Days", readonly=True, help=HELP["overdue"])
    overdue_91 = fields.Monetary("Overdue 91+ Days", readonly=True, help=HELP["overdue"])
    sales = fields.Monetary("Invoiced Sales (tax incl.)", readonly=True, help=HELP["sales"])
    dso = fields.Float("DSO (days)", readonly=True, digits=(16, 1), aggregator="avg", help=HELP["dso"])
    dso_countback = fields.Float(
        "DSO Countback (days)", readonly=True, digits=(16, 1), aggregator="avg", help=HELP["dso_countback"])
    dso_simple = fields.Float(
        "DSO Simple (days)", readonly=True, digits=(16, 1), aggregator="avg", help=HELP["dso_simple"])
    best_dso = fields.Float(
        "Best Possible DSO (days)", readonly=True, digits=(16, 1), aggregator="avg", help=HELP["best_dso"])
    add_days = fields.Float(
        "Average Days Delinquent", readonly=True, digits=(16, 1), aggregator="avg", help=HELP["add"])
    cei = fields.Float(
        "Collection Effectiveness (%)", readonly=True, digits=(16, 1), aggregator="avg", help=HELP["cei"])
    cei_collected = fields.Monetary("Collected (3 months)", readonly=True, help=HELP["cei_collected"])
    cei_collectible = fields.Monetary("Collectible (3 months)", readonly=True, help=HELP["cei_collectible"])
    daily_sales = fields.Monetary("Daily Sales (tax incl.)", readonly=True, help=HELP["daily_sales"])
    terms_days = fields.Float(
        "Payment Terms (days)", readonly=True, digits=(16, 1), aggregator="avg", help=HELP["terms_days"])
    cash_tied_dso = fields.Monetary("Cash Tied Up by DSO", readonly=True, help=HELP["cash_tied_dso"])
    cash_freed_dso = fields.Monetary("Cash Freed at DSO Target", readonly=True, help=HELP["cash_freed_dso"])

    # -- grouped rows: weighted averages -----------------------------------------------
    @api.model
    def _read_group_select(self, aggregate_spec, query):
        fname, _sep, func = aggregate_spec.partition(":")
        if func == "avg" and fname in SALES_WEIGHTED:
            value = self._field_to_sql(self._table, fname, query)
            weight = self._field_to_sql(self._table, "daily_sales", query)
            # a single row (or rows without sales) shows its own value
            return SQL("COALESCE(SUM(%s * %s) / NULLIF(SUM(CASE WHEN %s IS NOT NULL THEN %s END), 0), AVG(%s))",
                       value, weight, value, weight, value)
        if aggregate_spec == "cei:avg":
            collected = self._field_to_sql(self._table, "cei_collected", query)
            collectible = self._field_to_sql(self._table, "cei_collectible", query)
            return SQL("CASE WHEN SUM(%s) > 0 THEN SUM(%s) / SUM(%s) * 100 END", collectible, collected, collectible)
        return super()._read_group_select(aggregate_spec, query)

    # -- input ---------------------------------------------------------------------------
    @api.model
    def _check_day(self, day):
        """``day`` as a date (today when empty); a clear message for a day
        that is not a date or is after today."""
        today = fields.Date.context_today(self)
        if not day:
            return today
        try:
            parsed = fields.Date.to_date(day)
        except (TypeError, ValueError):
            parsed = None
        if not parsed:
            raise UserError(self.env._("Receivables KPIs need a date, not %s.", day))
        day = parsed
        if day > today:
            raise UserError(self.env._(
                "Receivables KPIs cannot be computed for %(day)s: it is after today (%(today)s).",
                day=day, today=today))
        return day

    # -- reading the books ---------------------------------------------------------------
    @api.model
    def _scope(self):
        """SQL condition on ``partner`` (the commercial customer) for the
        reader: accountants and sales managers see every customer of the
        company, salespeople their own customers (as the history's rules)."""
        user = self.env.user
        if self.env.su or user.has_group("account.group_account_invoice") or user.has_group(
                "sales_team.group_sale_salesman_all_leads"):
            return SQL("TRUE")
        return SQL("partner.user_id = %s", user.id)

    @api.model
    def _lines_sql(self, company, condition):
        """The receivable lines of ``company``'s posted customer invoices and
        credit notes the reader may see, that meet ``condition``: (id,
        customer, move, move type, invoice date, date, due date, balance)."""
        return SQL(
            """
            SELECT aml.id, move.commercial_partner_id AS partner_id, aml.move_id, move.move_type,
                   COALESCE(move.invoice_date, aml.date) AS invoice_date, aml.date,
                   COALESCE(aml.date_maturity, aml.date) AS due, aml.balance
              FROM account_move_line aml
              JOIN account_move move ON move.id = aml.move_id
              JOIN account_account account ON account.id = aml.account_id
              JOIN res_partner partner ON partner.id = move.commercial_partner_id
             WHERE aml.company_id = %(company)s AND aml.parent_state = 'posted'
               AND move.move_type IN %(types)s AND account.account_type = 'asset_receivable'
               AND %(scope)s AND %(condition)s
            """,
            company=company.id, types=RECEIVABLE_TYPES, scope=self._scope(), condition=condition)

    @api.model
    def _residuals_sql(self, company, days):
        """One row per receivable line and day of ``days``: (day, customer,
        move, due date, residual on that day)."""
        # Lines settled before the first day are 0 on every day: left out.
        condition = SQL(
            """
            aml.date <= %(last)s
            AND (aml.amount_residual <> 0
                 OR EXISTS (SELECT 1 FROM account_partial_reconcile p
                             WHERE p.debit_move_id = aml.id AND p.max_date >= %(first)s)
                 OR EXISTS (SELECT 1 FROM account_partial_reconcile p
                             WHERE p.credit_move_id = aml.id AND p.max_date >= %(first)s))
            """,
            first=min(days), last=max(days))
        return SQL(
            """
            WITH days AS (SELECT unnest(%(days)s::date[]) AS day),
            lines AS (%(lines)s),
            matched AS (
                SELECT p.id, p.debit_move_id AS line_id, p.credit_move_id AS other_id, p.max_date, p.amount
                  FROM account_partial_reconcile p JOIN lines ON lines.id = p.debit_move_id
             UNION ALL
                SELECT p.id, p.credit_move_id, p.debit_move_id, p.max_date, -p.amount
                  FROM account_partial_reconcile p JOIN lines ON lines.id = p.credit_move_id
            ),
            -- An exchange difference Odoo books for a reconciliation (dated by its
            -- exchange journal, often at the month end) counts on that reconciliation's day.
            dated AS (
                SELECT m.line_id, m.amount, LEAST(m.max_date, COALESCE(
                       (SELECT MIN(q.max_date) FROM account_partial_reconcile q
                         WHERE q.exchange_move_id = other.move_id),
                       (SELECT MAX(q.max_date) FROM account_full_reconcile f
                          JOIN account_partial_reconcile q ON q.full_reconcile_id = f.id
                         WHERE f.exchange_move_id = other.move_id AND q.id <> m.id),
                       m.max_date)) AS max_date
                  FROM matched m JOIN account_move_line other ON other.id = m.other_id
            )
            SELECT days.day, lines.partner_id, lines.move_id, lines.due,
                   lines.balance - COALESCE(SUM(dated.amount), 0) AS residual
              FROM days
              JOIN lines ON lines.date <= days.day
         LEFT JOIN dated ON dated.line_id = lines.id AND dated.max_date <= days.day
          GROUP BY days.day, lines.id, lines.partner_id, lines.move_id, lines.due, lines.balance
            """,
            days=[str(day) for day in days], lines=self._lines_sql(company, condition))

    @api.model
    def _read_balances(self, company, days, by_partner):
        """{customer or None: {day: {"receivables", "current", "buckets"}}}."""
        bucket = ageing.sql_case("(r.day - r.due)", ageing.OVERDUE_BUCKETS)
        rows = self.env.execute_query(SQL(
            f"""
            SELECT r.day, %s, CASE WHEN r.due >= r.day THEN 'current' ELSE {bucket} END, SUM(r.residual)
              FROM (%s) r
          GROUP BY 1, 2, 3
            """,
            SQL("r.partner_id") if by_partner else SQL("NULL::int"), self._residuals_sql(company, days)))
        result = defaultdict(dict)
        for day, partner_id, kind, amount in rows:
            balance = result[partner_id].setdefault(day, {"receivables": 0.0, "current": 0.0, "buckets": {}})
            balance["receivables"] += float(amount)
            if kind == "current":
                balance["current"] += float(amount)
            else:
                balance["buckets"][kind] = float(amount)
        return result

    @api.model
    def _read_sales(self, company, spans, by_partner):
        """{customer or None: {(start, end): {"sales", "invoiced", "invoiced_x_days"}}}."""
        first, last = min(start for start, _end in spans), max(end for _start, end in spans)
        rows = self.env.execute_query(SQL(
            """
            WITH spans AS (SELECT * FROM unnest(%(starts)s::date[], %(ends)s::date[]) AS s(start, stop))
            SELECT spans.start, spans.stop, %(partner)s, SUM(lines.balance),
                   COALESCE(SUM(lines.balance) FILTER (WHERE lines.move_type = 'out_invoice'), 0),
                   COALESCE(SUM(lines.balance * (lines.due - lines.invoice_date))
                            FILTER (WHERE lines.move_type = 'out_invoice'), 0)
              FROM (%(lines)s) lines
              JOIN spans ON lines.date BETWEEN spans.start AND spans.stop
          GROUP BY 1, 2, 3
            """,
            starts=[str(start) for start, _end in spans], ends=[str(end) for _start, end in spans],
            partner=SQL("lines.partner_id") if by_partner else SQL("NULL::int"),
            lines=self._lines_sql(company, SQL("aml.date BETWEEN %s AND %s", first, last))))
        result = defaultdict(dict)
        for start, stop, partner_id, sales, invoiced, invoiced_x_days in rows:
            result[partner_id][(start, stop)] = {
                "sales": float(sales), "invoiced": float(invoiced), "invoiced_x_days": float(invoiced_x_days)}
        return result

    @api.model
    def _compute(self, company, dates, by_partner=False):
        """The figures of ``company`` on each of ``dates``: {(date, customer
        or None): figures (engine/receivables.py)}; None is the company (all
        the customers the reader sees). Two queries, whatever the number of
        dates, customers and invoices."""
        self.env.flush_all()
        method, months = company.o2c_kpi_dso_method, company.o2c_kpi_dso_months
        days, spans = rec.needs(dates, months)
        balances = self._read_balances(company, days, by_partner)
        sales = self._read_sales(company, spans, by_partner)
        if by_partner:
            balances[None], sales[None] = _total_balances(balances), _total_sales(sales)
        result = {}
        for partner_id in set(balances) | set(sales) | {None}:
            for day in dates:
                figures = rec.figures(
                    day, balances.get(partner_id, {}), sales.get(partner_id, {}), method=method,
                    simple_months=months, target_days=company.o2c_kpi_dso_target_days)
                if partner_id is None or _active(figures):
                    result[(day, partner_id)] = figures
        return result

    # -- the dashboard's contract --------------------------------------------------------
    @api.model
    def _definitions(self, labels=False):
        """{figure: its definition with the formula} (or its label), in the
        user's language: the help (or the label) of the history's fields."""
        names = dict(FIGURE_FIELDS, overdue_buckets="overdue")
        if labels:
            return {key: self._fields[name]._description_string(self.env) for key, name in names.items()}
        return {key: self._fields[name]._description_help(self.env) for key, name in names.items()}

    @api.model
    def _dashboard_figures(self, as_of=None):
        """The receivables KPIs of the current company on ``as_of`` (today by
        default), computed live, with the same figures one month earlier
        (``*_previous``), the definitions and the labels of the figures."""
        self.check_access("read")
        as_of = self._check_day(as_of)
        previous = rec.add_months(as_of, -1)
        company = self.env.company
        computed = self._compute(company, [as_of, previous])
        now, before = computed[(as_of, None)], computed[(previous, None)]
        result = dict(now, as_of=as_of, previous_date=previous)
        result["overdue_buckets"] = {key: now["overdue_buckets"].get(key, 0.0) for key in BUCKET_FIELDS}
        for key in PREVIOUS:
            result[f"{key}_previous"] = before[key]
        result["definitions"], result["labels"] = self._definitions(), self._definitions(labels=True)
        return result

    @api.model
    def _monthly_series(self, as_of=None, months=HISTORY_MONTHS):
        """The last ``months`` month ends of the current company, oldest
        first, the last one being ``as_of`` itself (its month to date when it
        is not a month end): [{"month": month end, "date": as of, "dso",
        "best_dso", "add", "receivables", "overdue"}], computed live."""
        self.check_access("read")
        as_of = self._check_day(as_of)
        if not isinstance(months, int) or not 1 <= months <= 36:
            raise UserError(self.env._("The DSO history covers 1 to 36 months, not %s.", months))
        dates = [*rec.month_ends(as_of, months - 1), as_of]
        computed = self._compute(self.env.company, dates)
        return [
            {"month": rec.month_end(day), "date": day,
             **{key: computed[(day, None)][key] for key in ("dso", "best_dso", "add", "receivables", "overdue")}}
            for day in dates
        ]

    @api.model
    def _collection_effectiveness(self, date_from, date_to):
        """The collection effectiveness index of the current company over any
        period: {"cei", "collected", "collectible", "opening", "sales",
        "closing", "closing_current"} (same convention as the 3-month one)."""
        self.check_access("read")
        date_from, date_to = self._check_day(date_from), self._check_day(date_to)
        if date_to < date_from:
            raise UserError(self.env._(
                "The period ends (%(end)s) before it starts (%(start)s).", end=date_to, start=date_from))
        self.env.flush_all()
        company = self.env.company
        opening_day = date_from - timedelta(days=1)
        balances = self._read_balances(company, [opening_day, date_to], False)[None]
        sales = self._read_sales(company, [(date_from, date_to)], False)[None]
        closing = balances.get(date_to, {"receivables": 0.0, "current": 0.0})
        opening = balances.get(opening_day, {"receivables": 0.0})["receivables"]
        sold = sales.get((date_from, date_to), {"sales": 0.0})["sales"]
        cei, collected, collectible = rec.collection_effectiveness(
            opening, sold, closing["receivables"], closing["current"])
        return {"cei": cei, "collected": collected, "collectible": collectible, "opening": opening,
                "sales": sold, "closing": closing["receivables"], "closing_current": closing["current"]}

    @api.model
    def action_open_overdue(self, as_of=None):
        """The customer invoices (and credit notes not yet matched) of the
        current company overdue on ``as_of``."""
        self.check_access("read")
        as_of = self._check_day(as_of)
        self.env.flush_all()
        rows = self.env.execute_query(SQL(
            "SELECT DISTINCT r.move_id FROM (%s) r WHERE r.due < r.day AND r.residual <> 0",
            self._residuals_sql(self.env.company, [as_of])))
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action.update({
            "name": self.env._("Overdue on %s", fields.Date.to_string(as_of)),
            "domain": [("id", "in", [row[0] for row in rows])],
            "context": {"create": False, "default_move_type": "out_invoice"},
        })
        return action

    @api.model
    def action_open_history(self):
        return self.env["ir.actions.act_window"]._for_xml_id("o2c_kpi.action_o2c_receivable_history")

    # -- the monthly history -------------------------------------------------------------
    @api.model
    def _refresh_company(self, company, today=None):
        """Replace ``company``'s rows of the last 12 month ends and of
        ``today`` (the month to date): the company's and each customer's
        with receivables or sales then. Idempotent."""
        today = today or fields.Date.context_today(self)
        dates = [*rec.month_ends(today, HISTORY_MONTHS), today]
        computed = self.sudo()._compute(company, dates, by_partner=True)
        columns = ["company_id", "currency_id", "partner_id", "date", "month_to_date",
                   *FIGURE_FIELDS.values(), *BUCKET_FIELDS.values()]
        rows = []
        for (day, partner_id), figures in computed.items():
            rows.append([company.id, company.currency_id.id, partner_id, day, not rec.is_month_end(day),
                         *(figures[key] for key in FIGURE_FIELDS),
                         *(figures["overdue_buckets"].get(key, 0.0) for key in BUCKET_FIELDS)])
        types = {"company_id": "int", "currency_id": "int", "partner_id": "int", "date": "date",
                 "month_to_date": "bool"}
        cr = self.env.cr
        cr.execute("DELETE FROM o2c_receivable_history WHERE company_id = %s AND date >= %s",
                   [company.id, dates[0].replace(day=1)])
        unnest = ", ".join(f"unnest(%s::{types.get(name, 'numeric')}[])" for name in columns)
        cr.execute(
            f"""
            INSERT INTO o2c_receivable_history ({", ".join(columns)}, user_id)
                 SELECT r.*, partner.user_id
                   FROM (SELECT {unnest}) AS r({", ".join(columns)})
              LEFT JOIN res_partner partner ON partner.id = r.partner_id
            """,
            [[row[i] for row in rows] for i in range(len(columns))])
        self.invalidate_model()
        return len(rows)

    @api.model
    def _companies_to_refresh(self, today):
        """Active companies whose history was not computed for ``today``."""
        self.env.cr.execute(
            """
            SELECT company.id FROM res_company company
             WHERE company.active AND NOT EXISTS (
                   SELECT 1 FROM o2c_receivable_history history
                    WHERE history.company_id = company.id AND history.partner_id IS NULL AND history.date = %s)
          ORDER BY company.id
            """,
            [today])
        return self.env["res.company"].browse(row[0] for row in self.env.cr.fetchall())

    @api.model
    def _cron_refresh(self):
        """Daily job: one company per call, each in its own transaction (the
        cron framework commits it and calls again while companies remain).
        A company that fails is logged and left for the next day; the others
        go on."""
        today = fields.Date.context_today(self)
        todo = self._companies_to_refresh(today)
        for index, company in enumerate(todo):
            try:
                with self.env.cr.savepoint():
                    rows = self._refresh_company(company, today)
            except Exception:  # one company must not stop the others
                _logger.exception("Receivables KPIs: the history of %s could not be computed.", company.name)
                continue
            _logger.info("Receivables KPIs: %s rows for %s.", rows, company.name)
            self.env["ir.cron"]._notify_progress(done=1, remaining=len(todo) - index - 1)
            return
        self.env["ir.cron"]._notify_progress(done=0, remaining=0)

    @api.model
    def action_refresh_now(self):
        """Recompute the history of the user's companies now."""
        user = self.env.user
        if not user.has_group("account.group_account_invoice") and not user.has_group(
                "sales_team.group_sale_salesman_all_leads"):
            raise UserError(self.env._("Only billing users and sales managers can refresh the DSO history."))
        today = fields.Date.context_today(self)
        for company in self.env.companies:
            self.sudo()._refresh_company(company, today)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": "info", "message": self.env._("The DSO history is up to date."),
                       "next": {"type": "ir.actions.client", "tag": "soft_reload"}},
        }


def _total_balances(balances):
    total = defaultdict(lambda: {"receivables": 0.0, "current": 0.0, "buckets": defaultdict(float)})
    for per_day in balances.values():
        for day, balance in per_day.items():
            total[day]["receivables"] += balance["receivables"]
            total[day]["current"] += balance["current"]
            for key, amount in balance["buckets"].items():
                total[day]["buckets"][key] += amount
    return total


def _total_sales(sales):
    total = defaultdict(lambda: {"sales": 0.0, "invoiced": 0.0, "invoiced_x_days": 0.0})
    for per_span in sales.values():
        for span, values in per_span.items():
            for key, amount in values.items():
                total[span][key] += amount
    return total


def _active(figures):
    """A customer has a row on a day when one of its amounts is not zero: it
    owed something, or was invoiced in the month or in the windows of the
    daily sales and of the CEI (so that rows add up to the company's)."""
    return any(figures[key] for key in ("receivables", "current_receivables", "sales", "daily_sales",
                                        "cei_collected", "cei_collectible")) or figures["terms_days"] is not None
