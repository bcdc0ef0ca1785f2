# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The delivery ledger: every event that moves a confirmed sale order line
along signed → delivered → invoiced → collected, with its date and value.

An SQL view over Odoo's own records (no copy to keep in sync), so that "as of
D" is a ``WHERE date <= D`` and any aggregation is one ``read_group``:
- signed: the line's subtotal on the order date;
- delivered: billable timesheets (by day worked), reached milestones (by
  reached date), manual delivered quantities (by change date, see
  ``o2c.manual.delivery``) and, when sale_stock is installed, done stock
  moves; value = quantity in the line's unit x net unit price;
- invoiced: posted customer invoices minus credit notes, by invoice date;
- collected: the paid part of those invoices (payments, not credit notes)
  spread over their lines, by payment date.
Down payment lines are flagged ``is_advance``: advances, not invoiced value,
until the final invoice deducts them.
"""

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..engine import report as report_engine

REPORT_DIMENSIONS = ["company_id", "team_id", "user_id", "project_manager_id", "partner_id"]

# The event's date and the periods worked out from it (_with_dimensions).
DATE_FIELDS = ("date", "week_start", "iso_week", "month_start")
BILLING_TABLE = "o2c_ledger_billing"
BILLING_KINDS = {"delivered", "invoiced"}
KINDS = [
    ("signed", "Signed"),
    ("delivered", "Delivered"),
    ("invoiced", "Invoiced"),
    ("collected", "Collected"),
]

# Columns every branch of the view returns, from sol / so / company aliases.
_DIMENSIONS = """
    sol.id AS sale_line_id,
    so.id AS order_id,
    so.company_id AS company_id,
    so.partner_id AS partner_id,
    so.user_id AS user_id,
    so.team_id AS team_id,
    so.project_id AS project_id,
    so.currency_id AS currency_id,
    company.currency_id AS company_currency_id,
    COALESCE(sol.is_downpayment, FALSE) AS is_advance
"""
_LINE_JOINS = """
    JOIN sale_order so ON so.id = sol.order_id AND so.state = 'sale'
    JOIN res_company company ON company.id = so.company_id
"""
_NET_PRICE = "(sol.price_unit * (1 - COALESCE(sol.discount, 0) / 100.0))"
# Units of a currency for one unit of the company's on a day, as Odoo's
# res.currency._get_rates reads it: the rate of the root company (else a
# shared one) on or before the day, else the earliest one, else 1.
_RATE = """
    COALESCE(
      (SELECT rate.rate FROM res_currency_rate rate
        WHERE rate.currency_id = {currency} AND rate.name <= {day}
          AND (rate.company_id = split_part(company.parent_path, '/', 1)::int OR rate.company_id IS NULL)
     ORDER BY rate.company_id NULLS LAST, rate.name DESC LIMIT 1),
      (SELECT rate.rate FROM res_currency_rate rate
        WHERE rate.currency_id = {currency}
          AND (rate.company_id = split_part(company.parent_path, '/', 1)::int OR rate.company_id IS NULL)
     ORDER BY rate.company_id NULLS LAST, rate.name LIMIT 1),
      1.0)
"""
# Company-currency value of an order-currency amount at the rate of a day.
_TO_COMPANY = """
    CASE WHEN so.currency_id = company.currency_id THEN {amount}
    ELSE {amount} / NULLIF(""" + _RATE.format(currency="so.currency_id", day="{day}") + """, 0)
    END
"""
# An invoice line's untaxed value (credit notes negative), in the order's
# currency: the document's own amount when the invoice is in the order's
# currency (no conversion, no rounding drift); else its booked value
# (company currency) converted at the invoice date's rate.
INVOICE_SIGN = "CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END"
INVOICED_IN_ORDER_CURRENCY = f"""
    CASE WHEN move.currency_id = so.currency_id THEN {INVOICE_SIGN} * aml.price_subtotal
         WHEN so.currency_id = company.currency_id THEN -aml.balance
         ELSE -aml.balance * {_RATE.format(currency="so.currency_id", day="move.invoice_date")}
    END
