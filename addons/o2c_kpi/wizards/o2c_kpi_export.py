# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import ageing, xlsx
from ..engine.xlsx import DAYS, MONEY, MONTH, PERCENT, TEXT, Column, Sheet


class O2cKpiExport(models.TransientModel):
    _name = "o2c.kpi.export"
    _description = "Export the Order to Cash KPIs to XLSX"

    date_from = fields.Date(
        "Invoiced From", required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1) - relativedelta(months=11))
    date_to = fields.Date("Invoiced To", required=True, default=fields.Date.context_today)
    as_of = fields.Date("Unbilled Work As of", required=True, default=fields.Date.context_today)

    @api.constrains("date_from", "date_to", "as_of")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        for export in self:
            if export.date_from > export.date_to:
                raise ValidationError(self.env._("The period starts after it ends: swap the dates."))
            if export.as_of > today:
                raise ValidationError(self.env._("The unbilled work is known up to today: choose today or a "
                                                 "past day."))

    def _lag_sheet(self, title, dimension, header, kind=TEXT):
        figures = self.env["o2c.kpi.figures"]
        company = [("company_id", "=", self.env.company.id)]
        stats = figures._lag_stats(self.date_from, self.date_to, dimension, company)
        overall = figures._lag_stats(self.date_from, self.date_to, None, company).get(None, {})
        names = self._names(dimension, stats)
        rows = sorted(
            ([names(key), s["value"], s["lag_mean"], s["lag_median"], s["on_time_share"], s["in_advance_value"]]
             for key, s in stats.items()),
            key=lambda row: (row[0] is None or row[0] == "", row[0] if kind == MONTH else -row[1]))
        return Sheet(title, [
            Column(header, kind, width=32 if kind == TEXT else 12),
            Column(self.env._("Billed Value (untaxed)"), MONEY, "sum"),
            Column(self.env._("Mean Billing Lag (days)"), DAYS, ("weighted", 1)),
            Column(self.env._("Median Billing Lag (days)"), DAYS, overall.get("lag_median")),
            Column(self.env._("Invoiced on Time (%)"), PERCENT, ("weighted", 1)),
            Column(self.env._("Billed in Advance"), MONEY, "sum"),
        ], rows, self.env._("Total"))

    def _names(self, dimension, keys):
        if dimension == "month":
            return lambda key: key
        comodel = self.env["o2c.billing.lag"]._fields[dimension].comodel_name
        records = self.env[comodel].browse([k for k in keys if k]).exists()
        names = dict(zip(records.ids, records.mapped("display_name"), strict=True))
        none = self.env._("None")
        return lambda key: names.get(key, none) if key else none

    def _unbilled_sheet(self):
        unbilled, _oldest = self.env["o2c.kpi.figures"]._unbilled(
            self.as_of, "partner_id", [("company_id", "=", self.env.company.id)])
        names = self._names("partner_id", unbilled)
        keys = [key for key, _first, _last in ageing.UNBILLED_BUCKETS]
        rows = sorted(([names(partner), *[by_bucket.get(k, 0.0) for k in keys], sum(by_bucket.values())]
                       for partner, by_bucket in unbilled.items()), key=lambda row: -row[-1])
        return Sheet(self.env._("Unbilled by age"), [
            Column(self.env._("Customer"), TEXT, width=32),
            *[Column(self.env._("%(days)s days", days=ageing.label(k)), MONEY, "sum") for k in keys],
            Column(self.env._("Unbilled (untaxed)"), MONEY, "sum"),
        ], rows, self.env._("Total"))

    def _dso_sheet(self):
        if "o2c.receivable.history" not in self.env:
            return None
        series = self.env["o2c.receivable.history"]._monthly_series(self.date_to)
        return Sheet(self.env._("DSO"), [
            Column(self.env._("Month End"), MONTH, width=12),
            Column(self.env._("DSO (days)"), DAYS),
            Column(self.env._("Best Possible DSO (days)"), DAYS),
            Column(self.env._("Average Days Delinquent"), DAYS),
            Column(self.env._("Receivables"), MONEY),
            Column(self.env._("Overdue"), MONEY),
        ], [[r["month"], r["dso"], r["best_dso"], r["add"], r["receivables"], r["overdue"]] for r in series],
            self.env._("Total"))

    def _definitions(self):
        definitions = [
            (self.env._("Billing lag"), self.env._(
                "Days from the delivery date to the invoice date of each piece of delivered value, matched first "
                "delivered, first invoiced per order line. Mean: sum(value x lag) / sum(value); median: the lag by "
                "which half of the value was billed. Value invoiced before it was delivered counts with a lag of 0 "
                "(billed in advance).")),
            (self.env._("Delivery date"), self.env._(
                "Milestones, manual deliveries and goods: their own day. Timesheets: the end of their month, of "
                "their ISO week, or the day worked, as the company's setting says.")),
            (self.env._("Invoiced on time"), self.env._(
                "Share of the billed value invoiced at most %(days)s days after its delivery date.",
                days=self.env.company.o2c_kpi_lag_target_days)),
            (self.env._("Unbilled"), self.env._(
                "Value delivered up to the day and not invoiced by then (untaxed, company currency), by age since "
                "its delivery date.")),
            (self.env._("Cash tied up"), self.env._(
                "Average daily invoiced revenue x mean billing lag; average daily sales x days of DSO beyond the "
                "payment terms.")),
        ]
        if "o2c.receivable.history" in self.env:
            figures = self.env["o2c.receivable.history"]._dashboard_figures(self.date_to)
            labels = {**self.env["o2c.kpi.figures"]._receivable_labels(), **figures.get("labels", {})}
            definitions += [(labels.get(key, key), text) for key, text in figures.get("definitions", {}).items()]
        return definitions

    def action_export(self):
        self.ensure_one()
        sheets = [
            self._lag_sheet(self.env._("By month"), "month", self.env._("Invoice Month"), MONTH),
            self._lag_sheet(self.env._("By customer"), "partner_id", self.env._("Customer")),
            self._lag_sheet(self.env._("By project"), "project_id", self.env._("Project")),
            self._lag_sheet(self.env._("By project manager"), "project_manager_id", self.env._("Project Manager")),
            self._unbilled_sheet(),
        ]
        dso = self._dso_sheet()
        if dso:
            sheets.append(dso)
        currency = self.env.company.currency_id
        number = "#,##0.00"
        currency_format = f"{number} [${currency.symbol}]" if currency.position == "after" \
            else f"[${currency.symbol}] {number}"
        title = self.env._("Order to Cash KPIs, %(company)s, %(date_from)s - %(date_to)s",
                           company=self.env.company.name, date_from=self.date_from, date_to=self.date_to)
        content = xlsx.workbook(title, sheets, self._definitions(), self.env._("Definitions"), currency_format)
        attachment = self.env["ir.attachment"].create({
            "name": f"order_to_cash_kpis_{self.date_from}_{self.date_to}.xlsx",
            "datas": base64.b64encode(content),
            "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "res_model": self._name,
            "res_id": self.id,
        })
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }
