# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The 13-week cash forecast (engine/forecast.py for the arithmetic,
o2c.cash.forecast.inputs for what is read), its weekly snapshots and its
backtest.

Computed live for the client action (one call) and the dashboard's figure;
a weekly job stores a snapshot per company and ISO week (its lines are the
pivot's rows: one per document, case and date)."""

import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..engine import forecast as fc
from ..engine import lag

_logger = logging.getLogger(__name__)

GROUPS = ("account.group_account_invoice", "sales_team.group_sale_manager")
BACKTEST_DATES = 12  # reference dates of the backtest: Sundays two weeks apart
BACKTEST_HORIZONS = (1, 4, 13)
MIN_AMOUNT = 0.005


class O2cCashForecast(models.Model):
    _name = "o2c.cash.forecast"
    _description = "Cash forecast snapshot"
    _order = "date desc, id desc"
    _rec_name = "week"

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one("res.currency", related="company_id.currency_id", store=True)
    date = fields.Date(
        "Reference Date", required=True, readonly=True,
        help="What was known at the end of this day: receivables open, work delivered and orders signed by then.")
    week = fields.Char("Week", required=True, readonly=True, help="ISO week of the reference date.")
    latest = fields.Boolean("Latest", readonly=True, help="The company's most recent snapshot.")
    opening_balance = fields.Monetary(
        "Cash on the Reference Date", readonly=True,
        help="Balance of the bank and cash journals' accounts and of the outstanding receipts and payments "
        "accounts on the reference date.")
    receipts = fields.Monetary(
        "Receipts in 13 Weeks", readonly=True,
        help="Expected receipts of the 13 weeks: open receivables, delivered work not invoiced, signed backlog.")
    payments = fields.Monetary("Vendor Bills in 13 Weeks", readonly=True,
                               help="Vendor bills (less refunds) due in the 13 weeks, late ones included.")
    balance_expected = fields.Monetary("Cash in 13 Weeks", readonly=True,
                                       help="Cash on the reference date + receipts - vendor bills of the 13 weeks.")
    balance_pessimistic = fields.Monetary("Cash in 13 Weeks (Pessimistic)", readonly=True)
    balance_optimistic = fields.Monetary("Cash in 13 Weeks (Optimistic)", readonly=True)
    later = fields.Monetary("Expected Later", readonly=True,
                            help="Receipts expected after the 13 weeks (expected case).")
    not_expected = fields.Monetary(
        "Not Expected", readonly=True,
        help="Receivables later than any payment seen in 12 months, and backlog nothing schedules.")
    line_ids = fields.One2many("o2c.cash.forecast.line", "forecast_id", "Lines", readonly=True)

    _sql_constraints = [
        ("company_week_unique", "UNIQUE(company_id, week)", "One cash forecast snapshot per company and week."),
    ]

    # -- access and input --------------------------------------------------------------
    @api.model
    def _check_forecast_access(self):
        user = self.env.user
        if not self.env.su and not any(user.has_group(group) for group in GROUPS):
            raise AccessError(self.env._("Only billing users, accountants and sales managers see the cash forecast."))

    @api.model
    def _check_reference(self, reference):
        """The reference date (today when empty), never after today."""
        today = fields.Date.context_today(self)
        if not reference:
            return today
        try:
            day = fields.Date.to_date(reference)
        except (TypeError, ValueError):
            day = None
        if not day:
            raise UserError(self.env._("The cash forecast needs a date, not %s.", reference))
        if day > today:
            raise UserError(self.env._(
                "The cash forecast starts from what is known on a day: %(day)s is after today (%(today)s). "
                "Choose today or a past day.", day=day, today=today))
        return day

    @api.model
    def _dunning_installed(self):
        """o2c_dunning's predicted payment dates, when that module is there
        (o2c_kpi does not depend on it)."""
        return "o2c_predicted_payment_date" in self.env["account.move"]._fields

    # -- the forecast ------------------------------------------------------------------
    @api.model
    def _compute(self, company, reference, baseline=False):
        """The forecast of ``company`` as known on ``reference``: {"items":
        [engine Item], "opening": cash on the day, "prediction": whether
        o2c_dunning's predictions were used}. With ``baseline``, only the
        receivables, at their due dates (the backtest's naive forecast)."""
        self.env.flush_all()
        self.env["o2c.ledger"]._no_jit()  # a few large plans: compiling them would cost more than running them
        Inputs = self.env["o2c.cash.forecast.inputs"]
        use_prediction = reference == fields.Date.context_today(self) and self._dunning_installed()
        receivables = Inputs._receivables(company, reference, use_prediction)
        if baseline:
            rates = Inputs._rates(company, {row[4] for row in receivables}, reference)
            items = [fc.Item(fc.RECEIVABLES, _company_amount(row[3], row[5], row[4], rates),
                             fc.at(row[2]), row[1], "account.move", row[0])
                     for row in receivables]
            return {"items": items, "opening": 0.0, "prediction": False}
        delays, company_delays = Inputs._payment_delays(company, reference, [
            (partner, (reference - due).days, residual)
            for _move, partner, due, residual, *_rest in receivables if residual > 0])
        info, signed_values = Inputs._order_lines(company, reference)
        delivering = Inputs._in_progress(company, reference)
        facts, totals = Inputs._facts(company, reference)
        lags, company_lags = Inputs._billing_lags(company, reference, [
            (info[line_id][1], (reference - delivered_on).days, amount)
            for line_id, pieces in facts.items() if line_id in info for delivered_on, _value, amount in pieces])
        terms, company_terms = Inputs._terms(company, reference)
        milestones, tasks = Inputs._schedules(company, reference)
        payables = Inputs._payables(company, reference)
        opening = Inputs._opening_balance(company, reference)
        currencies = {row[4] for row in receivables} | {row[4] for row in payables} | {i[2] for i in info.values()}
        rates = Inputs._rates(company, currencies, reference)

        items = []
        for move, partner, due, residual, currency, residual_currency, predicted, move_due in receivables:
            amount = _company_amount(residual, residual_currency, currency, rates)
            if residual < 0:  # a credit note not matched yet: at its due date
                dates = fc.at(due)
            else:
                if predicted and move_due:  # an instalment moves with its invoice's prediction
                    predicted = predicted + (due - move_due)
                dates = fc.receivable_dates(due, reference, delays.get(partner), company_delays, predicted)
            note = "" if dates else "beyond_history"
            items.append(fc.Item(fc.RECEIVABLES, amount, dates, partner, "account.move", move, note))
        for move, partner, due, residual, currency, residual_currency in payables:
            items.append(fc.Item(fc.PAYABLES, _company_amount(residual, residual_currency, currency, rates),
                                 fc.at(due), partner, "account.move", move))

        # What is left to invoice, per line and delivery date (a line's parts
        # of one billing period share their delivery date).
        convention = company.o2c_kpi_delivery_convention
        open_period = Inputs._open_period(company, reference)
        to_invoice = defaultdict(float)
        for line_id, pieces in facts.items():
            if line_id in info:
                for delivered_on, amount, _amount_company in pieces:
                    to_invoice[(fc.UNBILLED, line_id, delivered_on, "")] += amount
        for line_id, (_order, _partner, _currency, is_timesheet, _ratio, project_end, commitment, _terms) in (
                info.items()):
            signed, in_progress = signed_values[line_id], 0.0
            fact = totals[line_id]
            if is_timesheet:
                # Delivered by the day but not yet by the delivery date
                # convention (this month's timesheets), less what was invoiced
                # ahead: delivered at the end of the period.
                in_progress = delivering.get(line_id, 0.0)
                work = in_progress - fact["in_advance"]
                if work > MIN_AMOUNT:
                    day = lag.delivery_date(reference, convention, is_timesheet)
                    to_invoice[(fc.UNBILLED, line_id, day, "in_progress")] += work
            # Signed, not delivered, less what was invoiced ahead of delivery.
            backlog = signed - fact["delivered"] - in_progress - max(fact["in_advance"] - in_progress, 0.0)
            if backlog <= MIN_AMOUNT:
                continue
            # Its pace: what it delivered in the last 13 weeks (and this period),
            # a day since it started working in them.
            since = fact["recent_from"] or (open_period if in_progress > 0 else None)
            pace = (fact["recent"] + in_progress) / ((reference - since).days + 1) if since else 0.0
            parts = fc.schedule(backlog, reference, milestones.get(line_id, ()), tasks.get(line_id, ()),
                                project_end or commitment, pace)
            for day, amount in parts:
                delivered_on = lag.delivery_date(day, convention, is_timesheet) if day else None
                to_invoice[(fc.BACKLOG, line_id, delivered_on, "" if day else "unscheduled")] += amount

        # Per order and delivery date, tax included, in the company currency.
        values = defaultdict(float)
        for (source, line_id, delivered_on, note), amount in to_invoice.items():
            order_id, partner, currency, _is_timesheet, tax_ratio, _end, _commitment, order_terms = info[line_id]
            term_days = order_terms if order_terms is not None else terms.get(partner, company_terms)
            values[(source, order_id, partner, delivered_on, note, term_days)] += amount * tax_ratio * (
                rates.get(currency, 1.0) if currency != company.currency_id.id else 1.0)
        offsets_of = {}  # when cash comes after a delivery: the same for a customer's future deliveries
        for (source, order_id, partner, delivered_on, note, term_days), value in values.items():
            if abs(value) < MIN_AMOUNT:
                continue
            dates = None  # unscheduled, or older than any billing lag seen (someone has to bill it first)
            if delivered_on:
                key = (partner, term_days, delivered_on if delivered_on <= reference else None)
                if key not in offsets_of:
                    invoiced = fc.invoice_offsets(delivered_on, reference, lags.get(partner), company_lags)
                    offsets_of[key] = invoiced and fc.cash_offsets(
                        invoiced, term_days, delays.get(partner), company_delays)
                dates = offsets_of[key] and fc.dated(delivered_on, offsets_of[key])
            items.append(fc.Item(source, value, dates, partner, "sale.order", order_id,
                                 note or ("" if dates else "beyond_history")))
        return {"items": items, "opening": opening, "prediction": use_prediction}

    @api.model
    def _forecast(self, reference=None):
        """The current company's forecast on ``reference`` (checked), read
        with the rights of the forecast (its readers see every customer)."""
        self._check_forecast_access()
        reference = self._check_reference(reference)
        company = self.env.company
        result = self.sudo().with_company(company)._compute(company, reference)
        return reference, company, result

    # -- the client action -------------------------------------------------------------
    @api.model
    def _labels(self):
        sources = dict(self.env["o2c.cash.forecast.line"]._fields["source"]._description_selection(self.env))
        cases = dict(self.env["o2c.cash.forecast.line"]._fields["scenario"]._description_selection(self.env))
        return sources, cases

    @api.model
    def _definitions(self):
        return [
            (self.env._("Open receivables"), self.env._(
                "Customer invoices open on the reference date, tax included: the due date plus the customer's days "
                "late, from the payments of the 12 months up to the reference date (the company's when the "
                "customer has fewer than 3), weighted by amount, invoices still open counted as not paid so far "
                "(Kaplan-Meier). An invoice already late can only be paid later: only the longer delays count. "
                "Expected case: the invoice is spread over the 10th, 30th, 50th, 70th and 90th percentiles of "
                "those delays, a fifth each; a share that was never paid so late is not expected. With o2c_dunning, "
                "a forecast as of today centres these dates on its predicted payment date. Credit notes not "
                "matched yet count negatively at their due date.")),
            (self.env._("Delivered, not invoiced"), self.env._(
                "Work delivered and not invoiced on the reference date (billing lag facts, by the delivery date "
                "convention; this period's timesheets at the end of the period): invoiced after the customer's "
                "billing lags longer than its age (same percentiles and history as the payments), then paid after "
                "the order's payment terms (else the customer's) and the customer's days late. Untaxed values "
                "are turned into cash with the order line's taxes.")),
            (self.env._("Signed backlog"), self.env._(
                "Signed minus delivered minus invoiced ahead, per order line: delivered at its milestones' "
                "deadlines, else by the planned hours left of its tasks up to their deadlines, else evenly up to "
                "its project's end (else the order's delivery date) but never faster than its pace of the last "
                "13 weeks when it has one, else at that pace; then invoiced and paid as delivered work. What "
                "nothing schedules is not expected.")),
            (self.env._("Vendor bills"), self.env._(
                "Vendor bills and refunds open on the reference date, at their due date (late ones in the first "
                "period).")),
            (self.env._("Cash"), self.env._(
                "Balance on the reference date of the bank and cash journals' accounts and of the outstanding "
                "receipts and payments accounts, then + receipts - vendor bills of each period.")),
            (self.env._("Cases"), self.env._(
                "Expected: each amount spread over five equally likely dates (see above). Optimistic: all of it at "
                "the 20th percentile of the customer's days late; pessimistic: at the 80th (the billing lag at its "
                "mean; vendor bills at their due date in all cases).")),
            (self.env._("Periods"), self.env._(
                "ISO weeks (Monday to Sunday) and calendar months of the days after the reference date; what is "
                "expected before is late and counts in the first period, what comes after the last one is "
                "later. Amounts in the company currency; other currencies at the reference date's rate.")),
        ]

    @api.model
    def forecast_data(self, reference=None):
        """Everything the client action shows, in one call."""
        reference, company, result = self._forecast(reference)
        sources, cases = self._labels()
        horizons = {}
        for kind in (fc.WEEK, fc.MONTH):
            buckets = fc.horizon(reference, kind)
            summary = fc.summarize(result["items"], buckets, result["opening"])
            horizons[kind] = {
                "labels": [b.label for b in buckets],
                "ranges": [[fields.Date.to_string(b.start), fields.Date.to_string(b.end)] for b in buckets],
                "cases": {case: {"sources": s["sources"], "net": s["net"], "balance": s["balance"]}
                          for case, s in summary.items()},
            }
        not_expected = defaultdict(float)
        for item in result["items"]:
            if not item.dates:
                not_expected[item.source] += item.amount
        return {
            "reference": fields.Date.to_string(reference),
            "company": company.name,
            "currency_id": company.currency_id.id,
            "opening": result["opening"],
            "prediction": result["prediction"],
            "sources": [{"key": key, "label": sources[key]} for key in fc.SOURCES],
            "cases": [{"key": key, "label": cases[key]} for key in fc.CASES],
            "horizons": horizons,
            "not_expected": dict(not_expected),
            "definitions": self._definitions(),
        }

    @api.model
    def action_open_bucket(self, reference, horizon, index, source, case=fc.EXPECTED):
        """The invoices, orders or bills behind one amount of the forecast."""
        index = int(index) if str(index).isdigit() else -1
        if source not in fc.SOURCES or case not in fc.CASES or horizon not in (fc.WEEK, fc.MONTH) or not (
                0 <= index <= len(fc.horizon(fields.Date.context_today(self), horizon)) + 1):
            raise UserError(self.env._("This figure of the cash forecast has nothing behind it."))
        reference, _company, result = self._forecast(reference)
        buckets = fc.horizon(reference, horizon)
        ids = {item.res_id for item in result["items"] if item.source == source
               and any(i == index for i, _share in item.buckets(buckets, case))}
        sources, _cases = self._labels()
        if index < len(buckets):
            period = buckets[index].label
        elif index == len(buckets):
            period = self.env._("later")
        else:
            period = self.env._("not expected")
        model, view = {fc.RECEIVABLES: ("account.move", "account.view_out_invoice_tree"),
                       fc.PAYABLES: ("account.move", "account.view_in_invoice_bill_tree")}.get(
            source, ("sale.order", "sale.view_order_tree"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("%(what)s: %(period)s", what=sources[source], period=period),
            "res_model": model,
            "views": [(self.env.ref(view).id, "list"), (False, "form")],
            "domain": [("id", "in", sorted(ids))],
            "context": {"create": False},
        }

    @api.model
    def _dashboard_card(self, as_of):
        """The KPI dashboard's figure: expected cash at the end of the 13
        weeks (None when the reader may not see the forecast)."""
        if not self.env.su and not any(self.env.user.has_group(group) for group in GROUPS):
            return None
        try:
            reference, _company, result = self._forecast(as_of)
        except UserError:
            return None
        summary = fc.summarize(result["items"], fc.weeks(reference), result["opening"])[fc.EXPECTED]
        return {"balance": summary["balance"][-1], "opening": result["opening"]}

    @api.model
    def action_open_forecast(self, reference=None):
        """The client action, on ``reference`` (today by default)."""
        action = self.env["ir.actions.actions"]._for_xml_id("o2c_kpi.action_o2c_cash_forecast")
        action["context"] = {"o2c_reference": fields.Date.to_string(self._check_reference(reference))}
        return action

    # -- snapshots ---------------------------------------------------------------------
    @api.model
    def _store(self, company, reference):
        """Store ``company``'s forecast on ``reference`` as the snapshot of its
        ISO week, replacing one made earlier that week. Returns it."""
        result = self.sudo().with_company(company)._compute(company, reference)
        buckets = fc.weeks(reference)
        summary = fc.summarize(result["items"], buckets, result["opening"])
        expected = summary[fc.EXPECTED]
        year, week, _day = reference.isocalendar()
        label = f"{year}-W{week:02d}"
        Forecast = self.sudo()
        Forecast.search([("company_id", "=", company.id), ("week", "=", label)]).unlink()
        Forecast.search([("company_id", "=", company.id), ("latest", "=", True)]).write({"latest": False})
        receipts = sum(sum(expected["sources"][s][:len(buckets)]) for s in fc.RECEIPTS)
        snapshot = Forecast.create({
            "company_id": company.id, "date": reference, "week": label, "latest": True,
            "opening_balance": result["opening"], "receipts": receipts,
            "payments": -sum(expected["sources"][fc.PAYABLES][:len(buckets)]),
            "balance_expected": expected["balance"][-1],
            "balance_pessimistic": summary[fc.PESSIMISTIC]["balance"][-1],
            "balance_optimistic": summary[fc.OPTIMISTIC]["balance"][-1],
            "later": sum(expected["sources"][s][len(buckets)] for s in fc.RECEIPTS),
            "not_expected": sum(expected["sources"][s][len(buckets) + 1] for s in fc.SOURCES),
        })
        self.env["o2c.cash.forecast.line"]._insert(snapshot, result["items"])
        return snapshot

    @api.model
    def _companies_to_snapshot(self, week_label):
        self.env.cr.execute(
            """
            SELECT company.id FROM res_company company
             WHERE company.active AND NOT EXISTS (
                   SELECT 1 FROM o2c_cash_forecast f WHERE f.company_id = company.id AND f.week = %s)
          ORDER BY company.id
            """, [week_label])
        return self.env["res.company"].browse(row[0] for row in self.env.cr.fetchall())

    @api.model
    def _cron_snapshot(self):
        """Weekly job: this week's snapshot of each company that has none yet,
        one company per call (the cron framework commits and calls again).
        A company whose forecast cannot be made (a rate missing) is logged and
        left for next week; the others go on."""
        today = fields.Date.context_today(self)
        year, week, _day = today.isocalendar()
        todo = self._companies_to_snapshot(f"{year}-W{week:02d}")
        for index, company in enumerate(todo):
            try:
                with self.env.cr.savepoint():
                    snapshot = self._store(company, today)
            except UserError as error:
                _logger.warning("Cash forecast: no snapshot for %s: %s", company.name, error)
                continue
            except Exception:  # one company must not stop the others
                _logger.exception("Cash forecast: the snapshot of %s failed.", company.name)
                continue
            _logger.info("Cash forecast: snapshot of %s, %s lines.", company.name, len(snapshot.line_ids))
            self.env["ir.cron"]._notify_progress(done=1, remaining=len(todo) - index - 1)
            return
        self.env["ir.cron"]._notify_progress(done=0, remaining=0)

    @api.model
    def action_snapshot_now(self):
        """This week's snapshot of the user's company, now."""
        self._check_forecast_access()
        self._store(self.env.company, fields.Date.context_today(self))
        return self.action_open_analysis()

    @api.model
    def action_open_analysis(self):
        return self.env["ir.actions.act_window"]._for_xml_id("o2c_kpi.action_o2c_cash_forecast_line")

    # -- accuracy ----------------------------------------------------------------------
    @api.model
    def _backtest_dates(self, last_day, count=BACKTEST_DATES, step_weeks=2, weeks=fc.WEEKS):
        """``count`` Sundays ``step_weeks`` apart, the last one ``weeks`` full
        weeks before ``last_day`` (whose receipts are all known)."""
        end = last_day - timedelta(days=7 * weeks)
        sunday = end - timedelta(days=(end.weekday() + 1) % 7)
        return [sunday - timedelta(weeks=step_weeks * back) for back in range(count - 1, -1, -1)]

    @api.model
    def _backtest(self, company, dates, weeks=fc.WEEKS):
        """The forecast and the naive baseline (receivables at their due
        dates) as known on each of ``dates``, against the receipts that came:
        {"dates": [{"date", "forecast", "baseline", "actual"} (per week)],
        "mape": {horizon: {"forecast", "baseline"}}}."""
        Forecast = self.sudo().with_company(company)
        last = max(dates) + timedelta(days=7 * weeks + 7)
        receipts = self.env["o2c.cash.forecast.inputs"].sudo()._receipts_sql(company, min(dates), last)
        by_day = dict(self.env.execute_query(SQL("SELECT r.day, SUM(r.amount) FROM %s r GROUP BY 1", receipts)))
        rows = []
        for day in dates:
            buckets = fc.weeks(day, weeks)
            forecast = fc.receipts_by_bucket(Forecast._compute(company, day)["items"], buckets)
            baseline = fc.receipts_by_bucket(Forecast._compute(company, day, baseline=True)["items"], buckets)
            actual = [sum(float(amount) for paid_on, amount in by_day.items() if b.start <= paid_on <= b.end)
                      for b in buckets]
            rows.append({"date": day, "forecast": forecast, "baseline": baseline, "actual": actual})
        mape = {
            horizon: {kind: fc.mape([(row[kind][horizon - 1], row["actual"][horizon - 1]) for row in rows])
                      for kind in ("forecast", "baseline")}
            for horizon in BACKTEST_HORIZONS if horizon <= weeks
        }
        return {"dates": rows, "mape": mape}


def _company_amount(residual, residual_currency, currency, rates):
    """A document's open amount in the company currency: at the reference
    date's rate when in another currency."""
    if currency in rates:
        return float(residual_currency) * rates[currency]
    return float(residual)
