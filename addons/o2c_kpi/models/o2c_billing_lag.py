# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The billing lag facts: per sale order line, pieces of delivered value
with the invoice that billed them (engine/lag.py), stored so that every
report is an SQL read.

They are computed from o2c_pipeline's delivery ledger only. Orders whose
ledger events change are queued (``o2c.kpi.refresh.queue``) by the
pipeline's own refresh; a cron (or *Refresh Now*) replaces the facts of the
queued orders, batch by batch, each batch in one transaction.
"""

import logging
import traceback
from collections import defaultdict
from datetime import date
from operator import itemgetter
from typing import NamedTuple

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..engine import lag

_logger = logging.getLogger(__name__)

REFRESH_LOCK = 0x02C0D1  # pg_try_advisory_xact_lock key: one refresh at a time
BATCH_ORDERS = 500  # orders per transaction
STATUSES = [
    ("billed", "Billed"),
    ("unbilled", "Delivered, Not Invoiced"),
    ("in_advance", "Invoiced, Not Delivered"),
    ("ended", "Ended by a Correction"),
]
# The values of a piece written by the refresh, in the order of its rows
# (the line's and its order's columns are read from them in SQL).
VALUES = [
    ("delivered_on", "date"), ("first_event_on", "date"), ("last_event_on", "date"), ("invoiced_on", "date"),
    ("valid_from", "date"), ("valid_to", "date"), ("amount", "numeric"), ("amount_currency", "numeric"),
    ("billing_lag_days", "int"), ("billed_in_advance", "bool"), ("within_target_rate", "float8"),
    ("status", "varchar"),
]
VALUE_NAMES = [name for name, _type in VALUES]
# where the engine's piece of a row is among its values
_piece_values = itemgetter(*[VALUE_NAMES.index(name) for name in (
    "amount_currency", "amount", "delivered_on", "invoiced_on", "first_event_on", "last_event_on", "valid_from")])


class Checkpoint(NamedTuple):
    """Where the matching of an order line stands (o2c.billing.lag.checkpoint)."""

    ledger_to: object  # the last day of its delivered or invoiced events matched
    delivered_to: object  # the last delivery date (by the convention) matched
    invoiced_to: object  # the last invoice date matched
    credit_excess: float  # credited beyond what was invoiced, waiting for an invoice
    delivered_last: float  # the ledger's delivered value of the last day, order currency
    delivered_last_company: float
    invoiced_last: float  # the ledger's invoiced value of the last day
    invoiced_last_company: float




class Line(NamedTuple):
    """What the refresh needs of an order line (_line_info)."""

    id: int
    order_id: int
    is_timesheet: bool
    is_downpayment: bool
    convention: str  # the company's delivery date convention
    target: int  # the company's target lag, in days
    rounding: float  # of the order currency
    subtotal: float  # its signed value, untaxed, order currency


# The project of an order line (sol) of an order (so): its own, its task's,
# else its order's.
LINE_PROJECT = "COALESCE(sol.project_id, (SELECT project_id FROM project_task WHERE id = sol.task_id), so.project_id)"
CHECKPOINT_TYPES = ["date", "date", "date", "float8", "float8", "float8", "float8", "float8"]


def _pg_array(values):
    """An array literal of plain values (ids, dates, numbers, booleans,
    simple words) for ``%s::type[]``: one parameter instead of one adapted
    per value (the refresh writes thousands)."""
    # str() of a bool (True) and of a float (1e-07) are valid PostgreSQL input
    return "{" + ",".join(["NULL" if value is None else str(value) for value in values]) + "}"


def _latest(*days):
    """The latest of the days given, None if none."""
    return max((day for day in days if day), default=None)


class O2cBillingLag(models.Model):
    _name = "o2c.billing.lag"
    _description = "Billing lag: delivered value and the invoice that billed it"
    _order = "delivered_on desc, id desc"
    _rec_name = "order_id"
    _log_access = False

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    order_id = fields.Many2one("sale.order", "Order", required=True, readonly=True, index=True, ondelete="cascade")
    sale_line_id = fields.Many2one("sale.order.line", "Order Line", readonly=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(
        "res.partner", "Customer", related="order_id.partner_id.commercial_partner_id", store=True, index=True)
    user_id = fields.Many2one("res.users", "Salesperson", related="order_id.user_id", store=True)
    team_id = fields.Many2one("crm.team", "Sales Team", related="order_id.team_id", store=True)
    project_id = fields.Many2one("project.project", "Project", readonly=True, index="btree_not_null")
    project_manager_id = fields.Many2one("res.users", "Project Manager", related="project_id.user_id", store=True)
    # Not stored: the refresh writes rows by the thousand, each stored link
    # is one more check per row.
    currency_id = fields.Many2one("res.currency", "Order Currency", related="order_id.currency_id")
    company_currency_id = fields.Many2one("res.currency", "Company Currency", related="company_id.currency_id")
    delivered_on = fields.Date(
        "Delivery Date", readonly=True,
        help="When the value counts as delivered, by the company's convention: the end of the month (or ISO "
        "week) of timesheet work, or the day worked; the own day of milestones, manual deliveries and goods.")
    first_event_on = fields.Date("First Delivery Event", readonly=True)
    last_event_on = fields.Date("Last Delivery Event", readonly=True)
    invoiced_on = fields.Date("Invoice Date", readonly=True)
    valid_from = fields.Date(
        "Valid From", readonly=True,
        help="Set when a credit note or a delivery taken back put this value back in the queue on that day.")
    valid_to = fields.Date(
        "Ended On", readonly=True, help="The day a credit note or a delivery taken back ended this piece.")
    amount = fields.Monetary(
        "Value", currency_field="company_currency_id", readonly=True,
        help="Untaxed, in the company currency, at the rate of the delivery's day.")
    amount_currency = fields.Monetary("Value (order currency)", currency_field="currency_id", readonly=True)
    billing_lag_days = fields.Integer(
        "Billing Lag (days)", readonly=True, aggregator="avg",
        help="Days from the delivery date to the invoice date, 0 when billed in advance. Totals are "
        "value-weighted: sum(value x lag) / sum(value) of the billed value.")
    billed_in_advance = fields.Boolean(
        "Billed in Advance", readonly=True, help="Invoiced before it was delivered: prepaid, down payment, "
        "invoiced ahead. Its lag is 0.")
    within_target_rate = fields.Float(
        "Invoiced on Time (%)", readonly=True, aggregator="avg", digits=(16, 1),
        help="Share of the billed value invoiced at most the company's target days after its delivery date "
        "(value-weighted).")
    status = fields.Selection(STATUSES, readonly=True)

    def init(self):
        # Room on each page for the refresh's updates to stay on it (HOT
        # updates: no index to touch when the matching of a line continues).
        self.env.cr.execute("ALTER TABLE o2c_billing_lag SET (fillfactor = 80)")

    # -- value-weighted averages in pivots, lists and read_group ---------------------
    @api.model
    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec in ("billing_lag_days:avg", "within_target_rate:avg"):
            fname = aggregate_spec.split(":")[0]
            value = self._field_to_sql(self._table, fname, query)
            weight = self._field_to_sql(self._table, "amount", query)
            return SQL("SUM(%s * %s) / NULLIF(SUM(CASE WHEN %s IS NOT NULL THEN %s END), 0)",
                       value, weight, value, weight)
        return super()._read_group_select(aggregate_spec, query)

    # -- the queue -------------------------------------------------------------------
    @api.model
    def _enqueue_orders(self, dirty):
        """Queue orders: ``dirty`` is {order id: since} (see the pipeline's
        sale.order._o2c_mark_dirty): None recomputes the order's facts
        whole, a date recomputes what came from then on, ``date.max`` means
        nothing delivered or invoiced moved. An order queued again keeps the
        earliest. An order that changes again is tried again at once, even
        if it failed."""
        if not dirty:
            return
        if not isinstance(dirty, dict):
            dirty = dict.fromkeys(dirty)
        orders = [order_id for order_id, since in dirty.items() if since != date.max]
        if not orders:
            return
        self.env.cr.execute(
            """
            INSERT INTO o2c_kpi_refresh_queue (order_id, since, match_all, version)
                 SELECT unnest(%s::int[]), unnest(%s::date[]), unnest(%s::bool[]), 1
            ON CONFLICT (order_id) DO UPDATE
                SET match_all = o2c_kpi_refresh_queue.match_all OR EXCLUDED.match_all,
                    since = LEAST(o2c_kpi_refresh_queue.since, EXCLUDED.since),
                    version = COALESCE(o2c_kpi_refresh_queue.version, 0) + 1,
                    error = NULL, failed_at = NULL
            """,
            [orders, [dirty[o] for o in orders], [dirty[o] is None for o in orders]])

    @api.model
    def _enqueue_companies(self, companies):
        """Every order of ``companies`` that has or may have facts."""
        self.env.cr.execute(
            """
            INSERT INTO o2c_kpi_refresh_queue (order_id, match_all, version)
                 SELECT id, TRUE, 1 FROM sale_order WHERE state = 'sale' AND company_id = ANY(%(companies)s)
                  UNION SELECT order_id, TRUE, 1 FROM o2c_billing_lag WHERE company_id = ANY(%(companies)s)
            ON CONFLICT (order_id) DO UPDATE
                SET match_all = TRUE, version = COALESCE(o2c_kpi_refresh_queue.version, 0) + 1
            """,
            {"companies": companies.ids},
        )
        self._trigger_refresh()

    @api.model
    def _trigger_refresh(self):
        cron = self.env.ref("o2c_kpi.ir_cron_o2c_kpi_refresh", raise_if_not_found=False)
        if cron:
            cron.sudo()._trigger()

    @api.model
    def _update_within_target(self, companies):
        self.env.flush_all()
        self.env.cr.execute(
            """
            UPDATE o2c_billing_lag fact
               SET within_target_rate = CASE WHEN fact.billing_lag_days <= company.o2c_kpi_lag_target_days
                                             THEN 100.0 ELSE 0.0 END
              FROM res_company company
             WHERE company.id = fact.company_id AND fact.status = 'billed' AND company.id = ANY(%s)
            """,
            [companies.ids],
        )
        self.invalidate_model(["within_target_rate"])

    # -- the refresh -----------------------------------------------------------------
    @api.model
    def _try_lock(self):
        self.env.cr.execute("SELECT pg_try_advisory_xact_lock(%s)", [REFRESH_LOCK])
        return self.env.cr.fetchone()[0]

    @api.model
    def _queued(self, limit=None, retry_failed=True, exclude=()):
        """Queued orders; those whose refresh failed in the last half hour
        wait for the next run unless ``retry_failed``."""
        return list(self._queue_entries(limit, retry_failed, exclude))

    @api.model
    def _queue_entries(self, limit=None, retry_failed=True, exclude=()):
        """{queued order: (the day from which its events changed, None to
        match all its events again; the version of its entry)} (see
        ``_queued``)."""
        self.env.cr.execute(
            """
            SELECT order_id, CASE WHEN match_all THEN NULL ELSE since END, version FROM o2c_kpi_refresh_queue
             WHERE (%(retry)s OR failed_at IS NULL OR failed_at < NOW() AT TIME ZONE 'UTC' - INTERVAL '30 minutes')
               AND order_id <> ALL(%(exclude)s)
          ORDER BY order_id LIMIT %(limit)s
            """,
            {"retry": retry_failed, "exclude": list(exclude), "limit": limit})
        return {order_id: (since, version) for order_id, since, version in self.env.cr.fetchall()}

    @api.model
    def _queue_size(self, retry_failed=True):
        return len(self._queued(retry_failed=retry_failed))

    @api.model
    def _refresh_queued(self, batch_size=BATCH_ORDERS, max_batches=None, retry_failed=True):
        """Replace the facts of the queued orders, ``batch_size`` orders per
        batch, each batch in a savepoint. When a batch fails, its orders are
        done one by one: an order that cannot be refreshed keeps its previous
        facts and its place in the queue with the error, and is tried again
        by a later run; the others are refreshed. Returns the number of
        orders refreshed."""
        done, batches, failed = 0, 0, set()
        while max_batches is None or batches < max_batches:
            queued = self._queue_entries(batch_size, retry_failed, exclude=failed)
            if not queued:
                break
            order_ids = list(queued)
            batches += 1
            try:
                with self.env.cr.savepoint():
                    self._refresh_orders(order_ids, queued)
                done += len(order_ids)
                if len(order_ids) < batch_size:
                    break  # the queue is empty
                continue
            except Exception:  # noqa: BLE001 - any error of one order must not stop the others
                if len(order_ids) == 1:
                    self._record_failure(order_ids[0])
                    failed.add(order_ids[0])
                    continue
            for order_id in order_ids:
                try:
                    with self.env.cr.savepoint():
                        self._refresh_orders([order_id], queued)
                    done += 1
                except Exception:  # noqa: BLE001
                    self._record_failure(order_id)
                    failed.add(order_id)
        return done

    @api.model
    def _record_failure(self, order_id):
        error = traceback.format_exc(limit=5)
        _logger.exception("Billing lag facts: order %s could not be refreshed; it will be tried again.", order_id)
        self.env.cr.execute(
            "UPDATE o2c_kpi_refresh_queue SET error = %s, failed_at = NOW() AT TIME ZONE 'UTC' WHERE order_id = %s",
            [error, order_id])

    @api.model
    def _refresh_orders(self, order_ids, queued):
        """Replace the facts of these orders from their ledger events and
        take them off the queue: a handful of queries whatever their size.
        An order whose only news are deliveries and invoices dated from the
        last day already matched on continues from its open pieces (the new
        events only); any other change matches all its events again.
        ``queued``: their entries in the queue (``_queue_entries``); only
        these versions are taken off it (an order queued again meanwhile, by
        a transaction that committed after the events were read, stays)."""
        self.env.flush_all()
        cr = self.env.cr
        versions = [queued[order_id][1] for order_id in order_ids]
        queued = {order_id: queued[order_id][0] for order_id in order_ids}
        lines, checkpoints = self._line_info(order_ids)
        lines_of = defaultdict(list)
        for line_id, line in lines.items():
            lines_of[line.order_id].append(line_id)
        # Continue where the lines stand when nothing before their last
        # matched day moved.
        incremental = {
            order_id for order_id, since in queued.items()
            if since and lines_of[order_id] and all(
                line_id in checkpoints and (checkpoints[line_id].ledger_to is None
                                            or checkpoints[line_id].ledger_to <= since)
                for line_id in lines_of[order_id])
        }
        rows, states, resumed, reused = [], {}, set(), ([], [])
        if incremental:
            rows, states, resumed, reused = self._resume(incremental, queued, lines, lines_of, checkpoints)
        full = [order_id for order_id in order_ids if order_id not in resumed]
        # The writes, sent together: one round trip to the database.
        writes = []
        if full:
            full_rows, full_states = self._match_all(full, lines, lines_of)
            rows += full_rows
            states.update(full_states)
            writes += [SQL("DELETE FROM o2c_billing_lag WHERE order_id = ANY(%s)", full),
                       SQL("DELETE FROM o2c_billing_lag_checkpoint WHERE order_id = ANY(%s)", full)]
        updates, dropped = reused
        if dropped:
            writes.append(SQL("DELETE FROM o2c_billing_lag WHERE id = ANY(%s)", dropped))
        if updates:
            # the open pieces of continued lines take their new values in place
            # (cheaper than new rows: their keys stay, nothing is checked again)
            writes.append(SQL(
                f"""
                UPDATE o2c_billing_lag fact SET {", ".join(f"{name} = new.{name}" for name in VALUE_NAMES)}
                  FROM (SELECT unnest(%s::int[]) AS id,
                               {", ".join(f"unnest(%s::{t}[]) AS {name}" for name, t in VALUES)}) new
                 WHERE new.id = fact.id
                """,
                _pg_array(fact_id for fact_id, _values in updates),
                *(_pg_array(values[i] for _id, values in updates) for i in range(len(VALUES)))))
        if rows:
            # the order's dimensions (customer, salesperson, team, project and
            # its manager) are read here, for the new rows only
            writes.append(SQL(
                f"""
                INSERT INTO o2c_billing_lag (company_id, order_id, sale_line_id, partner_id, user_id, team_id,
                                             project_id, project_manager_id, {", ".join(VALUE_NAMES)})
                     SELECT so.company_id, so.id, sol.id,
                            (SELECT commercial_partner_id FROM res_partner WHERE id = so.partner_id),
                            so.user_id, so.team_id, line.project_id,
                            (SELECT user_id FROM project_project WHERE id = line.project_id),
                            {", ".join(f"new.{name}" for name in VALUE_NAMES)}
                       FROM (SELECT unnest(%s::int[]) AS sale_line_id,
                                    {", ".join(f"unnest(%s::{t}[]) AS {name}" for name, t in VALUES)}) new
                       JOIN sale_order_line sol ON sol.id = new.sale_line_id
                       JOIN sale_order so ON so.id = sol.order_id
                 CROSS JOIN LATERAL (SELECT {LINE_PROJECT} AS project_id) line
                """,
                _pg_array(line_id for line_id, _values in rows),
                *(_pg_array(values[i] for _id, values in rows) for i in range(len(VALUES)))))
        if states:
            kept = {line_id: point for line_id, point in checkpoints.items() if lines[line_id].order_id in resumed}
            writes += self._checkpoint_writes(states, lines, kept)
        writes.append(SQL(
            """
            DELETE FROM o2c_kpi_refresh_queue queue
                  USING unnest(%s::int[], %s::int[]) AS done(order_id, version)
                  WHERE queue.order_id = done.order_id AND queue.version IS NOT DISTINCT FROM done.version
            """, _pg_array(order_ids), _pg_array(versions)))
        cr.execute(SQL(";").join(writes))
        self.invalidate_model()
        self.env["o2c.billing.lag.checkpoint"].invalidate_model()

    @api.model
    def _checkpoint_writes(self, states, lines, previous):
        """The statements that move the checkpoints of these lines: UPDATE
        those that exist, INSERT the others."""
        writes = []
        for lines_ids, query in (
            ([i for i in states if i in previous], f"""
                UPDATE o2c_billing_lag_checkpoint point
                   SET {", ".join(f"{name} = new.{name}" for name in Checkpoint._fields)}
                  FROM (SELECT unnest(%s::int[]) AS sale_line_id, unnest(%s::int[]) AS order_id,
                               {", ".join(f"unnest(%s::{t}[]) AS {n}" for n, t in zip(
                                   Checkpoint._fields, CHECKPOINT_TYPES, strict=True))}) new
                 WHERE new.sale_line_id = point.sale_line_id
                """),
            ([i for i in states if i not in previous], f"""
                INSERT INTO o2c_billing_lag_checkpoint (sale_line_id, order_id, {", ".join(Checkpoint._fields)})
                     SELECT unnest(%s::int[]), unnest(%s::int[]),
                            {", ".join(f"unnest(%s::{t}[])" for t in CHECKPOINT_TYPES)}
                """),
        ):
            if lines_ids:
                writes.append(SQL(
                    query, _pg_array(lines_ids), _pg_array(lines[i].order_id for i in lines_ids),
                    *(_pg_array(states[i][k] for i in lines_ids) for k in range(len(CHECKPOINT_TYPES)))))
        return writes

    @api.model
    def _line_info(self, order_ids):
        """What the refresh needs of each line of the orders: how it is
        delivered, the company's convention and target, the rounding of its
        currency; and where its matching stands (its checkpoint), in the
        same query. (The order's dimensions are read by the INSERT of new
        rows: the rows of continued lines keep theirs.)

        Returns ({line: Line}, {line: Checkpoint})."""
        self.env.cr.execute(
            f"""
            SELECT sol.id, so.id, sol.qty_delivered_method = 'timesheet', COALESCE(sol.is_downpayment, FALSE),
                   company.o2c_kpi_delivery_convention, company.o2c_kpi_lag_target_days,
                   COALESCE(cur.rounding, 0.01), sol.price_subtotal,
                   point.sale_line_id, {", ".join(f"point.{name}" for name in Checkpoint._fields)}
              FROM sale_order so
              JOIN res_company company ON company.id = so.company_id
              JOIN res_currency cur ON cur.id = so.currency_id
              JOIN sale_order_line sol ON sol.order_id = so.id
         LEFT JOIN o2c_billing_lag_checkpoint point ON point.sale_line_id = sol.id
             WHERE so.id = ANY(%s) AND so.state = 'sale' AND sol.display_type IS NULL
            """,
            [order_ids],
        )
        lines, checkpoints = {}, {}
        width = len(Line._fields)
        for row in self.env.cr.fetchall():
            lines[row[0]] = Line._make(row[:width])
            if row[width] is not None:
                checkpoints[row[0]] = Checkpoint._make(row[width + 1:])
        return lines, checkpoints

    @api.model
    def _events(self, order_ids, lines, since=None, checkpoints=None):
        """The ledger's delivered and invoiced events of the orders, per
        line, ready for the engine. With ``since`` ({order: day}), only what
        is new from that day on: the events dated from then, less what the
        lines' ``checkpoints`` already matched on their last day.

        Returns ({line: [(delivered_on, amount, company, first, last)]},
        {line: [(day, amount, company)]}, {line: (last ledger day, {kind:
        totals of that day})})."""
        # the signed value shares out down payments: only orders that have some need it
        # (jit off as o2c.ledger._no_jit does, in the same round trip)
        self.env.cr.execute(
            """
            SET LOCAL jit = off;
            SELECT ev.sale_line_id, ev.order_id, ev.kind, ev.date, SUM(ev.amount_currency), SUM(ev.amount)
              FROM o2c_ledger_billing_event ev
             WHERE ev.order_id = ANY(%(orders)s) AND (%(from)s::date IS NULL OR ev.date >= %(from)s)
          GROUP BY ev.sale_line_id, ev.order_id, ev.kind, ev.date
            """,
            {"orders": list(order_ids), "from": min(since.values()) if since else None},
        )
        raw = defaultdict(dict)  # (line, kind): {day: [amount, company]}, one row each
        for line_id, order_id, kind, day, amount, amount_company in self.env.cr.fetchall():
            if line_id in lines and day is not None and (not since or day >= since[order_id]):
                raw[(line_id, kind)][day] = [amount or 0.0, amount_company or 0.0]
        # Where each line will stand: its last day and that day's totals.
        ledger = {}
        for (line_id, kind), by_day in raw.items():
            last = max(by_day)
            current = ledger.get(line_id)
            if current is None or last > current[0]:
                current = (last, {})
            if last == current[0]:
                current[1][kind] = tuple(by_day[last])
            ledger[line_id] = current
        if since:
            # what the last matched day already counted is not new (when that
            # day was read again)
            for line_id, point in (checkpoints or {}).items():
                order_id = lines[line_id].order_id if line_id in lines else None
                if point.ledger_to and order_id in since and since[order_id] <= point.ledger_to:
                    for kind, amount, company in (("delivered", point.delivered_last, point.delivered_last_company),
                                                  ("invoiced", point.invoiced_last, point.invoiced_last_company)):
                        if amount or company:
                            slot = raw[(line_id, kind)].setdefault(point.ledger_to, [0.0, 0.0])
                            slot[0] -= amount or 0.0
                            slot[1] -= company or 0.0
        deliveries = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0, None, None]))
        invoices = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0]))
        advances = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0]))  # per order: down payments by day
        delivery_dates = {}  # (day, convention, timesheet?): delivery date
        for (line_id, kind), by_day in raw.items():
            line = lines[line_id]
            for day, (amount, amount_company) in by_day.items():
                if kind == "delivered":
                    key = (day, line.convention, line.is_timesheet)
                    delivered_on = delivery_dates.get(key)
                    if delivered_on is None:
                        delivered_on = delivery_dates[key] = lag.delivery_date(*key)
                    slot = deliveries[line_id][delivered_on]
                    slot[2] = min(slot[2] or day, day)
                    slot[3] = max(slot[3] or day, day)
                else:
                    slot = (advances[line.order_id] if line.is_downpayment else invoices[line_id])[day]
                slot[0] += amount
                slot[1] += amount_company
        # Down payments (and the final invoice deducting them) bill the
        # order's lines in proportion to their signed value (the ledger's
        # signed event of a line is its untaxed subtotal).
        signed = {line_id: float(line.subtotal or 0.0) for line_id, line in lines.items()
                  if not line.is_downpayment and line.order_id in advances}
        signed_by_order = defaultdict(float)
        for line_id, amount in signed.items():
            signed_by_order[lines[line_id].order_id] += amount
        for line_id, amount in signed.items():
            order_id = lines[line_id].order_id
            if order_id not in advances or not signed_by_order[order_id]:
                continue
            share = amount / signed_by_order[order_id]
            for day, (dp_amount, dp_company) in advances[order_id].items():
                slot = invoices[line_id][day]
                slot[0] += dp_amount * share
                slot[1] += dp_company * share
        deliveries = {line_id: [(day, *values) for day, values in sorted(by_day.items())]
                      for line_id, by_day in deliveries.items()}
        invoices = {line_id: [(day, *values) for day, values in sorted(by_day.items())]
                    for line_id, by_day in invoices.items()}
        return deliveries, invoices, ledger

    @api.model
    def _match_all(self, order_ids, lines, lines_of):
        """Facts and checkpoints of these orders from all their events."""
        deliveries, invoices, ledger = self._events(order_ids, lines)
        rows, states = [], {}
        for order_id in order_ids:
            for line_id in lines_of.get(order_id, ()):
                line = lines[line_id]
                matcher = lag.Matcher(float(line.rounding) / 2).feed(deliveries.get(line_id, []),
                                                                invoices.get(line_id, []))
                rows += [(line_id, values) for values in self._rows(line, matcher.pieces())]
                states[line_id] = self._checkpoint(None, ledger.get(line_id), deliveries.get(line_id, []),
                                                   invoices.get(line_id, []), matcher.credit_excess)
        return rows, states

    @api.model
    def _resume(self, order_ids, queued, lines, lines_of, checkpoints):
        """Facts of the new events of these orders, continued from their
        lines' open pieces. Returns (rows, checkpoints, orders done); an
        order whose news cannot continue the matching is left out (matched
        again whole by the caller)."""
        since = {order_id: queued[order_id] for order_id in order_ids}
        deliveries, invoices, ledger = self._events(order_ids, lines, since, checkpoints)
        resumable = {
            order_id for order_id in order_ids
            if all(lag.can_resume(checkpoints[line_id].delivered_to, checkpoints[line_id].invoiced_to,
                                  deliveries.get(line_id, []), invoices.get(line_id, []),
                                  checkpoints[line_id].credit_excess or 0.0, float(lines[line_id].rounding) / 2)
                   for line_id in lines_of[order_id])
        }
        changed = [line_id for order_id in resumable for line_id in lines_of[order_id] if line_id in ledger]
        # the open pieces, with what a continued matching may change of them
        self.env.cr.execute(
            f"""
            SELECT id, sale_line_id, {", ".join(VALUE_NAMES)}
              FROM o2c_billing_lag
             WHERE sale_line_id = ANY(%s) AND valid_to IS NULL AND status IN ('unbilled', 'in_advance')
          ORDER BY id
            """, [changed])
        open_pieces, open_rows = defaultdict(list), defaultdict(dict)
        for fact_id, line_id, *values in self.env.cr.fetchall():
            values = tuple(values)
            open_pieces[line_id].append(lag.Piece(*_piece_values(values)))
            open_rows[line_id][fact_id] = values
        rows, states, updates, dropped = [], {}, [], []
        for line_id in changed:
            line, point = lines[line_id], checkpoints[line_id]
            matcher = lag.Matcher(float(line.rounding) / 2, open_pieces.get(line_id, ()), point.credit_excess or 0.0)
            matcher.feed(deliveries.get(line_id, []), invoices.get(line_id, []))
            # Open rows that stay as they are are left alone; the others take
            # the new pieces' values; what is left is inserted or deleted.
            old_rows = open_rows.get(line_id, {})
            unchanged = {}
            for fact_id, values in old_rows.items():
                unchanged.setdefault(values, []).append(fact_id)
            fresh = []
            for values in self._rows(line, matcher.pieces()):
                same = unchanged.get(values)
                if same:
                    old_rows.pop(same.pop())
                else:
                    fresh.append(values)
            ids = list(old_rows)
            updates += list(zip(ids, fresh, strict=False))
            rows += [(line_id, values) for values in fresh[len(ids):]]
            dropped += ids[len(fresh):]
            states[line_id] = self._checkpoint(point, ledger[line_id], deliveries.get(line_id, []),
                                               invoices.get(line_id, []), matcher.credit_excess)
        return rows, states, resumable, (updates, dropped)

    @api.model
    def _checkpoint(self, previous, ledger, deliveries, invoices, credit_excess):
        """Where a line stands after a refresh: the ``previous`` checkpoint
        (or None) moved on by the events read (``ledger``: their last day and
        that day's totals; ``deliveries`` and ``invoices`` as matched, in
        date order)."""
        last_day, totals = ledger if ledger else (None, {})
        if previous and previous.ledger_to and (last_day is None or previous.ledger_to > last_day):
            last_day, totals = previous.ledger_to, {
                "delivered": (previous.delivered_last, previous.delivered_last_company),
                "invoiced": (previous.invoiced_last, previous.invoiced_last_company)}
        delivered = totals.get("delivered", (0.0, 0.0))
        invoiced = totals.get("invoiced", (0.0, 0.0))
        return Checkpoint(
            last_day, _latest(previous and previous.delivered_to, deliveries[-1][0] if deliveries else None),
            _latest(previous and previous.invoiced_to, invoices[-1][0] if invoices else None), credit_excess,
            delivered[0], delivered[1], invoiced[0], invoiced[1])

    @api.model
    def _rows(self, line, pieces):
        """The VALUES of the pieces of a line."""
        target = line.target
        rows = []
        # the piece's status, lag and "in advance" (lag.Piece), worked out
        # here from its values: the refresh writes them by the thousand
        for amount, amount_company, delivered_on, invoiced_on, first, last, valid_from, valid_to in pieces:
            lag_days = within = None
            if valid_to:
                status = "ended"
            elif delivered_on is None:
                status = "in_advance"
            elif invoiced_on is None:
                status = "unbilled"
            else:
                status = "billed"
                lag_days = max((invoiced_on - delivered_on).days, 0)
                within = 100.0 if lag_days <= target else 0.0
            rows.append((
                delivered_on, first, last, invoiced_on, valid_from, valid_to, round(amount_company, 6),
                round(amount, 6), lag_days,
                invoiced_on is not None and delivered_on is not None and invoiced_on < delivered_on, within, status,
            ))
        return rows

    # -- entry points ----------------------------------------------------------------
    @api.model
    def _cron_refresh(self, batch_size=BATCH_ORDERS):
        """Scheduled job: one batch per call; the cron framework commits it
        and calls again while orders remain queued."""
        if not self._try_lock():
            _logger.info("Billing lag facts: another refresh is running; trying again in 10 minutes.")
            cron = self.env.ref("o2c_kpi.ir_cron_o2c_kpi_refresh", raise_if_not_found=False)
            if cron:
                cron._trigger(fields.Datetime.add(fields.Datetime.now(), minutes=10))
            return
        done = self._refresh_queued(batch_size, max_batches=1, retry_failed=False)
        remaining = self._queue_size(retry_failed=False)
        _logger.info("Billing lag facts: %s orders refreshed, %s remaining.", done, remaining)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    @api.model
    def action_refresh_now(self):
        """Refresh the facts of the queued orders now (the daily job does it
        otherwise)."""
        if not self.env.user.has_group("account.group_account_invoice") and not self.env.user.has_group(
                "sales_team.group_sale_salesman_all_leads"):
            raise UserError(self.env._("Only billing users and sales managers can refresh the billing lag."))
        if not self.sudo()._try_lock():
            raise UserError(self.env._("The billing lag is being refreshed right now. Try again in a minute."))
        done = self.sudo()._refresh_queued()
        return self._notification(self.env._("%s orders refreshed.", done) if done
                                  else self.env._("The billing lag was already up to date."))

    @api.model
    def action_rebuild(self):
        """Managers: recompute every fact of the user's companies."""
        if not (self.env.user.has_group("account.group_account_manager")
                or self.env.user.has_group("sales_team.group_sale_manager")):
            raise UserError(self.env._("Only accounting and sales managers can rebuild the billing lag."))
        self.sudo()._enqueue_companies(self.env.companies)
        return self._notification(self.env._(
            "The billing lag of %(count)s orders will be rebuilt in the background in a few minutes.",
            count=self.sudo()._queue_size()))

    @api.model
    def _rebuild_all(self, batch_size=BATCH_ORDERS):
        """Every fact of every company, now (benchmarks, install)."""
        self._enqueue_companies(self.env["res.company"].sudo().search([]))
        return self._refresh_queued(batch_size)

    def _notification(self, message):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": "info", "message": message,
                       "next": {"type": "ir.actions.client", "tag": "soft_reload"}},
        }
