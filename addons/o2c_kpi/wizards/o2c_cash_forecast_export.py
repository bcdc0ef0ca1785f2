# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine import forecast as fc
from ..engine import xlsx
from ..engine.xlsx import DATE, MONEY, TEXT, Column, Sheet


class O2cCashForecastExport(models.TransientModel):
    _name = "o2c.cash.forecast.export"
    _description = "Export the cash forecast to XLSX"

    reference = fields.Date(
        "Reference Date", required=True, default=fields.Date.context_today,
        help="The forecast starts from what is known at the end of this day.")

    @api.constrains("reference")
    def _check_reference(self):
        for export in self:
            if export.reference > fields.Date.context_today(self):
                raise ValidationError(self.env._("The cash forecast starts from what is known: choose today or a "
                                                 "past day."))

    def _sheet(self, title, header, horizon, data):
        """One sheet per horizon: a row per period, the sources in columns,
        then the net flow and the cash at the end of the period in the three
        cases; then what comes later and what is not expected."""
        part = data["horizons"][horizon]
        cases = part["cases"]
        expected = cases[fc.EXPECTED]["sources"]
        labels = {source["key"]: source["label"] for source in data["sources"]}
        count = len(part["labels"])
        rows = [[label, fields.Date.to_date(start), fields.Date.to_date(end),
                 *[expected[source][i] for source in fc.SOURCES], cases[fc.EXPECTED]["net"][i],
                 *[cases[case]["balance"][i] for case in (fc.EXPECTED, fc.PESSIMISTIC, fc.OPTIMISTIC)]]
                for i, (label, (start, end)) in enumerate(zip(part["labels"], part["ranges"], strict=True))]
        for index, label in ((count, self.env._("Later")), (count + 1, self.env._("Not expected"))):
            rows.append([label, None, None, *[expected[source][index] for source in fc.SOURCES],
                         cases[fc.EXPECTED]["net"][index], None, None, None])
        return Sheet(title, [
            Column(header, TEXT, width=14),
            Column(self.env._("From"), DATE, width=12),
            Column(self.env._("To"), DATE, width=12),
            *[Column(labels[source], MONEY, "sum") for source in fc.SOURCES],
            Column(self.env._("Net Cash Flow"), MONEY, "sum"),
            Column(self.env._("Cash at the End (Expected)"), MONEY),
            Column(self.env._("Cash at the End (Pessimistic)"), MONEY),
            Column(self.env._("Cash at the End (Optimistic)"), MONEY),
        ], rows, self.env._("Total"))

    def _content(self):
        self.ensure_one()
        data = self.env["o2c.cash.forecast"].forecast_data(self.reference)
        sheets = [self._sheet(self.env._("Weekly"), self.env._("ISO Week"), fc.WEEK, data),
                  self._sheet(self.env._("Monthly"), self.env._("Month"), fc.MONTH, data)]
        company = self.env.company
        currency = company.currency_id
        number = "#,##0.00"
        currency_format = f"{number} [${currency.symbol}]" if currency.position == "after" \
            else f"[${currency.symbol}] {number}"
        title = self.env._("Cash forecast, %(company)s, as of %(day)s (cash on that day: %(cash)s)",
                           company=company.name, day=self.reference, cash=round(data["opening"], 2))
        return xlsx.workbook(title, sheets, data["definitions"], self.env._("Definitions"), currency_format)

    def action_export(self):
        self.ensure_one()
        attachment = self.env["ir.attachment"].create({
            "name": f"cash_forecast_{self.reference}.xlsx",
            "datas": base64.b64encode(self._content()),
            "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "res_model": self._name,
            "res_id": self.id,
        })
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }

    @api.model
    def action_export_as_of(self, reference=None):
        """From the client action: the workbook of its reference date."""
        return self.create({"reference": reference or fields.Date.context_today(self)}).action_export()
