# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The figures of the KPIs, read in SQL from the billing lag facts (and the
ledger), with the reader's access rules: one query per figure and
breakdown, whatever the data size."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.misc import format_amount

from ..engine import ageing, cash

LAG_WINDOW_DAYS = 365  # the lag shown on orders, customers and projects: value billed in the last 12 months
PERIOD_DAYS = 90  # the dashboard's lag and daily revenue: the last 90 days, against the 90 before
UNBILLED_TREND_DAYS = 30  # the dashboard compares the unbilled value with 30 days earlier
DIMENSIONS = ["month", "company_id", "partner_id", "project_id", "project_manager_id", "user_id", "team_id",
              "order_id"]


class O2cKpiFigures(models.AbstractModel):
    _name = "o2c.kpi.figures"
    _description = "Order to Cash KPI figures"

    # -- billing lag ---------------------------------------------------------------
    @api.model
    def _group_sql(self, dimension):
        if isinstance(dimension, SQL):
            return dimension
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
    def _unbilled_on_days(self, days, domain=()):
        """{day: {bucket: value}} of the unbilled value on each of ``days``,
        in one query."""
        Lag = self.env["o2c.billing.lag"]
        Lag.check_access("read")
        first, last = min(days), max(days)
        query = Lag._search([("delivered_on", "<=", last), "|", ("valid_to", "=", False), ("valid_to", ">", first),
                             "|", ("invoiced_on", "=", False), ("invoiced_on", ">", first), *domain])
        facts = query.select(*(SQL.identifier("o2c_billing_lag", name) for name in (
            "delivered_on", "invoiced_on", "valid_from", "valid_to", "amount")))
        rows = self.env.execute_query(SQL(
            f"""
            SELECT d.day, {ageing.sql_case('(d.day - f.delivered_on)')}, SUM(f.amount)
              FROM (%s) f
              JOIN unnest(%s::date[]) AS d(day)
                ON f.delivered_on <= d.day AND (f.valid_from IS NULL OR f.valid_from <= d.day)
               AND (f.valid_to IS NULL OR f.valid_to > d.day) AND (f.invoiced_on IS NULL OR f.invoiced_on > d.day)
          GROUP BY 1, 2
            """, facts, list(days)))
        result = {day: {} for day in days}
        for day, bucket, value in rows:
            result[day][bucket] = float(value or 0)
        return result

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

    # -- the dashboard -------------------------------------------------------------
    @api.model
    def _invoiced_revenue(self, periods):
        """Untaxed value invoiced (credit notes deducted, down payments
        included) from the ledger, company currency, in each of ``periods``
        ([(first day, last day)]), in one query."""
        Ledger = self.env["o2c.ledger"]
        Ledger.check_access("read")
        Ledger._no_jit()
        query = Ledger._search([("kind", "=", "invoiced"), ("company_id", "=", self.env.company.id),
                                ("date", ">=", min(p[0] for p in periods)), ("date", "<=", max(p[1] for p in periods))])
        sums = SQL(", ").join(SQL("SUM(CASE WHEN o2c_ledger.date BETWEEN %s AND %s THEN o2c_ledger.amount END)",
                                  first, last) for first, last in periods)
        row = self.env.execute_query(query.select(sums))[0]
        return [float(value or 0.0) for value in row]

    @api.model
    def _headline(self, as_of):
        """The billing figures of the dashboard for the current company:
        three queries whatever the data size."""
        company = [("company_id", "=", self.env.company.id)]
        start = as_of - timedelta(days=PERIOD_DAYS - 1)
        previous_end = start - timedelta(days=1)
        previous_start = previous_end - timedelta(days=PERIOD_DAYS - 1)
        period = SQL("CASE WHEN o2c_billing_lag.invoiced_on >= %s THEN 'now' ELSE 'before' END", start)
        lag = self._lag_stats(previous_start, as_of, period, company)
        lag_now, lag_before = lag.get("now", {}), lag.get("before", {})
        unbilled_before_day = as_of - timedelta(days=UNBILLED_TREND_DAYS)
        unbilled = self._unbilled_on_days([as_of, unbilled_before_day], company)
        revenue_now, revenue_before = self._invoiced_revenue([(start, as_of), (previous_start, previous_end)])
        revenue = cash.daily(revenue_now, PERIOD_DAYS)
        revenue_before = cash.daily(revenue_before, PERIOD_DAYS)
        return {
            "lag": lag_now.get("lag_mean"),
            "lag_previous": lag_before.get("lag_mean"),
            "lag_median": lag_now.get("lag_median"),
            "on_time_share": lag_now.get("on_time_share"),
            "unbilled": sum(unbilled[as_of].values()),
            "unbilled_previous": sum(unbilled[unbilled_before_day].values()),
            "unbilled_buckets": unbilled[as_of],
            "daily_revenue": revenue,
            "cash_tied_lag": cash.tied_up(revenue, lag_now.get("lag_mean")),
            "cash_tied_lag_previous": cash.tied_up(revenue_before, lag_before.get("lag_mean")),
        }

    @api.model
    def _receivable_labels(self):
        return {
            "dso": self.env._("DSO"), "best_dso": self.env._("Best possible DSO"),
            "add": self.env._("Average days delinquent"), "cei": self.env._("Collection effectiveness index"),
            "overdue": self.env._("Overdue receivables"), "receivables": self.env._("Receivables"),
            "cash_tied_dso": self.env._("Cash tied up by the DSO"),
        }

    @api.model
    def _receivable_figures(self, as_of):
        """DSO and overdue figures, when the receivables part is there."""
        if "o2c.receivable.history" not in self.env:
            return {}
        return self.env["o2c.receivable.history"]._dashboard_figures(as_of)

    @api.model
    def _quality_figures(self, as_of):
        """Avoidable credit notes and first-time-right invoices of the last
        PERIOD_DAYS and the PERIOD_DAYS before (o2c_pipeline's figures), for
        readers of invoices only."""
        if not self.env["o2c.credit.report"].has_access("read"):
            return None
        Move = self.env["account.move"]
        start = as_of - timedelta(days=PERIOD_DAYS - 1)
        previous_start = start - timedelta(days=PERIOD_DAYS)
        return (Move._o2c_quality_figures(start, as_of),
                Move._o2c_quality_figures(previous_start, start - timedelta(days=1)))

    @api.model
    def dashboard_data(self, as_of=None, lag_target=None, dso_target=None):
        """Everything the KPI dashboard shows, in one call."""
        today = fields.Date.context_today(self)
        as_of = fields.Date.to_date(as_of) or today
        if as_of > today:
            raise UserError(self.env._("The figures are known up to today: choose today or a past day."))
        company = self.env.company
        lag_target = company.o2c_kpi_lag_target_days if lag_target in (None, False, "") else float(lag_target)
        dso_target = company.o2c_kpi_dso_target_days if dso_target in (None, False, "") else float(dso_target)
        if lag_target < 0 or dso_target < 0:
            raise UserError(self.env._("A target is a number of days, 0 or more."))
        billing = self._headline(as_of)
        receivables = self._receivable_figures(as_of)
        currency = company.currency_id

        def money(value):
            return format_amount(self.env, value or 0.0, currency)

        def days(value):
            if value is None:
                return "-"
            rounded = f"{value:.1f}"
            return self.env._("%(days)s days", days=rounded)

        def percent(value):
            return "-" if value is None else f"{value:.1f} %"

        def card(key, label, value, previous, display, help_text, action=True):
            delta = cash.trend(value, previous)
            return {
                "key": key, "label": label, "value": value, "display": display(value),
                "previous_display": display(previous) if previous is not None else None,
                # every figure here is better lower
                "trend": None if delta is None else ("up" if delta > 0 else "down" if delta < 0 else "flat"),
                "help": help_text, "clickable": action,
            }

        definitions = receivables.get("definitions", {})
        cards = [
            card("lag", self.env._("Billing lag"), billing["lag"], billing["lag_previous"], days, self.env._(
                "Value-weighted mean of the days from delivery to invoice of what was invoiced in the last "
                "%(days)s days: sum(value x lag) / sum(value). Previous: the %(days)s days before.",
                days=PERIOD_DAYS)),
            card("unbilled", self.env._("Unbilled value"), billing["unbilled"], billing["unbilled_previous"], money,
                 self.env._("Delivered (by the delivery date convention) and not invoiced on the day, untaxed. "
                            "Previous: %(days)s days earlier.", days=UNBILLED_TREND_DAYS)),
        ]
        if receivables:
            labels = self._receivable_labels()
            cards += [
                card(key, labels[key], receivables[key], receivables.get(f"{key}_previous"), display,
                     definitions.get(key, ""))
                for key, display in (("dso", days), ("best_dso", days), ("overdue", money))
            ]
        tied = billing["cash_tied_lag"] + receivables.get("cash_tied_dso", 0.0)
        tied_before = billing["cash_tied_lag_previous"] + receivables.get("cash_tied_dso_previous", 0.0)
        cards.append(card("cash_tied", self.env._("Cash tied up"), tied, tied_before, money, self.env._(
            "Average daily invoiced revenue x billing lag (%(lag)s)%(dso)s.",
            lag=money(billing["cash_tied_lag"]),
            dso=self.env._(", plus average daily sales x days of DSO beyond the payment terms (%(dso)s)",
                           dso=money(receivables.get("cash_tied_dso", 0.0))) if receivables else "")))
        forecast = self.env["o2c.cash.forecast"]._dashboard_card(as_of)
        if forecast:
            cards.append(card(
                "cash_forecast", self.env._("Cash forecast"), forecast["balance"], None, money, self.env._(
                    "Expected cash at the end of the 13 weeks after the day: cash on the day (%(cash)s) + expected "
                    "receipts (open receivables, delivered work not invoiced, signed backlog) - vendor bills due. "
                    "Opens the cash forecast.", cash=money(forecast["opening"]))))
        quality = self._quality_figures(as_of)
        if quality:
            now, before = quality
            cards.append(card(
                "avoidable_credits", self.env._("Avoidable credit notes"), now["avoidable_share"],
                before["avoidable_share"] if before["invoiced"] else None, percent, self.env._(
                    "Credit notes for avoidable reasons (wrong rate, quantity, customer data, missing purchase "
                    "order, duplicate) in the last %(days)s days, as a share of the value invoiced: %(amount)s in "
                    "%(count)s credit notes. Invoices right the first time: %(right)s. Previous: the %(days)s "
                    "days before.", days=PERIOD_DAYS, amount=money(now["avoidable"]), count=now["avoidable_count"],
                    right=percent(now["first_time_right"]))))
        freed_lag = cash.freed(billing["daily_revenue"], billing["lag"], lag_target)
        freed_dso = cash.freed(receivables.get("daily_sales", 0.0), receivables.get("dso"), dso_target)
        return {
            "as_of": fields.Date.to_string(as_of),
            "company": company.name,
            "cards": cards,
            "what_if": {
                "lag_target": lag_target, "dso_target": dso_target, "has_dso": bool(receivables),
                "freed_lag": money(freed_lag), "freed_dso": money(freed_dso), "freed": money(freed_lag + freed_dso),
            },
            "trend": self._trend(as_of),
        }

    @api.model
    def _trend(self, as_of, months=12):
        """Monthly billing lag (by invoice month) and DSO of the last
        ``months`` months, for the chart."""
        first = (as_of.replace(day=1) - relativedelta(months=months - 1))
        stats = self._lag_stats(first, as_of, "month", [("company_id", "=", self.env.company.id)])
        labels, lags = [], []
        for index in range(months):
            month = first + relativedelta(months=index)
            labels.append(month.strftime("%Y-%m"))
            value = (stats.get(month) or {}).get("lag_mean")
            lags.append(round(value, 1) if value is not None else None)
        dso = [None] * months
        if "o2c.receivable.history" in self.env:
            by_month = {row["month"].strftime("%Y-%m"): row["dso"]
                        for row in self.env["o2c.receivable.history"]._monthly_series(as_of, months)}
            dso = [round(by_month[m], 1) if by_month.get(m) is not None else None for m in labels]
        return {"labels": labels, "lag": lags, "dso": dso}

    @api.model
    def action_open_card(self, key, as_of=None):
        """Where a dashboard figure leads."""
        as_of = fields.Date.to_date(as_of) or fields.Date.context_today(self)
        if key == "unbilled":
            return self.env["o2c.unbilled.ageing"].action_open_as_of(as_of)
        if key in ("dso", "best_dso") and "o2c.receivable.history" in self.env:
            return self.env["o2c.receivable.history"].action_open_history()
        if key == "cash_forecast":
            return self.env["o2c.cash.forecast"].action_open_forecast(as_of)
        if key == "avoidable_credits":
            action = self.env["ir.actions.act_window"]._for_xml_id("o2c_pipeline.action_o2c_credit_report")
            action["domain"] = [("date", ">=", as_of - timedelta(days=PERIOD_DAYS - 1)), ("date", "<=", as_of)]
            action["context"] = {"search_default_group_reason": 1}
            return action
        if key == "overdue" and "o2c.receivable.history" in self.env:
            return self.env["o2c.receivable.history"].action_open_overdue(as_of)
        action = self.env["ir.actions.act_window"]._for_xml_id("o2c_kpi.action_o2c_billing_lag")
        start = as_of - timedelta(days=PERIOD_DAYS - 1)
        action["domain"] = [("status", "=", "billed"), ("invoiced_on", ">=", start), ("invoiced_on", "<=", as_of),
                            ("company_id", "=", self.env.company.id)]
        action["context"] = {"search_default_group_partner": 1} if key == "cash_tied" else {}
        return action
