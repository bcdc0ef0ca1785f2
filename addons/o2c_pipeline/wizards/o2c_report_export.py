# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
from datetime import timedelta

from odoo import fields, models

from ..engine import report as report_engine


class O2cReportExport(models.TransientModel):
    _name = "o2c.report.export"
    _description = "Export the Order to Cash report to XLSX"

    def _default_date_from(self):
        return report_engine.week_start(fields.Date.context_today(self)) - timedelta(weeks=12)

    date_from = fields.Date("From", required=True, default=lambda self: self._default_date_from())
    date_to = fields.Date("To", required=True, default=fields.Date.context_today)
    period = fields.Selection([("week", "Week"), ("month", "Month")], required=True, default="week")
    dimension = fields.Selection(
        [("company_id", "Company"), ("team_id", "Sales Team"), ("user_id", "Salesperson"),
         ("project_manager_id", "Project Manager"), ("partner_id", "Customer")],
        "Per", required=True, default="company_id")

    def action_export(self):
        self.ensure_one()
        rows = self.env["o2c.ledger"]._report_rows(self.date_from, self.date_to, self.period, self.dimension)
        labels = dict(self._fields["dimension"]._description_selection(self.env))
        period_label = dict(self._fields["period"]._description_selection(self.env))[self.period]
        headers = [self.env._("Start"), period_label, labels[self.dimension], self.env._("Signed (untaxed)"),
                   self.env._("Delivered (untaxed)"), self.env._("Invoiced (untaxed)"),
                   self.env._("Collected (untaxed)"), self.env._("Collected (tax incl.)")]
        currency = self.env.company.currency_id
        number = "#,##0.00"
        currency_format = f"{number} [${currency.symbol}]" if currency.position == "after" \
            else f"[${currency.symbol}] {number}"
        title = self.env._("Order to Cash %(date_from)s - %(date_to)s", date_from=self.date_from,
                           date_to=self.date_to)
        content = report_engine.xlsx_bytes(title, headers, rows, currency_format)
        attachment = self.env["ir.attachment"].create({
            "name": f"order_to_cash_{self.date_from}_{self.date_to}.xlsx",
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