"""
# The same line, tax included, in the company currency (its booked untaxed
# value scaled by the line's own tax-included / untaxed ratio).
_INVOICED_TAX_INCL = "(-aml.balance * COALESCE(aml.price_total / NULLIF(aml.price_subtotal, 0), 1))"


class O2cLedger(models.Model):
    _name = "o2c.ledger"
    _description = "Order to Cash ledger"
    _auto = False
    _order = "date desc, order_id"
    _rec_name = "order_id"

    kind = fields.Selection(KINDS, readonly=True)
    date = fields.Date(readonly=True)
    sale_line_id = fields.Many2one("sale.order.line", "Order Line", readonly=True)
    order_id = fields.Many2one("sale.order", "Order", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True)
    project_id = fields.Many2one("project.project", "Project", readonly=True)
    project_manager_id = fields.Many2one("res.users", "Project Manager", readonly=True)
    currency_id = fields.Many2one("res.currency", "Order Currency", readonly=True)
    company_currency_id = fields.Many2one("res.currency", readonly=True)
    is_advance = fields.Boolean("Down Payment", readonly=True)
    quantity = fields.Float(readonly=True, digits="Product Unit of Measure")
    amount_currency = fields.Monetary(
        "Amount (order currency)", currency_field="currency_id", readonly=True,
        help="Untaxed, in the order's currency. An invoice in another currency than its order counts its "
        "booked value converted at the invoice date's rate.")
    amount = fields.Monetary(
        "Amount (untaxed)", currency_field="company_currency_id", readonly=True,
        help="Untaxed, in the company currency: deliveries at the rate of their day, invoices as booked.")
    amount_tax_incl = fields.Monetary(
        "Amount (tax incl.)", currency_field="company_currency_id", readonly=True,
        help="Invoices and payments only, tax included, in the company currency.")
    signed_amount = fields.Monetary(
        "Signed (untaxed)", currency_field="company_currency_id", readonly=True,
        help="Untaxed value of the order lines confirmed, on the order date, at the order's rate.")
    delivered_amount = fields.Monetary(
        "Delivered (untaxed)", currency_field="company_currency_id", readonly=True,
        help="Untaxed value delivered (timesheets, milestones, manual deliveries, goods) at the order "
        "line's net price, on the day of delivery.")
    invoiced_amount = fields.Monetary(
        "Invoiced (untaxed)", currency_field="company_currency_id", readonly=True,
        help="Untaxed value of posted invoices minus credit notes, on their invoice date; down payments are "
        "advances, counted when the final invoice deducts them.")
    collected_amount = fields.Monetary(
        "Collected (untaxed)", currency_field="company_currency_id", readonly=True,
        help="The untaxed share of payments: a payment is a share of its invoice's total tax included, "
        "and that share of each invoice line's untaxed value is collected on the payment date (a 600 "
        "payment on an invoice of 1 000 + 200 tax collects 500). Down payments excluded, as for Invoiced.")
    collected_tax_incl_amount = fields.Monetary(
        "Collected (tax incl.)", currency_field="company_currency_id", readonly=True,
        help="Payments received, tax included and down payments included, as the bank sees them, on the "
        "payment date; in the company currency at the invoice's booked value (exchange differences "
        "excluded).")
    advance_amount = fields.Monetary(
        "Down Payments (untaxed)", currency_field="company_currency_id", readonly=True)
    week_start = fields.Date("Week Start", readonly=True, help="Monday of the ISO week of the event.")
    iso_week = fields.Char(
        "Week", readonly=True,
        help="ISO week of the event (2026-W47: weeks start on Monday whatever the language).")
    month_start = fields.Date("Month", readonly=True)

    # -- the view ------------------------------------------------------------------
    # Each branch computes a stable id: (key of its source row) x 8 + branch
    # number, so that lists opened from the pivot show the same rows from one
    # request to the next, without numbering the whole view (a window over all
    # rows would stop PostgreSQL from pushing filters down into the branches).
    @api.model
    def _timesheets_as_of(self, day):
        """The timesheet branch of the ledger as of ``day``: one row per
        line (its total up to the day, dated on its last day worked)
        instead of one per line and day. Timesheets are by far the largest
        source: each line sums its own through the timesheets' index on
        their order line, after the filters on the orders (company,
        customer...) chose the lines, instead of grouping every timesheet
        by line and day. Company-currency values stay those of each day's
        rate."""
        hours = "line.unit_amount / uom.factor"
        return SQL(
            f"""
            SELECT ((sol.id::bigint << 16) + (aal.date - DATE '2000-01-01')) * 8 + 1 AS id,
                   {_DIMENSIONS}, 'delivered' AS kind, aal.date AS date,
                   aal.hours * sol_uom.factor AS quantity,
                   aal.hours * sol_uom.factor * {_NET_PRICE} AS amount_currency,
                   aal.hours_company * sol_uom.factor * {_NET_PRICE} AS amount,
                   NULL::numeric AS amount_tax_incl
              FROM sale_order_line sol
              {_LINE_JOINS}
              JOIN uom_uom sol_uom ON sol_uom.id = sol.product_uom
        CROSS JOIN LATERAL (
                   SELECT MAX(line.date) AS date, SUM({hours}) AS hours,
                          SUM(CASE WHEN so.currency_id = company.currency_id THEN {hours}
                                   ELSE {hours} / NULLIF({_RATE.format(currency="so.currency_id", day="line.date")}, 0)
                              END) AS hours_company
                     FROM account_analytic_line line
                     JOIN uom_uom uom ON uom.id = line.product_uom_id
                    WHERE line.so_line = sol.id AND line.project_id IS NOT NULL AND line.date <= %s
                   ) aal
             WHERE sol.qty_delivered_method = 'timesheet' AND aal.date IS NOT NULL
            """, day)

    @api.model
    def _delivery_branches(self):
        """One SELECT per way a line gets delivered. Extensions (another
        delivery source) add theirs here. The first is the timesheets' (see
        _timesheets_as_of)."""
        days = "({day} - DATE '2000-01-01')"
        branches = [
            # Timesheets, in the line's unit, by the day worked: summed per
            # line and day first, the biggest table stays a single scan.
            f"""
            SELECT ((sol.id::bigint << 16) + {days.format(day="aal.date")}) * 8 + 1 AS id,
                   {_DIMENSIONS}, 'delivered' AS kind, aal.date AS date,
                   aal.hours * sol_uom.factor AS quantity,
                   aal.hours * sol_uom.factor * {_NET_PRICE} AS amount_currency,
                   {_TO_COMPANY.format(amount=f"aal.hours * sol_uom.factor * {_NET_PRICE}", day="aal.date")}
                       AS amount
              FROM (SELECT line.so_line, line.date, SUM(line.unit_amount / uom.factor) AS hours
                      FROM account_analytic_line line
                      JOIN uom_uom uom ON uom.id = line.product_uom_id
                     WHERE line.project_id IS NOT NULL AND line.so_line IS NOT NULL
                  GROUP BY line.so_line, line.date) aal
              JOIN sale_order_line sol ON sol.id = aal.so_line AND sol.qty_delivered_method = 'timesheet'
              {_LINE_JOINS}
              JOIN uom_uom sol_uom ON sol_uom.id = sol.product_uom
            """,
            # Milestones, by reached date.
            f"""
            SELECT ms.id::bigint * 8 + 2, {_DIMENSIONS}, 'delivered', ms.reached_date,
                   ms.quantity_percentage * sol.product_uom_qty,
                   ms.quantity_percentage * sol.product_uom_qty * {_NET_PRICE},
                   {_TO_COMPANY.format(amount=f"ms.quantity_percentage * sol.product_uom_qty * {_NET_PRICE}",
                                       day="ms.reached_date")}
              FROM project_milestone ms
              JOIN sale_order_line sol ON sol.id = ms.sale_line_id AND sol.qty_delivered_method = 'milestones'
              {_LINE_JOINS}
             WHERE ms.is_reached AND ms.reached_date IS NOT NULL
            """,
            # Manual quantities, by the date of each change.
            f"""
            SELECT ((sol.id::bigint << 16) + {days.format(day="md.date")}) * 8 + 3,
                   {_DIMENSIONS}, 'delivered', md.date, md.quantity, md.quantity * {_NET_PRICE},
                   {_TO_COMPANY.format(amount=f"md.quantity * {_NET_PRICE}", day="md.date")}
              FROM (SELECT sale_line_id, date, SUM(quantity) AS quantity
                      FROM o2c_manual_delivery GROUP BY sale_line_id, date) md
              JOIN sale_order_line sol ON sol.id = md.sale_line_id AND sol.qty_delivered_method = 'manual'
              {_LINE_JOINS}
            """,
        ]
        if self._stock_moves_available():
            branches.append(f"""
            SELECT ((sol.id::bigint << 16) + {days.format(day="sm.date")}) * 8 + 4,
                   {_DIMENSIONS}, 'delivered', sm.date, sm.quantity * sol_uom.factor,
                   sm.quantity * sol_uom.factor * {_NET_PRICE},
                   {_TO_COMPANY.format(amount=f"sm.quantity * sol_uom.factor * {_NET_PRICE}", day="sm.date")}
              FROM (SELECT move.sale_line_id, move.date::date AS date,
                           SUM(CASE WHEN dest.usage = 'customer' THEN 1 ELSE -1 END
                               * move.product_uom_qty / uom.factor) AS quantity
                      FROM stock_move move
                      JOIN stock_location dest ON dest.id = move.location_dest_id
                      JOIN stock_location src ON src.id = move.location_id
                      JOIN uom_uom uom ON uom.id = move.product_uom
                     WHERE move.state = 'done' AND move.sale_line_id IS NOT NULL
                       AND (dest.usage = 'customer') <> (src.usage = 'customer')
                  GROUP BY move.sale_line_id, move.date::date) sm
              JOIN sale_order_line sol ON sol.id = sm.sale_line_id AND sol.qty_delivered_method = 'stock_move'
              {_LINE_JOINS}
              JOIN uom_uom sol_uom ON sol_uom.id = sol.product_uom
            """)
        return branches

    @api.model
    def _stock_moves_available(self):
        return "stock.move" in self.env and "sale_line_id" in self.env["stock.move"]._fields

    @api.model
    def _billing_view_query(self, as_of=None):
        """Deliveries and invoices: what the billing lag matches. A view of
        its own, so that its readers do not make PostgreSQL plan the
        signed and collected branches too. With ``as_of`` (a date), the
        query of what happened up to that day, timesheets totalled per line
        (see _timesheets_as_of): an SQL object instead of the view's text."""
        invoice_line_key = "((aml.id::bigint << 20) + (sol.id & 1048575))"
        deliveries = self._delivery_branches()
        branches = [
            # Deliveries carry no tax.
            *(f"SELECT delivery.*, NULL::numeric AS amount_tax_incl FROM ({branch}) delivery"
              for branch in (deliveries[1:] if as_of else deliveries)),
            f"""
            SELECT {invoice_line_key} * 8 + 5, {_DIMENSIONS}, 'invoiced', move.invoice_date,
                   {INVOICE_SIGN} * aml.quantity, {INVOICED_IN_ORDER_CURRENCY}, -aml.balance, {_INVOICED_TAX_INCL}
              FROM sale_order_line_invoice_rel rel
              JOIN account_move_line aml ON aml.id = rel.invoice_line_id
              JOIN account_move move ON move.id = aml.move_id
                   AND move.state = 'posted' AND move.move_type IN ('out_invoice', 'out_refund')
              JOIN sale_order_line sol ON sol.id = rel.order_line_id
              {_LINE_JOINS}
            """,
        ]
        if as_of:
            return SQL("\nUNION ALL\n").join([self._timesheets_as_of(as_of), *map(SQL, branches)])
        return "\nUNION ALL\n".join(branches)

    @api.model
    def _view_query(self, as_of=None):
        branches = [
            f"""
            SELECT sol.id::bigint * 8 AS id, {_DIMENSIONS}, 'signed' AS kind, so.date_order::date AS date,
                   sol.product_uom_qty AS quantity, sol.price_subtotal AS amount_currency,
                   sol.price_subtotal / COALESCE(NULLIF(so.currency_rate, 0), 1.0) AS amount,
                   NULL::numeric AS amount_tax_incl
              FROM sale_order_line sol
              {_LINE_JOINS}
             WHERE sol.display_type IS NULL AND NOT COALESCE(sol.is_downpayment, FALSE)
            """,
            "SELECT * FROM o2c_ledger_billing_event",  # replaced with as_of
            # The paid part of each invoice by day: reconciliations of its
            # receivable lines with anything but another invoice or credit
            # note, as a share of the invoice total in the invoice's own
            # currency, applied to the invoiced value of each line. A fully
            # paid invoice is fully collected in every currency: exchange
            # differences (entries reconciled in company currency only) add
            # nothing to that share, and they are not revenue.
            f"""
            SELECT ((aml.id::bigint << 16) + (paid.date - DATE '2000-01-01')) * 8 + 6,
                   {_DIMENSIONS}, 'collected', paid.date, NULL::float8,
                   {INVOICED_IN_ORDER_CURRENCY} * paid.share,
                   -aml.balance * paid.share,
                   {_INVOICED_TAX_INCL} * paid.share
              FROM (
                    SELECT inv_line.move_id, part.max_date AS date,
                           SUM(CASE WHEN part.debit_move_id = inv_line.id
                                    THEN part.debit_amount_currency ELSE part.credit_amount_currency END)
                               / NULLIF(ABS(MIN(inv.amount_total)), 0) AS share
                      FROM account_partial_reconcile part
                      JOIN account_move_line inv_line
                           ON inv_line.id = part.debit_move_id OR inv_line.id = part.credit_move_id
                      JOIN account_move inv ON inv.id = inv_line.move_id
                           AND inv.state = 'posted' AND inv.move_type IN ('out_invoice', 'out_refund')
                      JOIN account_account acc ON acc.id = inv_line.account_id AND acc.account_type = 'asset_receivable'
                      JOIN account_move_line other_line ON other_line.id = CASE
                           WHEN part.debit_move_id = inv_line.id THEN part.credit_move_id ELSE part.debit_move_id END
                      JOIN account_move other ON other.id = other_line.move_id
                           AND other.move_type NOT IN ('out_invoice', 'out_refund')
                  GROUP BY inv_line.move_id, part.max_date
                   ) paid
              JOIN account_move move ON move.id = paid.move_id
              JOIN account_move_line aml ON aml.move_id = move.id
              JOIN sale_order_line_invoice_rel rel ON rel.invoice_line_id = aml.id
              JOIN sale_order_line sol ON sol.id = rel.order_line_id
              {_LINE_JOINS}
            """,
        ]
        if as_of:
            return SQL("\nUNION ALL\n").join(
                [SQL(branches[0]), self._billing_view_query(as_of), SQL(branches[2])])
        return "\nUNION ALL\n".join(branches)

    @api.model
    def _with_dimensions(self, events):
        """What the model's views add to the events (an SQL table or
        subquery): the project manager, the periods, an amount per kind."""
        return SQL(
            """
            SELECT ev.*,
                   pm.user_id AS project_manager_id,
                   date_trunc('week', ev.date)::date AS week_start,
                   to_char(ev.date, 'IYYY-"W"IW') AS iso_week,
                   date_trunc('month', ev.date)::date AS month_start,
                   CASE WHEN ev.kind = 'signed' THEN ev.amount ELSE 0 END AS signed_amount,
                   CASE WHEN ev.kind = 'delivered' THEN ev.amount ELSE 0 END AS delivered_amount,
                   CASE WHEN ev.kind = 'invoiced' AND NOT ev.is_advance THEN ev.amount ELSE 0 END
                       AS invoiced_amount,
                   CASE WHEN ev.kind = 'collected' AND NOT ev.is_advance THEN ev.amount ELSE 0 END
                       AS collected_amount,
                   CASE WHEN ev.kind = 'invoiced' AND ev.is_advance THEN ev.amount ELSE 0 END
                       AS advance_amount,
                   CASE WHEN ev.kind = 'collected' THEN ev.amount_tax_incl ELSE 0 END
                       AS collected_tax_incl_amount
              FROM %s ev
         LEFT JOIN project_project pm ON pm.id = ev.project_id
            """, events)

    def init(self):
        # The events, whose WHERE clauses PostgreSQL pushes down into each
        # branch, and this model's view, which adds what reports group on;
        # the same over deliveries and invoices alone (see _table_sql).
        tools.drop_view_if_exists(self.env.cr, self._table)
        tools.drop_view_if_exists(self.env.cr, BILLING_TABLE)
        tools.drop_view_if_exists(self.env.cr, "o2c_ledger_event")
        tools.drop_view_if_exists(self.env.cr, "o2c_ledger_billing_event")
        self.env.cr.execute(f"CREATE VIEW o2c_ledger_billing_event AS ({self._billing_view_query()})")
        self.env.cr.execute(f"CREATE VIEW o2c_ledger_event AS ({self._view_query()})")
        for table, events in ((self._table, "o2c_ledger_event"), (BILLING_TABLE, "o2c_ledger_billing_event")):
            self.env.cr.execute(SQL("CREATE VIEW %s AS (%s)", SQL.identifier(table),
                                    self._with_dimensions(SQL.identifier(events))))

    @property
    def _table_sql(self):
        """With ``o2c_ledger_billing_only`` in the context, the model reads
        the view of deliveries and invoices alone: same columns, but
        PostgreSQL neither plans nor prunes the signed and collected
        branches (amounts_as_of with ``kinds``). With ``o2c_ledger_as_of``
        (a date), it reads the events up to that day with the timesheets
        totalled per line (amounts_as_of): right for totals as of the day,
        not for anything grouped or filtered by date."""
        billing_only = self.env.context.get("o2c_ledger_billing_only")
        as_of = self.env.context.get("o2c_ledger_as_of")
        if as_of:
            as_of = fields.Date.to_date(as_of)
            events = self._billing_view_query(as_of) if billing_only else self._view_query(as_of)
            return SQL("(%s)", self._with_dimensions(SQL("(%s)", events)))
        if billing_only:
            return SQL.identifier(BILLING_TABLE)
        return super()._table_sql

    def _register_hook(self):
        super()._register_hook()
        # sale_stock installed after this module (or removed, its table
        # dropping the view with it): rebuild the view with(out) stock moves.
        self.env.cr.execute("SELECT definition FROM pg_views WHERE viewname = 'o2c_ledger_billing_event'")
        row = self.env.cr.fetchone()
        if row is None or ("stock_move" in row[0]) != self._stock_moves_available():
            self.init()

    @api.model
    def _no_jit(self):
        """The view is one large plan: PostgreSQL's JIT would spend seconds
        compiling it for a query that runs in a fraction of that."""
        self.env.cr.execute("SET LOCAL jit = off")

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None):
        self._no_jit()
        return super()._read_group(domain, groupby, aggregates, having, offset, limit, order)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        self._no_jit()
        return super()._search(domain, offset, limit, order, **kwargs)

    # -- reading it ------------------------------------------------------------------
    @api.model
    def amounts_as_of(self, day, domain=None, groupby="sale_line_id", kinds=None):
        """Cumulated amounts per ``groupby`` value on ``day`` (included), in
        one query whatever the number of lines::

            {record: {"signed": (order currency, company currency), "delivered": ...,
                      "invoiced": ..., "collected": ..., "advance_invoiced": ...,
                      "advance_collected": ...}}

        ``kinds``: only these kinds of events. Deliveries and invoices alone
        (a cut-off, the billing lag) read their own, smaller view.
        """
        # Totals up to the day: the timesheets can be summed per line at
        # once, unless the caller groups or filters on dates.
        dated = groupby.split(":")[0] in DATE_FIELDS or any(
            isinstance(leaf, (list, tuple)) and leaf[0].split(".")[0] in DATE_FIELDS for leaf in domain or [])
        ledger = self if dated else self.with_context(o2c_ledger_as_of=fields.Date.to_date(day))
        domain = [("date", "<=", day), *(domain or [])]
        if kinds:
            domain.append(("kind", "in", list(kinds)))
            if set(kinds) <= BILLING_KINDS:
                ledger = ledger.with_context(o2c_ledger_billing_only=True)
        groups = ledger._read_group(domain, [groupby, "kind", "is_advance"], ["amount_currency:sum", "amount:sum"])
        result = {}
        for value, kind, is_advance, amount_currency, amount in groups:
            # records without the view's context
            record = value.with_env(self.env) if isinstance(value, models.BaseModel) else value
            key = f"advance_{kind}" if is_advance else kind
            totals = result.setdefault(record, {})
            previous = totals.get(key, (0.0, 0.0))
            totals[key] = (previous[0] + amount_currency, previous[1] + amount)
        return result

    @api.model
    def _report_rows(self, date_from, date_to, period="week", dimension="company_id", domain=None):
        """Signed, delivered, invoiced and collected value (untaxed), and
        collected tax included, in the company currency, per ISO week (or
        month) and ``dimension``, in one query."""
        if dimension not in REPORT_DIMENSIONS:
            raise UserError(self.env._("The report cannot be grouped by %(dimension)s.", dimension=dimension))
        if period not in ("week", "month"):
            raise UserError(self.env._("The report period is a week or a month."))
        if date_from and date_to and date_from > date_to:
            raise UserError(self.env._("The report starts after it ends: swap the dates."))
        # ISO weeks whatever the user's language (read_group's date:week
        # follows the locale's first day of the week).
        period_field = f"{period}_start:day"
        groups = self._read_group(
            [("date", ">=", date_from), ("date", "<=", date_to), *(domain or [])],
            [period_field, dimension],
            ["signed_amount:sum", "delivered_amount:sum", "invoiced_amount:sum", "collected_amount:sum",
             "collected_tax_incl_amount:sum"],
            order=f"{period_field}, {dimension}",
        )
        rows = []
        for start, record, signed, delivered, invoiced, collected, collected_tax_incl in groups:
            rows.append({
                "start": start,
                "period": report_engine.period_label(start, period),
                "name": record.display_name if record else self.env._("None"),
                "signed": signed, "delivered": delivered, "invoiced": invoiced, "collected": collected,
                "collected_tax_incl": collected_tax_incl,
            })
        return rows
