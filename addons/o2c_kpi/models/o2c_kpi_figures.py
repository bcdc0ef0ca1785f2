# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The figures of the KPIs, read in SQL from the billing lag facts (and the
ledger), with the reader's access rules: one query per figure and
breakdown, whatever the data size."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..engine import ageing

LAG_WINDOW_DAYS = 365  # the lag shown on orders, customers and projects: value billed in the last 12 months
DIMENSIONS = ["month", "company_id", "partner_id", "project_id", "project_manager_id", "user_id", "team_id",
              "order_id"]


class O2cKpiFigures(models.AbstractModel):
    _name = "o2c.kpi.figures"
    _description = "Order to Cash KPI figures"

    # -- billing lag ---------------------------------------------------------------
    @api.model
    def _group_sql(self, dimension):
        if dimension == "month":
            return SQL("date_trunc('month', o2c_billing_lag.invoiced_on)::date")
        if dimension in DIMENSIONS:
            return SQL.identifier("o2c_billing_lag", dimension)
        if dimension is None:
            return SQL("NULL::int")
        raise ValueError(f"unknown dimension {dimension}")

    @api.model
    def _lag_stats(self, date_from, date_to, dimension=None, domain=()):
        """Billed value and its lag per ``dimension`` value, for what was
        invoiced from ``date_from`` to ``date_to``::

            {key: {"value", "lag_mean", "lag_median", "on_time_share", "in_advance_value"}}

        ``lag_mean`` and ``lag_median`` are value-weighted (days); shares in %.
        """
        Lag = self.env["o2c.billing.lag"]
        Lag.check_access("read")
        query = Lag._search([("status", "=", "billed"), ("invoiced_on", ">=", date_from),
                             ("invoiced_on", "<=", date_to), *domain])
        facts = query.select(
            SQL("%s AS g", self._group_sql(dimension)), SQL("o2c_billing_lag.billing_lag_days AS lag"),
            SQL("o2c_billing_lag.amount AS v"), SQL("o2c_billing_lag.within_target_rate AS t"),
            SQL("o2c_billing_lag.billed_in_advance AS adv"))
        rows = self.env.execute_query(SQL(
            """
            WITH f AS (%s),
            by_lag AS (SELECT g, lag, SUM(v) AS v FROM f GROUP BY g, lag),
            cum AS (SELECT g, lag, SUM(v) OVER (PARTITION BY g ORDER BY lag) AS c,
                           SUM(v) OVER (PARTITION BY g) AS total FROM by_lag),
            med AS (SELECT g, MIN(lag) AS median FROM cum WHERE c >= total / 2 GROUP BY g),
            agg AS (SELECT g, SUM(v) AS v, SUM(v * lag) / NULLIF(SUM(v), 0) AS mean,
                           SUM(v * t) / NULLIF(SUM(v), 0) AS on_time,
                           SUM(CASE WHEN adv THEN v ELSE 0 END) AS adv
                      FROM f GROUP BY g)
            SELECT agg.g, agg.v, agg.mean, med.median, agg.on_time, agg.adv
              FROM agg LEFT JOIN med ON med.g IS NOT DISTINCT FROM agg.g
            """, facts))
        return {
            g: {"value": float(v or 0), "lag_mean": float(mean) if mean is not None else None,
                "lag_median": median, "on_time_share": float(on_time) if on_time is not None else None,
                "in_advance_value": float(adv or 0)}
            for g, v, mean, median, on_time, adv in rows
        }

    # -- unbilled work -------------------------------------------------------------
    @api.model
    def _unbilled_domain(self, day):
        """Facts delivered by ``day``, not invoiced by then, and true that day."""
        return [("delivered_on", "<=", day), "|", ("valid_from", "=", False), ("valid_from", "<=", day),
                "|", ("valid_to", "=", False), ("valid_to", ">", day),
                "|", ("invoiced_on", "=", False), ("invoiced_on", ">", day)]

    @api.model
    def _unbilled(self, day, dimension=None, domain=()):
        """Delivered, not invoiced value on ``day`` per ``dimension`` value
        and age bucket: ``{key: {bucket: value}}`` and the oldest delivery
        date per key."""
        Lag = self.env["o2c.billing.lag"]
        Lag.check_access("read")
        query = Lag._search([*self._unbilled_domain(day), *domain])
        facts = query.select(SQL("%s AS g", self._group_sql(dimension)),
                             SQL("(%s - o2c_billing_lag.delivered_on) AS age", day),
                             SQL("o2c_billing_lag.amount AS v"), SQL("o2c_billing_lag.delivered_on AS d"))
        rows = self.env.execute_query(SQL(
            f"SELECT g, {ageing.sql_case('age')}, SUM(v), MIN(d) FROM (%s) f GROUP BY 1, 2", facts))
        result, oldest = {}, {}
        for g, bucket, value, first in rows:
            result.setdefault(g, {})[bucket] = float(value or 0)
            oldest[g] = min(oldest.get(g, first), first)
        return result, oldest

    @api.model
    def _lag_and_unbilled(self, records, field):
        """For forms: {id: (lag of the last 12 months, unbilled today,
        oldest unbilled delivery)} of ``records`` (orders, customers,
        projects), by the facts' ``field``."""
        if not records.ids or not self.env["o2c.billing.lag"].has_access("read"):
            return {}
        today = fields.Date.context_today(self)
        domain = [(field, "in", records.ids)]
        stats = self._lag_stats(today - timedelta(days=LAG_WINDOW_DAYS), today, field, domain)
        unbilled, oldest = self._unbilled(today, field, domain)
        return {
            record_id: ((stats.get(record_id) or {}).get("lag_mean") or 0.0,
                        sum(unbilled.get(record_id, {}).values()), oldest.get(record_id, False))
            for record_id in records.ids
        }
